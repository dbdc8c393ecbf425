"""Checking evidence before it goes out, and putting it against outcomes and indicators.

Approval is where a person's words become fit for a funder's report, so it is where the
personal-detail flags (`domain/pii.py`) stop things until a member of staff has looked. Each
function is one staff action, audited with ids and refs only; it flushes, and the request
commits.
"""

from __future__ import annotations

import sqlalchemy as sa

from coimpact.domain.pii import find_personal_details, redact
from coimpact.extensions import db
from coimpact.models import (
    EvidenceItem,
    EvidenceLink,
    EvidenceStatus,
    Indicator,
    LinkStatus,
    Outcome,
    User,
)
from coimpact.models.types import utcnow
from coimpact.services import audit
from coimpact.services.evidence import EvidenceError, PersonalDetailsFound


def approve(item: EvidenceItem, actor: User, keep_as_is: bool = False) -> None:
    """Approve an item for reports and exports.

    Refused (PersonalDetailsFound) while the text looks like it holds a name, e-mail, phone
    number, postcode or NHS number, unless staff confirm they checked it and it stays as it is;
    the audit log records that confirmation and what kinds of detail were flagged, not the text.
    """
    findings = find_personal_details(item.text)
    if findings and not keep_as_is:
        raise PersonalDetailsFound(findings)
    item.status = EvidenceStatus.APPROVED
    item.approved_by_id = actor.id
    item.approved_at = utcnow()
    audit.record(
        "evidence_approved",
        actor=actor,
        project_id=item.project_id,
        target=item.ref,
        detail={
            "flagged": sorted({f.kind for f in findings}),
            "checked_keep_as_is": bool(findings),
        },
    )
    db.session.flush()


def back_to_draft(item: EvidenceItem, actor: User) -> None:
    """Withdraw an approval: the item leaves reports until it is approved again."""
    item.status, item.approved_by_id, item.approved_at = EvidenceStatus.DRAFT, None, None
    audit.record("evidence_unapproved", actor=actor, project_id=item.project_id, target=item.ref)
    db.session.flush()


def redact_item(item: EvidenceItem, actor: User) -> int:
    """Replace every detail `pii` flags with a marker such as [phone number removed]; returns
    how many were removed. The answer the item was cut from keeps its words."""
    findings = find_personal_details(item.text)
    if findings:
        item.text = redact(item.text, findings)
        audit.record(
            "evidence_redacted",
            actor=actor,
            project_id=item.project_id,
            target=item.ref,
            detail={"removed": sorted({f.kind for f in findings})},
        )
        db.session.flush()
    return len(findings)


def add_link(
    item: EvidenceItem,
    outcome_id: int,
    indicator_id: int | None,
    actor: User,
    status: LinkStatus = LinkStatus.CONFIRMED,
) -> EvidenceLink:
    """Link an item to an outcome of its own project, optionally to one of that outcome's
    indicators. Linking again where a link exists sets that link's status instead."""
    outcome = db.session.get(Outcome, outcome_id)
    if outcome is None or outcome.project_id != item.project_id:
        raise EvidenceError("Choose an outcome of this item's project.")
    if indicator_id is not None:
        indicator = db.session.get(Indicator, indicator_id)
        if indicator is None or indicator.outcome_id != outcome.id:
            raise EvidenceError("That indicator does not belong to the chosen outcome.")
    # The unique constraint does not cover outcome-only links (NULLs are distinct): look first.
    link = db.session.scalar(
        sa.select(EvidenceLink).where(
            EvidenceLink.evidence_item_id == item.id,
            EvidenceLink.outcome_id == outcome.id,
            EvidenceLink.indicator_id.is_(None)
            if indicator_id is None
            else EvidenceLink.indicator_id == indicator_id,
        )
    )
    if link is None:
        link = EvidenceLink(
            evidence_item_id=item.id, outcome_id=outcome.id, indicator_id=indicator_id
        )
        db.session.add(link)
    link.status, link.linked_by_id, link.linked_at = LinkStatus(status), actor.id, utcnow()
    db.session.flush()
    return link


def set_link_status(link: EvidenceLink, status: LinkStatus, actor: User) -> None:
    """Confirm or reject a link. A rejected link from an answer's item to an indicator takes
    that answer out of the indicator's result (see `reports/indicator_results.py`)."""
    link.status, link.linked_by_id, link.linked_at = LinkStatus(status), actor.id, utcnow()
    audit.record(
        f"evidence_link_{LinkStatus(status).value}",
        actor=actor,
        project_id=link.evidence_item.project_id,
        target=link.evidence_item.ref,
        detail={
            "link_id": link.id,
            "outcome_id": link.outcome_id,
            "indicator_id": link.indicator_id,
        },
    )
    db.session.flush()


def remove_link(link: EvidenceLink, actor: User) -> None:
    item = link.evidence_item
    audit.record(
        "evidence_link_removed",
        actor=actor,
        project_id=item.project_id,
        target=item.ref,
        detail={"outcome_id": link.outcome_id, "indicator_id": link.indicator_id},
    )
    db.session.delete(link)
    db.session.flush()
