"""One place saves changes (coimpact/database.py): services flush; a request commits when its
view returns and keeps nothing when it raises; a command commits when it ends and keeps nothing
when it fails. Checked through real interfaces: routes of a test app that call real services,
the sign-in page, and the CLI runner."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from flask import abort, flash, get_flashed_messages

from coimpact.extensions import db
from coimpact.models import AuditEvent, EvidenceItem, Project, User
from coimpact.services.projects import create_project
from tests.conftest import csrf_token
from tests.public_helpers import commits_fail

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def projects() -> list[str]:
    db.session.rollback()  # read what was committed, not what this session holds
    return list(db.session.scalars(sa.select(Project.slug).order_by(Project.slug)))


def audited(action: str) -> int:
    db.session.rollback()
    return db.session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == action)
    )


@pytest.fixture
def app(make_app):
    """An app with routes that write through a service, then end in each way a view can."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)  # as in production: an error is a 500 page

    def create(slug: str) -> None:
        create_project(slug, f"Project {slug}")  # flushed, and audited, by the service

    @app.get("/test/returns/<slug>")
    def returns(slug):
        create(slug)
        return "made"

    @app.get("/test/refuses-on-purpose/<slug>")
    def refuses_on_purpose(slug):
        create(slug)
        return "made, and said no to something else", 422

    @app.get("/test/aborts/<slug>")
    def aborts(slug):
        create(slug)
        abort(400)

    @app.get("/test/raises/<slug>")
    def raises(slug):
        create(slug)
        raise RuntimeError("a bug half-way through the view")

    @app.get("/test/fails-at-commit")
    def fails_at_commit():
        # A second project with the same slug: refused by the database only when committed.
        db.session.add(Project(slug="taken", name="Another"))
        flash("Saved.", "success")
        return "saved, or so the view thinks"

    @app.get("/test/flashed")
    def flashed():
        return " | ".join(get_flashed_messages())

    with app.app_context():
        yield app


def test_a_view_that_returns_is_committed(client):
    assert client.get("/test/returns/kept").status_code == 200
    assert projects() == ["kept"]
    assert audited("project_created") == 1


def test_a_view_that_answers_4xx_on_purpose_keeps_what_it_wrote(client):
    assert client.get("/test/refuses-on-purpose/kept").status_code == 422
    assert projects() == ["kept"]


@pytest.mark.parametrize(("route", "status"), [("aborts", 400), ("raises", 500)])
def test_a_request_that_raises_keeps_nothing(client, route, status):
    response = client.get(f"/test/{route}/thrown-away")
    assert response.status_code == status
    assert "Traceback" not in response.text  # the app's own error page
    assert projects() == []
    assert audited("project_created") == 0


def test_a_failed_commit_is_an_error_page_and_takes_back_what_the_view_flashed(client):
    assert client.get("/test/returns/taken").status_code == 200
    failed = client.get("/test/fails-at-commit")
    assert failed.status_code == 500 and "Saved." not in failed.text
    assert projects() == ["taken"]
    assert "Saved." not in client.get("/test/flashed").text


def test_a_failed_sign_in_is_counted_though_the_page_says_no(client, make_user):
    """The lockout counts wrong passwords from the audit log: the 401 page keeps that row."""
    user = make_user()
    page = client.get("/login")
    wrong = client.post(
        "/login",
        data={"email": user.email, "password": "not it", "csrf_token": csrf_token(page.text)},
    )
    assert wrong.status_code == 401
    assert audited("login_failed") == 1


def test_an_upload_is_removed_when_its_request_keeps_nothing(make_app, tmp_path, make_user):
    """The evidence service stores the file before the row; a request that then fails takes the
    file away with the row (database.after_rollback)."""
    from coimpact.services.evidence import add_other_evidence
    from coimpact.services.uploads import check_upload

    uploads = tmp_path / "uploads"
    app = make_app(COIMPACT_UPLOAD_DIR=str(uploads), PROPAGATE_EXCEPTIONS=False)

    @app.get("/test/upload-then-abort/<int:project_id>/<int:user_id>")
    def upload_then_abort(project_id, user_id):
        add_other_evidence(
            project_id,
            "document",
            db.session.get(User, user_id),
            title="Minutes",
            upload=check_upload(io.BytesIO(PDF), "minutes.pdf"),
        )
        assert len(list(uploads.iterdir())) == 1  # written before the row, as it must be
        abort(403)

    with app.app_context():
        project = Project(slug="files", name="Files")
        db.session.add(project)
        db.session.commit()
        user = make_user(projects=[project])
        response = app.test_client().get(f"/test/upload-then-abort/{project.id}/{user.id}")
        assert response.status_code == 403
        assert list(uploads.iterdir()) == []
        db.session.rollback()
        assert db.session.scalars(sa.select(EvidenceItem)).all() == []


def test_a_command_that_fails_half_way_keeps_nothing(runner, make_project, monkeypatch):
    """`create-user` makes the account, then adds it to its projects: a failure in between
    leaves no account behind (the command is one unit of work)."""
    from coimpact.services import accounts

    project = make_project()

    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(accounts, "add_member", broken)
    result = runner.invoke(
        args=["create-user", "half@example.org", "--project", project.slug],
        input="a long enough password\n",
    )
    assert result.exit_code != 0 and isinstance(result.exception, RuntimeError)
    db.session.rollback()
    assert db.session.scalar(sa.select(User).where(User.email == "half@example.org")) is None
    assert audited("user_created") == 0


def test_a_command_that_succeeds_is_committed(runner):
    result = runner.invoke(args=["create-project", "made", "--name", "Made here"])
    assert result.exit_code == 0, result.output
    assert projects() == ["made"]


def test_a_command_says_what_it_did_only_once_it_is_saved(runner):
    with commits_fail():
        failed = runner.invoke(args=["create-project", "unsaved", "--name", "Not kept"])
    assert failed.exit_code != 0
    assert "Created" not in failed.output
    assert projects() == []
