"""Indicator results, computed from the answers linked to each indicator.

An answer counts for an indicator when its question is linked to the indicator, its response
is not spam, and staff have not rejected its link to that indicator. Standard and easy-read
answers share question keys and codes, so they merge here without any mapping. Which question
types feed which kind of measure is defined once, in `domain/measures.py`, and counted here by its
sets. The work is one grouped query per project, so a dashboard over 100,000 responses reads a
few hundred rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coimpact.domain.measures import (
    AGREE_TYPES,
    NUMBER_TYPES,
    PAIR_TYPES,
    RATING_TYPES,
    unusable_answers,
)
from coimpact.domain.periods import Period
from coimpact.domain.question_types import AGREE_CODES
from coimpact.domain.readable import plural
from coimpact.models import (
    Answer,
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    Indicator,
    LinkStatus,
    MeasureKind,
    Outcome,
    QuestionType,
    Response,
    question_indicators,
)
from coimpact.models.collection import Form, FormRound, Question
from coimpact.reports.rules import evidence_in, is_approved_quote, not_spam, submitted_in

# The top of each built-in rating scale (domain/question_types.py): a mean reads "out of" this.
SCALE_MAX = {QuestionType.PICTURE_SCALE: 3, QuestionType.SCALE_5: 5, QuestionType.BEFORE_AFTER: 5}


@dataclass
class IndicatorResult:
    """What the linked answers say about one indicator."""

    n: int = 0  # answers counted
    agree: int = 0
    agree_base: int = 0  # answers to questions where agreeing means something
    rating_sum: float = 0.0
    rating_n: int = 0
    rating_scales: set[int] = field(default_factory=set)  # tops of the scales rated on
    before_sum: float = 0.0
    after_sum: float = 0.0
    pair_n: int = 0
    number_sum: float = 0.0
    number_n: int = 0  # answers to number questions
    quotes: int = 0  # approved quotes and stories confirmed against this indicator
    evidence: int = 0  # evidence items confirmed against this indicator
    counted_evidence: float = 0.0  # values of "count" evidence confirmed against it
    count_items: int = 0  # "count" evidence items confirmed against it
    # Answers by option code, all questions together, and by question type: codes of different
    # types can collide ("3" is "Good" on the faces but "Not sure" on the 5-point scale).
    by_code: dict[str, int] = field(default_factory=dict)
    by_type: dict[QuestionType, dict[str, int]] = field(default_factory=dict)
    types: set[QuestionType] = field(default_factory=set)  # of the questions answered
    # Before/after from the same people across a form's rounds (matched by the code they chose
    # to be recognised by): when there is at least one pair, before_sum, after_sum and pair_n
    # are those pairs' first-round and later-round ratings, not the retrospective question's.
    matched: bool = False
    # Some linked answers came through a round: pairs were possible, so a figure without any
    # says it fell back to the retrospective question.
    in_rounds: bool = False

    @property
    def agree_share(self) -> float | None:
        return self.agree / self.agree_base if self.agree_base else None

    @property
    def mean_rating(self) -> float | None:
        return self.rating_sum / self.rating_n if self.rating_n else None

    @property
    def rating_scale(self) -> int | None:
        """The top of the scale the mean is on; None when ratings on different scales mix."""
        return next(iter(self.rating_scales)) if len(self.rating_scales) == 1 else None

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

    @property
    def _has_numbers(self) -> bool:
        return bool(self.number_n or self.count_items)

    def measure_n(self, measure: MeasureKind | str) -> int:
        """How many answers (or items) the figure for `measure` rests on."""
        measure = MeasureKind(measure)
        if measure == MeasureKind.PERCENT_AGREE:
            return self.agree_base
        if measure == MeasureKind.MEAN_RATING:
            return self.rating_n
        if measure == MeasureKind.BEFORE_AFTER:
            return self.pair_n
        if measure == MeasureKind.QUOTES:
            return self.quotes
        if self._has_numbers:
            return self.number_n + self.count_items
        return self.n or self.evidence

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
            # Numbers given (number answers, "count" evidence) add up; without any, a count
            # indicator counts what there is: the answers, else the evidence items (a published
            # leaflet is one document, not a total of 0).
            if self._has_numbers:
                return self.total
            return float(self.n or self.evidence) if (self.n or self.evidence) else None
        return float(self.quotes)

    def no_figure_reason(self, measure: MeasureKind | str) -> str:
        """Why there is no figure though answers are linked: none is of a type the measure is
        worked out from ('' when there is a figure, or nothing linked). Said rather than
        shown as a figure of nothing."""
        measure = MeasureKind(measure)
        if measure == MeasureKind.QUOTES or not self.n or self.value(measure) is not None:
            return ""
        return unusable_answers(measure, self.n, self.types)

    def headline(self, measure: MeasureKind | str) -> str:
        """The result in words, as the dashboard and the workbook print it."""
        measure = MeasureKind(measure)
        if measure == MeasureKind.QUOTES:
            return plural(self.quotes, "approved quote")
        value = self.value(measure)
        if value is None and self.n:
            return f"No figure: {self.no_figure_reason(measure)}"
        if value is None:
            return "No evidence yet"
        # Worded from the unrounded figures: rounding twice (to 2 places, then to 1 for the
        # words) turned 3.6549 into "3.6" while the chart beside it said 3.7.
        if measure == MeasureKind.PERCENT_AGREE:
            return f"{value:g}% agree ({self.agree:,} of {self.agree_base:,})"
        if measure == MeasureKind.MEAN_RATING:
            scale = f" out of {self.rating_scale}" if self.rating_scale else ""
            return f"{self.mean_rating:.1f}{scale} on average (n={self.rating_n:,})"
        if measure == MeasureKind.BEFORE_AFTER:
            if self.matched:
                people = "person who answered" if self.pair_n == 1 else "people who answered"
                return (
                    f"{self.mean_before:.1f} in the first round, {self.mean_after:.1f} in a "
                    f"later round ({_signed(self.change)}, based on {self.pair_n:,} {people} "
                    "both rounds)"
                )
            words = (
                f"{self.mean_before:.1f} before, {self.mean_after:.1f} now "
                f"({_signed(self.change)}, n={self.pair_n:,})"
            )
            if self.in_rounds:
                words += f"; {FALLBACK}"
            return words
        if self._has_numbers:
            return f"{_amount(value)} in total"
        if self.n:
            return plural(self.n, "answer")
        return plural(self.evidence, "evidence item")


# Said wherever a before/after figure in rounds has no matched pairs to rest on.
FALLBACK = (
    "no one has answered both rounds with the same code yet, so this is from the question "
    "asking people how things were before"
)


def _amount(value: float) -> str:
    """A total as people write it: 1,250 or 12.5 (never 1.25e+03)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _signed(change: float) -> str:
    """A change with its sign, to one place; a change that rounds to nothing reads +0.0."""
    return f"{change:+.1f}" if round(change, 1) != 0 else "+0.0"


