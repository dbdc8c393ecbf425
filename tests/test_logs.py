"""Nothing sensitive in logs: answer text and passwords never, share tokens out of request lines.

Every logger is captured at DEBUG (and the process's own stdout and stderr) while the paths that
handle answers run for real: a submission, a refused one, a failed sign-in, a database error in a
request, an erasure and both exports. Then gunicorn's access log (through the logger class that
gunicorn.conf.py names) and Flask's development server, each serving a real request.
"""

from __future__ import annotations

import logging
import runpy
import threading
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from gunicorn.config import Config
from werkzeug.serving import make_server

from coimpact.extensions import db
from coimpact.models import Answer, Response, Role
from coimpact.web.log_privacy import REDACTED, RedactingGunicornLogger, redact
from tests.conftest import PASSWORD as STAFF_PASSWORD
from tests.conftest import csrf_token
from tests.public_helpers import GOOD_ANSWERS, post_standard

ROOT = Path(__file__).resolve().parent.parent
ANSWER = "Marker-7Qx private story about my carer"
NAME = "Marker-Name Quentin Xylophone"
PASSWORD = "Marker-Pw 9zv correct horse"


@pytest.fixture
def logs(caplog, capfd):
    """Everything logged at any level, plus what reached the process's stdout and stderr."""
    caplog.set_level(logging.DEBUG)

    def text() -> str:
        out, err = capfd.readouterr()
        return "\n".join([caplog.text, out, err])

    return text


def submit_marker(client, token: str) -> None:
    answers = {
        **GOOD_ANSWERS,
        "q_story": ANSWER,
        "q_name_of_group": ANSWER,
        "participant_name": NAME,
    }
    assert post_standard(client, token, answers).status_code == 303


def test_submissions_sign_in_and_erasure_log_no_answer_or_password(
    client, runner, make_form, logs, make_user
):
    link = make_form()
    submit_marker(client, link.token)
    # Refused for a bad number: the page comes back with the answers, nothing is stored.
    refused = {**GOOD_ANSWERS, "q_story": ANSWER, "q_meetings": "lots"}
    assert post_standard(client, link.token, refused).status_code == 422
    stored = db.session.scalars(sa.select(Answer).where(Answer.value_text == ANSWER)).all()
    assert len(stored) == 2  # the story and the group's name, from the one accepted submission

    user = make_user(Role.STAFF, projects=[link.form.project])
    page = client.get("/login")
    failed = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert failed.status_code == 401

    ref = db.session.scalars(sa.select(Response.ref)).one()
    erased = runner.invoke(args=["erase", ref, "--reason", "asked by the person"])
    assert erased.exit_code == 0, erased.output

    text = logs()
    for secret in (ANSWER, NAME, PASSWORD, "Marker"):
        assert secret not in text
        assert secret not in erased.output


def test_exports_log_no_answer_text(make_app, tmp_path, make_user, make_form, logs):
    app = make_app(
        COIMPACT_JOB_QUEUE="inline",
        COIMPACT_JOBS_DIR=str(tmp_path / "jobs"),
        COIMPACT_WEB_EXPORT_DIR=str(tmp_path / "workbooks"),
    )
    with app.app_context():
        client = app.test_client()
        link = make_form()
        for _ in range(3):
            submit_marker(client, link.token)
        project = link.form.project
        user = make_user(Role.STAFF, projects=[project])
        page = client.get("/login")
        client.post(
            "/login",
            data={
                "email": user.email,
                "password": STAFF_PASSWORD,
                "csrf_token": csrf_token(page.text),
            },
        )
        start = client.get(f"/admin/exports/{project.id}")
        started = client.post(
            f"/admin/exports/{project.id}", data={"csrf_token": csrf_token(start.text)}
        )
        assert started.status_code == 303
        status = client.get(started.headers["Location"])
        assert status.status_code == 200 and "Download" in status.text

        result = app.test_cli_runner().invoke(
            args=["export", project.slug, "--out", str(tmp_path / "cli.xlsx")]
        )
        assert result.exit_code == 0, result.output
        assert (tmp_path / "cli.xlsx").stat().st_size > 0
    text = logs()
    assert ANSWER not in text and NAME not in text and "Marker" not in text


