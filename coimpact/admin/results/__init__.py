"""Results in the admin: the dashboard, indicator reviews and the workbook export."""
