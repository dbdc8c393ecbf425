""" "You said, we did" in a real Chromium: the published page and the not-found page meet the
forms' bar (axe-core WCAG 2.2 AA at 1024 and 320 px, no sideways scrolling at 320 px, targets of
at least 24x24 px, easy-read text of at least 18 px with line height 1.5).

Set COIMPACT_SCREENSHOTS=/some/dir to keep a full-page screenshot of each at both widths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coimpact.extensions import db
from coimpact.models import FeedbackPage, QuotePermission
from coimpact.services.feedback import publish, set_items
from tests.browser.pages import (
    DESKTOP,
    axe_violations,
    easy_text_problems,
    reflow_problems,
    small_targets,
)
from tests.feedback_helpers import add_quote

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("COIMPACT_SCREENSHOTS")
NARROW = 320


def _published_page(link) -> FeedbackPage:
    quotes = [
        add_quote(link, "I chaired the meeting. I was proud.", QuotePermission.NAMED, "Sam"),
        add_quote(
            link, "The meetings are shorter now.\nI can stay to the end.", QuotePermission.ANONYMOUS
        ),
        add_quote(link, "I do not want this shown.", QuotePermission.NO),
    ]
    page = FeedbackPage(
        project_id=link.form.project_id,
        title="You said, we did",
        period="April to June 2026",
        wanted_text="We wanted meetings to be better.\nMeetings were too long.",
        # A long address must wrap, not push the page sideways on a small phone.
        changed_text="- Meetings are 1 hour now.\n- We have a break.\n"
        "The new leaflet is at https://www.example.org/respite-leaflet-in-easy-read-2026",
        doing_text="We will meet every 2 weeks.\nWe will ask you again in 3 months.",
    )
    db.session.add(page)
    db.session.commit()
    set_items(page, [q.id for q in quotes[:2]], None)
    publish(page, None)
    db.session.commit()  # services flush; the test commits, as a request would
    return page


def _check(page, label: str) -> list[str]:
    """Everything the public pages are held to, at 1024 px and at 320 px."""
    found = []
    for width in (DESKTOP["width"], NARROW):
        if width == NARROW:
            found += reflow_problems(page, NARROW)
        else:
            page.set_viewport_size(DESKTOP)
        found += axe_violations(page)
        found += small_targets(page, width)
        found += easy_text_problems(page)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{label}-{width}.png", full_page=True, scale="css")
    page.set_viewport_size(DESKTOP)
    return [f"{label} at {page.url}: {problem}" for problem in found]


def test_you_said_we_did_pages(axe_page, live_server, make_form):
    token = _published_page(make_form()).token
    page = axe_page

    shown = page.goto(f"{live_server}/s/{token}")
    assert shown.status == 200
    assert page.locator("h1").count() == 1
    assert page.get_by_text("From Sam").is_visible()
    assert page.get_by_text("I do not want this shown.").count() == 0
    assert page.evaluate("document.scripts.length") == 0
    problems = _check(page, "you-said-we-did")

    missing = page.goto(f"{live_server}/s/no-such-page")
    assert missing.status == 404
    problems += _check(page, "you-said-we-did-not-found")

    assert not problems, "\n" + "\n".join(problems)
