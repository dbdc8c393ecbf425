"""The funder workbook, built sheet by sheet. The entry point is `coimpact.workbook.build`."""
