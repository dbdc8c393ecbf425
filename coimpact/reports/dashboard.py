"""What the project dashboard shows, gathered in a fixed handful of queries. Plain Python.

Results come from `indicator_results.project_results` (one grouped query); reviews, evidence
counts and quotes each take one more query for the whole project, never one per outcome or
indicator, so the page costs the same with 40 responses or 100,000. Which responses count and
which quotes may be shown are asked of `rules.py` (quotes through quotes.py): no rule is
repeated here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from coimpact.domain.periods import Period
from coimpact.domain.question_types import BUILT_IN_CHOICES
from coimpact.models import (
    EvidenceItem,
    EvidenceLink,
    Indicator,
    IndicatorReview,
    LinkStatus,
    MeasureKind,
    Outcome,
    Project,
    QuestionOption,
    QuestionType,
    ReviewStatus,
    Section,
    Variant,
    question_indicators,
)
from coimpact.reports.breakdowns import Breakdown, project_breakdowns
from coimpact.reports.counts import responses_by_variant
from coimpact.reports.indicator_results import IndicatorResult, project_results
from coimpact.reports.involvement import InvolvementTotals, involvement_totals
from coimpact.reports.periods import PeriodChoice, change_since, choose_period
from coimpact.reports.quotes import Quote, outcome_quotes
from coimpact.reports.rules import approved_quote, evidence_in

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Distribution:
    """Answers to an indicator's questions of one type, by option, in the options' order."""

    qtype: QuestionType
    rows: list[tuple[str, int]]


@dataclass
class IndicatorRow:
    indicator: Indicator
    result: IndicatorResult
    review: IndicatorReview | None
    target: float | None  # the target as a number a chart can mark, where it reads as one
    distributions: list[Distribution]
    previous: IndicatorResult | None = None  # the previous period's (None: no such period)
    # By share link, version and support, small numbers hidden (`breakdowns.py`).
    breakdowns: list[Breakdown] = field(default_factory=list)
    # (period name, result) for every named period, earliest first: the change over periods.
    history: list[tuple[str, IndicatorResult]] = field(default_factory=list)

    @property
    def change(self) -> str:
        """The change since the previous period, in words ("" without both figures)."""
        return change_since(self.indicator.measure, self.result, self.previous)


@dataclass
class OutcomeRow:
    outcome: Outcome
    indicators: list[IndicatorRow]
    evidence: int = 0  # items confirmed against the outcome (or one of its indicators)
    significant: int = 0
    unexpected: int = 0
    approved_quotes: int = 0
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Dashboard:
    project: Project
    sections: dict[Section, list[OutcomeRow]]
    responses: dict[Variant, int]
    evidence_items: int
    review_counts: dict[ReviewStatus | None, int]  # None: not reviewed
    period: str | None  # the period whose reviews are shown; None: each indicator's latest
    periods: list[str]
    # The project's named reporting periods: the one shown and the one before. With none
    # chosen (the project has none), the dashboard covers all time.
    choice: PeriodChoice = field(default_factory=lambda: PeriodChoice([], None, None))
    # The involvement log's totals for the same span (all time without periods).
    involvement: InvolvementTotals | None = None
    # (period name, the log's totals) for every named period, earliest first.
    involvement_history: list[tuple[str, InvolvementTotals]] = field(default_factory=list)

    @property
    def response_total(self) -> int:
        return sum(self.responses.values())


def build_dashboard(session: Session, project: Project, period: str | None = None) -> Dashboard:
    """Everything the dashboard shows about `project`. A project with reporting periods is
    shown for the one named `period` (by default the current one), with the previous period's
    results beside each indicator; reviews are that period's. Without periods: all time, and
    reviews of `period`, else each indicator's latest."""
    choice = choose_period(project.id, period)
    span: Period | None = choice.chosen
    if span is not None:
        period = span.name
    outcomes = list(
        session.scalars(
            sa.select(Outcome)
            .where(Outcome.project_id == project.id)
            .options(selectinload(Outcome.indicators))
            .order_by(Outcome.ref_number)
        )
    )
    # One results computation per period (not per indicator): the chosen one, the one before
    # and the others, for the change over periods.
    by_period = {p.name: project_results(session, project.id, period=p) for p in choice.periods}
    results = by_period[span.name] if span is not None else project_results(session, project.id)
    previous = by_period[choice.previous.name] if choice.previous is not None else None
    breakdowns = project_breakdowns(session, project.id, span)
    reviews, periods = _reviews(session, project.id, period)
    if choice.periods:
        periods = [p.name for p in reversed(choice.periods)]
    labels = _option_labels(session, list(results))
    evidence = _outcome_evidence(session, project.id, span)
    refs = {i.id: i.ref for outcome in outcomes for i in outcome.indicators}
    quotes = outcome_quotes(session, project.id, refs, span)

    sections: dict[Section, list[OutcomeRow]] = {section: [] for section in Section}
    review_counts: dict[ReviewStatus | None, int] = defaultdict(int)
    for outcome in outcomes:
        row = OutcomeRow(outcome=outcome, indicators=[])
        for indicator in outcome.indicators:
            result = results.get(indicator.id) or IndicatorResult()
            review = reviews.get(indicator.id)
            review_counts[ReviewStatus(review.status) if review else None] += 1
            row.indicators.append(
                IndicatorRow(
                    indicator=indicator,
                    result=result,
                    review=review,
                    target=target_number(indicator.measure, indicator.target, result.rating_scale),
                    distributions=_distributions(result, labels.get(indicator.id, {})),
                    previous=(
                        (previous.get(indicator.id) or IndicatorResult())
                        if previous is not None
                        else None
                    ),
                    breakdowns=breakdowns.get(indicator.id, []),
                    history=[
                        (name, found.get(indicator.id) or IndicatorResult())
                        for name, found in by_period.items()
                    ],
                )
            )
        counts = evidence.get(outcome.id)
        if counts:
            row.evidence, row.significant, row.unexpected, row.approved_quotes = counts
        row.quotes = quotes.get(outcome.id, [])
        sections[Section(outcome.section)].append(row)
    return Dashboard(
        project=project,
        sections=sections,
        responses=responses_by_variant(session, project.id, span),
        evidence_items=session.scalar(
            sa.select(sa.func.count(EvidenceItem.id)).where(
                EvidenceItem.project_id == project.id, evidence_in(span)
            )
        )
        or 0,
        review_counts=dict(review_counts),
        period=period,
        periods=periods,
        choice=choice,
        involvement=involvement_totals(
            session, project.id, span.start if span else None, span.end if span else None
        ),
        involvement_history=[
            (p.name, involvement_totals(session, project.id, p.start, p.end))
            for p in choice.periods
        ],
    )


