"""The easy-read form: one question a page, answers kept on the server as the person goes."""

from __future__ import annotations

from flask import current_app, g, redirect, render_template, request, url_for
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import MultiDict

from coimpact.database import if_commit_fails
from coimpact.domain.question_types import display_answer, wording
from coimpact.domain.recognition import code_hash, is_code_hash
from coimpact.forms.participant import make_participant_form
from coimpact.forms.published import (
    AGREE,
    CHECK,
    HELPED,
    LinkUnavailable,
    PublishedVersion,
    Steps,
    find_version,
    open_link,
)
from coimpact.forms.submission import error_list, only_csrf_failed, submission_from
from coimpact.models import Variant
from coimpact.public.blueprint import bp, sending_step_limit, submission_limit
from coimpact.public.common import (
    database_down,
    declined_page,
    refused,
    thanks_page,
    unavailable_page,
)
from coimpact.public.page_cache import blank_page
from coimpact.services import drafts
from coimpact.services.responses import LinkFull, already_sent, store_response
from coimpact.web.errors import render_error

COOKIE = "coimpact_draft"
COOKIE_MAX_AGE = 30 * 24 * 3600  # a month to come back to an unfinished form


def _cookie_path(token: str) -> str:
    return url_for("public.easy_start", token=token)


def _cookie_secure() -> bool:
    """Secure whenever the session cookie is (production, or a request over HTTPS): the draft's
    key opens the person's answers as surely as a session opens an account."""
    return current_app.session_interface.get_cookie_secure(current_app)


def _step_url(token: str, step: str) -> str:
    return url_for("public.easy_step", token=token, step=step)


