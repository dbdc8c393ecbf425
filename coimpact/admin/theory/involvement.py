"""The involvement log in the admin: co-production sessions of a project, with who took part by
role and number, how long, what people with lived experience were paid, and the recognition
given. Money is typed in pounds and time in hours; both are kept exactly (pence, minutes)."""

from __future__ import annotations

import sqlalchemy as sa
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from coimpact.admin.fields import RowSelectField
from coimpact.admin.filters import choice_filter, project_name_filter, text_filter
from coimpact.admin.scoped import ProjectScopedView, enum_select
from coimpact.domain.involvement import hours, parse_hours, parse_pounds, pounds
from coimpact.extensions import db
from coimpact.models import ElementKind, InvolvementKind, InvolvementSession, TocElement
from coimpact.services.involvement import check_activity

KIND_NAMES = {kind: kind.label for kind in InvolvementKind}
# The typed-in figures: form field -> (model column, how it is read, how it is shown).
TYPED = {
    "length_hours": ("length_minutes", parse_hours, lambda m: f"{m / 60:g}" if m else ""),
    "payments": ("payments_pence", parse_pounds, lambda p: f"{p / 100:.2f}" if p else ""),
    "expenses": ("expenses_pence", parse_pounds, lambda p: f"{p / 100:.2f}" if p else ""),
}


def _scope(ids):
    return InvolvementSession.project_id.in_(ids)


def _project_id(model) -> int | None:
    return model.project.id if model.project is not None else model.project_id


def activities_of(project_id: int) -> list[TocElement]:
    """A project's Theory of Change activities, in their order: what a session can belong to."""
    return list(
        db.session.scalars(
            sa.select(TocElement)
            .where(TocElement.project_id == project_id, TocElement.kind == ElementKind.ACTIVITY)
            .order_by(TocElement.position, TocElement.id)
        )
    )


class ActivityField(RowSelectField):
    """An optional activity: an id that is not among the project's activities is refused with
    a message, not quietly saved as "none"."""

    def pre_validate(self, form) -> None:
        chosen = self.raw_data[0] if self.raw_data else "__None"
        if chosen not in ("", "__None") and self.data is None:
            raise ValidationError("Choose one of this project's Theory of Change activities.")
        super().pre_validate(form)


