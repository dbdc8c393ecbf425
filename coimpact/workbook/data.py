"""Every query the workbook makes. The sheets receive what is read here and only write it.

`load_project_data` reads what the summary sheets need in a handful of queries: the Theory of
Change, indicator results and reviews, which evidence backs which outcome, the counts, the
forms with their versions, and the words of the Easy read sheet. `involvement_data` and
`coassessment_data` read the involvement log and the period's co-assessment. The long lists
are streamed instead, read in batches through a server-side cursor while their sheet is
written, so memory stays flat at 100,000 responses: `evidence_rows` and `response_rows`.

Spam caught by the honeypot is left out of everything, and so is evidence cut from it; quotes
are approved quotes and stories whose words the person allowed to be shown (`reports.rules`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from coimpact.domain.coassessment import Tally
from coimpact.domain.periods import Period
from coimpact.extensions import db
from coimpact.models import (
    Answer,
    AssessmentDecision,
    Coassessment,
    Coassessor,
    CoassessorRole,
    ElementKind,
    EvidenceItem,
    EvidenceLink,
    EvidenceStatus,
    FeedbackPage,
    Form,
    GroupAssessment,
    Indicator,
    IndicatorReview,
    InvolvementSession,
    Judgement,
    LinkStatus,
    Outcome,
    Project,
    Question,
    Response,
    ReviewStatus,
    Section,
    ShareLink,
    TocElement,
    User,
    outcome_contributions,
    question_indicators,
)
from coimpact.reports.assessment_periods import assessment_period
from coimpact.reports.breakdowns import Breakdown, project_breakdowns
from coimpact.reports.counts import project_counts
from coimpact.reports.indicator_results import IndicatorResult, project_results
from coimpact.reports.involvement import InvolvementTotals, in_span, involvement_totals
from coimpact.reports.periods import change_since, named_as, periods_of, previous_of
from coimpact.reports.quote_permission import Consent, Shown
from coimpact.reports.rules import (
    approved_quote,
    evidence_in,
    evidence_not_spam,
    from_spam,
    is_approved_quote,
    not_spam,
    shown_quote,
    submitted_in,
)
from coimpact.workbook.layout import WorkbookLayout
from coimpact.workbook.texts import NOT_REVIEWED, STATUS_LABELS

SECTION_ORDER = (Section.ACHIEVEMENT, Section.BENEFIT, Section.IMPACT, Section.PROCESS)
KEY_QUOTES = 3  # per row of a section sheet: enough to give a voice, few enough to read
EASY_QUOTES = 3  # a few voices on the Easy read sheet: more is hard going in easy read
EVIDENCE_BATCH = 1_000  # evidence rows fetched per round trip
RESPONSE_BATCH = 2_000  # response rows (one per answer) fetched per round trip

# Per evidence item: (outcome ref, indicator ref or None, link status, linked by), in order.
Links = dict[int, list[tuple[str, str | None, str, str]]]


def quote_line(shown: Shown, ref: str) -> str:
    attribution = f" — {shown.attribution}" if shown.attribution else ""
    return f"“{shown.text.strip()}”{attribution} ({ref})"


@dataclass
class Backing:
    """The confirmed evidence for one indicator (or for an outcome as a whole)."""

    refs: set[int] = field(default_factory=set)
    quotes: list[tuple[bool, int, str]] = field(default_factory=list)  # (significant, ref, line)


@dataclass
class FormData:
    """A form with its versions and questions loaded, its responses (spam left out) and the
    labels of its share links by id."""

    form: Form
    responses: int
    link_labels: dict[int, str]


@dataclass
class EasyRead:
    """The Easy read sheet's words: the latest published "you said, we did" page (if any)
    and the quotes to show, as they may be shown."""

    page: FeedbackPage | None
    quotes: list[Shown]


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
    elements: dict[ElementKind, list[str]]
    forms: list[FormData]
    easy_read: EasyRead
    period: Period | None = None  # None: all time
    previous: Period | None = None  # the named period before it, for the comparison
    previous_results: dict[int, IndicatorResult] | None = None
    # Per indicator, by share link, version and support, small numbers hidden.
    breakdowns: dict[int, list[Breakdown]] = field(default_factory=dict)
    # (period name, results) of each named period up to the one shown (all of them for an
    # all-time workbook), earliest first: the change over periods the Indicators sheet charts.
    history: list[tuple[str, dict[int, IndicatorResult]]] = field(default_factory=list)

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
        return _ranked(parts)

    def outcome_backing(self, outcome: Outcome) -> tuple[list[int], list[str]]:
        """Evidence ref numbers and key quotes for an outcome as a whole: its own evidence and
        its indicators', under the same rules and ranking as a row's."""
        parts = [self.by_outcome.get(outcome.id, Backing())]
        parts += [self.by_indicator.get(i.id, Backing()) for i in outcome.indicators]
        return _ranked(parts)

    def compared(self, indicator: Indicator) -> tuple[str, str]:
        """The previous period's result and the change since, in words ("" for none)."""
        if self.previous_results is None:
            return "", ""
        before = self.previous_results.get(indicator.id) or IndicatorResult()
        now = self.results.get(indicator.id)
        return before.headline(indicator.measure), change_since(indicator.measure, now, before)

    def status(self, indicator: Indicator) -> str:
        review = self.reviews.get(indicator.id)
        return STATUS_LABELS[ReviewStatus(review.status)] if review else NOT_REVIEWED


