"""Indicator results, computed from the answers linked to each indicator.

An answer counts for an indicator when its question is linked to the indicator, its response
is not spam, and staff have not rejected its link to that indicator. Standard and easy-read
answers share question keys and codes, so they merge here without any mapping. The work is one
grouped query per project, so a dashboard over 100,000 responses reads a few hundred rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import (
    Answer,
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    EvidenceStatus,
    Indicator,
    LinkStatus,
    MeasureKind,
    Outcome,
    QuestionType,
    Response,
    question_indicators,
)
from .models.collection import Question
from .questions import AGREE_CODES

RATING_TYPES = frozenset({QuestionType.PICTURE_SCALE, QuestionType.SCALE_5})


@dataclass
class IndicatorResult:
    """What the linked answers say about one indicator."""

    n: int = 0  # answers counted
    agree: int = 0
    agree_base: int = 0  # answers to questions where agreeing means something
    rating_sum: float = 0.0
    rating_n: int = 0
    before_sum: float = 0.0
    after_sum: float = 0.0
    pair_n: int = 0
    number_sum: float = 0.0
    quotes: int = 0  # approved quotes and stories confirmed against this indicator
    evidence: int = 0  # evidence items confirmed against this indicator
    counted_evidence: float = 0.0  # values of "count" evidence confirmed against it
    by_code: dict[str, int] = field(default_factory=dict)

    @property
    def agree_share(self) -> float | None:
        return self.agree / self.agree_base if self.agree_base else None

    @property
    def mean_rating(self) -> float | None:
        return self.rating_sum / self.rating_n if self.rating_n else None

    @property
    def mean_before(self) -> float | None:
        return self.before_sum / self.pair_n if self.pair_n else None

    @property
    def mean_after(self) -> float | None:
        return self.after_sum / self.pair_n if self.pair_n else None

    @property
    def change(self) -> float | None:
        if not self.pair_n:
            return None
        return (self.after_sum - self.before_sum) / self.pair_n

    @property
    def total(self) -> float:
        return self.number_sum + self.counted_evidence

    def value(self, measure: MeasureKind | str) -> float | None:
        """The single figure for a chart: a percentage, a mean, a change, a total or a count."""
        measure = MeasureKind(measure)
        if measure == MeasureKind.PERCENT_AGREE:
            share = self.agree_share
            return None if share is None else round(100 * share, 1)
        if measure == MeasureKind.MEAN_RATING:
            return None if self.mean_rating is None else round(self.mean_rating, 2)
        if measure == MeasureKind.BEFORE_AFTER:
            return None if self.change is None else round(self.change, 2)
        if measure == MeasureKind.COUNT:
            return self.total if (self.n or self.evidence) else None
        return float(self.quotes)

    def headline(self, measure: MeasureKind | str) -> str:
        """The result in words, as the dashboard and the workbook print it."""
        measure = MeasureKind(measure)
        if measure == MeasureKind.QUOTES:
            return f"{self.quotes} approved quote{'s' if self.quotes != 1 else ''}"
        value = self.value(measure)
        if value is None:
            return "No evidence yet"
        if measure == MeasureKind.PERCENT_AGREE:
            return f"{value:g}% agree ({self.agree} of {self.agree_base})"
        if measure == MeasureKind.MEAN_RATING:
            return f"{value:.1f} on average (n={self.rating_n})"
        if measure == MeasureKind.BEFORE_AFTER:
            return (
                f"{self.mean_before:.1f} before, {self.mean_after:.1f} now "
                f"({value:+.1f}, n={self.pair_n})"
            )
        return f"{value:g}"


def _add(result: IndicatorResult, qtype: str, codes: str | None, row) -> None:
    count, number_sum, number_n, before_sum, before_n = row
    qtype = QuestionType(qtype)
    result.n += count
    for code in (codes or "").split(";"):
        if code:
            result.by_code[code] = result.by_code.get(code, 0) + count
    if qtype in AGREE_CODES:
        result.agree_base += count
        if codes in AGREE_CODES[qtype]:
            result.agree += count
    if qtype in RATING_TYPES:
        result.rating_sum += number_sum or 0
        result.rating_n += number_n
    if qtype == QuestionType.BEFORE_AFTER:
        # Only complete pairs: a change needs both ratings of the same person.
        result.before_sum += before_sum or 0
        result.after_sum += number_sum or 0
        result.pair_n += min(number_n, before_n)
    if qtype == QuestionType.NUMBER:
        result.number_sum += number_sum or 0


def project_results(session: Session, project_id: int) -> dict[int, IndicatorResult]:
    """Every indicator of the project with its result (indicators without answers included)."""
    results: dict[int, IndicatorResult] = defaultdict(IndicatorResult)
    indicator_ids = session.scalars(
        sa.select(Indicator.id).join(Outcome).where(Outcome.project_id == project_id)
    ).all()
    for indicator_id in indicator_ids:
        results[indicator_id] = IndicatorResult()

    qi = question_indicators
    rejected = (
        sa.select(EvidenceLink.id)
        .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
        .where(
            EvidenceItem.answer_id == Answer.id,
            EvidenceLink.indicator_id == qi.c.indicator_id,
            EvidenceLink.status == LinkStatus.REJECTED,
        )
    )
    paired = sa.and_(Answer.value_before.is_not(None), Answer.value_number.is_not(None))
    rows = session.execute(
        sa.select(
            qi.c.indicator_id,
            Question.type,
            Answer.option_codes,
            sa.func.count(Answer.id),
            sa.func.sum(
                sa.case(
                    (Question.type != QuestionType.BEFORE_AFTER, Answer.value_number),
                    (paired, Answer.value_number),
                )
            ),
            sa.func.count(
                sa.case(
                    (Question.type != QuestionType.BEFORE_AFTER, Answer.value_number),
                    (paired, Answer.value_number),
                )
            ),
            sa.func.sum(sa.case((paired, Answer.value_before))),
            sa.func.count(sa.case((paired, Answer.value_before))),
        )
        .join(Question, Question.id == Answer.question_id)
        .join(qi, qi.c.question_id == Question.id)
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.project_id == project_id,
            Response.is_spam.is_(False),
            ~sa.exists(rejected),
        )
        .group_by(qi.c.indicator_id, Question.type, Answer.option_codes)
    )
    for indicator_id, qtype, codes, *numbers in rows:
        _add(results[indicator_id], qtype, codes, numbers)

    confirmed = session.execute(
        sa.select(
            EvidenceLink.indicator_id,
            EvidenceItem.kind,
            EvidenceItem.status,
            sa.func.count(EvidenceItem.id),
            sa.func.sum(EvidenceItem.value_number),
        )
        .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
        .where(
            EvidenceItem.project_id == project_id,
            EvidenceLink.status == LinkStatus.CONFIRMED,
            EvidenceLink.indicator_id.is_not(None),
        )
        .group_by(EvidenceLink.indicator_id, EvidenceItem.kind, EvidenceItem.status)
    )
    for indicator_id, kind, status, count, value_sum in confirmed:
        result = results[indicator_id]
        result.evidence += count
        if kind in (EvidenceKind.QUOTE, EvidenceKind.STORY) and status == EvidenceStatus.APPROVED:
            result.quotes += count
        if kind == EvidenceKind.COUNT:
            result.counted_evidence += value_sum or 0
    return dict(results)