def _add(result: IndicatorResult, qtype: str, codes: str | None, row) -> None:
    count, number_sum, number_n, before_sum, before_n = row
    qtype = QuestionType(qtype)
    result.n += count
    result.types.add(qtype)
    for code in (codes or "").split(";"):
        if code:
            result.by_code[code] = result.by_code.get(code, 0) + count
            of_type = result.by_type.setdefault(qtype, {})
            of_type[code] = of_type.get(code, 0) + count
    if qtype in AGREE_TYPES:
        result.agree_base += count
        if codes in AGREE_CODES[qtype]:
            result.agree += count
    if qtype in RATING_TYPES:
        result.rating_sum += number_sum or 0
        result.rating_n += number_n
        result.rating_scales.add(SCALE_MAX[qtype])
    if qtype in PAIR_TYPES:
        # Only complete pairs: a change needs both ratings of the same person.
        result.before_sum += before_sum or 0
        result.after_sum += number_sum or 0
        result.pair_n += min(number_n, before_n)
    if qtype in NUMBER_TYPES:
        result.number_sum += number_sum or 0
        result.number_n += number_n


def project_results(
    session: Session,
    project_id: int,
    only: Collection[int] | None = None,
    period: Period | None = None,
) -> dict[int, IndicatorResult]:
    """Every indicator of the project with its result (indicators without answers included);
    with `only`, just those of the project's indicators (one indicator's page reads only the
    answers to its own questions); with `period`, from the responses submitted and the
    evidence of that period only."""
    results: dict[int, IndicatorResult] = defaultdict(IndicatorResult)
    query = sa.select(Indicator.id).join(Outcome).where(Outcome.project_id == project_id)
    if only is not None:
        query = query.where(Indicator.id.in_(list(only)))
    indicator_ids = session.scalars(query).all()
    if not indicator_ids:
        return {}

    rows = session.execute(
        _linked_answers(
            project_id,
            indicator_ids,
            period,
            [question_indicators.c.indicator_id, Question.type, Answer.option_codes],
            through_rounds=True,
        )
    )
    in_rounds = set()
    for indicator_id, qtype, codes, *numbers, through_rounds in rows:
        _add(results[indicator_id], qtype, codes, numbers)
        if through_rounds:
            in_rounds.add(indicator_id)
    if in_rounds:  # only forms run in rounds can have matched pairs: one more query then
        _match_rounds(session, project_id, in_rounds, period, results)

    # Evidence staff added themselves (not cut from an answer) adds to counts.
    standalone = sa.case((EvidenceItem.answer_id.is_(None), 1), else_=0).label("standalone")
    confirmed = session.execute(
        sa.select(
            EvidenceLink.indicator_id,
            EvidenceItem.kind,
            EvidenceItem.status,
            sa.func.count(EvidenceItem.id),
            sa.func.sum(EvidenceItem.value_number),
            standalone,
        )
        .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
        .where(
            EvidenceItem.project_id == project_id,
            EvidenceLink.status == LinkStatus.CONFIRMED,
            EvidenceLink.indicator_id.is_not(None),
            evidence_in(period),
        )
        .group_by(EvidenceLink.indicator_id, EvidenceItem.kind, EvidenceItem.status, standalone)
    )
    for indicator_id, kind, status, count, value_sum, is_standalone in confirmed:
        result = results[indicator_id]
        result.evidence += count
        if is_approved_quote(kind, status):
            result.quotes += count
        # A count cut from a number answer is that answer, already counted above.
        if kind == EvidenceKind.COUNT and is_standalone:
            result.counted_evidence += value_sum or 0
            result.count_items += count
    # Only this project's indicators: a question or link wrongly pointing at another project's
    # indicator must not carry that project's figures (or its ids) into this one.
    return {indicator_id: results[indicator_id] for indicator_id in indicator_ids}


