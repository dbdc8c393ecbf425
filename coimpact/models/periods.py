"""A project's named reporting periods ("2026-27"): the spans results, reviews, the dashboard
and the workbook are for. Dates are UK dates, both inclusive; periods of one project never
overlap (services/periods.py checks it, as SQLite cannot)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.domain.periods import Period
from coimpact.extensions import db

if TYPE_CHECKING:
    from coimpact.models.theory import Project


class ReportingPeriod(db.Model):
    __tablename__ = "reporting_periods"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "name"),
        sa.CheckConstraint("end_date >= start_date", name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(60))  # e.g. "2026-27", as reviews name it
    start_date: Mapped[date]
    end_date: Mapped[date]

    project: Mapped[Project] = relationship(back_populates="periods")

    @property
    def span(self) -> Period:
        """The period as dates to filter by."""
        return Period(self.start_date, self.end_date, self.name)

    def __str__(self) -> str:
        return self.span.label
