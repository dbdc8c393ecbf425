"""How the involvement log's money and time read and are typed in. Plain Python.

Money is kept in whole pence and time in minutes, so totals never drift; people read
"£3,600" or "£12.50" and "240 hours" or "2.5 hours", and type "12.50", "£1,200" or "2.5".
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

ROLE_LABELS = {
    "lived_experience": "People with lived experience",
    "carers": "Carers",
    "staff": "Staff",
    "partners": "Partners",
}

# The log totals an output of the Theory of Change can show as its count ("Sessions held: 12"),
# by key: what `TocElement.log_total` holds.
LOG_TOTALS = {
    "sessions": "Sessions held",
    "lived_experience": "Places taken by people with lived experience",
    "carers": "Places taken by carers",
    "staff": "Places taken by staff",
    "partners": "Places taken by partners",
    "lived_experience_hours": "Hours of lived-experience time",
    "payments": "Paid to people with lived experience",
}


def pounds(pence: int) -> str:
    """ "£3,600" for whole pounds, "£12.50" otherwise."""
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


def hours(minutes: int | float) -> str:
    """ "240 hours", "1 hour", "2.5 hours" (to the nearest quarter of an hour at most)."""
    value = Decimal(round(minutes)) / 60
    text = f"{value.quantize(Decimal('0.01')):,}".rstrip("0").rstrip(".")
    return f"{text} hour" if value == 1 else f"{text} hours"


def hours_number(minutes: int | float) -> float:
    """Hours as a number for a spreadsheet cell, to two decimal places."""
    return round(minutes / 60, 2)


def parse_pounds(text: str) -> int:
    """Pence from what a person typed: "12.50", "£1,200", "" (nothing is £0). ValueError, with a
    message to show, when it is not an amount."""
    cleaned = (text or "").strip().replace("£", "").replace(",", "").strip()
    if not cleaned:
        return 0
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("Enter an amount in pounds, like 25 or 12.50") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("Enter an amount in pounds, like 25 or 12.50")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("Enter pounds and pence only, like 12.50")
    if amount > 10_000_000:
        raise ValueError("Enter an amount under £10,000,000")
    return int(amount * 100)


def parse_hours(text: str) -> int:
    """Minutes from hours as typed: "2", "1.5", "" (nothing is 0). ValueError with a message."""
    cleaned = (text or "").strip()
    if not cleaned:
        return 0
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("Enter the length in hours, like 2 or 1.5") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError("Enter the length in hours, like 2 or 1.5")
    if amount > 24 * 14:
        raise ValueError("Enter a length of at most 336 hours (two weeks)")
    return int((amount * 60).to_integral_value())
