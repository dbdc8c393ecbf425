"""Easy-read answers in progress, kept on the server so nothing is lost between pages."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.extensions import db
from coimpact.models.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from coimpact.models.collection import FormVersion, ShareLink


def new_draft_key() -> str:
    return secrets.token_urlsafe(24)


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)


class Draft(db.Model):
    """A participant's unfinished easy-read response. The browser holds only `key` (a cookie);
    the answers stay here until they are sent, then the draft is deleted."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_draft_key)
    share_link_id: Mapped[int] = mapped_column(
        sa.ForeignKey("share_links.id", ondelete="CASCADE"), index=True
    )
    form_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("form_versions.id", ondelete="CASCADE")
    )
    # Becomes the response's idempotency key, so sending twice stores one response.
    idempotency_key: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_idempotency_key
    )
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    step: Mapped[str] = mapped_column(sa.String(20), default="agree")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, index=True
    )

    share_link: Mapped[ShareLink] = relationship()
    form_version: Mapped[FormVersion] = relationship()
