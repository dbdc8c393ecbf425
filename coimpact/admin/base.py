"""The protected base views every admin page derives from.

flask-admin lets everyone in by default and has no CSRF on its own forms: every view here
refuses anonymous visitors (to the sign-in page) and signed-in people without the right (403),
and every form it builds carries Flask-WTF's CSRF token.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask_admin import AdminIndexView, BaseView, expose
from flask_admin.actions import action
from flask_admin.babel import gettext, lazy_gettext, ngettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla import filters as sqla_filters
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.contrib.sqla.tools import get_query_for_ids
from flask_admin.model import typefmt
from flask_admin.model.filters import BaseIntFilter, BaseIntListFilter
from flask_admin.model.form import converts
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.exceptions import HTTPException
from wtforms import DateField
from wtforms.widgets import DateInput

from coimpact.auth.access import visible_projects
from coimpact.domain.readable import UK_TIME, uk_date, uk_datetime
from coimpact.extensions import db
from coimpact.models.types import UTCDateTime
from coimpact.reports.counts import theory_counts
from coimpact.reports.periods import current_periods
from coimpact.web.errors import DATABASE_UNAVAILABLE

log = logging.getLogger(__name__)

# Integer keys are 32-bit in the database: a larger number in a URL would be a database error
# on PostgreSQL rather than the "not found" it is.
MAX_ROW_ID = 2**31 - 1


# flask-admin's own words after a form that did not validate say that something failed, not
# what to do; the messages beside the fields say what is wrong.
PLAIN_MESSAGES = {
    "Failed to create record.": "Nothing is saved yet: put right what is marked below, then save.",
}


# flask-admin's words when a save or delete fails (its own create_model and the like).
FAILED = {
    "create": "Failed to create record. %(error)s",
    "update": "Failed to update record. %(error)s",
    "delete": "Failed to delete record. %(error)s",
}


def plain_message(message: str) -> str:
    """A flashed message as staff read it (flask-admin's stock failures in plain words)."""
    return PLAIN_MESSAGES.get(str(message), message)


def row_id(value) -> int:
    """A row id from a URL or form; ValueError for anything that cannot be one."""
    number = int(str(value).strip())
    if not 0 < number <= MAX_ROW_ID:
        raise ValueError(value)
    return number


def _within_integers(filter_class):
    """`filter_class` refusing numbers an integer column cannot hold. flask-admin would hand
    them to the database (SQLite overflows, PostgreSQL refuses: a 500); refused, they are left
    out with flask-admin's "invalid filter value" message."""

    class Bounded(filter_class):
        def clean(self, value):
            cleaned = super().clean(value)
            numbers = cleaned if isinstance(cleaned, list) else [cleaned]
            if any(abs(n) > MAX_ROW_ID for n in numbers):
                raise ValueError(value)
            return cleaned

    Bounded.__name__ = Bounded.__qualname__ = filter_class.__name__
    return Bounded


class FilterConverter(sqla_filters.FilterConverter):
    """flask-admin's filters for columns named in `column_filters`, integers kept in range."""

    int_filters = tuple(
        _within_integers(f) if issubclass(f, BaseIntFilter | BaseIntListFilter) else f
        for f in sqla_filters.FilterConverter.int_filters
    )


# Every date and time a list or details page shows, in the one wording (domain/readable.py).
# A time before a date: flask-admin uses the first type the value is an instance of, and a
# datetime is a date too.
TIME_FORMATTERS = {
    datetime: lambda view, value, name: uk_datetime(value),
    date: lambda view, value, name: uk_date(value),
}


def row_ids(values) -> list[int]:
    """The row ids among `values` (a bulk action's chosen rows, as text); the rest dropped."""
    numbers = []
    for value in values:
        try:
            numbers.append(row_id(value))
        except ValueError:
            continue
    return numbers


def _signed_in() -> bool:
    return current_user.is_authenticated and current_user.active


class AdminForm(FlaskForm):
    """The base of every flask-admin form (create, edit, delete, actions): Flask-WTF adds the
    csrf_token field that the app-wide CSRFProtect checks on every POST."""

    def __init__(self, *args, **kwargs):
        # flask-admin's own base form keeps the edited row here: its Unique validator needs it
        # to tell "this row's own slug" from "another row's".
        self._obj = kwargs.get("obj")
        super().__init__(*args, **kwargs)


class ProtectedMixin:
    """Refuses anyone not signed in; subclasses narrow further through `has_access`."""

    def has_access(self) -> bool:
        return True

    def is_accessible(self) -> bool:
        return _signed_in() and self.has_access()

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        abort(403)


class AdminOnlyMixin(ProtectedMixin):
    """Account management: admins only, and hidden from everyone else's menu."""

    def has_access(self) -> bool:
        return current_user.is_admin


class ProtectedIndexView(ProtectedMixin, AdminIndexView):
    @expose("/")
    def index(self):
        projects = visible_projects(current_user)
        ids = [p.id for p in projects]
        return self.render(
            "admin/coimpact_index.html",
            projects=projects,
            counts=theory_counts(db.session, ids),
            current=current_periods(ids),
        )


class ProtectedView(ProtectedMixin, BaseView):
    pass


class FormConverter(AdminModelConverter):
    """flask-admin's own, but a date column gets the browser's date field: flask-admin's
    calendar popup could not be used from the keyboard, its month and year boxes had no names,
    and its greyed-out days were too pale to read."""

    @converts("Date")
    def convert_date(self, field_args, **extra):
        field_args.setdefault("widget", DateInput())
        return DateField(**field_args)


class SecureModelView(ProtectedMixin, ModelView):
    """Settings every model view shares: CSRF-carrying forms, no export, explicit columns."""

    form_base_class = AdminForm
    model_form_converter = FormConverter
    # flask-admin's export writes text as live spreadsheet formulas; the workbook export is ours.
    can_export = False
    can_view_details = True
    can_set_page_size = False
    page_size = 50
    filter_converter = FilterConverter()
    column_type_formatters = {**TIME_FORMATTERS, **typefmt.BASE_FORMATTERS}
    column_type_formatters_detail = {**TIME_FORMATTERS, **typefmt.DETAIL_FORMATTERS}
    # Columns offered on the create form only: changing them later would move a row between
    # projects or change its ref, so the edit form does not have them.
    create_only_columns: tuple[str, ...] = ()

    create_template = "admin/coimpact_create.html"
    list_template = "admin/coimpact_list.html"
    edit_template = "admin/coimpact_edit.html"

    def __init__(self, model, **kwargs):
        super().__init__(model, db, **kwargs)

    def edit_heading(self, model) -> str:
        """A line above the edit form naming the row (for what the form itself does not show)."""
        return ""

    def guide_panel(self, model):
        """The help shown beside the create and edit forms (a `guidance.Panel`), or None.
        `model` is the row being edited, or None on the create page."""
        return None

    def get_column_name(self, field: str) -> str:
        """The column's heading; a time column's says "(UK time)" (unless its own formatter
        shows something else, such as the day alone)."""
        name = super().get_column_name(field)
        if UK_TIME in name or field in (self.column_formatters or {}):
            return name
        column = getattr(getattr(self.model, field, None), "property", None)
        types = [c.type for c in getattr(column, "columns", ())]
        if types and isinstance(types[0], UTCDateTime | sa.DateTime):
            return f"{name} ({UK_TIME})"
        return name

    def get_edit_form(self):
        form_class = super().get_edit_form()
        for name in self.create_only_columns:
            if hasattr(form_class, name):
                delattr(form_class, name)
        return form_class

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        """flask-admin's list query, with `?page=` kept to the pages the list has.

        flask-admin passes the number straight to OFFSET: a 20-digit page overflowed SQLite's
        integers and a negative one is refused by PostgreSQL (500s). A page before the first
        or after the last now redirects to the first or the last, before the rows are read.
        """
        page = page or 0
        if page < 0:
            self._go_to_page(0)
        count, query = super().get_list(
            page, sort_column, sort_desc, search, filters, execute=False, page_size=page_size
        )
        size = self.page_size if page_size is None else page_size
        if page and size:
            last = max(-(-count // size) - 1, 0) if count is not None else MAX_ROW_ID // size
            if page > last:
                self._go_to_page(last)
        return count, (query.all() if execute else query)

    def _go_to_page(self, page: int) -> None:
        view_args = self._get_list_extra_args().clone(page=page or None)
        abort(redirect(self._get_list_url(view_args)))

    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        if response is not None:
            return response
        # flask-admin quietly redirects when an operation is switched off; say no plainly.
        allowed = {
            "create_view": lambda: self.can_create,
            "edit_view": lambda: self.can_edit,
            "delete_view": lambda: self.can_delete,
        }.get(name)
        if allowed is not None and not allowed():
            abort(403)
        return None

    # flask-admin's create_model, update_model, delete_model and delete action commit; these
    # are flask-admin's own, flushing instead: the request commits (coimpact/database.py).
    # A failure is flashed and rolled back as flask-admin does, and the hooks see ids as before.

    def create_model(self, form):
        try:
            model = self.build_new_instance()
            form.populate_obj(model)
            db.session.add(model)
            self._on_model_change(form, model, True)
            db.session.flush()
        except Exception as exc:
            return self._failed(exc, "create")
        self.after_model_change(form, model, True)
        return model

    def update_model(self, form, model):
        try:
            form.populate_obj(model)
            self._on_model_change(form, model, False)
            db.session.flush()
        except Exception as exc:
            return self._failed(exc, "update")
        self.after_model_change(form, model, False)
        return True

    def delete_model(self, model):
        try:
            self.on_model_delete(model)
            db.session.flush()
            db.session.delete(model)
            db.session.flush()
        except Exception as exc:
            return self._failed(exc, "delete")
        self.after_model_delete(model)
        return True

    def _failed(self, exc: Exception, what: str) -> bool:
        if not self.handle_view_exception(exc):
            flash(gettext(FAILED[what], error=str(exc)), "error")
            log.exception("Failed to %s record.", what)
        db.session.rollback()
        return False

    @action(
        "delete",
        lazy_gettext("Delete"),
        lazy_gettext("Are you sure you want to delete selected records?"),
    )
    def action_delete(self, ids):
        # Row ids arrive as text, and PostgreSQL will not compare an integer key with text.
        try:
            query = get_query_for_ids(self.get_query(), self.model, tuple(row_ids(ids)))
            count = 0
            for row in query.all():
                if self.delete_model(row):
                    count += 1
            db.session.flush()
            flash(
                ngettext(
                    "Record was successfully deleted.",
                    "%(count)s records were successfully deleted.",
                    count,
                    count=count,
                ),
                "success",
            )
        except Exception as exc:
            if not self.handle_view_exception(exc):
                raise
            flash(gettext("Failed to delete records. %(error)s", error=str(exc)), "error")

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, HTTPException):
            # A refusal raised inside a save or delete: undo what the form already changed,
            # then let the 403/404 through instead of flask-admin's "Failed to save" flash.
            db.session.rollback()
            raise exc
        if isinstance(exc, IntegrityError):
            # The database's own message would show SQL and values; say what it means instead.
            flash(
                gettext(
                    "That could not be saved: it clashes with something that already exists "
                    "(for example a name, slug or ref in use)."
                ),
                "error",
            )
            return True
        if isinstance(exc, DATABASE_UNAVAILABLE):
            # Let the app's 503 page say so plainly (coimpact/web/errors.py).
            db.session.rollback()
            raise exc
        if isinstance(exc, SQLAlchemyError):
            # flask-admin would flash and log str(exc): the statement with its values, which
            # can be what a participant wrote. Name the kind of error only.
            db.session.rollback()
            log.error("Admin save failed in %s: %s", type(self).__name__, type(exc).__name__)
            flash(gettext("That could not be saved. Please check it and try again."), "error")
            return True
        return super().handle_view_exception(exc)
