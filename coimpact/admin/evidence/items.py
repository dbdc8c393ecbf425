"""Evidence items in the admin: the list, and (through the mixins) each item's pages.

/admin/evidence/                 the list (filters by kind, status, flag, outcome, indicator)
/admin/evidence/new/             add evidence that did not come through a form, with a file
/admin/evidence/<id>             one item: its words (as consent allows), links, actions
/admin/evidence/cut/<answer_id>  cut evidence from an answer (reached from the response page)

The list is flask-admin's, project-scoped like every other; the pages that change items are
our own forms calling `services.evidence*`, so nothing reaches a row except through them.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from coimpact.admin.base import row_id
from coimpact.admin.display import ref_words, short
from coimpact.admin.evidence.common import KIND_LABELS, LINK_LABELS, STATUS_LABELS, shown
from coimpact.admin.evidence.cut import CutPages
from coimpact.admin.evidence.forms import OtherEvidenceForm
from coimpact.admin.evidence.item_pages import ItemPages
from coimpact.admin.filters import (
    ConditionFilter,
    choice_filter,
    project_name_filter,
    yes_no_filter,
)
from coimpact.admin.scoped import ProjectScopedView
from coimpact.auth.access import visible_projects
from coimpact.models import (
    Answer,
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    EvidenceStatus,
    Indicator,
    LinkStatus,
    Outcome,
    Question,
    Response,
    Section,
)
from coimpact.reports.periods import periods_named
from coimpact.reports.rules import evidence_in_named
from coimpact.services.evidence import EvidenceError, add_other_evidence, delete_item
from coimpact.services.uploads import UploadRefused, check_upload, max_bytes

PREFIXES = {s.ref_prefix: s for s in Section}
OUTCOME_REF = re.compile(r"^\s*([A-Za-z])(\d{1,6})\s*$")
INDICATOR_REF = re.compile(r"^\s*([A-Za-z])(\d{1,6})\.(\d{1,6})\s*$")


def _scope(ids):
    return EvidenceItem.project_id.in_(ids)


def _linked_to(*conditions) -> sa.ColumnElement[bool]:
    return EvidenceItem.id.in_(
        sa.select(EvidenceLink.evidence_item_id)
        .join(Outcome, Outcome.id == EvidenceLink.outcome_id)
        .outerjoin(Indicator, Indicator.id == EvidenceLink.indicator_id)
        .where(*conditions)
    )


def _in_period(value: str) -> sa.ColumnElement[bool]:
    # Each project's own period of that name; rows of projects the user cannot see are
    # already left out by the view.
    return evidence_in_named(periods_named(value))


def _outcome_ref(value: str) -> sa.ColumnElement[bool]:
    """Items linked to the outcome with a ref such as B1 (in the projects the list shows)."""
    match = OUTCOME_REF.match(value)
    if not match or match.group(1).upper() not in PREFIXES:
        return sa.false()
    section = PREFIXES[match.group(1).upper()]
    return _linked_to(Outcome.section == section, Outcome.ref_number == int(match.group(2)))


def _indicator_ref(value: str) -> sa.ColumnElement[bool]:
    match = INDICATOR_REF.match(value)
    if not match or match.group(1).upper() not in PREFIXES:
        return sa.false()
    return _linked_to(
        Outcome.section == PREFIXES[match.group(1).upper()],
        Outcome.ref_number == int(match.group(2)),
        Indicator.ref_number == int(match.group(3)),
    )


def _link_status(value: str) -> sa.ColumnElement[bool]:
    if value == "none":
        return ~EvidenceItem.id.in_(sa.select(EvidenceLink.evidence_item_id))
    return EvidenceItem.id.in_(
        sa.select(EvidenceLink.evidence_item_id).where(EvidenceLink.status == LinkStatus(value))
    )


def _ref(view, context, model, name):
    url = url_for("evidence.item", item_id=model.id)
    return Markup('<a href="{}">{}</a>').format(url, model.ref)


def _words(view, context, model, name):
    words = shown(model)
    title = Markup("<strong>{}</strong><br>").format(model.title) if model.title else ""
    if words.withheld:
        return Markup('{}<span class="text-muted font-italic">{}</span>').format(title, words.text)
    who = Markup(" <span class='text-muted'>– {}</span>").format(words.attribution)
    return Markup("{}{}{}").format(title, short(words.text), who if words.attribution else "")


def _flags(view, context, model, name):
    badges = []
    if model.most_significant:
        badges.append(Markup('<span class="badge badge-primary">Most significant</span>'))
    if model.unexpected:
        badges.append(Markup('<span class="badge badge-info">Unexpected</span>'))
    return Markup(" ").join(badges)


def _links(view, context, model, name):
    # Each link says its state in words and what it leads to with its words, not a bare "A1"
    # on a coloured badge.
    css = {"confirmed": "success", "suggested": "warning", "rejected": "secondary"}
    parts = [
        Markup('<li><span class="badge badge-{}">{}</span> {}</li>').format(
            css[LinkStatus(link.status).value],
            LINK_LABELS[link.status],
            ref_words(link.indicator or link.outcome, 60),
        )
        for link in model.links
    ]
    if not parts:
        return ""
    return Markup('<ul class="list-unstyled mb-0 ref-list">{}</ul>').format(Markup("").join(parts))


def _source(view, context, model, name):
    if model.response is None:
        return model.source
    url = url_for("responses.details_view", id=model.response_id)
    return Markup('<a href="{}">{}</a><br><span class="text-muted">{}</span>').format(
        url, model.response.ref, model.source
    )


class EvidenceView(CutPages, ItemPages, ProjectScopedView):
    scope = staticmethod(_scope)
    noun = "evidence item"
    list_template = "admin/evidence/list.html"
    can_view_details = False  # the item page (/admin/evidence/<id>) is the details page
    column_list = (
        "ref",
        "project",
        "kind",
        "status",
        "flags",
        "text",
        "links",
        "source",
        "occurred_on",
    )
    column_labels = {
        "ref": "Ref",
        "text": "Evidence",
        "flags": "Flags",
        "links": "Linked to",
        "occurred_on": "Date",
    }
    column_formatters = {
        "ref": _ref,
        "project": lambda v, c, m, n: m.project_name,
        "kind": lambda v, c, m, n: KIND_LABELS[EvidenceKind(m.kind)],
        "status": lambda v, c, m, n: STATUS_LABELS[EvidenceStatus(m.status)],
        "flags": _flags,
        "text": _words,
        "links": _links,
        "source": _source,
    }
    column_sortable_list = (("ref", "ref_number"), "kind", "status", "occurred_on")
    column_default_sort = [("created_at", True), ("id", True)]
    # Title and source only: searching the words would reveal words that may not be shown.
    column_searchable_list = ("title", "source")
    column_filters = (
        project_name_filter(_scope),
        choice_filter("Kind", EvidenceItem.kind, EvidenceKind, KIND_LABELS),
        choice_filter("Status", EvidenceItem.status, EvidenceStatus, STATUS_LABELS),
        yes_no_filter("Most significant change", EvidenceItem.most_significant),
        yes_no_filter("Unexpected outcome", EvidenceItem.unexpected),
        ConditionFilter("Outcome ref (e.g. B1)", _outcome_ref),
        ConditionFilter("Indicator ref (e.g. B1.2)", _indicator_ref),
        ConditionFilter(
            "Links",
            _link_status,
            options=[(s.value, f"Has a {LINK_LABELS[s].lower()} link") for s in LinkStatus]
            + [("none", "Not linked yet")],
        ),
        yes_no_filter("Cut from an answer", EvidenceItem.answer_id.is_not(None)),
        # Last: filters are numbered by position in their URLs (flt0_5), kept by bookmarks.
        ConditionFilter("Reporting period (e.g. 2026-27)", _in_period),
    )
    column_auto_select_related = False

    def project_id_of(self, model):
        return model.project_id

    def _narrowed(self, query):
        # `?outcome_id=` / `?indicator_id=` narrow the list, as linked from an outcome.
        query = super()._narrowed(query)
        for arg, column in (
            ("outcome_id", EvidenceLink.outcome_id),
            ("indicator_id", EvidenceLink.indicator_id),
        ):
            value = request.args.get(arg, type=row_id)
            if value is not None:
                query = query.filter(
                    EvidenceItem.id.in_(
                        sa.select(EvidenceLink.evidence_item_id).where(column == value)
                    )
                )
        return query

    def get_query(self):
        return (
            super()
            .get_query()
            .options(
                selectinload(EvidenceItem.response).load_only(
                    Response.ref, Response.quote_permission, Response.participant_name
                ),
                # Whether the words are the person's own (see evidence_common.shown).
                selectinload(EvidenceItem.answer)
                .load_only(Answer.question_id)
                .selectinload(Answer.question)
                .load_only(Question.type),
                selectinload(EvidenceItem.links).selectinload(EvidenceLink.outcome),
                selectinload(EvidenceItem.links)
                .selectinload(EvidenceLink.indicator)
                .selectinload(Indicator.outcome),
            )
        )

    def get_list(self, *args, **kwargs):
        count, rows = super().get_list(*args, **kwargs)
        if not isinstance(rows, list):  # execute=False hands back the query itself
            return count, rows
        # One query for the page's project names, not one per row.
        names = {p.id: p.name for p in visible_projects(current_user)}
        for row in rows:
            row.project_name = names.get(row.project_id, "")
        return count, rows

    def delete_model(self, model) -> bool:
        # Through the service: it removes the stored file and audits the deletion.
        self.on_model_delete(model)
        delete_item(model, current_user)
        return True

    @expose("/new/", methods=("GET", "POST"))
    def create_view(self):
        choose_project = self.enter_project()
        if choose_project is not None:
            return choose_project
        project = self.new_row_project
        form = OtherEvidenceForm()
        status = 200
        if form.validate_on_submit():
            kind = EvidenceKind(form.kind.data)
            upload, file = None, request.files.get("upload")
            try:
                if file is not None and file.filename:
                    upload = check_upload(
                        file.stream, file.filename, images_only=kind == EvidenceKind.PHOTO
                    )
                item = add_other_evidence(
                    project.id,
                    kind,
                    current_user,
                    title=form.title.data or "",
                    text=form.text.data or "",
                    value_number=form.value_number.data,
                    occurred_on=form.occurred_on.data,
                    source=form.source.data or "",
                    upload=upload,
                )
            except UploadRefused as refused:
                form.upload.errors = [str(refused)]
            except EvidenceError as problem:
                form.form_errors.append(str(problem))
            else:
                flash(f"Added {item.ref}. Link it to an outcome below.", "success")
                return redirect(url_for(".item", item_id=item.id), 303)
        if request.method == "POST":
            status = 422
        page = self.render("admin/evidence/new.html", form=form, max_mb=max_bytes() / 1024**2)
        return page, status
