"""The PDF report for funders: a cover with the project, its period and who took part; the
Theory of Change as a diagram; each outcome with its indicators' results beside the previous
period's, a chart, approved quotes, the co-assessors' view and the staff review; the
involvement totals; and the method with the numbers behind every figure.

Its figures, quotes and co-assessors' words come from the workbook's own reads
(`workbook/data.py`) and its charts from the dashboard's (`reports/result_charts.py`), so quote
permission, the small-number rule and words not shared hold exactly as they do in the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from coimpact.domain.periods import ALL_TIME, Period
from coimpact.domain.readable import uk_date, uk_datetime
from coimpact.models import ElementKind, Indicator, MeasureKind, Outcome, Project, Section
from coimpact.models.types import utcnow
from coimpact.printed.pdf import render_pdf
from coimpact.reports.breakdowns import FEWER_THAN, Breakdown
from coimpact.reports.dashboard import target_number
from coimpact.reports.indicator_results import IndicatorResult
from coimpact.reports.result_charts import history_chart, result_charts
from coimpact.workbook.data import (
    SECTION_ORDER,
    CoassessmentData,
    InvolvementData,
    OutcomeAssessment,
    ProjectData,
    coassessment_data,
    coassessment_period,
    involvement_data,
    load_project_data,
)
from coimpact.workbook.layout import default_layout
from coimpact.workbook.sheets_coassessment import coassessment_row
from coimpact.workbook.texts import who_took_part

# What the n beside each result counts, by kind of measure (the method section says it).
BASES = {
    MeasureKind.PERCENT_AGREE: "answers to the linked questions where agreeing means something",
    MeasureKind.MEAN_RATING: "ratings given to the linked questions",
    MeasureKind.BEFORE_AFTER: "people who gave a rating for before and for now",
    MeasureKind.COUNT: "numbers given, items counted, or else answers and evidence items",
    MeasureKind.QUOTES: "approved quotes and stories confirmed against the indicator",
}
# The diagram's measures: characters a line in a box of the three-box row and of the four-box
# row at 10 pt, and lines a box may hold on a page under the title and the note.
CHAIN = (ElementKind.INPUT, ElementKind.ACTIVITY, ElementKind.OUTPUT)
CHAIN_LINE, SECTION_LINE, PAGE_LINES = 26, 20, 40
MATCHED_BASE = "people who answered both rounds with the same code"
# Whether co-assessors and staff disagree, as a sentence (the sheet has a Yes/No column).
AGREEMENT = {
    True: "Staff and co-assessors see this differently.",
    False: "Staff and co-assessors agree.",
}


@dataclass
class IndicatorPart:
    """One indicator as the report prints it: its figures in words, charts and review."""

    indicator: Indicator
    result: str
    n: int
    base: str
    previous: str
    change: str
    status: str
    narrative: str
    charts: list[tuple[str, Markup]]  # (what it shows, in a few words; the chart)
    breakdowns: list[Breakdown]
    questions: list[str]


@dataclass
class CoassessorsView:
    """What the co-assessors said about one outcome, as the Co-assessment sheet says it."""

    staff: str
    view: str
    agreement: str  # whether they and staff see it the same way ("" when one is missing)
    answers: str  # "5 said yes, 2 said a bit"
    words: list[str]  # shared words only, then a line counting those not shared


@dataclass
class OutcomePart:
    outcome: Outcome
    indicators: list[IndicatorPart]
    evidence: int  # confirmed evidence items behind it
    quotes: list[str]
    coassessors: CoassessorsView | None


@dataclass
class SectionPart:
    section: Section
    outcomes: list[OutcomePart] = field(default_factory=list)


@dataclass
class Report:
    data: ProjectData
    period_label: str
    period_short: str  # "2026-27": the running header reads "Project – 2026-27"
    generated: str
    sections: list[SectionPart]
    toc: dict[str, list[tuple[str, str]]]
    # Whether each row of the diagram (inputs to outputs; the four sections) fits a page side
    # by side; a row that does not is stacked, box under box, so it can run over pages.
    side_by_side: dict[str, bool]
    involvement: InvolvementData
    coassessment: CoassessmentData
    coassessed_by: str


def build(project: Project, period: Period | None, generated_by: str) -> bytes:
    """The funder report of `project` for `period` (None: all time), as PDF bytes."""
    return render_pdf(
        "printed/funder_report.html",
        report=report_of(project, period, generated_by),
        fewer_than=FEWER_THAN,
        uk_date=uk_date,
    )


def report_of(project: Project, period: Period | None, generated_by: str) -> Report:
    """Everything the report prints, read once."""
    data = load_project_data(project, default_layout(), utcnow(), generated_by, period)
    period_label = data.period.label if data.period is not None else ALL_TIME
    # The running header names the period as briefly as it can: "2026-27", else its dates.
    short = (data.period.name or data.period.dates) if data.period is not None else ALL_TIME
    span = data.period or Period()
    said = coassessment_data(project.id, coassessment_period(project.id, data.period))
    label = data.layout["coassessment"].label
    history = {
        i.id: [(name, r.get(i.id) or IndicatorResult()) for name, r in data.history]
        for i in data.indicators
    }
    sections = []
    for section in SECTION_ORDER:
        part = SectionPart(section)
        for outcome in data.outcomes_in(section):
            refs, quotes = data.outcome_backing(outcome)
            part.outcomes.append(
                OutcomePart(
                    outcome=outcome,
                    indicators=[_indicator(data, i, history[i.id]) for i in outcome.indicators],
                    evidence=len(refs),
                    quotes=quotes,
                    coassessors=_coassessors(outcome, said.outcomes.get(outcome.id), label),
                )
            )
        sections.append(part)
    return Report(
        data=data,
        period_label=period_label,
        period_short=short,
        generated=uk_datetime(data.generated_at, zone=True),
        sections=sections,
        toc=(toc := _toc(data)),
        side_by_side={
            "chain": _fits([toc[k.value] for k in CHAIN], CHAIN_LINE),
            "outcomes": _fits([toc[s.value] for s in SECTION_ORDER], SECTION_LINE),
        },
        involvement=involvement_data(project.id, span.start, span.end),
        coassessment=said,
        coassessed_by=who_took_part(said.roles, said.group_sessions),
    )


def _indicator(
    data: ProjectData, indicator: Indicator, history: list[tuple[str, IndicatorResult]]
) -> IndicatorPart:
    measure = MeasureKind(indicator.measure)
    result = data.results.get(indicator.id) or IndicatorResult()
    review = data.reviews.get(indicator.id)
    previous, change = data.compared(indicator)
    target = target_number(measure, indicator.target, result.rating_scale)
    now = data.period.name if data.period is not None and data.period.name else "The result"
    drawn = [(now, chart) for chart in result_charts(measure, result, target)]
    # Periods only where at least one has a figure: a chart of "no figure" bars says nothing.
    if len(history) > 1 and any(r.value(measure) is not None for _, r in history):
        drawn.append(("In each reporting period", history_chart(indicator.ref, measure, history)))
    matched = measure == MeasureKind.BEFORE_AFTER and result.matched
    return IndicatorPart(
        indicator=indicator,
        result=result.headline(measure),
        n=result.measure_n(measure),
        base=MATCHED_BASE if matched else BASES[measure],
        previous=previous,
        change=change,
        status=data.status(indicator),
        narrative=review.narrative if review else "",
        charts=drawn,
        breakdowns=data.breakdowns.get(indicator.id, []),
        questions=data.questions_by_indicator.get(indicator.id, []),
    )


def _coassessors(outcome: Outcome, said: OutcomeAssessment | None, label) -> CoassessorsView | None:
    """The co-assessors' view where anyone gave one (None: nothing to show)."""
    if said is None or not (said.everyone.total or said.words or said.unshared):
        return None
    row = coassessment_row(outcome, said, label)
    return CoassessorsView(
        staff=row["staff_rating"],
        view=row["view"],
        agreement=AGREEMENT.get(row["disagree"] == label("disagree")) if row["disagree"] else "",
        answers=said.everyone.words(),
        words=[line for line in row["words"].split("\n") if line],
    )


def _fits(boxes: list[list[tuple[str, str]]], line: int) -> bool:
    """Whether the tallest box, at about `line` characters a line, fits one page."""
    lines = [sum(len(ref) + len(text) + line - 1 for ref, text in box) // line for box in boxes]
    gaps = [len(box) for box in boxes]  # the space between items, about a line for four
    return max((n + g / 4 for n, g in zip(lines, gaps, strict=True)), default=0) <= PAGE_LINES


def _toc(data: ProjectData) -> dict[str, list[tuple[str, str]]]:
    """The (ref, words) of each box of the diagram: outcomes by the refs every other page has,
    the other elements with none."""
    toc = {kind.value: [("", text) for text in data.elements[kind]] for kind in ElementKind}
    for section in SECTION_ORDER:
        toc[section.value] = [(o.ref, o.statement) for o in data.outcomes_in(section)]
    return toc
