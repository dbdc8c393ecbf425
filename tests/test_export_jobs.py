"""The workbook export from the admin: a background job (thread or RQ), its progress page, the
download, who may do what, the audit trail and the friendly failures."""

from __future__ import annotations

import gc
import io
import json
import os
import re
import shutil
import signal
import threading
import time
import uuid
from datetime import timedelta

import openpyxl
import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.jobs import JobStatus, JobStore, runners
from coimpact.jobs import export as export_job
from coimpact.models import AuditEvent, Form, Project, Role
from tests.conftest import PASSWORD, csrf_token

CONTRACT_SHEETS = [
    "About",
    "Theory of Change",
    "Achievements",
    "Benefits",
    "Impact",
    "Evaluation & feedback",
    "Indicators",
    "Evidence",
    "Questions",
    "Involvement",
    "Co-assessment",
    "Easy read",
    "Glossary",
]
JOB_URL_RE = re.compile(r"/admin/exports/job/([A-Za-z0-9_-]+)$")
REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(
        COIMPACT_JOB_QUEUE="thread",  # the default, said here so the environment cannot change it
        COIMPACT_JOBS_DIR=str(tmp_path / "jobs"),
        COIMPACT_WEB_EXPORT_DIR=str(tmp_path / "workbooks"),
        COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"),
    )
    with app.app_context():
        yield app
    # Let a job still queued behind a test's gate finish before the database goes away, or its
    # connection would outlive the test (and be reported in another one).
    runners.executor(app).shutdown(wait=True)


@pytest.fixture
def demo(app) -> Project:
    from coimpact.demo.seed import seed_demo

    project = seed_demo().project
    db.session.commit()  # the command commits seed_demo's work; here the test does
    return project


@pytest.fixture
def store(app) -> JobStore:
    return JobStore.for_app(app)


