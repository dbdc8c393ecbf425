"""The co-assessors' view beside staff's, read for the admin: per outcome and period, the
answers (individual and group counts in one `Tally`), the words staff may read, staff's own
view from the outcome's indicator reviews, and whether the two disagree; the co-assessors of a
project, the decision log, and where easy-read wording or a symbol is still missing.

How answers add up and when they disagree is `domain.coassessment`; this module only reads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from coimpact.domain.coassessment import Tally, disagrees, staff_rating
from coimpact.domain.readable import uk_date
from coimpact.models import (
    AssessmentDecision,
    Coassessment,
    Coassessor,
    GroupAssessment,
    Indicator,
    IndicatorReview,
    Outcome,
    Project,
    ReviewStatus,
)


@dataclass
class Words:
    """Words about an outcome: a co-assessor's or a group's, or only that some were given."""

    text: str
    by: str  # "A co-assessor" or "A group on 3 June 2026"
    shared: bool  # may go to the funder


@dataclass
class OutcomeAssessment:
    """The co-assessors' answers about one outcome in one period, beside staff's view."""

    outcome: Outcome
    tally: Tally = field(default_factory=Tally)
    words: list[Words] = field(default_factory=list)
    staff: ReviewStatus | None = None  # most common review status of its indicators

    @property
    def disagrees(self) -> bool:
        return disagrees(self.staff, self.tally)

    @property
    def answered(self) -> bool:
        return self.tally.total > 0

    @property
    def not_shared(self) -> int:
        return sum(1 for w in self.words if not w.shared)


def _staff_views(session: Session, project_id: int, period: str) -> dict[int, ReviewStatus]:
    rows = session.execute(
        sa.select(Indicator.outcome_id, IndicatorReview.status)
        .join(IndicatorReview, IndicatorReview.indicator_id == Indicator.id)
        .join(Outcome, Outcome.id == Indicator.outcome_id)
        .where(Outcome.project_id == project_id, IndicatorReview.period == period)
    ).all()
    statuses: dict[int, list[ReviewStatus]] = defaultdict(list)
    for outcome_id, status in rows:
        statuses[outcome_id].append(status)
    views = {oid: staff_rating(found) for oid, found in statuses.items()}
    return {oid: view for oid, view in views.items() if view is not None}


def _outcomes(session: Session, project_id: int) -> list[Outcome]:
    """The project's outcomes in Theory of Change order, with their indicators."""
    return list(
        session.scalars(
            sa.select(Outcome)
            .where(Outcome.project_id == project_id)
            .options(selectinload(Outcome.indicators))
            .order_by(Outcome.section, Outcome.ref_number)
        )
    )


def assessments(session: Session, project_id: int, period: str) -> dict[int, OutcomeAssessment]:
    """Every outcome of the project (Theory of Change order) with its co-assessment in
    `period`, by outcome id, with all their words for staff (each marked whether it may go
    to the funder)."""
    found = {o.id: OutcomeAssessment(outcome=o) for o in _outcomes(session, project_id)}
    for outcome_id, status in _staff_views(session, project_id, period).items():
        found[outcome_id].staff = status
    answers = session.scalars(
        sa.select(Coassessment)
        .where(Coassessment.project_id == project_id, Coassessment.period == period)
        .order_by(Coassessment.updated_at, Coassessment.id)
    )
    for answer in answers:
        row = found[answer.outcome_id]
        row.tally.add(answer.judgement)
        if answer.why.strip():
            row.words.append(Words(answer.why, "A co-assessor", answer.words_shared))
    groups = session.scalars(
        sa.select(GroupAssessment)
        .where(GroupAssessment.project_id == project_id, GroupAssessment.period == period)
        .order_by(GroupAssessment.held_on, GroupAssessment.id)
    )
    for group in groups:
        row = found[group.outcome_id]
        for judgement in row.tally.counts:
            row.tally.add(judgement, group.count_of(judgement))
        if group.words.strip():
            by = f"A group on {uk_date(group.held_on)}"
            row.words.append(Words(group.words, by, group.words_shared))
    return found


def coassessors(session: Session, project_id: int) -> list[Coassessor]:
    """A project's co-assessors, newest first (revoked ones too: the list is their history)."""
    return list(
        session.scalars(
            sa.select(Coassessor)
            .where(Coassessor.project_id == project_id)
            .order_by(Coassessor.created_at.desc(), Coassessor.id.desc())
        )
    )


def decisions(session: Session, project_id: int, period: str) -> list[AssessmentDecision]:
    """The decision log of one period, latest first."""
    return list(
        session.scalars(
            sa.select(AssessmentDecision)
            .where(AssessmentDecision.project_id == project_id, AssessmentDecision.period == period)
            .options(selectinload(AssessmentDecision.outcome))
            .order_by(AssessmentDecision.decided_on.desc(), AssessmentDecision.id.desc())
        )
    )


@dataclass
class EasyReadGaps:
    """Where a project's Theory of Change has no easy-read wording or no symbol yet."""

    aim: list[str]  # "wording", "symbol"
    outcomes_without_words: list[Outcome]
    outcomes_without_symbol: list[Outcome]
    indicators_without_words: list[Indicator]
    indicators_without_symbol: list[Indicator]

    @property
    def any(self) -> bool:
        return bool(
            self.aim
            or self.outcomes_without_words
            or self.outcomes_without_symbol
            or self.indicators_without_words
            or self.indicators_without_symbol
        )


def easy_read_gaps(session: Session, project: Project) -> EasyReadGaps:
    """What co-assessors would read in standard wording (or without a picture) today."""
    outcomes = _outcomes(session, project.id)
    indicators = [i for o in outcomes for i in o.indicators]
    aim = {"wording": project.aim_easy, "symbol": project.aim_symbol}
    return EasyReadGaps(
        aim=[what for what, value in aim.items() if not (value or "").strip()],
        outcomes_without_words=[o for o in outcomes if not o.statement_easy.strip()],
        outcomes_without_symbol=[o for o in outcomes if not o.symbol],
        indicators_without_words=[i for i in indicators if not i.statement_easy.strip()],
        indicators_without_symbol=[i for i in indicators if not i.symbol],
    )
