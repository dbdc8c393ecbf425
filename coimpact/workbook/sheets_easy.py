"""The Easy read sheet (large print, plain words) and the Glossary.

Easy read takes its words from the project's latest published "you said, we did" page, which
people wrote in easy read; without one it falls back to the project's aim and its reviewed
outcomes. Quotes appear only when approved and allowed by the person's quote permission.
"""

from __future__ import annotations

from openpyxl import Workbook

from coimpact.models import Outcome, ReviewStatus
from coimpact.reports.quote_permission import Shown
from coimpact.workbook.data import ProjectData
from coimpact.workbook.sheet import (
    CHARS_PER_UNIT,
    DEFAULT_ROW,
    EASY_FONT,
    SheetWriter,
    Styles,
    text_height,
)
from coimpact.workbook.texts import GLOSSARY

HEADING_POINTS = 18  # the easy_heading and easy_text styles' sizes (sheet.py)
TEXT_POINTS = 14


def _quote(shown: Shown) -> str:
    return f"“{shown.text.strip()}”" + (f" — {shown.attribution}" if shown.attribution else "")


def _changes(data: ProjectData, words: dict[ReviewStatus, str]) -> list[str]:
    """One sentence per reviewed outcome: done, partly done, or not yet."""
    lines = []
    for outcome in data.outcomes:
        statuses = {
            ReviewStatus(data.reviews[i.id].status)
            for i in outcome.indicators
            if i.id in data.reviews
        }
        if not statuses:
            continue
        if statuses == {ReviewStatus.ACHIEVED}:
            status = ReviewStatus.ACHIEVED
        elif statuses & {ReviewStatus.ACHIEVED, ReviewStatus.PARTLY}:
            status = ReviewStatus.PARTLY
        else:
            status = ReviewStatus.NOT_YET
        lines.append(f"{words[status]} {_sentence(outcome)}")
    return lines


def _sentence(outcome: Outcome) -> str:
    text = outcome.statement.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def write_easy_read(workbook: Workbook, styles: Styles, data: ProjectData) -> None:
    """Large print (14 pt and up), one idea per row: what we wanted to change, what people told
    us, what changed, what happens next."""
    layout = data.layout["easy_read"]
    label = layout.label
    project = data.project
    page = data.easy_read.page
    # Printed, it is an easy-read handout: portrait, one column the width of the page.
    sheet = SheetWriter(
        workbook, styles, layout.name, layout.title, project.name, orientation="portrait"
    )
    sheet.set_widths([c.width for c in layout.columns])
    sheet.line(((page.title if page else layout.title), "easy_title"))
    sheet.line((project.name, "easy_heading"))

    if page is not None:
        wanted = _paragraphs(page.wanted_text) or _paragraphs(project.aim)
        changed = _paragraphs(page.changed_text)
        doing = _paragraphs(page.doing_text)
    else:
        wanted, changed, doing = _paragraphs(project.aim), [], []
    quotes = [_quote(shown) for shown in data.easy_read.quotes]
    words = {
        ReviewStatus.ACHIEVED: label("done"),
        ReviewStatus.PARTLY: label("partly"),
        ReviewStatus.NOT_YET: label("not_yet"),
    }
    changed = changed or _changes(data, words) or [label("nothing_yet")]
    answered = label("answered").replace("{n}", str(data.counts.get("responses", 0)))
    told = [answered, *(quotes or [label("no_quotes")])]

    for heading, lines in (
        (label("wanted"), wanted),
        (label("told"), told),
        (label("changed"), changed),
        (label("next"), doing or _paragraphs(label("next_default"))),
    ):
        # The heading and its first line print on the same page.
        width = layout.columns[0].width
        sheet.keep_together(
            DEFAULT_ROW
            + text_height(heading, width, HEADING_POINTS, CHARS_PER_UNIT[EASY_FONT])
            + text_height(lines[0] if lines else "", width, TEXT_POINTS, CHARS_PER_UNIT[EASY_FONT])
        )
        sheet.blank()
        sheet.line((heading, "easy_heading"))
        for line in lines:
            sheet.line((line, "easy_text"))
    sheet.finish()


def write_glossary(workbook: Workbook, styles: Styles, data: ProjectData) -> None:
    """Each term the workbook uses, with its meaning in plain words."""
    layout = data.layout["glossary"]
    columns = layout.columns
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, data.project.name)
    sheet.start_table(columns)
    for term, meaning in GLOSSARY:
        sheet.line((term, "label"), (meaning, "wrap"))
    sheet.finish()
