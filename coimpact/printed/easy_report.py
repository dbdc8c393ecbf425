"""The easy-read report for participants, "What you told us and what we did": large text,
symbols left and words right, short sentences with one idea each; what we wanted to change,
what people told us (a few approved quotes), each outcome in its easy-read wording with whether
we did it and a few results in pictures, the "you said, we did" page's points and what happens
next.

`contents` reads it once for both ways out: the PDF (`build`, for `flask report --easy-read`)
and the printable page in the admin (`templates/admin/dashboard/easy_read.html`); both render
`templates/printed/_easy_body.html`. Its figures, quotes and "you said, we did" page are the
workbook's (`workbook.data.load_project_data`), so quote permission and the small-number rule
hold exactly as they do on the workbook's Easy read sheet; the numbers in words and the
people picture are the co-assessors' (`reports.coassessor_view.numbers_in_words`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from coimpact.domain.coassessment import staff_rating
from coimpact.domain.periods import Period
from coimpact.domain.readable import plural
from coimpact.domain.symbols import alt_text, is_symbol
from coimpact.models import Indicator, MeasureKind, Outcome, Project, ReviewStatus
from coimpact.models.types import utcnow
from coimpact.printed.pdf import render_pdf
from coimpact.reports.coassessor_view import (
    EasyIndicator,
    easy_aim,
    numbers_in_words,
    short_lines,
)
from coimpact.reports.feedback_pages import Block, text_blocks
from coimpact.reports.indicator_results import IndicatorResult
from coimpact.workbook.data import EASY_QUOTES, ProjectData, load_project_data
from coimpact.workbook.layout import default_layout

TITLE = "What you told us and what we did"
DEFAULT_SYMBOL = "star"  # for an outcome or indicator nobody gave a symbol yet

# Whether we did it, from staff's reviews of the outcome's indicators (`staff_rating`), in
# words beside the answer symbols co-assessors know ("Did we do this?").
DID_WE: dict[ReviewStatus | None, tuple[str, str]] = {
    ReviewStatus.ACHIEVED: ("We did this.", "yes"),
    ReviewStatus.PARTLY: ("We did some of this.", "ok"),
    ReviewStatus.NOT_YET: ("We have not done this yet.", "no"),
    None: ("We are still checking this.", "not-sure"),
}

NEXT_STEPS = (
    "We will share this report with the people who pay for the project.",
    "We will keep listening to you.",
    "We will tell you what happens next.",
)


@dataclass(frozen=True)
class Picture:
    """A symbol and its words for the reader who cannot see it."""

    name: str

    @property
    def alt(self) -> str:
        return alt_text(self.name)


def picture(*names: str) -> Picture:
    """The first of `names` that is a symbol the app ships (staff may leave one blank)."""
    return Picture(next((n for n in names if is_symbol(n)), DEFAULT_SYMBOL))


@dataclass(frozen=True)
class Finding:
    """One outcome: its easy-read wording and symbol, whether we did it, its results."""

    ref: str
    wording: str
    symbol: Picture
    did: str
    did_symbol: Picture
    results: list[EasyIndicator] = field(default_factory=list)  # symbol: a shipped one


@dataclass(frozen=True)
class Said:
    """One approved quote, cut short, as the person's quote permission allows it."""

    lines: list[str]
    attribution: str  # "" unless the person said "yes, with my name"


@dataclass(frozen=True)
class EasyReport:
    title: str
    project_name: str
    when: str  # the period in words, "" for all time
    wanted: list[Block]
    wanted_symbol: Picture
    answered: str
    quotes: list[Said]
    findings: list[Finding]
    changed: list[Block]
    next_steps: list[Block]


def day_words(day: date) -> str:
    """ "1 April 2026": a month in full, as easy read spells it."""
    return f"{day.day} {day:%B %Y}"


def period_words(period: Period | None) -> str:
    """The period as one short sentence; "" for all time."""
    if period is None or period.is_all_time:
        return ""
    if period.start and period.end:
        return f"It is about {day_words(period.start)} to {day_words(period.end)}."
    if period.start:
        return f"It is about the time from {day_words(period.start)}."
    return f"It is about the time up to {day_words(period.end)}."


def answered_words(responses: int) -> str:
    if not responses:
        return "Nobody has filled in our forms yet."
    return f"We got {plural(responses, 'answer')} to our forms."


def _wording(thing: Outcome | Indicator) -> str:
    """The easy-read wording people wrote; the standard wording where there is none yet (the
    report never shows a blank)."""
    return (thing.statement_easy or "").strip() or thing.statement.strip()


def _finding(data: ProjectData, outcome: Outcome) -> Finding:
    rating = staff_rating(
        data.reviews[i.id].status for i in outcome.indicators if i.id in data.reviews
    )
    did, did_symbol = DID_WE[rating]
    # A few results in pictures: the indicators that count people who agreed. Each goes
    # through numbers_in_words, which shows no figure for fewer than 5 people.
    results = [
        EasyIndicator(
            indicator.ref,
            _wording(indicator),
            picture(indicator.symbol, outcome.symbol).name,
            numbers_in_words(
                indicator.measure, data.results.get(indicator.id) or IndicatorResult()
            ),
        )
        for indicator in outcome.indicators
        if MeasureKind(indicator.measure) == MeasureKind.PERCENT_AGREE
    ]
    return Finding(
        outcome.ref,
        _wording(outcome),
        picture(outcome.symbol),
        did,
        picture(did_symbol),
        results,
    )


def contents(project: Project, period: Period | None, generated_by: str) -> EasyReport:
    """What the easy-read report of `project` for `period` (None: all time) says."""
    data = load_project_data(project, default_layout(), utcnow(), generated_by, period)
    page = data.easy_read.page  # the latest published "you said, we did" page, if any
    aim, aim_symbol = easy_aim(project)
    return EasyReport(
        title=TITLE,
        project_name=project.name,
        when=period_words(data.period),
        wanted=text_blocks(page.wanted_text if page else "") or text_blocks(aim),
        wanted_symbol=picture(aim_symbol, "information"),
        answered=answered_words(data.counts.get("responses", 0)),
        quotes=[
            Said(short_lines(shown.text), shown.attribution)
            for shown in data.easy_read.quotes[:EASY_QUOTES]
        ],
        findings=[_finding(data, outcome) for outcome in data.outcomes],
        changed=text_blocks(page.changed_text) if page else [],
        next_steps=text_blocks(page.doing_text if page else "")
        or [Block("p", [line]) for line in NEXT_STEPS],
    )


def template_context(report: EasyReport) -> dict:
    """What `printed/_easy_body.html` is rendered with, in the PDF and in the admin alike."""
    return {"report": report, "picture": picture}


def build(project: Project, period: Period | None, generated_by: str) -> bytes:
    """The easy-read report of `project` for `period` (None: all time), as PDF bytes."""
    report = contents(project, period, generated_by)
    return render_pdf("printed/easy_report.html", **template_context(report))
