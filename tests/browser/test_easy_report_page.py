"""The easy-read report's printable page in the admin, in a real Chromium: no axe-core WCAG 2.2
AA violation at 1280 px and at 320 px, no sideways scrolling at 320 px, and on paper (print
media) the report alone, without the admin's menu, breadcrumb and explanation, in text no
smaller than 14 pt with every symbol shown.

Set COIMPACT_SCREENSHOTS=/some/dir to keep a full-page screenshot at each width and in print."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coimpact.demo.seed import seed_demo
from coimpact.extensions import db
from coimpact.models import Role
from tests.browser.pages import axe_violations, reflow_problems, sign_in

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("COIMPACT_SCREENSHOTS")
WIDE = {"width": 1280, "height": 800}
NARROW = 320
PT = 4 / 3  # CSS px in a point

# The smallest text on the page, in CSS px, and the symbols that did not load.
SMALLEST_TEXT = """() => {
  const root = document.querySelector('.easy-report');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let smallest = Infinity;
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    smallest = Math.min(smallest, size);
  }
  return smallest;
}"""
BROKEN_SYMBOLS = """() => [...document.querySelectorAll('.easy-report img')]
  .filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)"""


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"))
    with app.app_context():
        yield app


def test_the_easy_read_report_page(axe_page, live_server, make_user):
    project = seed_demo().project
    user = make_user(Role.VIEWER, projects=[project])
    project_id = project.id
    db.session.commit()
    page = axe_page
    sign_in(page, live_server, user.email)

    page.goto(f"{live_server}/admin/dashboard/{project_id}?period=2025-26")
    with page.expect_navigation():
        page.click("text=Easy-read report")
    assert "/easy-read?period=2025-26" in page.url
    assert page.locator("h1").inner_text() == "What you told us and what we did"

    problems = []
    for width in (WIDE["width"], NARROW):
        page.set_viewport_size({**WIDE, "width": width})
        if width == NARROW:
            problems += reflow_problems(page, NARROW)
        problems += axe_violations(page)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/easy-report-{width}.png", full_page=True)
    assert not problems, "\n" + "\n".join(problems)
    assert page.evaluate(BROKEN_SYMBOLS) == []

    page.set_viewport_size(WIDE)
    page.emulate_media(media="print")
    printed = page.inner_text("body")
    assert "What you told us and what we did" in printed
    assert "Results dashboard" not in printed  # the breadcrumb stays off the paper
    assert "Print it with your browser" not in printed
    assert page.evaluate(SMALLEST_TEXT) >= 14 * PT - 0.01
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/easy-report-print.png", full_page=True)
