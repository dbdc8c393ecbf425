"""The easy-read report for participants, "What you told us and what we did": large text,
symbols, short sentences, the "you said, we did" points and a few results in pictures."""

from __future__ import annotations

from coimpact.domain.periods import Period
from coimpact.models import Project
from coimpact.models.types import utcnow
from coimpact.printed.pdf import render_pdf
from coimpact.workbook.data import load_project_data
from coimpact.workbook.layout import default_layout


def build(project: Project, period: Period | None, generated_by: str) -> bytes:
    """The easy-read report of `project` for `period` (None: all time), as PDF bytes."""
    data = load_project_data(project, default_layout(), utcnow(), generated_by, period)
    return render_pdf("printed/easy_report.html", data=data, project=project)
