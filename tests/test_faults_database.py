"""The database goes away and comes back: participants keep their answers, staff are told what
is wrong, and the app recovers by itself.

The outage is real, not a stub: the app talks to PostgreSQL through a TCP proxy (tests/tcp_proxy.py)
that cuts every connection and refuses new ones, then comes back. These tests need PostgreSQL
(at COIMPACT_TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test) in the SQLite run
too, each in a schema of its own. The SQLite case is an app started while its database folder is
missing (a volume not mounted yet), which then appears.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections import defaultdict

import lxml.html
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from werkzeug.datastructures import MultiDict

from coimpact.config import normalise_database_url
from coimpact.database import in_schema, scratch_schema
from coimpact.extensions import db
from coimpact.models import Answer, Draft, Project, Response
from tests.conftest import PASSWORD, csrf_token
from tests.public_helpers import GOOD_ANSWERS, easy_post, easy_start, post_standard
from tests.tcp_proxy import TcpProxy

PG_BASE = normalise_database_url(
    os.environ.get("COIMPACT_TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/test"
)
STAFF_DOWN = "The database is not answering"
PARTICIPANT_DOWN = "Sorry, we cannot save things right now"
KEPT_NOTICE = "could not save your answers"
# The form `make_form` builds, in page order: easy-read step n asks question n.
QUESTION_KEYS = [
    "name_of_group", "story", "venue", "topics", "feeling", "listened", "again", "meetings",
    "confidence",
]  # fmt: skip
CONSENT = {k: GOOD_ANSWERS[k] for k in ("consent", "quote_permission", "participant_name")}


def answer_step(client, token: str, number: int) -> int:
    """Answer easy-read step `number` with the standard answers to its question."""
    prefix = f"q_{QUESTION_KEYS[number - 1]}"
    answers = {k: v for k, v in GOOD_ANSWERS.items() if k.startswith(prefix)}
    return easy_post(client, f"/f/{token}/easy/{number}", answers).status_code


def _unavailable(message: str):
    """Skip on a laptop without PostgreSQL; fail where it is required (CI)."""
    if os.environ.get("COIMPACT_REQUIRE_BROWSER") == "1" or os.environ.get(
        "COIMPACT_TEST_DATABASE_URL"
    ):
        pytest.fail(f"{message} (required here, so this fails instead of skipping)")
    pytest.skip(message)


@pytest.fixture
def pg_schema():
    """A schema of its own on the test PostgreSQL, dropped afterwards; yields its name."""
    with contextlib.ExitStack() as stack:
        try:
            schema, _ = stack.enter_context(scratch_schema(PG_BASE, "faults_", connect_timeout=5))
        except sa.exc.OperationalError as exc:
            _unavailable(f"PostgreSQL is not reachable at {make_url(PG_BASE)!r}: {exc.orig}")
        yield schema


@pytest.fixture
def pg_proxy(pg_schema):
    url = make_url(PG_BASE)
    with TcpProxy(url.host or "localhost", url.port or 5432) as proxy:
        yield proxy


@pytest.fixture
def database_url(request, tmp_path):
    """Overrides conftest's: each test here names its database (indirect parametrisation), so
    that the usual fixtures (app, client, make_form, login …) stand on it."""
    if request.param == "sqlite-in-a-folder":
        (tmp_path / "data").mkdir()
        return f"sqlite:///{tmp_path / 'data' / 'coimpact.db'}"
    proxy = request.getfixturevalue("pg_proxy")
    schema = request.getfixturevalue("pg_schema")
    url = make_url(PG_BASE).set(host="127.0.0.1", port=proxy.port)
    return in_schema(url.render_as_string(hide_password=False), schema)


THROUGH_PROXY = pytest.mark.parametrize("database_url", ["postgresql-via-proxy"], indirect=True)
SQLITE_IN_A_FOLDER = pytest.mark.parametrize("database_url", ["sqlite-in-a-folder"], indirect=True)


def shown_answers(html: str, holding: str = "csrf_token") -> dict[str, list[str]]:
    """What the page's form (the first that holds the field `holding`) would send if its button
    were pressed now, as a browser sends it: filled-in text, checked boxes, hidden fields."""
    form = next(f for f in lxml.html.fromstring(html).forms if holding in f.fields)
    values: dict[str, list[str]] = defaultdict(list)
    for name, value in form.form_values():
        values[name].append(value)
    return values


def assert_answers_kept(html: str, sent: dict) -> None:
    shown = shown_answers(html)
    for name, value in sent.items():
        expected = value if isinstance(value, list) else [value]
        assert sorted(shown.get(name, [])) == sorted(expected), (name, shown.get(name))


def resend(client, url: str, html: str):
    """Press the page's button again: send exactly what the page holds."""
    return client.post(url, data=MultiDict(shown_answers(html)))


