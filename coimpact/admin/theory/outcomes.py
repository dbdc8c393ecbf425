"""The Theory of Change in the admin: its elements, and its outcomes by section (with their
indicators edited inline)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import request
from markupsafe import escape
from wtforms import SelectChoice, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from coimpact.admin.collect.builder_fields import SymbolField, easy_read_args
from coimpact.admin.display import ref_list_html
from coimpact.admin.fields import PositionField, RowSelectMultipleField
from coimpact.admin.filters import choice_filter, project_name_filter, text_filter, yes_no_filter
from coimpact.admin.scoped import (
    ProjectScopedView,
    enum_select,
    outcome_label,
    outcomes_of,
    section_label,
)
from coimpact.admin.theory.indicators import IndicatorInline
from coimpact.domain import guidance
from coimpact.domain.involvement import LOG_TOTALS
from coimpact.extensions import db
from coimpact.models import ElementKind, Indicator, Outcome, Section, TocElement
from coimpact.services.theory import next_outcome_number

ELEMENT_NAMES = {
    ElementKind.INPUT: "Input",
    ElementKind.ACTIVITY: "Activity",
    ElementKind.OUTPUT: "Output",
    ElementKind.ASSUMPTION: "Assumption",
    ElementKind.ENABLER: "Enabler",
}


def _element_scope(ids):
    return TocElement.project_id.in_(ids)


def _outcome_scope(ids):
    return Outcome.project_id.in_(ids)


def _project_id(model) -> int | None:
    """A row's project, also while it is new and only its relationship is set."""
    return model.project.id if model.project is not None else model.project_id


def _chosen(enum_cls, model, column: str):
    """The section or part a form is about: the row's own, or on a new row the one named in
    the link that opened the form (`?section=benefit`), if any."""
    value = getattr(model, column) if model is not None else request.args.get(column)
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


class ElementView(ProjectScopedView):
    scope = staticmethod(_element_scope)
    noun = "Theory of Change element"
    column_list = ("project", "kind", "position", "text")
    column_details_list = column_list
    column_labels = {"kind": "Part", "position": "Order", "text": "Text"}
    column_formatters = {"kind": lambda v, c, m, n: ELEMENT_NAMES[ElementKind(m.kind)]}
    column_sortable_list = (("project", "project.name"), "kind", "position")
    column_default_sort = [("project_id", False), ("kind", False), ("position", False)]
    column_filters = (
        project_name_filter(_element_scope),
        choice_filter("Part", TocElement.kind, ElementKind, ELEMENT_NAMES),
        text_filter("Text", TocElement.text),
    )
    form_columns = ("kind", "text", "log_total", "position")
    form_overrides = {"kind": SelectField, "position": PositionField, "log_total": SelectField}
    form_args = {
        "kind": {
            **enum_select(ElementKind, "Part", ELEMENT_NAMES, blank="Choose a part"),
            "description": escape(guidance.element_line()),
        },
        "text": {
            "label": "Text",
            "description": "One short line, in plain words.",
            "validators": [InputRequired("Write the text of this part.")],
        },
        "log_total": {
            "label": "Count from the involvement log (outputs only)",
            "choices": [
                SelectChoice("", "None: show the text only"),
                *(SelectChoice(key, label) for key, label in LOG_TOTALS.items()),
            ],
            "coerce": lambda value: value or None,
            "description": (
                "An output can show a count the involvement log fills in, such as sessions "
                "held or hours of lived-experience time, beside its text on the overview."
            ),
        },
        "position": {
            "label": "Order",
            "validators": [Optional(), NumberRange(min=0)],
            "description": "Lower numbers come first. Leave empty to add at the end.",
        },
    }

    def project_id_of(self, model):
        return _project_id(model)

    def fit_to_project(self, form, project):
        self.preset(form.kind, _chosen(ElementKind, None, "kind"))

    def edit_heading(self, model) -> str:
        return f"{ELEMENT_NAMES[ElementKind(model.kind)]} in {model.project.name}"

    def guide_panel(self, model):
        return guidance.element_panel(_chosen(ElementKind, model, "kind"))

    def prepare(self, form, model, is_created):
        if model.log_total and model.kind != ElementKind.OUTPUT:
            raise ValidationError(
                "Only an output can show a count from the involvement log: choose None, "
                "or make this part an output."
            )
        if model.position is None:
            current = db.session.scalar(
                sa.select(sa.func.max(TocElement.position)).where(
                    TocElement.project_id == _project_id(model), TocElement.kind == model.kind
                )
            )
            model.position = 0 if current is None else current + 1


