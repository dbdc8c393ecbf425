"""Staff accounts, their signed-in sessions, and which projects they may see."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.extensions import db
from coimpact.models.enums import Role
from coimpact.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from coimpact.models.theory import Project


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.STAFF)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[StaffSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # The session this request is signed in with (set at sign-in and when it is loaded, see
    # services/sessions.py). Flask-Login keeps `get_id()` in the cookie, so the cookie names the
    # browser's own server-side session and not just the person.
    # (Plain attributes, not columns: no annotation, so the ORM leaves them alone.)
    session_key = ""
    session_started_at = None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def can_edit(self) -> bool:
        return self.role in (Role.ADMIN, Role.STAFF)

    def __str__(self) -> str:
        return self.email


def session_key_hash(key: str) -> str:
    """What the database keeps of a session key: enough to recognise it, useless to forge one."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_session_key() -> str:
    return secrets.token_urlsafe(32)


class StaffSession(db.Model):
    """One browser signed in as one person (see services/sessions.py). Deleting the row ends
    that session wherever its cookie is, copies included."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="sessions")


class Membership(db.Model):
    """A staff member or viewer belongs to a project; admins see every project without one."""

    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "project_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    project: Mapped[Project] = relationship(back_populates="memberships")

    def __str__(self) -> str:
        return f"{self.user} in {self.project}"
