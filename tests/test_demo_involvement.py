"""The demo project's involvement log: sessions over two reporting years, counted per year,
and the `Involvement` sheet of the workbook `export` writes."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Project
from coimpact.reports.involvement import involvement_totals
from tests.workbook_helpers import open_workbook, rows


@pytest.fixture
def demo(make_app, tmp_path):
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        yield app, db.session.scalar(sa.select(Project).where(Project.slug == "demo"))


def test_the_demo_log_counts_per_year(demo):
    _app, project = demo
    year_one = involvement_totals(db.session, project.id, date(2025, 4, 1), date(2026, 3, 31))
    year_two = involvement_totals(db.session, project.id, date(2026, 4, 1), date(2027, 3, 31))
    assert year_one.headline == "117.5 hours of lived-experience time, £2,350 paid"
    assert year_two.headline == "124 hours of lived-experience time, £2,480 paid"
    assert (year_one.sessions, year_two.sessions) == (5, 5)


def test_export_writes_the_demo_involvement_sheet(demo, tmp_path):
    app, _project = demo
    out = tmp_path / "demo.xlsx"
    result = app.test_cli_runner().invoke(args=["export", "demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = rows(open_workbook(str(out))["Involvement"])
    figures = {row[0]: row[4] for row in sheet[2:10]}
    assert figures["Sessions"] == 10
    assert figures["Hours of lived-experience time"] == 241.5
    assert figures["Paid to people with lived experience"] == 4830
    assert any(row[13] == "Aisha Khan, Tom Reilly" for row in sheet)
