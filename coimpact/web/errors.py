"""Friendly error pages: a person never sees a stack trace."""

from __future__ import annotations

import contextlib
import logging
import time

from flask import Flask, jsonify, render_template, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError

from coimpact.extensions import db, limiter, signed_out_for_this_request

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Something went wrong with that request", "Please go back and try again."),
    403: ("You cannot see this page", "Your account does not have access to it."),
    404: (
        "Page not found",
        "Check the address. If you followed a link from a group or a leaflet, "
        "ask the person who gave it to you for a new one.",
    ),
    405: ("That did not work", "Please go back and try again."),
    410: ("This form is closed", "Thank you for your interest. It is not taking answers now."),
    413: ("That was too much to send", "Please make your answers shorter and try again."),
    429: ("Too many tries", "Please wait a minute, then try again."),
    500: ("Sorry, something went wrong", "It is our fault, not yours. Please try again later."),
    503: (
        "Sorry, we cannot save things right now",
        "Please try again in a few minutes.",
    ),
}

# The database could not be reached or could not answer in time: a refused or dropped
# connection, a missing SQLite file or folder, "database is locked" past the busy timeout
# (OperationalError); a connection already closed under the driver (InterfaceError); no pooled
# connection free in time (TimeoutError). SQLite reports a missing table the same way, so a
# database never set up (`init-db`) reads as unavailable too. Errors in our own SQL stay 500.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
)

STAFF_DATABASE_DOWN = (
    "The database is not answering",
    "coimpact cannot reach its database just now, so this page cannot be shown and nothing was "
    "saved. Wait a minute and reload the page. If it keeps happening, tell the person who runs "
    "the server.",
)


def render_error(code: int, title: str | None = None, message: str | None = None):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/healthz") or request.accept_mimetypes.best == "application/json":
        return jsonify(status="error", error=title or default_title), code
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            message=message or default_message,
        ),
        code,
    )


def _for_staff() -> bool:
    return request.path.startswith("/admin") or request.blueprint == "auth"


def database_unavailable_page(exc: Exception):
    """503 for a database that cannot be reached: staff are told plainly what is wrong,
    participants get the friendly page. Nothing half-done is kept."""
    # The transaction is dead; a rollback on a dropped connection may fail too, and the pool
    # discards that connection either way.
    with contextlib.suppress(sa_exc.SQLAlchemyError):
        db.session.rollback()
    # The signed-in user cannot be looked up (or refreshed) now, and every template asks for
    # them. The session cookie is left alone: staff are still signed in once it is back.
    signed_out_for_this_request()
    # The driver's message only: SQLAlchemy's own text carries the statement and its values.
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    log.warning(
        "Database unavailable (%s) on %s %s: %s",
        type(exc).__name__,
        request.method,
        request.endpoint,
        reason[0] if reason else "",
    )
    if _for_staff():
        return render_error(503, *STAFF_DATABASE_DOWN)
    return render_error(503)


def _retry_after(exc: HTTPException) -> int | None:
    """Seconds until a refused request may be tried again: the exception's own figure, or when
    the limiter refused it, the end of the limit's window (the limiter's own X-RateLimit and
    Retry-After headers are off: they cost storage round trips on every limited request)."""
    if getattr(exc, "retry_after", None):
        return exc.retry_after
    try:
        limit = limiter.current_limit
        return None if limit is None else max(1, int(limit.reset_at - time.time()))
    except Exception:  # noqa: BLE001 (its storage gone since: the 429 page, without a figure)
        return None


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code = exc.code or 500
        response = render_error(code)
        retry_after = _retry_after(exc) if code == 429 else None
        if retry_after:
            return response[0], code, {"Retry-After": str(retry_after)}
        return response

    @app.errorhandler(InternalServerError)
    def _server_error(_exc):
        return render_error(500)

    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, database_unavailable_page)
