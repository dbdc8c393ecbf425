"""One base for every admin view over rows that belong to a project.

flask-admin's list filter (`get_query`) does not guard the edit and details pages (`get_one`),
the delete form or the bulk actions, and its relationship fields offer every row of the related
table. This base closes each of those for staff and viewers: rows of projects the user cannot
see are not listed, not counted and not found (404); saving or deleting a row of a project the
user cannot change is refused (403); the outcome, form and indicator choices on forms are only
those of the row's own project; and viewers get no create, edit or delete at all.

A new row is always created inside one project, named by the create page's own URL (see
`CREATE_CONTEXT`), never chosen from a list that starts at somebody's first project: the form
posts back to that URL and "Save and Add Another" returns to it, so the project survives every
save button, a validation error and the back button. Without a project in the URL, a user with
one project works in it and anyone else is asked which.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from flask import abort, g, request
from flask_admin import expose
from flask_login import current_user
from wtforms import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from coimpact.admin.base import SecureModelView, row_id
from coimpact.admin.display import ref_words
from coimpact.auth.access import can_edit, can_view, editable_projects, project_ids_for
from coimpact.extensions import db
from coimpact.models import Form, Outcome, Project, Section

# What a create page's URL may say about the new row: the project it goes into (directly, or as
# the project of a form or outcome) and what it starts as (a Theory of Change element's kind, an
# outcome's section). Links to create pages carry them, and `get_url` keeps them on every link
# back to the create page.
CREATE_CONTEXT = ("project_id", "form_id", "outcome_id", "kind", "section")


def may_change() -> bool:
    return bool(current_user.is_authenticated and current_user.active and current_user.can_edit)


def require_visible(project_id: int | None) -> None:
    """404 unless the signed-in user may see the project: "not yours" and "not there" answer
    alike, so ids cannot be probed."""
    if not can_view(current_user, project_id):
        abort(404)


def require_editable(project_id: int | None) -> None:
    """403 unless the signed-in user may change the project (viewers read only). Asked once
    the row is known to be visible, so that what is not theirs stays a 404."""
    if not can_edit(current_user, project_id):
        abort(403)


def visible_project(project_id: int | None) -> Project:
    """The project of a page's URL or form, or 404 (see `require_visible`)."""
    require_visible(project_id)
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    return project


def enum_select(
    enum_cls: type[StrEnum],
    label: str,
    labels: dict[Any, str] | None = None,
    blank: str | None = None,
) -> dict[str, Any]:
    """form_args for a select of an enumeration, shown by its labels (use with SelectField in
    form_overrides). With `blank` ("Choose a section") it starts at that empty choice, and
    leaving it there is refused as a missing answer.

    flask-admin's own Enum field coerces to member *names* ("ACHIEVEMENT") while our columns
    hold *values* ("achievement"), so a saved row would not pass its own edit form.
    """
    names = labels or {m: getattr(m, "label", m.value) for m in enum_cls}
    choices = [SelectChoice(m.value, names[m]) for m in enum_cls]
    if blank is None:
        return {"label": label, "choices": choices, "coerce": enum_cls}

    def coerce(value):
        return None if value in ("", None) else enum_cls(value)

    return {
        "label": label,
        "choices": [SelectChoice("", blank), *choices],
        "coerce": coerce,
        "validators": [InputRequired(f"{blank}.")],
    }


def choose(label: str, noun: str, missing: str) -> dict[str, Any]:
    """form_args for a required choice of a row that starts empty ("Choose an outcome"), for a
    ChosenRowField; `missing` is the message when nothing was chosen."""
    return {"label": label, "blank_text": f"Choose {noun}", "validators": [DataRequired(missing)]}


def outcomes_of(project_id: int) -> list[Outcome]:
    """A project's outcomes in Theory of Change order: the choices on its forms."""
    return list(
        db.session.scalars(
            sa.select(Outcome)
            .where(Outcome.project_id == project_id)
            .order_by(Outcome.section, Outcome.ref_number)
        )
    )


def forms_of(project_id: int) -> list[Form]:
    """A project's forms by title: the choices for a new share link, and a filter of suggestions."""
    return list(
        db.session.scalars(
            sa.select(Form).where(Form.project_id == project_id).order_by(Form.title, Form.id)
        )
    )