def _ranked(parts: list[Backing]) -> tuple[list[int], list[str]]:
    """The refs of all the parts, and their key quotes: most significant first, then by ref,
    each once, at most KEY_QUOTES."""
    refs = sorted(set().union(*(p.refs for p in parts)))
    quotes: dict[int, tuple[bool, int, str]] = {}
    for part in parts:
        for quote in part.quotes:
            quotes[quote[1]] = quote
    ranked = sorted(quotes.values(), key=lambda q: (not q[0], q[1]))
    return refs, [line for _, _, line in ranked[:KEY_QUOTES]]


def find_project(project_id: int) -> Project:
    """The project to export; LookupError when there is none with that id."""
    project = db.session.get(Project, project_id)
    if project is None:
        raise LookupError(f"No project with id {project_id}.")
    return project


def load_project_data(
    project: Project,
    layout: WorkbookLayout,
    generated_at: datetime,
    generated_by: str,
    period: Period | None = None,
) -> ProjectData:
    """Everything but the responses and the evidence list, for one project; with `period`,
    results, counts and evidence are those of that period only, reviews those of its name,
    and each result has the previous named period's beside it."""
    if period is not None:
        period = named_as(project.id, period)
    previous = previous_of(project.id, period) if period is not None else None
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

    by_indicator, by_outcome = _backing(project.id, period)
    counts = project_counts(session, project, period)
    shown_items = sa.select(EvidenceItem.id).where(
        EvidenceItem.project_id == project.id, evidence_not_spam(), evidence_in(period)
    )
    counts["evidence_items"] = _count(shown_items)
    counts["evidence_approved"] = _count(
        shown_items.where(EvidenceItem.status == EvidenceStatus.APPROVED)
    )
    results = project_results(session, project.id, period=period)
    previous_results = project_results(session, project.id, period=previous) if previous else None
    known = {p.name: r for p, r in ((period, results), (previous, previous_results)) if p}
    history = [
        (
            p.name,
            known[p.name] if p.name in known else project_results(session, project.id, period=p),
        )
        for p in periods_of(project.id)
        if period is None or period.end is None or (p.end is not None and p.end <= period.end)
    ]
    return ProjectData(
        project=project,
        layout=layout,
        generated_at=generated_at,
        generated_by=generated_by,
        outcomes=outcomes,
        results=results,
        reviews=_latest_reviews(project.id, period.name if period is not None else ""),
        by_indicator=by_indicator,
        by_outcome=by_outcome,
        questions_by_indicator=_linked_questions(project.id),
        leads_to=dict(leads_to),
        counts=counts,
        people=_people(),
        elements=_elements(project.id),
        forms=_forms(project.id, period),
        easy_read=_easy_read(project.id),
        period=period,
        previous=previous,
        previous_results=previous_results,
        history=history,
        breakdowns=project_breakdowns(session, project.id, period),
    )


