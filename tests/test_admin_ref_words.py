"""Outcomes and indicators in the admin's link lists, tables and choices read as their ref and
their words ("I1 People shape how respite is commissioned"), never as a bare "I1"; long words
are shortened where space is short, and given in full on the row's own page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from markupsafe import escape

from coimpact.extensions import db
from coimpact.models import Question, Role, Section
from coimpact.services.evidence import add_other_evidence
from coimpact.services.evidence_approval import add_link
from coimpact.services.theory import add_outcome
from tests.admin_helpers import column_html
from tests.evidence_helpers import linked_project, respond

LONG_OUTCOME = (
    "Families who look after someone with a learning disability find out about short breaks "
    "sooner and book them without having to ring round"
)
LONG_INDICATOR = (
    "Share of family carers who agree that finding and booking a short break was easy, asked "
    "in the carers' survey every spring"
)


def shown(text: str) -> str:
    return str(escape(text))


def cut(text: str) -> str:
    """The first few words of `text`: what a shortened label must begin with."""
    return shown(" ".join(text.split()[:6]))


def row_of(page: str, marker: str) -> str:
    """The table row of a list page that holds `marker`."""
    rows = re.findall(r"<tr[ >].*?</tr>", page, re.S)
    matching = [r for r in rows if marker in r]
    assert matching, marker
    return matching[0]


@pytest.fixture
def setup(make_project, make_form, make_user, login):
    """A1 (long words) with indicator A1.1 (long words) measured by two questions of a published
    form, A1 leading to I1, and an evidence item linked to A1.1."""
    s = linked_project(make_project, make_form, name="Short breaks")
    s.outcome.statement = LONG_OUTCOME
    s.indicator.statement = LONG_INDICATOR
    impact = add_outcome(s.project, Section.IMPACT, "People shape how respite is commissioned")
    s.outcome.contributes_to.append(impact)
    db.session.commit()
    user = make_user(Role.STAFF, projects=[s.project])
    item = add_other_evidence(
        s.project.id, "observation", user, title="Seen at the carers' cafe", text="Noted."
    )
    add_link(item, s.outcome.id, s.indicator.id, user)
    db.session.commit()  # services flush; the test commits, as a request would
    login(user)
    return s, impact


def test_overview_says_what_an_outcome_leads_to_in_words(client, setup):
    s, impact = setup
    html = client.get(f"/admin/overview/{s.project.id}").text
    leads = re.search(
        r"Leads to:</p>\s*<ul[^>]*>(.*?)</ul>", column_html(html, "achievement"), re.S
    )
    assert leads, "no 'Leads to' list"
    assert re.search(
        r'<a href="#outcome-I1">I1 People shape how respite is commissioned</a>', leads.group(1)
    )


def test_outcome_list_and_details_give_indicators_and_links_with_their_words(client, setup):
    s, impact = setup
    listing = row_of(client.get(f"/admin/outcomes/?project_id={s.project.id}").text, "A1.1")
    indicators = re.search(r'<td class="col-indicators">(.*?)</td>', listing, re.S).group(1)
    assert f'<span class="toc-iref">A1.1</span> {cut(LONG_INDICATOR)}' in indicators
    assert shown(LONG_INDICATOR) not in indicators and "…" in indicators  # shortened
    details = client.get(f"/admin/outcomes/details/?id={s.outcome.id}").text
    assert f'<span class="toc-iref">A1.1</span> {shown(LONG_INDICATOR)}' in details
    assert '<span class="toc-ref">I1</span> People shape how respite is commissioned' in details


def test_indicator_list_and_details_give_the_outcome_with_its_words(client, setup):
    s, _ = setup
    listing = row_of(client.get("/admin/indicators/").text, "A1.1")
    outcome = re.search(r'<td class="col-outcome">(.*?)</td>', listing, re.S).group(1)
    assert f'<span class="toc-ref">A1</span> {cut(LONG_OUTCOME)}' in outcome
    assert shown(LONG_OUTCOME) not in outcome and "…" in outcome
    details = client.get(f"/admin/indicators/details/?id={s.indicator.id}").text
    assert f'<span class="toc-ref">A1</span> {shown(LONG_OUTCOME)}' in details


def test_choices_of_outcomes_and_indicators_carry_their_words(client, setup):
    s, _ = setup
    new_indicator = client.get("/admin/indicators/new/").text
    options = re.findall(r"<option[^>]*>([^<]*)</option>", new_indicator)
    a1 = [o for o in options if "A1 " in o]
    # The page is in one project, so its choices need not name it.
    assert a1 and a1[0].startswith(f"A1 {cut(LONG_OUTCOME)}")
    assert a1[0].endswith("…") and len(a1[0]) < len("A1 ") + len(LONG_OUTCOME)
    new_question = client.get(f"/admin/questions/new/?form_id={s.link.form_id}&type=scale_5").text
    assert f"A1.1 {cut(LONG_INDICATOR)}" in new_question
    suggestions = client.get(f"/admin/evidence/suggestions/?project_id={s.project.id}").text
    assert re.search(rf"<option[^>]*>A1\.1 {re.escape(cut(LONG_INDICATOR))}", suggestions)


def test_evidence_lists_say_what_each_item_is_linked_to_and_how(client, setup):
    s, _ = setup
    listing = row_of(client.get(f"/admin/evidence/?project_id={s.project.id}").text, "EV1")
    badge = '<span class="badge badge-success">Confirmed</span>'
    assert f"{badge} A1.1 {cut(LONG_INDICATOR)}" in listing


def test_suggested_links_name_the_indicator_in_words(client, setup):
    s, _ = setup
    respond(client, s.token, q_story="We found a break in a week.")
    page = client.get(f"/admin/evidence/suggestions/?project_id={s.project.id}").text
    row = row_of(page, "We found a break in a week.")
    assert f'<span class="toc-iref">A1.1</span> {shown(LONG_INDICATOR)}' in row


def test_questions_and_the_form_builder_say_which_indicators_they_measure(client, setup):
    s, _ = setup
    question = db.session.scalar(
        sa.select(Question).where(Question.form_id == s.link.form_id, Question.key == "story")
    )
    details = client.get(f"/admin/questions/details/?id={question.id}").text
    assert f'<span class="toc-iref">A1.1</span> {shown(LONG_INDICATOR)}' in details
    builder = client.get(f"/admin/forms/edit/?id={s.link.form_id}").text
    assert f"measures A1.1 {cut(LONG_INDICATOR)}" in builder
