"""The dashboard for one reporting period, through the HTTP client: the period chosen by a
plain GET form (the current one by default), results and counts of that period only, and the
previous period's result beside each indicator with the change."""

from __future__ import annotations

import html
from datetime import date, datetime

import pytest

from coimpact.domain.periods import Period
from coimpact.domain.readable import UK
from coimpact.extensions import db
from coimpact.models import Role
from coimpact.reports.indicator_results import project_results
from coimpact.reports.periods import change_since
from coimpact.services.periods import add_period
from tests.admin_helpers import post_form
from tests.workbook_helpers import build_fixture

EARLIER = ("named", "no")  # submitted in 2025-26; the rest in 2026-27
LAST_YEAR = Period(date(2025, 4, 1), date(2026, 3, 31), "2025-26")
THIS_YEAR = Period(date(2026, 4, 1), date(2027, 3, 31), "2026-27")


@pytest.fixture
def fx(make_project, make_form, client):
    fx = build_fixture(make_project, make_form, client)
    for name, response in fx.responses.items():
        when = (2025, 6, 1) if name in EARLIER else (2026, 6, 1)
        response.submitted_at = datetime(*when, 12, 0, tzinfo=UK)
    add_period(fx.project, "2025-26", LAST_YEAR.start, LAST_YEAR.end)
    add_period(fx.project, "2026-27", THIS_YEAR.start, THIS_YEAR.end)
    db.session.commit()
    return fx


@pytest.fixture
def staff(fx, make_user, login):
    user = make_user(Role.STAFF, projects=[fx.project])
    login(user)
    return user


def page(client, fx, **query) -> str:
    reply = client.get(f"/admin/dashboard/{fx.project.id}", query_string=query)
    assert reply.status_code == 200
    return html.unescape(reply.text)


def block(text: str, ref: str) -> str:
    start = text.index(f'id="indicator-{ref}"')
    end = text.find('class="dash-indicator"', start + 1)
    return text[start : end if end != -1 else None]


def test_the_current_period_is_shown_by_default_with_the_one_before(client, fx, staff):
    text = page(client, fx)
    assert '<option value="2026-27" selected>' in text
    assert "Reporting period <strong>2026-27 (1 Apr 2026 to 31 Mar 2027)</strong>" in text
    assert "Latest for each indicator" not in text  # periods replace the reviews-only choice


def test_each_indicator_shows_the_previous_period_and_the_change(client, fx, staff):
    text = page(client, fx, period="2026-27")
    now = project_results(db.session, fx.project.id, period=THIS_YEAR)
    before = project_results(db.session, fx.project.id, period=LAST_YEAR)
    a11 = fx.indicators["A1.1"]
    everything = project_results(db.session, fx.project.id)[a11.id].agree_base
    assert before[a11.id].agree_base == len(EARLIER)
    assert now[a11.id].agree_base == everything - len(EARLIER)
    shown = block(text, "A1.1")
    assert now[a11.id].headline(a11.measure) in shown
    assert f"2025-26: {before[a11.id].headline(a11.measure)}" in shown
    change = change_since(a11.measure, now[a11.id], before[a11.id])
    assert change and f"Change: {change}" in shown


def test_choosing_the_earlier_period_counts_only_its_responses(client, fx, staff):
    text = page(client, fx, period="2025-26")
    assert '<option value="2025-26" selected>' in text
    summary = text[text.index('class="dash-summary"') :]
    assert '<p class="dash-stat-number">2</p>' in summary
    # The first period has none before it: nothing to compare with.
    assert "dash-previous" not in text


def test_a_project_without_periods_keeps_all_time(client, make_project, make_user, login):
    project = make_project(name="No periods")
    login(make_user(Role.STAFF, projects=[project]))
    reply = client.get(f"/admin/dashboard/{project.id}")
    assert reply.status_code == 200
    assert "Latest for each indicator" in reply.text
    assert "dash-previous" not in reply.text


def test_reviews_belong_to_one_of_the_projects_periods(client, fx, staff):
    a11 = fx.indicators["A1.1"]
    url = f"/admin/dashboard/{fx.project.id}/review/{a11.id}"
    form = html.unescape(client.get(url).text)
    assert 'value="2026-27"' in form  # starts on the current period
    refused = post_form(client, url, {"period": "2031", "status": "achieved", "narrative": ""})
    assert refused.status_code == 422
    assert "Choose one of the project's reporting periods: 2025-26, 2026-27." in html.unescape(
        refused.text
    )
    saved = post_form(
        client, url, {"period": "2025-26", "status": "partly", "narrative": "Half way."}
    )
    assert saved.status_code == 303
    board = page(client, fx, period="2025-26")
    assert "Half way." in block(board, "A1.1")
    assert "Half way." not in block(page(client, fx, period="2026-27"), "A1.1")


def test_the_evidence_list_filters_by_reporting_period(client, fx, staff):
    def titles(period: str) -> set[str]:
        text = client.get(f"/admin/evidence/?flt0_9={period}").text
        return {name for name in fx.evidence if f"Evidence {name}<" in text}

    # Cut from the earlier responses, and staff's own observation of 1 Oct 2025.
    assert titles("2025-26") == {"named", "no", "staff"}
    assert titles("2026-27") == {"anon", "draft", "payload", "spam"}
    assert titles("1999") == set()
