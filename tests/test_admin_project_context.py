"""Nothing lands in the wrong project: every kind of row the admin creates is created inside the
project its create page names, through every save button, a validation error and a second
"add another", for someone who belongs to two projects (the second made after the first, so a
fallback to "the first project" would show)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    EvidenceItem,
    FeedbackPage,
    Form,
    Indicator,
    Membership,
    Outcome,
    Project,
    Question,
    Role,
    ShareLink,
    TocElement,
)
from coimpact.services.accounts import add_member
from coimpact.services.theory import add_outcome
from tests.admin_helpers import post_form, token_from
from tests.conftest import csrf_token

SAVE = {}
ADD_ANOTHER = {"_add_another": "Save and Add Another"}
CONTINUE = {"_continue_editing": "Save and Continue Editing"}


@dataclass(frozen=True)
class Kind:
    """One kind of row: its create page, what a valid POST holds, and how a row reaches its
    project."""

    name: str
    view: str
    model: type
    data: Any  # (world, n) -> form fields
    project_of: Any  # row -> project id
    context: str = "project_id"  # what the create page's URL names
    buttons: tuple[dict, ...] = (SAVE, ADD_ANOTHER, CONTINUE)
    required: str = ""  # a field whose absence is a validation error


@dataclass
class World:
    first: Project
    second: Project
    outcome: Outcome  # of the second project
    form: Form  # of the second project

    def context(self, kind: Kind) -> str:
        value = self.form.id if kind.context == "form_id" else self.second.id
        return f"{kind.context}={value}"


KINDS = [
    Kind(
        "Theory of Change element",
        "elements",
        TocElement,
        lambda w, n: {"kind": "activity", "text": f"Workshop {n}"},
        lambda row: row.project_id,
        required="text",
    ),
    Kind(
        "outcome",
        "outcomes",
        Outcome,
        lambda w, n: {"section": "benefit", "statement": f"Members feel heard {n}"},
        lambda row: row.project_id,
        required="statement",
    ),
    Kind(
        "indicator",
        "indicators",
        Indicator,
        lambda w, n: {"outcome": str(w.outcome.id), "statement": f"Share {n}", "measure": "count"},
        lambda row: row.outcome.project_id,
        required="statement",
    ),
    Kind(
        "form",
        "forms",
        Form,
        lambda w, n: {"title": f"After the workshop {n}"},
        lambda row: row.project_id,
        required="title",
    ),
    Kind(
        "share link",
        "links",
        ShareLink,
        lambda w, n: {"form": str(w.form.id), "label": f"Group {n}"},
        lambda row: row.form.project_id,
        required="form",
    ),
    Kind(
        '"You said, we did" page',
        "feedback-pages",
        FeedbackPage,
        lambda w, n: {"title": f"You said, we did {n}"},
        lambda row: row.project_id,
        required="title",
    ),
    Kind(
        "question",
        "questions",
        Question,
        lambda w, n: {"type": "yes_no", "key": f"again_{n}", "text": f"Come again {n}?"},
        lambda row: row.form.project_id,
        context="form_id",
        required="text",
    ),
]


@pytest.fixture
def world(make_project) -> World:
    first = make_project(name="First project")
    second = make_project(name="Second project")
    outcome = add_outcome(second, "achievement", "Leaflet rewritten")
    form = Form(project=second, title="Workshop feedback")
    db.session.add(form)
    db.session.commit()
    return World(first, second, outcome, form)


@pytest.fixture
def person(world, make_user, login, client):
    """A staff member of both projects."""
    user = make_user(Role.STAFF, projects=[world.first, world.second])
    login(user)
    return user


@pytest.fixture(params=[Role.STAFF, Role.ADMIN])
def anyone(request, world, make_user, login, client):
    """A staff member of both projects, or an admin (who sees every project)."""
    user = make_user(request.param, projects=[world.first, world.second])
    login(user)
    return user


def rows_of(model) -> list:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(model).order_by(model.id)))


def newest(model):
    return rows_of(model)[-1]


def create_url(kind: Kind, world: World) -> str:
    return f"/admin/{kind.view}/new/?{world.context(kind)}&url=/admin/"


def names_second_project(html: str, kind: Kind) -> bool:
    return f"New {kind.name} in Second project" in html.replace("&#34;", '"').replace("&#39;", "'")


@pytest.mark.parametrize("kind", KINDS, ids=[k.view for k in KINDS])
def test_every_save_button_keeps_the_row_in_its_project(client, world, anyone, kind):
    url = create_url(kind, world)
    page = client.get(url)
    assert page.status_code == 200
    assert names_second_project(page.text, kind)
    # No project is offered as a choice that could be left at somebody's first project.
    assert 'name="project"' not in page.text
    made = 0
    for button in kind.buttons:
        made += 1
        before = len(rows_of(kind.model))
        response = post_form(client, url, {**kind.data(world, made), **button})
        assert response.status_code == 302, (button, response.text[:2000])
        assert len(rows_of(kind.model)) == before + 1
        row = newest(kind.model)
        assert kind.project_of(row) == world.second.id, button
        where = urlsplit(response.headers["Location"])
        if button is ADD_ANOTHER:
            # The next create page is in the same project, and what it saves lands there too.
            assert where.path == f"/admin/{kind.view}/new/"
            assert parse_qs(where.query)[kind.context] == world.context(kind).split("=")[1:]
            again = f"{where.path}?{where.query}"
            assert names_second_project(client.get(again).text, kind)
            made += 1
            assert post_form(client, again, kind.data(world, made)).status_code == 302
            assert kind.project_of(newest(kind.model)) == world.second.id
        if button is CONTINUE:
            edit = client.get(f"{where.path}?{where.query}")
            assert edit.status_code == 200 and "Second project" in edit.text
    assert not [r for r in rows_of(kind.model) if kind.project_of(r) == world.first.id]


@pytest.mark.parametrize("kind", KINDS, ids=[k.view for k in KINDS])
def test_a_validation_error_keeps_the_project(client, world, person, kind):
    url = create_url(kind, world)
    data = kind.data(world, 1)
    data[kind.required] = ""
    refused = post_form(client, url, data)
    assert refused.status_code == 200
    assert names_second_project(refused.text, kind)
    assert rows_of(kind.model) == [] or kind.model in (Outcome, Form)  # the fixture's own
    # The page posts back to its own address, which names the project.
    assert 'action=""' in refused.text or f'action="{url}"' in refused.text
    fixed = post_form(client, url, kind.data(world, 2))
    assert fixed.status_code == 302
    assert kind.project_of(newest(kind.model)) == world.second.id


def test_evidence_is_added_to_the_project_its_page_names(client, world, person):
    url = f"/admin/evidence/new/?project_id={world.second.id}"
    page = client.get(url)
    assert "New evidence item in Second project" in page.text
    assert 'name="project"' not in page.text
    data = {"kind": "observation", "title": "Members chaired the meeting", "csrf_token": ""}
    data["csrf_token"] = csrf_token(page.text)
    refused = client.post(url, data={**data, "kind": ""})
    assert refused.status_code == 422 and "New evidence item in Second project" in refused.text
    added = client.post(url, data=data)
    assert added.status_code == 303
    assert [item.project_id for item in rows_of(EvidenceItem)] == [world.second.id]


@pytest.mark.parametrize(
    "view", ["elements", "outcomes", "indicators", "forms", "links", "feedback-pages", "evidence"]
)
def test_without_a_project_the_page_asks_which(client, world, person, view):
    page = client.get(f"/admin/{view}/new/?kind=input")
    assert page.status_code == 200
    assert "Which project is the new" in page.text
    assert 'name="csrf_token"' not in page.text.split("Which project")[1]  # no form to fill
    for project in (world.first, world.second):
        assert f"project_id={project.id}" in page.text
    # The choice keeps the rest of what the link said.
    assert "kind=input" in page.text


def test_someone_with_one_project_works_in_it(client, world, make_user, login):
    login(make_user(Role.STAFF, projects=[world.second]))
    page = client.get("/admin/outcomes/new/")
    assert "New outcome in Second project" in page.text
    assert "Add it to another project instead" not in page.text
    response = post_form(
        client, "/admin/outcomes/new/", {"section": "impact", "statement": "Lives change"}
    )
    assert response.status_code == 302
    assert newest(Outcome).project_id == world.second.id


def test_another_project_in_the_address_is_not_found(client, world, make_user, login, make_project):
    theirs = make_project(name="Not theirs")
    login(make_user(Role.STAFF, projects=[world.first, world.second]))
    for url in (
        f"/admin/outcomes/new/?project_id={theirs.id}",
        "/admin/outcomes/new/?project_id=99999",
        "/admin/outcomes/new/?project_id=nonsense",
        # A form and a project that do not go together.
        f"/admin/links/new/?project_id={world.first.id}&form_id={world.form.id}",
    ):
        assert client.get(url).status_code == 404, url
    token = token_from(client, f"/admin/outcomes/new/?project_id={world.second.id}")
    refused = client.post(
        f"/admin/outcomes/new/?project_id={theirs.id}",
        data={"section": "impact", "statement": "Sneaky", "csrf_token": token},
    )
    assert refused.status_code == 404
    assert rows_of(Outcome) == [world.outcome]


def test_choices_on_a_new_row_are_the_projects_own_and_start_empty(client, world, person):
    other_outcome = add_outcome(world.first, "impact", "FIRST-PROJECT-OUTCOME")
    other_form = Form(project=world.first, title="FIRST-PROJECT-FORM")
    db.session.add(other_form)
    db.session.commit()
    indicator_page = client.get(f"/admin/indicators/new/?project_id={world.second.id}").text
    assert "Leaflet rewritten" in indicator_page and "FIRST-PROJECT-OUTCOME" not in indicator_page
    assert "Choose an outcome" in indicator_page
    outcome_page = client.get(f"/admin/outcomes/new/?project_id={world.second.id}").text
    assert "FIRST-PROJECT-OUTCOME" not in outcome_page  # nor in "contributes to"
    assert '<option selected value="">Choose a section</option>' in outcome_page
    link_page = client.get(f"/admin/links/new/?project_id={world.second.id}").text
    assert "FIRST-PROJECT-FORM" not in link_page
    # An outcome of another project posted anyway is refused.
    refused = post_form(
        client,
        f"/admin/indicators/new/?project_id={world.second.id}",
        {"outcome": str(other_outcome.id), "statement": "Sneaky", "measure": "count"},
    )
    assert refused.status_code == 200 and rows_of(Indicator) == []


def test_the_overview_link_starts_in_that_section(client, world, person):
    page = client.get(f"/admin/outcomes/new/?project_id={world.second.id}&section=impact").text
    assert '<option selected value="impact">' in page
    element = client.get(f"/admin/elements/new/?project_id={world.second.id}&kind=output").text
    assert '<option selected value="output">' in element


def test_a_project_with_nothing_to_attach_to_says_what_comes_first(client, make_project, person):
    empty = make_project(name="Empty project")
    add_member(person, empty)
    db.session.commit()
    indicators = client.get(f"/admin/indicators/new/?project_id={empty.id}").text
    assert "needs an outcome first" in indicators
    assert f"/admin/outcomes/new/?project_id={empty.id}" in indicators
    links = client.get(f"/admin/links/new/?project_id={empty.id}").text
    assert "has none yet" in links and f"/admin/forms/new/?project_id={empty.id}" in links


def test_a_membership_starts_with_nobody_and_no_project(client, world, make_user, login):
    admin = make_user(Role.ADMIN)
    someone = make_user(Role.STAFF)
    login(admin)
    page = client.get("/admin/memberships/new/").text
    assert '<option selected value="__None">Choose a person</option>' in page
    assert '<option selected value="__None">Choose a project</option>' in page
    refused = post_form(client, "/admin/memberships/new/", {"user": str(someone.id)})
    assert refused.status_code == 200 and "Choose the project they join." in refused.text
    assert not db.session.scalars(
        sa.select(Membership).where(Membership.user_id == someone.id)
    ).all()
    chosen = client.get(
        f"/admin/memberships/new/?user_id={someone.id}&project_id={world.second.id}"
    ).text
    assert f'<option selected value="{world.second.id}">' in chosen


def test_a_form_sent_empty_says_what_to_do_in_plain_words(client, world, person):
    url = f"/admin/outcomes/new/?project_id={world.second.id}"
    refused = post_form(client, url, {"section": "", "statement": ""})
    assert refused.status_code == 200
    assert "Nothing is saved yet: put right what is marked below, then save." in refused.text
    assert "Failed to create record" not in refused.text
    assert "Choose a section." in refused.text
    assert "Write the outcome: the change that happens." in refused.text
    element = post_form(
        client, f"/admin/elements/new/?project_id={world.second.id}", {"kind": "", "text": ""}
    )
    assert "Choose a part." in element.text and "Write the text of this part." in element.text
