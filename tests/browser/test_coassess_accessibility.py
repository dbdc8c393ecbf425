"""A co-assessor's pages in a real Chromium: axe-core finds no WCAG 2.2 AA violation in any
state (welcome, the aim, an outcome, its error state, thank you, a closed check, a stopped link)
at 320 px and 1280 px wide, nothing scrolls sideways at 320 px, easy-read text is 18 px or more,
targets are big enough, and the keyboard alone reaches the answers and the button with the focus
shown. With COIMPACT_SCREENSHOTS=/some/dir, screenshots of the outcome and thank-you pages at
320 px are kept there to be looked at."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import AssessmentClosure, Coassessment, Coassessor, EvidenceLink
from coimpact.models.types import utcnow
from coimpact.reports.assessment_periods import assessment_period
from tests.browser.pages import (
    axe_violations,
    click_and_wait,
    easy_text_problems,
    fill_answers,
    focus_not_shown,
    focused,
    reflow_problems,
    small_targets,
)
from tests.coassess_helpers import coassessed_project, make_link
from tests.evidence_helpers import respond
from tests.feedback_helpers import add_quote

pytestmark = pytest.mark.browser

WIDTHS = (1280, 320)
SHOTS = os.environ.get("COIMPACT_SCREENSHOTS")
SHOT_STATES = {"outcome", "thank you"}


class Audit:
    """Checks the page in its current state at each width and remembers what it found."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []

    def __call__(self, label: str, status: int | None = None, response=None) -> None:
        page = self.page
        if status is not None:
            assert response is not None and response.status == status, (label, response)
        found = []
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            found += [f"at {width}px {problem}" for problem in axe_violations(page)]
            found += small_targets(page, width)
            found += easy_text_problems(page)
        found += reflow_problems(page, 320)
        if SHOTS and label in SHOT_STATES:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            name = label.replace(" ", "-")
            page.screenshot(path=f"{SHOTS}/coassess-{name}-320.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        self.problems += [f"{label} ({page.url}): {problem}" for problem in found]

    def assert_clean(self) -> None:
        assert not self.problems, "\n" + "\n".join(self.problems)


@pytest.fixture
def journey(make_project, make_form, client):
    setup, token = coassessed_project(make_project, make_form)
    for listened in ("5", "4", "5", "2", "4", "5", "1"):
        respond(client, setup.token, q_listened=listened)
    quote = add_quote(setup.link, "Staff asked me first.\nThen they listened.", "anonymous")
    db.session.add(
        EvidenceLink(evidence_item=quote, outcome_id=setup.outcome.id, status="confirmed")
    )
    db.session.commit()
    return setup, token


def test_every_page_state(axe_page, live_server, journey):
    setup, token = journey
    page, audit = axe_page, Audit(axe_page)
    base = f"{live_server}/c/{token}"

    audit("welcome", 200, page.goto(base))
    audit("aim", 200, click_and_wait_link(page, "Start"))
    audit("outcome", 200, click_and_wait_link(page, "Continue"))
    audit("outcome with errors", 422, click_and_wait(page, "Save and continue"))
    for answer in ("yes", "a_bit", "not_sure"):
        fill_answers(page, {"judgement": answer, "why": "Staff listen to me now."})
        click_and_wait(page, "Save and continue")
    assert page.url == f"{base}/thanks"
    audit("thank you", 200, page.goto(page.url))
    db.session.expire_all()
    assert len(db.session.scalars(sa.select(Coassessment)).all()) == 3

    period = assessment_period(setup.project.id)
    db.session.add(AssessmentClosure(project_id=setup.project.id, period=period))
    db.session.commit()
    audit("closed outcome", 200, page.goto(f"{base}/outcomes/A1"))
    audit("closed thank you", 200, page.goto(f"{base}/thanks"))

    coassessor = db.session.scalars(sa.select(Coassessor)).one()
    coassessor.revoked_at = utcnow()
    db.session.commit()
    audit("revoked", 410, page.goto(base))
    expired = make_link(setup.project, expires_at=utcnow() - timedelta(days=1))
    audit("expired", 410, page.goto(f"{live_server}/c/{expired}"))
    audit("unknown", 404, page.goto(f"{live_server}/c/nothing-here"))
    audit.assert_clean()


def click_and_wait_link(page, name: str):
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name=name).click()
    return navigation.value


def test_keyboard_reaches_the_answers_and_the_button(new_page, live_server, journey):
    _setup, token = journey
    page = new_page(viewport={"width": 320, "height": 800})
    page.goto(f"{live_server}/c/{token}/outcomes/A1")
    problems = focus_not_shown(page)
    reached: list[dict] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.append(focused(page))
        if reached[-1]["name"] == "judgement":
            break
    radio = reached[-1]
    assert radio["name"] == "judgement", reached
    assert radio["outline"] != "none" or radio["boxShadow"] != "none"
    page.keyboard.press("ArrowDown")  # the arrow keys choose within the group
    assert focused(page)["checked"]
    for _ in range(20):
        if focused(page)["tag"] == "button":
            break
        page.keyboard.press("Tab")
    button = focused(page)
    assert button["text"] == "Save and continue" and button["outline"] != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/c/{token}/outcomes/A2")
    assert not problems, problems
