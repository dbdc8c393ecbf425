"""/admin/coassess/: a project's co-assessment. Its co-assessors and their links (made, shown
once with a QR code, printed, replaced, revoked), the co-assessors' answers per outcome beside
staff's, the decision log, and closing the period; the group session mode is in `group.py`.

Access as on the dashboard: another project's ids answer 404 alike with ids that are not
there; viewers read and change nothing (403 on every POST).
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from wtforms import SelectChoice

from coimpact.admin.base import MAX_ROW_ID, ProtectedView
from coimpact.admin.coassess.forms import DecisionForm, InviteForm
from coimpact.admin.coassess.group import GroupMode, period_of
from coimpact.admin.qr import qr_svg
from coimpact.admin.scoped import outcomes_of, require_editable, visible_project
from coimpact.auth.access import can_edit, visible_projects
from coimpact.domain.coassessment import JUDGEMENT_SYMBOLS
from coimpact.extensions import db
from coimpact.models import Coassessor, Judgement, Project, ReviewStatus
from coimpact.models.types import utcnow
from coimpact.reports import coassessment as read
from coimpact.reports.assessment_periods import is_closed
from coimpact.reports.periods import uk_today
from coimpact.services import assessment_log, coassessors
from coimpact.services.indicator_reviews import REVIEW_LABELS

PROJECT = f"<int(max={MAX_ROW_ID}):project_id>"
COASSESSOR = f"<int(max={MAX_ROW_ID}):coassessor_id>"


def changeable(project_id: int) -> Project:
    """The project of a POST: 404 for another project's, 403 for its viewers."""
    project = visible_project(project_id)
    require_editable(project_id)
    return project


def outcome_choices(project: Project) -> list[SelectChoice]:
    return [SelectChoice("", "The whole assessment")] + [
        SelectChoice(str(o.id), f"{o.ref} {o.statement}"[:90]) for o in outcomes_of(project.id)
    ]


class CoassessView(GroupMode, ProtectedView):
    @expose("/")
    def index(self):
        return self.render("admin/coassess/choose.html", projects=visible_projects(current_user))

    @expose(f"/{PROJECT}")
    def project(self, project_id: int):
        project = visible_project(project_id)
        return self.page(project)

    def page(self, project: Project, *, invite=None, decision=None, status: int = 200):
        period = period_of(project)
        editable = can_edit(current_user, project.id)
        if editable and decision is None:
            decision = DecisionForm(formdata=None, period=period, decided_on=uk_today())
        if decision is not None:
            decision.outcome.choices = outcome_choices(project)
        page = self.render(
            "admin/coassess/project.html",
            project=project,
            period=period,
            closed=is_closed(project.id, period),
            can_change=editable,
            invite=invite or (InviteForm(formdata=None) if editable else None),
            decision=decision,
            people=read.coassessors(db.session, project.id),
            now=utcnow(),
            rows=list(read.assessments(db.session, project.id, period).values()),
            decisions=read.decisions(db.session, project.id, period),
            gaps=read.easy_read_gaps(db.session, project),
            review_labels=REVIEW_LABELS,
            ReviewStatus=ReviewStatus,
            Judgement=Judgement,
            judgement_symbols=JUDGEMENT_SYMBOLS,
        )
        return page, status

    # --- Links ------------------------------------------------------------------------------

    def link_once(self, project: Project, invitation: coassessors.Invitation):
        """The one page that shows a new link: after this only its hash is known."""
        url = invitation.url
        return self.render(
            "admin/coassess/link.html",
            project=project,
            person=invitation.coassessor,
            url=url,
            token=invitation.token,
            # segno's SVG of our own address (configured base URL and a URL-safe token).
            qr=Markup(qr_svg(url, scalable=True)),  # noqa: S704
        )

    @expose(f"/{PROJECT}/invite", methods=("POST",))
    def invite(self, project_id: int):
        project = changeable(project_id)
        form = InviteForm()
        if not form.validate():
            return self.page(project, invite=form, status=422)
        try:
            made = coassessors.invite(
                project, form.label.data, form.role.data, form.days.data, current_user
            )
        except ValueError as error:
            form.label.errors = [str(error)]
            return self.page(project, invite=form, status=422)
        return self.link_once(project, made)

    def _person(self, project: Project, coassessor_id: int) -> Coassessor:
        person = db.session.get(Coassessor, coassessor_id)
        if person is None or person.project_id != project.id:
            abort(404)
        return person

    @expose(f"/{PROJECT}/coassessor/{COASSESSOR}/revoke", methods=("POST",))
    def revoke(self, project_id: int, coassessor_id: int):
        project = changeable(project_id)
        person = self._person(project, coassessor_id)
        if coassessors.revoke(person, current_user):
            flash(f"The link for {person.label} no longer works.", "success")
        return redirect(url_for(".project", project_id=project.id), 303)

    @expose(f"/{PROJECT}/coassessor/{COASSESSOR}/new-link", methods=("POST",))
    def new_link(self, project_id: int, coassessor_id: int):
        project = changeable(project_id)
        person = self._person(project, coassessor_id)
        return self.link_once(project, coassessors.new_link(person, by=current_user))

    @expose(f"/{PROJECT}/print", methods=("POST",))
    def print_link(self, project_id: int):
        """The printable page of a link just made: its token comes back in the POST (never in
        an address or a log) and must be a working link of this project."""
        project = changeable(project_id)
        token = request.form.get("token", "")[:100]
        person = coassessors.coassessor_by_token(project.id, token) if token else None
        if person is None or not person.usable_at(utcnow()):
            abort(404)
        url = coassessors.coassessor_url(token)
        return self.render(
            "admin/coassess/print.html",
            project=project,
            url=url,
            qr=Markup(qr_svg(url, scalable=True)),  # noqa: S704
        )

    # --- The decision log and closing ------------------------------------------------------

    @expose(f"/{PROJECT}/decisions", methods=("POST",))
    def decide(self, project_id: int):
        project = changeable(project_id)
        form = DecisionForm()
        form.outcome.choices = outcome_choices(project)
        if not form.validate():
            return self.page(project, decision=form, status=422)
        outcome = next((o for o in outcomes_of(project.id) if str(o.id) == form.outcome.data), None)
        assessment_log.record_decision(
            project,
            period_of(project),
            form.decided_on.data,
            form.decision.data,
            outcome,
            current_user,
        )
        flash("Added to the decision log.", "success")
        return redirect(self._back(project), 303)

    @expose(f"/{PROJECT}/close", methods=("POST",))
    def close(self, project_id: int):
        project = changeable(project_id)
        period = period_of(project)
        if assessment_log.close_period(project, period, current_user):
            flash(
                f"The co-assessment of {period} is closed: answers can no longer change.", "success"
            )
        return redirect(self._back(project), 303)

    @expose(f"/{PROJECT}/reopen", methods=("POST",))
    def reopen(self, project_id: int):
        project = changeable(project_id)
        period = period_of(project)
        if assessment_log.reopen_period(project, period, current_user):
            flash(f"The co-assessment of {period} is open again.", "success")
        return redirect(self._back(project), 303)

    def _back(self, project: Project) -> str:
        return url_for(".project", project_id=project.id, period=period_of(project))
