"""Inviting co-assessors and revoking their links (flushed, never committed).

A co-assessor's link is made once: its token is returned to the caller to show (or print) and
only its hash is stored (`models.coassessment`), so a lost link is replaced, never shown again.
Tokens are never logged or audited; the audit log names the co-assessor's row and role.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app

from coimpact.extensions import db
from coimpact.models import Coassessor, CoassessorRole, Project, User
from coimpact.models.coassessment import coassessor_token_hash, new_coassessor_token
from coimpact.models.types import utcnow
from coimpact.services import audit

DEFAULT_DAYS = 90
MAX_DAYS = 3 * 365
LABEL_LIMIT = 80


class Invitation(NamedTuple):
    """A new co-assessor's row and its link's token: the one moment the token is known."""

    coassessor: Coassessor
    token: str

    @property
    def url(self) -> str:
        return coassessor_url(self.token)


def coassessor_url(token: str, base_url: str | None = None) -> str:
    """The full address of a co-assessor's link on the configured site (COIMPACT_BASE_URL)."""
    base = (base_url or current_app.config["COIMPACT_BASE_URL"]).rstrip("/")
    return f"{base}/c/{token}"


def _checked(label: str, days: int) -> str:
    label = " ".join(label.split())
    if not label:
        raise ValueError('Give the co-assessor a label: a first name or "Member 3".')
    if len(label) > LABEL_LIMIT:
        raise ValueError(f"Keep the label under {LABEL_LIMIT} characters.")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"The link must last from 1 to {MAX_DAYS} days.")
    return label


def invite(
    project: Project,
    label: str,
    role: CoassessorRole | str = CoassessorRole.LIVED_EXPERIENCE,
    days: int = DEFAULT_DAYS,
    by: User | None = None,
    *,
    now: datetime | None = None,
) -> Invitation:
    """Make a co-assessor of `project` with a link lasting `days` days (ValueError for a
    missing or long label, or a length out of range)."""
    label = _checked(label, days)
    now = now or utcnow()
    token = new_coassessor_token()
    coassessor = Coassessor(
        project_id=project.id,
        label=label,
        role=CoassessorRole(role),
        token_hash=coassessor_token_hash(token),
        created_at=now,
        created_by_id=by.id if by is not None else None,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(coassessor)
    db.session.flush()
    audit.record(
        "coassessor_invited",
        actor=by,
        project_id=project.id,
        target=f"co-assessor {coassessor.id}",
        detail={"role": coassessor.role.value, "days": days},
    )
    return Invitation(coassessor, token)


def revoke(coassessor: Coassessor, by: User | None = None) -> bool:
    """Stop a co-assessor's link from signing anyone in; False if it already was revoked."""
    if coassessor.revoked_at is not None:
        return False
    coassessor.revoked_at = utcnow()
    db.session.flush()
    audit.record(
        "coassessor_revoked",
        actor=by,
        project_id=coassessor.project_id,
        target=f"co-assessor {coassessor.id}",
    )
    return True


def new_link(
    coassessor: Coassessor, days: int = DEFAULT_DAYS, by: User | None = None
) -> Invitation:
    """A new link for the same person (lost or shared by mistake): the old one is revoked and a
    new row made with the same label and role. Their earlier answers stay with the old row and
    still count."""
    revoke(coassessor, by)
    return invite(coassessor.project, coassessor.label, coassessor.role, days, by)


def coassessor_by_token(project_id: int, token: str) -> Coassessor | None:
    """The project's co-assessor whose link this is, or None (for the printed page: a token
    posted back is recognised by its hash, never stored)."""
    return db.session.scalar(
        sa.select(Coassessor).where(
            Coassessor.project_id == project_id,
            Coassessor.token_hash == coassessor_token_hash(token),
        )
    )
