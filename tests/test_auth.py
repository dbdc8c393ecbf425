"""Staff sign-in through the real login form."""

import time

import pytest
import sqlalchemy as sa

from coimpact.auth.lockout import KNOWN_BROWSER_COOKIE
from coimpact.auth.views import safe_next
from coimpact.extensions import db, login_manager
from coimpact.models import AuditEvent, Role, StaffSession
from coimpact.services.accounts import set_password
from tests.conftest import PASSWORD, csrf_token
from tests.feedback_helpers import sign_in


def post_login(client, email, password, **extra):
    token = csrf_token(client.get("/login").text)
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        **extra,
    )


def test_anonymous_admin_redirects_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_login_page_has_labelled_fields_and_csrf(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert '<label for="email">' in page.text and '<label for="password">' in page.text
    assert 'name="csrf_token"' in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_login_then_admin_then_logout(client, make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    page = client.get("/admin/")
    assert page.status_code == 200
    assert user.email in page.text
    # A visit only asks; signing out is a POST with the page's CSRF token.
    confirm = client.get("/logout")
    assert confirm.status_code == 200 and user.email in confirm.text
    assert client.post("/logout").status_code == 400
    assert client.get("/admin/").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf_token(confirm.text)}).status_code == 302
    assert client.get("/admin/").status_code == 302


def test_email_is_case_insensitive(client, make_user):
    user = make_user(Role.STAFF, email="Case.Person@example.org")
    assert post_login(client, user.email.upper(), PASSWORD).status_code == 302


def test_wrong_password_same_message_as_unknown_user(client, make_user):
    user = make_user(Role.STAFF)
    wrong = post_login(client, user.email, "not-the-password")
    unknown = post_login(client, "ghost@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "is not right" in wrong.text and "is not right" in unknown.text
    # The error summary links to the field, and the typed email is kept.
    assert 'href="#email"' in wrong.text
    assert f'value="{user.email}"' in wrong.text


def test_empty_fields_show_messages_beside_fields(client):
    response = post_login(client, "", "")
    assert response.status_code == 400
    assert "Enter your email address." in response.text
    assert "Enter your password." in response.text
    assert 'aria-invalid="true"' in response.text


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user(Role.ADMIN)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_inactive_account_cannot_sign_in(client, make_user):
    user = make_user(Role.STAFF)
    user.active = False
    db.session.commit()
    assert post_login(client, user.email, PASSWORD).status_code == 401


def test_password_is_stored_as_argon2id(make_user):
    user = make_user(Role.STAFF)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_production_hashing_parameters_meet_owasp():
    # The suite swaps in cheap parameters for speed; these are the ones the app really uses.
    from coimpact.auth.passwords import PRODUCTION_HASHER

    params = PRODUCTION_HASHER._parameters
    assert params.type.name == "ID"
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2  # OWASP: 19 MiB, t=2


def test_password_change_ends_old_sessions(client, make_user, login):
    user = make_user(Role.ADMIN)
    login(user)
    assert client.get("/admin/").status_code == 200
    set_password(user, "a brand new pass phrase")
    db.session.commit()
    assert client.get("/admin/").status_code == 302


def copy_of_session(app, client, **environ):
    """Another browser holding a copy of `client`'s session cookie (as a thief would)."""
    thief = app.test_client()
    thief.environ_base.update(environ)
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def sign_out(client, everywhere: bool = False):
    token = csrf_token(client.get("/logout").text)
    data = {"csrf_token": token, **({"everywhere": "yes"} if everywhere else {})}
    return client.post("/logout", data=data)


def test_a_copied_cookie_stops_working_at_sign_out(app, client, make_user, login):
    login(make_user(Role.ADMIN))
    # Session protection is off by decision (auth/views.py): a copy works from another address and
    # browser while the session lasts, and is ended with it on the server.
    assert login_manager.session_protection is None
    thief = copy_of_session(app, client, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Other/1.0")
    assert thief.get("/admin/").status_code == 200
    assert sign_out(client).status_code == 302
    refused = thief.get("/admin/")
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/login")
    assert db.session.scalar(sa.select(sa.func.count(StaffSession.id))) == 0


def test_signing_out_leaves_the_persons_other_devices_signed_in(app, make_user):
    user = make_user(Role.STAFF)
    laptop, phone = sign_in(app, user), sign_in(app, user)
    assert sign_out(laptop).status_code == 302
    assert laptop.get("/admin/").status_code == 302
    assert phone.get("/admin/").status_code == 200


def test_sign_out_on_every_device(app, make_user):
    user = make_user(Role.STAFF)
    laptop, phone = sign_in(app, user), sign_in(app, user)
    other = sign_in(app, make_user(Role.STAFF))
    page = laptop.get("/logout").text
    assert 'name="everywhere"' in page and "every device" in page
    response = sign_out(laptop, everywhere=True)
    assert response.status_code == 302
    assert "signed out on every device" in laptop.get(response.headers["Location"]).text
    assert laptop.get("/admin/").status_code == phone.get("/admin/").status_code == 302
    assert other.get("/admin/").status_code == 200
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "logout")).one()
    assert event.detail == {"everywhere": True, "sessions": 2}


