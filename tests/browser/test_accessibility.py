"""Every public page state of both variants, in a real Chromium: axe-core finds no WCAG 2.2 AA
violation, nothing scrolls sideways at 320 px nor overflows at 640 px (200% zoom of a 1280 px
window, rendered at device scale factor 2), and every target is at least 24x24 CSS px.

Each test walks a whole journey and collects every problem on the way, so one run lists them
all. Set COIMPACT_SCREENSHOTS=/some/dir to also keep a full-page screenshot of each state at
320 px and 1024 px wide."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coimpact.extensions import db
from coimpact.models import Role, Variant
from tests.browser.pages import (
    ANSWERS,
    DESKTOP,
    axe_violations,
    click_and_wait,
    easy_text_problems,
    fill_answers,
    reflow_problems,
    slug,
    small_targets,
    stored_responses,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("COIMPACT_SCREENSHOTS")


class Audit:
    """Checks the page in its current state and remembers what it found."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        self.seen: list[str] = []

    def __call__(self, label: str, status: int | None = None, response=None) -> None:
        page = self.page
        if status is not None:
            assert response is not None and response.status == status, (label, response)
        self.seen.append(label)
        found = axe_violations(page)
        found += small_targets(page, DESKTOP["width"])
        if "easy" in page.evaluate("document.body.className"):
            found += easy_text_problems(page)
        self._shot(label, DESKTOP["width"])
        for width in (640, 320):
            found += reflow_problems(page, width)
        found += small_targets(page, 320)
        self._shot(label, 320)
        page.set_viewport_size(DESKTOP)
        self.problems += [f"{label} ({page.url}): {problem}" for problem in found]

    def _shot(self, label: str, width: int) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(
                path=f"{SHOTS}/{slug(label)}-{width}.png", full_page=True, scale="css"
            )

    def assert_clean(self) -> None:
        assert not self.problems, "\n" + "\n".join(self.problems)


def _continue(page, name: str = "Continue"):
    return click_and_wait(page, name)


def test_standard_form_states(axe_page, live_server, make_form):
    token = make_form().token
    db.session.commit()
    page, audit = axe_page, Audit(axe_page)

    audit("standard form", 200, page.goto(f"{live_server}/f/{token}"))
    audit("standard form with errors", 422, _continue(page, "Send my answers"))
    fill_answers(page)
    sent = _continue(page, "Send my answers")
    assert page.url == f"{live_server}/f/{token}/thanks", sent
    audit("standard thank-you", 200, page.goto(page.url))

    audit.assert_clean()
    assert [r.variant for r in stored_responses()] == [Variant.STANDARD]


def test_easy_read_states(axe_page, live_server, make_form):
    token = make_form().token
    db.session.commit()
    page, audit = axe_page, Audit(axe_page)
    base = f"{live_server}/f/{token}/easy"

    audit("easy start", 200, page.goto(base))
    _continue(page, "Start")
    assert page.url == f"{base}/agree"
    audit("easy agree step")
    fill_answers(page)
    _continue(page)
    for number in range(1, 10):
        assert page.url == f"{base}/{number}"
        audit(f"easy question {number}")
        if number == 3:  # required: an empty answer shows the error state
            audit("easy step with an error", 422, _continue(page))
        fill_answers(page)
        _continue(page)
    assert page.url == f"{base}/helped"
    audit("easy helped step")
    fill_answers(page)
    _continue(page)
    assert page.url == f"{base}/check"
    audit("easy check answers")
    _continue(page, "Send my answers")
    assert page.url == f"{base}/thanks"
    audit("easy thank-you", 200, page.goto(page.url))

    audit.assert_clean()
    assert len(audit.seen) == 15
    assert [r.variant for r in stored_responses()] == [Variant.EASY]


def test_easy_read_check_page_with_problems(axe_page, live_server, make_form):
    """The check page listing every answer still needed (pages skipped by their address)."""
    token = make_form().token
    db.session.commit()
    page, audit = axe_page, Audit(axe_page)
    base = f"{live_server}/f/{token}/easy"
    page.goto(base)
    _continue(page, "Start")
    fill_answers(page)
    _continue(page)
    page.goto(f"{base}/check")
    audit("easy check with problems", 422, _continue(page, "Send my answers"))
    assert page.locator(".error-summary li").count() == 3
    audit.assert_clean()
    assert stored_responses() == []


def test_link_login_and_declined_pages(axe_page, live_server, make_form):
    closed = make_form(link_fields={"is_open": False}).token
    token = make_form().token
    db.session.commit()
    page, audit = axe_page, Audit(axe_page)

    audit("closed link", 410, page.goto(f"{live_server}/f/{closed}"))
    audit("closed link, easy read", 410, page.goto(f"{live_server}/f/{closed}/easy"))
    audit("unknown link", 404, page.goto(f"{live_server}/f/no-such-link-at-all"))
    audit("unknown link, easy read", 404, page.goto(f"{live_server}/f/no-such-link/easy"))
    audit("sign in", 200, page.goto(f"{live_server}/login"))
    _continue(page, "Sign in")
    audit("sign in with errors")
    audit("home page", 200, page.goto(f"{live_server}/"))

    page.goto(f"{live_server}/f/{token}")
    fill_answers(page, {**ANSWERS, "consent": "no"})
    audit("standard declined", 200, _continue(page, "Send my answers"))
    page.goto(f"{live_server}/f/{token}")
    audit("standard declined by its own button", 200, _continue(page, "I do not want to take part"))
    page.goto(f"{live_server}/f/{token}/easy")
    _continue(page, "Start")
    fill_answers(page, {"consent": "no"})
    audit("easy declined", 200, _continue(page))

    audit.assert_clean()
    assert stored_responses() == []


def test_sign_out_and_sign_in_wait_pages(axe_page, live_server, make_user):
    """The sign-out page (with "on every device"), the page after it, and the wait after too
    many wrong passwords."""
    user = make_user(Role.STAFF)
    page, audit = axe_page, Audit(axe_page)

    def sign_in(password: str):
        page.goto(f"{live_server}/login")
        page.fill("#email", user.email)
        page.fill("#password", password)
        return _continue(page, "Sign in")

    assert sign_in(PASSWORD).status == 200  # the admin, after the redirect
    audit("sign out", 200, page.goto(f"{live_server}/logout"))
    _continue(page, "Sign out on every device")
    assert page.url == f"{live_server}/login"
    audit("signed out on every device")
    page.context.clear_cookies()  # a browser never signed in with: the address's own limit
    for _ in range(10):
        assert sign_in("not the password").status == 401
    audit("too many wrong passwords", 429, sign_in(PASSWORD))

    audit.assert_clean()
