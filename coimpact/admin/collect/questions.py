"""Questions in the admin: each edited on a page of its own, reached from its form's page.

A question belongs to a form, and the form to a project: every lookup goes through that chain
(ProjectScopedView), so a question of another project is simply not found. Once a question has
been published its key and type are fixed and it is retired rather than deleted.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, g, redirect, request, session, url_for
from flask_admin import expose
from flask_admin.babel import gettext
from wtforms import SelectField
from wtforms.validators import ValidationError

from coimpact.admin.base import row_id
from coimpact.admin.collect.builder_fields import OptionRows, ShownTypeField, SymbolField
from coimpact.admin.collect.question_args import QUESTION_FIELD_ARGS, form_label, indicators_of
from coimpact.admin.collect.question_fit import (
    as_type,
    chosen_type,
    fit_to_type,
    link_problems,
    type_changed,
    type_choices,
)
from coimpact.admin.display import ref_list_html
from coimpact.admin.fields import RowSelectMultipleField
from coimpact.admin.filters import project_name_filter, text_filter
from coimpact.admin.scoped import ProjectScopedView
from coimpact.domain.question_types import MAX_EASY_READ_OPTIONS, STAFF_OPTION_TYPES, choices_for
from coimpact.domain.symbols import SYMBOLS
from coimpact.extensions import db
from coimpact.models import Form, Question, QuestionType
from coimpact.services.form_publishing import (
    key_from_wording,
    key_problem,
    move_question,
    next_position,
    published_keys,
    remove_question,
    restore_question,
)


def _question_scope(ids):
    return Question.form_id.in_(sa.select(Form.id).where(Form.project_id.in_(ids)))


def is_published(question: Question) -> bool:
    return question.id is not None and question.key in published_keys(question.form)


class QuestionView(ProjectScopedView):
    scope = staticmethod(_question_scope)
    noun = "question"
    column_list = ("form", "position", "key", "type", "text", "text_easy", "required", "retired")
    column_details_list = (*column_list, "help_text", "help_text_easy", "symbol", "indicators")
    column_labels = {
        "position": "Order",
        "text": "Question",
        "text_easy": "Easy read",
        "retired": "Removed",
    }
    column_formatters = {
        "form": lambda v, c, m, n: form_label(m.form),
        "type": lambda v, c, m, n: QuestionType(m.type).label,
        "indicators": lambda v, c, m, n: ref_list_html(m.indicators, None),
    }
    column_sortable_list = ("key", "position", "type")
    column_default_sort = [("form_id", False), ("position", False), ("id", False)]
    column_filters = (project_name_filter(_question_scope), text_filter("Key", Question.key))
    column_searchable_list = ("key", "text", "text_easy")
    # Removing a question is a decision per question (retire or delete): no bulk delete.
    action_disallowed_list = ["delete"]
    form_columns = (
        "type",
        "key",
        "text",
        "text_easy",
        "help_text",
        "help_text_easy",
        "symbol",
        "symbol_alt",
        "required",
        "min_value",
        "max_value",
        "options",
        "indicators",
        "shown_type",
    )
    form_overrides = {
        "type": SelectField,
        "symbol": SymbolField,
        "indicators": RowSelectMultipleField,
    }
    form_extra_fields = {"options": OptionRows("Answer options"), "shown_type": ShownTypeField()}
    form_args = QUESTION_FIELD_ARGS
    create_template = "admin/forms/question_create.html"
    edit_template = "admin/forms/question_edit.html"

    def is_visible(self) -> bool:
        return False  # reached from a form's page

    def render(self, template, **kwargs):
        if g.pop("coimpact_retyped", False):
            # flask-admin follows any form it did not save with "Failed to create record."
            # (or "save"): a change of type is not a failure, and nothing else went wrong.
            failed = {gettext("Failed to create record."), gettext("Failed to save record.")}
            kept = [f for f in session.get("_flashes", []) if f[1] not in failed]
            session["_flashes"] = kept
        return super().render(template, **kwargs)

    def project_id_of(self, model):
        form = model.form
        return form.project_id if form is not None else None

    def is_published(self, model) -> bool:
        return is_published(model)

    def fixed_choices(self, qtype) -> list[dict[str, str]]:
        return choices_for({"type": QuestionType(qtype).value})

    @property
    def new_row_form(self) -> Form | None:
        """The form a new question is added to: `?form_id=` of the create page, whose project
        `context_project` has already checked the user may change."""
        form_id = request.args.get("form_id", type=row_id)
        form = db.session.get(Form, form_id) if form_id is not None else None
        project = self.new_row_project
        return form if form is not None and project and form.project_id == project.id else None

    def missing_first(self, project):
        if self.new_row_form is not None:
            return None
        return (
            "A question is added to one form: open the form, then add the question there.",
            url_for("forms.index_view", project_id=project.id),
            "Choose a form",
        )

    def place_new(self, model, project):
        model.form = self.new_row_form

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        choose = self.enter_project()
        if choose is not None:
            return choose
        if (
            request.method == "GET"
            and self.new_row_form is not None
            and as_type(request.args.get("type")) is None
        ):
            # The type first: the question page then shows only the fields it uses.
            return self.render(
                "admin/forms/question_type.html",
                choices=type_choices(),
                parent=self.new_row_form,
                keep={k: v for k, v in request.args.items() if k != "type"},
                return_url=request.args.get("url") or self.get_url(".index_view"),
            )
        return super().create_view()

    def create_form(self, obj=None):
        form = super().create_form(obj)
        form.question = None
        fit_to_type(form, chosen_type(form, None))
        return form

    def fit_to_project(self, form, project):
        # Only the project's own indicators can be measured by its questions.
        form.indicators.query = indicators_of([project.id])

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        form.question = obj
        form.indicators.query = indicators_of([obj.form.project_id])
        if is_published(obj):
            # Answers already refer to the key and were given to this type of question.
            del form["key"]
            del form["type"]
        fit_to_type(form, chosen_type(form, obj))
        return form

    def validate_form(self, form):
        if request.method == "POST" and type_changed(form):
            flash(
                f"Now showing the fields of a {form.chosen_type.label.lower()} question. "
                "Nothing is saved yet: check them, then save.",
                "info",
            )
            g.coimpact_retyped = True
            return False
        valid = super().validate_form(form)
        if not hasattr(form, "options") or not valid:
            return valid
        question = form.question
        parent = question.form if question is not None else self.new_row_form
        if "key" in form and parent is not None and (form.key.data or "").strip():
            qtype = form.type.data if "type" in form else question.type
            problem = key_problem(parent, form.key.data, qtype, getattr(question, "id", None))
            if problem:
                form.key.errors.append(problem)
        low = form.min_value.data if "min_value" in form else None
        high = form.max_value.data if "max_value" in form else None
        if low is not None and high is not None and low > high:
            form.max_value.errors.append("The highest number cannot be below the lowest.")
        if parent is not None and any(
            i.outcome.project_id != parent.project_id for i in form.indicators.data or []
        ):
            form.indicators.errors.append("Only indicators of this form's project can be linked.")
        return not any(field.errors for field in form)

    def prepare(self, form, model, is_created):
        if any(i.outcome.project_id != model.form.project_id for i in model.indicators):
            raise ValidationError("Only indicators of this form's project can be linked.")
        if is_created:
            model.position = next_position(model.form)
        if not (model.key or "").strip():
            # Left empty (only possible before publishing: then the key is not on the page).
            model.key = key_from_wording(model.form, model.text, model.type, model.id)
        state = sa.inspect(model).attrs
        retyped = is_created or state.type.history.has_changes()
        # Said when linked (or when the type changes), not on every later save.
        g.coimpact_link_problems = link_problems(
            model, list(model.indicators) if retyped else list(state.indicators.history.added)
        )
        if model.type != QuestionType.NUMBER:
            model.min_value = model.max_value = None
        old_symbol = sa.inspect(model).attrs.symbol.history.deleted
        if old_symbol and model.symbol_alt == SYMBOLS.get(old_symbol[0]):
            # That description was the old picture's own: it would now describe the wrong one.
            model.symbol_alt = ""
        live = [o for o in model.options if not o.retired]
        if model.type not in STAFF_OPTION_TYPES and live and not is_published(model):
            model.options.clear()
            flash(
                f"{QuestionType(model.type).label} has fixed answers: the answer options typed "
                "for this question were not kept.",
                "info",
            )

    def after_model_change(self, form, model, is_created):
        for problem in g.pop("coimpact_link_problems", []):
            flash(problem, "warning")
        live = [o for o in model.options if not o.retired]
        if model.type in STAFF_OPTION_TYPES and not live:
            flash("Now add the answer options people can choose from.", "warning")
        elif model.type in STAFF_OPTION_TYPES and len(live) > MAX_EASY_READ_OPTIONS:
            flash(
                f"This question has {len(live)} answer options: easy read allows at most "
                f"{MAX_EASY_READ_OPTIONS}.",
                "warning",
            )
        if not (model.text_easy or "").strip():
            flash("This question has no easy-read wording yet.", "warning")

    def get_save_return_url(self, model, is_created=False):
        if model.type in STAFF_OPTION_TYPES and not any(not o.retired for o in model.options):
            return self.get_url(".edit_view", id=model.id)
        return url_for("forms.edit_view", id=model.form_id, _anchor=f"question-{model.id}")

    # --- Changes made with a button on the form's page (POST, CSRF-checked app-wide) ---------

    def _posted_question(self) -> Question:
        return self.one_to_change(request.form.get("id", ""))

    def _back_to_form(self, question: Question):
        return redirect(
            url_for("forms.edit_view", id=question.form_id, _anchor="questions"), code=303
        )

    @expose("/move/", methods=("POST",))
    def move_view(self):
        question = self._posted_question()
        step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
        if step is None:
            abort(400)
        move_question(question, step)
        return self._back_to_form(question)

    @expose("/remove/", methods=("POST",))
    def remove_view(self):
        question = self._posted_question()
        key = question.key
        form_id = question.form_id
        retired = remove_question(question)
        if retired:
            flash(
                f"The question '{key}' was removed from the form. It had been published, so it "
                "is kept for the answers already given, and you can bring it back.",
                "success",
            )
        else:
            flash(f"The question '{key}' was deleted.", "success")
        return redirect(url_for("forms.edit_view", id=form_id, _anchor="questions"), code=303)

    @expose("/restore/", methods=("POST",))
    def restore_view(self):
        question = self._posted_question()
        restore_question(question)
        flash(f"The question '{question.key}' is back on the form, at the end.", "success")
        return self._back_to_form(question)

    @expose("/delete/", methods=("POST",))
    def delete_view(self):
        # flask-admin's delete would remove rows that earlier answers refer to: retire instead.
        if not self.can_delete:
            abort(403)
        return self.remove_view()

    def delete_model(self, model):
        self.check_editable(model)
        remove_question(model)
        return True
