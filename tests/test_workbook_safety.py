"""Nothing typed by a participant or a member of staff becomes a formula, breaks the export, or
shows words the person did not allow; spam stays out of the workbook."""

from __future__ import annotations

import pytest

from coimpact.extensions import db
from coimpact.models import Question, QuestionType, Section
from coimpact.reports.quote_permission import WITHHELD
from coimpact.services.form_publishing import publish_form
from coimpact.services.theory import add_outcome
from coimpact.workbook.cells import CUT_MARK, MAX_CELL_CHARS, cell_value, safe_text
from tests.workbook_helpers import (
    ANON_NAME,
    NAMED_NAME,
    NO_GROUP,
    NO_STORY,
    PAYLOADS,
    SPAM_STORY,
    all_cells,
    all_text,
    build_fixture,
    export_bytes,
    open_workbook,
    rows,
    table,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def fx(make_project, make_form, client):
    return build_fixture(make_project, make_form, client)


@pytest.mark.parametrize("payload", [*PAYLOADS, "#N/A", "=", "-"])
def test_safe_text_never_leaves_a_formula(payload):
    safe = safe_text(payload)
    assert safe == "'" + payload
    assert not safe.startswith(FORMULA_STARTS)


def test_cell_value_cleans_cuts_and_types():
    assert safe_text("line\x0bbreak\x00 and\x1f more") == "linebreak and more"
    assert safe_text("\x0b=1") == "'=1"  # cleaned first, then made safe
    assert safe_text("tabs\tand\nnew lines\r stay") == "tabs\tand\nnew lines\r stay"
    long = safe_text("x" * 40_000)
    assert len(long) == MAX_CELL_CHARS and long.endswith(CUT_MARK)
    emoji = safe_text("😀" * 20_000)  # two UTF-16 units each, as Excel counts
    assert len(emoji.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS and emoji.endswith(CUT_MARK)
    assert cell_value(3.0) == 3 and isinstance(cell_value(3.0), int)
    assert cell_value(float("nan")) is None and cell_value(True) == "Yes"
    assert cell_value("") is None and cell_value("\x00") is None


def test_no_cell_is_a_formula_and_payloads_stay_text(fx, make_form):
    # Staff text in every place it reaches the workbook: an outcome, a form title (and so a
    # sheet name), a question's wording (the note on a Responses heading).
    add_outcome(fx.project, Section.IMPACT, '=HYPERLINK("http://evil.example","x")')
    fx.project.aim = "@SUM(A1)"
    form = fx.link.form
    form.title = "=1+2 [report]: a/b?*"
    question = db.session.query(Question).filter_by(form_id=form.id, key="story").one()
    question.text = "-1+2 tell us"
    publish_form(form)  # version 2: its wording is what the Responses heading notes show
    db.session.commit()
    book = open_workbook(export_bytes(fx.project))

    formulas = [c.coordinate for c in all_cells(book) if c.data_type == "f"]
    assert formulas == []
    for cell in all_cells(book):
        if isinstance(cell.value, str):
            assert cell.data_type == "s"
            assert not cell.value.startswith(FORMULA_STARTS), (cell.parent.title, cell.value)

    sheet = next(name for name in book.sheetnames if name.startswith("Responses - "))
    assert sheet == "Responses - =1+2 report a b"  # a sheet name is never a formula
    responses = table(book[sheet])
    stories = {r["story"] for r in responses}
    for payload in PAYLOADS:
        assert "'" + payload.strip() in stories  # as typed, but never live
    # The participant's name (a payload) attributes their approved quote, as text.
    evidence = {r["Ref"]: r for r in table(book["Evidence"])}
    assert evidence["EV7"]["Attribution"] == "'" + PAYLOADS[0]
    assert evidence["EV7"]["Text"] == "'" + PAYLOADS[0]
    comments = [c.comment.text for c in book[sheet][1] if c.comment]
    assert "'-1+2 tell us" in comments
    impact = {r["Outcome"] for r in table(book["Impact"])}
    assert '\'=HYPERLINK("http://evil.example","x")' in impact
    questions = {r["Form"] for r in table(book["Questions"])}
    assert questions == {"'=1+2 [report]: a/b?*"}


def test_control_characters_and_very_long_text_never_abort(fx):
    outcome = add_outcome(fx.project, Section.ACHIEVEMENT, "Pasted\x0b from Word\x07 text")
    outcome.who_benefits = "People\x01 in\x1f the group"  # PostgreSQL refuses NUL itself
    review_text = "A very long narrative. " * 2_000  # about 46,000 characters
    fx.project.lived_experience = review_text
    db.session.commit()
    book = open_workbook(export_bytes(fx.project))
    row = next(r for r in table(book["Achievements"]) if r["Outcome ref"] == outcome.ref)
    assert row["Outcome"] == "Pasted from Word text"
    assert row["Who benefits"] == "People in the group"
    about = {r[0]: r[1] for r in rows(book["About"]) if r[0]}
    lived = about["How people with lived experience took part"]
    assert len(lived) == MAX_CELL_CHARS and lived.endswith(CUT_MARK)


def test_control_characters_in_answers(fx):
    answer = next(a for a in fx.responses["anon"].answers if a.question_key == "story")
    answer.value_text = "Copied\x0b from\x0c a\x1b document " + "y" * 40_000
    db.session.commit()
    book = open_workbook(export_bytes(fx.project))
    ws = book["Responses - After the meeting"]
    number, story = next(
        (n, r["story"])
        for n, r in enumerate(table(ws), start=2)
        if r["Response ref"] == fx.responses["anon"].ref
    )
    assert story.startswith("Copied from a document yyy") and story.endswith(CUT_MARK)
    assert len(story) == MAX_CELL_CHARS
    # Wrapped, and as tall as Excel allows; short rows keep the default height.
    assert ws.cell(row=number, column=7).alignment.wrap_text
    assert ws.row_dimensions[number].height == 409
    easy = next(
        n for n, r in enumerate(table(ws), start=2) if r["Response ref"] == fx.responses["easy"].ref
    )
    assert ws.row_dimensions[easy].height is None


def test_quote_permission_holds_on_every_sheet(fx):
    book = open_workbook(export_bytes(fx.project))
    text = all_text(book)
    # "No": the person's own words appear nowhere, in any cell or note of any sheet...
    assert NO_STORY not in text and "zq-47" not in text
    assert NO_GROUP not in text
    # ...while their choices and ratings still appear and count.
    ws = book["Responses - After the meeting"]
    said_no = next(r for r in table(ws) if r["Response ref"] == fx.responses["no"].ref)
    assert said_no["story"] == WITHHELD and said_no["name_of_group"] == WITHHELD
    assert said_no["venue"] == "Option b" and said_no["feeling"] == "Good"
    assert said_no["confidence"] == "Bad → Good" and said_no["confidence (code)"] == "2 → 4"
    # "Yes, without my name": no name anywhere; "yes, with my name": the name goes with the quote.
    assert ANON_NAME not in text and "Annie" not in text
    assert NAMED_NAME in text
    # Draft evidence is not approved: its words are not shown either.
    assert "zq-51" not in text


def test_spam_is_left_out_everywhere(fx):
    book = open_workbook(export_bytes(fx.project))
    text = all_text(book)
    assert SPAM_STORY not in text and "zq-50" not in text
    assert fx.responses["spam"].ref not in text
    assert "EV4" not in text  # the quote cut from the spam response


def test_erased_responses_are_simply_absent(fx):
    ref = fx.responses["named"].ref
    db.session.delete(fx.responses["named"])
    db.session.commit()
    text = all_text(open_workbook(export_bytes(fx.project)))
    assert ref not in text and NAMED_NAME not in text


def test_every_question_type_has_a_column(fx):
    book = open_workbook(export_bytes(fx.project))
    header = rows(book["Responses - After the meeting"])[0]
    types = {q.key: q.type for q in fx.link.form.questions}
    assert set(types.values()) == set(QuestionType)
    assert header[5 : 5 + len(types)] == list(types)
