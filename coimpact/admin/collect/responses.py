"""Responses in the admin: a project's responses, newest first, and each one's answers in words.

Read only: responses are written by `services.responses.save_response` alone (from the public
forms and from paper entry), never through flask-admin's generic forms, and flask-admin's export
stays off (it would write participants' text as live spreadsheet formulas).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import abort, flash, g, request, url_for
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from coimpact.admin.base import row_id
from coimpact.admin.collect.response_filters import ReviewFilters
from coimpact.admin.display import QUOTE_LABELS, VARIANT_LABELS, person, yes_no
from coimpact.admin.scoped import ProjectScopedView, may_change
from coimpact.auth.access import project_ids_for, visible_projects
from coimpact.domain.question_types import AnswerValue, display_answer, wording
from coimpact.domain.readable import plural, uk_datetime
from coimpact.extensions import db
from coimpact.models import Answer, Form, FormVersion, Response, ShareLink, User, Variant
from coimpact.services.responses_reviewed import mark_reviewed


@dataclass(frozen=True)
class AnswerRow:
    answer_id: int
    key: str
    question: str  # exactly as it was shown to the person
    words: str  # the answer as a person reads it


@dataclass(frozen=True)
class ResponseAnswers:
    rows: list[AnswerRow]
    unanswered: list[str]  # questions of the version that were left blank


def _stored_words(answer: Answer) -> str:
    """The stored values as they are, for an answer whose question the snapshot lacks."""
    parts = []
    if answer.value_text:
        parts.append(answer.value_text)
    if answer.value_before is not None:
        parts.append(f"before {answer.value_before:g}")
    if answer.value_number is not None:
        parts.append(f"{answer.value_number:g}")
    if answer.option_codes:
        parts.append(f"codes {answer.option_codes.replace(';', ', ')}")
    return "; ".join(parts)


def answers_in_words(response: Response) -> ResponseAnswers:
    """Every answer with its question as asked, and its value in words read against the form
    version the person answered (so a later edit of the form cannot change what it says)."""
    questions = response.form_version.snapshot.get("questions", [])
    by_key = {q["key"]: q for q in questions}
    rows = []
    for answer in response.answers:
        question = by_key.get(answer.question_key)
        value = AnswerValue(
            value_text=answer.value_text,
            value_number=answer.value_number,
            value_before=answer.value_before,
            option_codes=answer.option_codes,
        )
        try:
            words = display_answer(question, value) if question else _stored_words(answer)
        except (KeyError, ValueError):  # a snapshot written in a layout this code cannot read
            words = _stored_words(answer)
        rows.append(AnswerRow(answer.id, answer.question_key, answer.question_text, words))
    answered = {a.question_key for a in response.answers}
    easy = response.variant == Variant.EASY
    unanswered = [wording(q, "text", easy) for q in questions if q["key"] not in answered]
    return ResponseAnswers(rows, unanswered)


def _project_name(project_id: int) -> str:
    # One query per page for the names, not one per row.
    names = g.get("coimpact_project_names")
    if names is None:
        names = {p.id: p.name for p in visible_projects(current_user)}
        g.coimpact_project_names = names
    return names.get(project_id, "")


def _ref(view, context, model, name):
    url = url_for("responses.details_view", id=model.id)
    return Markup('<a class="text-nowrap" href="{}">{}</a>').format(url, model.ref)


def _entered_by(view, context, model, name):
    if model.entered_by_id is None:
        return ""
    return f"Yes, by {person(model.entered_by)}" if model.entered_by else "Yes"


def _spam(view, context, model, name):
    if not model.is_spam:
        return ""
    return Markup('<span class="badge badge-warning">Spam?</span>')


class ResponseView(ProjectScopedView):
    scope = staticmethod(lambda ids: Response.project_id.in_(ids))
    can_create = False
    can_edit = False
    can_delete = False
    list_template = "admin/responses/list.html"
    details_template = "admin/responses/details.html"

    column_list = (
        "ref",
        "project",
        "form",
        "form_version",
        "variant",
        "submitted_at",
        "share_link",
        "supported",
        "entered_by",
        "quote_permission",
        "is_spam",
    )
    column_labels = {
        "ref": "Ref",
        "form_version": "Version",
        "submitted_at": "When (UK time)",
        "share_link": "Link",
        "supported": "Helped?",
        "entered_by": "Entered by staff",
        "quote_permission": "May quote?",
        "is_spam": "Spam",
    }
    column_formatters = {
        "ref": _ref,
        "project": lambda v, c, m, n: _project_name(m.project_id),
        "form": lambda v, c, m, n: m.form.title,
        "form_version": lambda v, c, m, n: m.form_version.number,
        "variant": lambda v, c, m, n: VARIANT_LABELS[Variant(m.variant)],
        "share_link": lambda v, c, m, n: m.share_link.label if m.share_link else "",
        "supported": lambda v, c, m, n: yes_no(m.supported, ""),
        "entered_by": _entered_by,
        "quote_permission": lambda v, c, m, n: QUOTE_LABELS[m.quote_permission],
        "is_spam": _spam,
    }
    column_sortable_list = ("ref", "submitted_at")
    column_default_sort = [("submitted_at", True), ("id", True)]
    column_searchable_list = ("ref",)
    # flask-admin would join-load every relationship in the list, each version's whole snapshot
    # included; get_query loads just what the rows show.
    column_auto_select_related = False

    def project_id_of(self, model):
        return model.project_id

    def _narrowed(self, query):
        # `?form_id=` and `?link_id=` narrow the list, as linked from a form or a share link.
        query = super()._narrowed(query)
        form_id = request.args.get("form_id", type=row_id)
        link_id = request.args.get("link_id", type=row_id)
        if form_id is not None:
            query = query.filter(Response.form_id == form_id)
        if link_id is not None:
            query = query.filter(Response.share_link_id == link_id)
        return ReviewFilters.from_args(request.args).apply(query)

    def list_context(self) -> dict[str, Any]:
        """The filter form's state and its choices, for the list template."""
        project_ids = project_ids_for(current_user)
        forms = sa.select(Form).order_by(Form.title)
        if project_ids is not None:
            forms = forms.where(Form.project_id.in_(project_ids))
        return {
            "review_filters": ReviewFilters.from_args(request.args),
            "forms": db.session.scalars(forms).all(),
        }

    def render(self, template, **kwargs):
        if template == self.list_template:
            kwargs.update(self.list_context())
        return super().render(template, **kwargs)

    @action("reviewed", "Mark as reviewed", "Mark the chosen responses as reviewed?")
    def action_reviewed(self, ids):
        if not may_change():
            abort(403)
        marked = mark_reviewed(self._visible(db.session.query(Response)), ids, current_user)
        flash(f"Marked {plural(marked, 'response')} as reviewed.", "success")

    def get_query(self):
        # What each row shows, loaded for the whole page at once (and without the snapshots).
        return (
            super()
            .get_query()
            .options(
                selectinload(Response.form).load_only(Form.title),
                selectinload(Response.form_version).load_only(FormVersion.number),
                selectinload(Response.share_link).load_only(ShareLink.label),
                selectinload(Response.entered_by).load_only(User.email, User.name),
            )
        )

    def details_context(self, model: Response) -> dict[str, Any]:
        """What the details page shows besides the response row itself."""
        return {
            "answers": answers_in_words(model),
            "variant_label": VARIANT_LABELS[Variant(model.variant)],
            "quote_label": QUOTE_LABELS[model.quote_permission],
            "supported_label": yes_no(model.supported),
            "entered_by_name": person(model.entered_by) if model.entered_by_id else "",
            "submitted": uk_datetime(model.submitted_at, zone=True),
            "may_enter": may_change(),
        }
