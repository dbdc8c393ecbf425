"""Tried as a new user would, in a real Chromium: with a first project already there, a member
of staff creates a second project from scratch, fills its Theory of Change from its own page
with "Save and Add Another" throughout, builds a form from the menu, publishes it, makes a share
link from the page that follows, a participant answers through that link, and the staff member
finds the answers. Every row made on the way belongs to the second project."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    Form,
    Indicator,
    Project,
    Question,
    Response,
    Role,
    ShareLink,
    TocElement,
)
from coimpact.services.theory import add_outcome
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def press(page, name: str) -> None:
    """Press a button (or a link styled as one) and wait for the page it leads to."""
    target = page.get_by_role("button", name=name, exact=True)
    if target.count() == 0:
        target = page.get_by_role("link", name=name, exact=True)
    with page.expect_navigation():
        target.first.click()


def follow(page, locator) -> None:
    with page.expect_navigation():
        locator.first.click()


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def project_ids(model, via=None) -> set[int]:
    """The projects the rows of `model` belong to (through `via`, a parent relationship)."""
    db.session.rollback()  # the server committed in its own sessions
    rows = db.session.scalars(sa.select(model)).all()
    return {(getattr(r, via).project_id if via else r.project_id) for r in rows}


def test_a_second_project_built_from_scratch_keeps_everything_in_it(
    new_page, live_server, make_project, make_user
):
    first = make_project(name="First project", slug="first")
    add_outcome(first, "impact", "The first project's own impact")
    db.session.add(Form(project=first, title="The first project's form"))
    db.session.commit()
    staff = make_user(Role.ADMIN, projects=[first])  # may create projects; sees every one
    page = new_page()
    sign_in(page, live_server, staff.email)

    # A new project, empty: the starter set is a choice made, not a ticked box.
    page.goto(f"{live_server}/admin/projects/new/")
    page.fill("#name", "Second project")
    page.fill("#slug", "second")
    page.get_by_label("Start empty").check()
    press(page, "Save")
    assert re.search(r"/admin/overview/\d+$", page.url), page.url
    second = db.session.scalar(sa.select(Project).where(Project.slug == "second"))
    overview = page.url

    # Inputs from the empty column's "Add one here", three in a row.
    follow(page, page.locator("#col-input").locator("xpath=..").locator("a.toc-add"))
    for text, button in [
        ("Members' time", "Save and Add Another"),
        ("A meeting room", "Save and Add Another"),
        ("Travel paid in advance", "Save"),
    ]:
        assert heading(page) == "New Theory of Change element in Second project"
        assert page.locator("#kind").input_value() == "input"
        page.fill("#text", text)
        press(page, button)
    assert page.url == overview

    # Outcomes from the Achievements column, the second one moved to Benefits.
    follow(page, page.locator("#col-achievement").locator("xpath=..").locator("a.toc-add"))
    page.fill("#statement", "The group rewrote the leaflet")
    press(page, "Save and Add Another")
    assert heading(page) == "New outcome in Second project"
    page.select_option("#section", "benefit")
    page.fill("#statement", "Members feel more confident")
    press(page, "Save")

    # Indicators from an outcome's own "Add an indicator", with "add another" between them.
    follow(page, page.locator("#outcome-B1").get_by_role("link", name="Add an indicator"))
    for statement, button in [
        ("Share who say they speak up more", "Save and Add Another"),
        ("Stories of speaking up", "Save"),
    ]:
        assert heading(page) == "New indicator in Second project"
        assert "Members feel more confident" in page.locator("#outcome option:checked").inner_text()
        page.fill("#statement", statement)
        page.select_option("#measure", "percent_agree")
        press(page, button)

    # A form from the menu: the page asks which project first.
    page.goto(f"{live_server}/admin/forms/")
    follow(page, page.get_by_role("link", name="Create", exact=True))
    assert "Which project is the new form for?" in heading(page)
    follow(page, page.get_by_role("link", name=re.compile("^Second project")))
    assert heading(page) == "New form in Second project"
    page.fill("#title", "After the workshop")
    press(page, "Save and Continue Editing")

    # A yes / not sure / no question, its key made from its wording, linked to B1.1.
    press(page, "Add a question")
    page.get_by_label("Yes / not sure / no").check()
    press(page, "Continue")
    assert heading(page) == "New question in Second project"
    page.fill("#text", "Do you speak up more in meetings?")
    page.fill("#text_easy", "Do you speak up more?")
    page.get_by_label(re.compile(r"^B1\.1 ")).check()
    press(page, "Save")

    # Publish, then the next step: a share link for that form.
    press(page, "Publish…")
    follow(page, page.get_by_role("button", name=re.compile(r"version 1$")))
    press(page, "Make a share link")
    assert heading(page) == "New share link in Second project"
    assert "After the workshop" in page.locator("#form option:checked").inner_text()
    page.fill("#label", "Tuesday group")
    press(page, "Save")

    # A participant answers through the link, on a phone.
    db.session.rollback()
    link = db.session.scalar(sa.select(ShareLink).where(ShareLink.label == "Tuesday group"))
    phone = new_page(viewport={"width": 320, "height": 640})
    phone.goto(f"{live_server}/f/{link.token}")
    assert "Second project" in phone.content()
    phone.check('input[name="consent"][value="yes"]')
    phone.check('input[name="quote_permission"][value="anonymous"]')
    phone.locator('input[type="radio"][value="yes"]').filter(
        has_not=phone.locator('[name="consent"], [name="supported"]')
    ).first.check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Send my answers").click()
    assert "Thank you" in phone.content()

    # The staff member finds the answer among the second project's responses.
    page.goto(f"{live_server}/admin/responses/?project_id={second.id}")
    assert "After the workshop" in page.content()
    db.session.rollback()
    (response,) = db.session.scalars(sa.select(Response)).all()
    question = db.session.scalar(sa.select(Question))
    assert question.key == "speak_up_more_meetings"  # made from its wording
    assert [i.ref for i in question.indicators] == ["B1.1"]

    # Every row made on the way is in the second project; the first has only what it had.
    assert project_ids(TocElement) == {second.id}
    assert project_ids(Indicator, via="outcome") == {second.id}
    assert project_ids(ShareLink, via="form") == {second.id}
    assert project_ids(Question, via="form") == {second.id}
    assert response.project_id == second.id
    db.session.refresh(first)
    db.session.refresh(second)
    assert [o.statement for o in first.outcomes] == ["The first project's own impact"]
    assert [f.title for f in first.forms] == ["The first project's form"]
    assert sorted(o.statement for o in second.outcomes) == [
        "Members feel more confident",
        "The group rewrote the leaflet",
    ]
    assert len(second.elements) == 3 and [f.title for f in second.forms] == ["After the workshop"]