def _rejected(project_id: int) -> sa.Subquery:
    """The (answer, indicator) pairs staff rejected, found once and anti-joined: a correlated
    NOT EXISTS per answer row cost a third of the query at 100,000 responses."""
    return (
        sa.select(EvidenceItem.answer_id, EvidenceLink.indicator_id)
        .join(EvidenceLink, EvidenceLink.evidence_item_id == EvidenceItem.id)
        .where(
            EvidenceItem.project_id == project_id,
            EvidenceItem.answer_id.is_not(None),
            EvidenceLink.indicator_id.is_not(None),
            EvidenceLink.status == LinkStatus.REJECTED,
        )
        .distinct()
        .subquery("rejected")
    )


def _linked_answers(
    project_id: int,
    indicator_ids: Collection[int],
    period: Period | None,
    keys: list,
    counted: bool = True,
    through_rounds: bool = False,
) -> sa.Select:
    """The answers that count for the indicators, grouped by `keys` (the indicator's id first):
    with `counted`, the counts and sums `_add` reads after the keys; without, the number of
    different responses (people) only. With `through_rounds`, a last column counts the answers
    given in a round (only a form run in rounds can have matched pairs)."""
    paired = sa.and_(Answer.value_before.is_not(None), Answer.value_number.is_not(None))
    rated = sa.case(
        (Question.type != QuestionType.BEFORE_AFTER, Answer.value_number),
        (paired, Answer.value_number),
    )
    measures = (
        [
            sa.func.count(Answer.id),
            sa.func.sum(rated),
            sa.func.count(rated),
            sa.func.sum(sa.case((paired, Answer.value_before))),
            sa.func.count(sa.case((paired, Answer.value_before))),
        ]
        if counted
        else [sa.func.count(sa.distinct(Response.id))]
    )
    if through_rounds:
        measures.append(sa.func.count(Response.round_id))
    return (
        _answers_that_count(sa.select(*keys, *measures), project_id, indicator_ids)
        .where(submitted_in(period))
        .group_by(*keys)
    )


