"""The Co-assessment sheet: per outcome, staff's rating beside the answers of the people with
lived experience who judged it (on their own and in group sessions), their view, whether the
two disagree, and their words where they agreed to share them; the decision log below.

Co-assessors are never named or labelled here: their words say only whether they came from
one person or a group session. How answers add up and when they disagree is the one rule in
`domain/coassessment.py`.
"""

from __future__ import annotations

from openpyxl import Workbook

from coimpact.domain.coassessment import disagrees, staff_rating
from coimpact.domain.readable import uk_date
from coimpact.models import Judgement, Outcome
from coimpact.workbook.data import CoassessmentData, OutcomeAssessment, ProjectData
from coimpact.workbook.sheet import SheetWriter, Styles, text_height
from coimpact.workbook.texts import STATUS_LABELS

COUNT_KEYS = {
    "alone": dict(zip(Judgement, ("yes", "a_bit", "no", "not_sure"), strict=True)),
    "group": dict(
        zip(Judgement, ("group_yes", "group_a_bit", "group_no", "group_not_sure"), strict=True)
    ),
}
DECISION_TEXT_FROM = 3  # the decision's words run from column C to the table's last column


def write_coassessment(
    workbook: Workbook, styles: Styles, data: ProjectData, said: CoassessmentData
) -> None:
    """One row per outcome (every outcome, answered or not), then the period's decision log."""
    layout = data.layout["coassessment"]
    label = layout.label
    columns = layout.columns
    sheet = SheetWriter(workbook, styles, layout.name, layout.title, data.project.name)
    # Widths and frozen panes before the first row: the header follows the title, the period,
    # the note on how to read the sheet and a gap.
    sheet.set_widths([c.width for c in columns])
    header_row = 5
    sheet.freeze(f"C{header_row + 1}", f"{header_row}:{header_row}")
    sheet.line((layout.title, "title"), height=24)
    sheet.line((label("period"), "label"), (None, "text"), (said.period, "text"))
    sheet.merge_across(1, 2)
    note = label("how_to_read")
    sheet.line((note, "note"), height=text_height(note, sum(c.width for c in columns)))
    sheet.merge_across(1, len(columns))
    sheet.blank()
    sheet.table_header(columns)
    for outcome in data.outcomes:
        values = coassessment_row(
            outcome, said.outcomes.get(outcome.id) or OutcomeAssessment(), label
        )
        sheet.row(columns, [values[c.key] for c in columns])
    sheet.finish()  # the filter covers the outcomes only, not the decision log below
    _decision_log(sheet, data, said, label)


def coassessment_row(outcome: Outcome, said: OutcomeAssessment, label) -> dict:
    """One outcome's row by column key: staff's rating, the counts, the co-assessors' view,
    whether the two disagree, and the words shared (the PDF report prints the same)."""
    everyone = said.everyone
    staff = staff_rating(said.staff)
    if not everyone.total:
        view = label("no_answers")
    else:
        view = everyone.view.label if everyone.view is not None else label("tie")
    if staff is None or everyone.view is None:
        disagree = ""  # nothing to compare
    else:
        disagree = label("disagree") if disagrees(staff, everyone) else label("agree")
    values = {
        "outcome_ref": outcome.ref,
        "outcome": outcome.statement,
        "staff_rating": STATUS_LABELS[staff] if staff is not None else label("not_rated"),
        "view": view,
        "disagree": disagree,
        "words": _words(said, label),
    }
    for part, keys in COUNT_KEYS.items():
        tally = getattr(said, part)
        values.update({key: tally.counts[judgement] for judgement, key in keys.items()})
    return values


def _words(said: OutcomeAssessment, label) -> str:
    """Each shared reason on its own line, saying only whether one person or a group gave it."""
    lines = [
        f"“{text}” ({label('on_their_own') if held_on is None else _group(label, held_on)})"
        for text, held_on in said.words
    ]
    if said.unshared:
        lines.append(label("not_shared").replace("{n}", str(said.unshared)))
    return "\n".join(lines)


def _group(label, held_on) -> str:
    return label("in_group").replace("{date}", uk_date(held_on))


def _decision_log(sheet: SheetWriter, data: ProjectData, said: CoassessmentData, label) -> None:
    last = len(sheet.widths)
    wide = sum(sheet.widths[DECISION_TEXT_FROM - 1 :])
    refs = {o.id: o.ref for o in data.outcomes}
    sheet.blank()
    sheet.line((label("decisions"), "subtitle"))
    sheet.header([label("decision_date"), label("decision_outcome"), label("decision")])
    sheet.merge_across(DECISION_TEXT_FROM, last)
    for decided_on, outcome_id, decision in said.decisions:
        ref = refs.get(outcome_id, "") if outcome_id is not None else label("whole_assessment")
        sheet.line(
            (decided_on, "date"),
            (ref, "text"),
            (decision, "wrap"),
            height=text_height(decision, wide),
        )
        sheet.merge_across(DECISION_TEXT_FROM, last)
    if not said.decisions:
        sheet.line((label("no_decisions"), "note"))
        sheet.merge_across(1, last)
