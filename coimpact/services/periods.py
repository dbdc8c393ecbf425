"""Reporting periods of a project: added, changed and removed here, checked for what the
database cannot check on SQLite (that no two periods of a project overlap)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from coimpact.domain.readable import reporting_period
from coimpact.extensions import db
from coimpact.models import Project, ReportingPeriod
from coimpact.services.projects import lock_project

NAME_LIMIT = 60


class PeriodError(ValueError):
    """A period that cannot be saved; the message says why in plain words."""


def check_period(
    project_id: int, name: str, start: date | None, end: date | None, own_id: int | None = None
) -> str:
    """The name, tidied, once the period is known to be usable; PeriodError otherwise."""
    name = " ".join((name or "").split())
    if not name:
        raise PeriodError("Give the period a name, for example 2026-27.")
    if len(name) > NAME_LIMIT:
        raise PeriodError(f"Keep the name under {NAME_LIMIT} characters.")
    if start is None or end is None:
        raise PeriodError("Give both the first and the last day of the period.")
    if end < start:
        raise PeriodError("The period cannot end before it starts.")
    # Two staff adding overlapping periods at once would each find no overlap.
    lock_project(project_id)
    others = db.session.scalars(
        sa.select(ReportingPeriod).where(
            ReportingPeriod.project_id == project_id,
            ReportingPeriod.id != (own_id or 0),
        )
    ).all()
    for other in others:
        if other.name.casefold() == name.casefold():
            raise PeriodError(f"This project already has a period called {other.name}.")
        if other.start_date <= end and start <= other.end_date:
            raise PeriodError(
                f"It overlaps {other.name} "
                f"({reporting_period(other.start_date, other.end_date)}): "
                "a project's periods cannot overlap."
            )
    return name


def add_period(project: Project, name: str, start: date, end: date) -> ReportingPeriod:
    """A new period of the project (flushed)."""
    name = check_period(project.id, name, start, end)
    period = ReportingPeriod(project_id=project.id, name=name, start_date=start, end_date=end)
    db.session.add(period)
    db.session.flush()
    return period
