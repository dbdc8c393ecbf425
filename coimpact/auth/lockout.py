"""How many wrong passwords a sign-in may follow before it has to wait, counted so that nobody
can lock a colleague out of their account.

Counting per account alone (the old rule: ten wrong passwords and the account waited 15 minutes,
from everywhere) let anyone who knew a colleague's email address lock them out. Now failures are
counted in buckets, from the audit log's `login_failed` events (shared by every web process and
kept across restarts):

- **a browser the person has signed in with before**: it carries a signed "known browser"
  cookie naming them (OWASP's device cookies). Its failures count for that browser alone, 10 in
  15 minutes. Nobody else's wrong passwords count against it: not a stranger's, and not a
  colleague's in the same office behind the same address.
- **any other browser**, per account and address: 10 in 15 minutes, then that address waits
  for that account. The person signing in from anywhere else is not affected.
- **all other browsers together**, per account: 50 in an hour, then every browser the person
  has not signed in with before waits (someone guessing from many addresses); the person's
  known browsers still get in. One address cannot reach this alone (at most 40 an hour).
- and per address, whatever the account: 20 in 15 minutes (Flask-Limiter, in auth/views.py), so
  that one address cannot try account after account. A browser signing in as the account it
  is known for is not held by this one either, or a colleague at the same address could still
  lock everyone there out for a while with wrong passwords of their own.

An email address without an account is counted in the same way, so being asked to wait says
nothing about whether an account exists.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from coimpact.extensions import db
from coimpact.models import AuditEvent, User
from coimpact.models.types import utcnow
from coimpact.web.input_text import without_nul


@dataclass(frozen=True)
class Limit:
    failures: int
    window: timedelta


PER_BROWSER = Limit(10, timedelta(minutes=15))  # a known browser, or an account and address
PER_ACCOUNT = Limit(50, timedelta(hours=1))  # every browser not known to the account, together
ADDRESS_FAILURES = "20 per 15 minutes"  # any accounts, one address (Flask-Limiter's syntax)

KNOWN_BROWSER_COOKIE = "coimpact_known_browser"
KNOWN_BROWSER_DAYS = 180
_SALT = "coimpact-known-browser"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=_SALT)


def known_browser(user: User | None) -> str | None:
    """This browser's mark when it carries a valid known-browser cookie for `user`, else None.
    The mark is a digest of the cookie's random part: what the audit log keeps."""
    cookie = request.cookies.get(KNOWN_BROWSER_COOKIE)
    if user is None or not cookie:
        return None
    try:
        data = _serializer().loads(cookie, max_age=KNOWN_BROWSER_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.id or not data.get("b"):
        return None
    return hashlib.sha256(str(data["b"]).encode()).hexdigest()[:32]


def known_browser_signing_in() -> bool:
    """Whether this sign-in comes from a browser known to the account whose email address is
    typed (Flask-Limiter's `exempt_when` for the per-address limit)."""
    email = without_nul(request.form.get("email") or "").strip().lower()
    if not email or len(email) > 254 or KNOWN_BROWSER_COOKIE not in request.cookies:
        return False
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email))
    return known_browser(user) is not None


def remember_browser(response: Response, user: User) -> None:
    """Mark this browser as one `user` has signed in with (after a successful sign-in)."""
    value = _serializer().dumps({"u": user.id, "b": secrets.token_urlsafe(16)})
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        value,
        max_age=KNOWN_BROWSER_DAYS * 86400,
        path="/login",  # sent to the sign-in page only
        secure=current_app.session_interface.get_cookie_secure(current_app),
        httponly=True,
        samesite="Strict",
    )


def failure_detail(browser: str | None) -> dict[str, str]:
    """What a `login_failed` audit event records about the browser (nothing for an unknown one)."""
    return {"browser": browser} if browser else {}


def _wait(limit: Limit, *conditions: sa.ColumnElement[bool]) -> int | None:
    """Seconds until the bucket `conditions` describe has room again, or None if it has now.
    Full means `limit.failures` failures within the window; the oldest of the latest that many
    says when one leaves it."""
    now = utcnow()
    oldest_of_latest = db.session.scalar(
        sa.select(AuditEvent.at)
        .where(
            AuditEvent.action == "login_failed",
            AuditEvent.at >= now - limit.window,
            *conditions,
        )
        .order_by(AuditEvent.at.desc())
        .offset(limit.failures - 1)
        .limit(1)
    )
    if oldest_of_latest is None:
        return None
    return max(1, math.ceil((oldest_of_latest + limit.window - now).total_seconds()))


def wait_before_trying(email: str, browser: str | None) -> int | None:
    """Seconds this browser must wait before trying the account `email` again, or None."""
    target = AuditEvent.target == email[:200]
    marked = AuditEvent.detail["browser"].as_string()
    if browser:
        return _wait(PER_BROWSER, target, marked == browser)
    unknown = marked.is_(None)
    address = AuditEvent.ip == (request.remote_addr or "")
    waits = [
        wait
        for wait in (
            _wait(PER_BROWSER, target, unknown, address),
            _wait(PER_ACCOUNT, target, unknown),
        )
        if wait
    ]
    return max(waits, default=None)
