"""Documents people read on paper: the PDF report for funders, the easy-read report for
participants and the printable paper forms. Each is an HTML template rendered to PDF by
WeasyPrint (`printed/pdf.py`); the figures come from the read side (`coimpact/reports/`), under
the same quote-permission and small-number rules as the workbook."""
