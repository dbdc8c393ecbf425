"""What a co-assessor writes: their answer to "Did we do this?" for one outcome and period, and
that they opened their link. Flushed, never committed (services/__init__.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from coimpact.database import write_lock
from coimpact.extensions import db
from coimpact.models import Coassessment, Coassessor, Judgement, Outcome
from coimpact.models.types import utcnow
from coimpact.reports.assessment_periods import is_closed

# How often opening a page records "last seen": a write on every page view would make each
# read a write, for a date staff read to the day.
SEEN_EVERY = timedelta(minutes=5)
WHY_MAX = 2000


class AssessmentClosed(Exception):
    """The period's co-assessment is closed: answers can no longer change."""


def save_judgement(
    coassessor: Coassessor,
    outcome: Outcome,
    period: str,
    judgement: Judgement | str,
    why: str,
    words_shared: bool,
) -> Coassessment:
    """Keep the co-assessor's answer for the outcome and period: the one row, made or changed in
    place. Refuses (AssessmentClosed) once the period is closed, and an outcome of another
    project (ValueError). Flushes; the request commits."""
    if outcome.project_id != coassessor.project_id:
        raise ValueError("That outcome belongs to another project.")
    values = {
        "judgement": Judgement(judgement),
        "why": (why or "").strip()[:WHY_MAX],
        # Nothing to share without words: a bare answer is never "shared words".
        "words_shared": bool(words_shared and (why or "").strip()),
    }
    with write_lock():
        if is_closed(coassessor.project_id, period):
            raise AssessmentClosed(period)
        row = _answer_of(coassessor.id, outcome.id, period)
        if row is None:
            row = Coassessment(
                project_id=coassessor.project_id,
                outcome_id=outcome.id,
                coassessor_id=coassessor.id,
                period=period,
                **values,
            )
            try:
                # A second tab sending the same outcome at the same moment: the unique
                # constraint settles it, and the later answer changes the row the first made.
                with db.session.begin_nested():
                    db.session.add(row)
                    db.session.flush()
                return row
            except IntegrityError:
                row = _answer_of(coassessor.id, outcome.id, period)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.flush()
    return row


def _answer_of(coassessor_id: int, outcome_id: int, period: str) -> Coassessment | None:
    return db.session.scalar(
        sa.select(Coassessment).where(
            Coassessment.coassessor_id == coassessor_id,
            Coassessment.outcome_id == outcome_id,
            Coassessment.period == period,
        )
    )


def mark_seen(coassessor: Coassessor, moment: datetime | None = None) -> None:
    """Note that the co-assessor opened their link (at most every SEEN_EVERY). Flushes."""
    moment = moment or utcnow()
    last = coassessor.last_seen_at
    if last is None or moment - last >= SEEN_EVERY:
        coassessor.last_seen_at = moment
        db.session.flush()
