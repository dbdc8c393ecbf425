"""The Questions sheet and one Responses sheet per form.

Responses arrive streamed (`data.response_rows`: responses joined to their answers, read in
batches through a server-side cursor), are grouped here into one row per response and written
at once, so memory stays flat however many responses a project has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook

from coimpact.domain.question_types import (
    BUILT_IN_CHOICES,
    CHOICE_TYPES,
    FREE_TEXT_TYPES,
    choices_for,
    option_label,
)
from coimpact.models import QuestionType
from coimpact.reports.quote_permission import own_words, shown_words
from coimpact.workbook.cells import cell_value, yes_no
from coimpact.workbook.data import ProjectData
from coimpact.workbook.fast_rows import FastRows, PlainRow
from coimpact.workbook.form_plans import FormPlan, KeyPlan
from coimpact.workbook.layout import Column
from coimpact.workbook.sheet import DEFAULT_ROW, SheetWriter, Styles, style_id, text_height
from coimpact.workbook.texts import VARIANT_LABELS

PROGRESS_EVERY = 1_000  # responses between progress reports
NOT_ANSWERED = "Not answered"
NUMERIC_TYPES = frozenset({QuestionType.PICTURE_SCALE, QuestionType.SCALE_5, QuestionType.NUMBER})
SCALE_TYPES = frozenset({QuestionType.PICTURE_SCALE, QuestionType.SCALE_5})
# Answers that are chosen, not typed: the sheet shows them in words (what a funder reads) and
# keeps their codes in a block of columns at the right (what an analyst sorts and counts).
CODED_TYPES = CHOICE_TYPES | {QuestionType.BEFORE_AFTER}
WRAPPED_TYPES = FREE_TEXT_TYPES | CODED_TYPES
COLUMN_WIDTHS = {QuestionType.STORY: 50, QuestionType.SHORT_TEXT: 30, QuestionType.NUMBER: 12}
CHOICE_WIDTH = 24  # chosen answers in words: "Support from a worker or supporter"


def _versions(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "1–3, 5"."""
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def options_text(question: dict[str, Any], easy_word: str) -> str:
    """Each option as "code = label", with the easy-read label where it differs."""
    qtype = QuestionType(question["type"])
    lines = []
    if qtype == QuestionType.BEFORE_AFTER:
        lines.append("Two ratings, shown as before → now, on this scale:")
    if qtype == QuestionType.NUMBER and (question.get("min_value") is not None):
        lines.append(f"A number from {question['min_value']} to {question.get('max_value')}")
    for choice in choices_for(question):
        line = f"{choice['code']} = {choice['label']}"
        easy = (choice.get("label_easy") or "").strip()
        if easy and easy != choice["label"]:
            line += f" ({easy_word}: {easy})"
        lines.append(line)
    return "\n".join(lines)


def write_questions(
    workbook: Workbook,
    styles: Styles,
    data: ProjectData,
    plans: list[FormPlan],
    indicator_refs: dict[int, str],
) -> None:
    """Every question of every form: key, wording in both variants, codes, indicators."""
    layout = data.layout["questions"]
    label = layout.label
    columns = layout.columns
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, data.project.name)
    sheet.start_table(columns)
    for plan in plans:
        for key in plan.keys:
            question = key.question
            # Live links where the question still exists (results use them), else as published.
            if key.live is not None:
                ids = [indicator.id for indicator in key.live.indicators]
            else:
                ids = question.get("indicator_ids", [])
            refs = [indicator_refs[i] for i in ids if i in indicator_refs]
            row = {
                "key": key.key,
                "form": plan.form.title,
                "version": _versions(key.versions) if key.versions else label("not_published"),
                "type": QuestionType(question["type"]).label,
                "text": question.get("text", ""),
                "text_easy": question.get("text_easy", ""),
                "options": options_text(question, label("easy")),
                "indicator_refs": ", ".join(refs),
                "required": bool(question.get("required")),
                "on_form": key.live is not None and not key.live.retired,
            }
            sheet.row(columns, [row.get(c.key) for c in columns])
    sheet.finish()


def _question_column(key: KeyPlan) -> Column:
    qtype = QuestionType(key.question["type"])
    if qtype in WRAPPED_TYPES:
        kind = "wrap"
    elif qtype in NUMERIC_TYPES:
        kind = "number"
    else:
        kind = "text"
    return Column(key.key, key.key, COLUMN_WIDTHS.get(qtype, CHOICE_WIDTH), kind)


def _code_column(key: KeyPlan, heading: str) -> Column:
    qtype = QuestionType(key.question["type"])
    heading = heading.replace("{key}", key.key)
    if qtype == QuestionType.MULTI_CHOICE:  # several codes: wrapped, as the words are
        return Column(f"{key.key}:code", heading, CHOICE_WIDTH, "wrap")
    kind = "number" if qtype in SCALE_TYPES else "text"
    return Column(f"{key.key}:code", heading, 14, kind)


def option_labels(question: dict[str, Any]) -> dict[str, str]:
    """Each option's code and its standard label, as `option_label` reads them, once per
    question rather than once per answer (a sheet may hold millions of answers)."""
    codes = {c["code"] for c in choices_for(question) + list(question.get("options", []))}
    return {code: option_label(question, code) for code in codes}


