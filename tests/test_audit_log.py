"""The audit log page: admins read sign-ins, exports, erasures and role changes; nobody edits."""

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