def _section_of(ref: str) -> Section:
    return next(s for s in SECTION_ORDER if s.ref_prefix == ref[0])


def _count(query: sa.Select) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def _latest_reviews(project_id: int, period_name: str = "") -> dict[int, IndicatorReview]:
    """Each indicator's latest review; of the named period only, when there is a name."""
    query = (
        sa.select(IndicatorReview)
        .join(Indicator)
        .join(Outcome)
        .where(Outcome.project_id == project_id)
    )
    if period_name:
        query = query.where(IndicatorReview.period == period_name)
    reviews = db.session.scalars(query.order_by(IndicatorReview.updated_at, IndicatorReview.id))
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


def _people() -> dict[int, str]:
    """Staff as their colleagues know them (name, else e-mail), by id."""
    return {
        user_id: name or email
        for user_id, name, email in db.session.execute(sa.select(User.id, User.name, User.email))
    }


def _elements(project_id: int) -> dict[ElementKind, list[str]]:
    """The words of the project's Theory of Change elements, by kind, in their order."""
    elements: dict[ElementKind, list[str]] = {kind: [] for kind in ElementKind}
    for kind, text in db.session.execute(
        sa.select(TocElement.kind, TocElement.text)
        .where(TocElement.project_id == project_id)
        .order_by(TocElement.position, TocElement.id)
    ):
        elements[ElementKind(kind)].append(text)
    return elements


def _backing(
    project_id: int, period: Period | None
) -> tuple[dict[int, Backing], dict[int, Backing]]:
    """Confirmed links only: a suggestion is not evidence until staff confirm it. Quotes are
    approved quotes and stories whose words the person allowed to be shared."""
    is_quote = approved_quote()
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
            evidence_not_spam(),
            evidence_in(period),
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
        if quote:
            consent = Consent(permission, name) if response_id is not None else None
            shown = shown_quote(text, consent)
            if shown is not None:
                backing.quotes.append((bool(significant), ref, quote_line(shown, f"EV{ref}")))
    return dict(by_indicator), dict(by_outcome)


def _forms(project_id: int, period: Period | None) -> list[FormData]:
    """Every form of the project in the order they were made, with what its Questions rows
    and Responses sheet need loaded (versions, questions, their options and indicators)."""
    forms = db.session.scalars(
        sa.select(Form)
        .where(Form.project_id == project_id)
        .order_by(Form.id)
        .options(
            selectinload(Form.versions),
            selectinload(Form.questions).selectinload(Question.indicators),
            selectinload(Form.questions).selectinload(Question.options),
        )
    ).all()
    counts = dict(
        db.session.execute(
            sa.select(Response.form_id, sa.func.count(Response.id))
            .where(Response.project_id == project_id, not_spam(), submitted_in(period))
            .group_by(Response.form_id)
        ).all()
    )
    labels: dict[int, dict[int, str]] = {}
    for form_id, link_id, label in db.session.execute(
        sa.select(ShareLink.form_id, ShareLink.id, ShareLink.label)
        .join(Form)
        .where(Form.project_id == project_id)
    ):
        labels.setdefault(form_id, {})[link_id] = label
    return [FormData(form, counts.get(form.id, 0), labels.get(form.id, {})) for form in forms]


