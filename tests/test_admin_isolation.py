"""Project isolation in the admin: staff and viewers see, find and change only the rows of their
own projects, through every flask-admin route (lists, counts, search, filters, edit, details,
delete, bulk actions, relationship choices and inline rows); viewers change nothing."""

import pytest

from coimpact.extensions import db
from coimpact.models import Indicator, Outcome, Project, Role, TocElement, outcome_contributions
from tests.admin_helpers import build_theory, count, indicator_refs, post_form, token_from


@pytest.fixture
def two_projects(make_project):
    ours = make_project(name="Ours Respite Group", slug="ours")
    theirs = make_project(name="Theirs Day Centre", slug="theirs")
    return ours, build_theory(ours, "OURS-ROW"), theirs, build_theory(theirs, "THEIRS-ROW")


@pytest.fixture
def staff(two_projects, make_user, login):
    ours = two_projects[0]
    user = make_user(Role.STAFF, projects=[ours])
    login(user)
    return user


def row_urls(theirs, their_theory) -> dict[str, int]:
    return {
        "projects": theirs.id,
        "elements": their_theory["element"].id,
        "outcomes": their_theory["outcome"].id,
        "indicators": their_theory["indicator"].id,
    }


@pytest.mark.parametrize(
    "query",
    ["", "?search=THEIRS", "?flt0_0=Theirs", "?sort=0&desc=1", "?project_id={theirs}"],
)
def test_lists_show_only_own_projects(client, two_projects, staff, query):
    ours, _our_theory, theirs, _their_theory = two_projects
    for view in ("elements", "outcomes", "indicators"):
        page = client.get(f"/admin/{view}/" + query.format(theirs=theirs.id))
        assert page.status_code == 200, view
        assert "THEIRS-ROW" not in page.text and "Theirs Day Centre" not in page.text, view
        if query in ("", "?sort=0&desc=1"):
            assert "OURS-ROW" in page.text, view
    projects = client.get("/admin/projects/" + query.format(theirs=theirs.id)).text
    assert "Theirs Day Centre" not in projects
    home = client.get("/admin/").text
    assert "Ours Respite Group" in home and "Theirs Day Centre" not in home


def test_list_count_covers_own_rows_only(client, make_project, make_user, login):
    ours = make_project(name="Ours")
    theirs = make_project(name="Theirs")
    for n in range(3):
        build_theory(theirs, f"extra {n}")
    build_theory(ours)
    login(make_user(Role.STAFF, projects=[ours]))
    # The count beside "List" comes from get_count_query, apart from the rows themselves.
    for view in ("outcomes", "indicators", "elements", "projects"):
        page = client.get(f"/admin/{view}/")
        assert page.status_code == 200
        assert "List (1)" in page.text, view


def test_other_projects_rows_are_not_found(client, two_projects, staff):
    ours, _our_theory, theirs, their_theory = two_projects
    for view, row_id in row_urls(theirs, their_theory).items():
        for action in ("edit", "details"):
            assert client.get(f"/admin/{view}/{action}/?id={row_id}").status_code == 404, view
        # Ids that are not numbers, or too big for the database, are simply not found either.
        for bad in ("abc", "-1", "99999999999999999999"):
            assert client.get(f"/admin/{view}/details/?id={bad}").status_code == 404, bad
        assert client.get(f"/admin/{view}/?project_id=99999999999999999999").status_code == 200
    assert client.get(f"/admin/overview/{theirs.id}").status_code == 404
    assert client.get("/admin/overview/999999").status_code == 404
    assert client.get("/admin/overview/99999999999999999999").status_code == 404
    assert client.get(f"/admin/overview/{ours.id}").status_code == 200


def test_other_projects_rows_cannot_be_changed_or_deleted(client, two_projects, staff):
    _ours, _our_theory, theirs, their_theory = two_projects
    token = token_from(client, "/admin/outcomes/")
    for view, row_id in row_urls(theirs, their_theory).items():
        edit = client.post(
            f"/admin/{view}/edit/?id={row_id}",
            data={
                "statement": "hijacked",
                "text": "hijacked",
                "name": "hijacked",
                "csrf_token": token,
            },
        )
        assert edit.status_code == 404, view
        delete = client.post(f"/admin/{view}/delete/", data={"id": row_id, "csrf_token": token})
        # Staff delete no projects at all (403); other rows are simply not found (404).
        assert delete.status_code == (403 if view == "projects" else 404), view
        # The bulk delete action only ever sees rows the list would show.
        client.post(
            f"/admin/{view}/action/",
            data={"action": "delete", "rowid": [str(row_id)], "csrf_token": token},
        )
    db.session.expire_all()
    assert db.session.get(Project, theirs.id).name == "Theirs Day Centre"
    assert db.session.get(TocElement, their_theory["element"].id).text == "Time THEIRS-ROW"
    assert db.session.get(Outcome, their_theory["outcome"].id).statement.endswith("THEIRS-ROW")
    assert db.session.get(Indicator, their_theory["indicator"].id) is not None