def outcome_label(outcome: Outcome) -> str:
    return ref_words(outcome)


def _context_id(name: str) -> int | None:
    value = request.args.get(name)
    if value is None:
        return None
    try:
        return row_id(value)
    except ValueError:
        abort(404)


def context_project() -> Project | None:
    """The project a create page works in, from its URL: `project_id`, or the project of
    `form_id` or `outcome_id` (all that are given must agree). One the user may not change, or
    that is not there, is a 404 alike. Without any of them: the user's only project, or None
    when they have several (the page then asks which)."""
    wanted: set[int | None] = set()
    if (project_id := _context_id("project_id")) is not None:
        wanted.add(project_id)
    for arg, model in (("form_id", Form), ("outcome_id", Outcome)):
        if (row := _context_id(arg)) is not None:
            wanted.add(db.session.scalar(sa.select(model.project_id).where(model.id == row)))
    projects = editable_projects(current_user)
    if not wanted:
        return projects[0] if len(projects) == 1 else None
    chosen = [p for p in projects if p.id in wanted]
    if len(wanted) > 1 or not chosen:
        abort(404)
    return chosen[0]


def section_label(_view, _context, model, _name) -> str:
    return Section(model.section).label


class ProjectScopedView(SecureModelView):
    """Subclasses say how a row reaches its project: `scope` as SQL, `project_id_of` in Python;
    and how a new row is put into the project it is created in (`place_new`)."""

    create_template = "admin/coimpact_create_in_project.html"
    # How a new row is named on its create page: "New outcome in …".
    noun = "item"

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
        require_editable(self.project_id_of(model))

    def one_to_change(self, id_value: Any) -> Any:
        """The row a button on its page changes: 404 alike for "not there" and "not yours",
        then 403 for viewers."""
        model = self.get_one(id_value)
        self.check_editable(model)
        return model

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

    # --- Creating inside one project ------------------------------------------------------------

    def get_url(self, endpoint, **kwargs):
        # The create page's context stays on every link back to it: "Save and Add Another"
        # (flask-admin builds that redirect here), the list's "Create" tab of a list narrowed
        # to one project, the "Create" tab of a create page.
        if endpoint == ".create_view" and request:
            for key in CREATE_CONTEXT:
                if key not in kwargs and request.args.get(key):
                    kwargs[key] = request.args[key]
        return super().get_url(endpoint, **kwargs)

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        return self.enter_project() or super().create_view()

    def enter_project(self):
        """Start a create page in the project its URL names (`new_row_project`). Returns the
        page that asks which project, when the URL names none and the user has several."""
        project = context_project()
        if project is None:
            return self.render(
                "admin/choose_project.html",
                noun=self.noun,
                projects=editable_projects(current_user),
                return_url=request.args.get("url") or self.get_url(".index_view"),
            )
        g.coimpact_new_in = project
        return None

    @property
    def new_row_project(self) -> Project | None:
        """The project the create page in progress works in."""
        return g.get("coimpact_new_in")

    def other_projects(self) -> bool:
        """Whether the user could create this in another project (the page offers to switch)."""
        return len(editable_projects(current_user)) > 1

    def build_new_instance(self):
        model = super().build_new_instance()
        self.place_new(model, self.new_row_project)
        return model

    def place_new(self, model, project: Project) -> None:
        """Put a new row into `project` before the form fills it in. Rows that reach their
        project through a parent (an indicator's outcome, a link's form) override this and
        offer only that project's parents instead."""
        model.project = project

    def create_form(self, obj=None):
        form = super().create_form(obj)
        self.fit_to_project(form, self.new_row_project)
        return form

    def fit_to_project(self, form, project: Project) -> None:
        """Narrow a new row's choices to its project, and start them from the page's URL."""

    def missing_first(self, project: Project) -> tuple[str, str, str] | None:
        """What must exist in the project before this can be added, as (message, link, the
        link's words), or None. The create page then says so instead of showing a form that
        cannot be saved."""
        return None

    @staticmethod
    def preset(field, value) -> None:
        """Start a field from the page's URL on first showing (a POST keeps what was sent)."""
        if request.method == "GET" and value is not None:
            field.data = value
