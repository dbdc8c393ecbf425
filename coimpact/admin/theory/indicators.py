"""Indicators in the admin: edited alongside their outcome, and listed on their own."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, request, url_for
from flask_admin.model.form import InlineFormAdmin
from markupsafe import Markup, escape
from wtforms import SelectField
from wtforms.validators import InputRequired

from coimpact.admin.collect.builder_fields import SymbolField, easy_read_args
from coimpact.admin.display import ref_words_html
from coimpact.admin.fields import ChosenRowField
from coimpact.admin.filters import ConditionFilter, choice_filter, project_name_filter, text_filter
from coimpact.admin.scoped import ProjectScopedView, choose, enum_select, outcome_label, outcomes_of
from coimpact.domain import guidance
from coimpact.domain.measures import MEASURES, link_problem
from coimpact.extensions import db
from coimpact.models import Indicator, MeasureKind, Outcome, Section
from coimpact.services.theory import next_indicator_number


def measure_help() -> Markup:
    """Beside the kind of measure: what each needs from a question and what it gives, in the
    words of domain/measures.py (what reports/indicator_results.py counts)."""
    lines = Markup("").join(
        Markup(
            '<span class="d-block mt-1"><strong>{}</strong> needs {}. It gives {}.</span>'
        ).format(m.label, m.needs, m.gives)
        for m in MEASURES.values()
    )
    return Markup("What each kind of measure needs from a question, and what it gives:{}").format(
        lines
    )


def warn_unusable_questions(indicator: Indicator) -> None:
    """After the measure changed: say which linked questions it cannot use (they still bring
    suggested evidence, so the links stay)."""
    if not sa.inspect(indicator).attrs.measure.history.has_changes():
        return
    for question in indicator.questions:
        if not question.retired:
            problem = link_problem(indicator.measure, question.type, indicator.ref, question.key)
            if problem:
                flash(problem, "warning")


INDICATOR_FIELD_ARGS = {
    "statement": {
        "label": "Indicator",
        "description": escape(guidance.INDICATOR.hint),
        "validators": [InputRequired("Write the indicator: what shows the outcome is happening.")],
    },
    "measure": {**enum_select(MeasureKind, "Kind of measure"), "description": measure_help()},
    "baseline": {"label": "Baseline", "description": "Where things stand at the start"},
    "target": {"label": "Target", "description": "Where you hope to be by the end"},
    "method": {"label": "Method", "description": "How and when the evidence is collected"},
    "owner": {"label": "Owner", "description": "Who collects it"},
}


def _indicator_scope(ids):
    return Indicator.outcome_id.in_(sa.select(Outcome.id).where(Outcome.project_id.in_(ids)))


def next_indicator_ref(outcome: Outcome) -> int:
    """The number for a new indicator of `outcome`, counting rows added in this same request
    (several new inline rows at once) as well as those already stored."""
    stored = next_indicator_number(outcome.id) if outcome.id is not None else 1
    pending = [i.ref_number for i in outcome.indicators if i.ref_number]
    return max(stored, max(pending, default=0) + 1)


class IndicatorInline(InlineFormAdmin):
    """Indicators edited on their outcome's page; a new row gets the outcome's next ref."""

    form_columns = ("id", "statement", "measure", "baseline", "target", "method", "owner")
    form_overrides = {"measure": SelectField}
    form_args = INDICATOR_FIELD_ARGS
    form_label = "Indicators"

    def on_model_change(self, form, model, is_created):
        if is_created:
            with db.session.no_autoflush:
                model.ref_number = next_indicator_ref(model.outcome)
        else:
            warn_unusable_questions(model)


class IndicatorView(ProjectScopedView):
    scope = staticmethod(_indicator_scope)
    noun = "indicator"
    column_list = (
        "project",
        "outcome",
        "ref",
        "statement",
        "measure",
        "baseline",
        "target",
        "method",
        "owner",
    )
    column_details_list = column_list
    column_labels = {"ref": "Ref", "measure": "Kind of measure"}
    column_formatters = {
        "project": lambda v, c, m, n: m.outcome.project.name,
        "outcome": lambda v, c, m, n: ref_words_html(m.outcome, 60),
        "ref": lambda v, c, m, n: m.ref,
        "measure": lambda v, c, m, n: MeasureKind(m.measure).label,
    }
    column_formatters_detail = {
        **column_formatters,
        "outcome": lambda v, c, m, n: ref_words_html(m.outcome, None),
    }
    column_sortable_list = (
        ("outcome", ("outcome.section", "outcome.ref_number")),
        ("ref", ("outcome.section", "outcome.ref_number", "ref_number")),
        "measure",
    )
    column_default_sort = [
        ("outcome.project_id", False),
        ("outcome.section", False),
        ("outcome.ref_number", False),
        ("ref_number", False),
    ]
    column_filters = (
        project_name_filter(_indicator_scope),
        ConditionFilter(
            "Section",
            lambda value: Indicator.outcome_id.in_(
                sa.select(Outcome.id).where(Outcome.section == value)
            ),
            options=[(s.value, s.label) for s in Section],
            clean=Section,
        ),
        choice_filter("Kind of measure", Indicator.measure, MeasureKind),
        text_filter("Indicator", Indicator.statement),
    )
    column_searchable_list = ("statement", "method", "owner")
    form_columns = (
        "outcome",
        "statement",
        "statement_easy",
        "symbol",
        "measure",
        "baseline",
        "target",
        "method",
        "owner",
    )
    create_only_columns = ("outcome",)
    form_overrides = {"outcome": ChosenRowField, "measure": SelectField, "symbol": SymbolField}
    form_args = {
        "outcome": {
            **choose("Outcome", "an outcome", "Choose the outcome this indicator shows."),
            "query_factory": list,  # the project's own outcomes, set per page below
            "get_label": outcome_label,
        },
        **INDICATOR_FIELD_ARGS,
        **easy_read_args("statement_easy", "symbol", "the indicator"),
    }

    def project_id_of(self, model):
        return model.outcome.project_id if model.outcome is not None else None

    def place_new(self, model, project):
        pass  # an indicator is in the project of its outcome, chosen among this project's own

    def fit_to_project(self, form, project):
        form.outcome.query = outcomes_of(project.id)
        outcome_id = request.args.get("outcome_id", type=int)
        self.preset(form.outcome, next((o for o in form.outcome.query if o.id == outcome_id), None))

    def missing_first(self, project):
        if outcomes_of(project.id):
            return None
        return (
            "An indicator shows whether an outcome is happening, so the project needs an "
            "outcome first.",
            url_for("outcomes.create_view", project_id=project.id),
            "Add an outcome",
        )

    def edit_heading(self, model) -> str:
        outcome = model.outcome
        return f"{model.ref} · for outcome {outcome_label(outcome)} · {outcome.project.name}"

    def guide_panel(self, model):
        return guidance.indicator_panel()

    def prepare(self, form, model, is_created):
        if is_created:
            model.ref_number = next_indicator_ref(model.outcome)
        else:
            warn_unusable_questions(model)
