"""Building a Theory of Change: outcomes and indicators get stable refs as they are added."""

from __future__ import annotations

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Indicator, MeasureKind, Outcome, OutcomeRefCounter, Project, Section


def next_outcome_number(project_id: int, section: Section | str) -> int:
    """The number for the next outcome of a section: refs are never reused, so B2 stays B2 and a
    deleted B3 never comes back (the section's high-water mark, models/theory.py)."""
    stored = db.session.scalar(
        sa.select(sa.func.max(Outcome.ref_number)).where(
            Outcome.project_id == project_id, Outcome.section == Section(section)
        )
    )
    used = db.session.scalar(
        sa.select(OutcomeRefCounter.last).where(
            OutcomeRefCounter.project_id == project_id,
            OutcomeRefCounter.section == Section(section),
        )
    )
    return max(stored or 0, used or 0) + 1


def next_indicator_number(outcome_id: int) -> int:
    """The number for the next indicator of an outcome: A1.2 is never handed out twice."""
    stored = db.session.scalar(
        sa.select(sa.func.max(Indicator.ref_number)).where(Indicator.outcome_id == outcome_id)
    )
    used = db.session.scalar(sa.select(Outcome.indicator_counter).where(Outcome.id == outcome_id))
    return max(stored or 0, used or 0) + 1


def add_outcome(
    project: Project,
    section: Section | str,
    statement: str,
    who_benefits: str = "",
    unexpected: bool = False,
) -> Outcome:
    """Add an outcome to a section with the next free ref (flushes to get its id)."""
    outcome = Outcome(
        project=project,
        section=Section(section),
        ref_number=next_outcome_number(project.id, section),
        statement=statement,
        who_benefits=who_benefits,
        unexpected=unexpected,
    )
    db.session.add(outcome)
    db.session.flush()
    return outcome


def add_indicator(
    outcome: Outcome,
    statement: str,
    measure: MeasureKind | str = MeasureKind.PERCENT_AGREE,
    baseline: str = "",
    target: str = "",
    method: str = "",
    owner: str = "",
) -> Indicator:
    """Add an indicator to an outcome with the next free ref (flushes to get its id)."""
    indicator = Indicator(
        outcome=outcome,
        ref_number=next_indicator_number(outcome.id),
        statement=statement,
        measure=MeasureKind(measure),
        baseline=baseline,
        target=target,
        method=method,
        owner=owner,
    )
    db.session.add(indicator)
    db.session.flush()
    return indicator
