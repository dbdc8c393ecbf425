"""The standard form: every question on one page, sent with one button."""

from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import SQLAlchemyError

from coimpact.database import if_commit_fails
from coimpact.forms.published import LinkUnavailable, PublishedVersion, open_link
from coimpact.forms.submission import error_list, one_page_form, only_csrf_failed, submission_from
from coimpact.models import Variant
from coimpact.models.drafts import new_idempotency_key
from coimpact.public.blueprint import bp, submission_limit
from coimpact.public.common import (
    database_down,
    declined_page,
    refused,
    thanks_page,
    unavailable_page,
)
from coimpact.public.page_cache import blank_page
from coimpact.services.responses import LinkFull, store_response


@bp.route("/f/<token>", methods=["GET", "POST"])
@submission_limit
def standard_form(token: str):
    try:
        link, version = open_link(token)
    except LinkUnavailable as exc:
        return unavailable_page(exc)
    except SQLAlchemyError:
        return database_down(token, lambda remembered: posted_page(remembered, 503, "database"))
    # A form run in rounds asks for the optional code to be recognised again by; a personal
    # link asks nothing and says instead that it recognises them (`g`: the page template reads it).
    asks_code, g.personal_link = link.asks_code, link.personal
    if request.method == "GET":
        submission_id = new_idempotency_key()
        return blank_page(
            (version.page_key, asks_code, link.personal),
            request.path,
            generate_csrf(),
            lambda: _blank(version, submission_id, asks_code),
            submission_id,
        )
    if refused(request.form):
        # Before the token or any answer is checked: nothing is kept, so nothing can be lost.
        return declined_page(token, version.host, easy=False)
    form = one_page_form(version.snapshot, recognition=asks_code)
    status, problem = 200, None
    if form.validate():
        key = form.submission_id.data or new_idempotency_key()
        try:
            store_response(version, submission_from(form, Variant.STANDARD, key), link)
        except LinkFull:
            return unavailable_page(LinkUnavailable(410, "full", version.host))
        except SQLAlchemyError:
            status, problem = 503, "database"
        else:
            # Stored, not yet committed: should the commit fail, the page comes back with
            # every answer as it would had the store itself failed.
            if_commit_fails(lambda: _render(form, version, 503, "database"))
            return redirect(url_for("public.thanks", token=token), 303)
    elif only_csrf_failed(form):
        status, problem = 400, "expired"
    else:
        status = 422
    return _render(form, version, status, problem)


def _blank(version: PublishedVersion, submission_id: str, asks_code: bool) -> str:
    form = one_page_form(version.snapshot, recognition=asks_code)
    form.submission_id.data = submission_id
    return _render(form, version, 200, None)[0]


def posted_page(remembered, status: int, problem: str):
    """The page as posted, with every answer, when it could not be stored: the database was
    unreachable (503) or too much was sent from one address (429). Saying no needs nothing
    stored, so it is answered as always."""
    if refused(request.form):
        return declined_page(request.view_args["token"], remembered.host, easy=False), 200
    form = one_page_form(
        remembered.snapshot, recognition="recognition_code" in request.form, formdata=request.form
    )
    return _render(form, remembered, status, problem)


def _render(form, version: PublishedVersion, status, problem):
    return (
        render_template(
            "public/standard_form.html",
            form=form,
            snapshot=version.snapshot,
            host=version.host,
            errors=error_list(form) if status in (400, 422) else [],
            problem=problem,
        ),
        status,
    )


@bp.get("/f/<token>/thanks")
def thanks(token: str):
    return thanks_page(token, easy=False)
