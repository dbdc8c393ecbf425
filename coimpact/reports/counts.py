"""Counts about projects, for the CLI summary, the admin's list of projects, the export job
and the workbook's About sheet."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coimpact.domain.periods import Period
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
from coimpact.reports.rules import evidence_in, not_spam, submitted_in


def response_count(session: Session, project_id: int, period: Period | None = None) -> int:
    """Responses of the project that count (spam caught by the honeypot does not): what
    results read, and the rows of the workbook's Responses sheets; with a period, only those
    submitted in it."""
    query = sa.select(sa.func.count(Response.id)).where(
        Response.project_id == project_id, not_spam(), submitted_in(period)
    )
    return session.scalar(query) or 0


def responses_by_variant(
    session: Session, project_id: int, period: Period | None = None
) -> dict[Variant, int]:
    """Responses that count (not spam) by variant: standard and easy read."""
    counts = {variant: 0 for variant in Variant}
    rows = session.execute(
        sa.select(Response.variant, sa.func.count(Response.id))
        .where(Response.project_id == project_id, not_spam(), submitted_in(period))
        .group_by(Response.variant)
    )
    for variant, count in rows:
        counts[Variant(variant)] = count
    return counts


def theory_counts(session: Session, project_ids: list[int]) -> dict[int, dict[str, int]]:
    """Elements, outcomes and indicators per project, in three grouped queries."""
    counts = {pid: {"elements": 0, "outcomes": 0, "indicators": 0} for pid in project_ids}
    if not project_ids:
        return counts
    queries = {
        "elements": sa.select(TocElement.project_id, sa.func.count())
        .where(TocElement.project_id.in_(project_ids))
        .group_by(TocElement.project_id),
        "outcomes": sa.select(Outcome.project_id, sa.func.count())
        .where(Outcome.project_id.in_(project_ids))
        .group_by(Outcome.project_id),
        "indicators": sa.select(Outcome.project_id, sa.func.count(Indicator.id))
        .join(Indicator, Indicator.outcome_id == Outcome.id)
        .where(Outcome.project_id.in_(project_ids))
        .group_by(Outcome.project_id),
    }
    for key, query in queries.items():
        for pid, n in session.execute(query):
            counts[pid][key] = n
    return counts


def project_counts(
    session: Session, project: Project, period: Period | None = None
) -> dict[str, int]:
    """The headline counts of one project; spam caught by the honeypot is not counted. With a
    period, responses and evidence are those of the period; the rest is as it is now."""

    def count(query: sa.Select) -> int:
        return session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0

    responses = sa.select(Response.id).where(
        Response.project_id == project.id, not_spam(), submitted_in(period)
    )
    by_variant = responses_by_variant(session, project.id, period)
    return {
        "responses": response_count(session, project.id, period),
        "responses_standard": by_variant[Variant.STANDARD],
        "responses_easy_read": by_variant[Variant.EASY],
        "responses_supported": count(responses.where(Response.supported.is_(True))),
        "forms": count(sa.select(Form.id).where(Form.project_id == project.id)),
        "share_links": count(
            sa.select(ShareLink.id).join(Form).where(Form.project_id == project.id)
        ),
        **theory_counts(session, [project.id])[project.id],  # elements, outcomes, indicators
        "evidence_items": count(
            sa.select(EvidenceItem.id).where(
                EvidenceItem.project_id == project.id, evidence_in(period)
            )
        ),
        "evidence_links": count(
            sa.select(EvidenceLink.id)
            .join(EvidenceItem)
            .where(EvidenceItem.project_id == project.id, evidence_in(period))
        ),
    }


def responses_through(session: Session, link) -> int:
    """How many responses a share link has taken: its limit counts these, spam included (a
    link full of spam is full)."""
    return session.scalar(
        sa.select(sa.func.count(Response.id)).where(Response.share_link_id == link.id)
    )


def response_counts(session: Session, link_ids: Iterable[int]) -> dict[int, int]:
    """`responses_through` for many links at once, in one grouped query."""
    ids = list(link_ids)
    counts = dict.fromkeys(ids, 0)
    if not ids:
        return counts
    rows = session.execute(
        sa.select(Response.share_link_id, sa.func.count(Response.id))
        .where(Response.share_link_id.in_(ids))
        .group_by(Response.share_link_id)
    )
    for link_id, n in rows:
        counts[link_id] = n
    return counts
