"""Co-assessment's staff pages in a real Chromium: the group session mode (as first shown, with
an error, once the period is closed), the co-assessors' list with the invite form, the link
shown once, and the dashboard with the co-assessors' view: no axe-core WCAG 2.2 AA violation,
nothing scrolls sideways at 320 px, targets big enough (the checks of test_accessibility.py).
With COIMPACT_SCREENSHOTS=/some/dir, screenshots of each at 1280 and 320 px."""

from __future__ import annotations

import pytest

from coimpact.extensions import db
from coimpact.models import Judgement, Role
from coimpact.reports.assessment_periods import assessment_period
from coimpact.services.indicator_reviews import save_review
from tests.admin_helpers import build_theory
from tests.browser.pages import click_and_wait, sign_in
from tests.browser.test_accessibility import SHOTS, Audit
from tests.test_coassess_admin import coassessors_answer

pytestmark = pytest.mark.browser


def wide_shot(page, label: str) -> None:
    """A screenshot at 1280 px too (the audit takes 1024 and 320), for a person to look at."""
    if SHOTS:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.screenshot(path=f"{SHOTS}/{label}-1280.png", full_page=True, scale="css")


@pytest.fixture
def assessed(make_project, make_user):
    project = make_project(name="Harbour Voices")
    theory = build_theory(project)
    outcome, indicator = theory["outcome"], theory["indicator"]
    outcome.statement_easy = "We made the leaflet easy to read"
    outcome.symbol = "learn"
    staff = make_user(Role.STAFF, projects=[project], email="staff@example.org")
    period = assessment_period(project.id)
    save_review(indicator, period, "achieved", "All three leaflets changed.", staff)
    coassessors_answer(
        project,
        outcome,
        period,
        [
            (Judgement.NO, "The leaflet is still too long", True),
            (Judgement.NO, "Private words", False),
            (Judgement.A_BIT, "", False),
        ],
    )
    db.session.commit()
    return {"project": project, "outcome": outcome, "staff": staff}


def test_group_mode_and_the_coassessors_list(axe_page, live_server, assessed):
    project, outcome = assessed["project"], assessed["outcome"]
    page, audit = axe_page, Audit(axe_page)
    sign_in(page, live_server, "staff@example.org")
    base = f"{live_server}/admin/coassess/{project.id}"

    audit("coassess list", 200, page.goto(base))
    page.fill("#label", "Member 4")
    audit("coassess link shown once", 200, click_and_wait(page, "Invite a co-assessor"))

    audit("coassess group", 200, page.goto(f"{base}/group/{outcome.ref}"))
    wide_shot(page, "coassess-group")
    page.fill("#yes", "-2")
    audit("coassess group error", 422, click_and_wait(page, "Save the group's answers"))

    audit(
        "dashboard with coassessors", 200, page.goto(f"{live_server}/admin/dashboard/{project.id}")
    )
    assert page.get_by_text("Staff and co-assessors disagree").first.is_visible()
    wide_shot(page, "dashboard-with-coassessors")

    page.goto(base)
    click_and_wait(page, "Close this period's co-assessment")
    audit("coassess group closed", 200, page.goto(f"{base}/group/{outcome.ref}"))
    audit.assert_clean()
