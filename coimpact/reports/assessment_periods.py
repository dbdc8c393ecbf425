"""Which period a project's co-assessment is for, and whether it is closed: the period in use
is the current reporting period (the one the dashboard opens on), else the UK financial year,
as indicator reviews name theirs, so co-assessors' answers sit beside staff's review."""

from __future__ import annotations

import sqlalchemy as sa

from coimpact.domain.periods import financial_year_of
from coimpact.extensions import db
from coimpact.models import AssessmentClosure
from coimpact.reports.periods import choose_period, uk_today


def assessment_period(project_id: int, name: str | None = None) -> str:
    """The name of the period being assessed: `name` when it is one of the project's periods,
    else the current one."""
    chosen = choose_period(project_id, name).chosen
    return chosen.name if chosen is not None else financial_year_of(uk_today()).name


def is_closed(project_id: int, period: str) -> bool:
    """Whether the period's co-assessment was closed (answers can no longer change)."""
    return (
        db.session.scalar(
            sa.select(AssessmentClosure.id).where(
                AssessmentClosure.project_id == project_id, AssessmentClosure.period == period
            )
        )
        is not None
    )