def target_number(
    measure: MeasureKind | str, target: str, scale: int | None = None
) -> float | None:
    """The number in an indicator's free-text target, where a chart can mark it: a percentage
    ("80%") or a mean ("4 or more", within `scale`). Other measures get None: their targets
    read "A rise of at least 1 point" or "Both published by September 2025", which a marker on
    a bar would misstate."""
    measure = MeasureKind(measure)
    numbers = _NUMBER.findall(target or "")
    if not numbers or measure not in (MeasureKind.PERCENT_AGREE, MeasureKind.MEAN_RATING):
        return None
    number = float(numbers[0])
    top = 100 if measure == MeasureKind.PERCENT_AGREE else (scale or 5)
    return number if number <= top else None


def _reviews(
    session: Session, project_id: int, period: str | None
) -> tuple[dict[int, IndicatorReview], list[str]]:
    """The review shown per indicator (of `period`, else the most recently changed) and every
    period the project's reviews cover, by name with the latest year first."""
    rows = session.scalars(
        sa.select(IndicatorReview)
        .join(Indicator, Indicator.id == IndicatorReview.indicator_id)
        .join(Outcome, Outcome.id == Indicator.outcome_id)
        .where(Outcome.project_id == project_id)
        .order_by(IndicatorReview.updated_at.desc(), IndicatorReview.id.desc())
    ).all()
    shown: dict[int, IndicatorReview] = {}
    for review in rows:
        if period is None or review.period == period:
            shown.setdefault(review.indicator_id, review)
    periods = sorted({review.period for review in rows}, reverse=True)
    return shown, periods


def _option_labels(session: Session, indicator_ids: list[int]) -> dict[int, dict[str, str]]:
    """Labels of the staff-written options of each indicator's linked choice questions."""
    labels: dict[int, dict[str, str]] = defaultdict(dict)
    if not indicator_ids:
        return labels
    qi = question_indicators
    rows = session.execute(
        sa.select(qi.c.indicator_id, QuestionOption.code, QuestionOption.label)
        .join(QuestionOption, QuestionOption.question_id == qi.c.question_id)
        .where(qi.c.indicator_id.in_(indicator_ids))
        .order_by(QuestionOption.position, QuestionOption.id)
    )
    for indicator_id, code, label in rows:
        labels[indicator_id].setdefault(code, label)
    return labels


def _distributions(result: IndicatorResult, option_labels: dict[str, str]) -> list[Distribution]:
    """One distribution per question type answered, every option listed (an option nobody
    chose shows as 0), in the order the options are offered."""
    found = []
    for qtype in QuestionType:  # a fixed order, whatever order the rows came in
        counts = result.by_type.get(qtype)
        if not counts:
            continue
        built_in = BUILT_IN_CHOICES.get(qtype)
        order = (
            {c.code: c.label for c in built_in}
            if built_in
            else {code: option_labels[code] for code in option_labels}
        )
        rows = [(label, counts.get(code, 0)) for code, label in order.items()]
        rows += [(code, n) for code, n in counts.items() if code not in order]  # retired options
        found.append(Distribution(qtype, rows))
    return found


def _outcome_evidence(
    session: Session, project_id: int, period: Period | None
) -> dict[int, tuple[int, int, int, int]]:
    """Per outcome: confirmed evidence items, those flagged most significant and unexpected,
    and approved quotes and stories (each item once, however many of its links lead there)."""
    item = EvidenceItem.id

    def items_where(condition) -> sa.ColumnElement[int]:
        return sa.func.count(sa.distinct(sa.case((condition, item))))

    rows = session.execute(
        sa.select(
            EvidenceLink.outcome_id,
            sa.func.count(sa.distinct(item)),
            items_where(EvidenceItem.most_significant.is_(True)),
            items_where(EvidenceItem.unexpected.is_(True)),
            items_where(approved_quote()),
        )
        .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
        .where(
            EvidenceItem.project_id == project_id,
            EvidenceLink.status == LinkStatus.CONFIRMED,
            evidence_in(period),
        )
        .group_by(EvidenceLink.outcome_id)
    )
    return {outcome_id: tuple(counts) for outcome_id, *counts in rows}
