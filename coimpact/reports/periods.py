"""Which reporting period a page is for: a project's periods, the one chosen (by name), the
current one by default (the one holding today in the UK, else the latest that has started,
else the first), and the one before it, for the comparison."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from coimpact.domain.periods import Period
from coimpact.domain.readable import UK
from coimpact.extensions import db
from coimpact.models import MeasureKind, ReportingPeriod
from coimpact.reports.indicator_results import IndicatorResult


@dataclass(frozen=True)
class PeriodChoice:
    """The periods to choose from, the one chosen (None: the project has none, so all time)
    and the one before it (None: the chosen one is the first)."""

    periods: list[Period]
    chosen: Period | None
    previous: Period | None


def _periods_where(*conditions: sa.ColumnElement[bool]) -> dict[int, list[Period]]:
    """Each project's periods that meet `conditions`, earliest first."""
    found: dict[int, list[Period]] = {}
    rows = db.session.execute(
        sa.select(
            ReportingPeriod.project_id,
            ReportingPeriod.name,
            ReportingPeriod.start_date,
            ReportingPeriod.end_date,
        )
        .where(*conditions)
        .order_by(ReportingPeriod.start_date)
    )
    for project_id, name, start, end in rows:
        found.setdefault(project_id, []).append(Period(start, end, name))
    return found


def periods_of(project_id: int) -> list[Period]:
    """The project's periods, earliest first."""
    return _periods_where(ReportingPeriod.project_id == project_id).get(project_id, [])


def uk_today() -> date:
    return datetime.now(UK).date()


def current_of(periods: list[Period], today: date) -> Period | None:
    """The period holding today, else the latest that has started, else the first."""
    if not periods:
        return None
    holding = [p for p in periods if p.holds_day(today)]
    if holding:
        return holding[0]
    started = [p for p in periods if p.start is not None and p.start <= today]
    return started[-1] if started else periods[0]


def current_periods(project_ids: Collection[int], today: date | None = None) -> dict[int, Period]:
    """Each project's current period (projects without periods are left out), in one query."""
    today = today or uk_today()
    by_project = _periods_where(ReportingPeriod.project_id.in_(list(project_ids)))
    return {pid: current for pid, ps in by_project.items() if (current := current_of(ps, today))}


def choose_period(
    project_id: int, name: str | None = None, today: date | None = None
) -> PeriodChoice:
    """The period called `name` (case and spacing aside), else the current one."""
    periods = periods_of(project_id)
    wanted = " ".join((name or "").split()).casefold()
    chosen = next((p for p in periods if wanted and p.name.casefold() == wanted), None)
    if chosen is None:
        chosen = current_of(periods, today or uk_today())
    previous = None
    if chosen is not None:
        at = periods.index(chosen)
        previous = periods[at - 1] if at > 0 else None
    return PeriodChoice(periods, chosen, previous)


def periods_named(name: str) -> list[tuple[int, Period]]:
    """(project id, period) of every project's period called `name` (case and spacing aside)."""
    wanted = " ".join((name or "").split()).casefold()
    found = _periods_where(sa.func.lower(ReportingPeriod.name) == wanted)
    return [(project_id, period) for project_id, ps in found.items() for period in ps]


def period_named(project_id: int, name: str | None) -> Period | None:
    """The project's period called `name` (case and spacing aside), or None."""
    wanted = " ".join((name or "").split()).casefold()
    if not wanted:
        return None
    return next((p for p in periods_of(project_id) if p.name.casefold() == wanted), None)


def previous_of(project_id: int, span: Period) -> Period | None:
    """The project's named period before `span`: the latest that ends before it starts."""
    if span.start is None:
        return None
    before = [p for p in periods_of(project_id) if p.end is not None and p.end < span.start]
    return before[-1] if before else None


def named_as(project_id: int, span: Period) -> Period:
    """`span` with its name, when its dates are exactly those of a named period."""
    if span.name:
        return span
    same = [p for p in periods_of(project_id) if (p.start, p.end) == (span.start, span.end)]
    return same[0] if same else span


def change_since(
    measure: MeasureKind | str, now: IndicatorResult | None, before: IndicatorResult | None
) -> str:
    """An indicator's change from the previous period's result to this one's, in words
    ("up 12.5 percentage points", "down 0.3", "no change"); "" when either has no figure.
    Words, not a sign: a cell starting with "+" or "-" would be taken for a formula."""
    if now is None or before is None:
        return ""
    measure = MeasureKind(measure)
    current, previous = now.value(measure), before.value(measure)
    if current is None or previous is None:
        return ""
    change = round(current - previous, 1)
    if change == 0:
        return "no change"
    amount = f"{abs(change):,.1f}".removesuffix(".0")
    unit = " percentage points" if measure == MeasureKind.PERCENT_AGREE else ""
    return f"{'up' if change > 0 else 'down'} {amount}{unit}"