def test_session_has_an_absolute_lifetime(make_app, make_user):
    from datetime import timedelta

    app = make_app(COIMPACT_SESSION_MAX_AGE=timedelta(seconds=1))
    client = app.test_client()
    with app.app_context():
        user = make_user(Role.ADMIN)
        response = post_login(client, user.email, PASSWORD)
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200
        time.sleep(1.2)
        expired = client.get("/admin/")
        assert expired.status_code == 302 and "/login" in expired.headers["Location"]
        # Ended on the server too, not only forgotten by this browser.
        assert db.session.scalar(sa.select(sa.func.count(StaffSession.id))) == 0


def test_sign_in_is_audited(client, make_user):
    user = make_user(Role.STAFF)
    post_login(client, user.email, "wrong password!")
    post_login(client, user.email, PASSWORD)
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "login" in actions and "login_failed" in actions


def test_next_leads_to_local_path(client, make_user):
    user = make_user(Role.ADMIN)
    response = post_login(client, user.email, PASSWORD, query_string={"next": "/admin/user/"})
    assert response.headers["Location"] == "/admin/user/"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "\\\\evil.example",
        "/\\evil.example",
        "http:///evil.example",
        "https://evil.example/admin",
        "javascript:alert(1)",
        " //evil.example",
        "/admin\r\nLocation: http://evil.example",
        "",
    ],
)
def test_next_never_leaves_the_site(client, make_user, target):
    assert safe_next(target) is None
    user = make_user(Role.ADMIN)
    response = post_login(client, user.email, PASSWORD, query_string={"next": target})
    assert response.headers["Location"] == "/admin/"


def browser_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_ten_failures_make_an_account_wait_at_that_address(app, client, make_user):
    user = make_user(Role.STAFF)
    for _ in range(10):
        assert post_login(client, user.email, "wrong password!!").status_code == 401
    # Even the right password now waits here, so guessing cannot go on.
    blocked = post_login(client, user.email, PASSWORD)
    assert blocked.status_code == 429 and "Too many tries" in blocked.text
    assert "Wait 15 minutes" in blocked.text
    assert 14 * 60 < int(blocked.headers["Retry-After"]) <= 15 * 60
    # Another account from the same address is not locked out by this one...
    assert post_login(client, make_user(Role.STAFF).email, PASSWORD).status_code == 302
    # ...nor this account from another address: nobody can lock a colleague out.
    assert post_login(browser_at(app, "203.0.113.5"), user.email, PASSWORD).status_code == 302