def _step_form(steps: Steps, step: str, formdata=None, recognition: bool = False, **kwargs):
    """The form for one page: consent, one question, the 'did someone help you' question, or
    (for the check page) everything, so that the whole response is validated again."""
    question = steps.question(step)
    return make_participant_form(
        [question] if question else (steps.questions if step == CHECK else []),
        easy=True,
        consent=step in (AGREE, CHECK),
        supported=step in (HELPED, CHECK),
        recognition=recognition and step in (HELPED, CHECK),
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
    g.personal_link = link.personal  # the start page says what a personal link is for
    draft = drafts.find_draft(request.cookies.get(COOKIE), link)
    if request.method == "POST":
        form = make_participant_form([], easy=True)
        if not form.validate():  # only the CSRF token can fail here
            return _start_page(version, draft, expired=True), 400
        try:
            if draft is not None:
                drafts.discard(draft)
            draft = drafts.start_draft(link, version)
        except SQLAlchemyError:
            return _start_page(version, None, failed=True), 503
        response = redirect(_step_url(token, AGREE), 303)
        response.set_cookie(
            COOKIE,
            draft.key,
            max_age=COOKIE_MAX_AGE,
            path=_cookie_path(token),
            httponly=True,
            samesite="Lax",
            secure=_cookie_secure(),
        )
        return response
    return _start_page(version, draft)


def _start_page(version: PublishedVersion, draft, **problems) -> str:
    return render_template(
        "public/easy_start.html",
        snapshot=version.snapshot,
        steps=Steps(version.snapshot["questions"]),
        host=version.host,
        draft=draft,
        **problems,
    )


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
    asks_code = "recognition_code" in request.form
    form = _step_form(steps, step, formdata=request.form, recognition=asks_code)
    return _render_step(token, steps, step, form, 503, "database", remembered, "")


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
    # A form run in rounds asks for the optional code to be recognised again by; a personal
    # link asks nothing and says instead that it recognises them.
    code, g.personal_link = link.asks_code, link.personal
    key = draft.idempotency_key  # read now: a failed commit expires the draft
    stored = MultiDict(
        [(name, value) for name, values in drafts.stored_fields(draft).items() for value in values]
    )
    # The pages say whether a code is kept (never the code: the draft keeps only its hash).
    g.code_kept = is_code_hash(stored.get("recognition_hash"))
    if request.method == "GET":
        if step != CHECK and not any(_on_step(steps, step, name) for name in stored):
            # Not answered yet: the same page for everyone but its CSRF token.
            return blank_page(
                (version.page_key, code, link.personal),
                request.full_path if request.args else request.path,
                generate_csrf(),
                lambda: _render_step(
                    token,
                    steps,
                    step,
                    _step_form(steps, step, recognition=code),
                    200,
                    None,
                    version,
                    key,
                )[0],
            )
        form = _step_form(steps, step, formdata=stored, recognition=code)
        return _render_step(token, steps, step, form, 200, None, version, key)
    if step == CHECK:
        return _send(token, link, version, steps, draft, stored)
    if step == AGREE and refused(request.form):
        drafts.discard(draft)
        response = current_app.make_response(declined_page(token, version.host, easy=True))
        response.delete_cookie(COOKIE, path=_cookie_path(token), secure=_cookie_secure())
        return response
    form = _step_form(steps, step, formdata=request.form, recognition=code)
    status, problem = 422, None
    if form.validate():
        answers = {f.name: request.form.getlist(f.name) for f in form if f.name != "csrf_token"}
        if "recognition_code" in answers:
            # Even the draft keeps only the code's keyed hash, never the code itself.
            del answers["recognition_code"]
            kept = code_hash(
                current_app.config["SECRET_KEY"], version.project_id, form.recognition_code.data
            )
            answers["recognition_hash"] = [kept] if kept else []
        following = CHECK if request.args.get("from") == CHECK else steps.next(step)
        try:
            drafts.save_step(draft, answers, following)
        except SQLAlchemyError:
            status, problem = 503, "database"
        else:
            if_commit_fails(
                lambda: _render_step(token, steps, step, form, 503, "database", version, key)
            )
            return redirect(_step_url(token, following), 303)
    elif only_csrf_failed(form):
        status, problem = 400, "expired"
    return _render_step(token, steps, step, form, status, problem, version, key)


def _render_step(token, steps, step, form, status, problem, version, submission_id):
    template = "public/easy_check.html" if step == CHECK else "public/easy_step.html"
    previous = steps.previous(step)
    errors, row_errors = [], {}
    if status in (400, 422):
        errors = error_list(form)
        if step == CHECK:
            errors, row_errors = _check_problems(token, steps, form)
    return (
        render_template(
            template,
            token=token,
            step=step,
            form=form,
            steps=steps,
            question=steps.question(step),
            snapshot=version.snapshot,
            host=version.host,
            errors=errors,
            row_errors=row_errors,
            rows=CHECK_ROWS,
            problem=problem,
            submission_id=submission_id,
            display_answer=display_answer,
            back_url=_step_url(token, previous)
            if previous
            else url_for("public.easy_start", token=token),
        ),
        status,
    )


def _send(token, link, version, steps, draft, stored):
    """Validate everything kept so far and store it as one response."""
    key = draft.idempotency_key
    # The kept answers carry no CSRF token; the page's own token is checked by `check`.
    form = _step_form(
        steps, CHECK, formdata=stored, recognition=link.asks_code, meta={"csrf": False}
    )
    check = make_participant_form([], easy=True)
    if not check.validate():
        return _render_step(token, steps, CHECK, form, 400, "expired", version, key)
    if not form.validate():
        # Something kept is not good enough (a page skipped by its address): the check page
        # lists every such answer at once, each linked to the page that asks it.
        return _render_step(token, steps, CHECK, form, 422, None, version, key)
    try:
        submission = submission_from(form, Variant.EASY, draft.idempotency_key)
        kept = stored.get("recognition_hash")
        if link.asks_code and is_code_hash(kept):
            submission.recognition_hash = kept
        store_response(version, submission, link)
        drafts.discard(draft)
    except LinkFull:
        return unavailable_page(LinkUnavailable(410, "full", version.host))
    except SQLAlchemyError:
        return _render_step(token, steps, CHECK, form, 503, "database", version, key)
    if_commit_fails(lambda: _render_step(token, steps, CHECK, form, 503, "database", version, key))
    response = redirect(url_for("public.easy_thanks", token=token), 303)
    response.delete_cookie(COOKIE, path=_cookie_path(token), secure=_cookie_secure())
    return response


# The check page's rows that are not questions (a question's row is named by its page number).
CHECK_ROWS = {"consent": "Take part", "words": "Use your words", "helped": "Someone helped you"}


def _check_problems(token: str, steps: Steps, form) -> tuple[list[dict], dict[str, str]]:
    """For the check page: every problem for the summary (linked to the page to fix it, which
    then comes back here), and the message beside each row, by row name."""
    items, rows = [], {}
    for name in steps.names:
        for field in form:
            if not field.errors or not _on_step(steps, name, field.name):
                continue
            row = name
            if name == AGREE:
                row = "consent" if field.name == "consent" else "words"
            elif name == HELPED:
                row = "helped"
            if row in rows:
                continue
            rows[row] = field.errors[0]
            question = steps.question(name)
            items.append(
                {
                    "id": f"row-{row}",
                    "url": f"{_step_url(token, name)}?from={CHECK}",
                    "label": wording(question, "text", True) if question else CHECK_ROWS[row],
                    "message": field.errors[0],
                }
            )
    return items, rows


def _on_step(steps: Steps, name: str, field_name: str) -> bool:
    """Whether the field called `field_name` is asked on step `name`."""
    question = steps.question(name)
    if question is not None:
        # Exactly, not by prefix: one question's key may begin another's ("feel", "feeling").
        stem = f"q_{question['key']}"
        return field_name in (stem, f"{stem}_before", f"{stem}_after")
    if name == AGREE:
        return field_name in ("consent", "quote_permission", "participant_name")
    return name == HELPED and field_name in ("supported", "recognition_code", "recognition_hash")


@bp.get("/f/<token>/easy/thanks")
def easy_thanks(token: str):
    return thanks_page(token, easy=True)
