"""After the run: was every acknowledged submission stored exactly once, with its answers?

Read straight from the database by idempotency key, with no help from the app:
- lost: an acknowledged key (its POST got the 303 to the thank-you page) with no response;
- duplicated: a key stored more than once, or one question answered twice in a response;
- wrong: an acknowledged response whose answers or choices differ from what was sent;
- unacknowledged: a response stored although its POST was never acknowledged, unless that
  request failed (then it may or may not have been stored); a declined one never may be.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from coimpact.config import normalise_database_url

from .generator import Results, Sent

RESPONSES = sa.text(
    "SELECT id, idempotency_key, variant, consent_given, quote_permission, participant_name, "
    "supported FROM responses"
)
ANSWERS = sa.text(
    "SELECT response_id, question_key, value_text, value_number, value_before, option_codes "
    "FROM answers"
)


@dataclass
class Check:
    stored: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.wrong or self.unacknowledged)


def _engine(database_url: str) -> sa.Engine:
    return sa.create_engine(normalise_database_url(database_url))


def keys_before(database_url: str) -> set[str]:
    """The keys already stored (the demo project's own responses)."""
    engine = _engine(database_url)
    try:
        with engine.connect() as conn:
            return {row.idempotency_key for row in conn.execute(RESPONSES)}
    finally:
        engine.dispose()


def verify(database_url: str, results: Results, before: set[str]) -> Check:
    engine = _engine(database_url)
    try:
        with engine.connect() as conn:
            responses = [r for r in conn.execute(RESPONSES) if r.idempotency_key not in before]
            answers = defaultdict(list)
            for row in conn.execute(ANSWERS):
                answers[row.response_id].append(row)
    finally:
        engine.dispose()
    check = Check(stored=len(responses))
    counts = Counter(r.idempotency_key for r in responses)
    check.duplicated = sorted(key for key, n in counts.items() if n > 1)
    by_key = {r.idempotency_key: r for r in responses}
    for key, sent in results.acknowledged.items():
        row = by_key.get(key)
        if row is None:
            check.lost.append(key)
            continue
        rows = answers[row.id]
        if len({a.question_key for a in rows}) != len(rows):
            check.duplicated.append(key)
        problem = _difference(sent, row, rows)
        if problem:
            check.wrong.append(f"{key}: {problem}")
    allowed = set(results.acknowledged) | (results.errored - results.declined)
    check.unacknowledged = sorted(key for key in counts if key not in allowed)
    return check


def _difference(sent: Sent, row, answers) -> str | None:
    """What differs between a stored response and what was sent, or None."""
    if str(row.variant).lower() != sent.variant or not row.consent_given:
        return f"variant {row.variant} / consent {row.consent_given}"
    for column, value in sent.about.items():
        if getattr(row, column) != value and not (column == "supported" and value is None):
            return f"{column} stored as {getattr(row, column)!r}, sent {value!r}"
    stored = {a.question_key: a for a in answers}
    if set(stored) != set(sent.expected):
        return f"questions stored {sorted(stored)}, sent {sorted(sent.expected)}"
    for question, columns in sent.expected.items():
        for column, value in columns.items():
            if getattr(stored[question], column) != value:
                return f"{question}.{column} stored as {getattr(stored[question], column)!r}"
    return None
