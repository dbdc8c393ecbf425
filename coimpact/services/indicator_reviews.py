"""Indicator reviews: the staff's narrative and judgement on an indicator for a reporting period.

One review per indicator and period (a UNIQUE constraint); saving the same period again updates
it. The save is a single INSERT … ON CONFLICT DO UPDATE, so two staff saving the same period at
once both succeed and the later one wins, instead of one of them getting a database error.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from coimpact.domain.periods import financial_year_of
from coimpact.extensions import db
from coimpact.models import Indicator, IndicatorReview, ReviewStatus, User
from coimpact.models.types import utcnow
from coimpact.services import audit

PERIOD_LIMIT = 60  # the column's length
NARRATIVE_LIMIT = 10_000

REVIEW_LABELS = {
    ReviewStatus.ACHIEVED: "Achieved",
    ReviewStatus.PARTLY: "Partly achieved",
    ReviewStatus.NOT_YET: "Not yet achieved",
}


def default_period(today: date | None = None) -> str:
    """The period a new review is for when the project has no reporting periods yet: the UK
    financial year we are in ("2026-27")."""
    return financial_year_of(today or date.today()).name


def reviews_of(indicator: Indicator) -> list[IndicatorReview]:
    """An indicator's reviews, the most recently changed first."""
    return list(
        db.session.scalars(
            sa.select(IndicatorReview)
            .where(IndicatorReview.indicator_id == indicator.id)
            .order_by(IndicatorReview.updated_at.desc(), IndicatorReview.id.desc())
        )
    )


def save_review(
    indicator: Indicator,
    period: str,
    status: ReviewStatus | str,
    narrative: str,
    user: User | None,
) -> IndicatorReview:
    """Add or update the review of `indicator` for `period`, and audit it. Flushes; the request
    commits.

    The caller has checked that `user` may change the indicator's project. Raises ValueError
    for an empty or over-long period or narrative, before anything is written.
    """
    period = " ".join((period or "").split())  # "2025 - 26 " and "2025 - 26" are one period
    narrative = (narrative or "").strip()
    if not period or len(period) > PERIOD_LIMIT:
        raise ValueError(f"A period is 1 to {PERIOD_LIMIT} characters.")
    if len(narrative) > NARRATIVE_LIMIT:
        raise ValueError(f"A narrative is at most {NARRATIVE_LIMIT:,} characters.")
    status = ReviewStatus(status)
    values = {
        "status": status,
        "narrative": narrative,
        "updated_by_id": user.id if user is not None else None,
        "updated_at": utcnow(),
    }
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(IndicatorReview).values(indicator_id=indicator.id, period=period, **values)
    statement = statement.on_conflict_do_update(
        index_elements=["indicator_id", "period"], set_=values
    ).returning(IndicatorReview.id)
    review_id = db.session.execute(statement).scalar_one()
    audit.record(
        "indicator_review_saved",
        actor=user,
        project_id=indicator.outcome.project_id,
        target=indicator.ref,
        # The narrative stays out of the log: it may quote what people said.
        detail={"period": period, "status": status.value},
    )
    db.session.flush()
    review = db.session.get(IndicatorReview, review_id)
    db.session.refresh(review)  # the row as stored, not a copy left in the session from before
    return review