def _answer_value(qtype: QuestionType, labels: dict[str, str], answer: tuple, permission):
    """An answer as its columns show it: (words, code). Words the person allowed to be shown,
    numbers as numbers, choices as their labels (several joined by "; "); the code (None for
    a typed answer) as stored: a choice's code, a rating's number, "2 → 4" for before → now."""
    value_text, value_number, value_before, codes = answer
    if own_words(qtype):
        # The quote-permission rule lives in reports/quote_permission.py: "no" shows the
        # withheld marker.
        return (shown_words(value_text, permission).text if value_text else None), None
    if qtype == QuestionType.NUMBER:
        return value_number, None
    if qtype in SCALE_TYPES:
        if value_number is None:
            return None, None
        code = f"{value_number:g}"
        return labels.get(code, code), value_number
    if qtype == QuestionType.BEFORE_AFTER:
        if value_before is None and value_number is None:
            return None, None
        scale = BUILT_IN_CHOICES[qtype]
        pair = ["–" if value is None else f"{value:g}" for value in (value_before, value_number)]
        words = [next((c.label for c in scale if c.code == code), code) for code in pair]
        return " → ".join(words), " → ".join(pair)
    chosen = [c for c in (codes or "").split(";") if c]
    if not chosen:
        return None, None
    return "; ".join(labels.get(c, c) for c in chosen), "; ".join(chosen)


def _utc(raw: Any) -> datetime:
    """A stored time as the driver hands it back (SQLite: text; PostgreSQL: a naive
    datetime), read as the UTC it is stored in."""
    value = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class _Row:
    """Builds one response's row of plain, safe values (see `fast_rows`) and measures how
    tall its wrapped text needs it to be."""

    def __init__(self, columns: list[Column], fixed: int) -> None:
        self.width = len(columns)
        self.wrapped = {
            at: column.width
            for at, column in enumerate(columns)
            if at >= fixed and column.kind == "wrap"
        }
        self.cells = PlainRow()

    def start(self, ref: str, submitted: datetime, variant: str, supported, link: str) -> None:
        fixed = [cell_value(value) for value in (ref, submitted, variant, supported, link)]
        self.cells = PlainRow(fixed + [None] * (self.width - len(fixed)))

    def put(self, at: int, value: Any) -> None:
        value = cell_value(value)
        self.cells[at] = value
        width = self.wrapped.get(at)
        if width and isinstance(value, str) and (len(value) > width or "\n" in value):
            height = text_height(value, width)
            if height > DEFAULT_ROW + 1:  # one line fits the default row
                self.cells.height = max(self.cells.height or 0.0, height)


def write_responses(
    workbook: Workbook,
    styles: Styles,
    data: ProjectData,
    plan: FormPlan,
    rows: Iterable[sa.Row],
    advance: Callable[[int], None],
) -> int:
    """One row per response to the form (oldest first): ref, when, variant, supported, link,
    then one column per question key; returns how many. `rows` are the form's
    `data.response_rows`, one per answer; `advance(n)` is told every PROGRESS_EVERY
    responses."""
    layout = data.layout["responses"]
    label = layout.label
    keys = plan.published_keys
    fixed = len(layout.columns)
    coded = [k for k in keys if QuestionType(k.question["type"]) in CODED_TYPES]
    columns = (
        list(layout.columns)
        + [_question_column(k) for k in keys]
        + [_code_column(k, label("code")) for k in coded]
    )
    sheet = SheetWriter(
        workbook, styles, plan.sheet_name, f"{label('form')}: {plan.form.title}", data.project.name
    )
    # The wording each key stood for, as a note on its heading (hover to read it).
    notes = [None] * fixed + [k.question.get("text", "") for k in [*keys, *coded]]
    sheet.start_table(columns, comments=notes)
    if coded:  # printed, the analysts' codes start a page of their own
        sheet.page_starts = {fixed + len(keys)}

    position = {k.key: fixed + n for n, k in enumerate(keys)}
    code_position = {k.key: fixed + len(keys) + n for n, k in enumerate(coded)}
    types = {k.key: QuestionType(k.question["type"]) for k in keys}
    labels = {k.key: option_labels(k.question) for k in coded}
    variants = {v.value: text for v, text in VARIANT_LABELS.items()}
    paper = label("paper")
    ws = sheet.ws
    fast = {1: style_id(ws, styles, "row_datetime")}
    wrap = style_id(ws, styles, "row_wrap")
    fast.update({at: wrap for at, c in enumerate(columns) if at >= fixed and c.kind == "wrap"})
    code = style_id(ws, styles, "row_code")
    fast.update({at: code for at in range(fixed + len(keys), len(columns)) if at not in fast})
    FastRows(ws, len(columns), fast)
    row = _Row(columns, fixed)
    current_id = None
    written = 0
    for response_id, ref, submitted, variant, supported, link_id, paper_by, permission, *a in rows:
        if response_id != current_id:
            if current_id is not None:
                sheet.append(row.cells, measure=False)  # its height travels with it
                written += 1
                if written % PROGRESS_EVERY == 0:
                    advance(PROGRESS_EVERY)
            current_id = response_id
            row.start(
                ref,
                _utc(submitted),
                variants.get(variant, variant),
                yes_no(None if supported is None else bool(supported), NOT_ANSWERED),
                plan.link_labels.get(link_id) or (paper if paper_by else ""),
            )
        key = a[0]
        if key is None or key not in position:
            continue  # a response with no answers, or a key no version of the form asked
        words, code = _answer_value(types[key], labels.get(key, {}), tuple(a[1:]), permission)
        row.put(position[key], words)
        if key in code_position:
            row.put(code_position[key], code)
    if current_id is not None:
        sheet.append(row.cells, measure=False)  # its height travels with it
        written += 1
    advance(written % PROGRESS_EVERY)
    sheet.finish()
    return written
