"""Erasing a response and everything derived from it, and purging by age. Both are audited with
refs and counts only: the audit log never holds what a person said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from coimpact.database import write_transaction
from coimpact.domain.readable import plural
from coimpact.extensions import db
from coimpact.models import Answer, Draft, EvidenceItem, Response, User
from coimpact.models.types import utcnow
from coimpact.services import audit

PURGE_BATCH = 1000


class ErasureError(LookupError):
    """Nothing to erase under that reference; the message is for people."""


@dataclass(frozen=True)
class Erased:
    responses: int
    answers: int
    evidence_items: int


def _derived_counts(ids: sa.Select) -> tuple[int, int]:
    answers = db.session.scalar(
        sa.select(sa.func.count(Answer.id)).where(Answer.response_id.in_(ids))
    )
    items = db.session.scalar(
        sa.select(sa.func.count(EvidenceItem.id)).where(EvidenceItem.response_id.in_(ids))
    )
    return answers or 0, items or 0


def erase_response(ref: str, actor: User | None = None, reason: str = "") -> Erased:
    """Delete the response with `ref`, its answers, the evidence cut from it and that evidence's
    links (the database cascades, on SQLite and PostgreSQL alike), and audit it. Flushes; the
    command commits."""
    response = db.session.scalar(sa.select(Response).where(Response.ref == ref.strip().upper()))
    if response is None:
        raise ErasureError(f"No response with the reference '{ref}'.")
    ids = sa.select(Response.id).where(Response.id == response.id)
    answers, items = _derived_counts(ids)
    project_id, found_ref = response.project_id, response.ref
    db.session.execute(sa.delete(Response).where(Response.id == response.id))
    audit.record(
        "erase",
        actor=actor,
        project_id=project_id,
        target=found_ref,
        detail={"answers": answers, "evidence_items": items, "reason": reason[:200]},
    )
    return Erased(1, answers, items)


def purge_older_than(days: int, actor: User | None = None) -> Erased:
    """Delete every response submitted more than `days` days ago (and what derives from it),
    plus unfinished easy-read drafts as old; audit once per project.

    The responses go in batches, each committed as it is done (`write_transaction`), so that
    a purge of years of data never holds the write lock, or one huge transaction, throughout.
    The drafts and the audit events are flushed last; the command commits them.
    """
    if days < 1:
        raise ValueError("The retention period must be at least 1 day.")
    cutoff = utcnow() - timedelta(days=days)
    total = Erased(0, 0, 0)
    per_project: dict[int, int] = {}
    while True:
        with write_transaction():
            batch = db.session.execute(
                sa.select(Response.id, Response.project_id)
                .where(Response.submitted_at < cutoff)
                .limit(PURGE_BATCH)
            ).all()
            if not batch:
                break
            ids = [row.id for row in batch]
            answers, items = _derived_counts(sa.select(Response.id).where(Response.id.in_(ids)))
            db.session.execute(sa.delete(Response).where(Response.id.in_(ids)))
        for row in batch:
            per_project[row.project_id] = per_project.get(row.project_id, 0) + 1
        total = Erased(
            total.responses + len(ids), total.answers + answers, total.evidence_items + items
        )
    db.session.execute(sa.delete(Draft).where(Draft.updated_at < cutoff))
    for project_id, count in per_project.items():
        audit.record(
            "purge",
            actor=actor,
            project_id=project_id,
            target=f"older than {plural(days, 'day')}",
            detail={"responses": count, "cutoff": cutoff.isoformat()},
        )
    return total
