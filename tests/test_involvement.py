"""The involvement log: sessions recorded through the service, totals from the report (for all
time and for a span of dates), and the Involvement sheet of the reopened workbook."""

from __future__ import annotations

from datetime import date

import pytest

from coimpact.domain.involvement import hours, parse_hours, parse_pounds, pounds
from coimpact.extensions import db
from coimpact.models import ElementKind, TocElement
from coimpact.reports.involvement import involvement_totals
from coimpact.services.involvement import add_session
from tests.workbook_helpers import all_text, export_bytes, open_workbook, rows

SECRET_NAMES = "Priya Unagreed zq-71"
AGREED_NAMES = "Sam Agreed, Jo Agreed"


def log_sessions(project) -> TocElement:
    activity = TocElement(project=project, kind=ElementKind.ACTIVITY, text="Co-design workshops")
    db.session.add(activity)
    db.session.flush()
    add_session(
        project,
        date(2026, 4, 1),
        "Planning the leaflet",
        "workshop",
        activity,
        lived_experience=8,
        carers=2,
        staff=3,
        length_minutes=180,  # 3 hours × 8 people = 24 hours
        payments_pence=8 * 2500,
        expenses_pence=4250,
        recognition="£25 vouchers",
        names=AGREED_NAMES,
        names_agreed=True,
    )
    add_session(
        project,
        date(2027, 3, 31),
        "Co-design day",
        "co_design",
        lived_experience=12,
        partners=2,
        staff=2,
        length_minutes=6 * 60,  # 72 hours
        payments_pence=12 * 9000,
        recognition="Certificates",
        names=SECRET_NAMES,
        names_agreed=False,
    )
    add_session(
        project,
        date(2025, 12, 1),
        "Last year's meeting",
        lived_experience=4,
        length_minutes=90,
        payments_pence=0,
    )
    db.session.commit()
    return activity


def test_totals_add_hours_and_money_up_from_the_log(make_project):
    project = make_project()
    log_sessions(project)
    totals = involvement_totals(db.session, project.id)
    assert totals.sessions == 3
    assert totals.people == {"lived_experience": 24, "carers": 2, "staff": 5, "partners": 2}
    assert totals.lived_experience_minutes == (24 + 72 + 6) * 60
    assert totals.headline == "102 hours of lived-experience time, £1,280 paid"
    assert totals.expenses == "£42.50"


def test_totals_for_a_period_count_both_end_days(make_project):
    project = make_project()
    log_sessions(project)
    year = involvement_totals(db.session, project.id, date(2026, 4, 1), date(2027, 3, 31))
    assert year.sessions == 2
    assert year.headline == "96 hours of lived-experience time, £1,280 paid"
    before = involvement_totals(db.session, project.id, None, date(2026, 3, 31))
    assert (before.sessions, before.payments_pence) == (1, 0)
    assert involvement_totals(db.session, make_project().id).headline == (
        "0 hours of lived-experience time, £0 paid"
    )


def test_names_are_not_kept_without_agreement(make_project):
    project = make_project()
    log_sessions(project)
    assert SECRET_NAMES not in {s.names for s in project_sessions(project)}


def project_sessions(project):
    from coimpact.models import InvolvementSession

    return db.session.query(InvolvementSession).filter_by(project_id=project.id).all()


def test_an_activity_of_another_project_is_refused(make_project):
    project, other = make_project(), make_project()
    foreign = TocElement(project=other, kind=ElementKind.ACTIVITY, text="Theirs")
    output = TocElement(project=project, kind=ElementKind.OUTPUT, text="Not an activity")
    db.session.add_all([foreign, output])
    db.session.flush()
    for activity in (foreign, output):
        with pytest.raises(ValueError, match="activities"):
            add_session(project, date(2026, 5, 1), "Wrong", activity=activity)


def test_money_and_hours_read_and_parse():
    assert pounds(360000) == "£3,600" and pounds(1250) == "£12.50"
    assert hours(240 * 60) == "240 hours" and hours(60) == "1 hour" and hours(150) == "2.5 hours"
    assert parse_pounds("£1,200.50") == 120050 and parse_pounds("") == 0
    assert parse_hours("1.5") == 90 and parse_hours("") == 0
    for bad in ("twelve", "-3", "1.234", "NaN"):
        with pytest.raises(ValueError):
            parse_pounds(bad)
    for bad in ("two", "-1", "1000"):
        with pytest.raises(ValueError):
            parse_hours(bad)


def test_the_involvement_sheet_has_totals_then_one_row_per_session(make_project):
    project = make_project()
    log_sessions(project)
    book = open_workbook(export_bytes(project))
    names = book.sheetnames
    assert names.index("Involvement") == names.index("Co-assessment") - 1
    sheet = rows(book["Involvement"])
    assert sheet[0][0] == "Involvement log"
    figures = {row[0]: row[4] for row in sheet[2:10]}
    assert figures["Sessions"] == 3
    assert figures["Hours of lived-experience time"] == 102
    assert figures["Paid to people with lived experience"] == 1280
    assert figures["Expenses"] == 42.5
    assert figures["Carers (places taken)"] == 2
    header_index = next(i for i, row in enumerate(sheet) if row[0] == "Date")
    ws = book["Involvement"]
    assert ws.freeze_panes == f"B{header_index + 2}"
    assert ws.print_title_rows == f"${header_index + 1}:${header_index + 1}"
    header = sheet[header_index]
    body = [dict(zip(header, row, strict=True)) for row in sheet[header_index + 1 :]]
    assert [r["Session"] for r in body] == [
        "Last year's meeting",
        "Planning the leaflet",
        "Co-design day",
    ]
    planning = body[1]
    assert planning["Kind"] == "Workshop"
    assert planning["Theory of Change activity"] == "Co-design workshops"
    assert planning["People with lived experience"] == 8
    assert planning["Length (hours)"] == 3 and planning["Lived-experience hours"] == 24
    assert planning["Paid to people with lived experience"] == 200
    assert planning["Names (only where people agreed)"] == AGREED_NAMES
    assert ws.cell(row=header_index + 3, column=11).number_format == '"£"#,##0.00'
    assert body[2]["Names (only where people agreed)"] is None
    assert SECRET_NAMES not in all_text(book)


def test_the_involvement_sheet_of_an_empty_log(make_project):
    book = open_workbook(export_bytes(make_project()))
    assert "No sessions logged yet." in [row[0] for row in rows(book["Involvement"])]
