"""Headers and cookies over the HTTP test client: the staff pages' nonce policy, the session
cookie's attributes, HSTS in production, and what a reverse proxy may (and may not) tell the app
through ProxyFix. The policy in a real browser: tests/browser/test_admin_csp.py."""

from __future__ import annotations

import re

import pytest
from flask import request

from coimpact.models import Role
from tests.admin_helpers import build_theory


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as {directive: sources}."""
    parts = (
        p.strip().split(None, 1) for p in response.headers["Content-Security-Policy"].split(";")
    )
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


def session_cookie(response) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def attributes(cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}


@pytest.mark.parametrize("path", ["/admin/outcomes/", "/login"])
def test_staff_pages_allow_only_scripts_from_us_or_with_this_responses_nonce(
    client, make_user, make_project, login, path
):
    if path.startswith("/admin"):
        project = make_project()
        build_theory(project)
        login(make_user(Role.STAFF, projects=[project]))
    first, second = client.get(path), client.get(path)
    assert first.status_code == 200
    csp = policy(first)
    nonce = re.fullmatch(r"'self' 'nonce-([\w-]{20,})'", csp["script-src"]).group(1)
    assert nonce not in second.headers["Content-Security-Policy"]  # new for every response
    assert csp["style-src"] == f"'self' 'nonce-{nonce}'"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'" and csp["form-action"] == "'self'"
    assert "unsafe" not in first.headers["Content-Security-Policy"]
    # Every inline <script> on the page carries this response's nonce; no inline handlers.
    for tag in re.findall(r"<script\b[^>]*>", first.text):
        assert " src=" in tag or f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", first.text)


def test_admin_list_has_no_inline_handlers_and_loads_our_handlers_script(
    client, make_user, make_project, login
):
    project = make_project()
    build_theory(project)
    login(make_user(Role.STAFF, projects=[project]))
    page = client.get("/admin/elements/")
    nonce = re.search(r"'nonce-([\w-]+)'", page.headers["Content-Security-Policy"]).group(1)
    # The controls flask-admin wires inline are there, with data- attributes instead.
    assert 'data-action-name="delete"' in page.text
    assert "data-confirm=" in page.text and 'class="dropdown-item filter"' in page.text
    assert not re.search(r"\son[a-z]+\s*=", page.text)
    assert re.search(rf'<script nonce="{nonce}" src="/admin/assets/csp-handlers.js', page.text)
    with client.get("/admin/assets/csp-handlers.js") as script:
        assert script.status_code == 200 and b"data-action-name" in script.data


def test_public_pages_keep_the_policy_without_any_nonce(client):
    csp = policy(client.get("/"))
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"


def test_session_cookie_over_plain_http_in_development(client):
    response = client.get("/login")
    cookie = session_cookie(response)
    assert "httponly" in attributes(cookie)
    assert "SameSite=Lax" in cookie
    assert "secure" not in attributes(cookie)  # http://127.0.0.1 sign-in must keep working
    assert "Strict-Transport-Security" not in response.headers


def test_production_marks_cookies_secure_and_sends_hsts(make_app):
    app = make_app(COIMPACT_PRODUCTION=True, SECRET_KEY="a1b2c3d4e5f6a7b8c9d0" * 3)
    response = app.test_client().get("/login")
    cookie = session_cookie(response)
    assert {"secure", "httponly", "samesite"} <= attributes(cookie)
    assert "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    # Public pages too: the whole site is HTTPS.
    assert "Strict-Transport-Security" in app.test_client().get("/").headers


def _whoami(app):
    """A page that says what the app believes about the request."""
    app.add_url_rule(
        "/_whoami",
        "whoami",
        lambda: {"addr": request.remote_addr, "scheme": request.scheme, "host": request.host},
    )
    return app


FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
}


def test_behind_one_trusted_proxy_https_gives_secure_cookies(make_app):
    app = _whoami(make_app(COIMPACT_PROXY_FIX=1))
    client = app.test_client()
    over_https = client.get("/login", headers=FORWARDED)
    assert "secure" in attributes(session_cookie(over_https))
    assert "secure" not in attributes(session_cookie(app.test_client().get("/login")))
    seen = client.get("/_whoami", headers=FORWARDED).json
    # The client's address (rate limits count by it) and the scheme; never a forwarded host.
    assert seen == {"addr": "203.0.113.7", "scheme": "https", "host": "localhost"}


def test_without_proxy_fix_forwarded_headers_are_ignored(make_app):
    app = _whoami(make_app())
    client = app.test_client()
    response = client.get("/login", headers=FORWARDED)
    assert "secure" not in attributes(session_cookie(response))
    assert client.get("/_whoami", headers=FORWARDED).json == {
        "addr": "127.0.0.1",
        "scheme": "http",
        "host": "localhost",
    }


def test_proxy_fix_setting_comes_from_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("FLASK_COIMPACT_PROXY_FIX", "1")
    app = _whoami(make_app())
    seen = app.test_client().get("/_whoami", headers=FORWARDED).json
    assert seen["addr"] == "203.0.113.7"


def test_admin_stylesheets_and_scripts_may_be_kept_but_its_pages_never(
    client, make_user, make_project, login
):
    login(make_user(Role.STAFF, projects=[make_project()]))
    page = client.get("/admin/")
    assert page.headers["Cache-Control"] == "no-store"
    files = re.findall(r'(?:href|src)="(/admin/(?:static|assets)/[^"?]+)', page.text)
    assert any(f.endswith(".css") for f in files) and any(f.endswith(".js") for f in files)
    for path in files:
        asset = client.get(path)
        asset.close()  # a file response: let go of the file
        assert asset.status_code == 200, path
        assert "no-store" not in asset.headers.get("Cache-Control", ""), path
        assert asset.headers.get("ETag"), path  # kept copies are checked, never stale
