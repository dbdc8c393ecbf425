"""The funder workbook: every sheet of the shared design's `workbook.md`, filled from one project.

`export_workbook` is the one way in, for the command line, the admin's background export and the
benchmark alike; it only writes the workbook (the caller audits, names files and reports
progress). It reads through `data.py` and hands what it read to the sheets, which write it.
openpyxl's write-only mode streams each sheet to a temporary file and the responses are read
through a server-side cursor, so memory stays flat at 100,000 responses. Titles and headings
come from `layout.py`, with the organisation's override file (`layout_file.py`) applied.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from openpyxl import Workbook

from coimpact.domain.periods import Period
from coimpact.models.types import utcnow
from coimpact.workbook.data import (
    coassessment_data,
    coassessment_period,
    evidence_links,
    evidence_rows,
    find_project,
    involvement_data,
    load_project_data,
    response_rows,
)
from coimpact.workbook.form_plans import form_plans
from coimpact.workbook.layout import SECTION_SHEETS
from coimpact.workbook.layout_file import current_layout
from coimpact.workbook.sheet import Styles
from coimpact.workbook.sheets_coassessment import write_coassessment
from coimpact.workbook.sheets_easy import write_easy_read, write_glossary
from coimpact.workbook.sheets_evidence import write_evidence
from coimpact.workbook.sheets_forms import write_questions, write_responses
from coimpact.workbook.sheets_involvement import write_involvement
from coimpact.workbook.sheets_outcomes import write_indicators, write_section
from coimpact.workbook.sheets_summary import write_about, write_theory_of_change

Progress = Callable[[int, int], None]
# The sheets other than Responses, each one step of progress; a Responses sheet counts one
# step per response, and saving (compressing every sheet into the file) a quarter step each.
FIXED_SHEETS = 13


@dataclass(frozen=True)
class Exported:
    """What was written: the sheets, in workbook order, and the responses on them."""

    sheets: list[str]
    responses: int


class _Tracker:
    """Calls `progress(done, total)` as work is done; done never passes total."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def advance(self, steps: int = 1) -> None:
        self.done = min(self.total, self.done + steps)
        if self.progress is not None:
            self.progress(self.done, self.total)

    def finish(self) -> None:
        self.advance(self.total - self.done)


def export_workbook(
    project_id: int,
    destination: str | os.PathLike | BinaryIO,
    *,
    generated_by: str,
    progress: Callable[[int, int], None] | None = None,
    period: Period | None = None,
) -> Exported:
    """Write the project's workbook to `destination` (a path or a binary file object), and
    say what was written.

    Runs inside an app context and reads through `data.py`; writes nothing to the database.
    `generated_by` (the user's e-mail, or "command line") is printed on the About sheet.
    `progress(done, total)` is called after each sheet and every 1,000 response rows; an
    exception it raises stops the export. Raises LookupError for an unknown project and
    `layout.WorkbookLayoutError` for an unusable layout override file. Writing to a path
    writes that file in place: callers that must never leave half a file write to a
    temporary name and rename it (as the `export` command does). With `period`, the
    workbook is for that reporting period: About names it, and results, evidence and
    Responses hold only that period's.
    """
    project = find_project(project_id)
    layout = current_layout(current_app.config, current_app.instance_path)
    data = load_project_data(project, layout, utcnow(), generated_by, period)
    fixed_names = [sheet.name for sheet in layout.sheets.values() if sheet.key != "responses"]
    plans = form_plans(data.forms, f"{layout['responses'].name} - ", fixed_names)
    responses = sum(plan.responses for plan in plans)
    tracker = _Tracker(progress, FIXED_SHEETS + responses + responses // 4 + 1)
    indicator_refs = {i.id: i.ref for i in data.indicators}
    coassessment = coassessment_data(project.id, coassessment_period(project.id, data.period))

    workbook = Workbook(write_only=True)
    styles = Styles(workbook)
    write_about(workbook, styles, data, [(p.sheet_name, p.form.title) for p in plans])
    tracker.advance()
    write_theory_of_change(workbook, styles, data, coassessment)
    tracker.advance()
    for key in SECTION_SHEETS:
        write_section(workbook, styles, data, key)
        tracker.advance()
    write_indicators(workbook, styles, data)
    tracker.advance()
    write_evidence(
        workbook,
        styles,
        data,
        evidence_links(data),
        evidence_rows(project.id, period),
        tracker.advance,
    )
    write_questions(workbook, styles, data, plans, indicator_refs)
    tracker.advance()
    written = 0
    for plan in plans:
        rows = response_rows(plan.form.id, period)
        written += write_responses(workbook, styles, data, plan, rows, tracker.advance)
    span = period or Period()
    write_involvement(workbook, styles, data, involvement_data(project.id, span.start, span.end))
    tracker.advance()
    write_coassessment(workbook, styles, data, coassessment)
    tracker.advance()
    write_easy_read(workbook, styles, data)
    tracker.advance()
    write_glossary(workbook, styles, data)
    tracker.advance()
    workbook.save(destination)
    tracker.finish()
    return Exported(sheets=workbook.sheetnames, responses=written)
