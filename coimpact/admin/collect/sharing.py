"""Share links in the admin: several per form, each closable, and a printable page of QR codes.

A link reaches its project through its form. Its token comes from the model's default: it is on
no form, in no column, and shows only inside the public addresses built from it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import flash, g, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup
from wtforms import DateTimeLocalField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from coimpact.admin.base import MAX_ROW_ID, row_id, row_ids
from coimpact.admin.collect.personal_links import (
    PersonalLinksMixin,
    personal_column,
    personal_filter,
    round_column,
)
from coimpact.admin.display import person
from coimpact.admin.fields import ChosenRowField
from coimpact.admin.filters import ConditionFilter, project_name_filter, text_filter, yes_no_filter
from coimpact.admin.qr import qr_svg
from coimpact.admin.scoped import ProjectScopedView, choose, forms_of, may_change
from coimpact.domain.question_types import wording
from coimpact.domain.readable import UK, plural, uk_datetime
from coimpact.extensions import db
from coimpact.forms.published import current_version
from coimpact.models import Form, ShareLink, User
from coimpact.models.types import utcnow
from coimpact.reports.counts import response_counts
from coimpact.services.sharing import (
    LinkState,
    link_state,
    public_urls,
    record_link_created,
    round_named,
    set_links_open,
)


def _link_scope(ids):
    return ShareLink.form_id.in_(sa.select(Form.id).where(Form.project_id.in_(ids)))


def form_label(form: Form) -> str:
    unpublished = "" if form.version > 0 else " (not published yet)"
    return f"{form.title}{unpublished}"


def _minute(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC).replace(second=0, microsecond=0)


def _used(link: ShareLink) -> int:
    # The list page counts a whole page in one query (see get_list); details count one link.
    counts = g.get("coimpact_link_counts") or {}
    if link.id not in counts:
        counts = response_counts(db.session, [link.id])
    return counts[link.id]


def _state(link: ShareLink) -> LinkState:
    return link_state(link, _used(link))


def _state_badge(view, context, model, name):
    state = _state(model)
    style = "success" if state == LinkState.OPEN else "secondary"
    return Markup('<span class="badge badge-{}">{}</span>').format(style, state.label)


def _responses(view, context, model, name):
    url = url_for("responses.index_view", link_id=model.id)
    return Markup('<a href="{}">{}</a>').format(url, _used(model))


def _addresses(view, context, model, name):
    urls = public_urls(model)
    print_url = url_for("links.print_view", link_id=model.id)
    return Markup(
        '<a class="link-url" href="{0}">{0}</a><br>'
        '<a class="link-url" href="{1}">{1}</a><br>'
        '<a class="btn btn-sm btn-outline-primary mt-1" href="{2}">Print QR codes</a>'
    ).format(urls.standard, urls.easy, print_url)


def _created_by(view, context, model, name):
    user = db.session.get(User, model.created_by_id) if model.created_by_id else None
    return person(user)


class LinkView(PersonalLinksMixin, ProjectScopedView):
    scope = staticmethod(_link_scope)
    noun = "share link"
    # Closing keeps a link's history (and its responses' "through which link"); deleting
    # would not. A mistaken link is closed.
    can_delete = False
    details_template = "admin/links/details.html"

    column_list = (
        "project",
        "form",
        "label",
        "state",
        "responses",
        "expires_at",
        "max_responses",
        "round",
        "personal",
        "addresses",
    )
    column_details_list = (*column_list, "created_at", "created_by")
    column_labels = {
        "state": "Taking answers?",
        "responses": "Responses",
        "expires_at": "Expires (UK time)",
        "max_responses": "Response limit",
        "round": "Round",
        "personal": "For one person",
        "addresses": "Public addresses (standard, easy read)",
        "created_at": "Created",
        "created_by": "Created by",
    }
    column_formatters = {
        "project": lambda v, c, m, n: m.form.project.name,
        "form": lambda v, c, m, n: m.form.title,
        "state": _state_badge,
        "responses": _responses,
        "expires_at": lambda v, c, m, n: uk_datetime(m.expires_at) or "Never",
        "max_responses": lambda v, c, m, n: m.max_responses or "No limit",
        "round": round_column,
        "personal": personal_column,
        "addresses": _addresses,
        "created_by": _created_by,
    }
    column_sortable_list = ("label", ("form", "form.title"), "expires_at", "created_at")
    column_default_sort = [("created_at", True), ("id", True)]
    column_searchable_list = ("label",)
    column_filters = (
        project_name_filter(_link_scope),
        ConditionFilter(
            "Form",
            lambda value: ShareLink.form_id.in_(
                sa.select(Form.id).where(Form.title.icontains(value, autoescape=True))
            ),
            operation="contains",
        ),
        text_filter("Label", ShareLink.label),
        yes_no_filter("Open", ShareLink.is_open),
        personal_filter(),
    )

    form_columns = ("form", "label", "round_name", "expires_at", "max_responses")
    form_extra_fields = {
        "round_name": StringField(
            "Round (optional)",
            validators=[Optional(), Length(max=80, message="Keep the round's name under 80.")],
            description="For a form asked more than once of the same people, which time this "
            'link is for, e.g. "start" or "six months". Type a round used before to add a link '
            "to it; a new name makes a new round after the others. The form then asks people "
            "if they want to make up a code, so their answers in different rounds can be "
            "compared. Leave empty if the form is asked once.",
        )
    }
    create_only_columns = ("form",)
    form_overrides = {"form": ChosenRowField, "expires_at": DateTimeLocalField}
    form_args = {
        "form": {
            **choose("Form", "a form", "Choose the form this link opens."),
            "query_factory": list,  # the project's own forms, set per page below
            "get_label": form_label,
        },
        "label": {
            "label": "Label",
            "description": 'Who or where the link is for, e.g. "Tuesday group" or "Posters in '
            'the library". Participants do not see it.',
        },
        "expires_at": {
            "label": "Expires (UK time)",
            "description": "Optional. After this the link says the form is closed.",
            "tz": UK,
            "format": ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
            "validators": [Optional()],
        },
        "max_responses": {
            "label": "Response limit",
            "description": "Optional. The link closes itself after this many responses.",
            "validators": [Optional(), NumberRange(min=1, max=1_000_000)],
        },
    }

    def project_id_of(self, model):
        return model.form.project_id if model.form is not None else None

    def _narrowed(self, query):
        # `?form_id=` narrows to one form's links, as linked from a form's page.
        query = super()._narrowed(query)
        form_id = request.args.get("form_id", type=row_id)
        return query if form_id is None else query.filter(ShareLink.form_id == form_id)

    def get_list(self, *args, **kwargs):
        count, rows = super().get_list(*args, **kwargs)
        if isinstance(rows, list):
            g.coimpact_link_counts = response_counts(db.session, (link.id for link in rows))
        return count, rows

    def place_new(self, model, project):
        pass  # a link is in the project of its form, chosen among this project's own

    def fit_to_project(self, form, project):
        forms = forms_of(project.id)
        form.form.query = forms
        form_id = request.args.get("form_id", type=row_id)
        wanted = [f for f in forms if f.id == form_id] or (forms if len(forms) == 1 else [])
        self.preset(form.form, wanted[0] if wanted else None)

    def missing_first(self, project):
        if forms_of(project.id):
            return None
        return (
            "A share link opens one of the project's forms, and this project has none yet.",
            url_for("forms.create_view", project_id=project.id),
            "Make a form",
        )

    def edit_heading(self, model) -> str:
        return f"Link for {model.form.title} · {model.form.project.name}"

    def on_form_prefill(self, form, id):
        model = self.get_one(id)
        if not form.round_name.raw_data:
            form.round_name.data = model.round.name if model.round else ""

    def prepare(self, form, model, is_created):
        if model.form is not None:
            model.round = round_named(model.form, form.round_name.data)
        # The page shows minutes only: an unchanged expiry comes back without its seconds.
        field = form.expires_at
        changed = is_created or _minute(field.data) != _minute(field.object_data)
        if model.expires_at is not None and changed and model.expires_at <= utcnow():
            raise ValidationError("The expiry must be in the future. To stop a link now, close it.")
        if is_created:
            model.created_by_id = current_user.id
            record_link_created(model, current_user)

    def is_action_allowed(self, name: str) -> bool:
        if name in ("close", "reopen"):
            return may_change()
        return super().is_action_allowed(name)

    def _set_open(self, ids, is_open: bool) -> None:
        links = list(self.get_query().filter(ShareLink.id.in_(row_ids(ids))))
        for link in links:
            self.check_editable(link)
        changed = set_links_open(links, is_open, current_user)
        word = "reopened" if is_open else "closed"
        flash(f"{plural(changed, 'link')} {word}.", "success")

    @action(
        "close",
        "Close",
        "Close the selected links? Anyone who opens them will be told the form is closed.",
    )
    def action_close(self, ids):
        self._set_open(ids, False)

    @action("reopen", "Reopen")
    def action_reopen(self, ids):
        self._set_open(ids, True)

    @expose(f"/print/<int(max={MAX_ROW_ID}):link_id>")
    def print_view(self, link_id: int):
        link = self.get_one(str(link_id))  # 404 alike for "not there" and "not yours"
        urls = public_urls(link)
        version = current_version(link)
        # The titles participants see: the published version's, else the form's own.
        if version is not None:
            snapshot = version.snapshot
        else:
            snapshot = {"title": link.form.title, "title_easy": link.form.title_easy}
        return self.render(
            "admin/links/print.html",
            link=link,
            urls=urls,
            title=wording(snapshot, "title", False),
            title_easy=wording(snapshot, "title", True),
            state=_state(link),
            LinkState=LinkState,
            # segno's SVG (it escapes its title) of our own address, made of the configured base
            # URL and a URL-safe token: no text anyone typed reaches it.
            qr_standard=Markup(qr_svg(urls.standard, scalable=True)),  # noqa: S704
            qr_easy=Markup(qr_svg(urls.easy, scalable=True)),  # noqa: S704
        )