def _answers_that_count(
    query: sa.Select, project_id: int, indicator_ids: Collection[int]
) -> sa.Select:
    """`query` over the answers linked to the indicators that count: not spam, and not a link
    staff rejected. The caller adds the period, and what else it needs, to the result."""
    qi = question_indicators
    rejected = _rejected(project_id)
    return (
        query.select_from(qi)
        .join(Question, Question.id == qi.c.question_id)
        .join(Answer, Answer.question_id == Question.id)
        .join(Response, Response.id == Answer.response_id)
        .outerjoin(
            rejected,
            sa.and_(
                rejected.c.answer_id == Answer.id, rejected.c.indicator_id == qi.c.indicator_id
            ),
        )
        # The project is reached through its indicators and its forms' questions (an answer to
        # a question belongs to a response to that question's form), not through
        # responses.project_id: filtering there makes SQLite walk every answer of the project,
        # linked or not, and takes twice as long.
        .where(
            qi.c.indicator_id.in_(list(indicator_ids)),
            Question.form_id.in_(sa.select(Form.id).where(Form.project_id == project_id)),
            not_spam(),
            rejected.c.answer_id.is_(None),
        )
    )


def grouped_results(
    session: Session,
    project_id: int,
    indicator_ids: Collection[int],
    by,
    period: Period | None = None,
) -> tuple[dict[tuple[int, object], IndicatorResult], dict[tuple[int, object], int]]:
    """Each indicator's result per group of responses (`by`: a column of the response), counted
    as `project_results` counts the whole, from the answers only; and how many people (different
    responses) each (indicator, group) rests on."""
    if not indicator_ids:
        return {}, {}
    qi = question_indicators
    results: dict[tuple[int, object], IndicatorResult] = defaultdict(IndicatorResult)
    rows = session.execute(
        _linked_answers(
            project_id,
            indicator_ids,
            period,
            [qi.c.indicator_id, by, Question.type, Answer.option_codes],
        )
    )
    for indicator_id, key, qtype, codes, *numbers in rows:
        _add(results[(indicator_id, key)], qtype, codes, numbers)
    people = {
        (indicator_id, key): count
        for indicator_id, key, count in session.execute(
            _linked_answers(
                project_id, indicator_ids, period, [qi.c.indicator_id, by], counted=False
            )
        )
    }
    return dict(results), people


def _match_rounds(
    session: Session,
    project_id: int,
    indicator_ids: Collection[int],
    period: Period | None,
    results: dict[int, IndicatorResult],
) -> None:
    """Matched pairs for before/after indicators: the same code's rating (a before-and-after
    question's "now", or a rating scale) in a form's first round answered and in its latest
    later round. A pair belongs to the period its later answer was sent in."""
    qi = question_indicators
    rows = session.execute(
        _answers_that_count(
            sa.select(
                qi.c.indicator_id,
                Question.form_id,
                Response.recognition_hash,
                FormRound.position,
                Response.submitted_at,
                Answer.value_number,
                sa.case((submitted_in(period), 1), else_=0),
            ),
            project_id,
            indicator_ids,
        )
        .join(Indicator, Indicator.id == qi.c.indicator_id)
        .join(FormRound, FormRound.id == Response.round_id)
        .where(
            Indicator.measure == MeasureKind.BEFORE_AFTER,
            Question.type.in_(list(PAIR_TYPES | RATING_TYPES)),
            Answer.value_number.is_not(None),
        )
        .order_by(Response.submitted_at, Response.id)
    )
    # (indicator, form, code hash) -> round position -> (rating, in the period); the latest
    # answer in a round stands for it.
    people: dict[tuple[int, int, str | None], dict[int, tuple[float, bool]]] = defaultdict(dict)
    for indicator_id, form_id, code, position, _sent, rating, in_period in rows:
        if in_period:
            results[indicator_id].in_rounds = True
        if code is not None:
            people[(indicator_id, form_id, code)][position] = (rating, bool(in_period))
    pairs: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for (indicator_id, _form, _code), by_round in people.items():
        if len(by_round) < 2:
            continue
        before, _ = by_round[min(by_round)]
        after, after_in_period = by_round[max(by_round)]
        if after_in_period:
            pairs[indicator_id].append((before, after))
    for indicator_id, found in pairs.items():
        result = results[indicator_id]
        result.matched = True
        result.pair_n = len(found)
        result.before_sum = sum(b for b, _ in found)
        result.after_sum = sum(a for _, a in found)
