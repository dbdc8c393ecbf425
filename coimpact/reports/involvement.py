"""The involvement log's totals: sessions, people by role, lived-experience hours and money, for
a project and optionally a span of dates (a reporting period), in one grouped query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coimpact.domain.involvement import ROLE_LABELS, hours, pounds
from coimpact.domain.readable import plural
from coimpact.models import ROLE_COLUMNS, InvolvementSession


@dataclass
class InvolvementTotals:
    sessions: int = 0
    people: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ROLE_COLUMNS, 0))
    # Lived-experience time: each session's length × the people with lived experience there.
    lived_experience_minutes: int = 0
    payments_pence: int = 0
    expenses_pence: int = 0

    @property
    def headline(self) -> str:
        """ "240 hours of lived-experience time, £3,600 paid"."""
        return (
            f"{hours(self.lived_experience_minutes)} of lived-experience time, "
            f"{pounds(self.payments_pence)} paid"
        )

    @property
    def sessions_text(self) -> str:
        return plural(self.sessions, "session")

    @property
    def people_rows(self) -> list[tuple[str, int]]:
        """(label, number) per role: places people took up, added over the sessions."""
        return [(ROLE_LABELS[role], self.people[role]) for role in ROLE_COLUMNS]

    @property
    def payments(self) -> str:
        return pounds(self.payments_pence)

    @property
    def expenses(self) -> str:
        return pounds(self.expenses_pence)

    @property
    def lived_experience_hours(self) -> str:
        return hours(self.lived_experience_minutes)

    def figure(self, key: str | None) -> str:
        """One total as an output shows it ("12", "240 hours", "£3,600"); "" for no such key."""
        if key == "sessions":
            return f"{self.sessions:,}"
        if key in self.people:
            return f"{self.people[key]:,}"
        if key == "lived_experience_hours":
            return self.lived_experience_hours
        if key == "payments":
            return self.payments
        return ""


def in_span(start: date | None = None, end: date | None = None) -> list[sa.ColumnElement[bool]]:
    """Conditions for sessions held from `start` to `end`, both days included."""
    conditions = []
    if start is not None:
        conditions.append(InvolvementSession.held_on >= start)
    if end is not None:
        conditions.append(InvolvementSession.held_on <= end)
    return conditions


def involvement_totals(
    session: Session, project_id: int, start: date | None = None, end: date | None = None
) -> InvolvementTotals:
    """The log's totals for a project, for sessions held from `start` to `end` (inclusive)."""
    s = InvolvementSession
    row = session.execute(
        sa.select(
            sa.func.count(s.id),
            *(sa.func.coalesce(sa.func.sum(getattr(s, role)), 0) for role in ROLE_COLUMNS),
            sa.func.coalesce(sa.func.sum(s.length_minutes * s.lived_experience), 0),
            sa.func.coalesce(sa.func.sum(s.payments_pence), 0),
            sa.func.coalesce(sa.func.sum(s.expenses_pence), 0),
        ).where(s.project_id == project_id, *in_span(start, end))
    ).one()
    count, *people, minutes, payments, expenses = (int(v) for v in row)
    return InvolvementTotals(
        sessions=count,
        people=dict(zip(ROLE_COLUMNS, people, strict=True)),
        lived_experience_minutes=minutes,
        payments_pence=payments,
        expenses_pence=expenses,
    )
