"""The benchmark's baseline: the Responses sheets' cells, read from the database and written
straight to a file with xlsxwriter in constant-memory mode, with no styling and no other sheets.

One streamed query per form, responses and their answers together in response order, so the
baseline holds one response at a time, as a well-made export would. A chosen answer (codes, or a
before and after rating) takes two cells, as in the workbook: its words, and its code in the
block of code columns at the right.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import xlsxwriter

from coimpact.extensions import db
from coimpact.models import Answer, Form, Question, Response, ShareLink

FIXED = ["Response ref", "Submitted at (UK time)", "Variant", "Supported?", "Link label"]
STREAM_ROWS = 5_000


def _cell(answer: tuple) -> Any:
    """One answer as one cell: text as text, numbers as numbers, several codes joined by '; '."""
    text, number, before, codes = answer
    if codes:
        return "; ".join(c for c in codes.split(";") if c)
    if before is not None and number is not None:
        return f"{before:g} -> {number:g}"
    if number is not None:
        return number
    return text or ""


def write_responses(project_id: int, out: str) -> None:
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    forms = db.session.execute(
        sa.select(Form.id, Form.title).where(Form.project_id == project_id).order_by(Form.id)
    ).all()
    for form_id, title in forms:
        keys = list(
            db.session.scalars(
                sa.select(Question.key)
                .where(Question.form_id == form_id)
                .order_by(Question.position, Question.id)
            )
        )
        column = {key: len(FIXED) + i for i, key in enumerate(keys)}
        code_column = {key: len(FIXED) + len(keys) + i for i, key in enumerate(keys)}
        sheet = workbook.add_worksheet(f"Responses - {title}"[:31])
        sheet.write_row(0, 0, FIXED + keys)
        query = (
            sa.select(
                Response.id,
                Response.ref,
                Response.submitted_at,
                Response.variant,
                Response.supported,
                ShareLink.label,
                Answer.question_key,
                Answer.value_text,
                Answer.value_number,
                Answer.value_before,
                Answer.option_codes,
            )
            .outerjoin(ShareLink, ShareLink.id == Response.share_link_id)
            .outerjoin(Answer, Answer.response_id == Response.id)
            .where(Response.form_id == form_id, Response.is_spam.is_(False))
            .order_by(Response.id, Answer.position)
            .execution_options(yield_per=STREAM_ROWS)
        )
        row, current = 0, None
        for rid, ref, at, variant, supported, label, key, *answer in db.session.execute(query):
            if rid != current:
                current, row = rid, row + 1
                sheet.write_string(row, 0, ref)
                sheet.write_datetime(row, 1, at.replace(tzinfo=None), date_format)
                sheet.write_string(row, 2, str(variant.value))
                sheet.write_string(
                    row, 3, "" if supported is None else "Yes" if supported else "No"
                )
                sheet.write_string(row, 4, label or "")
            if key in column:
                value = _cell(tuple(answer))
                columns = [column[key]]
                if answer[3] or answer[2] is not None:  # codes, or before and after
                    columns.append(code_column[key])
                for at in columns:
                    if isinstance(value, str):
                        sheet.write_string(row, at, value)
                    else:
                        sheet.write_number(row, at, value)
    workbook.close()
