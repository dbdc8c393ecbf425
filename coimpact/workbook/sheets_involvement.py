"""The Involvement sheet: the involvement log's totals at the top, then one row per session.

Names are written only where the people agreed to them being kept and shown.
"""

from __future__ import annotations

from openpyxl import Workbook

from coimpact.domain.involvement import hours_number
from coimpact.models import ROLE_COLUMNS, InvolvementKind
from coimpact.workbook.charts import chart_block, period_chart
from coimpact.workbook.data import InvolvementData, ProjectData
from coimpact.workbook.sheet import SheetWriter, Styles


def write_involvement(
    workbook: Workbook, styles: Styles, data: ProjectData, involvement: InvolvementData
) -> None:
    layout = data.layout["involvement"]
    label = layout.label
    columns = layout.columns
    totals = involvement.totals
    lines = [
        (label("sessions"), totals.sessions, "integer"),
        *((label(role), totals.people[role], "integer") for role in ROLE_COLUMNS),
        (
            label("lived_experience_hours"),
            hours_number(totals.lived_experience_minutes),
            "number",
        ),
        (label("payments"), totals.payments_pence / 100, "money"),
        (label("expenses"), totals.expenses_pence / 100, "money"),
    ]
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, data.project.name)
    # Widths and frozen panes come before the first row in a write-only sheet: the table's
    # header follows the title, the totals heading, the totals, a note and a gap.
    sheet.set_widths([c.width for c in columns])
    header_row = 1 + 1 + len(lines) + 1 + 1 + 1
    sheet.freeze(f"B{header_row + 1}", f"{header_row}:{header_row}")
    sheet.line((layout.title, "title"), height=24)
    sheet.line((label("totals"), "subtitle"))
    for text, value, style in lines:
        # Label across the first four columns, its figure in the fifth.
        sheet.line((text, "label"), (None, "text"), (None, "text"), (None, "text"), (value, style))
        sheet.merge_across(1, 4)
    sheet.line((label("hours_note"), "note"))
    sheet.merge_across(1, len(columns))
    sheet.blank()
    sheet.table_header(columns)
    for session in involvement.sessions:
        values = {
            "date": session.held_on,
            "kind": InvolvementKind(session.kind).label,
            "title": session.title,
            "activity": session.activity.text if session.activity is not None else "",
            **{role: getattr(session, role) for role in ROLE_COLUMNS},
            "length": hours_number(session.length_minutes),
            "lived_experience_hours": hours_number(
                session.length_minutes * session.lived_experience
            ),
            "payments": session.payments_pence / 100,
            "expenses": session.expenses_pence / 100,
            "recognition": session.recognition,
            "names": session.shown_names,
        }
        sheet.row(columns, [values[c.key] for c in columns])
    if not involvement.sessions:
        sheet.line((label("no_sessions"), "note"))
    sheet.finish()  # the filter covers the sessions only, not the figures by period below
    if len(involvement.by_period) > 1:
        _period_blocks(sheet, involvement, label)


def _period_blocks(sheet: SheetWriter, involvement: InvolvementData, label) -> None:
    """Lived-experience hours and money paid in each reporting period: two small tables, each
    with a bar chart beside it that reads its cells (hours and pounds share no scale)."""
    period = label("period")
    hours_title = label("hours_chart")
    chart_block(
        sheet,
        f"{label('chart_data')}: {hours_title}",
        [period, label("lived_experience_hours")],
        [
            [name, (hours_number(t.lived_experience_minutes), "number")]
            for name, t in involvement.by_period
        ],
        period_chart(hours_title, "#,##0.##"),
    )
    paid_title = label("paid_chart")
    chart_block(
        sheet,
        f"{label('chart_data')}: {paid_title}",
        [period, label("payments")],
        [[name, (t.payments_pence / 100, "money")] for name, t in involvement.by_period],
        period_chart(paid_title, "£#,##0"),
    )
