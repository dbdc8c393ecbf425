"""Friendly error pages: a person never sees a stack trace."""

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

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


def render_error(code: int, title: str | None = None, message: str | None = None):
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/healthz") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=title or default_title), code
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title or default_title,
            message=message or default_message,
        ),
        code,
    )


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code = exc.code or 500
        response = render_error(code)
        if code == 429 and getattr(exc, "retry_after", None):
            return response[0], code, {"Retry-After": str(exc.retry_after)}
        return response

    @app.errorhandler(InternalServerError)
    def _server_error(_exc):
        return render_error(500)
