"""The read side: indicator results, the dashboard's figures, showable quotes, counts, how a
"you said, we did" page reads, and the rules they share (`rules.py`: not spam, the kinds of
quote, which quotes may be shown; `quote_permission.py`). Nothing here writes, and nothing here
imports a view or a service; the dashboard, the feedback pages and the workbook read through it."""
