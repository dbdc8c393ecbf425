"""The two narrative sheets at the front: About and the Theory of Change grid."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook

from coimpact.domain.periods import ALL_TIME
from coimpact.models import ElementKind, Section
from coimpact.workbook.data import CoassessmentData, ProjectData
from coimpact.workbook.sheet import SheetWriter, Styles, text_height
from coimpact.workbook.texts import who_took_part

# The sheets the About page explains, in workbook order (Responses sheets are added per form).
DESCRIBED = (
    "about",
    "toc",
    "achievements",
    "benefits",
    "impact",
    "evaluation",
    "indicators",
    "evidence",
    "questions",
)
DESCRIBED_AFTER_RESPONSES = ("involvement", "coassessment", "easy_read", "glossary")


def write_about(
    workbook: Workbook,
    styles: Styles,
    data: ProjectData,
    responses_sheets: Sequence[tuple[str, str]],
) -> None:
    """Project, period, who generated it and when, lived experience, counts, and what each
    sheet holds. `responses_sheets` pairs each Responses sheet name with its form's title."""
    layout = data.layout["about"]
    project = data.project
    label = layout.label
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, project.name)
    widths = [c.width for c in layout.columns]
    sheet.set_widths(widths)
    sheet.line((f"{layout.title}: {project.name}", "title"), height=24)
    sheet.blank()

    def item(name: str, value, style: str = "wrap") -> None:
        """A label, then its value: words across the two right-hand columns (merged), a
        number or date alone in the middle one, right-aligned."""
        if style != "wrap":
            sheet.line((label(name), "label"), (value, style))
            return
        text = str(value or "")
        height = max(text_height(label(name), widths[0]), text_height(text, widths[1] + widths[2]))
        sheet.line((label(name), "label"), (value, style), height=height)
        sheet.merge_across(2, 3)

    item("project", project.name)
    item("organisation", project.organisation)
    period = data.period
    item("period", period.label if period is not None else ALL_TIME)
    item("period_from", period.start if period else None, "date")
    item("period_to", period.end if period else None, "date")
    item("generated_at", data.generated_at, "datetime")
    item("generated_by", data.generated_by)
    item("lived_experience", project.lived_experience)

    sheet.blank()
    sheet.line((label("numbers"), "heading"))
    counts = data.counts
    for name, count_key in (
        ("responses", "responses"),
        ("responses_standard", "responses_standard"),
        ("responses_easy", "responses_easy_read"),
        ("responses_supported", "responses_supported"),
        ("forms", "forms"),
        ("outcomes", "outcomes"),
        ("indicators", "indicators"),
        ("evidence_items", "evidence_items"),
        ("evidence_approved", "evidence_approved"),
    ):
        item(name, counts.get(count_key, 0), "integer")

    sheet.blank()
    sheet.line((label("how_to_read"), "heading"))
    intro = label("how_to_read_intro")
    width = sum(c.width for c in layout.columns)
    sheet.line((intro, "note"), height=text_height(intro, width))
    sheet.merge_across(1, len(widths))
    described = [(data.layout[key].name, label(f"sheet_{key}")) for key in DESCRIBED]
    described += [
        (name, label("responses_sheet").replace("{form}", form_title))
        for name, form_title in responses_sheets
    ]
    described += [
        (data.layout[key].name, label(f"sheet_{key}")) for key in DESCRIBED_AFTER_RESPONSES
    ]
    for name, description in described:
        height = max(text_height(name, widths[0]), text_height(description, widths[1] + widths[2]))
        sheet.line((name, "label"), (description, "wrap"), height=height)
        sheet.merge_across(2, 3)
    sheet.finish()


def outcome_text(data: ProjectData, outcome, leads_to: str, unexpected: str) -> str:
    """ "A1 The group rewrote the leaflet (leads to I2)" as the grid shows an outcome."""
    text = f"{outcome.ref} {outcome.statement}"
    notes = []
    if data.leads_to.get(outcome.id):
        notes.append(f"{leads_to} {', '.join(data.leads_to[outcome.id])}")
    if outcome.unexpected:
        notes.append(unexpected)
    return f"{text} ({'; '.join(notes)})" if notes else text


def write_theory_of_change(
    workbook: Workbook,
    styles: Styles,
    data: ProjectData,
    coassessment: CoassessmentData | None = None,
) -> None:
    """The problem and aim, who judged the impact with staff (by role and number, never by
    name), then the chain as SCIE's template lays it out: inputs, activities and outputs, then
    the four sections (achievements, benefits, impact, evaluation & feedback) side by side;
    below it the assumptions and enablers. Outcome refs match every other sheet."""
    layout = data.layout["toc"]
    label = layout.label
    project = data.project
    columns = layout.columns
    widths = [c.width for c in columns]
    last = len(columns)
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, project.name)
    sheet.set_widths(widths)
    sheet.line((f"{layout.title}: {project.name}", "title"), height=24)
    sheet.blank()
    rows = [(label("problem"), project.problem), (label("aim"), project.aim)]
    if coassessment is not None:
        took_part = who_took_part(coassessment.roles, coassessment.group_sessions)
        rows.append((label("coassessed").replace("{period}", coassessment.period), took_part))
    for name, text in rows:
        height = max(text_height(name, widths[0]), text_height(text, sum(widths[1:])))
        sheet.line((name, "label"), (text, "wrap"), height=height)
        sheet.merge_across(2, last)
    sheet.blank()

    elements = data.elements

    def outcomes(section: Section) -> list[str]:
        return [
            outcome_text(data, o, label("leads_to"), label("unexpected"))
            for o in data.outcomes_in(section)
        ]

    grid = [
        elements[ElementKind.INPUT],
        elements[ElementKind.ACTIVITY],
        elements[ElementKind.OUTPUT],
        outcomes(Section.ACHIEVEMENT),
        outcomes(Section.BENEFIT),
        outcomes(Section.IMPACT),
        outcomes(Section.PROCESS),
    ]
    sheet.ws.print_title_rows = f"{sheet.row_count + 1}:{sheet.row_count + 1}"
    sheet.header(c.heading for c in columns)
    _write_grid(sheet, grid)

    # Assumptions and enablers under the chain, each across half the page.
    sheet.blank()
    half = last // 2
    spans = [(1, half), (half + 1, last)]
    lists = [elements[ElementKind.ASSUMPTION], elements[ElementKind.ENABLER]]
    headings = [label("assumptions"), label("enablers")]
    for index in range(1 + max((len(items) for items in lists), default=0)):
        cells: list = [None] * last
        height = 0.0
        for (first, end), items, heading in zip(spans, lists, headings, strict=True):
            if index == 0:
                cells[first - 1] = sheet.cell(heading, "header")
                for column in range(first, end):
                    cells[column] = sheet.cell(None, "header")  # the fill runs across
                continue
            text = items[index - 1] if index - 1 < len(items) else None
            cells[first - 1] = sheet.cell(text, "wrap")
            height = max(height, text_height(text or "", sum(widths[first - 1 : end])))
        sheet.append(cells, height or None, measure=False)
        for first, end in spans:
            sheet.merge_across(first, end)
    sheet.finish()


def _write_grid(sheet: SheetWriter, grid: list[list[str]]) -> None:
    for index in range(max((len(column) for column in grid), default=0)):
        sheet.line(*((column[index] if index < len(column) else None, "wrap") for column in grid))
