"""What a facilitator and staff record about a period's co-assessment: a group's counts and
words, the decision log, and closing or reopening the period (flushed, never committed).

Nothing here changes once a period is closed: a group's counts are refused then, as the
co-assessors' own answers are (`reports.assessment_periods.is_closed`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    AssessmentClosure,
    AssessmentDecision,
    GroupAssessment,
    Judgement,
    Outcome,
    Project,
    User,
)
from coimpact.reports.assessment_periods import is_closed
from coimpact.services import audit

DECISION_LIMIT = 5_000
WORDS_LIMIT = 5_000
MOST_IN_A_GROUP = 10_000


class PeriodClosed(ValueError):
    """The period's co-assessment is closed: reopen it first."""


def _open(project_id: int, period: str) -> None:
    if is_closed(project_id, period):
        raise PeriodClosed(
            f"The co-assessment of {period} is closed. Reopen it to record anything more."
        )


def record_group(
    outcome: Outcome,
    period: str,
    counts: Mapping[Judgement, int],
    *,
    held_on: date,
    words: str = "",
    words_shared: bool = False,
    by: User | None = None,
) -> GroupAssessment:
    """Record how many in a group gave each answer for `outcome` (ValueError for a negative
    count, none at all, or a closed period)."""
    _open(outcome.project_id, period)
    numbers = {j: int(counts.get(j) or 0) for j in Judgement}
    if any(n < 0 or n > MOST_IN_A_GROUP for n in numbers.values()):
        raise ValueError(f"Each count is a number from 0 to {MOST_IN_A_GROUP:,}.")
    if not any(numbers.values()):
        raise ValueError("Record at least one person's answer.")
    words = words.strip()
    if len(words) > WORDS_LIMIT:
        raise ValueError(f"Keep the group's words under {WORDS_LIMIT:,} characters.")
    group = GroupAssessment(
        project_id=outcome.project_id,
        outcome_id=outcome.id,
        period=period,
        held_on=held_on,
        words=words,
        # Without words there is nothing to share.
        words_shared=bool(words) and words_shared,
        recorded_by_id=by.id if by is not None else None,
        **{f"{j.value}_count": n for j, n in numbers.items()},
    )
    db.session.add(group)
    db.session.flush()
    return group


def record_decision(
    project: Project,
    period: str,
    decided_on: date,
    decision: str,
    outcome: Outcome | None = None,
    by: User | None = None,
) -> AssessmentDecision:
    """Add what the group decided (and when) to the project's decision log."""
    decision = decision.strip()
    if not decision:
        raise ValueError("Write what was decided.")
    if len(decision) > DECISION_LIMIT:
        raise ValueError(f"Keep the decision under {DECISION_LIMIT:,} characters.")
    if outcome is not None and outcome.project_id != project.id:
        raise ValueError("Choose one of this project's outcomes.")
    row = AssessmentDecision(
        project_id=project.id,
        outcome_id=outcome.id if outcome is not None else None,
        period=period,
        decided_on=decided_on,
        decision=decision,
        recorded_by_id=by.id if by is not None else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def close_period(project: Project, period: str, by: User | None = None) -> bool:
    """Close the period's co-assessment (answers can no longer change); False if it was."""
    if is_closed(project.id, period):
        return False
    db.session.add(
        AssessmentClosure(
            project_id=project.id, period=period, closed_by_id=by.id if by is not None else None
        )
    )
    db.session.flush()
    audit.record("coassessment_closed", actor=by, project_id=project.id, target=period)
    return True


def reopen_period(project: Project, period: str, by: User | None = None) -> bool:
    """Let answers for the period change again; False if it was open."""
    deleted = db.session.execute(
        sa.delete(AssessmentClosure).where(
            AssessmentClosure.project_id == project.id, AssessmentClosure.period == period
        )
    ).rowcount
    if not deleted:
        return False
    audit.record("coassessment_reopened", actor=by, project_id=project.id, target=period)
    return True