def test_a_browser_signed_in_before_is_not_locked_out_by_others(app, make_user):
    user = make_user(Role.STAFF)
    own = app.test_client()
    signed_in = post_login(own, user.email, PASSWORD)
    cookie = signed_in.headers.getlist("Set-Cookie")
    known = next(c for c in cookie if c.startswith(KNOWN_BROWSER_COOKIE))
    assert "HttpOnly" in known and "SameSite=Strict" in known and "Path=/login" in known
    sign_out(own)
    # A colleague at the same address (one office, one address) tries their password.
    colleague = app.test_client()
    for _ in range(10):
        assert post_login(colleague, user.email, "a guess at it!!").status_code == 401
    assert post_login(colleague, user.email, PASSWORD).status_code == 429
    # The person's own browser still gets in, and its own failures are counted apart.
    assert post_login(own, user.email, PASSWORD).status_code == 302
    sign_out(own)
    for _ in range(10):
        assert post_login(own, user.email, "mistyped it!!!").status_code == 401
    assert post_login(own, user.email, PASSWORD).status_code == 429
    failures = db.session.scalars(
        sa.select(AuditEvent.detail).where(AuditEvent.action == "login_failed")
    ).all()
    assert [bool(detail) for detail in failures] == [False] * 10 + [True] * 10


def test_the_known_browser_cookie_is_secure_in_production(make_app, make_user):
    strong = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    app = make_app(COIMPACT_PRODUCTION=True, SECRET_KEY=strong)
    with app.app_context():
        user = make_user(Role.STAFF)
        cookies = post_login(app.test_client(), user.email, PASSWORD).headers.getlist("Set-Cookie")
    known = next(c for c in cookies if c.startswith(KNOWN_BROWSER_COOKIE))
    assert "Secure" in known and "HttpOnly" in known  # as the session cookie is


def test_a_known_browser_is_not_held_by_the_address_limit(app, make_user):
    user = make_user(Role.STAFF)
    own = app.test_client()
    post_login(own, user.email, PASSWORD)
    sign_out(own)
    # A colleague at the same address spends the address's 20 wrong passwords on others.
    colleague = app.test_client()
    others = [make_user(Role.STAFF) for _ in range(2)]
    for n in range(20):
        assert post_login(colleague, others[n % 2].email, "wrong password!!").status_code == 401
    assert post_login(colleague, others[0].email, PASSWORD).status_code == 429
    assert post_login(colleague, user.email, PASSWORD).status_code == 429
    # The person's own browser signs in: it is known to the account it names.
    assert post_login(own, user.email, PASSWORD).status_code == 302


def test_guessing_from_many_addresses_stops_new_browsers_only(app, make_user):
    user = make_user(Role.STAFF)
    own = app.test_client()
    post_login(own, user.email, PASSWORD)
    sign_out(own)
    for n in range(5):
        guesser = browser_at(app, f"198.51.100.{n + 1}")
        for _ in range(10):
            assert post_login(guesser, user.email, "a guess at it!!").status_code == 401
    # Fifty in an hour: every browser the person has not signed in with waits...
    blocked = post_login(browser_at(app, "192.0.2.200"), user.email, PASSWORD)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 15 * 60
    # ...their own still gets in.
    assert post_login(own, user.email, PASSWORD).status_code == 302


def test_an_unknown_email_waits_as_an_account_does(client, monkeypatch):
    from coimpact.auth import passwords

    # The stand-in hash unknown emails are checked against, at the suite's cheap parameters.
    monkeypatch.setattr(passwords, "_DUMMY_HASH", passwords.hash_password("stand-in"))
    for _ in range(10):
        assert post_login(client, "ghost@example.org", "a guess at it!!").status_code == 401
    blocked = post_login(client, "ghost@example.org", "a guess at it!!")
    assert blocked.status_code == 429 and "Too many tries" in blocked.text


def test_many_failures_from_one_address_get_a_429(client, make_user):
    users = [make_user(Role.STAFF) for _ in range(3)]
    replies = [post_login(client, users[i % 3].email, "wrong password!!") for i in range(21)]
    assert [reply.status_code for reply in replies[:20]] == [401] * 20
    assert replies[20].status_code == 429
    # It says how long to wait: at most the 15-minute window.
    assert 0 < int(replies[20].headers["Retry-After"]) <= 15 * 60
