"""The easy-read form: one question a page, answers kept on the server as the person goes."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import MultiDict

from ..errors import render_error
from ..forms.participant import make_participant_form
from ..models import Variant
from ..participation import (
    AGREE,
    CHECK,
    HELPED,
    LinkUnavailable,
    Steps,
    find_version,
    open_link,
)
from ..questions import display_answer
from ..services import drafts
from ..services.responses import LinkFull, already_sent, store_response
from . import bp, sending_step_limit, submission_limit
from .common import (
    database_down,
    error_list,
    only_csrf_failed,
    submission_from,
    thanks_page,
    unavailable_page,
)
from .page_cache import blank_page

COOKIE = "coimpact_draft"
COOKIE_MAX_AGE = 30 * 24 * 3600  # a month to come back to an unfinished form


def _cookie_path(token: str) -> str:
    return url_for("public.easy_start", token=token)


def _step_url(token: str, step: str) -> str:
    return url_for("public.easy_step", token=token, step=step)


def _step_form(steps: Steps, step: str, formdata=None, **kwargs):
    """The form for one page: consent, one question, the 'did someone help you' question, or
    (for the check page) everything, so that the whole response is validated again."""
    question = steps.question(step)
    return make_participant_form(
        [question] if question else (steps.questions if step == CHECK else []),
        easy=True,
        consent=step in (AGREE, CHECK),
        supported=step in (HELPED, CHECK),
        formdata=formdata,
        **kwargs,
    )


@bp.route("/f/<token>/easy", methods=["GET", "POST"])
@submission_limit
def easy_start(token: str):
    try:
        link, version = open_link(token)
    except LinkUnavailable as exc:
        return unavailable_page(exc)
    draft = drafts.find_draft(request.cookies.get(COOKIE), link)
    if request.method == "POST":
        form = make_participant_form([], easy=True)
        if not form.validate():  # only the CSRF token can fail here
            return render_template(
                "public/easy_start.html", snapshot=version.snapshot, draft=draft, expired=True
            ), 400
        try:
            if draft is not None:
                drafts.discard(draft)
            draft = drafts.start_draft(link, version)
        except SQLAlchemyError:
            return render_template(
                "public/easy_start.html", snapshot=version.snapshot, draft=None, failed=True
            ), 503
        response = redirect(_step_url(token, AGREE), 303)
        response.set_cookie(
            COOKIE,
            draft.key,
            max_age=COOKIE_MAX_AGE,
            path=_cookie_path(token),
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
        return response
    return render_template("public/easy_start.html", snapshot=version.snapshot, draft=draft)


@bp.route("/f/<token>/easy/<step>", methods=["GET", "POST"])
@sending_step_limit
def easy_step(token: str, step: str):
    try:
        return _easy_step(token, step)
    except SQLAlchemyError:
        return database_down(token, lambda remembered: _posted_step(token, step, remembered))


def _posted_step(token: str, step: str, remembered):
    """The step as posted, for when the database cannot be reached to keep it."""
    steps = Steps(remembered.snapshot["questions"])
    if not steps.is_step(step) or step == CHECK:
        return render_error(503)
    form = _step_form(steps, step, formdata=request.form)
    return _render_step(token, steps, step, form, 503, "database", remembered, None)


def _easy_step(token: str, step: str):
    try:
        link, version = open_link(token)
    except LinkUnavailable as exc:
        return unavailable_page(exc)
    draft = drafts.find_draft(request.cookies.get(COOKIE), link)
    if draft is None:
        if step == CHECK and request.method == "POST" and already_sent(request.form, link):
            return redirect(url_for("public.easy_thanks", token=token), 303)
        return redirect(url_for("public.easy_start", token=token), 303)
    if draft.form_version_id != version.id:  # finish on the version the person started
        version = find_version(draft.form_version_id)
    steps = Steps(version.snapshot["questions"])
    if not steps.is_step(step):
        return redirect(_step_url(token, draft.step), 303)
    stored = MultiDict(
        [(name, value) for name, values in drafts.stored_fields(draft).items() for value in values]
    )
    if request.method == "GET":
        if step != CHECK and not any(_on_step(steps, step, name) for name in stored):
            # Not answered yet: the same page for everyone but its CSRF token.
            return blank_page(
                version.cache_key,
                request.full_path if request.args else request.path,
                generate_csrf(),
                lambda: _render_step(
                    token, steps, step, _step_form(steps, step), 200, None, version, draft
                )[0],
            )
        form = _step_form(steps, step, formdata=stored)
        return _render_step(token, steps, step, form, 200, None, version, draft)
    if step == CHECK:
        return _send(token, link, version, steps, draft, stored)
    form = _step_form(steps, step, formdata=request.form)
    status, problem = 422, None
    if form.validate():
        answers = {f.name: request.form.getlist(f.name) for f in form if f.name != "csrf_token"}
        if step == AGREE and form.consent.data != "yes":
            drafts.discard(draft)
            return render_template("public/declined.html", token=token, easy=True)
        following = CHECK if request.args.get("from") == CHECK else steps.next(step)
        try:
            drafts.save_step(draft, answers, following)
        except SQLAlchemyError:
            status, problem = 503, "database"
        else:
            return redirect(_step_url(token, following), 303)
    elif only_csrf_failed(form):
        status, problem = 400, "expired"
    return _render_step(token, steps, step, form, status, problem, version, draft)


def _render_step(token, steps, step, form, status, problem, version, draft):
    template = "public/easy_check.html" if step == CHECK else "public/easy_step.html"
    previous = steps.previous(step)
    return (
        render_template(
            template,
            token=token,
            step=step,
            form=form,
            steps=steps,
            question=steps.question(step),
            snapshot=version.snapshot,
            errors=error_list(form) if status in (400, 422) else [],
            problem=problem,
            submission_id=draft.idempotency_key if draft else "",
            display_answer=display_answer,
            back_url=_step_url(token, previous)
            if previous
            else url_for("public.easy_start", token=token),
        ),
        status,
    )


def _send(token, link, version, steps, draft, stored):
    """Validate everything kept so far and store it as one response."""
    # The kept answers carry no CSRF token; the page's own token is checked by `check`.
    form = _step_form(steps, CHECK, formdata=stored, meta={"csrf": False})
    check = make_participant_form([], easy=True)
    if not check.validate():
        return _render_step(token, steps, CHECK, form, 400, "expired", version, draft)
    if not form.validate():
        # Something kept is no longer valid: send the person to the first page to fix.
        first_bad = next(
            (
                name
                for name in steps.names
                for f in form
                if f.errors and _on_step(steps, name, f.name)
            ),
            AGREE,
        )
        return redirect(_step_url(token, first_bad), 303)
    try:
        store_response(version, submission_from(form, Variant.EASY, draft.idempotency_key), link)
        drafts.discard(draft)
    except LinkFull:
        return unavailable_page(LinkUnavailable(410, "full"))
    except SQLAlchemyError:
        return _render_step(token, steps, CHECK, form, 503, "database", version, draft)
    response = redirect(url_for("public.easy_thanks", token=token), 303)
    response.delete_cookie(COOKIE, path=_cookie_path(token))
    return response


def _on_step(steps: Steps, name: str, field_name: str) -> bool:
    """Whether the field called `field_name` is asked on step `name`."""
    question = steps.question(name)
    if question is not None:
        # Exactly, not by prefix: one question's key may begin another's ("feel", "feeling").
        stem = f"q_{question['key']}"
        return field_name in (stem, f"{stem}_before", f"{stem}_after")
    if name == AGREE:
        return field_name in ("consent", "quote_permission", "participant_name")
    return name == HELPED and field_name == "supported"


@bp.get("/f/<token>/easy/thanks")
def easy_thanks(token: str):
    return thanks_page(token, easy=True)
