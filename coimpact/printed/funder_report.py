"""The PDF report for funders: the project, its period and who took part; each outcome with
its indicators' results (beside the previous period's), approved quotes and the staff review.
Its figures and quotes come from the workbook's own reads (`workbook/data.py`), so quote
permission and the small-number rule hold exactly as they do in the workbook."""

from __future__ import annotations

from coimpact.domain.periods import Period
from coimpact.models import Project
from coimpact.models.types import utcnow
from coimpact.printed.pdf import render_pdf
from coimpact.workbook.data import load_project_data
from coimpact.workbook.layout import default_layout


def build(project: Project, period: Period | None, generated_by: str) -> bytes:
    """The funder report of `project` for `period` (None: all time), as PDF bytes."""
    data = load_project_data(project, default_layout(), utcnow(), generated_by, period)
    return render_pdf("printed/funder_report.html", data=data, project=project)
