"""Staff sign-in and sign-out (Flask-Login), with session expiry.

Sessions are kept on the server (services/sessions.py): the cookie names a session row, and
signing out, a password change or an admin deletes rows, so a copied cookie stops working then.

Flask-Login's session protection is off, knowingly. Its "strong" mode, which would end a
session used from another address or browser, does nothing for permanent sessions (it only
marks them "not fresh", and nothing here asks for freshness), so it was off in effect already.
Binding a session to its address is not turned on instead: staff on phones change address as
they move between Wi-Fi and mobile data, and would be signed out in the middle of their work,
while the browser name it also checks travels with a copied cookie anyway. A stolen cookie is
limited instead by the server-side session (ended at sign-out, on a password change, by an
admin), the idle and absolute expiry, and the cookie's HttpOnly, SameSite and Secure flags.

Wrong passwords are counted so that nobody can lock a colleague out (lockout.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from coimpact.auth import lockout
from coimpact.auth.passwords import hash_password, needs_rehash, verify_password
from coimpact.domain.readable import plural
from coimpact.extensions import db, limiter, login_manager, signed_out_for_this_request
from coimpact.forms import LoginForm
from coimpact.models import User
from coimpact.models.types import utcnow
from coimpact.services import audit, sessions
from coimpact.web.errors import render_error

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "The email address or password is not right. Check them and try again."


def safe_next(target: str | None) -> str | None:
    """Return `target` only when it is a path on this site; anything else could send a freshly
    signed-in person to a look-alike page."""
    if not target or any(c in target for c in "\\\r\n\t") or not target.startswith("/"):
        return None
    if target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    ident, _, key = user_id.partition(":")
    if not ident.isdigit() or not key:
        return None
    user = sessions.find(int(ident), key)
    # None once the session has ended: signed out, password changed, or ended by an admin.
    if user is None or not user.active:
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    # Off, knowingly: see the module's docstring.
    login_manager.session_protection = None

    @app.before_request
    def _enforce_absolute_expiry():
        if request.blueprint == "public":
            # Participant pages never use the account: looking it up there would cost a query
            # and, with the database down, would fail before the form could give back its
            # answers. Nothing later in the request looks it up either.
            signed_out_for_this_request()
            return None
        if not current_user.is_authenticated:
            return None
        started = current_user.session_started_at
        if utcnow() - started > app.config["COIMPACT_SESSION_MAX_AGE"]:
            sessions.end(current_user.session_key)
            logout_user()
            session.clear()
            flash("You were signed out because your session ended. Sign in again.", "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None


def _wait_page(seconds: int):
    minutes = -(-seconds // 60)
    body, code = render_error(
        429,
        "Too many tries",
        "There have been too many wrong passwords for this account from here. "
        f"Wait {plural(minutes, 'minute')}, then try again. If you have forgotten your "
        "password, ask an admin to set a new one.",
    )
    return body, code, {"Retry-After": str(seconds)}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lockout.ADDRESS_FAILURES,
    methods=["POST"],
    deduct_when=lambda response: response.status_code == 401,
    exempt_when=lockout.known_browser_signing_in,
    scope="sign-in-failures",
)
def login():
    target = safe_next(request.args.get("next")) or url_for("admin.index")
    if current_user.is_authenticated:
        return redirect(target)
    form = LoginForm()
    error = None
    status = 200
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email))
        browser = lockout.known_browser(user)
        wait = lockout.wait_before_trying(email, browser)
        if wait:
            return _wait_page(wait)
        if verify_password(user.password_hash if user else None, form.password.data) and (
            user is not None and user.active
        ):
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
            session.clear()  # no session fixation: a fresh session at every sign-in
            sessions.start(user, current_app.config["COIMPACT_SESSION_MAX_AGE"])
            login_user(user)
            session.permanent = True
            user.last_login_at = utcnow()
            audit.record("login", actor=user)
            response = redirect(target)
            lockout.remember_browser(response, user)
            return response
        error = LOGIN_FAILED
        status = 401
        audit.record("login_failed", target=email[:200], detail=lockout.failure_detail(browser))
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    # Signing out changes state, so it takes a POST (with its CSRF token); a plain visit asks.
    if request.method == "GET":
        return render_template("auth/logout.html")
    # This browser's session ends on the server too, so a copy of its cookie stops working.
    everywhere = request.form.get("everywhere") == "yes"
    if everywhere:
        ended = sessions.end_all(current_user)
        audit.record("logout", detail={"everywhere": True, "sessions": ended})
    else:
        sessions.end(current_user.session_key)
        audit.record("logout")
    logout_user()
    session.clear()
    flash("You have signed out on every device." if everywhere else "You have signed out.", "info")
    return redirect(url_for("auth.login"))
