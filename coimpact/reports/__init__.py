"""The read side: indicator results, the dashboard's figures, showable quotes and counts.
Nothing here writes; the dashboard, the feedback pages and the workbook all read through it."""