def test_rows_cannot_be_posted_into_another_project(client, two_projects, staff):
    ours, _our_theory, theirs, their_theory = two_projects
    before = (count(Outcome), count(Indicator), count(TocElement))
    outcome = post_form(
        client,
        f"/admin/outcomes/new/?project_id={theirs.id}",
        {"section": "benefit", "statement": "Smuggled outcome"},
        token_url="/admin/",
    )
    element = post_form(
        client,
        f"/admin/elements/new/?project_id={theirs.id}",
        {"kind": "input", "text": "Smuggled element"},
        token_url="/admin/",
    )
    # Another project in the address: not found.
    for response in (outcome, element):
        assert response.status_code == 404
    # Their outcome posted on our project's page: not among the choices.
    indicator = post_form(
        client,
        f"/admin/indicators/new/?project_id={ours.id}",
        {"outcome": their_theory["outcome"].id, "statement": "Smuggled", "measure": "count"},
    )
    assert indicator.status_code == 200  # the form again, with its error
    assert "Choose the outcome this indicator shows." in indicator.text
    assert (count(Outcome), count(Indicator), count(TocElement)) == before
    # The pages are in the user's own project, offering only its own outcomes.
    new_outcome = client.get("/admin/outcomes/new/").text
    assert "Ours Respite Group" in new_outcome and "Theirs Day Centre" not in new_outcome
    assert "THEIRS-ROW" not in client.get("/admin/indicators/new/").text


def test_inline_rows_and_links_cannot_reach_another_project(client, two_projects, staff):
    _ours, our_theory, _theirs, their_theory = two_projects
    mine, their_indicator = our_theory["outcome"], their_theory["indicator"]
    url = f"/admin/outcomes/edit/?id={mine.id}"
    # Naming another project's indicator as an inline row does not touch it.
    response = post_form(
        client,
        url,
        {
            "statement": mine.statement,
            "indicators-0-id": str(their_indicator.id),
            "indicators-0-statement": "hijacked",
            "indicators-0-measure": "count",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Indicator, their_indicator.id).statement.endswith("THEIRS-ROW")
    assert db.session.get(Indicator, their_indicator.id).outcome_id == their_theory["outcome"].id
    # Contributing to another project's outcome is refused.
    response = post_form(
        client,
        url,
        {"statement": mine.statement, "contributes_to": str(their_theory["outcome"].id)},
    )
    assert response.status_code == 200 and "Not a valid choice" in response.text
    assert db.session.execute(outcome_contributions.select()).all() == []


def test_staff_edit_their_own_project_but_do_not_create_or_delete(client, two_projects, staff):
    ours = two_projects[0]
    edit = post_form(
        client, f"/admin/projects/edit/?id={ours.id}", {"name": "Renamed", "slug": "ours"}
    )
    assert edit.status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, ours.id).name == "Renamed"
    assert client.get("/admin/projects/new/").status_code == 403
    token = token_from(client, "/admin/outcomes/")
    assert (
        client.post(
            "/admin/projects/new/", data={"name": "N", "slug": "n", "csrf_token": token}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/admin/projects/delete/", data={"id": ours.id, "csrf_token": token}
        ).status_code
        == 403
    )
    assert count(Project) == 2


