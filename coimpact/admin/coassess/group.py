"""The group session mode: one outcome at a time on a shared screen, large and without the
admin's menus, in easy read (wording, symbol, approved quotes people let us share, numbers in
words), with a form for the facilitator to record the group's counts and words."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user

from coimpact.admin.base import MAX_ROW_ID
from coimpact.admin.coassess.forms import GroupForm
from coimpact.admin.scoped import outcomes_of, visible_project
from coimpact.auth.access import can_edit
from coimpact.domain.coassessment import JUDGEMENT_SYMBOLS, QUESTION
from coimpact.domain.symbols import SYMBOLS
from coimpact.models import Judgement, Outcome, Project
from coimpact.reports.assessment_periods import assessment_period, is_closed
from coimpact.reports.coassessor_view import outcome_detail
from coimpact.reports.periods import uk_today
from coimpact.services.assessment_log import record_group


def period_of(project: Project) -> str:
    """The period a page is about: `period` of the query or the form, else the current."""
    wanted = " ".join(request.values.get("period", "").split())[:60]
    return assessment_period(project.id, wanted or None)


def _outcome_by_ref(project: Project, ref: str) -> tuple[Outcome, Outcome | None, Outcome | None]:
    """The outcome named by its ref, and the ones before and after it in the chain."""
    outcomes = outcomes_of(project.id)
    for n, outcome in enumerate(outcomes):
        if outcome.ref == ref.upper():
            before = outcomes[n - 1] if n else None
            after = outcomes[n + 1] if n + 1 < len(outcomes) else None
            return outcome, before, after
    abort(404)


class GroupMode:
    """/admin/coassess/<project_id>/group/<ref>: mixed into the co-assessment view."""

    @expose(f"/<int(max={MAX_ROW_ID}):project_id>/group/<ref>", methods=("GET", "POST"))
    def group(self, project_id: int, ref: str):
        project = visible_project(project_id)
        outcome, before, after = _outcome_by_ref(project, ref[:12])
        period = period_of(project)
        closed = is_closed(project.id, period)
        editable = can_edit(current_user, project.id) and not closed
        form = GroupForm(formdata=request.form if request.method == "POST" else None)
        if request.method == "GET":
            form.held_on.data = uk_today()
        status = 200
        if request.method == "POST":
            if not can_edit(current_user, project.id):
                abort(403)
            if closed:
                flash(f"The co-assessment of {period} is closed: nothing was recorded.", "warning")
                status = 409
            elif form.validate():
                try:
                    record_group(
                        outcome,
                        period,
                        form.counts(),
                        held_on=form.held_on.data,
                        words=form.words.data or "",
                        words_shared=form.words_shared.data,
                        by=current_user,
                    )
                except ValueError as error:
                    form.yes.errors = [*form.yes.errors, str(error)]
                    status = 422
                else:
                    flash(f"Saved the group's answers for {outcome.ref}.", "success")
                    target = after or outcome
                    return redirect(
                        url_for(".group", project_id=project.id, ref=target.ref, period=period),
                        303,
                    )
            else:
                status = 422
        page = self.render(
            "admin/coassess/group.html",
            project=project,
            outcome=outcome,
            before=before,
            after=after,
            period=period,
            closed=closed,
            editable=editable,
            form=form,
            # What a co-assessor's own page shows, by the same rules (small numbers hidden,
            # quotes people let us share, cut short).
            detail=outcome_detail(project.id, outcome.id, period),
            question=QUESTION,
            answers=[(j, JUDGEMENT_SYMBOLS[j]) for j in Judgement],
            symbols=SYMBOLS,
        )
        return page, status
