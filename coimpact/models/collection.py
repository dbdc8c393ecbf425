"""Evidence collection: forms, their versions, questions, options and share links."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.extensions import db
from coimpact.models.enums import FormStatus, QuestionType
from coimpact.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from coimpact.models.theory import Indicator, Project

question_indicators = sa.Table(
    "question_indicators",
    db.metadata,
    sa.Column("question_id", sa.ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "indicator_id",
        sa.ForeignKey("indicators.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


def new_share_token() -> str:
    """128 random bits, URL-safe: unguessable, and carries no internal id."""
    return secrets.token_urlsafe(16)


def new_person_key() -> str:
    """256 random bits for a personal link's person: never shown, so no need to be short."""
    return secrets.token_hex(32)


class Form(db.Model):
    __tablename__ = "forms"
    __table_args__ = (sa.CheckConstraint("version >= 0", name="version_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    title_easy: Mapped[str] = mapped_column(sa.String(200), default="")
    intro: Mapped[str] = mapped_column(sa.Text, default="")
    intro_easy: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[FormStatus] = mapped_column(
        enum_column(FormStatus, "form_status"), default=FormStatus.DRAFT
    )
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymous: Mapped[bool] = mapped_column(default=True)
    consent_text: Mapped[str] = mapped_column(sa.Text, default="")
    consent_text_easy: Mapped[str] = mapped_column(sa.Text, default="")
    # Goes up each time a published form changes; 0 while it has never been published.
    version: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="forms")
    questions: Mapped[list[Question]] = relationship(
        back_populates="form",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Question.position, Question.id)",
    )
    versions: Mapped[list[FormVersion]] = relationship(
        back_populates="form",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="FormVersion.number",
    )
    share_links: Mapped[list[ShareLink]] = relationship(
        back_populates="form", cascade="all, delete-orphan", passive_deletes=True
    )
    rounds: Mapped[list[FormRound]] = relationship(
        back_populates="form",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(FormRound.position, FormRound.id)",
    )

    @property
    def live_questions(self) -> list[Question]:
        return [q for q in self.questions if not q.retired]

    def __str__(self) -> str:
        return self.title


class FormVersion(db.Model):
    """What a published form looked like, so that old answers keep their meaning."""

    __tablename__ = "form_versions"
    __table_args__ = (sa.UniqueConstraint("form_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(sa.ForeignKey("forms.id", ondelete="CASCADE"))
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # The questions and options exactly as published (keys, types, both wordings, codes).
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)

    form: Mapped[Form] = relationship(back_populates="versions")

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        sa.UniqueConstraint("form_id", "key"),
        sa.CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(sa.ForeignKey("forms.id", ondelete="CASCADE"))
    # Stable across versions and variants: answers merge on it.
    key: Mapped[str] = mapped_column(sa.String(60))
    type: Mapped[QuestionType] = mapped_column(enum_column(QuestionType, "question_type"))
    text: Mapped[str] = mapped_column(sa.Text)
    text_easy: Mapped[str] = mapped_column(sa.Text, default="")
    help_text: Mapped[str] = mapped_column(sa.Text, default="")
    help_text_easy: Mapped[str] = mapped_column(sa.Text, default="")
    symbol: Mapped[str] = mapped_column(sa.String(60), default="")
    symbol_alt: Mapped[str] = mapped_column(sa.String(200), default="")
    required: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    min_value: Mapped[int | None]
    max_value: Mapped[int | None]
    # Removed from the form but kept so that earlier answers still read correctly.
    retired: Mapped[bool] = mapped_column(default=False)

    form: Mapped[Form] = relationship(back_populates="questions")
    options: Mapped[list[QuestionOption]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(QuestionOption.position, QuestionOption.id)",
    )
    indicators: Mapped[list[Indicator]] = relationship(
        secondary=question_indicators, back_populates="questions"
    )

    def __str__(self) -> str:
        return f"{self.key}: {self.text}"


class QuestionOption(db.Model):
    __tablename__ = "question_options"
    # An option's code never changes or comes back with another meaning.
    __table_args__ = (sa.UniqueConstraint("question_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str] = mapped_column(sa.String(300))
    label_easy: Mapped[str] = mapped_column(sa.String(300), default="")
    symbol: Mapped[str] = mapped_column(sa.String(60), default="")
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)

    question: Mapped[Question] = relationship(back_populates="options")

    def __str__(self) -> str:
        return f"{self.code} = {self.label}"


class ShareLink(db.Model):
    __tablename__ = "share_links"
    __table_args__ = (
        sa.CheckConstraint("max_responses IS NULL OR max_responses > 0", name="limit_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(sa.ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_share_token)
    label: Mapped[str] = mapped_column(sa.String(120))
    is_open: Mapped[bool] = mapped_column(default=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    max_responses: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # Which round of the form answers through this link are for (None: the form has no rounds).
    round_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("form_rounds.id", ondelete="SET NULL"), index=True
    )

    # Set on a personal link: a link of one round for one person, whose answers are recognised
    # across rounds by a keyed hash of this key (`domain.recognition.person_hash`). Secret like
    # a password: never on a page, in a URL or in a log line; the token alone is in the URL.
    # Links for the same person in later rounds carry the same key.
    person_key: Mapped[str | None] = mapped_column(sa.String(64))

    form: Mapped[Form] = relationship(back_populates="share_links")
    round: Mapped[FormRound | None] = relationship()

    @property
    def personal(self) -> bool:
        return self.person_key is not None

    def __str__(self) -> str:
        return self.label


class FormRound(db.Model):
    """One run of a form, e.g. "start" and "six months": before/after indicators compare the
    first round with a later one for the people who chose to be recognised again."""

    __tablename__ = "form_rounds"
    __table_args__ = (sa.UniqueConstraint("form_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(sa.ForeignKey("forms.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    # Earlier rounds first: the lowest is "before", any later one "after".
    position: Mapped[int] = mapped_column(default=0)

    form: Mapped[Form] = relationship(back_populates="rounds")

    def __str__(self) -> str:
        return f"{self.form}: {self.name}" if self.form else self.name
