"""Breakdowns of an indicator by share link, by version (standard or easy read) and by support,
with small numbers hidden: through the dashboard (HTTP client) and the exported workbook
(reopened with openpyxl), for a chosen reporting period. A group of fewer than 5 people shows
"fewer than 5" and none of its figures; a group of 5 shows them; a breakdown with a single hidden
group hides the next smallest too, so the hidden one cannot be found by subtraction."""

from __future__ import annotations

import html
from datetime import date, datetime

import pytest

from coimpact.domain.periods import Period
from coimpact.domain.question_types import AnswerValue
from coimpact.domain.readable import UK
from coimpact.extensions import db
from coimpact.models import MeasureKind, Role, Section, ShareLink, Variant
from coimpact.reports.breakdowns import FEWER_THAN, SMALL_NUMBER
from coimpact.services.periods import add_period
from coimpact.services.responses import Submission, save_response
from coimpact.services.theory import add_indicator, add_outcome
from tests.workbook_helpers import export_bytes, open_workbook

LAST_YEAR = Period(date(2025, 4, 1), date(2026, 3, 31), "2025-26")
THIS_YEAR = Period(date(2026, 4, 1), date(2027, 3, 31), "2026-27")

# This year: (link, how many, how many agree). Tuesday 5 (3 agree): shown; Library 4 (1 agree)
# and Market 3 (all agree): hidden.
LINKS = (("Tuesday group", 5, 3), ("Library venue", 4, 1), ("Market stall", 3, 3))
# Version and support of this year's 12 people, in order: 7 standard and 5 easy read (both
# shown); supported 5 (shown), not supported 4 and not said 3 (hidden).
VARIANTS = [Variant.STANDARD] * 7 + [Variant.EASY] * 5
SUPPORTED = [True] * 5 + [False] * 4 + [None] * 3


@pytest.fixture
def fx(make_project, make_form):
    project = make_project(name="Small numbers")
    outcome = add_outcome(project, Section.ACHIEVEMENT, "People felt good", "Members")
    indicator = add_indicator(outcome, "Share who felt good", MeasureKind.PERCENT_AGREE)
    db.session.commit()
    first = make_form(project=project)
    form = first.form
    next(q for q in form.questions if q.key == "feeling").indicators.append(indicator)
    links = {first.label: first}
    for label, _, _ in LINKS[1:]:
        links[label] = ShareLink(form=form, label=label)
        db.session.add(links[label])
    db.session.commit()
    version = form.versions[-1]
    number = 0

    def answer(link, agrees, variant, supported, when):
        nonlocal number
        number += 1
        response, _ = save_response(
            version,
            Submission(
                answers={"feeling": AnswerValue(option_codes="3" if agrees else "1")},
                variant=variant,
                idempotency_key=f"breakdown-{number}",
                supported=supported,
            ),
            share_link=link,
        )
        response.submitted_at = when

    person = 0
    for label, count, agree in LINKS:
        for k in range(count):
            answer(
                links[label],
                k < agree,
                VARIANTS[person],
                SUPPORTED[person],
                datetime(2026, 6, 1, 12, tzinfo=UK),
            )
            person += 1
    # Last year: 6 standard and 2 easy read on the Tuesday link, all supported.
    for k in range(8):
        answer(
            first,
            True,
            Variant.STANDARD if k < 6 else Variant.EASY,
            True,
            datetime(2025, 6, 1, 12, tzinfo=UK),
        )
    add_period(project, LAST_YEAR.name, LAST_YEAR.start, LAST_YEAR.end)
    add_period(project, THIS_YEAR.name, THIS_YEAR.start, THIS_YEAR.end)
    db.session.commit()
    return project


@pytest.fixture
def staff(fx, make_user, login):
    login(make_user(Role.STAFF, projects=[fx]))


def breakdowns_html(client, project, **query) -> str:
    reply = client.get(f"/admin/dashboard/{project.id}", query_string=query)
    assert reply.status_code == 200
    text = html.unescape(reply.text)
    start = text.index('class="dash-breakdowns"')
    return text[start : text.index("</details>", start)]


def table_rows(block: str, title: str) -> dict[str, tuple[str, str]]:
    """A breakdown table's rows: group -> (people, result)."""
    start = block.index(f"A1.1 {title}</caption>")
    part = block[start : block.index("</table>", start)]
    found = {}
    for row in part.split("<tr>")[2:]:
        group = row.split('<th scope="row">')[1].split("</th>")[0]
        cells = [c.split("</td>")[0] for c in row.split("<td>")[1:]]
        found[group] = (cells[0], cells[1])
    return found