def start_export(client, project_id: int) -> str:
    page = client.get(f"/admin/exports/{project_id}")
    assert page.status_code == 200
    assert "Create workbook" in page.text
    response = client.post(
        f"/admin/exports/{project_id}", data={"csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 303, response.text
    match = JOB_URL_RE.search(response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def sign_in(app, email: str):
    """A client of its own, signed in through the real login form."""
    client = app.test_client()
    page = client.get("/login")
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 302
    return client


def download_of(client, job_id: str):
    """GET the download, read it whole and close the file it came from (send_file's)."""
    response = client.get(f"/admin/exports/job/{job_id}/download")
    response.get_data()
    response.close()
    return response


def sheet_names(data: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return workbook.sheetnames
    finally:
        workbook.close()


def wait_for(store: JobStore, job_id: str, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = store.load(job_id)
        if job is not None and job.finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


@pytest.fixture
def gate(app):
    """Holds the app's one job thread busy until released, so a test can change the world
    between starting an export and its running (the real thread runner all the same)."""
    event = threading.Event()
    runners.executor(app).submit(event.wait, 60)
    yield event
    event.set()


def export_events() -> list[AuditEvent]:
    db.session.rollback()  # a fresh snapshot: the job thread wrote these in its own session
    query = sa.select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def test_staff_export_runs_in_the_background_and_downloads_as_xlsx(
    client, demo, make_user, login, store
):
    staff = make_user(Role.STAFF, projects=[demo])
    login(staff)
    job_id = start_export(client, demo.id)
    job = wait_for(store, job_id)
    assert job.status == JobStatus.DONE, job.error

    status = client.get(f"/admin/exports/job/{job_id}")
    assert status.status_code == 200
    assert "Download the workbook" in status.text
    assert 'http-equiv="refresh"' not in status.text  # nothing left to wait for

    download = download_of(client, job_id)
    assert download.status_code == 200
    today = job.finished_at[:10]
    assert download.headers["Content-Disposition"] == f"attachment; filename=demo-{today}.xlsx"
    assert download.headers["Cache-Control"] == "no-store"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == export_xlsx_type()
    names = sheet_names(download.data)
    for sheet in CONTRACT_SHEETS:
        assert sheet in names
    forms = db.session.scalars(sa.select(Form.title).where(Form.project_id == demo.id)).all()
    assert len([n for n in names if n.startswith("Responses - ")]) == len(forms) == 2

    # The project page lists the workbook for every member to fetch again.
    page = client.get(f"/admin/exports/{demo.id}")
    assert f"/admin/exports/job/{job_id}/download" in page.text

    events = export_events()
    assert [e.detail["step"] for e in events] == ["started", "finished", "downloaded"]
    for event in events:
        assert event.actor_id == staff.id
        assert event.actor_email == staff.email
        assert event.project_id == demo.id
        assert event.target == job_id
        assert event.detail["rows"] == job.rows > 0


def export_xlsx_type() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_status_page_shows_progress_and_refreshes_itself(client, demo, make_user, login, store):
    login(make_user(Role.STAFF, projects=[demo]))
    job = export_job.new_export_job(store, demo, make_user(Role.STAFF, projects=[demo]))

    waiting = client.get(f"/admin/exports/job/{job.id}")
    assert "Waiting to start" in waiting.text
    assert '<meta http-equiv="refresh" content="2">' in waiting.text

    job.status, job.done, job.total = JobStatus.RUNNING, 250, 1000
    store.save(job)
    running = client.get(f"/admin/exports/job/{job.id}")
    assert "250 of 1,000 steps (25%)" in running.text
    assert 'value="25"' in running.text
    assert '<meta http-equiv="refresh" content="2">' in running.text
    assert "Download the workbook" not in running.text
    assert client.get(f"/admin/exports/job/{job.id}/download").status_code == 302


def test_a_job_left_running_by_a_restart_is_reported_not_spun(
    client, demo, make_user, login, store
):
    login(make_user(Role.STAFF, projects=[demo]))
    job = export_job.new_export_job(store, demo, make_user(Role.STAFF, projects=[demo]))
    path = store.state_dir / f"{job.id}.json"
    data = json.loads(path.read_text())
    old = export_job.utc_now() - timedelta(hours=2)
    data.update(status="running", updated_at=old.isoformat())
    path.write_text(json.dumps(data))
    page = client.get(f"/admin/exports/job/{job.id}")
    assert "stopped without finishing" in page.text
    assert 'http-equiv="refresh"' not in page.text
    # …and it does not stop anyone from starting a new one.
    assert start_export(client, demo.id) != job.id


def test_a_viewer_of_the_project_can_export_and_download(client, demo, make_user, login, store):
    viewer = make_user(Role.VIEWER, projects=[demo])
    login(viewer)
    assert "Export workbook" in client.get("/admin/exports/").text
    job_id = start_export(client, demo.id)
    assert wait_for(store, job_id).status == JobStatus.DONE
    download = download_of(client, job_id)
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert {e.actor_id for e in export_events()} == {viewer.id}


def test_any_member_may_download_a_colleagues_workbook(app, demo, make_user, login, client, store):
    login(make_user(Role.STAFF, projects=[demo]))
    job_id = start_export(client, demo.id)
    wait_for(store, job_id)
    colleague = sign_in(app, make_user(Role.VIEWER, projects=[demo]).email)
    assert download_of(colleague, job_id).status_code == 200


def test_staff_of_another_project_get_404_everywhere(
    app, client, demo, make_project, make_user, login, store
):
    owner = make_user(Role.STAFF, projects=[demo])
    login(owner)
    job_id = start_export(client, demo.id)
    wait_for(store, job_id)

    client = sign_in(app, make_user(Role.STAFF, projects=[make_project()]).email)
    assert client.get(f"/admin/exports/{demo.id}").status_code == 404
    token = csrf_token(client.get("/admin/exports/").text)
    assert client.post(f"/admin/exports/{demo.id}", data={"csrf_token": token}).status_code == 404
    assert client.get(f"/admin/exports/job/{job_id}").status_code == 404
    assert download_of(client, job_id).status_code == 404
    # Guessed, unknown and malformed ids look exactly the same.
    for guess in ("A" * 22, "x", "..%2F..%2Fsecret_key", "%2e%2e"):
        assert client.get(f"/admin/exports/job/{guess}").status_code == 404
        assert client.get(f"/admin/exports/job/{guess}/download").status_code == 404
    assert client.get("/admin/exports/999999").status_code == 404
    assert demo.name not in client.get("/admin/exports/").text
    assert [e.detail["step"] for e in export_events()] == ["started", "finished"]


def test_anonymous_visitors_are_sent_to_sign_in(client, demo, store, make_user):
    job = export_job.new_export_job(store, demo, make_user(Role.STAFF, projects=[demo]))
    for url in (
        "/admin/exports/",
        f"/admin/exports/{demo.id}",
        f"/admin/exports/job/{job.id}",
        f"/admin/exports/job/{job.id}/download",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login")
    assert client.post(f"/admin/exports/{demo.id}").status_code in (302, 400)
    assert store.for_project(demo.id) == [store.load(job.id)]


def test_starting_needs_the_csrf_token(client, demo, make_user, login, store):
    login(make_user(Role.STAFF, projects=[demo]))
    assert client.post(f"/admin/exports/{demo.id}", data={}).status_code == 400
    assert store.for_project(demo.id) == []


def test_a_second_start_while_one_is_queued_joins_it(client, demo, make_user, login, gate):
    login(make_user(Role.STAFF, projects=[demo]))
    first = start_export(client, demo.id)
    assert start_export(client, demo.id) == first


def test_project_deleted_before_its_export_runs_fails_in_plain_words(
    client, demo, make_user, login, store, gate
):
    admin = make_user(Role.ADMIN)
    login(admin)
    job_id = start_export(client, demo.id)
    db.session.delete(db.session.get(Project, demo.id))
    db.session.commit()
    gate.set()
    job = wait_for(store, job_id)
    assert job.status == JobStatus.FAILED
    page = client.get(f"/admin/exports/job/{job_id}")
    assert page.status_code == 200
    assert "The workbook could not be made" in page.text
    assert export_job.PROJECT_GONE in page.text
    assert "Traceback" not in page.text
    steps = [(e.detail["step"], e.project_id) for e in export_events()]
    assert steps == [("started", None), ("failed", None)]  # project_id cleared with the project


# openpyxl's write-only sheets of the abandoned workbook complain when garbage-collected.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_workbook_folder_that_cannot_be_written_fails_in_plain_words(
    client, demo, make_user, login, store, gate
):
    login(make_user(Role.STAFF, projects=[demo]))
    job_id = start_export(client, demo.id)
    # A real broken disk state: where the workbooks go is now a file, not a folder.
    shutil.rmtree(store.files_dir)
    store.files_dir.write_text("not a folder")
    gate.set()
    job = wait_for(store, job_id)
    gc.collect()  # here, where the filter above applies, not in the next test
    assert job.status == JobStatus.FAILED
    page = client.get(f"/admin/exports/job/{job_id}")
    assert export_job.DISK_PROBLEM in page.text
    assert "Try again" in page.text
    assert download_of(client, job_id).status_code == 302


def test_old_jobs_and_workbooks_are_removed_when_a_new_one_starts(
    client, demo, make_user, login, store
):
    login(make_user(Role.STAFF, projects=[demo]))
    old_id = start_export(client, demo.id)
    old = wait_for(store, old_id)
    workbook = store.result_path(old)
    day_and_more = time.time() - 25 * 3600
    for path in (store.state_dir / f"{old_id}.json", workbook):
        os.utime(path, (day_and_more, day_and_more))
    start_export(client, demo.id)
    assert not workbook.exists()
    assert client.get(f"/admin/exports/job/{old_id}").status_code == 404


def test_a_workbook_removed_from_disk_is_gone_not_an_error(client, demo, make_user, login, store):
    login(make_user(Role.STAFF, projects=[demo]))
    job_id = start_export(client, demo.id)
    store.result_path(wait_for(store, job_id)).unlink()
    response = download_of(client, job_id)
    assert response.status_code == 410
    assert "no longer kept" in response.text
    assert [e.detail["step"] for e in export_events()] == ["started", "finished"]


def test_queue_not_answering_is_a_friendly_failure(make_app, tmp_path):
    app = make_app(
        COIMPACT_JOB_QUEUE="rq",
        REDIS_URL="redis://127.0.0.1:1/0",  # nothing listens on port 1
        COIMPACT_JOBS_DIR=str(tmp_path / "jobs"),
        COIMPACT_WEB_EXPORT_DIR=str(tmp_path / "workbooks"),
    )
    with app.app_context():
        project = Project(slug="p", name="P")
        db.session.add(project)
        db.session.commit()
        client = sign_in(app, make_user_in(project))
        job_id = start_export(client, project.id)
        status = client.get(f"/admin/exports/job/{job_id}")
        assert export_job.QUEUE_PROBLEM in status.text
        assert JobStore.for_app(app).load(job_id).status == JobStatus.FAILED


def make_user_in(project) -> str:
    """A staff member of `project`, for tests on an app of their own (not the `app` fixture)."""
    from coimpact.services.accounts import add_member, create_user

    user = create_user("member@example.org", PASSWORD, Role.STAFF)
    add_member(user, project)
    db.session.commit()
    return user.email


def redis_or_skip():
    redis = pytest.importorskip("redis")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return connection


def test_rq_worker_runs_the_same_export(make_app, tmp_path):
    connection = redis_or_skip()
    from rq import Queue, SimpleWorker

    name = f"coimpact-test-{uuid.uuid4().hex[:8]}"
    app = make_app(
        COIMPACT_JOB_QUEUE="rq",
        COIMPACT_JOB_QUEUE_NAME=name,
        REDIS_URL=REDIS_URL,
        COIMPACT_JOBS_DIR=str(tmp_path / "jobs"),
        COIMPACT_WEB_EXPORT_DIR=str(tmp_path / "workbooks"),
        COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"),
    )
    queue = Queue(name, connection=connection)
    try:
        with app.app_context():
            from coimpact.demo.seed import seed_demo

            demo = seed_demo().project
            db.session.commit()  # the command commits seed_demo's work; here the test does
            client = sign_in(app, make_user_in(demo))
            job_id = start_export(client, demo.id)
            assert "Waiting to start" in client.get(f"/admin/exports/job/{job_id}").text
            assert queue.count == 1
            # The worker in-process, in burst mode: it runs what is queued, then returns. It
            # installs its own SIGINT/SIGTERM handlers; put pytest's back afterwards.
            handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                SimpleWorker([queue], connection=connection).work(burst=True)
            finally:
                for sig, handler in handlers.items():
                    signal.signal(sig, handler)
            store = JobStore.for_app(app)
            job = store.load(job_id)
            assert job.status == JobStatus.DONE, job.error
            download = download_of(client, job_id)
            assert download.status_code == 200
            names = sheet_names(download.data)
            assert "About" in names and "Glossary" in names
    finally:
        queue.delete(delete_jobs=True)
