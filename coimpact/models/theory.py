"""The Theory of Change: projects, their elements, outcomes, indicators and indicator reviews."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coimpact.extensions import db
from coimpact.models.enums import ElementKind, MeasureKind, ReviewStatus, Section
from coimpact.models.types import UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from coimpact.models.collection import Form, Question
    from coimpact.models.periods import ReportingPeriod
    from coimpact.models.users import Membership, User

outcome_contributions = sa.Table(
    "outcome_contributions",
    db.metadata,
    sa.Column(
        "from_outcome_id", sa.ForeignKey("outcomes.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "to_outcome_id",
        sa.ForeignKey("outcomes.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    sa.CheckConstraint("from_outcome_id <> to_outcome_id", name="not_self"),
)


class Project(db.Model):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    problem: Mapped[str] = mapped_column(sa.Text, default="")
    aim: Mapped[str] = mapped_column(sa.Text, default="")
    # The aim in easy read, with its symbol, for the co-assessors' Theory of Change.
    aim_easy: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    aim_symbol: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    # How people with lived experience took part in assessing the impact itself.
    lived_experience: Mapped[str] = mapped_column(sa.Text, default="")
    # The last evidence ref number handed out (EV1, EV2 …): taken with an UPDATE … RETURNING so
    # two staff adding evidence at once never get the same ref.
    evidence_counter: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True
    )
    elements: Mapped[list[TocElement]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(TocElement.kind, TocElement.position, TocElement.id)",
    )
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Outcome.section, Outcome.ref_number)",
    )
    forms: Mapped[list[Form]] = relationship(
        back_populates="project", cascade="all, delete-orphan", passive_deletes=True
    )
    periods: Mapped[list[ReportingPeriod]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReportingPeriod.start_date",
    )

    @property
    def members(self) -> list[User]:
        return [m.user for m in self.memberships]

    def __str__(self) -> str:
        return self.name


class TocElement(db.Model):
    """An input, activity, output, assumption or enabler: ordered text on the grid."""

    __tablename__ = "toc_elements"
    __table_args__ = (sa.Index("ix_toc_elements_project_kind", "project_id", "kind", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    kind: Mapped[ElementKind] = mapped_column(enum_column(ElementKind, "element_kind"))
    text: Mapped[str] = mapped_column(sa.Text)
    position: Mapped[int] = mapped_column(default=0)
    # For an output: which involvement log total it shows as its count (a key of
    # domain.involvement.LOG_TOTALS, "sessions"); None: a plain line of text.
    log_total: Mapped[str | None] = mapped_column(sa.String(30), default=None)

    project: Mapped[Project] = relationship(back_populates="elements")

    def __str__(self) -> str:
        return self.text


class Outcome(db.Model):
    __tablename__ = "outcomes"
    __table_args__ = (
        # The number behind a ref such as B2: stable for the life of the outcome.
        sa.UniqueConstraint("project_id", "section", "ref_number"),
        sa.CheckConstraint("ref_number > 0", name="ref_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    section: Mapped[Section] = mapped_column(enum_column(Section, "section"))
    ref_number: Mapped[int]
    statement: Mapped[str] = mapped_column(sa.Text)
    # Easy-read wording and symbol, written by people (never machine-made), for co-assessors.
    statement_easy: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    symbol: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    who_benefits: Mapped[str] = mapped_column(sa.String(300), default="")
    unexpected: Mapped[bool] = mapped_column(default=False)
    # The highest indicator number this outcome has ever handed out: A1.3 is never given to a
    # new indicator, even after the first A1.3 is deleted.
    indicator_counter: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[Project] = relationship(back_populates="outcomes")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="outcome",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Indicator.ref_number",
    )
    contributes_to: Mapped[list[Outcome]] = relationship(
        secondary=outcome_contributions,
        primaryjoin=lambda: Outcome.id == outcome_contributions.c.from_outcome_id,
        secondaryjoin=lambda: Outcome.id == outcome_contributions.c.to_outcome_id,
        backref="contributed_by",
    )

    @property
    def ref(self) -> str:
        return f"{Section(self.section).ref_prefix}{self.ref_number}"

    def __str__(self) -> str:
        return f"{self.ref} {self.statement}"


class OutcomeRefCounter(db.Model):
    """The highest outcome number a project's section has ever handed out: a deleted B3 never
    comes back as a new B3, so workbooks of different periods read side by side."""

    __tablename__ = "outcome_ref_counters"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    section: Mapped[Section] = mapped_column(enum_column(Section, "section"), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class Indicator(db.Model):
    __tablename__ = "indicators"
    __table_args__ = (
        sa.UniqueConstraint("outcome_id", "ref_number"),
        sa.CheckConstraint("ref_number > 0", name="ref_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(sa.ForeignKey("outcomes.id", ondelete="CASCADE"))
    ref_number: Mapped[int]
    statement: Mapped[str] = mapped_column(sa.Text)
    statement_easy: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    symbol: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    measure: Mapped[MeasureKind] = mapped_column(
        enum_column(MeasureKind, "measure"), default=MeasureKind.PERCENT_AGREE
    )
    baseline: Mapped[str] = mapped_column(sa.String(200), default="")
    target: Mapped[str] = mapped_column(sa.String(200), default="")
    method: Mapped[str] = mapped_column(sa.Text, default="")  # how and when evidence is collected
    owner: Mapped[str] = mapped_column(sa.String(120), default="")

    outcome: Mapped[Outcome] = relationship(back_populates="indicators")
    questions: Mapped[list[Question]] = relationship(
        secondary="question_indicators", back_populates="indicators"
    )
    reviews: Mapped[list[IndicatorReview]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def ref(self) -> str:
        """Indicator refs extend their outcome's: A1.2 is the second indicator of A1."""
        return f"{self.outcome.ref}.{self.ref_number}"

    def __str__(self) -> str:
        return f"{self.ref} {self.statement}"


class IndicatorReview(db.Model):
    """The staff's judgement on an indicator for one reporting period."""

    __tablename__ = "indicator_reviews"
    __table_args__ = (sa.UniqueConstraint("indicator_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(sa.ForeignKey("indicators.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(sa.String(60))  # e.g. "2026-27" or "Spring 2026"
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus, "review_status"), default=ReviewStatus.NOT_YET
    )
    narrative: Mapped[str] = mapped_column(sa.Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="reviews")


# Every stored ref raises its high-water mark, whichever code path inserted the row (a service, an
# admin form, several inline rows at once), so the next number is always above any ever used.
@sa.event.listens_for(Outcome, "after_insert")
def _outcome_inserted(mapper, connection, outcome: Outcome) -> None:
    counters = OutcomeRefCounter.__table__
    where = (counters.c.project_id == outcome.project_id) & (
        counters.c.section == Section(outcome.section)
    )
    raised = connection.execute(
        counters.update()
        .where(where)
        .values(
            last=sa.case(
                (counters.c.last < outcome.ref_number, outcome.ref_number), else_=counters.c.last
            )
        )
    )
    if raised.rowcount == 0:
        connection.execute(
            counters.insert().values(
                project_id=outcome.project_id,
                section=Section(outcome.section),
                last=outcome.ref_number,
            )
        )


@sa.event.listens_for(Indicator, "after_insert")
def _indicator_inserted(mapper, connection, indicator: Indicator) -> None:
    outcomes = Outcome.__table__
    connection.execute(
        outcomes.update()
        .where(outcomes.c.id == indicator.outcome_id)
        .values(
            indicator_counter=sa.case(
                (outcomes.c.indicator_counter < indicator.ref_number, indicator.ref_number),
                else_=outcomes.c.indicator_counter,
            )
        )
    )
