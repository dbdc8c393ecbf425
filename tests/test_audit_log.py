"""The audit log page: admins read sign-ins, exports, erasures and role changes; nobody edits."""

from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import AuditEvent, Role


def test_admin_reads_the_audit_log(client, make_user, login, runner):
    admin = make_user(Role.ADMIN)
    login(admin)
    runner.invoke(args=["erase", "R-NOTHERE1"])  # a failed erase writes nothing
    page = client.get("/admin/audit/")
    assert page.status_code == 200
    assert "login" in page.text and admin.email in page.text
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "login")).first()
    assert client.get(f"/admin/audit/details/?id={event.id}").status_code == 200
    # Append-only: no create, edit or delete pages exist for it.
    assert client.get("/admin/audit/new/").status_code in (302, 403, 404)
    assert client.get(f"/admin/audit/edit/?id={event.id}").status_code in (302, 403, 404)
    client.post("/admin/audit/delete/", data={"id": event.id})
    db.session.expire_all()
    assert db.session.get(AuditEvent, event.id) is not None


def test_staff_and_viewers_cannot_read_the_audit_log(client, make_user, login, make_project):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    assert client.get("/admin/audit/").status_code == 403


def test_a_page_past_either_end_of_a_list_leads_to_the_nearest_page(client, make_user, login):
    login(make_user(Role.ADMIN))
    db.session.add_all(AuditEvent(action="export", target=f"job {n}") for n in range(120))
    db.session.commit()  # with the sign-in: 121 events, three pages of 50
    past = client.get("/admin/audit/?page=99999999999999999999&search=job")
    assert past.status_code == 302
    query = parse_qs(urlsplit(past.headers["Location"]).query)
    assert query["page"] == ["2"] and query["search"] == ["job"]  # the third page, 0-based
    assert client.get(past.headers["Location"]).status_code == 200
    before = client.get("/admin/audit/?page=-4")
    assert before.status_code == 302 and "page" not in parse_qs(
        urlsplit(before.headers["Location"]).query
    )
    assert client.get("/admin/audit/?page=2").status_code == 200


def test_a_number_no_column_can_hold_is_refused_with_a_message(client, make_user, login):
    login(make_user(Role.ADMIN))
    view = next(
        v for v in client.application.extensions["admin"][0]._views if v.endpoint == "audit"
    )
    index = next(i for i, f in enumerate(view._filters) if f.column.key == "project_id")
    page = client.get(f"/admin/audit/?flt0_{index}=99999999999999999999")
    assert page.status_code == 200 and "Invalid Filter Value" in page.text