def _easy_read(project_id: int) -> EasyRead:
    """The latest published page, and its quotes that may be shown (spam left out); where it
    has none, or there is no page, the project's first few approved quotes instead, most
    significant first."""
    page = db.session.scalar(
        sa.select(FeedbackPage)
        .where(FeedbackPage.project_id == project_id, FeedbackPage.published.is_(True))
        .order_by(FeedbackPage.published_at.desc().nulls_last(), FeedbackPage.id.desc())
        .limit(1)
        .options(selectinload(FeedbackPage.items).selectinload(EvidenceItem.response))
    )
    quotes = [q for q in map(_page_quote, page.items) if q] if page is not None else []
    if not quotes:
        items = db.session.scalars(
            sa.select(EvidenceItem)
            .where(EvidenceItem.project_id == project_id, approved_quote(), evidence_not_spam())
            .order_by(EvidenceItem.most_significant.desc(), EvidenceItem.ref_number)
            .limit(50)
            .options(selectinload(EvidenceItem.response))
        )
        quotes = [q for q in map(_page_quote, items) if q][:EASY_QUOTES]
    return EasyRead(page, quotes)


def _page_quote(item: EvidenceItem) -> Shown | None:
    if not is_approved_quote(item.kind, item.status) or from_spam(item.response):
        return None
    return shown_quote(item.text, item.response)


def evidence_links(data: ProjectData) -> Links:
    """(outcome ref, indicator ref, status, linked by) for each item, in the order linked.
    Rejected links are left out: staff decided the item does not show that outcome."""
    outcome_refs = {o.id: o.ref for o in data.outcomes}
    indicator_refs = {i.id: i.ref for i in data.indicators}
    rows = db.session.execute(
        sa.select(
            EvidenceLink.evidence_item_id,
            EvidenceLink.outcome_id,
            EvidenceLink.indicator_id,
            EvidenceLink.status,
            EvidenceLink.linked_by_id,
        )
        .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
        .join(Outcome, Outcome.id == EvidenceLink.outcome_id)
        .outerjoin(Indicator, Indicator.id == EvidenceLink.indicator_id)
        .where(
            EvidenceItem.project_id == data.project.id,
            EvidenceLink.status != LinkStatus.REJECTED,
        )
        .order_by(EvidenceLink.evidence_item_id, Outcome.section, Outcome.ref_number, Indicator.id)
    )
    links: Links = defaultdict(list)
    for item_id, outcome_id, indicator_id, status, linked_by in rows:
        links[item_id].append(
            (
                outcome_refs.get(outcome_id, ""),
                indicator_refs.get(indicator_id) if indicator_id else None,
                LinkStatus(status).value,
                data.people.get(linked_by, "") if linked_by else "",
            )
        )
    return links


def evidence_rows(project_id: int, period: Period | None = None) -> Iterator[sa.Row]:
    """Every evidence item of the project (spam left out; with a period, of that period) in
    ref order, streamed: its own columns, then its response's (None for evidence staff added)
    and its form's title."""
    return db.session.execute(
        sa.select(
            EvidenceItem.id,
            EvidenceItem.ref_number,
            EvidenceItem.kind,
            EvidenceItem.title,
            EvidenceItem.text,
            EvidenceItem.value_number,
            EvidenceItem.occurred_on,
            EvidenceItem.created_at,
            EvidenceItem.source,
            EvidenceItem.status,
            EvidenceItem.most_significant,
            EvidenceItem.unexpected,
            EvidenceItem.response_id,
            Response.ref,
            Response.submitted_at,
            Response.variant,
            Response.supported,
            Response.quote_permission,
            Response.participant_name,
            Form.title,
        )
        .outerjoin(Response, Response.id == EvidenceItem.response_id)
        .outerjoin(Form, Form.id == Response.form_id)
        .where(EvidenceItem.project_id == project_id, evidence_not_spam(), evidence_in(period))
        .order_by(EvidenceItem.ref_number)
        .execution_options(yield_per=EVIDENCE_BATCH)
    )


def _raw(column, type_=sa.String):
    # The driver's own value, without SQLAlchemy's per-row conversion (enum lookup, time zone,
    # 0/1 to bool): one query row per *answer* would otherwise pay for it 800,000 times; the
    # Responses sheet converts once per response instead.
    return sa.type_coerce(column, type_()).label(column.key)


