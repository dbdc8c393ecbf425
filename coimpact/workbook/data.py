"""What the workbook's summary sheets need, read in a handful of queries: the Theory of Change,
indicator results and reviews, and which evidence backs which outcome.

Responses are not read here: their sheets stream them (see `sheets_responses`). Spam caught by
the honeypot is left out of everything, and so is evidence cut from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from coimpact.extensions import db
from coimpact.models import (
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    EvidenceStatus,
    Form,
    Indicator,
    IndicatorReview,
    LinkStatus,
    MeasureKind,
    Outcome,
    Project,
    Question,
    Response,
    ReviewStatus,
    Section,
    User,
    Variant,
    outcome_contributions,
    question_indicators,
)
from coimpact.reports.counts import project_counts
from coimpact.reports.indicator_results import IndicatorResult, project_results
from coimpact.reports.quote_permission import Shown, shown_evidence, shown_words
from coimpact.workbook.layout import WorkbookLayout

SECTION_ORDER = (Section.ACHIEVEMENT, Section.BENEFIT, Section.IMPACT, Section.PROCESS)
STATUS_LABELS = {
    ReviewStatus.ACHIEVED: "Achieved",
    ReviewStatus.PARTLY: "Partly achieved",
    ReviewStatus.NOT_YET: "Not yet achieved",
}
NOT_REVIEWED = "Not reviewed yet"
VARIANT_LABELS = {Variant.STANDARD: "Standard", Variant.EASY: "Easy read"}
QUOTE_KINDS = (EvidenceKind.QUOTE, EvidenceKind.STORY)
KEY_QUOTES = 3  # per row of a section sheet: enough to give a voice, few enough to read


def not_spam():
    """Evidence that staff added themselves, or cut from a response that is not spam."""
    return sa.or_(
        EvidenceItem.response_id.is_(None),
        ~sa.exists().where(Response.id == EvidenceItem.response_id, Response.is_spam.is_(True)),
    )


def evidence_words(text: str, has_response: bool, permission, name: str | None) -> Shown:
    """An evidence item's words as the quote-permission rule (consent.py) allows."""
    if not has_response:
        return shown_evidence(text, None)
    return shown_words(text, permission, name)


def quote_line(shown: Shown, ref: str) -> str:
    attribution = f" — {shown.attribution}" if shown.attribution else ""
    return f"“{shown.text.strip()}”{attribution} ({ref})"


def result_n(result: IndicatorResult, measure: MeasureKind | str) -> int:
    """How many answers (or items) the figure rests on: the same n the dashboard shows."""
    return result.measure_n(measure)


@dataclass
class Backing:
    """The confirmed evidence for one indicator (or for an outcome as a whole)."""

    refs: set[int] = field(default_factory=set)
    quotes: list[tuple[bool, int, str]] = field(default_factory=list)  # (significant, ref, line)


@dataclass
class ProjectData:
    project: Project
    layout: WorkbookLayout
    generated_at: datetime
    generated_by: str
    outcomes: list[Outcome]
    results: dict[int, IndicatorResult]
    reviews: dict[int, IndicatorReview]
    by_indicator: dict[int, Backing]
    by_outcome: dict[int, Backing]
    questions_by_indicator: dict[int, list[str]]
    leads_to: dict[int, list[str]]
    counts: dict[str, int]
    people: dict[int, str]

    def outcomes_in(self, section: Section) -> list[Outcome]:
        return [o for o in self.outcomes if o.section == section]

    @property
    def indicators(self) -> list[Indicator]:
        return [i for o in self.outcomes for i in o.indicators]

    def backing(self, outcome: Outcome, indicator: Indicator | None) -> tuple[list[int], list[str]]:
        """Evidence ref numbers and key quotes for a row: the indicator's own evidence plus
        the evidence linked to its outcome as a whole."""
        parts = [self.by_outcome.get(outcome.id, Backing())]
        if indicator is not None:
            parts.append(self.by_indicator.get(indicator.id, Backing()))
        refs = sorted(set().union(*(p.refs for p in parts)))
        quotes: dict[int, tuple[bool, int, str]] = {}
        for part in parts:
            for quote in part.quotes:
                quotes[quote[1]] = quote
        ranked = sorted(quotes.values(), key=lambda q: (not q[0], q[1]))
        return refs, [line for _, _, line in ranked[:KEY_QUOTES]]

    def status(self, indicator: Indicator) -> str:
        review = self.reviews.get(indicator.id)
        return STATUS_LABELS[ReviewStatus(review.status)] if review else NOT_REVIEWED


