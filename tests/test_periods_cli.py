"""`summary` and `export` for a reporting period (--from/--to, UK dates, inclusive) through the
CLI runner, the workbook reopened with openpyxl: the edges at midnight in the UK, in BST."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from coimpact.domain.readable import UK
from coimpact.extensions import db
from tests.workbook_helpers import build_fixture, open_workbook, rows, table

# 1 Apr to 30 Jun 2025 is all in BST (UTC+1): midnight in the UK is 23:00 UTC the day before.
IN_RANGE = ("named", "no")
TIMES = {
    "no": datetime(2025, 4, 1, 0, 0, tzinfo=UK),  # the first minute of the first day
    "named": datetime(2025, 6, 30, 23, 59, tzinfo=UK),  # the last minute of the last day
    "anon": datetime(2025, 7, 1, 0, 0, tzinfo=UK),  # 30 Jun 23:00 UTC, yet the next day
    "easy": datetime(2025, 3, 31, 23, 59, tzinfo=UK),  # the evening before
    "spam": datetime(2025, 5, 1, 12, 0, tzinfo=UK),  # in range, but spam never counts
}
LATER = datetime(2026, 1, 15, 12, 0, tzinfo=UK)


@pytest.fixture
def fx(make_project, make_form, client):
    fx = build_fixture(make_project, make_form, client)
    for name, response in fx.responses.items():
        response.submitted_at = TIMES.get(name, LATER)
    db.session.commit()
    return fx


def run(runner, *args):
    return runner.invoke(args=list(args))


def summary(runner, slug, *options) -> dict:
    result = run(runner, "summary", slug, "--json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def one_line_error(result) -> str:
    assert result.exit_code != 0, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_summary_counts_the_responses_submitted_in_the_period(fx, runner):
    slug = fx.project.slug
    everything = summary(runner, slug)
    assert everything["responses"] == len(fx.responses) - 1  # all but the spam
    spring = summary(runner, slug, "--from", "2025-04-01", "--to", "2025-06-30")
    assert spring["responses"] == len(IN_RANGE)
    assert (spring["from"], spring["to"]) == ("2025-04-01", "2025-06-30")
    assert spring["period"] is None  # not a reporting period's dates
    # The rest of the counts are the project's as it is now.
    assert spring["outcomes"] == everything["outcomes"]
    assert spring["forms"] == everything["forms"]


def test_summary_edges_at_uk_midnight(fx, runner):
    slug = fx.project.slug
    # A response at 00:00 on 1 July (UK, BST) belongs to 1 July, not 30 June.
    assert summary(runner, slug, "--from", "2025-07-01", "--to", "2025-07-01")["responses"] == 1
    # 23:59 on 30 June counts for 30 June.
    assert summary(runner, slug, "--from", "2025-06-30", "--to", "2025-06-30")["responses"] == 1
    # Either end may be left open.
    assert summary(runner, slug, "--to", "2025-03-31")["responses"] == 1  # the easy-read one
    assert summary(runner, slug, "--from", "2025-07-01")["responses"] == len(fx.responses) - 4


def test_summary_edges_in_winter_time(fx, runner):
    fx.responses["no"].submitted_at = datetime(2026, 1, 31, 23, 59, tzinfo=UK)
    fx.responses["named"].submitted_at = datetime(2026, 2, 1, 0, 0, tzinfo=UK)
    db.session.commit()
    january = summary(runner, fx.project.slug, "--from", "2026-01-31", "--to", "2026-01-31")
    assert january["responses"] == 1


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--from", "2025-13-01"], "--from must be a date written as YYYY-MM-DD"),
        (["--to", "yesterday"], "--to must be a date written as YYYY-MM-DD"),
        (["--from", "2025-07-01", "--to", "2025-06-30"], "cannot end (2025-06-30) before"),
    ],
)
@pytest.mark.parametrize("command", ["summary", "export"])
def test_bad_dates_are_one_friendly_line(fx, runner, tmp_path, command, options, says):
    extra = ["--json"] if command == "summary" else ["--out", str(tmp_path / "x.xlsx")]
    line = one_line_error(run(runner, command, fx.project.slug, *extra, *options))
    assert line.startswith("Error: ") and says in line
    assert not (tmp_path / "x.xlsx").exists()


def test_export_for_a_period_holds_only_that_period(fx, runner, tmp_path):
    out = tmp_path / "spring.xlsx"
    result = run(
        runner, "export", fx.project.slug, "--out", str(out), "--from", "2025-04-01",
        "--to", "2025-06-30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    book = open_workbook(str(out))

    about = {r[0]: r[1] for r in rows(book["About"]) if r[0]}
    assert about["Reporting period"] == "1 Apr 2025 to 30 Jun 2025"
    assert about["Reporting period from"].date().isoformat() == "2025-04-01"
    assert about["Reporting period to"].date().isoformat() == "2025-06-30"
    assert about["Responses"] == len(IN_RANGE)

    responses = table(book["Responses - After the meeting"])
    assert sorted(r["Response ref"] for r in responses) == sorted(
        fx.responses[name].ref for name in IN_RANGE
    )
    # Evidence: cut from the period's responses only; staff's own (1 Oct 2025) is outside.
    evidence = table(book["Evidence"])
    assert sorted(r["Response ref"] for r in evidence) == sorted(
        fx.responses[name].ref for name in IN_RANGE
    )
    # Results: the indicator counts the period's answers only.
    indicators = {r["Ref"]: r for r in table(book["Indicators"])}
    assert indicators["A1.1"]["n"] == len(IN_RANGE)


def test_export_without_dates_covers_all_time(fx, runner, tmp_path):
    out = tmp_path / "all.xlsx"
    assert run(runner, "export", fx.project.slug, "--out", str(out)).exit_code == 0
    book = open_workbook(str(out))
    about = {r[0]: r[1] for r in rows(book["About"]) if r[0]}
    assert about["Reporting period"] == "All time"
    assert about["Responses"] == len(fx.responses) - 1
    assert len(table(book["Responses - After the meeting"])) == len(fx.responses) - 1


def test_export_of_a_named_period_has_the_previous_period_beside_each_result(fx, runner, tmp_path):
    from datetime import date

    from coimpact.domain.periods import Period
    from coimpact.reports.indicator_results import project_results
    from coimpact.reports.periods import change_since
    from coimpact.services.periods import add_period

    add_period(fx.project, "2025-26", date(2025, 4, 1), date(2026, 3, 31))
    add_period(fx.project, "2024-25", date(2024, 4, 1), date(2025, 3, 31))
    fx.responses["easy"].submitted_at = datetime(2025, 3, 1, 12, 0, tzinfo=UK)
    db.session.commit()
    out = tmp_path / "year.xlsx"
    result = run(
        runner, "export", fx.project.slug, "--out", str(out), "--from", "2025-04-01",
        "--to", "2026-03-31",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    book = open_workbook(str(out))
    about = {r[0]: r[1] for r in rows(book["About"]) if r[0]}
    assert about["Reporting period"] == "2025-26 (1 Apr 2025 to 31 Mar 2026)"

    a11 = fx.indicators["A1.1"]
    now = project_results(
        db.session, fx.project.id, period=Period(date(2025, 4, 1), date(2026, 3, 31))
    )
    before = project_results(
        db.session, fx.project.id, period=Period(date(2024, 4, 1), date(2025, 3, 31))
    )
    assert before[a11.id].agree_base == 1  # the easy-read response, moved into 2024-25
    indicators = {r["Ref"]: r for r in table(book["Indicators"])}
    row = indicators["A1.1"]
    assert row["Result"] == now[a11.id].headline(a11.measure)
    assert row["Previous period's result"] == before[a11.id].headline(a11.measure)
    assert row["Change since the previous period"] == change_since(
        a11.measure, now[a11.id], before[a11.id]
    )
    achievements = {r["Indicator ref"]: r for r in table(book["Achievements"])}
    assert achievements["A1.1"]["Previous period's result"] == row["Previous period's result"]
    # Reviews are the period's: the fixture's review is for 2025-26.
    assert achievements["A1.1"]["Review period"] == "2025-26"


def test_the_demo_spreads_its_responses_over_two_periods(make_app, tmp_path):
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"))
    with app.app_context():
        runner = app.test_cli_runner()
        assert run(runner, "seed-demo").exit_code == 0
        total = summary(runner, "demo")["responses"]
        first = summary(runner, "demo", "--from", "2025-04-01", "--to", "2026-03-31")
        second = summary(runner, "demo", "--from", "2026-04-01", "--to", "2027-03-31")
        assert first["responses"] > 10 and second["responses"] > 10
        assert first["responses"] + second["responses"] == total
        # Dates that are a reporting period's are named as it.
        assert (first["period"], second["period"]) == ("2025-26", "2026-27")
        said = run(runner, "summary", "demo", "--from", "2026-04-01", "--to", "2027-03-31")
        assert "period: 2026-27 (1 Apr 2026 to 31 Mar 2027)" in said.stdout
