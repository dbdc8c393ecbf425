"""The project a create page works in survives the browser's back button, in a real Chromium:
a member of two projects adds outcomes to the second with "Save and Add Another", goes back to
an earlier create page and saves from it, and every outcome is in the second project."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Outcome, Role
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def outcomes() -> list[tuple[str, int]]:
    db.session.rollback()  # the server committed in its own sessions
    return [
        (o.statement, o.project_id)
        for o in db.session.scalars(sa.select(Outcome).order_by(Outcome.id))
    ]


def save(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def test_back_button_keeps_the_project(new_page, live_server, make_project, make_user):
    first = make_project(name="First project")
    second = make_project(name="Second project")
    user = make_user(Role.STAFF, projects=[first, second])
    page = new_page()
    sign_in(page, live_server, user.email)

    page.goto(f"{live_server}/admin/overview/{second.id}")
    with page.expect_navigation():
        page.get_by_role("link", name="Add outcome", exact=True).first.click()
    assert "New outcome in Second project" in page.content()
    for n, button in enumerate(["Save and Add Another", "Save and Add Another", "Save"], 1):
        page.select_option("#section", "benefit")
        page.fill("#statement", f"Outcome {n}")
        save(page, button)
    assert [p for _, p in outcomes()] == [second.id] * 3

    # Back to the last "add another" page (the one that was left empty), then fill and save.
    page.go_back()
    page.wait_for_load_state()
    assert "/admin/outcomes/new/" in page.url
    assert "New outcome in Second project" in page.content()
    page.select_option("#section", "impact")
    page.fill("#statement", "Outcome after going back")
    save(page, "Save")
    assert outcomes()[-1] == ("Outcome after going back", second.id)
    # Nothing ever went to the first project.
    assert {p for _, p in outcomes()} == {second.id}