def test_a_database_error_in_a_request_is_logged_without_the_values(make_app, logs):
    """A NOT NULL failure: SQLAlchemy's message would list the values, PostgreSQL's DETAIL would
    quote the row. Flask logs it (this app does not re-raise errors, as in production)."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    with app.app_context():
        db.session.execute(
            sa.text(
                "CREATE TABLE log_probe (id INTEGER PRIMARY KEY, note TEXT, kept TEXT NOT NULL)"
            )
        )
        db.session.commit()

    @app.get("/f/<token>/probe")
    def probe(token):
        db.session.execute(
            sa.text("INSERT INTO log_probe (id, note, kept) VALUES (1, :note, NULL)"),
            {"note": ANSWER},
        )
        db.session.commit()
        return "stored"

    response = app.test_client().get("/f/SecretShareToken123/probe")
    assert response.status_code == 500
    assert "Traceback" not in response.text
    text = logs()
    assert f"Exception on /f/{REDACTED}/probe [GET]" in text
    assert "sqlalchemy.exc.IntegrityError" in text  # what happened, and where, is kept
    assert "probe" in text and "Traceback (most recent call last)" in text
    assert ANSWER not in text and "Marker" not in text
    assert "SecretShareToken123" not in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET /f/AbC-12_x HTTP/1.1", f"GET /f/{REDACTED} HTTP/1.1"),
        ("POST /f/AbC-12_x/easy/q3?step=2 HTTP/1.1", f"POST /f/{REDACTED}/easy/q3?step=2 HTTP/1.1"),
        ("https://impact.example.org/s/Zz9-8y", f"https://impact.example.org/s/{REDACTED}"),
        ("/login?next=/admin/&token=abc123&x=1", f"/login?next=/admin/&token={REDACTED}&x=1"),
        ("/q?share_TOKEN=abc;b=2", f"/q?share_TOKEN={REDACTED};b=2"),
        ("token=abc&page=2", f"token={REDACTED}&page=2"),
        ("page=2&tokens_left=3", f"page=2&tokens_left={REDACTED}"),
        ('"GET /static/css/site.css HTTP/1.1" 200', '"GET /static/css/site.css HTTP/1.1" 200'),
        ("GET /admin/links/print/5 HTTP/1.1", "GET /admin/links/print/5 HTTP/1.1"),
    ],
)
def test_redact(line, expected):
    assert redact(line) == expected


class _Reply:
    """What gunicorn hands its access logger: the status, the headers sent, bytes sent."""

    def __init__(self, status: str, headers: list[tuple[str, str]], sent: int) -> None:
        self.status, self.headers, self.sent = status, headers, sent


def test_gunicorn_access_log_line_through_the_configured_logger_class(tmp_path):
    cfg = Config()
    # The logger class named in gunicorn.conf.py, loaded by gunicorn's own setting.
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cfg.set("logger_class", settings["logger_class"])
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    cfg.set(
        "access_log_format",
        '%(h)s "%(r)s" %(s)s %(U)s %(q)s "%(f)s" %({location}o)s %({raw_uri}e)s',
    )
    logger = cfg.logger_class(cfg)
    assert isinstance(logger, RedactingGunicornLogger)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/f/Tok3n-abc/easy?token=Tok3n-abc",
        "PATH_INFO": "/f/Tok3n-abc/easy",
        "QUERY_STRING": "token=Tok3n-abc",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": "https://impact.example.org/f/Tok3n-abc",
    }
    reply = _Reply("303 SEE OTHER", [("Location", "/f/Tok3n-abc/easy/q1")], 0)
    logger.access(reply, [("Referer", environ["HTTP_REFERER"])], environ, timedelta(0, 0, 1500))
    logger.error("Error handling request %s", environ["RAW_URI"])
    for handler in logger.access_log.handlers + logger.error_log.handlers:
        handler.flush()
    access = (tmp_path / "access.log").read_text()
    error = (tmp_path / "error.log").read_text()
    assert "Tok3n" not in access and "Tok3n" not in error
    assert f'"GET /f/{REDACTED}/easy?token={REDACTED} HTTP/1.1" 303' in access
    assert (
        f"/f/{REDACTED}/easy/q1" in access
        and f'"https://impact.example.org/f/{REDACTED}"' in access
    )
    assert f"Error handling request /f/{REDACTED}/easy?token={REDACTED}" in error


def test_development_server_request_lines_leave_out_the_token(make_form, app, caplog):
    """Flask's development server (werkzeug) logs each request line to the "werkzeug" logger."""
    link = make_form()
    db.session.commit()
    caplog.set_level(logging.INFO, logger="werkzeug")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.socket.getsockname()[1]}/f/{link.token}"
        with urllib.request.urlopen(url) as reply:  # noqa: S310 (our own loopback server)
            assert reply.status == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any(f"GET /f/{REDACTED} HTTP/1.1" in line for line in lines), lines
    assert link.token not in caplog.text
