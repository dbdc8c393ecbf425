"""How dates and the response vocabulary read in the admin."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ..models import QuotePermission, Variant

# Times are stored in UTC; the people reading them are in the UK, and an answer given at 7pm in
# June should read 19:00, not 18:00.
LOCAL_TZ = ZoneInfo("Europe/London")

VARIANT_LABELS = {Variant.STANDARD: "Standard", Variant.EASY: "Easy read"}
QUOTE_LABELS = {
    QuotePermission.NO: "No",
    QuotePermission.ANONYMOUS: "Yes, without their name",
    QuotePermission.NAMED: "Yes, with their name",
}


def local_time(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(LOCAL_TZ).strftime("%d %b %Y, %H:%M")


def yes_no(value: bool | None, unknown: str = "Not answered") -> str:
    if value is None:
        return unknown
    return "Yes" if value else "No"


def person(user) -> str:
    """A staff member as their colleagues know them: name, else e-mail."""
    if user is None:
        return ""
    return user.name or user.email
