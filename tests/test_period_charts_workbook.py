"""Native charts over reporting periods in the reopened workbook: on the Indicators sheet, each
indicator's figure in each period (a table, and a bar chart beside it reading those cells), and
on the Involvement sheet the lived-experience hours and money paid in each period."""

from __future__ import annotations

import re

from openpyxl.utils import column_index_from_string

from coimpact.extensions import db
from coimpact.models import MeasureKind
from coimpact.reports.indicator_results import project_results
from coimpact.reports.involvement import involvement_totals
from coimpact.services.involvement import add_session
from tests.test_involvement import log_sessions
from tests.test_periods_dashboard import LAST_YEAR, THIS_YEAR, fx  # noqa: F401
from tests.workbook_helpers import export_bytes, open_workbook

REF = re.compile(r"'?([^'!]+)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?")


def chart_title(chart) -> str:
    return "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))


def cells(ws, formula: str) -> list:
    """The values of the cells a chart reference names, on `ws` (which it must name)."""
    sheet, c1, r1, c2, r2 = REF.fullmatch(formula).groups()
    assert sheet == ws.title, formula
    c2, r2 = c2 or c1, r2 or r1
    return [
        ws.cell(row=r, column=c).value
        for r in range(int(r1), int(r2) + 1)
        for c in range(column_index_from_string(c1), column_index_from_string(c2) + 1)
    ]


def categories(ws, series) -> list:
    return cells(ws, (series.cat.strRef or series.cat.numRef).f)


def period_charts(ws) -> list:
    return [c for c in ws._charts if "reporting period" in chart_title(c)]


def test_the_indicators_sheet_charts_each_indicator_over_the_periods(fx):  # noqa: F811
    workbook = open_workbook(export_bytes(fx.project, period=THIS_YEAR))
    ws = workbook["Indicators"]
    found = period_charts(ws)
    assert found, [chart_title(c) for c in ws._charts]
    agree = next(c for c in found if "share" in chart_title(c) or "agree" in chart_title(c))
    assert agree.tagname == "barChart"
    # One series per period, earliest first, titled from the table's header cells.
    names = [cells(ws, s.tx.strRef.f)[0] for s in agree.series]
    assert names == ["2025-26", "2026-27"]
    refs = categories(ws, agree.series[0])
    a11 = fx.indicators["A1.1"]
    assert "A1.1" in refs
    at = refs.index("A1.1")
    for series, span in zip(agree.series, (LAST_YEAR, THIS_YEAR), strict=True):
        result = project_results(db.session, fx.project.id, period=span)[a11.id]
        value = cells(ws, series.val.numRef.f)[at]
        assert value is not None
        assert round(value * 100, 1) == result.value(MeasureKind.PERCENT_AGREE)


def test_an_earlier_periods_workbook_charts_no_later_period(fx):  # noqa: F811
    ws = open_workbook(export_bytes(fx.project, period=LAST_YEAR))["Indicators"]
    assert not period_charts(ws)  # only 2025-26 so far: nothing to compare


def test_the_involvement_sheet_charts_hours_and_money_per_period(fx):  # noqa: F811
    log_sessions(fx.project)
    add_session(fx.project, THIS_YEAR.start, "Extra", lived_experience=1, length_minutes=30)
    db.session.commit()
    ws = open_workbook(export_bytes(fx.project))["Involvement"]
    hours_chart, paid_chart = period_charts(ws)
    assert "Hours" in chart_title(hours_chart) and "Paid" in chart_title(paid_chart)
    for chart in (hours_chart, paid_chart):
        assert categories(ws, chart.series[0]) == ["2025-26", "2026-27"]
    totals = [
        involvement_totals(db.session, fx.project.id, p.start, p.end)
        for p in (LAST_YEAR, THIS_YEAR)
    ]
    hours = cells(ws, hours_chart.series[0].val.numRef.f)
    assert hours == [round(t.lived_experience_minutes / 60, 2) for t in totals]
    assert hours[1] == 96.5
    paid = cells(ws, paid_chart.series[0].val.numRef.f)
    assert paid == [t.payments_pence / 100 for t in totals]
