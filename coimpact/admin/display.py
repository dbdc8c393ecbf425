"""How the response vocabulary reads in the admin (times: coimpact/readable.py)."""

from __future__ import annotations

from ..models import QuotePermission, Variant

VARIANT_LABELS = {Variant.STANDARD: "Standard", Variant.EASY: "Easy read"}
QUOTE_LABELS = {
    QuotePermission.NO: "No",
    QuotePermission.ANONYMOUS: "Yes, without their name",
    QuotePermission.NAMED: "Yes, with their name",
}


def yes_no(value: bool | None, unknown: str = "Not answered") -> str:
    if value is None:
        return unknown
    return "Yes" if value else "No"


def person(user) -> str:
    """A staff member as their colleagues know them: name, else e-mail."""
    if user is None:
        return ""
    return user.name or user.email
