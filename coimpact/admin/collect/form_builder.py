"""Forms in the admin: their wording and settings, their questions, publishing, closing and a
preview of both variants.

The public pages serve the latest published version's snapshot, never the live rows: what
staff change here reaches participants only when they publish (a new version each time).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, request
from flask_admin import expose
from flask_login import current_user
from wtforms.validators import ValidationError

from coimpact.admin.collect.builder_fields import UKDateTimeField
from coimpact.admin.collect.form_summary import (
    STATUS_LABELS,
    FormSummary,
    links_cell,
    status_cell,
    summarise,
    version_cell,
)
from coimpact.admin.collect.paper_print import PaperPrintMixin
from coimpact.admin.filters import choice_filter, project_name_filter, text_filter
from coimpact.admin.scoped import ProjectScopedView
from coimpact.auth.access import can_edit
from coimpact.domain.snapshots import form_snapshot
from coimpact.extensions import db
from coimpact.forms.field_helpers import FIELD_HELPERS
from coimpact.forms.participant import make_participant_form
from coimpact.forms.published import Host, Steps
from coimpact.models import Form, FormStatus, Response, ShareLink
from coimpact.services import audit
from coimpact.services.form_publishing import (
    FormError,
    close_form,
    has_unpublished_changes,
    publish_form,
    reopen_form,
)


def _form_scope(ids):
    return Form.project_id.in_(ids)


class FormBuilderView(PaperPrintMixin, ProjectScopedView):
    scope = staticmethod(_form_scope)
    noun = "form"
    column_list = ("project", "title", "status", "version", "questions", "links")
    column_details_list = (
        "project",
        "title",
        "title_easy",
        "intro",
        "intro_easy",
        "consent_text",
        "consent_text_easy",
        "anonymous",
        "status",
        "version",
        "opens_at",
        "closes_at",
        "questions",
        "links",
    )
    column_labels = {
        "title": "Form",
        "title_easy": "Title in easy read",
        "intro_easy": "Introduction in easy read",
        "consent_text": "About the answers",
        "consent_text_easy": "About the answers, in easy read",
        "version": "Published",
        "links": "Pages",
    }
    column_formatters = {
        "project": lambda v, c, m, n: m.project.name,
        "status": status_cell,
        "version": version_cell,
        "questions": lambda v, c, m, n: len(m.live_questions),
        "links": links_cell,
    }
    column_sortable_list = (("project", "project.name"), "title", "status")
    column_default_sort = [("project_id", False), ("title", False)]
    column_filters = (
        project_name_filter(_form_scope),
        choice_filter("Status", Form.status, FormStatus, STATUS_LABELS),
        text_filter("Title", Form.title),
    )
    column_searchable_list = ("title", "title_easy")
    # Deleting forms is one at a time, checked for responses first (see on_model_delete).
    action_disallowed_list = ["delete"]
    form_columns = (
        "title",
        "title_easy",
        "intro",
        "intro_easy",
        "consent_text",
        "consent_text_easy",
        "anonymous",
        "opens_at",
        "closes_at",
    )
    form_overrides = {
        "opens_at": UKDateTimeField,
        "closes_at": UKDateTimeField,
    }
    form_widget_args = {
        name: {"rows": 3} for name in ("intro", "intro_easy", "consent_text", "consent_text_easy")
    }
    form_args = {
        "title": {"label": "Title"},
        "title_easy": {
            "label": "Title in easy read",
            "description": "Left empty, easy read shows the standard title.",
        },
        "intro": {"label": "Introduction", "description": "A sentence or two before the form."},
        "intro_easy": {"label": "Introduction in easy read"},
        "consent_text": {
            "label": "About the answers",
            "description": "What happens to the answers, shown before the consent question.",
        },
        "consent_text_easy": {"label": "About the answers, in easy read"},
        "anonymous": {
            "label": "Anonymous",
            "description": "People are not asked who they are (they may still give a name "
            "if they want to be quoted by name).",
        },
        "opens_at": {
            "label": "Opens (UK time)",
            "description": "Optional. Before this, links say the form is not open yet.",
        },
        "closes_at": {
            "label": "Closes (UK time)",
            "description": "Optional. After this, links say the form is closed.",
        },
    }
    edit_template = "admin/forms/form_edit.html"

    def project_id_of(self, model):
        return model.project.id if model.project is not None else model.project_id

    def summary(self, model: Form) -> FormSummary:
        return summarise(model)

    def prepare(self, form, model, is_created):
        if model.opens_at and model.closes_at and model.closes_at <= model.opens_at:
            raise ValidationError("The form cannot close before it opens.")

    def get_save_return_url(self, model, is_created=False):
        # The form's page is where its questions are: stay there after saving the settings.
        return self.get_url(".edit_view", id=model.id)

    def on_model_delete(self, model):
        super().on_model_delete(model)
        if db.session.scalar(sa.select(Response.id).where(Response.form_id == model.id).limit(1)):
            raise ValidationError(
                "This form has responses, so it cannot be deleted: close it instead."
            )
        audit.record("form_deleted", project_id=model.project_id, target=f"form {model.id}")

    # --- Publishing, closing, previewing --------------------------------------------------

    def _back(self, form: Form):
        return redirect(self.get_url(".edit_view", id=form.id), code=303)

    @expose("/publish/", methods=("GET", "POST"))
    def publish_view(self):
        form = self.one_to_change(request.values.get("id", ""))
        if request.method == "GET" and "published" in request.args and form.version:
            # Published: the next step (a share link) is one press away.
            links = db.session.scalar(
                sa.select(sa.func.count(ShareLink.id)).where(ShareLink.form_id == form.id)
            )
            return self.render(
                "admin/forms/published.html", model=form, summary=summarise(form), links=links
            )
        if request.method == "GET" or request.form.get("confirm") != "yes":
            return self.render("admin/forms/publish.html", model=form, summary=summarise(form))
        before = form.version
        try:
            version = publish_form(form, current_user)
        except FormError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(self.get_url(".publish_view", id=form.id), code=303)
        if version.number == before:
            flash(f"Nothing had changed: the form is open with version {before}.", "success")
        else:
            flash(f"Published version {version.number}: the form's links now show it.", "success")
        return redirect(self.get_url(".publish_view", id=form.id, published=1), code=303)

    @expose("/close/", methods=("POST",))
    def close_view(self):
        form = self.one_to_change(request.form.get("id", ""))
        return self._change_state(form, close_form, "Closed: its links no longer take answers.")

    @expose("/reopen/", methods=("POST",))
    def reopen_view(self):
        form = self.one_to_change(request.form.get("id", ""))
        return self._change_state(
            form, reopen_form, "Open again, with the latest published version."
        )

    def _change_state(self, form: Form, change, message: str):
        try:
            change(form, current_user)
        except FormError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            flash(message, "success")
        return self._back(form)

    @expose("/preview/")
    def preview_view(self):
        form = self.get_one(request.args.get("id", ""))
        snapshot = form_snapshot(form)
        questions = snapshot["questions"]

        def participant_form(easy: bool):
            # No CSRF token and no <form> element: nothing can be sent from a preview.
            return make_participant_form(
                questions,
                easy=easy,
                consent=True,
                supported=True,
                formdata=None,
                prefix="easy-" if easy else "standard-",
                meta={"csrf": False},
            )

        return self.render(
            "admin/forms/preview.html",
            model=form,
            snapshot=snapshot,
            host=Host.of(form.project),
            steps=Steps(questions),
            standard=participant_form(False),
            easy=participant_form(True),
            **FIELD_HELPERS,
            can_change=can_edit(current_user, form.project_id),
            changed=has_unpublished_changes(form),
        )
