"""Suggested links in the admin: /admin/evidence/suggestions/?project_id=…

Each row is an answer to a question that measures an indicator, waiting for staff to confirm
(it is evidence for that indicator) or reject (it is not, and stops counting for it). Rows are
decided one at a time or a page at a time, or everything the filter matches, with plain POST
forms (no JavaScript). See `services/suggestions.py` for what is suggested and what deciding
writes.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user

from coimpact.admin.base import ProtectedView, row_id
from coimpact.admin.display import VARIANT_LABELS, yes_no
from coimpact.admin.scoped import forms_of, require_editable, visible_project
from coimpact.auth.access import can_edit, visible_projects
from coimpact.domain.readable import uk_datetime
from coimpact.extensions import db
from coimpact.models import Form, Indicator, LinkStatus, Outcome, Section, question_indicators
from coimpact.reports.quote_permission import Shown, own_words, shown_words
from coimpact.services import suggestions as service

PAGE_SIZES = (50, 100, 200, 500)
DECISIONS = {"confirm": LinkStatus.CONFIRMED, "reject": LinkStatus.REJECTED}


@dataclass(frozen=True)
class Row:
    answer_id: int
    indicator_id: int
    indicator_ref: str
    indicator_statement: str
    question: str  # as it was asked
    words: Shown  # the answer, as its quote permission allows
    response_id: int
    response_ref: str
    variant: str
    supported: str
    submitted: str


def _arg(name: str, source=None) -> int | None:
    return (source or request.args).get(name, type=row_id)


def _rows(raw) -> list[Row]:
    questions = service.snapshots(r.form_version_id for r in raw)
    rows = []
    for r in raw:
        ref = f"{Section(r.section).ref_prefix}{r.outcome_number}.{r.indicator_number}"
        own = own_words(service.question_for(r, questions).get("type"))
        words = shown_words(
            service.words_for(r, questions), r.quote_permission, r.participant_name, own
        )
        rows.append(
            Row(
                answer_id=r.answer_id,
                indicator_id=r.indicator_id,
                indicator_ref=ref,
                indicator_statement=r.indicator_statement,
                question=r.question_text,
                words=words,
                response_id=r.response_id,
                response_ref=r.response_ref,
                variant=VARIANT_LABELS[r.variant],
                supported=yes_no(r.supported),
                submitted=uk_datetime(r.submitted_at, zone=True),
            )
        )
    return rows


def _filters(project_id: int) -> tuple[list[Indicator], list[Form]]:
    """The indicators some question measures, and the forms: what the page can filter by."""
    indicators = db.session.scalars(
        sa.select(Indicator)
        .join(Outcome, Outcome.id == Indicator.outcome_id)
        .where(
            Outcome.project_id == project_id,
            Indicator.id.in_(sa.select(question_indicators.c.indicator_id)),
        )
        .order_by(Outcome.section, Outcome.ref_number, Indicator.ref_number)
    ).all()
    return list(indicators), forms_of(project_id)


class SuggestionsView(ProtectedView):
    @expose("/")
    def index(self):
        project_id = _arg("project_id")
        if project_id is None:
            projects = visible_projects(current_user)
            if len(projects) != 1:
                return self.render("admin/evidence/suggestions_choose.html", projects=projects)
            project_id = projects[0].id
        project = visible_project(project_id)
        indicators, forms = _filters(project.id)
        indicator_id = _arg("indicator_id")
        form_id = _arg("form_id")
        # Filters outside the project's own lists are ignored rather than trusted.
        if indicator_id not in {i.id for i in indicators}:
            indicator_id = None
        if form_id not in {f.id for f in forms}:
            form_id = None
        per_page = request.args.get("per_page", type=int)
        per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
        page = max(request.args.get("page", 1, type=int) or 1, 1)
        total = service.count_pending(project.id, indicator_id, form_id)
        pages = max((total + per_page - 1) // per_page, 1)
        page = min(page, pages)
        raw = service.page_of(project.id, indicator_id, form_id, (page - 1) * per_page, per_page)
        return self.render(
            "admin/evidence/suggestions.html",
            project=project,
            indicators=indicators,
            forms=forms,
            indicator_id=indicator_id,
            form_id=form_id,
            per_page=per_page,
            page_sizes=PAGE_SIZES,
            page=page,
            pages=pages,
            total=total,
            rows=_rows(raw),
            chosen=next((i for i in indicators if i.id == indicator_id), None),
            can_change=can_edit(current_user, project.id),
        )

    @expose("/decide", methods=("POST",))
    def decide(self):
        project = visible_project(_arg("project_id", request.form))
        require_editable(project.id)
        indicator_id = _arg("indicator_id", request.form)
        form_id = _arg("form_id", request.form)
        back = {
            "project_id": project.id,
            "indicator_id": indicator_id,
            "form_id": form_id,
            "per_page": request.form.get("per_page", type=int),
            "page": request.form.get("page", type=int),
        }
        one, on_page, everything = (
            request.form.get("one", ""),
            request.form.get("page_decision", ""),
            request.form.get("all_decision", ""),
        )
        if one:
            decision, _, pair = one.partition(":")
            pairs = [_pair(pair)]
        elif on_page:
            decision, pairs = on_page, [_pair(p) for p in request.form.getlist("pair")]
        else:
            decision, pairs = everything, None
        if decision not in DECISIONS or (pairs is not None and None in pairs):
            abort(400)
        status = DECISIONS[decision]
        decided = service.decide(
            project.id,
            status,
            current_user,
            pairs=pairs,
            indicator_id=indicator_id,
            form_id=form_id,
        )
        if decided.count:
            flash(decision_message(status, decided), "success")
        else:
            flash("Nothing to decide: those suggestions were already decided.", "info")
        return redirect(url_for(".index", **{k: v for k, v in back.items() if v}), 303)


def _refs(indicator_ids: list[int]) -> list[str]:
    indicators = db.session.scalars(
        sa.select(Indicator)
        .join(Outcome, Outcome.id == Indicator.outcome_id)
        .where(Indicator.id.in_(indicator_ids))
        .order_by(Outcome.section, Outcome.ref_number, Indicator.ref_number)
    )
    return [i.ref for i in indicators]


def decision_message(status: LinkStatus, decided: service.Decided) -> str:
    """What a decision changed, in words: answers added to the indicators' evidence, or
    taken out of their results."""
    refs = _refs(decided.indicator_ids)
    named = refs[0] if len(refs) == 1 else f"{', '.join(refs[:-1])} and {refs[-1]}"
    if decided.count == 1:
        done, these = "", "this answer"
    else:
        done, these = f" {decided.count:,} suggestions", "those answers"
    if status == LinkStatus.CONFIRMED:
        results = f"{named}'s result" if len(refs) == 1 else "their results"
        return (
            f"Confirmed{done}: {these} {'is' if decided.count == 1 else 'are'} now evidence for "
            f"{named} (listed with the evidence items) and still count"
            f"{'s' if decided.count == 1 else ''} in {results}."
        )
    results = f"{named}'s result" if len(refs) == 1 else f"the results of {named}"
    kept = "The answer itself is kept." if decided.count == 1 else "The answers are kept."
    return (
        f"Rejected{done}: {these} no longer count{'s' if decided.count == 1 else ''} in "
        f"{results}. {kept}"
    )


def _pair(value: str) -> tuple[int, int] | None:
    answer, _, indicator = (value or "").partition("-")
    try:
        return row_id(answer), row_id(indicator)
    except ValueError:
        return None
