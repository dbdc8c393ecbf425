"""Evidence items and the links that put them against outcomes and indicators."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.extensions import db
from coimpact.models.enums import EvidenceKind, EvidenceStatus, LinkStatus
from coimpact.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from coimpact.models.responses import Answer, Response
    from coimpact.models.theory import Indicator, Outcome
    from coimpact.models.users import User


class EvidenceItem(db.Model):
    __tablename__ = "evidence_items"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "ref_number"),
        sa.Index("ix_evidence_items_project_status", "project_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    ref_number: Mapped[int]
    kind: Mapped[EvidenceKind] = mapped_column(enum_column(EvidenceKind, "evidence_kind"))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    text: Mapped[str] = mapped_column(sa.Text, default="")  # the (trimmed) excerpt or note
    value_number: Mapped[float | None]
    # Cut from an answer: erasing the response erases the evidence cut from it.
    answer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), index=True
    )
    response_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    occurred_on: Mapped[date | None]
    source: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[EvidenceStatus] = mapped_column(
        enum_column(EvidenceStatus, "evidence_status"), default=EvidenceStatus.DRAFT
    )
    most_significant: Mapped[bool] = mapped_column(default=False)
    unexpected: Mapped[bool] = mapped_column(default=False)
    # Uploaded documents and photos live outside the web root; only the stored name is kept.
    file_name: Mapped[str | None] = mapped_column(sa.String(255))
    file_key: Mapped[str | None] = mapped_column(sa.String(80), unique=True)
    file_mime: Mapped[str | None] = mapped_column(sa.String(100))
    file_size: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    answer: Mapped[Answer | None] = relationship()
    response: Mapped[Response | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    links: Mapped[list[EvidenceLink]] = relationship(
        back_populates="evidence_item", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def ref(self) -> str:
        return f"EV{self.ref_number}"

    def __str__(self) -> str:
        return self.ref


class EvidenceLink(db.Model):
    __tablename__ = "evidence_links"
    __table_args__ = (
        sa.UniqueConstraint("evidence_item_id", "outcome_id", "indicator_id"),
        sa.Index("ix_evidence_links_outcome_status", "outcome_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("evidence_items.id", ondelete="CASCADE")
    )
    outcome_id: Mapped[int] = mapped_column(sa.ForeignKey("outcomes.id", ondelete="CASCADE"))
    indicator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[LinkStatus] = mapped_column(
        enum_column(LinkStatus, "link_status"), default=LinkStatus.SUGGESTED
    )
    linked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    evidence_item: Mapped[EvidenceItem] = relationship(back_populates="links")
    outcome: Mapped[Outcome] = relationship()
    indicator: Mapped[Indicator | None] = relationship()
    linked_by: Mapped[User | None] = relationship()