def test_the_rule_is_five(app):
    assert SMALL_NUMBER == 5
    assert FEWER_THAN == "fewer than 5"


def test_by_link_a_group_of_4_is_hidden_and_5_shown(client, fx, staff):
    block = breakdowns_html(client, fx)  # the current period, 2026-27, by default
    by_link = table_rows(block, "by share link")
    assert by_link["Tuesday group"] == ("5 people", "60% agree (3 of 5)")
    assert by_link["Library venue"] == (FEWER_THAN, FEWER_THAN)
    assert by_link["Market stall"] == (FEWER_THAN, FEWER_THAN)
    # No figure of a hidden group anywhere in the breakdowns.
    for leaked in ("4 people", "3 people", "of 4)", "of 3)", "25%", "100%"):
        assert leaked not in block


def test_by_version_and_support(client, fx, staff):
    block = breakdowns_html(client, fx, period="2026-27")
    by_version = table_rows(block, "by version")
    assert by_version["Standard"][0] == "7 people"
    assert by_version["Easy read"][0] == "5 people"
    by_support = table_rows(block, "by support")
    assert by_support["Supported to answer"][0] == "5 people"
    assert by_support["Not supported"] == (FEWER_THAN, FEWER_THAN)
    assert by_support["Not asked or not said"] == (FEWER_THAN, FEWER_THAN)


def test_a_single_hidden_group_hides_the_next_smallest_for_the_chosen_period(client, fx, staff):
    block = breakdowns_html(client, fx, period="2025-26")
    by_version = table_rows(block, "by version")
    # Easy read (2) is hidden; standard (6) would give it away from the whole (8).
    assert by_version["Easy read"] == (FEWER_THAN, FEWER_THAN)
    assert by_version["Standard"] == (FEWER_THAN, FEWER_THAN)
    assert "6 people" not in block and "2 people" not in block
    assert table_rows(block, "by share link")["Tuesday group"] == (
        "8 people",
        "100% agree (8 of 8)",
    )


def breakdown_rows(workbook) -> dict[tuple[str, str], tuple]:
    ws = workbook["Indicators"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    start = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Breakdowns"))
    assert FEWER_THAN in rows[start][0]
    return {(r[1], r[2]): (r[3], r[4]) for r in rows[start + 2 :] if r[0] == "A1.1"}


def test_the_workbook_hides_the_same_cells_for_the_period(fx):
    workbook = open_workbook(export_bytes(fx, period=THIS_YEAR))
    found = breakdown_rows(workbook)
    assert found[("By share link", "Tuesday group")] == (5, "60% agree (3 of 5)")
    assert found[("By share link", "Library venue")] == (FEWER_THAN, FEWER_THAN)
    assert found[("By share link", "Market stall")] == (FEWER_THAN, FEWER_THAN)
    assert found[("By version", "Standard")] == (7, found[("By version", "Standard")][1])
    assert found[("By version", "Easy read")][0] == 5
    assert found[("By support", "Supported to answer")][0] == 5
    assert found[("By support", "Not supported")] == (FEWER_THAN, FEWER_THAN)
    values = [v for pair in found.values() for v in pair]
    assert 4 not in values and 3 not in values
    assert not any("of 4)" in str(v) or "of 3)" in str(v) for v in values)

    last = breakdown_rows(open_workbook(export_bytes(fx, period=LAST_YEAR)))
    assert last[("By version", "Easy read")] == (FEWER_THAN, FEWER_THAN)
    assert last[("By version", "Standard")] == (FEWER_THAN, FEWER_THAN)
    assert last[("By share link", "Tuesday group")][0] == 8


def test_export_from_to_on_the_command_line_hides_the_same_cells(fx, app, tmp_path):
    out = tmp_path / "year.xlsx"
    result = app.test_cli_runner().invoke(
        args=["export", fx.slug, "--from", "2026-04-01", "--to", "2027-03-31", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    found = breakdown_rows(open_workbook(str(out)))
    assert found[("By share link", "Tuesday group")] == (5, "60% agree (3 of 5)")
    assert found[("By share link", "Library venue")] == (FEWER_THAN, FEWER_THAN)