def load_project_data(
    project: Project, layout: WorkbookLayout, generated_at: datetime, generated_by: str
) -> ProjectData:
    """Everything but the responses and the evidence list, for one project."""
    session = db.session
    outcomes = list(
        session.scalars(
            sa.select(Outcome)
            .where(Outcome.project_id == project.id)
            .options(selectinload(Outcome.indicators))
        )
    )
    order = {section: n for n, section in enumerate(SECTION_ORDER)}
    outcomes.sort(key=lambda o: (order[Section(o.section)], o.ref_number))
    refs = {o.id: o.ref for o in outcomes}
    leads_to: dict[int, list[str]] = defaultdict(list)
    for source, target in session.execute(
        sa.select(outcome_contributions.c.from_outcome_id, outcome_contributions.c.to_outcome_id)
        .join(Outcome, Outcome.id == outcome_contributions.c.from_outcome_id)
        .where(Outcome.project_id == project.id)
    ):
        if target in refs:
            leads_to[source].append(refs[target])
    for targets in leads_to.values():
        targets.sort(key=lambda ref: (order[_section_of(ref)], int(ref[1:])))

    by_indicator, by_outcome = _backing(project.id)
    counts = project_counts(session, project)
    shown_items = sa.select(EvidenceItem.id).where(
        EvidenceItem.project_id == project.id, not_spam()
    )
    counts["evidence_items"] = _count(shown_items)
    counts["evidence_approved"] = _count(
        shown_items.where(EvidenceItem.status == EvidenceStatus.APPROVED)
    )
    return ProjectData(
        project=project,
        layout=layout,
        generated_at=generated_at,
        generated_by=generated_by,
        outcomes=outcomes,
        results=project_results(session, project.id),
        reviews=_latest_reviews(project.id),
        by_indicator=by_indicator,
        by_outcome=by_outcome,
        questions_by_indicator=_linked_questions(project.id),
        leads_to=dict(leads_to),
        counts=counts,
        people=_people(project.id),
    )


def _section_of(ref: str) -> Section:
    return next(s for s in SECTION_ORDER if s.ref_prefix == ref[0])


def _count(query: sa.Select) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def _latest_reviews(project_id: int) -> dict[int, IndicatorReview]:
    reviews = db.session.scalars(
        sa.select(IndicatorReview)
        .join(Indicator)
        .join(Outcome)
        .where(Outcome.project_id == project_id)
        .order_by(IndicatorReview.updated_at, IndicatorReview.id)
    )
    return {review.indicator_id: review for review in reviews}  # the latest one wins


def _linked_questions(project_id: int) -> dict[int, list[str]]:
    rows = db.session.execute(
        sa.select(question_indicators.c.indicator_id, Form.title, Question.key)
        .join(Question, Question.id == question_indicators.c.question_id)
        .join(Form, Form.id == Question.form_id)
        .where(Form.project_id == project_id)
        .order_by(Form.id, Question.position, Question.id)
    )
    linked: dict[int, list[str]] = defaultdict(list)
    for indicator_id, form_title, key in rows:
        linked[indicator_id].append(f"{form_title}: {key}")
    return dict(linked)


def _people(project_id: int) -> dict[int, str]:
    """Staff as their colleagues know them (name, else e-mail), by id."""
    return {
        user_id: name or email
        for user_id, name, email in db.session.execute(sa.select(User.id, User.name, User.email))
    }


def _backing(project_id: int) -> tuple[dict[int, Backing], dict[int, Backing]]:
    """Confirmed links only: a suggestion is not evidence until staff confirm it. Quotes are
    approved quotes and stories whose words the person allowed to be shared."""
    is_quote = sa.and_(
        EvidenceItem.kind.in_(QUOTE_KINDS), EvidenceItem.status == EvidenceStatus.APPROVED
    )
    rows = db.session.execute(
        sa.select(
            EvidenceLink.outcome_id,
            EvidenceLink.indicator_id,
            EvidenceItem.ref_number,
            EvidenceItem.most_significant,
            is_quote,
            sa.case((is_quote, EvidenceItem.text), else_=None),
            EvidenceItem.response_id,
            Response.quote_permission,
            Response.participant_name,
        )
        .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
        .outerjoin(Response, Response.id == EvidenceItem.response_id)
        .where(
            EvidenceItem.project_id == project_id,
            EvidenceLink.status == LinkStatus.CONFIRMED,
            sa.or_(EvidenceItem.response_id.is_(None), Response.is_spam.is_(False)),
        )
    )
    by_indicator: dict[int, Backing] = defaultdict(Backing)
    by_outcome: dict[int, Backing] = defaultdict(Backing)
    for (
        outcome_id,
        indicator_id,
        ref,
        significant,
        quote,
        text,
        response_id,
        permission,
        name,
    ) in rows:
        backing = by_indicator[indicator_id] if indicator_id else by_outcome[outcome_id]
        backing.refs.add(ref)
        if quote and text:
            shown = evidence_words(text, response_id is not None, permission, name)
            if not shown.withheld:
                backing.quotes.append((bool(significant), ref, quote_line(shown, f"EV{ref}")))
    return dict(by_indicator), dict(by_outcome)
