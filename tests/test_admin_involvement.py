"""The involvement log in the admin: a session logged inside its project, in pounds and hours,
with errors in plain words, an activity only of its own project, and names kept only with the
people's agreement."""

from __future__ import annotations

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import ElementKind, InvolvementSession, Role, TocElement
from tests.admin_helpers import post_form

GOOD = {
    "held_on": "2026-05-14",
    "kind": "workshop",
    "title": "Planning the leaflet",
    "lived_experience": "8",
    "carers": "2",
    "staff": "3",
    "partners": "0",
    "length_hours": "2.5",
    "payments": "£200",
    "expenses": "42.50",
    "recognition": "Vouchers",
    "notes": "",
    "names": "Sam, Jo",
    "names_agreed": "y",
}


def activity(project, text="Co-design workshops") -> TocElement:
    element = TocElement(project=project, kind=ElementKind.ACTIVITY, text=text)
    db.session.add(element)
    db.session.commit()
    return element


def sessions() -> list[InvolvementSession]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(InvolvementSession).order_by(InvolvementSession.id)))


def test_staff_log_a_session_in_their_project(client, make_project, make_user, login):
    project = make_project()
    workshops = activity(project)
    login(make_user(Role.STAFF, projects=[project]))
    url = f"/admin/involvement/new/?project_id={project.id}"
    page = client.get(url).text
    assert 'type="date"' in page and "Co-design workshops" in page
    assert "How long it lasted, in hours" in page
    response = post_form(client, url, {**GOOD, "activity": str(workshops.id)})
    assert response.status_code == 302, response.text
    (logged,) = sessions()
    assert logged.project_id == project.id and logged.activity_id == workshops.id
    assert (logged.length_minutes, logged.payments_pence, logged.expenses_pence) == (
        150,
        20000,
        4250,
    )
    assert logged.names == "Sam, Jo"
    listing = client.get("/admin/involvement/").text
    assert "Planning the leaflet" in listing and "£200" in listing and "2.5 hours" in listing
    details = client.get(f"/admin/involvement/details/?id={logged.id}").text
    assert "20 hours" in details and "£42.50" in details
    edit = client.get(f"/admin/involvement/edit/?id={logged.id}").text
    assert 'value="200.00"' in edit and 'value="2.5"' in edit


def test_names_without_agreement_are_not_kept(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    data = {k: v for k, v in GOOD.items() if k != "names_agreed"}
    response = post_form(client, f"/admin/involvement/new/?project_id={project.id}", data)
    assert response.status_code == 302
    (logged,) = sessions()
    assert logged.names == "" and not logged.names_agreed


def test_mistakes_are_said_in_plain_words(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    url = f"/admin/involvement/new/?project_id={project.id}"
    bad = {**GOOD, "held_on": "", "payments": "lots", "length_hours": "-1", "carers": "-2"}
    page = post_form(client, url, bad).text
    for message in (
        "Enter the date of the session",
        "Enter an amount in pounds, like 25 or 12.50",
        "Enter the length in hours, like 2 or 1.5",
        "Enter a number from 0 up.",
    ):
        assert message in page
    assert 'value="lots"' in page  # what was typed stays
    assert sessions() == []


def test_an_activity_of_another_project_cannot_be_chosen(client, make_project, make_user, login):
    project, other = make_project(), make_project()
    theirs = activity(other, "Their activity")
    login(make_user(Role.ADMIN))
    url = f"/admin/involvement/new/?project_id={project.id}"
    assert "Their activity" not in client.get(url).text
    page = post_form(client, url, {**GOOD, "activity": str(theirs.id)}).text
    assert "Choose one of this project&#39;s Theory of Change activities." in page
    assert sessions() == []


def test_viewers_read_but_do_not_log(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.VIEWER, projects=[project]))
    assert client.get("/admin/involvement/").status_code == 200
    assert client.get(f"/admin/involvement/new/?project_id={project.id}").status_code == 403


def test_the_overview_and_dashboard_show_the_totals(client, make_project, make_user, login):
    from datetime import date

    from coimpact.services.involvement import add_session

    project = make_project()
    for month in range(1, 11):
        add_session(
            project,
            date(2026, month, 1),
            f"Meeting {month}",
            lived_experience=8,
            staff=2,
            length_minutes=180,  # 8 people × 3 hours × 10 sessions = 240 hours
            payments_pence=36000,
        )
    db.session.commit()
    login(make_user(Role.VIEWER, projects=[project]))
    overview = client.get(f"/admin/overview/{project.id}").text
    assert "240 hours of lived-experience time, £3,600 paid" in overview
    assert "10 sessions held." in overview
    assert "People with lived experience: 80" in overview and "Staff: 20" in overview
    assert "Log a session" not in overview  # viewers read only
    dashboard = client.get(f"/admin/dashboard/{project.id}").text
    assert "240 hours" in dashboard and "of lived-experience time, £3,600 paid" in dashboard
    assert "10 sessions" in dashboard


def test_an_empty_log_says_so(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    overview = client.get(f"/admin/overview/{project.id}").text
    assert "0 hours of lived-experience time, £0 paid" in overview
    assert "0 sessions held." in overview and "Log a session" in overview
