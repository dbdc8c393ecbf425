"""Outputs the involvement log fills in, through the HTTP client: staff choose, in an output's
form, which log total it shows; the overview shows that count beside the output's text."""

from __future__ import annotations

import html

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import ElementKind, Role, TocElement
from tests.admin_helpers import column_html, post_form
from tests.test_involvement import log_sessions


def elements(project, kind):
    db.session.expire_all()
    return db.session.scalars(
        sa.select(TocElement).where(TocElement.project_id == project.id, TocElement.kind == kind)
    ).all()


def test_an_output_shows_the_count_the_log_fills_in(client, make_project, make_user, login):
    project = make_project()
    log_sessions(project)  # 3 sessions, 102 hours of lived-experience time, £1,280 paid
    login(make_user(Role.STAFF, projects=[project]))
    url = f"/admin/elements/new/?project_id={project.id}&kind=output"
    form = client.get(url).text
    assert "Count from the involvement log (outputs only)" in form
    assert '<option value="lived_experience_hours">Hours of lived-experience time</option>' in form
    for text, total in (
        ("Co-production sessions", "sessions"),
        ("Time given", "lived_experience_hours"),
    ):
        reply = post_form(client, url, {"kind": "output", "text": text, "log_total": total})
        assert reply.status_code == 302, reply.text
    reply = post_form(client, url, {"kind": "output", "text": "Leaflet published", "log_total": ""})
    assert reply.status_code == 302
    saved = {e.text: e.log_total for e in elements(project, ElementKind.OUTPUT)}
    assert saved == {
        "Co-production sessions": "sessions",
        "Time given": "lived_experience_hours",
        "Leaflet published": None,
    }
    outputs = html.unescape(column_html(client.get(f"/admin/overview/{project.id}").text, "output"))
    assert (
        'Co-production sessions<span class="toc-log-count">Sessions held: <strong>3</strong>'
        in outputs
    )
    assert "Hours of lived-experience time: <strong>102 hours</strong>" in outputs
    assert "Leaflet published</li>" in outputs
    # The count follows the log.
    log_sessions(project)
    outputs = column_html(client.get(f"/admin/overview/{project.id}").text, "output")
    assert "Sessions held: <strong>6</strong>" in outputs


def test_only_an_output_can_show_a_log_count(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    url = f"/admin/elements/new/?project_id={project.id}&kind=input"
    reply = post_form(client, url, {"kind": "input", "text": "Staff time", "log_total": "sessions"})
    assert reply.status_code == 200
    assert "Only an output can show a count from the involvement log" in html.unescape(reply.text)
    assert not elements(project, ElementKind.INPUT)


def test_an_unknown_total_is_refused(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    url = f"/admin/elements/new/?project_id={project.id}&kind=output"
    reply = post_form(client, url, {"kind": "output", "text": "Sessions", "log_total": "bogus"})
    assert reply.status_code == 200
    assert not elements(project, ElementKind.OUTPUT)
