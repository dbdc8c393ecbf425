"""Charts of change over reporting periods, through the HTTP client: each indicator's figure in
every named period as a server-drawn SVG bar chart on the dashboard, and the involvement log's
lived-experience hours and money paid per period. No JavaScript: the numbers are in the SVG's
title and aria-label, and the involvement figures are also in a table."""

from __future__ import annotations

import re
from datetime import date

from coimpact.extensions import db
from coimpact.models import Role
from coimpact.reports import charts
from coimpact.reports.indicator_results import project_results
from coimpact.services.involvement import add_session
from coimpact.services.periods import add_period
from tests.test_involvement import log_sessions
from tests.test_periods_dashboard import LAST_YEAR, THIS_YEAR, block, fx, page, staff  # noqa: F401
from tests.workbook_helpers import build_fixture


def svg_titles(text: str) -> list[str]:
    return re.findall(r"<title>(.*?)</title>", text)


def test_each_indicator_charts_its_figure_in_every_period(client, fx, staff):  # noqa: F811
    text = page(client, fx, period="2026-27")
    a11 = fx.indicators["A1.1"]
    before = project_results(db.session, fx.project.id, period=LAST_YEAR)[a11.id]
    now = project_results(db.session, fx.project.id, period=THIS_YEAR)[a11.id]
    titles = [t for t in svg_titles(block(text, "A1.1")) if "by period" in t]
    assert len(titles) == 1
    title = titles[0]
    assert title.startswith("Bar chart by period. A1.1 ")
    first = f"2025-26: {charts.number(before.value(a11.measure))}%"
    second = f"2026-27: {charts.number(now.value(a11.measure))}%"
    assert first in title and second in title
    assert title.index(first) < title.index(second)  # earliest first
    # The same chart whichever period is chosen: it shows them all.
    earlier = page(client, fx, period="2025-26")
    assert title in svg_titles(block(earlier, "A1.1"))


def test_a_period_without_a_figure_says_so(client, fx, staff):  # noqa: F811
    add_period(fx.project, "2027-28", date(2027, 4, 1), date(2028, 3, 31))
    db.session.commit()
    text = page(client, fx, period="2026-27")
    title = next(t for t in svg_titles(block(text, "A1.1")) if "by period" in t)
    assert "2027-28: no figure" in title


def test_one_period_draws_no_change_chart(client, make_project, make_form, make_user, login):
    fixture = build_fixture(make_project, make_form, client)
    add_period(fixture.project, THIS_YEAR.name, THIS_YEAR.start, THIS_YEAR.end)
    db.session.commit()
    login(make_user(Role.STAFF, projects=[fixture.project]))
    text = page(client, fixture)
    assert "by period" not in text
    assert "Involvement in each reporting period" not in text


def test_involvement_hours_and_money_are_charted_per_period(client, fx, staff):  # noqa: F811
    log_sessions(fx.project)  # 2025-12-01 (last year); 2026-04-01 and 2027-03-31 (this year)
    add_session(
        fx.project,
        date(2025, 6, 1),
        "Early",
        lived_experience=2,
        length_minutes=60,
        payments_pence=1050,
    )
    db.session.commit()
    text = page(client, fx)
    start = text.index('id="involvement-periods"')
    section = text[start : text.index("</section>", start)]
    hours_title, paid_title = svg_titles(section)
    assert hours_title.startswith("Bar chart by period. Hours of lived-experience time")
    assert "2026-27: 96 hours" in hours_title  # 24 + 72
    assert "2025-26: " in hours_title
    assert paid_title.startswith("Bar chart by period. Money paid")
    assert "2026-27: £1,280" in paid_title  # 8 × £25 + 12 × £90
    assert (
        "<li><strong>2026-27</strong>: 2 sessions, "
        "96 hours of lived-experience time, £1,280 paid</li>"
    ) in section
