"""The four section sheets (Achievements, Benefits, Impact, Evaluation & feedback) and the
Indicators sheet with its native Excel charts."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList

from coimpact.models import Indicator, MeasureKind, Outcome, Section
from coimpact.reports.breakdowns import FEWER_THAN
from coimpact.workbook.data import SECTION_ORDER, ProjectData
from coimpact.workbook.layout import SECTION_SHEETS
from coimpact.workbook.sheet import SheetWriter, Styles

SECTION_OF_SHEET = dict(zip(SECTION_SHEETS, SECTION_ORDER, strict=True))
CM_PER_ROW = 0.53  # a default 15-point row, to keep a chart clear of the next block


def _review_fields(data: ProjectData, indicator: Indicator) -> dict[str, Any]:
    review = data.reviews.get(indicator.id)
    result = data.results.get(indicator.id)
    previous_result, change = data.compared(indicator)
    return {
        "previous_result": previous_result,
        "change": change,
        "result": result.headline(indicator.measure) if result else "",
        # How many answers (or items) the figure rests on: the same n the dashboard shows.
        "n": result.measure_n(indicator.measure) if result else 0,
        "status": data.status(indicator),
        "narrative": review.narrative if review else "",
        "review_period": review.period if review else "",
    }


def section_row(data: ProjectData, outcome: Outcome, indicator: Indicator | None) -> dict:
    """One row of a section sheet, by column key."""
    refs, quotes = data.backing(outcome, indicator)
    row: dict[str, Any] = {
        "outcome_ref": outcome.ref,
        "outcome": outcome.statement,
        "who_benefits": outcome.who_benefits,
        "evidence_count": len(refs),
        "key_quotes": "\n\n".join(quotes),
        "evidence_refs": ", ".join(f"EV{n}" for n in refs),
        "unexpected": outcome.unexpected,
        "leads_to": ", ".join(data.leads_to.get(outcome.id, [])),
    }
    if indicator is not None:
        row.update(
            indicator_ref=indicator.ref,
            indicator=indicator.statement,
            method=indicator.method,
            baseline=indicator.baseline,
            target=indicator.target,
            owner=indicator.owner,
            **_review_fields(data, indicator),
        )
    return row


def write_section(workbook: Workbook, styles: Styles, data: ProjectData, key: str) -> None:
    """One row per indicator of each outcome in the section; an outcome with no indicator
    still gets a row, so that nothing in the Theory of Change drops out of the report."""
    layout = data.layout[key]
    columns = layout.columns
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, data.project.name)
    sheet.start_table(columns)
    for outcome in data.outcomes_in(SECTION_OF_SHEET[key]):
        for indicator in outcome.indicators or [None]:
            row = section_row(data, outcome, indicator)
            if indicator is None:
                row["indicator"] = layout.label("no_indicator")
            sheet.row(columns, [row.get(c.key) for c in columns])
    sheet.finish()


def write_indicators(workbook: Workbook, styles: Styles, data: ProjectData) -> None:
    """Every indicator with its result; below the table, the figures behind two native bar
    charts (share who agree; average rating before and now), so the charts read cells."""
    layout = data.layout["indicators"]
    label = layout.label
    columns = layout.columns
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, data.project.name)
    sheet.start_table(columns)
    agree: list[tuple[str, float | None]] = []
    change: list[tuple[str, float | None, float | None]] = []
    for indicator in data.indicators:
        outcome = indicator.outcome
        result = data.results.get(indicator.id)
        measure = MeasureKind(indicator.measure)
        value = result.value(measure) if result else None
        row = {
            "ref": indicator.ref,
            "section": Section(outcome.section).label,
            "outcome_ref": outcome.ref,
            "indicator": indicator.statement,
            "measure": measure.label,
            "linked_questions": "\n".join(data.questions_by_indicator.get(indicator.id, [])),
            "baseline": indicator.baseline,
            "target": indicator.target,
            "owner": indicator.owner,
            "value": value,
            **_review_fields(data, indicator),
        }
        cells = [sheet.cell(row.get(c.key), c.kind) for c in columns]
        if measure == MeasureKind.PERCENT_AGREE:
            share = result.agree_share if result else None
            agree.append((indicator.ref, share))
            # A share is stored as a fraction shown as a percentage, like any Excel percentage.
            position = next(i for i, c in enumerate(columns) if c.key == "value")
            cells[position] = sheet.cell(share, "percent")
        if measure == MeasureKind.BEFORE_AFTER and result is not None:
            change.append((indicator.ref, result.mean_before, result.mean_after))
        sheet.append(cells)
    sheet.finish()  # the filter covers the table only, not the chart figures below it

    if agree:
        _chart_block(
            sheet,
            label("chart_data") + ": " + label("agree_chart"),
            [columns[0].heading, label("agree_value")],
            [[ref, (share, "percent")] for ref, share in agree],
            _agree_chart(label("agree_chart")),
        )
    if change:
        _chart_block(
            sheet,
            label("chart_data") + ": " + label("change_chart"),
            [columns[0].heading, label("before"), label("now")],
            [[ref, (before, "decimal"), (after, "decimal")] for ref, before, after in change],
            _change_chart(label("change_chart")),
        )
    _breakdowns(sheet, data, label)


def _breakdowns(sheet: SheetWriter, data: ProjectData, label) -> None:
    """Below the charts' figures: each indicator's result per share link, version and support;
    a small group shows the words of the small-number rule and no figure."""
    rows = [
        (indicator.ref, breakdown.title, cell)
        for indicator in data.indicators
        for breakdown in data.breakdowns.get(indicator.id, [])
        for cell in breakdown.cells
    ]
    if not rows:
        return
    sheet.blank()
    sheet.blank()
    sheet.line(
        (f"{label('breakdowns')} (groups of {FEWER_THAN} people show no figure)", "subtitle")
    )
    sheet.header(
        [
            data.layout["indicators"].columns[0].heading,
            label("breakdown"),
            label("group"),
            label("people"),
            label("group_result"),
        ]
    )
    for ref, title, cell in rows:
        sheet.line(
            (ref, "text"),
            (title, "text"),
            (cell.group, "text"),
            (FEWER_THAN, "text") if cell.people is None else (cell.people, "integer"),
            (cell.result, "wrap"),
        )


def _agree_chart(title: str) -> BarChart:
    chart = _bar_chart(title)
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.numFmt = "0%"
    chart.y_axis.majorGridlines = None
    chart.legend = None
    return chart


def _change_chart(title: str) -> BarChart:
    chart = _bar_chart(title)
    chart.dataLabels.numFmt = "0.0"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 5
    return chart


def _bar_chart(title: str) -> BarChart:
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
    return chart


def _chart_block(
    sheet: SheetWriter, title: str, headings: list[str], rows: list[list], chart: BarChart
) -> None:
    """A small table of figures, then a chart beside it that reads those cells."""
    sheet.blank()
    sheet.blank()
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
    sheet.ws.add_chart(chart, f"D{header_row}")
    # Keep the next block below the chart, not under it.
    for _ in range(max(0, int(chart.height / CM_PER_ROW) - len(rows))):
        sheet.blank()
