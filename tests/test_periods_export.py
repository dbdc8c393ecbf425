"""The admin's export for one reporting period, through the HTTP client and the real
background job, the workbook downloaded and reopened with openpyxl."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from coimpact.domain.readable import UK
from coimpact.extensions import db
from coimpact.jobs import JobStatus, JobStore, runners
from coimpact.models import Role
from coimpact.services.periods import add_period
from tests.conftest import csrf_token
from tests.workbook_helpers import build_fixture, rows, table

EARLIER = ("named", "no")  # submitted in 2025-26; the rest in 2026-27


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(
        COIMPACT_JOB_QUEUE="inline",
        COIMPACT_JOBS_DIR=str(tmp_path / "jobs"),
        COIMPACT_WEB_EXPORT_DIR=str(tmp_path / "workbooks"),
    )
    with app.app_context():
        yield app
    runners.executor(app).shutdown(wait=True)


@pytest.fixture
def fx(make_project, make_form, client):
    fx = build_fixture(make_project, make_form, client)
    for name, response in fx.responses.items():
        when = (2025, 6, 1) if name in EARLIER else (2026, 6, 1)
        response.submitted_at = datetime(*when, 12, 0, tzinfo=UK)
    add_period(fx.project, "2025-26", date(2025, 4, 1), date(2026, 3, 31))
    add_period(fx.project, "2026-27", date(2026, 4, 1), date(2027, 3, 31))
    db.session.commit()
    return fx


def export(client, app, project_id: int, period: str) -> openpyxl.Workbook:
    page = client.get(f"/admin/exports/{project_id}")
    assert page.status_code == 200
    reply = client.post(
        f"/admin/exports/{project_id}",
        data={"csrf_token": csrf_token(page.text), "period": period},
    )
    assert reply.status_code == 303, reply.text
    job_id = reply.headers["Location"].rstrip("/").split("/")[-1]
    job = JobStore.for_app(app).load(job_id)
    assert job is not None and job.status == JobStatus.DONE, job
    download = client.get(f"/admin/exports/job/{job_id}/download")
    data = download.get_data()
    download.close()
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_admin_exports_a_period_with_the_one_before_beside_it(
    app, client, fx, make_user, login
):
    login(make_user(Role.STAFF, projects=[fx.project]))
    page = client.get(f"/admin/exports/{fx.project.id}").text
    assert '<option value="2026-27" selected>' in page  # the current period by default

    book = export(client, app, fx.project.id, "2025-26")
    about = {r[0]: r[1] for r in rows(book["About"]) if r[0]}
    assert about["Reporting period"] == "2025-26 (1 Apr 2025 to 31 Mar 2026)"
    assert about["Responses"] == len(EARLIER)
    assert len(table(book["Responses - After the meeting"])) == len(EARLIER)

    later = export(client, app, fx.project.id, "2026-27")
    indicators = {r["Ref"]: r for r in table(later["Indicators"])}
    assert indicators["A1.1"]["Previous period's result"]
    assert indicators["A1.1"]["Change since the previous period"]
    assert "2026-27" in client.get(f"/admin/exports/{fx.project.id}").text  # in the list

    everything = export(client, app, fx.project.id, "")
    assert {r[0]: r[1] for r in rows(everything["About"]) if r[0]}["Reporting period"] == (
        "All time"
    )
