"""A project's reporting periods in the admin: added inside the project (like every row that
belongs to one), listed on its overview; the no-overlap rule is the service's."""

from __future__ import annotations

from wtforms.validators import InputRequired, ValidationError

from coimpact.admin.filters import project_name_filter
from coimpact.admin.scoped import ProjectScopedView
from coimpact.models import ReportingPeriod
from coimpact.services.periods import PeriodError, check_period


def _period_scope(ids):
    return ReportingPeriod.project_id.in_(ids)


class PeriodView(ProjectScopedView):
    scope = staticmethod(_period_scope)
    noun = "reporting period"
    column_list = ("project", "name", "start_date", "end_date")
    column_details_list = column_list
    column_labels = {"name": "Name", "start_date": "First day", "end_date": "Last day"}
    column_sortable_list = (("project", "project.name"), "name", "start_date", "end_date")
    column_default_sort = [("project_id", False), ("start_date", False)]
    column_filters = (project_name_filter(_period_scope),)
    form_columns = ("name", "start_date", "end_date")
    form_args = {
        "name": {
            "label": "Name",
            "description": 'How reports and reviews name it, for example "2026-27".',
            "validators": [InputRequired("Give the period a name, for example 2026-27.")],
        },
        "start_date": {
            "label": "First day",
            "description": "The day it starts, in the UK.",
            "validators": [InputRequired("Give the first day of the period.")],
        },
        "end_date": {
            "label": "Last day",
            "description": "UK date, included: a response at 23:59 that day counts.",
            "validators": [InputRequired("Give the last day of the period.")],
        },
    }

    def project_id_of(self, model) -> int | None:
        return model.project.id if model.project is not None else model.project_id

    def prepare(self, form, model, is_created: bool) -> None:
        try:
            model.name = check_period(
                self.project_id_of(model), model.name, model.start_date, model.end_date, model.id
            )
        except PeriodError as exc:
            raise ValidationError(str(exc)) from None