def response_rows(form_id: int, period: Period | None = None) -> Iterator[sa.Row]:
    """Every answer to the form (spam left out; with a period, submitted in it), streamed,
    one row per answer and a row of Nones for a response with none: response id, ref,
    submitted at (as the driver gives it), variant and supported (raw), share link id, entered
    by id, quote permission (raw), then the answer's question key, text, number, number before
    and option codes."""
    # One query, responses joined to their answers, so that every row is read from the same
    # snapshot; ordered by the (form, submitted) index, it streams without sorting.
    return db.session.execute(
        sa.select(
            Response.id,
            Response.ref,
            _raw(Response.submitted_at),
            _raw(Response.variant),
            _raw(Response.supported, sa.Integer),
            Response.share_link_id,
            Response.entered_by_id,
            _raw(Response.quote_permission),
            Answer.question_key,
            Answer.value_text,
            Answer.value_number,
            Answer.value_before,
            Answer.option_codes,
        )
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(Response.form_id == form_id, not_spam(), submitted_in(period))
        .order_by(Response.submitted_at, Response.id)
        .execution_options(yield_per=RESPONSE_BATCH)
    )


@dataclass
class InvolvementData:
    """The involvement log for the Involvement sheet: its totals and every session, oldest
    first, with its activity's words (a short list: read at once)."""

    totals: InvolvementTotals
    sessions: list[InvolvementSession]
    # (period name, totals) of each named period up to `end` (all without one), earliest first.
    by_period: list[tuple[str, InvolvementTotals]] = field(default_factory=list)


def involvement_data(
    project_id: int, start: date | None = None, end: date | None = None
) -> InvolvementData:
    """The sessions held from `start` to `end` (inclusive; all when not given) and their
    totals, from `reports.involvement`."""
    sessions = db.session.scalars(
        sa.select(InvolvementSession)
        .where(InvolvementSession.project_id == project_id, *in_span(start, end))
        .options(selectinload(InvolvementSession.activity))
        .order_by(InvolvementSession.held_on, InvolvementSession.id)
    ).all()
    by_period = [
        (p.name, involvement_totals(db.session, project_id, p.start, p.end))
        for p in periods_of(project_id)
        if end is None or (p.end is not None and p.end <= end)
    ]
    return InvolvementData(
        totals=involvement_totals(db.session, project_id, start, end),
        sessions=list(sessions),
        by_period=by_period,
    )


@dataclass
class OutcomeAssessment:
    """What staff and co-assessors said about one outcome in the period. `words` holds only
    words their authors agreed to share: (text, the group session's date, or None for one
    person's); `unshared` counts the reasons given but not shared."""

    staff: list[ReviewStatus] = field(default_factory=list)  # one per reviewed indicator
    alone: Tally = field(default_factory=Tally)
    group: Tally = field(default_factory=Tally)
    words: list[tuple[str, date | None]] = field(default_factory=list)
    unshared: int = 0

    def heard(self, words: str | None, gave_any: bool, held_on: date | None = None) -> None:
        """Keep words given (None: given but not shared, so only counted)."""
        if not gave_any:
            return
        if words is None:
            self.unshared += 1
        else:
            self.words.append((words.strip(), held_on))

    @property
    def everyone(self) -> Tally:
        """Individuals' and groups' answers together: what the co-assessors' view is read from."""
        tally = Tally()
        for part in (self.alone, self.group):
            for judgement, n in part.counts.items():
                tally.add(judgement, n)
        return tally


@dataclass
class CoassessmentData:
    """The co-assessment of one period: per outcome id, what was said; the decision log as
    (decided on, outcome id or None, decision), oldest first; and who took part, by role and
    number (co-assessors who answered) and group sessions held (days with a group's answers)."""

    period: str
    outcomes: dict[int, OutcomeAssessment]
    decisions: list[tuple[date, int | None, str]]
    roles: dict[CoassessorRole, int]
    group_sessions: int


