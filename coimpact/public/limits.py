"""What a participant sees when one address sends too much: their answers come back to them."""

from __future__ import annotations

from flask import request

from coimpact.forms.published import recall
from coimpact.public.blueprint import bp
from coimpact.public.standard import posted_page
from coimpact.web.errors import render_error


def too_many_page(exc):
    """Re-show the standard form with every answer and a plain message; elsewhere (easy-read
    answers are already kept on the server) a friendly page asking to wait."""
    retry = {"Retry-After": "60"}
    if request.endpoint == "public.standard_form" and request.method == "POST":
        remembered = recall(request.view_args["token"])
        if remembered is not None:
            body, status = posted_page(remembered, 429, "busy")
            return body, status, retry
    body, status = render_error(
        429,
        "Please wait a minute",
        "A lot of answers came from this place at once. Wait a minute, then try again. "
        "Anything you already answered in easy read is kept.",
    )
    return body, status, retry


@bp.errorhandler(429)
def _too_many(exc):
    return too_many_page(exc)
