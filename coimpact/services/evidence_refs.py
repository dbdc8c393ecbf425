"""Handing out evidence refs (EV1, EV2 …) per project without two writers ever sharing one."""

from __future__ import annotations

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Project


def take_evidence_numbers(project_id: int, count: int = 1) -> range:
    """Reserve `count` consecutive ref numbers for new evidence items of a project.

    One UPDATE … RETURNING: PostgreSQL locks the project row until the request commits, SQLite
    holds its write lock, so concurrent callers queue instead of colliding on the unique ref.
    """
    last = db.session.execute(
        sa.update(Project)
        .where(Project.id == project_id)
        .values(evidence_counter=Project.evidence_counter + count)
        .returning(Project.evidence_counter)
    ).scalar_one()
    return range(last - count + 1, last + 1)
