"""One base for every admin view over rows that belong to a project.

flask-admin's list filter (`get_query`) does not guard the edit and details pages (`get_one`),
the delete form or the bulk actions, and its relationship fields offer every row of the related
table. This base closes each of those for staff and viewers: rows of projects the user cannot
see are not listed, not counted and not found (404); saving or deleting a row of a project the
user cannot change is refused (403); the project (and outcome) choices on forms are only the
ones the user may change; and viewers get no create, edit or delete at all.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user
from wtforms import SelectChoice

from ..access import can_edit, editable_projects, project_ids_for
from ..extensions import db
from ..models import Outcome, Project, Section
from .base import SecureModelView, row_id
from .display import ref_words


def may_change() -> bool:
    return bool(current_user.is_authenticated and current_user.active and current_user.can_edit)


def enum_select(
    enum_cls: type[StrEnum], label: str, labels: dict[Any, str] | None = None
) -> dict[str, Any]:
    """form_args for a select of an enumeration, shown by its labels (use with SelectField in
    form_overrides).

    flask-admin's own Enum field coerces to member *names* ("ACHIEVEMENT") while our columns
    hold *values* ("achievement"), so a saved row would not pass its own edit form.
    """
    names = labels or {m: getattr(m, "label", m.value) for m in enum_cls}
    return {
        "label": label,
        "choices": [SelectChoice(m.value, names[m]) for m in enum_cls],
        "coerce": enum_cls,
    }


def project_field(label: str = "Project") -> dict[str, Any]:
    """form_args for a project choice: only the projects the signed-in user may change."""
    return {
        "label": label,
        "query_factory": lambda: editable_projects(current_user),
        "allow_blank": False,
    }


def editable_outcomes() -> list[Outcome]:
    """The outcomes whose project the signed-in user may change, for indicator forms."""
    projects = editable_projects(current_user)
    if not projects:
        return []
    return list(
        db.session.scalars(
            sa.select(Outcome)
            .join(Project, Project.id == Outcome.project_id)
            .where(Outcome.project_id.in_([p.id for p in projects]))
            .order_by(Project.name, Outcome.section, Outcome.ref_number)
        )
    )


def outcome_label(outcome: Outcome) -> str:
    return f"{outcome.project.name}: {ref_words(outcome)}"


def section_label(_view, _context, model, _name) -> str:
    return Section(model.section).label


class ProjectScopedView(SecureModelView):
    """Subclasses say how a row reaches its project: `scope` as SQL, `project_id_of` in Python."""

    def scope(self, project_ids: Any) -> sa.ColumnElement[bool]:
        """A condition true for rows whose project id is in `project_ids` (a list or subquery)."""
        raise NotImplementedError

    def project_id_of(self, model: Any) -> int | None:
        """The project of a row, also for a new row whose foreign key is not set yet."""
        raise NotImplementedError

    # Decided per request: viewers read; staff and admins change (their own projects' rows).
    @property
    def can_create(self) -> bool:
        return may_change()

    @property
    def can_edit(self) -> bool:
        return may_change()

    @property
    def can_delete(self) -> bool:
        return may_change()

    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        # flask-admin answers a bulk action a viewer may not take (or one the view does not
        # have) with a quiet redirect: say no plainly, as to every other change a viewer tries.
        if response is None and name == "action_view" and not may_change():
            abort(403)
        return response

    def _visible(self, query):
        ids = project_ids_for(current_user)
        return query if ids is None else query.filter(self.scope(ids))

    def _narrowed(self, query):
        # `?project_id=` (kept by flask-admin across paging and sorting) narrows a list to one
        # project, as linked from the overview; it can only narrow what `_visible` allows.
        project_id = request.args.get("project_id", type=row_id)
        return query if project_id is None else query.filter(self.scope([project_id]))

    def get_query(self):
        return self._narrowed(self._visible(super().get_query()))

    def get_count_query(self):
        return self._narrowed(self._visible(super().get_count_query()))

    def get_one(self, id):
        # flask-admin looks rows up by primary key alone, ignoring get_query: look up within
        # the visible rows, and answer 404 alike for "not there" and "not yours".
        try:
            pk = row_id(id)
        except ValueError:
            abort(404)
        model = self._visible(super().get_query()).filter(self.model.id == pk).one_or_none()
        if model is None:
            abort(404)
        return model

    def check_editable(self, model: Any) -> None:
        if not can_edit(current_user, self.project_id_of(model)):
            abort(403)

    def on_model_change(self, form, model, is_created):
        # The row is half-built here (a new one has no ref yet): the permission and ref queries
        # must not flush it early.
        with db.session.no_autoflush:
            self.check_editable(model)
            self.prepare(form, model, is_created)

    def prepare(self, form, model, is_created: bool) -> None:
        """Fill in what the form does not carry (refs, positions) and check the row as a whole;
        raise wtforms.ValidationError to refuse with a message."""

    def on_model_delete(self, model):
        self.check_editable(model)

    def create_form(self, obj=None):
        form = super().create_form(obj)
        # Coming from a project's overview, the new row starts in that project.
        project_id = request.args.get("project_id", type=row_id)
        if (
            request.method == "GET"
            and project_id is not None
            and hasattr(form, "project")
            and can_edit(current_user, project_id)
        ):
            form.project.data = db.session.get(Project, project_id)
        return form
