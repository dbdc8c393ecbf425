"""A co-assessor's pages (`/c/<token>`): the Theory of Change in easy read, one outcome a page
with what people said and the numbers, and "Did we do this?" for each, changeable until the
period's co-assessment is closed. The personal link is the only key: no cookie, no internal id
on a page (outcomes go by their refs, A1, B2)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from coimpact.domain.coassessment import JUDGEMENT_SYMBOLS, QUESTION, WHY_QUESTION
from coimpact.extensions import db
from coimpact.forms.participant import FriendlyRadioField, ParticipantForm
from coimpact.forms.published import Host
from coimpact.forms.submission import error_list, only_csrf_failed
from coimpact.models import Coassessment, Coassessor, Judgement, Outcome, Project
from coimpact.models.types import utcnow
from coimpact.public.blueprint import bp, submission_limit
from coimpact.reports import coassessor_view as view
from coimpact.reports.assessment_periods import assessment_period, is_closed
from coimpact.services import coassessment

# The link is the key to the pages: never handed on in a Referer (not even to our own files,
# whose requests are logged), never indexed.
PRIVATE_HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"}
THANKS = "thanks"
SHARE_QUESTION = "Can we share your words with the people who pay for this work?"

UNKNOWN = ("We cannot find this page", "Check the link. Or ask the staff for a new link.")
STOPPED = (
    "Your link does not work any more",
    "Links stop working after a while, or when staff stop them. "
    "Please ask the staff for a new link.",
)

JUDGEMENT_OPTIONS = [
    {"code": j.value, "label": j.label, "symbol": JUDGEMENT_SYMBOLS[j]} for j in Judgement
]
SHARE_OPTIONS = [
    {"code": "yes", "label": "Yes", "symbol": "yes"},
    {"code": "no", "label": "No", "symbol": "no"},
]


class JudgementForm(FlaskForm):
    Meta = ParticipantForm.Meta  # drops NUL from what is typed, as every participant page does

    judgement = FriendlyRadioField(
        QUESTION,
        choices=[SelectChoice(o["code"], o["label"]) for o in JUDGEMENT_OPTIONS],
        validators=[InputRequired("Please choose Yes, A bit, No or Not sure.")],
        invalid_message="Please choose Yes, A bit, No or Not sure.",
    )
    why = TextAreaField(
        WHY_QUESTION,
        validators=[
            Optional(),
            Length(
                max=coassessment.WHY_MAX,
                message=f"Please write less. You can write up to {coassessment.WHY_MAX} letters.",
            ),
        ],
    )
    words_shared = FriendlyRadioField(
        SHARE_QUESTION,
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        validators=[Optional()],
        invalid_message="Please choose Yes or No.",
    )


@dataclass
class Visit:
    """Whose link, for which project and period, and how far they are."""

    token: str
    coassessor: Coassessor
    project: Project
    period: str
    dates: str
    closed: bool
    outcomes: list[view.EasyOutcome]
    answers: dict[int, Coassessment]

    @property
    def host(self) -> Host:
        return Host(self.project.name, self.project.organisation)

    @property
    def answered(self) -> int:
        return sum(1 for o in self.outcomes if o.id in self.answers)

    def next_unanswered(self) -> view.EasyOutcome | None:
        return next((o for o in self.outcomes if o.id not in self.answers), None)

    def page(self, template: str, status: int = 200, **values):
        body = render_template(f"public/coassess/{template}", visit=self, host=self.host, **values)
        return body, status, PRIVATE_HEADERS


def _open(token: str) -> Visit | tuple:
    """The visit, or the friendly page for a link that is unknown (404) or stopped (410)."""
    coassessor = view.find_coassessor(token)
    if coassessor is None:
        return _unavailable(404, *UNKNOWN)
    now = utcnow()
    if not coassessor.usable_at(now):
        return _unavailable(410, *STOPPED)
    coassessment.mark_seen(coassessor, now)
    project = coassessor.project
    period = assessment_period(project.id)
    span = view.assessed_span(project.id, period)
    return Visit(
        token=token,
        coassessor=coassessor,
        project=project,
        period=period,
        dates=span.dates if span is not None else period,
        closed=is_closed(project.id, period),
        outcomes=view.easy_outcomes(project.id),
        answers=view.answers_of(coassessor, period),
    )


def _unavailable(status: int, title: str, text: str):
    body = render_template("public/unavailable.html", title=title, text=text, easy=True, host=None)
    return body, status, PRIVATE_HEADERS


def _outcome_url(token: str, ref: str, **args) -> str:
    return url_for("public.coassess_outcome", token=token, ref=ref, **args)


@bp.get("/c/<token>")
def coassess_start(token: str):
    visit = _open(token)
    if not isinstance(visit, Visit):
        return visit
    following = visit.next_unanswered()
    if visit.closed or not visit.answered:
        go = url_for("public.coassess_aim", token=token)
    elif following is None:
        go = url_for("public.coassess_thanks", token=token)
    else:
        go = _outcome_url(token, following.ref)
    return visit.page("start.html", go=go)


@bp.get("/c/<token>/aim")
def coassess_aim(token: str):
    visit = _open(token)
    if not isinstance(visit, Visit):
        return visit
    aim, aim_symbol = view.easy_aim(visit.project)
    first = visit.outcomes[0].ref if visit.outcomes else None
    go = _outcome_url(token, first) if first else url_for("public.coassess_thanks", token=token)
    return visit.page("aim.html", aim=aim, aim_symbol=aim_symbol, go=go)


@bp.route("/c/<token>/outcomes/<ref>", methods=["GET", "POST"])
@submission_limit
def coassess_outcome(token: str, ref: str):
    visit = _open(token)
    if not isinstance(visit, Visit):
        return visit
    at = next((n for n, o in enumerate(visit.outcomes) if o.ref == ref), None)
    if at is None:  # another project's ref, or none at all: nothing to tell apart
        return _unavailable(404, *UNKNOWN)
    shown = visit.outcomes[at]
    answer = visit.answers.get(shown.id)
    if request.method == "GET" or visit.closed:
        form = JudgementForm(formdata=None, data=_kept(answer))
        status = 409 if request.method == "POST" else 200
        return _outcome_page(visit, at, form, status)
    form = JudgementForm()
    if not form.validate():
        problem = "expired" if only_csrf_failed(form) else None
        return _outcome_page(visit, at, form, 400 if problem else 422, problem)
    try:
        coassessment.save_judgement(
            visit.coassessor,
            db.session.get(Outcome, shown.id),
            visit.period,
            form.judgement.data,
            form.why.data or "",
            form.words_shared.data == "yes",
        )
    except coassessment.AssessmentClosed:
        visit.closed = True
        return _outcome_page(visit, at, JudgementForm(formdata=None, data=_kept(answer)), 409)
    last = at + 1 == len(visit.outcomes)
    if last or request.args.get("from") == THANKS:
        return redirect(url_for("public.coassess_thanks", token=token), 303)
    return redirect(_outcome_url(token, visit.outcomes[at + 1].ref), 303)


def _kept(answer: Coassessment | None) -> dict:
    if answer is None:
        return {"words_shared": "no"}  # words stay with us unless they say yes
    return {
        "judgement": answer.judgement.value,
        "why": answer.why,
        "words_shared": "yes" if answer.words_shared else "no",
    }


def _outcome_page(visit: Visit, at: int, form: JudgementForm, status: int, problem=None):
    shown = visit.outcomes[at]
    token = visit.token
    back = (
        _outcome_url(token, visit.outcomes[at - 1].ref)
        if at
        else url_for("public.coassess_aim", token=token)
    )
    return visit.page(
        "outcome.html",
        status,
        outcome=shown,
        number=at + 1,
        detail=view.outcome_detail(visit.project.id, shown.id, visit.period),
        form=form,
        errors=error_list(form) if status in (400, 422) else [],
        problem=problem,
        answer=visit.answers.get(shown.id),
        back_url=back,
        action=request.full_path if request.args else request.path,
        judgement_options=JUDGEMENT_OPTIONS,
        share_options=SHARE_OPTIONS,
        share_question=SHARE_QUESTION,
    )


@bp.get("/c/<token>/thanks")
def coassess_thanks(token: str):
    visit = _open(token)
    if not isinstance(visit, Visit):
        return visit
    return visit.page("thanks.html", symbols=JUDGEMENT_SYMBOLS)