def coassessment_period(project_id: int, period: Period | None) -> str:
    """The co-assessment period a workbook shows: the reporting period it is for, else (all
    time, or dates that are no reporting period's) the one being assessed now."""
    if period is not None and period.name:
        return period.name
    return assessment_period(project_id)


def _words_if_shared(words, shared) -> tuple:
    """The words where their author agreed to share them (else NULL), and whether there were
    any: words not shared never leave the database."""
    return (
        sa.case((shared.is_(True), words), else_=None),
        sa.func.length(sa.func.trim(words)) > 0,
    )


def coassessment_data(project_id: int, period: str) -> CoassessmentData:
    """Staff's review statuses, co-assessors' and groups' answers, the decision log and who
    took part, for one project and co-assessment period. Words not shared are never read: the
    database hands back only whether there were any."""
    session = db.session
    outcomes: dict[int, OutcomeAssessment] = defaultdict(OutcomeAssessment)
    for outcome_id, status in session.execute(
        sa.select(Indicator.outcome_id, IndicatorReview.status)
        .join(Indicator, Indicator.id == IndicatorReview.indicator_id)
        .join(Outcome, Outcome.id == Indicator.outcome_id)
        .where(Outcome.project_id == project_id, IndicatorReview.period == period)
    ):
        outcomes[outcome_id].staff.append(ReviewStatus(status))

    for outcome_id, judgement, words, gave_any in session.execute(
        sa.select(
            Coassessment.outcome_id,
            Coassessment.judgement,
            *_words_if_shared(Coassessment.why, Coassessment.words_shared),
        )
        .where(Coassessment.project_id == project_id, Coassessment.period == period)
        .order_by(Coassessment.updated_at, Coassessment.id)
    ):
        outcomes[outcome_id].alone.add(Judgement(judgement))
        outcomes[outcome_id].heard(words, gave_any)

    counts = [getattr(GroupAssessment, f"{judgement.value}_count") for judgement in Judgement]
    for outcome_id, held_on, words, gave_any, *numbers in session.execute(
        sa.select(
            GroupAssessment.outcome_id,
            GroupAssessment.held_on,
            *_words_if_shared(GroupAssessment.words, GroupAssessment.words_shared),
            *counts,
        )
        .where(GroupAssessment.project_id == project_id, GroupAssessment.period == period)
        .order_by(GroupAssessment.held_on, GroupAssessment.id)
    ):
        for judgement, n in zip(Judgement, numbers, strict=True):
            outcomes[outcome_id].group.add(judgement, int(n or 0))
        outcomes[outcome_id].heard(words, gave_any, held_on)

    roles = {
        CoassessorRole(role): int(n)
        for role, n in session.execute(
            sa.select(Coassessor.role, sa.func.count(sa.distinct(Coassessor.id)))
            .join(Coassessment, Coassessment.coassessor_id == Coassessor.id)
            .where(Coassessment.project_id == project_id, Coassessment.period == period)
            .group_by(Coassessor.role)
        )
    }
    group_sessions = session.scalar(
        sa.select(sa.func.count(sa.distinct(GroupAssessment.held_on))).where(
            GroupAssessment.project_id == project_id, GroupAssessment.period == period
        )
    )
    decisions = [
        (decided_on, outcome_id, decision)
        for decided_on, outcome_id, decision in session.execute(
            sa.select(
                AssessmentDecision.decided_on,
                AssessmentDecision.outcome_id,
                AssessmentDecision.decision,
            )
            .where(AssessmentDecision.project_id == project_id, AssessmentDecision.period == period)
            .order_by(AssessmentDecision.decided_on, AssessmentDecision.id)
        )
    ]
    return CoassessmentData(
        period=period,
        outcomes=dict(outcomes),
        decisions=decisions,
        roles=roles,
        group_sessions=group_sessions or 0,
    )
