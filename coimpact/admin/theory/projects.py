"""Projects in the admin, and the overview page that shows a project's whole chain."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, flash, redirect, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy.orm import selectinload
from wtforms import DateField, RadioField, SelectChoice
from wtforms.validators import InputRequired, Optional, Regexp, ValidationError

from coimpact.admin.base import MAX_ROW_ID, ProtectedView
from coimpact.admin.collect.builder_fields import SymbolField, easy_read_args
from coimpact.admin.filters import text_filter
from coimpact.admin.scoped import ProjectScopedView, may_change, require_editable, visible_project
from coimpact.auth.access import can_edit
from coimpact.domain import guidance, starter_set
from coimpact.domain.involvement import LOG_TOTALS
from coimpact.domain.periods import years_name
from coimpact.domain.readable import plural
from coimpact.extensions import db
from coimpact.models import ElementKind, Outcome, Project, Section, TocElement
from coimpact.reports.coassessment import easy_read_gaps
from coimpact.reports.involvement import involvement_totals
from coimpact.reports.periods import choose_period
from coimpact.services import audit
from coimpact.services.periods import PeriodError, add_period
from coimpact.services.projects import SLUG_PATTERN, SLUG_RULE, StarterSummary, apply_starter_set


class ChoiceOnlyRadioField(RadioField):
    """A choice about how to create a row, not a column: never copied onto the model."""

    def populate_obj(self, obj, name):
        return None


class UnboundDateField(DateField):
    """A date used while creating the row (the first reporting period), not a column of it."""

    def populate_obj(self, obj, name):
        return None


START_EMPTY, START_FROM_STARTER = "empty", "starter"


def starter_flash(summary: StarterSummary) -> None:
    flash(
        f"Started from SCIE's starter set: {plural(summary.elements, 'element')}, "
        f"{plural(summary.outcomes, 'outcome')} and {plural(summary.indicators, 'indicator')} "
        "to edit.",
        "info",
    )


def _overview_link(view, context, model, name):
    url = url_for("overview.project", project_id=model.id)
    return Markup('<a href="{}">Overview</a>').format(url)


def _periods_list(view, context, model, name):
    """The project's periods by name, the current one marked, each opening its results."""
    current = choose_period(model.id).chosen
    items = [
        Markup('<a href="{}">{}</a>{}').format(
            url_for("dashboard.project", project_id=model.id, period=p.name),
            p.name,
            " (current)" if current and p.name == current.name else "",
        )
        for p in model.periods
    ]
    return Markup(", ").join(items) if items else "None yet"


def _project_scope(ids):
    return Project.id.in_(ids)


class ProjectView(ProjectScopedView):
    scope = staticmethod(_project_scope)
    column_list = ("name", "organisation", "slug", "periods", "overview")
    column_details_list = (
        "name",
        "slug",
        "organisation",
        "problem",
        "aim",
        "periods",
        "lived_experience",
        "created_at",
        "overview",
    )
    column_labels = {
        "periods": "Reporting periods",
        "lived_experience": "Lived experience in the assessment",
        "overview": "Theory of Change",
    }
    column_formatters = {"overview": _overview_link, "periods": _periods_list}
    column_sortable_list = ("name", "organisation", "slug")
    column_default_sort = ("name", False)
    column_searchable_list = ("name", "organisation", "slug")
    column_filters = (text_filter("Organisation", Project.organisation),)
    form_columns = (
        "name",
        "slug",
        "organisation",
        "problem",
        "aim",
        "aim_easy",
        "aim_symbol",
        "first_period_start",
        "first_period_end",
        "lived_experience",
        "starter_set",
    )
    # A project's periods are rows of their own (the Reporting periods page); the first one can
    # be given as the project is made, so a new project reports for a year from the start.
    create_only_columns = ("first_period_start", "first_period_end", "starter_set")
    # A choice with nothing chosen for you: starting from the starter set fills the Theory of
    # Change with sample rows, and that should be a decision, not a box left ticked.
    form_extra_fields = {
        "first_period_start": UnboundDateField(
            "First reporting period: first day",
            validators=[Optional()],
            description="For example 1 April 2026. Leave both days empty to add periods later.",
        ),
        "first_period_end": UnboundDateField(
            "First reporting period: last day",
            validators=[Optional()],
            description="For example 31 March 2027. The period is named after its years "
            "(2026-27); you can rename it and add more on the project's Theory of Change page.",
        ),
        "starter_set": ChoiceOnlyRadioField(
            "How do you want to start the Theory of Change?",
            choices=[
                SelectChoice(START_EMPTY, "Start empty: you add every part yourself"),
                SelectChoice(
                    START_FROM_STARTER, "Start from SCIE's starter set, and edit it with your group"
                ),
            ],
            validators=[
                InputRequired(message="Choose how to start: empty, or from SCIE's starter set.")
            ],
            description="The starter set has sample inputs, activities, outputs, assumptions "
            "and enablers, and outcomes with indicators in all four sections, based on SCIE's "
            "co-production principles.",
        ),
    }
    form_overrides = {"aim_symbol": SymbolField}
    create_template = "admin/projects/create.html"
    starter = starter_set  # read by the create page's preview
    form_args = {
        "name": {"label": "Name"},
        "slug": {
            "label": "Short name",
            "description": "Lower-case letters, digits and hyphens; used in links and exports.",
            "validators": [Regexp(SLUG_PATTERN, message=SLUG_RULE)],
        },
        "problem": {"label": "Problem or situation", "description": escape(guidance.PROBLEM.hint)},
        "aim": {"label": "Aim", "description": escape(guidance.AIM.hint)},
        **easy_read_args("aim_easy", "aim_symbol", "the aim"),
        "lived_experience": {
            "label": "Lived experience in the assessment",
            "description": "How people with lived experience took part in assessing the impact",
        },
    }

    # A project is the one thing not created inside a project.
    def enter_project(self):
        return None

    def place_new(self, model, project):
        pass

    # Creating and deleting whole projects is for admins; staff edit the projects they are in.
    @property
    def can_create(self) -> bool:
        return bool(may_change() and current_user.is_admin)

    @property
    def can_delete(self) -> bool:
        return bool(may_change() and current_user.is_admin)

    def project_id_of(self, model):
        return model.id

    def check_editable(self, model):
        if model.id is None:
            if not self.can_create:
                abort(403)
            return
        super().check_editable(model)

    def prepare(self, form, model, is_created):
        if not is_created:
            return
        start, end = form.first_period_start.data, form.first_period_end.data
        if (start is None) != (end is None):
            raise ValidationError(
                "Give both the first and the last day of the first reporting period, or neither."
            )
        db.session.flush()  # the project needs its id before outcomes can get refs
        if start is not None:
            try:
                add_period(model, years_name(start, end), start, end)
            except PeriodError as error:
                raise ValidationError(str(error)) from None
        audit.record("project_created", project_id=model.id, target=model.slug)
        if form.starter_set.data == START_FROM_STARTER:
            form.starter_summary = apply_starter_set(model)

    def after_model_change(self, form, model, is_created):
        summary = getattr(form, "starter_summary", None)
        if summary is not None:
            starter_flash(summary)

    def on_model_delete(self, model):
        super().on_model_delete(model)
        audit.record("project_deleted", project_id=None, target=model.slug)

    def get_save_return_url(self, model, is_created=False):
        if is_created:
            return url_for("overview.project", project_id=model.id)
        return super().get_save_return_url(model, is_created)


