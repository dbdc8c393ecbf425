"""What the evidence pages share: finding rows the signed-in user may see, and showing words.

Every evidence page outside the response page shows words through the reports' one rule
(`quote_permission.shown_evidence` or `shown_words`), here, so "no" means the person's own words
never appear, whatever page asks (their closed answers do: they are what staff decide on).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from coimpact.admin.base import row_id
from coimpact.admin.display import ref_words
from coimpact.admin.scoped import require_editable, require_visible
from coimpact.domain.pii import Finding
from coimpact.extensions import db
from coimpact.models import (
    Answer,
    EvidenceItem,
    EvidenceKind,
    EvidenceStatus,
    Indicator,
    LinkStatus,
    Outcome,
)
from coimpact.reports.quote_permission import Shown, own_words, shown_evidence
from coimpact.services.evidence import answer_type

KIND_LABELS = {
    EvidenceKind.QUOTE: "Quote",
    EvidenceKind.STORY: "Story",
    EvidenceKind.RATING: "Rating",
    EvidenceKind.COUNT: "Count",
    EvidenceKind.OBSERVATION: "Observation",
    EvidenceKind.DOCUMENT: "Document",
    EvidenceKind.PHOTO: "Photo",
}
STATUS_LABELS = {EvidenceStatus.DRAFT: "Draft", EvidenceStatus.APPROVED: "Approved"}
LINK_LABELS = {
    LinkStatus.SUGGESTED: "Suggested",
    LinkStatus.CONFIRMED: "Confirmed",
    LinkStatus.REJECTED: "Rejected",
}


def visible_item(item_id: int) -> EvidenceItem:
    """The item, or 404 alike for "not there" and "not yours" (ids cannot be probed)."""
    item = db.session.get(EvidenceItem, item_id)
    require_visible(item.project_id if item else None)
    return item


def changeable_item(item_id: int) -> EvidenceItem:
    """The item for a change: 404 as above, then 403 for those who only read (viewers)."""
    item = visible_item(item_id)
    require_editable(item.project_id)
    return item


def changeable_answer(answer_id: int) -> Answer:
    answer = db.session.get(Answer, answer_id)
    project_id = answer.response.project_id if answer else None
    require_visible(project_id)
    require_editable(project_id)
    return answer


def shown(item: EvidenceItem) -> Shown:
    """An item's words as its response's quote permission allows: withheld on "no" when they
    are the person's own words, shown when cut from a closed answer (a rating, a choice)."""
    own = item.answer is None or own_words(answer_type(item.answer))
    return shown_evidence(item.text, item.response, own)


@dataclass(frozen=True)
class Segment:
    text: str
    label: str = ""  # what the marked text looks like, e.g. "a phone number"


def highlighted(text: str, findings: list[Finding]) -> list[Segment]:
    """The text cut into plain and flagged pieces, for the template to mark up (escaped)."""
    segments, last = [], 0
    for f in findings:
        if f.start > last:
            segments.append(Segment(text[last : f.start]))
        segments.append(Segment(text[f.start : f.end], f.label))
        last = f.end
    if last < len(text):
        segments.append(Segment(text[last:]))
    return segments


def link_choices(project_id: int) -> list[SelectChoice]:
    """Each outcome of the project, and under it each of its indicators, as link targets:
    "o:<id>" links to the outcome alone, "i:<id>" to the indicator (and so its outcome)."""
    outcomes = db.session.scalars(
        sa.select(Outcome)
        .where(Outcome.project_id == project_id)
        .options(selectinload(Outcome.indicators))
        .order_by(Outcome.section, Outcome.ref_number)
    )
    choices = []
    for outcome in outcomes:
        group = ref_words(outcome, 80)
        choices.append(
            SelectChoice(f"o:{outcome.id}", f"{outcome.ref} (the outcome)", optgroup=group)
        )
        for indicator in outcome.indicators:
            label = ref_words(indicator, 80)
            choices.append(SelectChoice(f"i:{indicator.id}", label, optgroup=group))
    return choices


def parse_target(value: str) -> tuple[int, int | None] | None:
    """(outcome id, indicator id or None) for a link target chosen on the page."""
    kind, _, number = (value or "").partition(":")
    try:
        pk = row_id(number)
    except ValueError:
        return None
    if kind == "o":
        return pk, None
    if kind == "i":
        indicator = db.session.get(Indicator, pk)
        return (indicator.outcome_id, indicator.id) if indicator else None
    return None