def assert_friendly(response, code: int, words: str) -> None:
    assert response.status_code == code, (response.status_code, response.text[:500])
    assert words in response.text
    for leak in ("Traceback", "sqlalchemy", "psycopg", "SELECT ", "OperationalError"):
        assert leak not in response.text, leak


def stored() -> list[Response]:
    """Every stored response, read afresh."""
    db.session.rollback()
    return db.session.scalars(sa.select(Response)).all()


@THROUGH_PROXY
def test_outage_keeps_answers_tells_staff_and_recovers(
    app, client, login, make_form, make_user, pg_proxy
):
    link = make_form()
    token, project_id = link.token, link.form.project_id
    login(make_user(projects=[link.form.project]))  # staff, on `client`
    standard, easy = app.test_client(), app.test_client()
    page = standard.get(f"/f/{token}")
    assert page.status_code == 200
    easy_start(easy, token)
    easy_post(easy, f"/f/{token}/easy/agree", CONSENT)
    for number in (1, 2, 3):
        assert answer_step(easy, token, number) == 303
    step_4 = easy.get(f"/f/{token}/easy/4")
    staff_form = client.get(f"/f/{token}")  # staff trying the form themselves
    edit_url = f"/admin/projects/edit/?id={project_id}"
    edit_page = client.get(edit_url)
    assert edit_page.status_code == 200
    renamed = MultiDict(shown_answers(edit_page.text, holding="name"))
    renamed["name"] = "Renamed while the database was away"
    refused_before = pg_proxy.refused
    db.session.rollback()  # this test's own session ends its transaction before the cut

    pg_proxy.down()

    # A participant sends the standard form: a friendly 503 with every answer still on the page
    # and the same submission id, so that pressing the button again cannot store it twice.
    sent = {**GOOD_ANSWERS, "csrf_token": csrf_token(page.text)}
    sent["submission_id"] = shown_answers(page.text)["submission_id"][0]
    failed = standard.post(f"/f/{token}", data=sent)
    assert_friendly(failed, 503, KEPT_NOTICE)
    assert_answers_kept(failed.text, {k: v for k, v in sent.items() if k != "csrf_token"})
    # The same for a signed-in staff member: their account is not needed to keep the answers.
    staff_sent = {**GOOD_ANSWERS, "csrf_token": csrf_token(staff_form.text)}
    staff_sent["submission_id"] = shown_answers(staff_form.text)["submission_id"][0]
    staff_failed = client.post(f"/f/{token}", data=staff_sent)
    assert_friendly(staff_failed, 503, KEPT_NOTICE)
    assert_answers_kept(
        staff_failed.text, {k: v for k, v in staff_sent.items() if k != "csrf_token"}
    )
    # An easy-read step: the same, for that page's answer.
    step_sent = {"q_topics": ["a", "c"], "csrf_token": csrf_token(step_4.text)}
    failed_step = easy.post(f"/f/{token}/easy/4", data=step_sent)
    assert_friendly(failed_step, 503, KEPT_NOTICE)
    assert_answers_kept(failed_step.text, {"q_topics": ["a", "c"]})
    # Opening a form, or the easy-read start: a friendly page, nothing technical.
    for url in (f"/f/{token}", f"/f/{token}/easy", f"/f/{token}/easy/5"):
        assert_friendly(app.test_client().get(url), 503, PARTICIPANT_DOWN)
    # Staff: a plain statement of what is wrong, on every kind of admin page.
    for url in ("/admin/", "/admin/projects/", edit_url):
        assert_friendly(client.get(url), 503, STAFF_DOWN)
    assert_friendly(client.post(edit_url, data=renamed), 503, STAFF_DOWN)
    signing_in = app.test_client()
    login_page = signing_in.get("/login")
    assert login_page.status_code == 200  # the sign-in page itself needs no database
    refused = signing_in.post(
        "/login",
        data={"email": "x@example.org", "password": "y", "csrf_token": csrf_token(login_page.text)},
    )
    assert_friendly(refused, 503, STAFF_DOWN)
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json["status"] != "ok"
    # Those were real refusals: the app went to the database and the proxy turned it away.
    assert pg_proxy.refused > refused_before

    pg_proxy.up()

    # No restart: the next requests work, staff are still signed in, and the answers kept on
    # the pages go through as they are.
    assert client.get("/healthz").json["status"] == "ok"
    assert client.get("/admin/").status_code == 200
    assert stored() == []  # nothing half-stored during the outage
    assert db.session.get(Project, project_id).name != renamed["name"]
    assert client.post(edit_url, data=renamed).status_code == 302  # staff save it again
    db.session.rollback()
    assert db.session.get(Project, project_id).name == renamed["name"]
    assert resend(standard, f"/f/{token}", failed.text).status_code == 303
    assert resend(standard, f"/f/{token}", failed.text).status_code == 303  # once only
    assert resend(easy, f"/f/{token}/easy/4", failed_step.text).status_code == 303
    for number in range(5, len(QUESTION_KEYS) + 1):
        assert answer_step(easy, token, number) == 303
    assert easy_post(easy, f"/f/{token}/easy/helped", {"supported": "yes"}).status_code == 303
    assert easy_post(easy, f"/f/{token}/easy/check", {}).status_code == 303
    responses = stored()
    assert len(responses) == 2
    for response in responses:
        answers = db.session.scalars(sa.select(Answer).where(Answer.response_id == response.id))
        by_key = {a.question_key: a for a in answers}
        assert set(by_key) == set(QUESTION_KEYS)
        assert by_key["topics"].option_codes == "a;c"
        assert by_key["name_of_group"].value_text == "Tuesday group"
    assert db.session.scalars(sa.select(Draft)).all() == []


