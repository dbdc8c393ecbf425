"""Fixtures: a fresh database for every test, on SQLite by default or on the PostgreSQL named by
COIMPACT_TEST_DATABASE_URL (each test then gets a schema of its own)."""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Callable, Iterator

import pytest
from flask.testing import FlaskClient

from coimpact import create_app
from coimpact.database import scratch_schema
from coimpact.extensions import db
from coimpact.models import Project, Role, User
from coimpact.services.accounts import add_member, create_user

PASSWORD = "correct horse battery staple"
PG_URL = os.environ.get("COIMPACT_TEST_DATABASE_URL")


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    """Argon2id with its cheapest parameters: the same code path, a thousand times faster.
    `test_auth.py` checks the real parameters separately."""
    from argon2 import PasswordHasher, profiles

    from coimpact.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    """A URL to an empty database that exists for this test alone."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with scratch_schema(PG_URL, "t_") as (_, url):
        yield url


class FreshContextClient(FlaskClient):
    """Runs each request in its own app context, as a server does.

    Tests hold an app context open to use the database; without this, requests would share its
    `g` and database session, and state such as the signed-in user would leak between requests.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def make_app(database_url, tmp_path) -> Iterator[Callable[..., object]]:
    """Build an app on this test's database; extra settings override the test defaults."""
    apps = []

    def build(create_schema: bool = True, **settings):
        config = {
            "TESTING": True,
            "SECRET_KEY": "test-" + "k" * 40,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "COIMPACT_EXPORT_DIR": str(tmp_path / "exports"),
            "RATELIMIT_STORAGE_URI": "memory://",
            **settings,
        }
        app = create_app(config)
        app.test_client_class = FreshContextClient
        if create_schema:
            with app.app_context():
                db.create_all()
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_project(app) -> Callable[..., Project]:
    counter = iter(range(1, 10_000))

    def make(**fields) -> Project:
        n = next(counter)
        fields.setdefault("slug", f"project-{n}")
        fields.setdefault("name", f"Project {n}")
        project = Project(**fields)
        db.session.add(project)
        db.session.commit()
        return project

    return make


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(
        role: Role | str = Role.STAFF, projects: list[Project] = (), email: str | None = None
    ) -> User:
        user = create_user(email or f"user{next(counter)}@example.org", PASSWORD, role)
        for project in projects:
            add_member(user, project)
        db.session.commit()
        return user

    return make


CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


def csrf_token(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


@pytest.fixture
def login(client) -> Callable[[User], object]:
    """Sign `user` in through the real login form (CSRF token and all)."""

    def sign_in(user: User, password: str = PASSWORD):
        page = client.get("/login")
        response = client.post(
            "/login",
            data={"email": user.email, "password": password, "csrf_token": csrf_token(page.text)},
        )
        assert response.status_code == 302, response.text
        return response

    return sign_in


@pytest.fixture
def make_form(app, make_project):
    """A published form with one question of every type, and an open share link."""
    from coimpact.models import Form, ShareLink
    from coimpact.services.form_publishing import publish_form
    from tests.question_helpers import EVERY_TYPE, add_questions

    def make(project=None, link_fields=None, questions=None, **form_fields):
        project = project or make_project()
        form = Form(
            project=project,
            title=form_fields.pop("title", "After the meeting"),
            title_easy=form_fields.pop("title_easy", "About the meeting"),
            intro="Tell us how the meeting went.",
            intro_easy="Tell us about the meeting.",
            **form_fields,
        )
        db.session.add(form)
        specs = questions or EVERY_TYPE
        add_questions(form, specs)
        db.session.flush()
        publish_form(form)
        link = ShareLink(form=form, label="Tuesday group", **(link_fields or {}))
        db.session.add(link)
        db.session.commit()
        return link

    return make
