"""Staff sign-in and sign-out (Flask-Login), with session expiry."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from . import audit
from .errors import render_error
from .extensions import db, limiter, login_manager, signed_out_for_this_request
from .forms import LoginForm
from .models import AuditEvent, User
from .models.types import utcnow
from .passwords import hash_password, needs_rehash, verify_password

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "The email address or password is not right. Check them and try again."
# Failed sign-ins allowed per account, and per address, in the window before a wait is asked.
ACCOUNT_FAILURES = 10
ADDRESS_FAILURES = "20 per 15 minutes"
FAILURE_WINDOW = timedelta(minutes=15)
_SIGNED_IN_AT = "signed_in_at"


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
    ident, _, token = user_id.partition(":")
    if not ident.isdigit():
        return None
    user = db.session.get(User, int(ident))
    # A changed password rotates the token, which ends every session made before it.
    if user is None or not token or user.session_token != token or not user.active:
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.session_protection = "strong"

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
        started = session.get(_SIGNED_IN_AT, 0)
        max_age = app.config["COIMPACT_SESSION_MAX_AGE"].total_seconds()
        if time.time() - started > max_age:
            logout_user()
            session.clear()
            flash("You were signed out because your session ended. Sign in again.", "info")
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None


def too_many_failures(email: str) -> bool:
    """Whether this account has had too many failed sign-ins lately (from any address)."""
    since = utcnow() - FAILURE_WINDOW
    failures = db.session.scalar(
        sa.select(sa.func.count(AuditEvent.id)).where(
            AuditEvent.action == "login_failed",
            AuditEvent.target == email[:200],
            AuditEvent.at >= since,
        )
    )
    return failures >= ACCOUNT_FAILURES


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    ADDRESS_FAILURES,
    methods=["POST"],
    deduct_when=lambda response: response.status_code == 401,
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
        if too_many_failures(email):
            return render_error(
                429,
                "Too many tries",
                "There have been too many wrong passwords for this account. "
                "Wait 15 minutes, then try again.",
            )
        user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email))
        if verify_password(user.password_hash if user else None, form.password.data) and (
            user is not None and user.active
        ):
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(form.password.data)
            session.clear()  # no session fixation: a fresh session at every sign-in
            login_user(user)
            session.permanent = True
            session[_SIGNED_IN_AT] = time.time()
            user.last_login_at = utcnow()
            audit.record("login", actor=user)
            db.session.commit()
            return redirect(target)
        error = LOGIN_FAILED
        status = 401
        audit.record("login_failed", target=email[:200])
        db.session.commit()
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    # Signing out changes state, so it takes a POST (with its CSRF token); a plain visit asks.
    if request.method == "GET":
        return render_template("auth/logout.html")
    audit.record("logout")
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