@THROUGH_PROXY
@pytest.mark.parametrize("pre_ping", [True, False], ids=["pool-pre-ping", "no-pre-ping"])
def test_connection_cut_between_requests(make_app, make_form, pg_proxy, pre_ping):
    """A blip with no request during it: the pooled connection is dead when the next request
    comes. With the app's setting (pool_pre_ping) the participant never notices; without it the
    first request fails, and still as a friendly 503, after which the pool has recovered."""
    token = make_form().token
    settings = {} if pre_ping else {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False}}
    web = make_app(create_schema=False, **settings)
    participant = web.test_client()
    page = participant.get(f"/f/{token}")  # and a connection now waits in the pool
    assert page.status_code == 200
    cut_before = pg_proxy.cut
    db.session.rollback()  # this test's own session ends its transaction before the cut
    pg_proxy.down()
    pg_proxy.up()
    assert pg_proxy.cut > cut_before
    first = post_standard(participant, token, page=page.text)
    if pre_ping:
        assert first.status_code == 303
    else:
        assert_friendly(first, 503, KEPT_NOTICE)
        assert post_standard(participant, token, page=first.text).status_code == 303
    assert len(stored()) == 1


@SQLITE_IN_A_FOLDER
def test_sqlite_folder_missing_at_start_then_back(make_app, make_form, make_user, tmp_path):
    """An app started while its SQLite folder is missing (a volume not mounted yet, a wrong
    path) gives the same friendly 503 pages, and works as soon as the folder is there, without
    a restart. The folder must be missing, not empty: SQLite would create a new, empty file.

    A file that disappears under a running app is a different story: SQLite keeps working on
    the files it already has open, so that app notices nothing until it opens a new connection.
    """
    link = make_form()
    staff = make_user(projects=[link.form.project])
    folder, away = tmp_path / "data", tmp_path / "data-away"
    shutil.move(folder, away)
    web = make_app(create_schema=False)  # a fresh app: no connection opened yet
    participant, signing_in = web.test_client(), web.test_client()

    assert_friendly(participant.get(f"/f/{link.token}"), 503, PARTICIPANT_DOWN)
    # This process never served the form, so it cannot show the answers back; it says sorry.
    tokens = '<input name="csrf_token" value="x"><input name="submission_id" value="y">'
    assert_friendly(post_standard(participant, link.token, page=tokens), 503, PARTICIPANT_DOWN)
    form = {
        "email": staff.email,
        "password": PASSWORD,
        "csrf_token": csrf_token(signing_in.get("/login").text),  # that page needs no database
    }
    assert_friendly(signing_in.post("/login", data=form), 503, STAFF_DOWN)
    health = participant.get("/healthz")
    assert health.status_code == 503 and health.json["status"] != "ok"
    assert not folder.exists()  # nothing created in its place

    shutil.move(away, folder)

    assert participant.get("/healthz").status_code == 200
    assert post_standard(participant, link.token).status_code == 303
    assert signing_in.post("/login", data=form).status_code == 302
    assert signing_in.get("/admin/").status_code == 200
    assert len(stored()) == 1
