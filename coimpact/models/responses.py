"""What participants sent: responses and their answers."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.extensions import db
from coimpact.models.enums import QuotePermission, Variant
from coimpact.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from coimpact.models.collection import Form, FormRound, FormVersion, Question, ShareLink
    from coimpact.models.users import User

# Crockford-style alphabet: no 0/O or 1/I/L to misread when a ref is read out over the phone.
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_response_ref() -> str:
    return "R-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))


class Response(db.Model):
    __tablename__ = "responses"
    __table_args__ = (
        sa.Index("ix_responses_project_submitted", "project_id", "submitted_at"),
        sa.Index("ix_responses_form_submitted", "form_id", "submitted_at"),
        sa.CheckConstraint(
            "participant_name IS NULL OR quote_permission = 'named'", name="name_only_if_named"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The reference staff use to find, quote or erase a response; random, so it reveals nothing.
    ref: Mapped[str] = mapped_column(sa.String(16), unique=True, default=new_response_ref)
    # Sent with the form: a repeated POST of the same page cannot store a second response.
    idempotency_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    form_id: Mapped[int] = mapped_column(sa.ForeignKey("forms.id", ondelete="CASCADE"))
    form_version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("form_versions.id", ondelete="RESTRICT"), index=True
    )
    share_link_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("share_links.id", ondelete="SET NULL"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("form_rounds.id", ondelete="SET NULL"), index=True
    )
    # Only when the participant chose to be recognised again: a keyed hash (HMAC with the
    # app's secret, per project) of the short code they made up. Never the code, never a name.
    recognition_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    variant: Mapped[Variant] = mapped_column(enum_column(Variant, "variant"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    supported: Mapped[bool | None]  # "Did someone help you fill this in?" (None: not answered)
    # Set when staff typed the response in from paper or an interview.
    entered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    consent_given: Mapped[bool] = mapped_column(default=False)
    consent_version: Mapped[int] = mapped_column(default=1)
    quote_permission: Mapped[QuotePermission] = mapped_column(
        enum_column(QuotePermission, "quote_permission"), default=QuotePermission.NO
    )
    participant_name: Mapped[str | None] = mapped_column(sa.String(120))
    # Caught by the honeypot: kept aside for a human to look at, left out of every result.
    is_spam: Mapped[bool] = mapped_column(default=False)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    form: Mapped[Form] = relationship()
    form_version: Mapped[FormVersion] = relationship()
    share_link: Mapped[ShareLink | None] = relationship()
    round: Mapped[FormRound | None] = relationship()
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Answer.position",
    )

    def __str__(self) -> str:
        return self.ref


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (sa.UniqueConstraint("response_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="SET NULL"), index=True
    )
    question_key: Mapped[str] = mapped_column(sa.String(60))
    question_text: Mapped[str] = mapped_column(sa.Text)  # exactly as it was shown
    position: Mapped[int] = mapped_column(default=0)
    value_text: Mapped[str | None] = mapped_column(sa.Text)
    value_number: Mapped[float | None]  # a rating, a number, or the "after" of before-and-after
    value_before: Mapped[float | None]
    option_codes: Mapped[str | None] = mapped_column(sa.String(500))  # codes joined by ";"

    response: Mapped[Response] = relationship(back_populates="answers")
    question: Mapped[Question | None] = relationship()

    @property
    def codes(self) -> list[str]:
        return [c for c in (self.option_codes or "").split(";") if c]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_key}"
