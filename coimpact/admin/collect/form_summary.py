"""What the form builder shows about a form: its state, its questions as the form's page lists
them, and what to check before publishing. Reads only."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from flask_login import current_user
from markupsafe import Markup

from coimpact.admin.display import ref_words
from coimpact.auth.access import can_edit
from coimpact.domain.question_types import MAX_EASY_READ_OPTIONS, STAFF_OPTION_TYPES, choices_for
from coimpact.domain.readable import uk_datetime
from coimpact.models import Form, FormStatus, FormVersion, Question, QuestionType
from coimpact.models.types import utcnow
from coimpact.services.form_publishing import (
    FormWarning,
    easy_read_gaps,
    form_warnings,
    has_unpublished_changes,
    latest_version,
    published_keys,
)

STATUS_LABELS = {FormStatus.DRAFT: "Draft", FormStatus.OPEN: "Open", FormStatus.CLOSED: "Closed"}
STATUS_BADGES = {
    FormStatus.DRAFT: "secondary",
    FormStatus.OPEN: "success",
    FormStatus.CLOSED: "dark",
}


def status_note(form: Form) -> str:
    """Why an open form may still not take answers (its dates), in words for staff."""
    now = utcnow()
    if form.status != FormStatus.OPEN:
        return ""
    if form.closes_at and form.closes_at <= now:
        return "Its closing date has passed: links show 'closed'."
    if form.opens_at and form.opens_at > now:
        return f"Takes answers from {uk_datetime(form.opens_at, zone=True)}."
    return ""


@dataclass
class QuestionRow:
    """One live question as the form's page lists it."""

    question: Question
    type_label: str
    options: list[dict[str, str]]
    fixed: bool
    option_gaps: int
    too_many: bool
    indicators: str


@dataclass
class FormSummary:
    """What the form's page and the publish page show about a form."""

    status: str
    badge: str
    note: str
    latest: FormVersion | None
    changed: bool
    rows: list[QuestionRow]
    retired: list[Question]
    gap_items: list[dict[str, str]]
    published: set[str]
    warnings: list[FormWarning] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        """Publishing would be refused: no question yet, or a choice without options."""
        return not self.rows or any(w.blocking for w in self.warnings)


def summarise(form: Form) -> FormSummary:
    rows = []
    for q in form.live_questions:
        fixed = q.type not in STAFF_OPTION_TYPES
        options = choices_for({"type": q.type.value, "options": _live_options(q)})
        rows.append(
            QuestionRow(
                question=q,
                type_label=QuestionType(q.type).label,
                options=options,
                fixed=fixed,
                option_gaps=0 if fixed else sum(1 for o in options if not o["label_easy"].strip()),
                too_many=not fixed and len(options) > MAX_EASY_READ_OPTIONS,
                indicators="; ".join(ref_words(i, 60) for i in q.indicators),
            )
        )
    return FormSummary(
        status=STATUS_LABELS[form.status],
        badge=STATUS_BADGES[form.status],
        note=status_note(form),
        latest=latest_version(form),
        changed=has_unpublished_changes(form),
        rows=rows,
        retired=[q for q in form.questions if q.retired],
        gap_items=gap_items(form),
        published=published_keys(form),
        warnings=form_warnings(form),
    )


FORM_WORDING = (
    ("title", "The form's title"),
    ("intro", "The introduction"),
    ("consent_text", "About the answers"),
)


def gap_items(form: Form) -> list[dict[str, str]]:
    """What has no easy-read wording (the form's own wording, then easy_read_gaps), in words:
    which part, and the standard wording the easy-read pages will show instead."""
    items = [
        {"key": "", "what": what, "text": getattr(form, name)}
        for name, what in FORM_WORDING
        if getattr(form, name).strip() and not getattr(form, f"{name}_easy").strip()
    ]
    by_key = {q.key: q for q in form.live_questions}
    for gap in easy_read_gaps(form):
        key, _, code = gap.partition(":")
        question = by_key[key]
        if not code:
            items.append({"key": key, "what": "question", "text": question.text})
            continue
        label = next((o.label for o in question.options if o.code == code), code)
        items.append({"key": key, "what": f"answer '{code}'", "text": label})
    return items


def _live_options(question: Question) -> list[dict[str, str]]:
    return [
        {"code": o.code, "label": o.label, "label_easy": o.label_easy, "symbol": o.symbol}
        for o in question.options
        if not o.retired
    ]


def status_cell(view, context, model, name):
    badge = Markup('<span class="badge badge-{}">{}</span>').format(
        STATUS_BADGES[model.status], STATUS_LABELS[model.status]
    )
    note = status_note(model)
    return badge + (Markup(' <small class="text-muted">{}</small>').format(note) if note else "")


def version_cell(view, context, model, name):
    if not model.versions:
        return Markup('<span class="text-muted">Not yet</span>')
    text = Markup("Version {}").format(model.version)
    if has_unpublished_changes(model):
        text += Markup(' <span class="badge badge-warning">Changes not yet published</span>')
    return text


def links_cell(view, context, model, name):
    return Markup(
        '<a class="btn btn-sm btn-outline-primary" href="{}">Preview</a> '
        '<a class="btn btn-sm btn-outline-secondary" href="{}">Questions</a>'
    ).format(
        url_for("forms.preview_view", id=model.id),
        url_for("forms.edit_view", id=model.id, _anchor="questions")
        if can_edit(current_user, model.project_id)
        else url_for("forms.details_view", id=model.id),
    )
