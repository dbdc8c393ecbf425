"""A reporting period as dates in the UK: what a response's time falls in, and how a span the
user typed (`--from`/`--to`, a named period's dates) reads and is checked.

Dates are inclusive and in UK time: a period ending on 31 March takes a response at 23:59 on
31 March as the UK's clocks show it (BST or GMT), and not one at 00:00 on 1 April. The bounds
are turned into UTC instants once, here, for queries to compare stored (UTC) times with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from coimpact.domain.readable import UK, reporting_period

ALL_TIME = "All time"


class PeriodError(ValueError):
    """A span that cannot be used: a date that is not a date, or one that ends before it starts."""


@dataclass(frozen=True)
class Period:
    """A span of UK dates, either end open (None); `name` is a named period's ("2026-27")."""

    start: date | None = None
    end: date | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise PeriodError(
                f"The period cannot end ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})."
            )

    @property
    def is_all_time(self) -> bool:
        return self.start is None and self.end is None

    @property
    def dates(self) -> str:
        """ "1 Apr 2025 to 31 Mar 2026", or "All time"."""
        return reporting_period(self.start, self.end) or ALL_TIME

    @property
    def label(self) -> str:
        """ "2026-27 (1 Apr 2026 to 31 Mar 2027)", or the dates alone for an unnamed span."""
        if self.name and not self.is_all_time:
            return f"{self.name} ({self.dates})"
        return self.name or self.dates

    @property
    def starts_at(self) -> datetime | None:
        """The first instant of the period (UTC): midnight starting its first day in the UK."""
        return _uk_midnight(self.start) if self.start else None

    @property
    def ends_before(self) -> datetime | None:
        """The first instant after the period (UTC): midnight ending its last day in the UK."""
        return _uk_midnight(self.end + timedelta(days=1)) if self.end else None

    def holds(self, moment: datetime) -> bool:
        """Whether a (time-zone aware) instant falls in the period."""
        starts, ends = self.starts_at, self.ends_before
        return (starts is None or moment >= starts) and (ends is None or moment < ends)

    def holds_day(self, day: date) -> bool:
        """Whether a UK date falls in the period."""
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def _uk_midnight(day: date) -> datetime:
    # Midnight always exists in the UK (the clocks change at 01:00 and 02:00), so no fold.
    return datetime.combine(day, time(), tzinfo=UK).astimezone(UTC)


def parse_date(text: str, what: str) -> date:
    """An ISO date (2026-03-31) or a PeriodError saying which option was wrong."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(
            f"{what} must be a date written as YYYY-MM-DD, for example 2026-03-31 (got '{text}')."
        ) from None


def period_from_options(start: str | None, end: str | None) -> Period | None:
    """The span of `--from`/`--to` (either may be left out); None when both are."""
    if start is None and end is None:
        return None
    return Period(
        parse_date(start, "--from") if start is not None else None,
        parse_date(end, "--to") if end is not None else None,
    )


def years_name(start: date, end: date) -> str:
    """A period's name the way UK organisations name years: "2025-26" for April 2025 to March
    2026, "2025" for a period within one calendar year."""
    if start.year == end.year:
        return str(start.year)
    return f"{start.year}-{end.year % 100:02d}"


def financial_year_of(day: date) -> Period:
    """The UK financial year (April to March) that holds `day`, named "2026-27"."""
    first = day.year if day.month >= 4 else day.year - 1
    start, end = date(first, 4, 1), date(first + 1, 3, 31)
    return Period(start, end, years_name(start, end))
