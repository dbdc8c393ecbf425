""" "You said, we did" pages in the admin: their words, the quotes they show, publishing, the
link to share and a preview.

Quotes are chosen on a page of their own from the project's approved quotes whose permission
lets them be shown; words withheld by permission are never offered. The page's token is on no
form: it shows only inside the public address.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, request
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from coimpact.admin.base import row_ids
from coimpact.admin.filters import project_name_filter, text_filter, yes_no_filter
from coimpact.admin.scoped import ProjectScopedView
from coimpact.auth.access import can_edit
from coimpact.extensions import db
from coimpact.models import EvidenceItem, FeedbackPage
from coimpact.reports import feedback_pages as pages
from coimpact.services import feedback as service

EASY_READ_HELP = (
    "Easy read: short sentences of about 15 words, one idea each, everyday words, numbers as "
    "digits (3, not three). Each line becomes its own paragraph; start a line with - to make "
    "a list."
)


def _scope(ids):
    return FeedbackPage.project_id.in_(ids)


def _state_badge(view, context, model, name):
    if model.published:
        return Markup('<span class="badge badge-success">Published</span>')
    return Markup('<span class="badge badge-secondary">Not published</span>')


@dataclass(frozen=True)
class PageInfo:
    """What the page's admin view shows besides its own columns."""

    url: str
    can_change: bool
    quotes: list[pages.Quote]
    left_out: list[EvidenceItem]
    long_sentences: dict[str, list[str]]


class FeedbackPageView(ProjectScopedView):
    scope = staticmethod(_scope)
    noun = '"You said, we did" page'
    details_template = "admin/feedback/details.html"
    # Pages are deleted one at a time, from their own page (audited); no bulk actions.
    action_disallowed_list = ["delete"]

    column_list = ("project", "title", "period", "published", "items")
    column_labels = {"title": "Title", "period": "Period", "published": "State", "items": "Quotes"}
    column_formatters = {
        "project": lambda v, c, m, n: m.project.name,
        "published": _state_badge,
        "items": lambda v, c, m, n: len(pages.shown_quotes(m)),
    }
    column_sortable_list = (("project", "project.name"), "title", "published")
    column_default_sort = [("updated_at", True)]
    column_filters = (
        project_name_filter(_scope),
        text_filter("Title", FeedbackPage.title),
        yes_no_filter("Published", FeedbackPage.published),
    )
    column_searchable_list = ("title",)

    form_columns = ("title", "period", "wanted_text", "changed_text", "doing_text")
    form_overrides = {
        "wanted_text": TextAreaField,
        "changed_text": TextAreaField,
        "doing_text": TextAreaField,
    }
    form_args = {
        "title": {
            "label": "Title",
            "description": 'What people see at the top, e.g. "You said, we did".',
            "validators": [DataRequired(), Length(max=200)],
        },
        "period": {
            "label": "Period",
            "description": 'Optional. When this is about, e.g. "April to June 2026".',
            "validators": [Length(max=60)],
        },
        "wanted_text": {
            "label": "What we wanted to change",
            "description": EASY_READ_HELP,
            "validators": [Length(max=service.MAX_TEXT)],
        },
        "changed_text": {
            "label": "What changed",
            "description": EASY_READ_HELP,
            "validators": [Length(max=service.MAX_TEXT)],
        },
        "doing_text": {
            "label": "What we are doing about it",
            "description": EASY_READ_HELP + " Say what happens next, and when.",
            "validators": [Length(max=service.MAX_TEXT)],
        },
    }
    form_widget_args = {name: {"rows": 6} for name in ("wanted_text", "changed_text", "doing_text")}

    def project_id_of(self, model):
        return model.project.id if model.project is not None else model.project_id

    def edit_heading(self, model) -> str:
        if model.published:
            return f"{model.project.name}. Published: changes show on its link when you save."
        return model.project.name

    def prepare(self, form, model, is_created):
        try:
            service.prepare_page(model, current_user, is_created)
        except service.FeedbackError as exc:
            raise ValidationError(str(exc)) from exc

    def on_model_delete(self, model):
        super().on_model_delete(model)
        service.record_deleted(model, current_user)

    def get_save_return_url(self, model, is_created=False):
        return self.get_url(".details_view", id=model.id)

    def info(self, model: FeedbackPage) -> PageInfo:
        texts = {
            "What we wanted to change": model.wanted_text,
            "What changed": model.changed_text,
            "What we are doing about it": model.doing_text,
        }
        return PageInfo(
            url=service.public_url(model),
            can_change=can_edit(current_user, model.project_id),
            quotes=pages.shown_quotes(model),
            left_out=pages.left_out(model),
            long_sentences={
                k: found for k, v in texts.items() if (found := pages.long_sentences(v))
            },
        )

    # --- Quotes, publishing, preview ------------------------------------------------------

    def _back(self, page: FeedbackPage):
        return redirect(self.get_url(".details_view", id=page.id), code=303)

    @expose("/quotes/", methods=("GET", "POST"))
    def quotes_view(self):
        page = self.one_to_change(request.values.get("id", ""))
        if request.method == "POST":
            try:
                service.set_items(page, _chosen_ids(request.form), current_user)
            except service.FeedbackError as exc:
                db.session.rollback()
                flash(str(exc), "error")
                return redirect(self.get_url(".quotes_view", id=page.id), code=303)
            flash("The quotes on the page are saved.", "success")
            return self._back(page)
        chosen = {item.id: n for n, item in enumerate(page.items, start=1)}
        candidates = sorted(
            pages.quotable_items(page.project_id),
            key=lambda q: (q.item.id not in chosen, chosen.get(q.item.id, 0)),
        )
        return self.render(
            "admin/feedback/quotes.html",
            model=page,
            candidates=candidates,
            chosen=chosen,
            left_out=pages.left_out(page),
        )

    @expose("/publish/", methods=("POST",))
    def publish_view(self):
        page = self.one_to_change(request.form.get("id", ""))
        try:
            service.publish(page, current_user)
        except service.FeedbackError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash("Published: people with the link can see the page now.", "success")
        return self._back(page)

    @expose("/unpublish/", methods=("POST",))
    def unpublish_view(self):
        page = self.one_to_change(request.form.get("id", ""))
        service.unpublish(page, current_user)
        flash("Unpublished: the link now says the page cannot be found.", "success")
        return self._back(page)

    @expose("/preview/")
    def preview_view(self):
        page = self.get_one(request.args.get("id", ""))
        return self.render(
            "public/feedback_page.html",
            page=page,
            parts=pages.page_parts(page),
            preview=True,
            back_url=self.get_url(".details_view", id=page.id),
        )


def _chosen_ids(form) -> list[int]:
    """The ticked quotes in the order staff numbered them (unnumbered ones last, in the order
    listed); anything that is not a row id is ignored."""

    def order(item_id: int) -> int:
        try:
            return int(form.get(f"order-{item_id}", "").strip())
        except ValueError:
            return 10**9

    # sorted() is stable: equal numbers stay in the order listed.
    return sorted(row_ids(form.getlist("item")), key=order)