def test_staff_change_their_own_rows(client, two_projects, staff):
    _ours, our_theory, _theirs, _their = two_projects
    outcome = our_theory["outcome"]
    response = post_form(
        client,
        f"/admin/outcomes/edit/?id={outcome.id}",
        {
            "statement": "Reworded with the group",
            "indicators-0-id": str(our_theory["indicator"].id),
            "indicators-0-statement": "Reworded indicator",
            "indicators-0-measure": "count",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Outcome, outcome.id).statement == "Reworded with the group"
    assert indicator_refs(outcome.id) == ["A1.1"]
    assert db.session.get(Indicator, our_theory["indicator"].id).statement == "Reworded indicator"


@pytest.fixture
def viewer(two_projects, make_user, login):
    user = make_user(Role.VIEWER, projects=[two_projects[0]])
    login(user)
    return user


def test_viewers_read_their_projects(client, two_projects, viewer):
    ours, our_theory, _theirs, their_theory = two_projects
    for view, row_id in row_urls(ours, our_theory).items():
        listing = client.get(f"/admin/{view}/")
        assert listing.status_code == 200
        assert f"/admin/{view}/new/" not in listing.text
        assert f"/admin/{view}/edit/" not in listing.text
        assert f"/admin/{view}/delete/" not in listing.text
        assert client.get(f"/admin/{view}/details/?id={row_id}").status_code == 200
    for view, row_id in row_urls(*two_projects[2:]).items():
        assert client.get(f"/admin/{view}/details/?id={row_id}").status_code == 404
    overview = client.get(f"/admin/overview/{ours.id}").text
    assert "OURS-ROW" in overview and "Edit project" not in overview
    assert client.get(f"/admin/overview/{two_projects[2].id}").status_code == 404
    assert their_theory  # their rows exist; the viewer just cannot see them


def test_viewers_change_nothing(client, two_projects, viewer):
    ours, our_theory, _theirs, _their = two_projects
    rows = row_urls(ours, our_theory)
    for view, row_id in rows.items():
        assert client.get(f"/admin/{view}/new/").status_code == 403, view
        assert client.get(f"/admin/{view}/edit/?id={row_id}").status_code == 403, view
    token = token_from(client)
    for view, row_id in rows.items():
        created = client.post(
            f"/admin/{view}/new/",
            data={
                "project": ours.id,
                "section": "impact",
                "kind": "input",
                "statement": "v",
                "text": "v",
                "name": "v",
                "slug": "v",
                "csrf_token": token,
            },
        )
        assert created.status_code == 403, view
        edited = client.post(
            f"/admin/{view}/edit/?id={row_id}",
            data={"statement": "v", "text": "v", "name": "v", "csrf_token": token},
        )
        assert edited.status_code == 403, view
        deleted = client.post(f"/admin/{view}/delete/", data={"id": row_id, "csrf_token": token})
        assert deleted.status_code == 403, view
        client.post(
            f"/admin/{view}/action/",
            data={"action": "delete", "rowid": [str(row_id)], "csrf_token": token},
        )
    db.session.expire_all()
    assert (count(Project), count(Outcome), count(Indicator), count(TocElement)) == (2, 2, 2, 2)
    assert db.session.get(Outcome, our_theory["outcome"].id).statement.endswith("OURS-ROW")
    assert db.session.get(Project, ours.id).name == "Ours Respite Group"


def test_admins_see_every_project(client, two_projects, make_user, login):
    login(make_user(Role.ADMIN))
    page = client.get("/admin/outcomes/").text
    assert "OURS-ROW" in page and "THEIRS-ROW" in page
    home = client.get("/admin/").text
    assert "Ours Respite Group" in home and "Theirs Day Centre" in home


def test_bulk_delete_removes_only_own_rows(client, two_projects, staff):
    _ours, our_theory, _theirs, their_theory = two_projects
    mine, not_mine = our_theory["outcome"].id, their_theory["outcome"].id
    token = token_from(client, "/admin/outcomes/")
    response = client.post(
        "/admin/outcomes/action/",
        data={"action": "delete", "rowid": [str(mine), str(not_mine), "x"], "csrf_token": token},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Outcome, mine) is None
    assert db.session.get(Outcome, not_mine) is not None
    assert count(Indicator) == 1  # ours went with its outcome; theirs stayed


def test_saving_or_deleting_a_foreign_row_is_refused_even_past_the_forms(app, two_projects, staff):
    """The second line of defence: should a row of another project ever reach a save or a
    delete (the forms' choices are the first), the view refuses it."""
    from flask_login import login_user
    from werkzeug.exceptions import Forbidden

    _ours, our_theory, _theirs, their_theory = two_projects
    views = {v.endpoint: v for v in app.extensions["admin"][0]._views}
    with app.test_request_context("/admin/outcomes/"):
        login_user(staff)
        for endpoint, row in [
            ("outcomes", their_theory["outcome"]),
            ("indicators", their_theory["indicator"]),
            ("elements", their_theory["element"]),
            ("projects", _theirs),
        ]:
            with pytest.raises(Forbidden):
                views[endpoint].on_model_change(None, row, False)
            with pytest.raises(Forbidden):
                views[endpoint].on_model_delete(row)
        # A new row put into another project is refused the same way.
        smuggled = Outcome(project_id=_theirs.id, section="benefit", statement="smuggled")
        with pytest.raises(Forbidden):
            views["outcomes"].on_model_change(None, smuggled, True)
        views["outcomes"].on_model_change(None, our_theory["outcome"], False)  # own row: fine
