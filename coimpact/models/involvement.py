"""The involvement log: the co-production itself, counted, one row per session."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.extensions import db
from coimpact.models.enums import InvolvementKind
from coimpact.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from coimpact.models.theory import Project, TocElement

# The people counted by role, in the order every page and the workbook show them.
ROLE_COLUMNS = ("lived_experience", "carers", "staff", "partners")


class InvolvementSession(db.Model):
    """A meeting, workshop or co-design day: who took part by role and number, for how long,
    what people with lived experience were paid, and the recognition given.

    Hours of lived-experience time are the session's length × the people with lived experience
    there, so "240 hours of lived-experience time" adds up from the log. Money is whole pence.
    Names are kept only with the people's agreement and shown nowhere without it.
    """

    __tablename__ = "involvement_sessions"
    __table_args__ = (
        sa.Index("ix_involvement_sessions_project_held", "project_id", "held_on"),
        sa.CheckConstraint(
            "lived_experience >= 0 AND carers >= 0 AND staff >= 0 AND partners >= 0",
            name="people_not_negative",
        ),
        sa.CheckConstraint("length_minutes >= 0", name="length_not_negative"),
        sa.CheckConstraint(
            "payments_pence >= 0 AND expenses_pence >= 0", name="money_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    held_on: Mapped[date]
    kind: Mapped[InvolvementKind] = mapped_column(
        enum_column(InvolvementKind, "involvement_kind"), default=InvolvementKind.MEETING
    )
    # The Theory of Change activity the session belongs to (an element of kind "activity").
    activity_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("toc_elements.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    lived_experience: Mapped[int] = mapped_column(default=0)  # people with lived experience
    carers: Mapped[int] = mapped_column(default=0)
    staff: Mapped[int] = mapped_column(default=0)
    partners: Mapped[int] = mapped_column(default=0)
    length_minutes: Mapped[int] = mapped_column(default=0)
    payments_pence: Mapped[int] = mapped_column(default=0)  # paid to people with lived experience
    expenses_pence: Mapped[int] = mapped_column(default=0)
    recognition: Mapped[str] = mapped_column(sa.Text, default="")  # vouchers, certificates …
    names: Mapped[str] = mapped_column(sa.Text, default="")
    names_agreed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship()
    activity: Mapped[TocElement | None] = relationship()

    @property
    def people(self) -> int:
        return sum(getattr(self, role) for role in ROLE_COLUMNS)

    @property
    def shown_names(self) -> str:
        """The names, only where the people agreed to them being kept and shown."""
        return self.names if self.names_agreed else ""

    def __str__(self) -> str:
        return f"{self.held_on:%d %b %Y}: {self.title}"
