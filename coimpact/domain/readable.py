"""How counts and times read wherever people see them: pages, flash messages, the command line
and the workbook. One definition each, so "1 evidence items" or a time in UTC beside one in UK
time cannot creep back in one place.

Counts: `plural(1, "evidence item")` is "1 evidence item", `plural(1200, "response")` is
"1,200 responses"; words that do not just add an "s" give their plural ("story", "stories").

Times are stored in UTC and shown in UK time (Europe/London: GMT in winter, BST in summer, so an
answer given at 7pm in June reads 19:00), always said the same way: "7 Dec 2026, 14:05" where a
heading already says "(UK time)", else "7 Dec 2026, 14:05 (UK time)".
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from flask import Flask

UK = ZoneInfo("Europe/London")
UK_TIME = "UK time"


def plural(count: int, singular: str, plural_form: str | None = None, number: bool = True) -> str:
    """`count` and the word that goes with it ("1 response", "2 responses"); `number=False`
    gives the word alone, for a figure shown apart from its label."""
    word = singular if count == 1 else (plural_form or f"{singular}s")
    return f"{count:,} {word}" if number else word


def in_uk(value: datetime) -> datetime:
    """A stored (UTC) time as the clocks in the UK showed it."""
    return value.astimezone(UK)


def uk_datetime(value: datetime | None, zone: bool = False) -> str:
    """ "7 Dec 2026, 14:05" in UK time ("" for no time); `zone` adds " (UK time)"."""
    if value is None:
        return ""
    local = in_uk(value)
    text = f"{local.day} {local:%b %Y, %H:%M}"
    return f"{text} ({UK_TIME})" if zone else text


def uk_date(value: date | datetime | None) -> str:
    """ "7 Dec 2026": a date as it is, a time by its day in the UK ("" for neither)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = in_uk(value).date()
    return f"{value.day} {value:%b %Y}"


def reporting_period(start: date | None, end: date | None) -> str:
    """ "1 Apr 2025 to 31 Mar 2026", "…" for an end not set; "" when neither is."""
    if start is None and end is None:
        return ""
    return f"{uk_date(start) or '…'} to {uk_date(end) or '…'}"


def init_app(app: Flask) -> None:
    """The same helpers as Jinja filters: `{{ n|plural('evidence item') }}`,
    `{{ item.created_at|uk_date }}`, `{{ job.finished_at|uk_datetime(zone=True) }}`."""
    app.add_template_filter(plural, "plural")
    app.add_template_filter(uk_datetime, "uk_datetime")
    app.add_template_filter(uk_date, "uk_date")
    app.add_template_global(reporting_period, "reporting_period")
