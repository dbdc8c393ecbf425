"""The app as a whole: health check, error pages, headers, configuration."""

import os
import stat

from coimpact import create_app
from coimpact.config import normalise_database_url
from coimpact.models import Role


def test_healthz_reports_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"


def test_healthz_reports_unreachable_database(make_app, tmp_path):
    app = make_app(
        create_schema=False,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing' / 'nowhere.db'}",
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


def test_unknown_page_is_friendly(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Traceback" not in response.text


def test_favicon_is_served_and_named_by_every_kind_of_page(client, login, make_user):
    with client.get("/favicon.ico") as icon:  # a file sent: closed after reading
        assert icon.status_code == 200
        assert icon.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
        assert icon.data[:4] == b"\x00\x00\x01\x00" and len(icon.data) < 4096  # an .ico, tiny
    with client.get("/static/favicon.svg") as svg:
        assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
        assert b"<text" not in svg.data  # shapes only: no font to fetch or to miss
    pages = [client.get(path).text for path in ("/", "/login", "/no/such/page")]
    login(make_user(Role.STAFF))
    pages.append(client.get("/admin/").text)
    for page in pages:
        assert '<link rel="icon" href="/favicon.ico"' in page
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page


def test_security_headers_on_public_pages(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from coimpact.config import instance_secret_key

    first = instance_secret_key(str(tmp_path))
    assert len(first) >= 64
    assert instance_secret_key(str(tmp_path)) == first
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_database_url_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@db.example/coimpact")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://someone@db.example/coimpact"
    )
    assert app.config["SECRET_KEY"] == "x" * 40


def test_flask_prefixed_settings_are_read(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("FLASK_COIMPACT_BASE_URL", "https://impact.example.org")
    app = create_app()
    assert app.config["COIMPACT_BASE_URL"] == "https://impact.example.org"


def test_normalise_database_url_keeps_sqlite():
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"
    assert normalise_database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"


def test_redis_url_becomes_the_rate_limit_storage(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    app = create_app()
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    monkeypatch.delenv("REDIS_URL")
    assert create_app().config["RATELIMIT_STORAGE_URI"] == "memory://"