@dataclass
class Grid:
    """A project's Theory of Change laid out for the overview page."""

    elements: dict[ElementKind, list[TocElement]]
    outcomes: dict[Section, list[Outcome]]

    @property
    def empty(self) -> bool:
        return not any(self.elements.values()) and not any(self.outcomes.values())


def build_grid(project: Project) -> Grid:
    elements: dict[ElementKind, list[TocElement]] = {kind: [] for kind in ElementKind}
    for element in db.session.scalars(
        sa.select(TocElement)
        .where(TocElement.project_id == project.id)
        .order_by(TocElement.position, TocElement.id)
    ):
        elements[ElementKind(element.kind)].append(element)
    outcomes: dict[Section, list[Outcome]] = {section: [] for section in Section}
    for outcome in db.session.scalars(
        sa.select(Outcome)
        .where(Outcome.project_id == project.id)
        .options(selectinload(Outcome.indicators), selectinload(Outcome.contributes_to))
        .order_by(Outcome.ref_number)
    ):
        outcomes[Section(outcome.section)].append(outcome)
    return Grid(elements=elements, outcomes=outcomes)


class OverviewView(ProtectedView):
    """/admin/overview/<project_id>: the whole chain of one project at a glance."""

    def is_visible(self) -> bool:
        return False  # reached from the project list, not the menu

    @expose("/")
    def index(self):
        return redirect(url_for("admin.index"))

    @expose(f"/<int(max={MAX_ROW_ID}):project_id>")
    def project(self, project_id: int):
        project = visible_project(project_id)
        period = choose_period(project.id).chosen
        whole_log = involvement_totals(db.session, project.id)
        return self.render(
            "admin/overview.html",
            project=project,
            grid=build_grid(project),
            period=period,
            whole_log=whole_log,
            involvement=(
                involvement_totals(db.session, project.id, period.start, period.end)
                if period
                else whole_log
            ),
            log_totals=LOG_TOTALS,
            gaps=easy_read_gaps(db.session, project),
            can_change=can_edit(current_user, project_id),
            Section=Section,
            ElementKind=ElementKind,
            guidance=guidance,
            starter=starter_set,
        )

    @expose(f"/<int(max={MAX_ROW_ID}):project_id>/starter", methods=("POST",))
    def add_starter_set(self, project_id: int):
        """Fill an empty project from the starter set: offered on its overview while it is
        empty, so a project made empty (or by the command line) can still start from it."""
        project = visible_project(project_id)
        require_editable(project_id)
        if build_grid(project).empty:
            summary = apply_starter_set(project)
            audit.record("starter_set_added", project_id=project.id, target=project.slug)
            starter_flash(summary)
        else:
            # A second press, or another tab: adding it twice would double every row.
            flash("This project already has a Theory of Change, so nothing was added.", "info")
        return redirect(url_for(".project", project_id=project.id), 303)
