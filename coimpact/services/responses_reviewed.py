"""Marking responses as reviewed."""

from __future__ import annotations

from coimpact.extensions import db
from coimpact.models import Response, User
from coimpact.models.types import utcnow
from coimpact.services import audit


def mark_reviewed(visible_query, ids: list[str], actor: User) -> int:
    """Mark the responses with `ids` among `visible_query` (already limited to what `actor` may
    see) as reviewed now, and return how many changed. Flushes; the request commits."""
    wanted = [int(i) for i in ids if str(i).isdigit()]
    rows = visible_query.filter(Response.id.in_(wanted), Response.reviewed_at.is_(None)).all()
    now = utcnow()
    for response in rows:
        response.reviewed_at = now
        response.reviewed_by_id = actor.id
    for project_id in {r.project_id for r in rows}:
        audit.record(
            "responses_reviewed",
            actor=actor,
            project_id=project_id,
            detail={"refs": [r.ref for r in rows if r.project_id == project_id][:200]},
        )
    db.session.flush()
    return len(rows)
