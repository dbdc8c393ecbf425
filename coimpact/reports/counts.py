"""Counts about a project, for the CLI summary, the admin and the workbook's About sheet."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coimpact.models import (
    EvidenceItem,
    EvidenceLink,
    Form,
    Indicator,
    Outcome,
    Project,
    Response,
    ShareLink,
    TocElement,
    Variant,
)
from coimpact.reports.rules import not_spam


def response_count(session: Session, project_id: int) -> int:
    """Responses of the project that count (spam caught by the honeypot does not): what
    results read, and the rows of the workbook's Responses sheets."""
    query = sa.select(sa.func.count(Response.id)).where(
        Response.project_id == project_id, not_spam()
    )
    return session.scalar(query) or 0


def project_counts(session: Session, project: Project) -> dict[str, int]:
    """The headline counts of one project; spam caught by the honeypot is not counted."""

    def count(query: sa.Select) -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0

    responses = sa.select(Response.id).where(Response.project_id == project.id, not_spam())
    outcome_ids = sa.select(Outcome.id).where(Outcome.project_id == project.id)
    return {
        "responses": count(responses),
        "responses_standard": count(responses.where(Response.variant == Variant.STANDARD)),
        "responses_easy_read": count(responses.where(Response.variant == Variant.EASY)),
        "responses_supported": count(responses.where(Response.supported.is_(True))),
        "forms": count(sa.select(Form.id).where(Form.project_id == project.id)),
        "share_links": count(
            sa.select(ShareLink.id).join(Form).where(Form.project_id == project.id)
        ),
        "elements": count(sa.select(TocElement.id).where(TocElement.project_id == project.id)),
        "outcomes": count(outcome_ids),
        "indicators": count(sa.select(Indicator.id).where(Indicator.outcome_id.in_(outcome_ids))),
        "evidence_items": count(
            sa.select(EvidenceItem.id).where(EvidenceItem.project_id == project.id)
        ),
        "evidence_links": count(
            sa.select(EvidenceLink.id)
            .join(EvidenceItem)
            .where(EvidenceItem.project_id == project.id)
        ),
    }
