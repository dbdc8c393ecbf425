"""The workbook's Co-assessment sheet and the Theory of Change's note on who took part: exported
through the `export` command and through `export_workbook`, read back with openpyxl."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from coimpact.demo import coassessment as demo_coassessment
from coimpact.domain.coassessment import staff_rating
from coimpact.domain.periods import Period
from coimpact.domain.symbols import is_symbol
from coimpact.extensions import db
from coimpact.models import (
    AssessmentDecision,
    Coassessment,
    Coassessor,
    CoassessorRole,
    GroupAssessment,
    IndicatorReview,
    Judgement,
    MeasureKind,
    Outcome,
    Project,
    ReviewStatus,
    Section,
)
from coimpact.models.coassessment import coassessor_token_hash, new_coassessor_token
from coimpact.services.periods import add_period
from coimpact.services.theory import add_indicator, add_outcome
from tests.workbook_helpers import all_text, export_bytes, open_workbook, rows

PERIOD = "2025-26"
YEAR = ("2025-04-01", "2026-03-31")
LABEL = "Coassessor label zq-70"  # every co-assessor's label starts with this
SHARED = "We still wait weeks for a break zq-81"
UNSHARED = "My private reason zq-82"
GROUP_SHARED = "The group said the form is better zq-83"
GROUP_UNSHARED = "The group's private words zq-84"
OTHER_PERIOD = "Words from last year zq-85"
PAYLOAD = '=HYPERLINK("http://evil.example/x","click")'
Y, A, N, S = Judgement.YES, Judgement.A_BIT, Judgement.NO, Judgement.NOT_SURE
HEADER_ROW = 5  # title, period, how to read, a gap, then the table


def _coassessor(project, n: int, role: CoassessorRole) -> Coassessor:
    person = Coassessor(
        project=project,
        label=f"{LABEL} {n}",
        role=role,
        token_hash=coassessor_token_hash(new_coassessor_token()),
        expires_at=datetime.now(UTC) + timedelta(days=30),
    )
    db.session.add(person)
    return person


def _review(indicator, status: ReviewStatus, period: str = PERIOD) -> None:
    db.session.add(IndicatorReview(indicator=indicator, period=period, status=status))


@pytest.fixture
def assessed(make_project):
    """Four outcomes: A1 (staff: achieved; most co-assessors: no), B1 (both: a bit), E1 (both:
    yes, a group included), I1 (nobody answered, no indicator)."""
    project = make_project(slug="together", name="Breaks together")
    add_period(project, PERIOD, date(2025, 4, 1), date(2026, 3, 31))
    a1 = add_outcome(project, Section.ACHIEVEMENT, "The leaflet was rewritten", "Carers")
    b1 = add_outcome(project, Section.BENEFIT, "Members feel more confident", "Members")
    add_outcome(project, Section.IMPACT, "People shape how breaks are bought", "Everyone")
    e1 = add_outcome(project, Section.PROCESS, "Members feel listened to", "Members")
    _review(add_indicator(a1, "Leaflet published", MeasureKind.COUNT), ReviewStatus.ACHIEVED)
    _review(add_indicator(a1, "Easy to read", MeasureKind.PERCENT_AGREE), ReviewStatus.ACHIEVED)
    _review(add_indicator(b1, "Confidence", MeasureKind.BEFORE_AFTER), ReviewStatus.PARTLY)
    listened = add_indicator(e1, "Felt listened to", MeasureKind.PERCENT_AGREE)
    _review(listened, ReviewStatus.ACHIEVED)
    _review(listened, ReviewStatus.NOT_YET, "2024-25")  # another period: not this sheet's
    roles = [CoassessorRole.LIVED_EXPERIENCE] * 4 + [CoassessorRole.CARER]
    people = [_coassessor(project, n, role) for n, role in enumerate(roles, start=1)]
    # Answered another period only, and never answered: neither is counted as taking part.
    last_year = _coassessor(project, 6, CoassessorRole.STAFF)
    _coassessor(project, 7, CoassessorRole.PARTNER)
    db.session.flush()

    def answer(person, outcome, judgement, why="", shared=False, period=PERIOD):
        db.session.add(
            Coassessment(
                project_id=project.id,
                outcome_id=outcome.id,
                coassessor_id=person.id,
                period=period,
                judgement=judgement,
                why=why,
                words_shared=shared,
            )
        )

    for person, judgement, why, shared in zip(
        people,
        (Y, A, N, N, S),
        (SHARED, UNSHARED, PAYLOAD, "", "   "),
        (True, False, True, False, True),
        strict=True,
    ):
        answer(person, a1, judgement, why, shared)
    for person, judgement in zip(people, (A, A, Y), strict=False):
        answer(person, b1, judgement)
    answer(people[0], e1, Y)
    answer(people[4], e1, S)
    answer(last_year, a1, Y, OTHER_PERIOD, True, period="2024-25")
    session_day = date(2026, 2, 12)
    for outcome, counts, words, shared in (
        (a1, (0, 0, 3, 1), GROUP_SHARED, True),
        (e1, (4, 0, 0, 0), GROUP_UNSHARED, False),
    ):
        db.session.add(
            GroupAssessment(
                project_id=project.id,
                outcome_id=outcome.id,
                period=PERIOD,
                held_on=session_day,
                yes_count=counts[0],
                a_bit_count=counts[1],
                no_count=counts[2],
                not_sure_count=counts[3],
                words=words,
                words_shared=shared,
            )
        )
    for decided_on, outcome, decision, period in (
        (date(2026, 3, 25), None, "We agreed the findings before they went to the funder.", PERIOD),
        (date(2026, 3, 20), a1, "We will ask carers about waiting times again in May.", PERIOD),
        (date(2026, 3, 21), e1, PAYLOAD, PERIOD),
        (date(2025, 3, 1), a1, "Last year's decision zq-86", "2024-25"),
    ):
        db.session.add(
            AssessmentDecision(
                project_id=project.id,
                outcome=outcome,
                period=period,
                decided_on=decided_on,
                decision=decision,
            )
        )
    db.session.commit()
    return project


def _table(ws) -> dict[str, dict]:
    """The outcome rows of the Co-assessment sheet by outcome ref, up to the first gap."""
    sheet = rows(ws)
    header = sheet[HEADER_ROW - 1]
    table = {}
    for row in sheet[HEADER_ROW:]:
        if all(v is None for v in row):
            break
        table[row[0]] = dict(zip(header, row, strict=False))
    return table


def _decision_log(ws) -> list[list]:
    sheet = rows(ws)
    start = next(n for n, row in enumerate(sheet) if row[0] == "Decision log")
    assert sheet[start + 1][:3] == ["Date", "Outcome ref", "What was decided"]
    return [row[:3] for row in sheet[start + 2 :] if any(v is not None for v in row)]


def _check_sheet(book) -> None:
    names = book.sheetnames
    assert names[-4:] == ["Involvement", "Co-assessment", "Easy read", "Glossary"]
    ws = book["Co-assessment"]
    assert ws.freeze_panes == f"C{HEADER_ROW + 1}"
    assert rows(ws)[1][:3] == ["Reporting period", None, PERIOD]
    table = _table(ws)
    assert list(table) == ["A1", "B1", "I1", "E1"]  # one row per outcome, in ref order

    a1 = table["A1"]
    assert a1["Staff's rating"] == "Achieved"
    own = [a1[f"{j} (on their own)"] for j in ("Yes", "A bit", "No", "Not sure")]
    group = [a1[f"{j} (in a group)"] for j in ("Yes", "A bit", "No", "Not sure")]
    assert (own, group) == ([1, 1, 2, 1], [0, 0, 3, 1])
    assert a1["Co-assessors' view"] == "No"
    assert a1["Staff and co-assessors disagree?"] == "Yes: they disagree"
    words = a1["Their words (shared with their permission)"].split("\n")
    assert words == [
        f"“{SHARED}” (on their own)",
        f"“{PAYLOAD}” (on their own)",
        f"“{GROUP_SHARED}” (group session, 12 Feb 2026)",
        "1 more gave their reasons but did not agree to them being shared.",
    ]

    b1 = table["B1"]
    assert (b1["Staff's rating"], b1["Co-assessors' view"]) == ("Partly achieved", "A bit")
    assert b1["A bit (on their own)"] == 2 and b1["Yes (on their own)"] == 1
    assert b1["Staff and co-assessors disagree?"] == "No"
    assert b1["Their words (shared with their permission)"] is None

    e1 = table["E1"]  # staff's rating of this period, not the older "not yet"
    assert (e1["Staff's rating"], e1["Co-assessors' view"]) == ("Achieved", "Yes")
    assert (e1["Yes (on their own)"], e1["Not sure (on their own)"], e1["Yes (in a group)"]) == (
        1,
        1,
        4,
    )
    assert e1["Staff and co-assessors disagree?"] == "No"
    assert e1["Their words (shared with their permission)"] == (
        "1 more gave their reasons but did not agree to them being shared."
    )

    i1 = table["I1"]
    assert (i1["Staff's rating"], i1["Co-assessors' view"]) == ("Not rated yet", "No answers yet")
    assert i1["Staff and co-assessors disagree?"] is None
    assert i1["Yes (on their own)"] == 0 and i1["No (in a group)"] == 0

    log = _decision_log(ws)
    assert log == [
        [datetime(2026, 3, 20), "A1", "We will ask carers about waiting times again in May."],
        [datetime(2026, 3, 21), "E1", "'" + PAYLOAD],
        [datetime(2026, 3, 25), "All", "We agreed the findings before they went to the funder."],
    ]

    toc = rows(book["Theory of Change"])
    note = next(row for row in toc if row[0] and str(row[0]).startswith("Who judged"))
    assert note[:2] == [
        f"Who judged the impact with staff ({PERIOD})",
        "Co-assessed by 4 people with lived experience and 1 carer; 1 group session",
    ]

    text = all_text(book)
    for secret in (UNSHARED, GROUP_UNSHARED, OTHER_PERIOD, "Last year's decision zq-86", LABEL):
        assert secret not in text
    # Nothing a co-assessor wrote can become a formula.
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    assert not cell.value.startswith("=")


def test_the_export_command_writes_the_co_assessment_sheet(assessed, runner, tmp_path):
    out = tmp_path / "together.xlsx"
    result = runner.invoke(
        args=["export", "together", "--out", str(out), "--from", YEAR[0], "--to", YEAR[1]]
    )
    assert result.exit_code == 0, result.output
    _check_sheet(open_workbook(str(out)))


def test_export_workbook_writes_the_co_assessment_sheet(assessed):
    period = Period(date(2025, 4, 1), date(2026, 3, 31))
    _check_sheet(open_workbook(export_bytes(assessed, period=period)))


def test_an_all_time_workbook_shows_the_period_being_assessed(assessed):
    # The project's only period is the one being assessed, so all time shows it too.
    _check_sheet(open_workbook(export_bytes(assessed)))


def test_a_project_nobody_co_assessed_still_gets_the_sheet(make_project):
    project = make_project(slug="quiet")
    add_outcome(project, Section.ACHIEVEMENT, "Something was done", "Members")
    db.session.commit()
    book = open_workbook(export_bytes(project))
    table = _table(book["Co-assessment"])
    assert list(table) == ["A1"]
    assert table["A1"]["Co-assessors' view"] == "No answers yet"
    assert _decision_log(book["Co-assessment"]) == [["No decisions recorded yet.", None, None]]
    toc = [v for row in rows(book["Theory of Change"]) for v in row if v]
    assert "Nobody has judged this period's outcomes with staff yet." in toc


def test_staff_rating_is_what_most_indicators_were_given():
    assert staff_rating([]) is None
    assert staff_rating(["achieved", "achieved", "partly"]) == ReviewStatus.ACHIEVED
    # A tie goes to the less achieved: success is not claimed on half the evidence.
    assert staff_rating([ReviewStatus.ACHIEVED, ReviewStatus.PARTLY]) == ReviewStatus.PARTLY
    assert staff_rating([ReviewStatus.NOT_YET, ReviewStatus.ACHIEVED]) == ReviewStatus.NOT_YET


COUNT_HEADINGS = [
    f"{answer} ({how})"
    for how in ("on their own", "in a group")
    for answer in ("Yes", "A bit", "No", "Not sure")
]


def test_the_demo_is_co_assessed_in_easy_read_for_every_outcome(make_app, tmp_path):
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"))
    runner = app.test_cli_runner()
    with app.app_context():
        seeded = runner.invoke(args=["seed-demo"])
        assert seeded.exit_code == 0, seeded.output
        assert "/c/" not in seeded.output  # nobody's co-assessment link is printed
        project = db.session.scalar(sa.select(Project).where(Project.slug == "demo"))
        assert project.aim_easy and is_symbol(project.aim_symbol)
        outcomes = db.session.scalars(sa.select(Outcome).where(Outcome.project == project)).all()
        for thing in (*outcomes, *(i for o in outcomes for i in o.indicators)):
            assert thing.statement_easy and is_symbol(thing.symbol), thing.ref
        refs = {o.ref for o in outcomes}

        out = tmp_path / "demo.xlsx"
        result = runner.invoke(
            args=["export", "demo", "--out", str(out), "--from", YEAR[0], "--to", YEAR[1]]
        )
        assert result.exit_code == 0, result.output
    book = open_workbook(str(out))
    assert book.sheetnames.index("Co-assessment") == book.sheetnames.index("Easy read") - 1
    table = _table(book["Co-assessment"])
    assert set(table) == refs
    for ref, row in table.items():
        assert sum(row[h] for h in COUNT_HEADINGS) >= 3, ref  # all three co-assessors answered
    assert table["I1"]["Staff and co-assessors disagree?"] == "Yes: they disagree"
    assert table["B1"]["Yes (in a group)"] == 3 and table["E1"]["Yes (in a group)"] == 6
    assert len(_decision_log(book["Co-assessment"])) == 2
    toc = [v for row in rows(book["Theory of Change"]) for v in row if v]
    assert "Co-assessed by 2 people with lived experience and 1 carer; 1 group session" in toc
    text = all_text(book)
    for label, _role in demo_coassessment.COASSESSORS:
        assert label not in text
    for answers in demo_coassessment.ANSWERS.values():
        for answer in answers:
            if isinstance(answer, tuple):
                _judgement, why, shared = answer
                assert (why in text) == shared, why
