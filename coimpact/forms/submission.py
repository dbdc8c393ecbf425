"""What a sent participant form becomes, for the participant pages and paper entry alike: the
whole form on one page, its errors in page order, and the submission the service stores.

Staff typing in a paper copy go through the same form and the same checks as a participant
sending it online, so both sides take these from here rather than from each other.
"""

from __future__ import annotations

from typing import Any

from coimpact.forms.participant import ParticipantForm, make_participant_form
from coimpact.models import QuotePermission, Variant
from coimpact.services.responses import Submission


def one_page_form(
    snapshot: dict[str, Any], recognition: bool = False, **form_kwargs: Any
) -> ParticipantForm:
    """Every question of a published version on one page, in the standard wording, with the
    consent questions, "did someone help?" and the submission's key (the standard page and
    paper entry)."""
    return make_participant_form(
        snapshot["questions"],
        easy=False,
        consent=True,
        supported=True,
        submission_id=True,
        recognition=recognition,
        **form_kwargs,
    )


def only_csrf_failed(form) -> bool:
    """True when the page's answers were fine and only its security token had expired."""
    return bool(form.errors) and set(form.errors) == {"csrf_token"}


def submission_from(form, variant: Variant, idempotency_key: str) -> Submission:
    permission = QuotePermission(form.quote_permission.data or QuotePermission.NO.value)
    supported = {"yes": True, "no": False}.get(form.supported.data or "")
    return Submission(
        answers=form.answers(),
        variant=variant,
        idempotency_key=idempotency_key,
        consent=form.consent.data == "yes",
        quote_permission=permission,
        participant_name=form.participant_name.data,
        supported=supported,
        is_spam=form.is_spam,
        recognition_code=(form.recognition_code.data or "") if "recognition_code" in form else "",
    )


def error_list(form) -> list[dict[str, Any]]:
    """Errors in page order, for the summary at the top: field id, question, message."""
    items = []
    for field in form:
        if field.name == "csrf_token":
            continue
        # Radio and checkbox groups are linked at their first box, as the fields macro renders.
        target = f"{field.id}-0" if hasattr(field, "invalid_message") else field.id
        for error in field.errors:
            items.append({"id": target, "label": field.label.text, "message": error})
    return items
