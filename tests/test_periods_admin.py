"""Reporting periods in the admin, through the HTTP client: added inside the project, refused
when they overlap or end before they start, listed on the project's overview."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import ReportingPeriod, Role
from coimpact.services.periods import add_period
from tests.admin_helpers import post_form


@pytest.fixture
def project(make_project):
    return make_project(name="Carers together")


@pytest.fixture
def staff(make_user, login, project):
    user = make_user(Role.STAFF, projects=[project])
    login(user)
    return user


def periods(project) -> list[tuple[str, date, date]]:
    db.session.expire_all()
    return [
        tuple(row)
        for row in db.session.execute(
            sa.select(ReportingPeriod.name, ReportingPeriod.start_date, ReportingPeriod.end_date)
            .where(ReportingPeriod.project_id == project.id)
            .order_by(ReportingPeriod.start_date)
        )
    ]


def add(client, project, name, start, end):
    url = f"/admin/reporting-periods/new/?project_id={project.id}"
    return post_form(client, url, {"name": name, "start_date": start, "end_date": end})


def test_staff_add_periods_to_their_project(client, project, staff):
    reply = add(client, project, " 2025-26 ", "2025-04-01", "2026-03-31")
    assert reply.status_code == 302, reply.text
    add(client, project, "2026-27", "2026-04-01", "2027-03-31")
    assert periods(project) == [
        ("2025-26", date(2025, 4, 1), date(2026, 3, 31)),
        ("2026-27", date(2026, 4, 1), date(2027, 3, 31)),
    ]
    overview = client.get(f"/admin/overview/{project.id}").text
    assert "Reporting periods" in overview
    assert "1 Apr 2026 to 31 Mar 2027" in overview
    assert f"/admin/dashboard/{project.id}?period=2026-27" in overview


@pytest.mark.parametrize(
    ("name", "start", "end", "says"),
    [
        ("2026-27", "2026-03-31", "2027-03-30", "overlaps 2025-26"),
        ("Later", "2027-04-01", "2027-03-01", "cannot end before it starts"),
        ("2025-26", "2030-04-01", "2031-03-31", "already has a period called 2025-26"),
    ],
)
def test_overlapping_or_backwards_periods_are_refused(
    client, project, staff, name, start, end, says
):
    add_period(project, "2025-26", date(2025, 4, 1), date(2026, 3, 31))
    db.session.commit()
    reply = add(client, project, name, start, end)
    assert reply.status_code == 200
    assert says in reply.text
    assert len(periods(project)) == 1


def test_a_project_without_periods_says_so(client, project, staff):
    page = client.get(f"/admin/overview/{project.id}").text
    assert "No reporting periods yet" in page
    assert f"/admin/reporting-periods/new/?project_id={project.id}" in page
