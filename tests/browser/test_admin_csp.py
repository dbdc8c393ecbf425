"""flask-admin's scripted controls in a real Chromium, under the admin's real
Content-Security-Policy (script-src 'self' plus a per-request nonce, nothing inline).

flask-admin's own templates wire the row delete button, "With selected" actions, "Add filter" and
"Add indicator" with inline `onclick` handlers, which that policy refuses: the delete would go
through without asking, the others would do nothing. Each test drives one control as a member of
staff would, checks the database changed as expected, and that the browser reported no policy
violation, console error or script error on any page it opened.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    ElementKind,
    Indicator,
    Outcome,
    Project,
    ReportingPeriod,
    Role,
    Section,
    ShareLink,
    TocElement,
)
from coimpact.services.theory import add_outcome
from tests.admin_helpers import build_theory
from tests.conftest import PASSWORD
from tests.public_helpers import post_standard

pytestmark = pytest.mark.browser

# Every violation the page's policy reports, and every console error, reach Python.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', (e) => {
  window.reportProblem(`CSP ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ` +
                       `at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});
"""


# Links the walk through every admin page does not follow: they change or download things.
SKIP = ("logout", "delete", "download")


class StaffBrowser:
    """A signed-in member of staff's browser tab, and what went wrong in it."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.base = base
        self.problems: list[str] = []
        page.context.expose_function("reportProblem", lambda text: self.problems.append(text))
        page.context.add_init_script(script=REPORT_VIOLATIONS)
        page.on("pageerror", lambda exc: self.problems.append(f"script error: {exc}"))
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        # Any error counts, a missing favicon's 404 too (the app has one).
        if message.type == "error":
            url = message.location.get("url", "")
            self.problems.append(f"console: {message.text} ({url})")

    def open(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        return response

    def sign_in(self, email: str) -> None:
        self.open("/login")
        self.page.fill("#email", email)
        self.page.fill("#password", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")
        assert self.page.url.rstrip("/").endswith("/admin"), self.page.url

    def settle(self) -> None:
        """Let reports of the last page reach Python before looking at `problems`."""
        self.page.wait_for_load_state("load")
        self.page.evaluate("() => new Promise((done) => setTimeout(done, 0))")


def _signed_in(role, new_page, live_server, make_project, make_user):
    project = make_project(name="Carers together")
    user = make_user(role, projects=[project])
    browser = StaffBrowser(new_page(), live_server)
    browser.sign_in(user.email)
    yield browser, project
    browser.settle()
    assert browser.problems == [], "\n".join(browser.problems)


@pytest.fixture
def staff(new_page, live_server, make_project, make_user) -> Iterator[tuple[StaffBrowser, Project]]:
    yield from _signed_in(Role.STAFF, new_page, live_server, make_project, make_user)


@pytest.fixture
def admin(new_page, live_server, make_project, make_user) -> Iterator[tuple[StaffBrowser, Project]]:
    yield from _signed_in(Role.ADMIN, new_page, live_server, make_project, make_user)


def fresh(model, *where) -> list[Any]:
    """Rows as the server committed them (the test's own transaction ended first)."""
    db.session.rollback()
    return list(db.session.scalars(sa.select(model).where(*where).order_by(model.id)))


def test_admin_pages_carry_a_nonce_policy_without_inline_script(staff):
    browser, _ = staff
    response = browser.open("/admin/elements/")
    policy = response.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    assert script_src[0] == "'self'" and re.fullmatch(r"'nonce-[\w-]{20,}'", script_src[1])
    assert len(script_src) == 2  # no 'unsafe-inline', no 'unsafe-eval'
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    # Every script tag on the page is a file from our origin or carries this response's nonce.
    nonce = script_src[1][len("'nonce-") : -1]
    scripts = browser.page.eval_on_selector_all(
        "script", "(els) => els.map((s) => [s.src, s.nonce])"
    )
    assert scripts and all(src.startswith(browser.base) or n == nonce for src, n in scripts)
    handlers = browser.page.evaluate(
        "() => [...document.querySelectorAll('*')].flatMap((el) =>"
        " [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name))"
    )
    assert handlers == []
    # Another request, another nonce.
    again = browser.open("/admin/elements/").headers["content-security-policy"]
    assert again != policy


def test_deleting_a_row_asks_first_and_stops_on_cancel(staff):
    browser, project = staff
    for text in ("Volunteer time", "Meeting room"):
        db.session.add(TocElement(project=project, kind=ElementKind.INPUT, text=text))
    db.session.commit()
    browser.open("/admin/elements/")
    row = browser.page.locator("tr", has_text="Volunteer time")
    asked: list[str] = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    browser.page.once("dialog", dismiss)
    row.locator("button[title='Delete Record']").click()
    browser.settle()
    assert asked == ["Are you sure you want to delete this record?"]
    assert [e.text for e in fresh(TocElement)] == ["Volunteer time", "Meeting room"]

    def accept(dialog):
        asked.append(dialog.message)
        dialog.accept()

    browser.page.once("dialog", accept)
    with browser.page.expect_navigation():
        row.locator("button[title='Delete Record']").click()
    assert len(asked) == 2
    assert "Record was successfully deleted" in browser.page.inner_text(".alert")
    assert [e.text for e in fresh(TocElement)] == ["Meeting room"]


def test_bulk_action_on_selected_rows_after_confirming(staff, make_form):
    browser, project = staff
    first = make_form(project=project)
    form = first.form
    second = ShareLink(form=form, label="Paper copies")
    untouched = ShareLink(form=form, label="Hub")
    db.session.add_all([second, untouched])
    db.session.commit()
    chosen = {first.id, second.id}

    browser.open("/admin/links/")
    for link_id in chosen:
        browser.page.check(f"input.action-checkbox[value='{link_id}']")
    browser.page.click("text=With selected")
    messages: list[str] = []

    def accept(dialog):
        messages.append(dialog.message)
        dialog.accept()

    browser.page.once("dialog", accept)
    with browser.page.expect_navigation():
        browser.page.click("[data-action-name='close']")
    assert messages == [
        "Close the selected links? Anyone who opens them will be told the form is closed."
    ]
    assert "2 links closed." in browser.page.inner_text(".alert")
    assert {link.id: link.is_open for link in fresh(ShareLink)} == {
        first.id: False,
        second.id: False,
        untouched.id: True,
    }


def test_add_filter_builds_a_filter_row_and_applies_it(staff):
    browser, project = staff
    for text in ("Volunteer time", "Meeting room", "Volunteer expenses"):
        db.session.add(TocElement(project=project, kind=ElementKind.INPUT, text=text))
    db.session.commit()
    browser.open("/admin/elements/")
    browser.page.click("text=Add Filter")
    browser.page.click(".field-filters a.filter:text-is('Text')")
    value = browser.page.locator("table.filters input.filter-val")
    value.fill("volunteer")
    with browser.page.expect_navigation():
        browser.page.click("#filter_form button[type=submit]")
    assert "flt" in browser.page.url
    shown = browser.page.locator("td.col-text").all_inner_texts()
    assert sorted(t.strip() for t in shown) == ["Volunteer expenses", "Volunteer time"]


def test_date_field_sets_the_reporting_period(staff):
    """A date column is the browser's own date field (coimpact/admin/base.py), not flask-admin's
    scripted calendar, which the keyboard could not use."""
    browser, project = staff
    browser.open(f"/admin/reporting-periods/new/?project_id={project.id}")
    browser.page.fill("#name", "2025-26")
    field = browser.page.locator("#start_date")
    assert field.get_attribute("type") == "date"
    assert browser.page.locator(".daterangepicker").count() == 0
    field.fill("2025-04-15")
    browser.page.fill("#end_date", "2026-03-31")
    picked = browser.page.input_value("#start_date")
    with browser.page.expect_navigation():
        browser.page.click("input[type=submit][value='Save']")
    assert "Record was successfully created" in browser.page.inner_text(".alert")
    (saved,) = fresh(ReportingPeriod)
    assert saved.project_id == project.id
    assert saved.start_date == date.fromisoformat(picked)


def test_relation_checkboxes_and_inline_indicator_on_an_outcome(staff):
    browser, project = staff
    outcome = add_outcome(project, Section.ACHIEVEMENT, "Leaflet rewritten")
    later = add_outcome(project, Section.IMPACT, "Fewer complaints about respite")
    db.session.commit()
    browser.open(f"/admin/outcomes/edit/?id={outcome.id}")

    # "Contributes to" is a group of native checkboxes (not select2): tick one by its label.
    group = browser.page.get_by_role("group", name="Contributes to")
    assert group.get_by_role("checkbox").count() == 1  # this project's other outcome only
    group.get_by_label(re.compile("Fewer complaints")).check()

    # "Add Indicators" clones the inline form template.
    browser.page.click("#indicators-button")
    new_row = browser.page.locator("#indicators .inline-field-list > .inline-field").last
    new_row.locator("textarea[name$='-statement'], input[name$='-statement']").fill(
        "Leaflets rewritten with the group"
    )
    with browser.page.expect_navigation():
        browser.page.click("input[type=submit][value='Save']")
    assert "Record was successfully saved" in browser.page.inner_text(".alert")

    (saved,) = fresh(Outcome, Outcome.id == outcome.id)
    assert [o.id for o in saved.contributes_to] == [later.id]
    assert [i.statement for i in fresh(Indicator, Indicator.outcome_id == outcome.id)] == [
        "Leaflets rewritten with the group"
    ]


def test_every_admin_page_loads_without_a_violation(admin, make_form, app):
    """Every kind of admin page linked from anywhere in the admin (one of each URL pattern), as
    an admin who sees them all: a template with an inline handler or style fails here."""
    browser, project = admin
    build_theory(project)
    link = make_form(project=project)
    assert post_standard(app.test_client(), link.token).status_code == 303
    seen: set[str] = set()
    queue = ["/admin/"]
    while queue:
        path = queue.pop(0)
        pattern = re.sub(r"\d+", "N", path.split("?")[0].split("#")[0])
        if pattern in seen or any(word in path for word in SKIP):
            continue
        seen.add(pattern)
        browser.open(path)
        queue += browser.page.eval_on_selector_all(
            "a[href^='/admin']", "(links) => links.map((a) => a.getAttribute('href'))"
        )
    assert len(seen) > 40, sorted(seen)
    for kind in ("/admin/links/print/N", "/admin/dashboard/N", "/admin/responses/details/"):
        assert kind in seen