def _outcome_ref(view, context, model, name) -> str:
    return model.ref


def _indicators_short(view, context, model, name):
    return ref_list_html(model.indicators, 60)


def _indicators_full(view, context, model, name):
    return ref_list_html(model.indicators, None)


def _contributes_to(view, context, model, name):
    return ref_list_html(model.contributes_to, None)


class OutcomeView(ProjectScopedView):
    scope = staticmethod(_outcome_scope)
    noun = "outcome"
    column_list = (
        "project",
        "ref",
        "section",
        "statement",
        "who_benefits",
        "unexpected",
        "indicators",
    )
    column_details_list = (*column_list, "contributes_to")
    column_labels = {
        "ref": "Ref",
        "who_benefits": "Who benefits",
        "contributes_to": "Contributes to",
    }
    column_formatters = {
        "ref": _outcome_ref,
        "section": section_label,
        "indicators": _indicators_short,
        "contributes_to": _contributes_to,
    }
    # The details page has the room for every indicator's full words.
    column_formatters_detail = {**column_formatters, "indicators": _indicators_full}
    column_sortable_list = (
        ("project", "project.name"),
        ("ref", ("section", "ref_number")),
        ("section", ("section", "ref_number")),
        "unexpected",
    )
    column_default_sort = [("project_id", False), ("section", False), ("ref_number", False)]
    column_filters = (
        project_name_filter(_outcome_scope),
        choice_filter("Section", Outcome.section, Section),
        yes_no_filter("Unexpected", Outcome.unexpected),
        text_filter("Statement", Outcome.statement),
    )
    column_searchable_list = ("statement", "who_benefits")
    form_columns = (
        "section",
        "statement",
        "statement_easy",
        "symbol",
        "who_benefits",
        "unexpected",
        "contributes_to",
        "indicators",
    )
    create_only_columns = ("section",)
    form_overrides = {
        "section": SelectField,
        "contributes_to": RowSelectMultipleField,
        "symbol": SymbolField,
    }
    form_args = {
        "section": {
            **enum_select(Section, "Section", blank="Choose a section"),
            "description": escape(guidance.section_line()),
        },
        "statement": {
            "label": "Outcome",
            "description": escape(guidance.OUTCOME.hint),
            "validators": [InputRequired("Write the outcome: the change that happens.")],
        },
        **easy_read_args("statement_easy", "symbol", "the outcome"),
        "who_benefits": {"label": "Who benefits"},
        "unexpected": {"label": "Unexpected", "description": "Not planned, but it happened"},
        "contributes_to": {
            "label": "Contributes to",
            "query_factory": list,  # the row's own project's outcomes, set per page below
            "get_label": outcome_label,
            "description": "Other outcomes of this project that this one leads to: "
            "achievements and benefits often lead to an impact.",
        },
    }
    inline_models = (IndicatorInline(Indicator),)

    def project_id_of(self, model):
        return _project_id(model)

    def edit_heading(self, model) -> str:
        return f"{model.ref} · {Section(model.section).label} · {model.project.name}"

    def fit_to_project(self, form, project):
        form.contributes_to.query = outcomes_of(project.id)
        self.preset(form.section, _chosen(Section, None, "section"))

    def guide_panel(self, model):
        return guidance.outcome_panel(_chosen(Section, model, "section"))

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None:
            # Only this project's other outcomes can be contributed to.
            form.contributes_to.query = [o for o in outcomes_of(obj.project_id) if o is not obj]
        return form

    def prepare(self, form, model, is_created):
        project_id = _project_id(model)
        for other in model.contributes_to:
            if other is model or other.project_id != project_id:
                raise ValidationError(
                    "An outcome can only contribute to other outcomes of the same project."
                )
        if is_created:
            # Refs are allocated here and never change: B2 stays B2 even if B1 goes.
            model.ref_number = next_outcome_number(project_id, model.section)
