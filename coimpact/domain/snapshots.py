"""What a published form version freezes: the form and each question as plain JSON-ready
values (the version's snapshot). Plain Python over the form's loaded rows.

Publishing stores `form_snapshot`; the admin compares it with the stored one to tell unpublished
changes; the workbook words a question never published yet by `question_snapshot`. Readers of a
stored snapshot (the public forms, results, exports) take its dicts as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coimpact.models import Form, Question

SNAPSHOT_FORMAT = 1  # bump if the snapshot's layout changes, so readers can tell old from new


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