def _parsed(parse):
    def check(form, field):
        try:
            parse(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None

    return check


def _people(view, context, model, name) -> str:
    counts = [
        (model.lived_experience, "with lived experience"),
        (model.carers, "carers"),
        (model.staff, "staff"),
        (model.partners, "partners"),
    ]
    return ", ".join(f"{n} {words}" for n, words in counts if n) or "Nobody recorded"


def _count_field(label: str) -> dict:
    return {
        "label": label,
        "validators": [
            InputRequired("Enter a number, 0 if nobody."),
            NumberRange(min=0, max=100_000, message="Enter a number from 0 up."),
        ],
    }


class InvolvementView(ProjectScopedView):
    scope = staticmethod(_scope)
    noun = "involvement session"
    column_list = (
        "project",
        "held_on",
        "kind",
        "title",
        "activity",
        "people",
        "length",
        "payments",
    )
    column_details_list = (
        "project",
        "held_on",
        "kind",
        "title",
        "activity",
        "people",
        "length",
        "lived_experience_hours",
        "payments",
        "expenses",
        "recognition",
        "notes",
        "names",
    )
    column_labels = {
        "held_on": "Date",
        "kind": "Kind",
        "title": "Session",
        "activity": "Activity",
        "people": "Who took part",
        "length": "Length",
        "lived_experience_hours": "Lived-experience time",
        "payments": "Paid to people with lived experience",
        "expenses": "Expenses",
        "recognition": "Recognition given",
        "notes": "Notes",
        "names": "Names (only where people agreed)",
    }
    column_formatters = {
        "kind": lambda v, c, m, n: InvolvementKind(m.kind).label,
        "people": _people,
        "length": lambda v, c, m, n: hours(m.length_minutes),
        "lived_experience_hours": lambda v, c, m, n: hours(m.length_minutes * m.lived_experience),
        "payments": lambda v, c, m, n: pounds(m.payments_pence),
        "expenses": lambda v, c, m, n: pounds(m.expenses_pence),
        "names": lambda v, c, m, n: m.shown_names,
    }
    column_sortable_list = (("project", "project.name"), "held_on", "kind", "title")
    column_default_sort = [("held_on", True), ("id", True)]
    column_filters = (
        project_name_filter(_scope),
        choice_filter("Kind", InvolvementSession.kind, InvolvementKind, KIND_NAMES),
        text_filter("Session", InvolvementSession.title),
    )
    form_columns = (
        "held_on",
        "kind",
        "title",
        "activity",
        "lived_experience",
        "carers",
        "staff",
        "partners",
        "length_hours",
        "payments",
        "expenses",
        "recognition",
        "notes",
        "names_agreed",
        "names",
    )
    form_overrides = {"kind": SelectField, "held_on": DateField, "activity": ActivityField}
    form_extra_fields = {
        "length_hours": StringField(
            "How long it lasted, in hours",
            validators=[_parsed(parse_hours)],
            description="For example 2 or 1.5. Lived-experience time is this length times "
            "the people with lived experience there.",
        ),
        "payments": StringField(
            "Paid to people with lived experience, in pounds (£)",
            validators=[_parsed(parse_pounds)],
            description="All of them together, for example 200 or 212.50. Leave empty if none.",
        ),
        "expenses": StringField(
            "Expenses, in pounds (£)",
            validators=[_parsed(parse_pounds)],
            description="Travel, care cover, room hire … Leave empty if none.",
        ),
    }
    form_args = {
        "held_on": {
            "label": "Date",
            "validators": [InputRequired("Enter the date of the session, like 14 May 2026.")],
        },
        "kind": enum_select(InvolvementKind, "Kind of session", KIND_NAMES),
        "title": {
            "label": "What the session was",
            "description": "A short line, for example “Planning the leaflet”.",
            "validators": [
                InputRequired("Write what the session was."),
                Length(max=200, message="Keep it under 200 characters."),
            ],
        },
        "activity": {
            "label": "Theory of Change activity (optional)",
            "description": "The activity this session was part of.",
            "allow_blank": True,
            "blank_text": "Not part of a listed activity",
            # The project's activities are set per form; none until then (and when it has none).
            "query_factory": list,
        },
        "lived_experience": _count_field("People with lived experience"),
        "carers": _count_field("Carers"),
        "staff": _count_field("Staff"),
        "partners": _count_field("Partners"),
        "recognition": {
            "label": "Recognition given (optional)",
            "description": "For example vouchers, certificates, a thank-you lunch.",
            "validators": [Optional()],
        },
        "notes": {"label": "Notes (optional)", "validators": [Optional()]},
        "names_agreed": {
            "label": "The people named below agreed to their names being kept",
            "description": "Without this, names are not kept and never exported.",
        },
        "names": {
            "label": "Names, with their agreement (optional)",
            "description": "Only people who said yes. Numbers above are enough otherwise.",
            "validators": [Optional()],
        },
    }

    def project_id_of(self, model):
        return _project_id(model)

    def fit_to_project(self, form, project):
        form.activity.query = activities_of(project.id)

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None:
            form.activity.query = activities_of(obj.project_id)
        return form

    def on_form_prefill(self, form, id):
        model = self.get_one(id)
        for name, (column, _parse, show) in TYPED.items():
            if not getattr(form, name).raw_data:
                getattr(form, name).data = show(getattr(model, column))

    def edit_heading(self, model) -> str:
        return f"{model} · {model.project.name}"

    def prepare(self, form, model, is_created):
        try:
            check_activity(_project_id(model), model.activity)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        for name, (column, parse, _show) in TYPED.items():
            setattr(model, column, parse(getattr(form, name).data or ""))
        if not model.names_agreed:
            # Names without the people's agreement are not kept at all.
            model.names = ""
