""" "You said, we did": an easy-read page that goes back to the people who took part."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.extensions import db
from coimpact.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from coimpact.models.evidence import EvidenceItem
    from coimpact.models.theory import Project


def new_page_token() -> str:
    """128 random bits: the page is public but only to those given its link."""
    return secrets.token_urlsafe(16)


feedback_page_items = sa.Table(
    "feedback_page_items",
    db.metadata,
    sa.Column("page_id", sa.ForeignKey("feedback_pages.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "evidence_item_id",
        sa.ForeignKey("evidence_items.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False, default=0),
)


class FeedbackPage(db.Model):
    __tablename__ = "feedback_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_page_token)
    title: Mapped[str] = mapped_column(sa.String(200), default="You said, we did")
    period: Mapped[str] = mapped_column(sa.String(60), default="")
    # Each in easy-read words, written by people: short sentences, one idea each.
    wanted_text: Mapped[str] = mapped_column(sa.Text, default="")  # what we wanted to change
    changed_text: Mapped[str] = mapped_column(sa.Text, default="")  # what changed
    doing_text: Mapped[str] = mapped_column(sa.Text, default="")  # what we are doing about it
    published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    project: Mapped[Project] = relationship()
    # "What you told us": approved quotes, shown only as their permission allows.
    items: Mapped[list[EvidenceItem]] = relationship(
        secondary=feedback_page_items, order_by=feedback_page_items.c.position
    )

    def __str__(self) -> str:
        return self.title
