"""The Theory of Change help, the empty sections' "Add one here" and the starter set's choice and
preview, in a real Chromium at 1280 px and 320 px: no axe violation in them (every <details>
opened), nothing of them pushed past the right edge, targets of at least 24 px, and reached by
keyboard alone.

axe runs on these parts of each page only: the admin around them (navigation bar, lists) is
checked by the admin crawl.
"""

from __future__ import annotations

from typing import Any

import pytest

from coimpact.domain import guidance
from coimpact.extensions import db
from coimpact.models import Role, Section
from coimpact.services.theory import add_outcome
from tests.admin_helpers import build_theory
from tests.browser.pages import AXE_TAGS, MIN_TARGET, focused, press_and_wait
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

WIDTHS = (1280, 320)
# What this work adds to a page: the help beside a form; on the overview its help, the hint
# under each heading, what empty sections say, the "add" links, the "leads to" lists and the
# starter set's offer; on the new project form the starter choice.
PARTS = (
    ".guide",
    ".toc-guide",
    ".toc-hint",
    ".toc-empty-guide",
    ".toc-add",
    ".toc-leads",
    ".toc-starter",
    ".starter-choice",
)

AXE_PARTS = """async ([selectors, tags]) => {
  const include = selectors.filter((s) => document.querySelector(s)).map((s) => [s]);
  const results = await axe.run({include}, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map((v) =>
    `axe ${v.id}: ${v.help} [${v.nodes.map((n) => n.target.join(' ')).join('; ')}]`);
}"""

# Within those parts: anything past the right edge of the viewport, and targets under 24 px.
# Text hidden for screen readers only (.sr-only) is clipped to 1 px, so it is left out.
LAYOUT = """([selectors, width, min]) => {
  const out = [];
  for (const part of document.querySelectorAll(selectors.join(','))) {
    for (const el of [part, ...part.querySelectorAll('*')]) {
      if (el.closest('.sr-only')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 0.5) out.push(`${el.tagName} ${el.className} ends at ${r.right}px`);
      if (el.matches('a[href], summary, button, input[type=radio]')) {
        let box = r;
        for (const label of (el.labels || [])) {
          const lr = label.getBoundingClientRect();
          box = {width: Math.max(r.right, lr.right) - Math.min(r.left, lr.left),
                 height: Math.max(r.bottom, lr.bottom) - Math.min(r.top, lr.top)};
        }
        // Links inside a sentence are exempt from WCAG 2.5.8.
        const para = el.closest('p');
        const words = para && para.textContent.trim() !== el.textContent.trim();
        const inline = el.tagName === 'A' && words;
        if (!inline && (box.width < min || box.height < min)) {
          out.push(`target ${el.tagName} "${el.textContent.trim().slice(0, 40)}" is ` +
                   `${Math.round(box.width)}x${Math.round(box.height)}px`);
        }
      }
    }
  }
  return out;
}"""


def check(page: Any, what: str) -> list[str]:
    """Open every <details>, then at each width: axe on this work's parts, and their layout."""
    page.eval_on_selector_all("details", "(all) => all.forEach((d) => { d.open = true; })")
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found = page.evaluate(AXE_PARTS, [list(PARTS), AXE_TAGS])
        found += page.evaluate(LAYOUT, [list(PARTS), width, MIN_TARGET])
        problems += [f"{what} at {width}px: {p}" for p in found]
    return problems


def sign_in(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def test_help_empty_sections_and_starter_choice_pass_axe_and_fit_a_phone(
    axe_page, live_server, make_project, make_user
):
    empty = make_project(name="Carers' voice")
    built = make_project(name="Short breaks")
    theory = build_theory(built)
    impact = add_outcome(built, Section.IMPACT, "People shape how respite is commissioned")
    theory["outcome"].contributes_to.append(impact)
    db.session.commit()
    sign_in(axe_page, live_server, make_user(Role.ADMIN).email)
    pages = {
        "empty overview": f"/admin/overview/{empty.id}",
        "overview": f"/admin/overview/{built.id}",
        "new outcome": f"/admin/outcomes/new/?project_id={built.id}&section=process",
        "outcome": f"/admin/outcomes/edit/?id={theory['outcome'].id}",
        "new element": f"/admin/elements/new/?project_id={built.id}&kind=assumption",
        "new indicator": f"/admin/indicators/new/?project_id={built.id}",
        "new project": "/admin/projects/new/",
    }
    problems = []
    for what, path in pages.items():
        response = axe_page.goto(live_server + path)
        assert response.status == 200, (what, response.status)
        problems += check(axe_page, what)
    assert problems == [], "\n".join(problems)


def test_add_one_here_and_the_help_work_by_keyboard(axe_page, live_server, make_project, make_user):
    project = make_project(name="Carers' voice")
    sign_in(axe_page, live_server, make_user(Role.STAFF, projects=[project]).email)
    axe_page.goto(f"{live_server}/admin/overview/{project.id}")
    # Tab to the Benefits column's "Add one here" and follow it with Enter.
    for _ in range(80):
        axe_page.keyboard.press("Tab")
        if "a benefit" in focused(axe_page)["text"]:
            break
    else:
        pytest.fail("Benefits' 'Add one here' is not reached by Tab")
    assert focused(axe_page)["outline"] != "none" or focused(axe_page)["boxShadow"] != "none"
    press_and_wait(axe_page, "Enter")
    assert "/admin/outcomes/new/" in axe_page.url and "section=benefit" in axe_page.url
    focus_text = axe_page.inner_text(".guide-focus")
    assert guidance.SECTIONS[Section.BENEFIT].gist in focus_text
    # The folded help opens from the keyboard too.
    more = axe_page.locator(".guide-more")
    assert more.evaluate("(d) => d.open") is False
    more.locator("summary").focus()
    axe_page.keyboard.press("Enter")
    assert more.evaluate("(d) => d.open") is True
    assert guidance.OUTCOME_VS_INDICATOR in axe_page.inner_text(".guide-more")
