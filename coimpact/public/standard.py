"""The standard form: every question on one page, sent with one button."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import SQLAlchemyError

from ..forms.participant import make_participant_form
from ..models import Variant
from ..models.drafts import new_idempotency_key
from ..participation import LinkUnavailable, open_link
from ..services.responses import LinkFull, store_response
from . import bp, submission_limit
from .common import (
    database_down,
    error_list,
    only_csrf_failed,
    submission_from,
    thanks_page,
    unavailable_page,
)
from .page_cache import blank_page


@bp.route("/f/<token>", methods=["GET", "POST"])
@submission_limit
def standard_form(token: str):
    try:
        link, version = open_link(token)
    except LinkUnavailable as exc:
        return unavailable_page(exc)
    except SQLAlchemyError:
        return database_down(token, lambda remembered: posted_page(remembered, 503, "database"))
    if request.method == "GET":
        submission_id = new_idempotency_key()
        return blank_page(
            version.cache_key,
            request.path,
            generate_csrf(),
            lambda: _blank(version.snapshot, submission_id),
            submission_id,
        )
    form = _form(version.snapshot)
    status, problem = 200, None
    if form.validate():
        if form.consent.data != "yes":
            return render_template("public/declined.html", token=token, easy=False)
        key = form.submission_id.data or new_idempotency_key()
        try:
            store_response(version, submission_from(form, Variant.STANDARD, key), link)
        except LinkFull:
            return unavailable_page(LinkUnavailable(410, "full"))
        except SQLAlchemyError:
            status, problem = 503, "database"
        else:
            return redirect(url_for("public.thanks", token=token), 303)
    elif only_csrf_failed(form):
        status, problem = 400, "expired"
    else:
        status = 422
    return _render(form, version.snapshot, status, problem)


def _form(snapshot, **form_kwargs):
    return make_participant_form(
        snapshot["questions"],
        easy=False,
        consent=True,
        supported=True,
        submission_id=True,
        **form_kwargs,
    )


def _blank(snapshot, submission_id: str) -> str:
    form = _form(snapshot)
    form.submission_id.data = submission_id
    return _render(form, snapshot, 200, None)[0]


def posted_page(remembered, status: int, problem: str):
    """The page as posted, with every answer, when it could not be stored: the database was
    unreachable (503) or too much was sent from one address (429)."""
    form = _form(remembered.snapshot, formdata=request.form)
    return _render(form, remembered.snapshot, status, problem)


def _render(form, snapshot, status, problem):
    return (
        render_template(
            "public/standard_form.html",
            form=form,
            snapshot=snapshot,
            errors=error_list(form) if status in (400, 422) else [],
            problem=problem,
        ),
        status,
    )


@bp.get("/f/<token>/thanks")
def thanks(token: str):
    return thanks_page(token, easy=False)
