"""Issue 16's journey on the demo, through the real interfaces: staff make a co-assessor's
link with the command line; the co-assessor opens it (no JavaScript), reads the Theory of
Change in easy read and judges every outcome; a facilitator records a group in group mode;
the dashboard, an indicator review and the exported workbook show their view beside staff's."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Outcome, Project, Role
from coimpact.reports.assessment_periods import assessment_period
from tests.admin_helpers import post_form
from tests.conftest import PASSWORD, csrf_token
from tests.test_coassess_workbook import _table
from tests.workbook_helpers import open_workbook

START = re.compile(r'class="button button-start" href="([^"]+)"')


@pytest.fixture
def demo(make_app, tmp_path):
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"))
    with app.app_context():
        runner = app.test_cli_runner()
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
        project = db.session.scalar(sa.select(Project).where(Project.slug == "demo"))
        yield app, runner, project


def test_a_co_assessor_and_a_group_judge_the_demo_beside_staff(demo, make_user, tmp_path):
    app, runner, project = demo
    period = assessment_period(project.id)
    outcomes = db.session.scalars(
        sa.select(Outcome)
        .where(Outcome.project_id == project.id)
        .order_by(Outcome.section, Outcome.ref_number)
    ).all()

    made = runner.invoke(args=["coassessor-link", "demo", "--label", "Member 7"])
    assert made.exit_code == 0, made.output
    path = urlsplit(made.stdout.strip().splitlines()[-1]).path
    assert path.startswith("/c/")

    person = app.test_client()
    welcome = person.get(path)
    assert welcome.status_code == 200 and "You answered 0 of 11" in welcome.text
    aim = person.get(START.search(welcome.text)[1]).text
    assert project.aim_easy in aim  # the demo's aim in easy read
    url = START.search(aim)[1]
    answers = ["yes", "a_bit", "no", "not_sure"]
    for n, outcome in enumerate(outcomes):
        assert url.endswith(f"/outcomes/{outcome.ref}")
        page = person.get(url)
        assert page.status_code == 200
        assert outcome.statement_easy in page.text and f"Outcome {n + 1} of 11" in page.text
        sent = person.post(
            url,
            data={
                "csrf_token": csrf_token(page.text),
                "judgement": answers[n % 4],
                "why": f"Reason {outcome.ref}",
                "words_shared": "yes" if n % 2 else "no",
            },
        )
        assert sent.status_code == 303
        url = sent.headers["Location"]
    assert url.endswith("/thanks")
    assert "You answered all 11." in person.get(url).text

    staff = app.test_client()
    admin = make_user(Role.ADMIN, email="facilitator@example.org")
    page = staff.get("/login")
    signed = staff.post(
        "/login",
        data={"email": admin.email, "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert signed.status_code == 302

    # The facilitator runs the group for the first outcome on a shared screen.
    first = outcomes[0]
    group_url = f"/admin/coassess/{project.id}/group/{first.ref}"
    shown = staff.get(group_url)
    assert shown.status_code == 200 and first.statement_easy in shown.text
    # The same numbers as the co-assessor's own page, small ones hidden the same way: 4 people
    # answered A1.2 this year.
    assert "Fewer than 5 people answered" in shown.text and "out of 4" not in shown.text
    recorded = post_form(
        staff,
        group_url,
        {"held_on": "2026-11-20", "yes": "0", "a_bit": "0", "no": "4", "not_sure": "1",
         "words": "We still wait too long", "words_shared": "y"},
    )  # fmt: skip
    assert recorded.status_code == 303

    board = staff.get(f"/admin/dashboard/{project.id}?period={period}").text
    # A1: the person said yes, the group 4 no and 1 not sure.
    assert "1 said yes, 4 said no, 1 not sure" in board
    indicator = first.indicators[0]
    review = staff.get(f"/admin/dashboard/{project.id}/review/{indicator.id}?period={period}")
    assert review.status_code == 200 and "1 said yes, 4 said no, 1 not sure" in review.text

    out = tmp_path / "demo.xlsx"
    chosen = next(p for p in project.periods if p.name == period)
    exported = runner.invoke(
        args=["export", "demo", "--out", str(out),
              "--from", chosen.start_date.isoformat(), "--to", chosen.end_date.isoformat()]
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    table = _table(open_workbook(str(out))["Co-assessment"])
    assert set(table) == {o.ref for o in outcomes}
    row = table[first.ref]
    assert (row["Yes (on their own)"], row["No (in a group)"]) == (1, 4)
    assert "We still wait too long" in str(row)
    assert f"Reason {first.ref}" not in str(row)  # the co-assessor did not share these
    assert f"Reason {outcomes[1].ref}" in str(table[outcomes[1].ref])  # these they did
