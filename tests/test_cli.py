"""The command line through Flask's CLI runner: the CLI table in contracts.md."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from coimpact.auth.passwords import verify_password
from coimpact.demo.seed import DEMO_ADMIN_EMAIL
from coimpact.domain import starter_set as starter
from coimpact.domain.question_types import choices_for, wording
from coimpact.extensions import db
from coimpact.models import (
    Answer,
    AuditEvent,
    EvidenceItem,
    EvidenceLink,
    Form,
    FormStatus,
    IndicatorReview,
    LinkStatus,
    Membership,
    Outcome,
    Project,
    Question,
    QuestionType,
    QuotePermission,
    Response,
    Role,
    Section,
    User,
    Variant,
    outcome_contributions,
)
from coimpact.services.accounts import set_password

BASE = "http://127.0.0.1:5000"
FORM_URL = re.compile(r"^(https?://\S+?)/f/([A-Za-z0-9_-]{16,})(/easy)?$")


@pytest.fixture
def password_file(tmp_path) -> Path:
    return tmp_path / "instance" / "demo-admin-password"


@pytest.fixture
def app(make_app, password_file):
    # The demo admin's password goes to this test's folder, never the real instance folder.
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(password_file))
    with app.app_context():
        yield app


def invoke(runner, *args, input=None):
    return runner.invoke(args=list(args), input=input)


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def one_line_error(result) -> str:
    """A failed command: non-zero exit, nothing on stdout, exactly one line on stderr."""
    assert result.exit_code != 0, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def summary(runner, slug="demo") -> dict:
    return json.loads(ok(invoke(runner, "summary", slug, "--json")).stdout)


def table_counts() -> dict[str, int]:
    """Rows in every table: a second seed-demo must leave every one of them alone."""
    return {
        name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for name, table in db.metadata.tables.items()
    }


def printed_password(output: str) -> str:
    return re.search(r"^  password: (\S+)$", output, re.M).group(1)


def test_seed_demo_creates_the_whole_demo_project(runner, password_file):
    result = ok(invoke(runner, "seed-demo"))
    assert "Created the demo project" in result.stdout
    counts = summary(runner)
    assert counts["responses"] == 40
    assert counts["forms"] == 2
    assert counts["responses_easy_read"] > 0 and counts["responses_standard"] > 0
    assert counts["responses_supported"] > 0
    assert counts["share_links"] >= 3
    assert counts["outcomes"] >= 8 and counts["indicators"] >= 8
    assert counts["evidence_items"] > 0 and counts["evidence_links"] > 0

    sections = set(db.session.scalars(sa.select(Outcome.section)))
    assert sections == set(Section)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(outcome_contributions)) > 0
    assert db.session.scalar(sa.select(sa.func.count(IndicatorReview.id))) > 0

    # Two published forms, every question type, easy read written for every question.
    forms = db.session.scalars(sa.select(Form)).all()
    for form in forms:
        assert (form.status, form.version) == (FormStatus.OPEN, 1)
        assert [v.number for v in form.versions] == [1]
        snapshot = form.versions[0].snapshot["questions"]
        assert [q["key"] for q in snapshot] == [q.key for q in form.questions]
        assert form.title_easy and form.intro_easy and form.consent_text_easy
    questions = db.session.scalars(sa.select(Question)).all()
    assert {q.type for q in questions} == set(QuestionType)
    assert all(q.text_easy and q.text_easy != q.text and q.symbol for q in questions)
    assert any(q.indicators for q in questions)

    # Varied responses, with names only where people allowed them.
    responses = db.session.scalars(sa.select(Response)).all()
    assert {r.quote_permission for r in responses} == set(QuotePermission)
    assert all(r.consent_given for r in responses)
    assert all(
        (r.participant_name is not None) == (r.quote_permission == "named") for r in responses
    )
    assert 2 <= sum(r.entered_by_id is not None for r in responses) <= 10
    days = sorted(r.submitted_at for r in responses)
    assert (days[-1] - days[0]).days > 300  # spread over the reporting period
    for response in responses[:10]:
        for answer in response.answers:
            assert answer.question_text == wording(
                {"text": answer.question.text, "text_easy": answer.question.text_easy},
                "text",
                response.variant == Variant.EASY,
            )

    # Evidence: refs 1..n, a most significant story, something unexpected, a staff observation,
    # links both suggested and confirmed.
    items = db.session.scalars(sa.select(EvidenceItem).order_by(EvidenceItem.ref_number)).all()
    assert [item.ref_number for item in items] == list(range(1, len(items) + 1))
    assert any(item.most_significant and item.answer_id for item in items)
    assert any(item.unexpected for item in items)
    assert any(item.kind == "observation" and item.answer_id is None for item in items)
    for item in items:
        if item.answer is not None:
            assert item.text in item.answer.value_text
    statuses = set(db.session.scalars(sa.select(EvidenceLink.status)))
    assert {LinkStatus.SUGGESTED, LinkStatus.CONFIRMED} <= statuses

    # The demo admin: an admin, a member of the demo project, password kept 0600 and printed.
    admin = db.session.scalar(sa.select(User).where(User.email == DEMO_ADMIN_EMAIL))
    assert admin.role == Role.ADMIN
    assert db.session.scalar(sa.select(Membership.id).where(Membership.user_id == admin.id))
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    password = password_file.read_text().strip()
    assert printed_password(result.stdout) == password
    assert verify_password(admin.password_hash, password)
    assert f"Sign in at {BASE}/login" in result.stdout
    assert DEMO_ADMIN_EMAIL in result.stdout


def test_seed_demo_twice_changes_nothing(runner):
    first = ok(invoke(runner, "seed-demo"))
    before, rows = summary(runner), table_counts()
    second = ok(invoke(runner, "seed-demo"))
    assert "already there" in second.stdout
    assert summary(runner) == before
    assert table_counts() == rows
    assert printed_password(second.stdout) == printed_password(first.stdout)
    assert FORM_URL.findall(second.stdout) == FORM_URL.findall(first.stdout)


def test_seed_demo_prints_every_public_link_as_a_full_url(runner):
    output = ok(invoke(runner, "seed-demo")).stdout
    urls = [line for line in output.splitlines() if "/f/" in line]
    matches = [FORM_URL.match(line) for line in urls]
    assert urls and all(matches), urls
    assert {m.group(1) for m in matches} == {BASE}
    tokens = {m.group(2) for m in matches}
    assert len(tokens) == summary(runner)["share_links"]
    for token in tokens:
        assert f"{BASE}/f/{token}" in urls and f"{BASE}/f/{token}/easy" in urls


def test_seed_demo_links_use_the_configured_base_url(make_app, password_file):
    app = make_app(
        COIMPACT_BASE_URL="https://impact.example.org/",
        COIMPACT_DEMO_PASSWORD_FILE=str(password_file),
    )
    output = ok(app.test_cli_runner().invoke(args=["seed-demo"])).stdout
    assert "Sign in at https://impact.example.org/login" in output
    urls = [line for line in output.splitlines() if "/f/" in line]
    assert urls and all(url.startswith("https://impact.example.org/f/") for url in urls)


def test_seed_demo_gives_a_new_password_when_the_file_is_gone(runner, password_file):
    first = printed_password(ok(invoke(runner, "seed-demo")).stdout)
    password_file.unlink()
    second = ok(invoke(runner, "seed-demo")).stdout
    assert "new password" in second
    assert printed_password(second) != first
    admin = db.session.scalar(sa.select(User).where(User.email == DEMO_ADMIN_EMAIL))
    assert verify_password(admin.password_hash, password_file.read_text().strip())


def test_seed_demo_does_not_show_a_password_someone_changed(runner):
    ok(invoke(runner, "seed-demo"))
    admin = db.session.scalar(sa.select(User).where(User.email == DEMO_ADMIN_EMAIL))
    set_password(admin, "a new password chosen by a person")
    db.session.commit()
    output = ok(invoke(runner, "seed-demo")).stdout
    assert "password: (not shown)" in output


def test_seed_demo_tops_up_to_exactly_n_responses(runner):
    result = ok(invoke(runner, "seed-demo", "--responses", "250"))
    assert "Added 210 synthetic responses" in result.stdout
    assert summary(runner)["responses"] == 250
    ok(invoke(runner, "seed-demo", "--responses", "250"))
    assert summary(runner)["responses"] == 250
    ok(invoke(runner, "seed-demo", "--responses", "10"))  # never takes any away
    assert summary(runner)["responses"] == 250

    # Synthetic answers look like real ones: valid codes, the wording of their variant.
    synthetic = db.session.scalars(sa.select(Response).order_by(Response.id).offset(40)).all()
    assert {r.variant for r in synthetic} == set(Variant)
    for response in synthetic[:60]:
        version = response.form_version.snapshot["questions"]
        by_key = {q["key"]: q for q in version}
        assert response.answers
        for answer in response.answers:
            question = by_key[answer.question_key]
            easy = response.variant == Variant.EASY
            assert answer.question_text == wording(question, "text", easy)
            codes = {c["code"] for c in choices_for(question)}
            assert set(answer.codes) <= codes
            if question["type"] == QuestionType.BEFORE_AFTER:
                assert answer.value_before is not None and answer.value_number is not None


def answer_contents() -> list[tuple]:
    rows = db.session.execute(
        sa.select(
            Response.submitted_at,
            Response.variant,
            Answer.question_key,
            Answer.value_text,
            Answer.value_number,
            Answer.value_before,
            Answer.option_codes,
        )
        .join(Answer.response)
        .order_by(Response.id, Answer.position)
    )
    return [tuple(row) for row in rows]


def test_seed_demo_top_up_is_deterministic(make_app, tmp_path):
    contents = []
    for name in ("one", "two"):
        app = make_app(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / name}.db",
            COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / name),
        )
        with app.app_context():
            ok(app.test_cli_runner().invoke(args=["seed-demo", "--responses", "120"]))
            contents.append(answer_contents()[-400:])
    assert contents[0] == contents[1]


def test_create_user_reads_the_password_from_stdin(runner):
    result = ok(
        invoke(
            runner,
            "create-user",
            "New.Person@Example.org",
            "--role",
            "viewer",
            input="a long pass phrase\n",
        )
    )
    assert "Created new.person@example.org (viewer)" in result.stdout
    user = db.session.scalar(sa.select(User).where(User.email == "new.person@example.org"))
    assert user.role == Role.VIEWER
    assert verify_password(user.password_hash, "a long pass phrase")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["create-user", "not-an-email"], "not a valid email address"),
        (["create-user", "short@example.org"], "at least 10 characters"),
        (["create-user", "role@example.org", "--role", "boss"], "Invalid value for '--role'"),
        (["create-user", "someone@example.org", "--project", "nowhere"], "No project"),
    ],
)
def test_create_user_refuses_bad_input_in_one_line(runner, args, expected):
    password = "short\n" if "short@example.org" in args else "a long pass phrase\n"
    line = one_line_error(invoke(runner, *args, input=password))
    assert expected in line
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_create_user_refuses_a_duplicate_in_one_line(runner, make_user):
    make_user(email="taken@example.org")
    line = one_line_error(
        invoke(runner, "create-user", "Taken@example.org", input="a long pass phrase\n")
    )
    assert "already exists" in line


def test_create_user_without_a_password_fails_in_one_line(runner):
    assert "No password" in one_line_error(invoke(runner, "create-user", "a@example.org", input=""))


def test_summary_prints_one_json_object(runner, make_project):
    make_project(slug="tiny", name="Tiny project")
    counts = summary(runner, "tiny")
    assert counts["project"] == "tiny"
    for key in (
        "responses",
        "forms",
        "outcomes",
        "indicators",
        "evidence_items",
        "evidence_links",
        "elements",
        "share_links",
    ):
        assert counts[key] == 0


def test_create_project_makes_an_empty_project_that_staff_can_join(runner):
    result = ok(
        invoke(
            runner,
            "create-project",
            "youth-voice",
            "--name",
            "Youth voice",
            "--organisation",
            "Northbrook Council",
        )
    )
    assert "youth-voice" in result.stdout
    counts = summary(runner, "youth-voice")
    assert (counts["name"], counts["outcomes"], counts["elements"]) == ("Youth voice", 0, 0)
    project = db.session.scalar(sa.select(Project).where(Project.slug == "youth-voice"))
    assert project.organisation == "Northbrook Council"
    created = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "project_created")
    ).all()
    assert [(e.project_id, e.target) for e in created] == [(project.id, "youth-voice")]
    ok(
        invoke(
            runner,
            "create-user",
            "lead@example.org",
            "--project",
            "youth-voice",
            input="a long password here\n",
        )
    )
    members = db.session.scalars(sa.select(Membership.project_id)).all()
    assert members == [project.id]


def test_create_project_from_the_starter_set(runner):
    ok(invoke(runner, "create-project", "from-starter", "--name", "Started", "--starter"))
    counts = summary(runner, "from-starter")
    assert counts["outcomes"] == len(starter.OUTCOMES)
    assert counts["indicators"] == sum(len(o.indicators) for o in starter.OUTCOMES)
    assert counts["elements"] == sum(len(texts) for texts in starter.ELEMENTS.values())
    # Every section of the Theory of Change has its starter outcomes.
    sections = set(db.session.scalars(sa.select(Outcome.section)))
    assert sections == set(Section)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["taken", "--name", "Again"], "is taken by the project 'Taken project'"),
        (["Not A Slug", "--name", "X"], "lower-case letters, digits and single hyphens"),
        (["trailing-", "--name", "X"], "lower-case letters, digits and single hyphens"),
        (["fine", "--name", "   "], "needs a name"),
        (["fine"], "Missing option '--name'"),
    ],
)
def test_create_project_refuses_in_one_line(runner, make_project, args, says):
    make_project(slug="taken", name="Taken project")
    assert says in one_line_error(invoke(runner, "create-project", *args))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 1


def test_summary_of_an_unknown_project_fails_in_one_line(runner):
    assert "No project with the slug 'nope'" in one_line_error(
        invoke(runner, "summary", "nope", "--json")
    )


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "demo", "--bogus"],
        ["summary"],
        ["seed-demo", "--responses", "-5"],
        ["seed-demo", "--responses", "many"],
        ["create-user", "a@example.org", "--role"],
    ],
)
def test_bad_options_fail_in_one_line(runner, args):
    line = one_line_error(invoke(runner, *args))
    assert "(see --help)" in line
