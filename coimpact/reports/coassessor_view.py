"""What a co-assessor's pages read: whose link it is, the project's Theory of Change in easy
read (the standard wording where easy read is missing, never a blank), and for one outcome its
indicators' numbers in words and pictures and a few quotes people let us share.

Only what may leave the project reaches these pages: quotes through `quotes.outcome_quotes`
(approved, as staff cut and redacted them, allowed by the person's quote permission), numbers
through `indicator_results`, hidden for fewer than SMALL_NUMBER people (`breakdowns.is_small`).
Never a response's raw answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from coimpact.domain.coassessment import out_of
from coimpact.domain.periods import Period, financial_year_of
from coimpact.domain.readable import plural
from coimpact.extensions import db
from coimpact.models import Coassessment, Coassessor, MeasureKind, Outcome, Project
from coimpact.models.coassessment import coassessor_token_hash
from coimpact.reports.breakdowns import FEWER_THAN, is_small
from coimpact.reports.indicator_results import IndicatorResult, project_results
from coimpact.reports.periods import period_named, uk_today
from coimpact.reports.quotes import outcome_quotes
from coimpact.web.input_text import NUL

# Quotes on an easy-read page are short: a longer one is cut at a word, marked with "…".
QUOTE_CHARS = 200
PICTURE_OF = 10  # a picture shows at most this many people


@dataclass(frozen=True)
class Picture:
    """`filled` of `total` people drawn; `words` is the picture's text alternative."""

    filled: int
    total: int
    words: str


@dataclass(frozen=True)
class Numbers:
    lines: list[str]
    picture: Picture | None = None


@dataclass(frozen=True)
class EasyIndicator:
    ref: str
    wording: str
    symbol: str
    numbers: Numbers


@dataclass(frozen=True)
class EasyOutcome:
    id: int
    ref: str
    wording: str
    symbol: str


@dataclass(frozen=True)
class OutcomeDetail:
    indicators: list[EasyIndicator]
    quotes: list[list[str]]  # each quote as its lines


def find_coassessor(token: str) -> Coassessor | None:
    """The co-assessor whose link holds `token`, whether or not it may still be used."""
    if not token or NUL in token or len(token) > 100:
        return None
    return db.session.scalar(
        sa.select(Coassessor).where(Coassessor.token_hash == coassessor_token_hash(token))
    )


def easy_aim(project: Project) -> tuple[str, str]:
    """The aim in easy read and its symbol; the standard aim where easy read is missing."""
    return (project.aim_easy or "").strip() or (project.aim or "").strip(), project.aim_symbol


def easy_outcomes(project_id: int) -> list[EasyOutcome]:
    """The project's outcomes in ref order (A, B, I, E), each in easy read."""
    outcomes = db.session.scalars(
        sa.select(Outcome)
        .where(Outcome.project_id == project_id)
        .order_by(Outcome.section, Outcome.ref_number)
    )
    return [
        EasyOutcome(o.id, o.ref, (o.statement_easy or "").strip() or o.statement, o.symbol)
        for o in outcomes
    ]


def answers_of(coassessor: Coassessor, period: str) -> dict[int, Coassessment]:
    """The co-assessor's answers for the period, by outcome id."""
    rows = db.session.scalars(
        sa.select(Coassessment).where(
            Coassessment.coassessor_id == coassessor.id, Coassessment.period == period
        )
    )
    return {row.outcome_id: row for row in rows}


def assessed_span(project_id: int, period: str) -> Period | None:
    """The dates of the period being assessed: the project's period of that name, else the
    financial year it names (`assessment_period`'s fallback), else None (all time)."""
    named = period_named(project_id, period)
    if named is not None:
        return named
    year = financial_year_of(uk_today())
    return year if year.name == period else None


def outcome_detail(project_id: int, outcome_id: int, period: str) -> OutcomeDetail:
    """One outcome's indicators with their numbers for the period, and its shareable quotes."""
    outcome = db.session.get(Outcome, outcome_id)
    span = assessed_span(project_id, period)
    indicators = list(outcome.indicators)
    results = project_results(db.session, project_id, [i.id for i in indicators], span)
    shown = [
        EasyIndicator(
            i.ref,
            (i.statement_easy or "").strip() or i.statement,
            i.symbol,
            numbers_in_words(i.measure, results.get(i.id) or IndicatorResult()),
        )
        for i in indicators
    ]
    quotes = outcome_quotes(db.session, project_id, {}, span).get(outcome_id, [])
    return OutcomeDetail(shown, [short_lines(q.shown.text) for q in quotes])


def short_lines(text: str) -> list[str]:
    """A quote cut to QUOTE_CHARS at a word (marked "…"), as its non-empty lines."""
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rsplit(None, 1)[0].rstrip(",;:.-") + " …"
    return [line.strip() for line in text.splitlines() if line.strip()]


def _too_few(people: int) -> Numbers | None:
    if people == 0:
        return Numbers(["Nobody has answered this yet."])
    if is_small(people):
        return Numbers(
            [f"{FEWER_THAN.capitalize()} people answered. So we do not show the numbers."]
        )
    return None


def numbers_in_words(measure: MeasureKind | str, result: IndicatorResult) -> Numbers:
    """An indicator's result as short sentences, and a picture where it counts people."""
    measure = MeasureKind(measure)
    if measure == MeasureKind.PERCENT_AGREE:
        base = result.agree_base
        hidden = _too_few(base)
        if hidden:
            return hidden
        lines = [f"{out_of(result.agree, base)} said yes."]
        if base <= PICTURE_OF:
            return Numbers(lines, Picture(result.agree, base, out_of(result.agree, base)))
        about = round(PICTURE_OF * result.agree / base)
        lines.append(f"That is about {out_of(about, PICTURE_OF)}.")
        return Numbers(lines, Picture(about, PICTURE_OF, f"About {out_of(about, PICTURE_OF)}"))
    if measure == MeasureKind.MEAN_RATING:
        hidden = _too_few(result.rating_n)
        if hidden or result.mean_rating is None:
            return hidden or Numbers(["We do not have a score yet."])
        scale = f" out of {result.rating_scale}" if result.rating_scale else ""
        return Numbers(
            [
                f"{plural(result.rating_n, 'person', 'people')} gave a score.",
                f"On average they gave {result.mean_rating:.1f}{scale}.",
            ]
        )
    if measure == MeasureKind.BEFORE_AFTER:
        hidden = _too_few(result.pair_n)
        if hidden or result.mean_before is None:
            return hidden or Numbers(["We do not have a score yet."])
        return Numbers(
            [
                f"{plural(result.pair_n, 'person', 'people')} told us about before and now.",
                f"Before: {result.mean_before:.1f}. Now: {result.mean_after:.1f}.",
            ]
        )
    if measure == MeasureKind.QUOTES:
        if not result.quotes:
            return Numbers(["We have no words from people about this yet."])
        return Numbers([f"People told us {plural(result.quotes, 'thing', 'things')} about this."])
    # A count: numbers people gave are counted as people; staff's counted evidence is not.
    if result.number_n and not result.count_items:
        hidden = _too_few(result.number_n)
        if hidden:
            return hidden
    value = result.value(measure)
    if value is None:
        return Numbers(["We have not counted this yet."])
    total = f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"
    return Numbers([f"We counted {total}."])
