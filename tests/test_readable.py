"""Counts and times read one way everywhere (domain/readable.py): the helpers themselves, then
a page, a flash message, the command line and the audit log that use them."""

from datetime import UTC, date, datetime

import sqlalchemy as sa

from coimpact.domain.readable import plural, reporting_period, uk_date, uk_datetime
from coimpact.extensions import db
from coimpact.models import AuditEvent, EvidenceKind, Role
from coimpact.services.evidence import add_other_evidence


def test_plural_says_one_thing_and_many_things():
    assert plural(1, "evidence item") == "1 evidence item"
    assert plural(0, "evidence item") == "0 evidence items"
    assert plural(1200, "response") == "1,200 responses"
    assert plural(1, "person", "people") == "1 person"
    assert plural(3, "person", "people") == "3 people"
    assert plural(1, "response", number=False) == "response"


def test_times_are_uk_clock_times_in_one_wording():
    # 18:05 UTC in June is 19:05 in the UK (BST); in December the clocks agree.
    assert uk_datetime(datetime(2026, 6, 7, 18, 5, tzinfo=UTC)) == "7 Jun 2026, 19:05"
    assert uk_datetime(datetime(2026, 12, 7, 14, 5, tzinfo=UTC)) == "7 Dec 2026, 14:05"
    winter = uk_datetime(datetime(2026, 12, 7, 14, 5, tzinfo=UTC), zone=True)
    assert winter == "7 Dec 2026, 14:05 (UK time)"
    # 23:30 UTC on 30 June is already 1 July in the UK.
    assert uk_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "1 Jul 2026"
    assert uk_date(date(2025, 9, 15)) == "15 Sep 2025"
    assert uk_datetime(None) == uk_date(None) == ""
    assert reporting_period(date(2025, 4, 1), date(2026, 3, 31)) == "1 Apr 2025 to 31 Mar 2026"
    assert reporting_period(date(2025, 4, 1), None) == "1 Apr 2025 to …"
    assert reporting_period(None, None) == ""


def test_one_evidence_item_is_one_evidence_item_on_the_dashboard(
    client, make_project, make_user, login
):
    project = make_project()
    staff = make_user(Role.STAFF, projects=[project])
    add_other_evidence(
        project.id, EvidenceKind.COUNT, staff, title="Leaflets handed out", value_number=40
    )
    db.session.commit()
    login(staff)
    page = client.get(f"/admin/dashboard/{project.id}").text
    assert '<p class="dash-stat-label">evidence item</p>' in page
    assert '<p class="dash-stat-label">responses</p>' in page  # none yet: 0 responses
    assert "evidence items" not in page.split("dash-stat-detail")[0]


def test_the_audit_log_and_accounts_say_uk_time(client, make_user, login):
    admin = make_user(Role.ADMIN)
    db.session.add(
        AuditEvent(action="export", target="summer", at=datetime(2026, 6, 7, 18, 5, tzinfo=UTC))
    )
    db.session.commit()
    login(admin)
    audit = client.get("/admin/audit/?search=summer").text
    assert "When (UK time)" in audit and "7 Jun 2026, 19:05" in audit
    users = client.get("/admin/users/").text
    assert "Last signed in (UK time)" in users
    admin_row = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "login"))
    assert uk_datetime(admin_row.at) in users  # the sign-in just now, in the same words
    details = client.get(f"/admin/users/details/?id={admin.id}").text
    assert "(UK time)" in details and "+00:00" not in details
