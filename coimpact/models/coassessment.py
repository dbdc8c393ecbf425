"""Co-assessment: people with lived experience judging, beside staff, whether each outcome was
reached (shared design `domain.md`). A co-assessor signs in by a personal link (only a hash of
its token is kept); each answers "Did we do this?" per outcome and period, or a facilitator
records a group's counts; a decision log keeps what the group decided and when."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.extensions import db
from coimpact.models.enums import CoassessorRole, Judgement
from coimpact.models.theory import Outcome, Project
from coimpact.models.types import UTCDateTime, enum_column, utcnow

PERIOD_LENGTH = 60  # as IndicatorReview.period: a reporting period's name


def new_coassessor_token() -> str:
    """256 random bits, URL-safe: at least as strong as a share link's token."""
    return secrets.token_urlsafe(32)


def coassessor_token_hash(token: str) -> str:
    """What the database keeps of a co-assessor's link: enough to recognise it, useless to
    make one, so a copy of the database signs nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()


class Coassessor(db.Model):
    """One person invited to co-assess one project, known to staff by a label they choose
    (a first name or "Member 3", as the person prefers) and counted by role."""

    __tablename__ = "coassessors"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(sa.String(80))
    role: Mapped[CoassessorRole] = mapped_column(
        enum_column(CoassessorRole, "coassessor_role"), default=CoassessorRole.LIVED_EXPERIENCE
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    project: Mapped[Project] = relationship()
    answers: Mapped[list[Coassessment]] = relationship(
        back_populates="coassessor", cascade="all, delete-orphan", passive_deletes=True
    )

    def usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at

    def __str__(self) -> str:
        return self.label


class Coassessment(db.Model):
    """One co-assessor's answer for one outcome in one period, and their words if they gave
    any. Changed in place until the period's assessment is closed."""

    __tablename__ = "coassessments"
    __table_args__ = (sa.UniqueConstraint("coassessor_id", "outcome_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[int] = mapped_column(
        sa.ForeignKey("outcomes.id", ondelete="CASCADE"), index=True
    )
    coassessor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("coassessors.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(sa.String(PERIOD_LENGTH))
    judgement: Mapped[Judgement] = mapped_column(enum_column(Judgement, "judgement"))
    why: Mapped[str] = mapped_column(sa.Text, default="")
    # Whether their words may go to the funder (the workbook, the PDF report). Staff read them
    # in the admin either way: the co-assessor is telling staff why ("If you say no, only our
    # staff read your words", as their page says).
    words_shared: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    outcome: Mapped[Outcome] = relationship()
    coassessor: Mapped[Coassessor] = relationship(back_populates="answers")


class GroupAssessment(db.Model):
    """A group's judgement of one outcome, recorded by a facilitator in a meeting: how many
    said each answer, and the group's words."""

    __tablename__ = "group_assessments"
    __table_args__ = (
        sa.CheckConstraint(
            "yes_count >= 0 AND a_bit_count >= 0 AND no_count >= 0 AND not_sure_count >= 0",
            name="counts_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[int] = mapped_column(
        sa.ForeignKey("outcomes.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(sa.String(PERIOD_LENGTH))
    held_on: Mapped[date]
    yes_count: Mapped[int] = mapped_column(default=0)
    a_bit_count: Mapped[int] = mapped_column(default=0)
    no_count: Mapped[int] = mapped_column(default=0)
    not_sure_count: Mapped[int] = mapped_column(default=0)
    words: Mapped[str] = mapped_column(sa.Text, default="")
    words_shared: Mapped[bool] = mapped_column(default=False)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outcome: Mapped[Outcome] = relationship()

    def count_of(self, judgement: Judgement) -> int:
        return int(getattr(self, f"{judgement.value}_count"))


class AssessmentDecision(db.Model):
    """The decision log: what the group decided about the assessment, and when."""

    __tablename__ = "assessment_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("outcomes.id", ondelete="SET NULL"), index=True
    )
    period: Mapped[str] = mapped_column(sa.String(PERIOD_LENGTH))
    decided_on: Mapped[date]
    decision: Mapped[str] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    outcome: Mapped[Outcome | None] = relationship()


class AssessmentClosure(db.Model):
    """A period's co-assessment closed: answers for it can no longer be changed."""

    __tablename__ = "assessment_closures"
    __table_args__ = (sa.UniqueConstraint("project_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    period: Mapped[str] = mapped_column(sa.String(PERIOD_LENGTH))
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
