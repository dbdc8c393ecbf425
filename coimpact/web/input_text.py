"""Text from outside (forms, URLs, cookies) as the database can keep and compare it."""

from __future__ import annotations

from typing import Any

# PostgreSQL refuses NUL in text, even in a WHERE clause, and SQLite would keep it silently:
# nobody types one, so it is dropped from what people write and a key holding one matches nothing.
NUL = "\x00"


def without_nul(value: Any) -> Any:
    """`value` with every NUL removed when it is a string; anything else as it is."""
    return value.replace(NUL, "") if isinstance(value, str) else value
