"""Publishing forms: a published form is frozen into a numbered version so that answers given
to it keep their meaning after staff edit the form."""

from __future__ import annotations

from typing import Any

from .. import audit
from ..extensions import db
from ..models import Form, FormStatus, FormVersion, Question, QuestionType, User

SNAPSHOT_FORMAT = 1  # bump if the snapshot's layout changes, so readers can tell old from new


class FormError(ValueError):
    """A form that cannot be published as it stands; the message is for people."""


def question_snapshot(question: Question) -> dict[str, Any]:
    """One question, its wording and its live options, as plain JSON-ready values."""
    return {
        "key": question.key,
        "type": question.type.value,
        "text": question.text,
        "text_easy": question.text_easy,
        "help_text": question.help_text,
        "help_text_easy": question.help_text_easy,
        "symbol": question.symbol,
        "symbol_alt": question.symbol_alt,
        "required": question.required,
        "position": question.position,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "indicator_ids": sorted(indicator.id for indicator in question.indicators),
        "options": [
            {
                "code": option.code,
                "label": option.label,
                "label_easy": option.label_easy,
                "symbol": option.symbol,
                "position": option.position,
            }
            for option in question.options
            if not option.retired
        ],
    }


def form_snapshot(form: Form) -> dict[str, Any]:
    """The form as a participant would see it now: wording in both variants and live questions."""
    return {
        "format": SNAPSHOT_FORMAT,
        "title": form.title,
        "title_easy": form.title_easy,
        "intro": form.intro,
        "intro_easy": form.intro_easy,
        "consent_text": form.consent_text,
        "consent_text_easy": form.consent_text_easy,
        "anonymous": form.anonymous,
        "questions": [question_snapshot(q) for q in form.live_questions],
    }


def easy_read_gaps(form: Form) -> list[str]:
    """Keys of live questions (or `key:code` of options) that have no easy-read wording yet.

    Easy-read wording is written by people; the admin shows these before publishing, and the
    public page falls back to the standard wording for them.
    """
    gaps: list[str] = []
    for question in form.live_questions:
        if not question.text_easy.strip():
            gaps.append(question.key)
        gaps.extend(
            f"{question.key}:{option.code}"
            for option in question.options
            if not option.retired and not option.label_easy.strip()
        )
    return gaps


def publish_form(form: Form, actor: User | None = None) -> FormVersion:
    """Freeze the form as it is now into a new FormVersion and open it for answers.

    If the form has not changed since its last published version, that version is reused (and
    the form reopened) rather than numbered again, so publishing twice is harmless. Raises
    FormError when the form has no live question or a choice question has no live option.
    Flushes; the caller commits.
    """
    questions = form.live_questions
    if not questions:
        raise FormError("Add at least one question before publishing the form.")
    for question in questions:
        if question.type in _NEEDS_OPTIONS and not any(
            not option.retired for option in question.options
        ):
            raise FormError(f"The question '{question.key}' needs at least one answer option.")

    snapshot = form_snapshot(form)
    latest = form.versions[-1] if form.versions else None
    if latest is not None and latest.number == form.version and latest.snapshot == snapshot:
        form.status = FormStatus.OPEN
        db.session.flush()
        return latest

    version = FormVersion(
        form=form,
        number=form.version + 1,
        snapshot=snapshot,
        published_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    form.version = version.number
    form.status = FormStatus.OPEN
    db.session.flush()
    audit.record(
        "form_published",
        actor=actor,
        project_id=form.project_id,
        target=f"form {form.id} v{version.number}",
    )
    return version


# A choice with nothing to choose cannot be answered. Scales and yes/not sure/no are left out:
# their points are fixed, so a page can offer them even where no option rows were written.
_NEEDS_OPTIONS = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE})
