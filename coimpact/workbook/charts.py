"""Native Excel charts for the sheets: a small table of figures written on the sheet, and a
bar chart anchored beside it that reads those cells (so the chart and the figures cannot
disagree, and a reader without charts still has the numbers)."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from coimpact.workbook.sheet import SheetWriter

CM_PER_ROW = 0.53  # a default 15-point row, to keep a chart clear of the next block
CHART_POINTS = 11  # axis and value labels: the applications' 10 pt prints under 9 pt at 85 %


def _text(points: float = CHART_POINTS) -> RichText:
    size = CharacterProperties(sz=int(points * 100))
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)])


def bar_chart(title: str) -> BarChart:
    chart = BarChart()
    chart.type = "bar"  # horizontal: indicator refs read along the left
    chart.style = 10
    chart.title = title
    chart.width = 18
    # openpyxl 3.1 writes axes as deleted unless told otherwise, and Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    # Values only: LibreOffice otherwise adds the series and category names to each label.
    chart.dataLabels = DataLabelList(
        showVal=True, showSerName=False, showCatName=False, showLegendKey=False, showPercent=False
    )
    chart.dataLabels.txPr = _text()
    chart.x_axis.txPr = _text()
    chart.y_axis.txPr = _text()
    if chart.legend is not None:
        chart.legend.txPr = _text()
    return chart


def chart_block(
    sheet: SheetWriter, title: str, headings: list[str], rows: list[list], chart: BarChart
) -> None:
    """A small table of figures, then a chart beside it that reads those cells; printed, the
    block starts a new page, so that a chart is not cut in two by a page's end."""
    sheet.blank()
    sheet.blank()
    sheet.ws.row_breaks.append(Break(id=sheet.row_count))
    sheet.line((title, "subtitle"))
    header_row = sheet.row_count + 1
    sheet.header(headings)
    for ref, *values in rows:
        sheet.line((ref, "text"), *values)
    last_row = sheet.row_count
    data = Reference(
        sheet.ws, min_col=2, max_col=len(headings), min_row=header_row, max_row=last_row
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet.ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    chart.height = max(7.5, 0.9 * len(rows) * (len(headings) - 1) + 3)
    anchor = get_column_letter(max(4, len(headings) + 1))  # beside the figures, not on them
    sheet.ws.add_chart(chart, f"{anchor}{header_row}")
    # Keep the next block below the chart, not under it.
    for _ in range(max(0, int(chart.height / CM_PER_ROW) - len(rows))):
        sheet.blank()


def period_chart(title: str, number_format: str, top: float | None = None) -> BarChart:
    """A bar chart of figures by reporting period: one series per period, earliest first."""
    chart = bar_chart(title)
    chart.dataLabels.numFmt = number_format
    chart.y_axis.numFmt = number_format
    if top is not None:
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = top
    return chart
