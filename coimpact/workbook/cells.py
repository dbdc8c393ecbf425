"""Every value goes into the workbook through `cell_value`: nothing typed by a participant or a
member of staff can become a formula, an error value or a broken file.

The neutralising character is an apostrophe stored *inside* the text ("'=1+2"). openpyxl has no
way to store Excel's invisible quote prefix for a value, a leading space is easy to miss and is
trimmed by some readers, and an apostrophe is what OWASP recommends: it survives a save as CSV
(Excel then still reads the cell as text) and shows the reader that the text was changed.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ERROR_CODES

from coimpact.domain.readable import in_uk

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SAFE_PREFIX = "'"
MAX_CELL_CHARS = 32_767  # Excel's limit; openpyxl would cut silently
CUT_MARK = " … [cut]"
# What openpyxl refuses (it raises and the whole export would abort), plus what XML cannot hold
# at all: lone surrogates and the two non-characters.
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ERROR_VALUES = frozenset(ERROR_CODES)


def safe_text(text: str) -> str:
    """Text that Excel stores and shows as text: cleaned, never a formula, never too long."""
    if UNSTORABLE.search(text):
        text = UNSTORABLE.sub("", text)
    if text.startswith(FORMULA_STARTS) or text in _ERROR_VALUES:
        text = SAFE_PREFIX + text
    if len(text) > MAX_CELL_CHARS // 2 and _excel_length(text) > MAX_CELL_CHARS:
        text = _cut(text)
    return text


def _excel_length(text: str) -> int:
    # Excel counts UTF-16 units: an emoji takes two of the 32,767.
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str) -> str:
    keep = MAX_CELL_CHARS - len(CUT_MARK)
    text = text[:keep]
    excess = _excel_length(text) - keep
    while excess > 0:  # each character is one or two units: halve the excess until it fits
        text = text[: len(text) - max(1, excess // 2)]
        excess = _excel_length(text) - keep
    return text + CUT_MARK


def local_datetime(value: datetime) -> datetime:
    """Excel has no time zones: aware times become UK wall-clock times."""
    if value.tzinfo is not None:
        value = in_uk(value).replace(tzinfo=None)
    return value.replace(microsecond=0)  # shown to the minute; no stray fractions on copy


def cell_value(value: Any) -> Any:
    """The one gate for every value written: text made safe, numbers kept as numbers, dates
    made Excel-ready, yes/no in words, anything else written as safe text."""
    if value is None or isinstance(value, str) and value == "":
        return None
    if isinstance(value, str):
        return safe_text(value) or None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        number = float(value)
        if not math.isfinite(number):
            return None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return value
    return safe_text(str(value)) or None


def yes_no(value: bool | None, unknown: str = "") -> str:
    if value is None:
        return unknown
    return "Yes" if value else "No"


def header_footer_text(text: str) -> str:
    """Text for a printed page header: '&' starts a code there, so it is doubled."""
    return safe_text(text).replace("&", "&&")[:200]
