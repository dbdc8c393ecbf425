"""Migrations: `init-db` builds exactly the schema the models describe, from any older state, on
SQLite and (with COIMPACT_TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from coimpact import MIGRATIONS_DIR
from coimpact.extensions import db
from coimpact.models import Project

SCRIPTS = ScriptDirectory(MIGRATIONS_DIR)
HEADS = set(SCRIPTS.get_heads())
# Every state an existing database can be in short of the newest revision, oldest first.
OLDER = [
    "base",
    *reversed([r.revision for r in SCRIPTS.walk_revisions() if r.revision not in HEADS]),
]


@contextmanager
def logging_left_alone() -> Iterator[None]:
    """Alembic's env.py calls logging.config.fileConfig(), which replaces the root handlers and
    disables every logger it does not name (the app's among them). Undo that, so tests that run
    after these still see their log records."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    loggers = [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    disabled = {lg.name: lg.disabled for lg in loggers}
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, logger in logging.root.manager.loggerDict.items():
            if isinstance(logger, logging.Logger):
                logger.disabled = disabled.get(name, False)


@pytest.fixture
def bare_app(make_app):
    """An app on an empty database: no tables until a migration makes them."""
    app = make_app(create_schema=False)
    with app.app_context():
        yield app


@pytest.fixture
def cli(bare_app):
    def run(*args: str):
        with logging_left_alone():
            result = bare_app.test_cli_runner().invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return result

    return run


def schema_diff() -> list:
    """What `flask db migrate` would write now: compared with the settings env.py uses."""
    opts = dict(current_app.extensions["migrate"].configure_args)
    opts.pop("process_revision_directives", None)  # only shapes written scripts
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, db.metadata)


def current_revisions() -> set[str]:
    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def table_names() -> set[str]:
    with db.engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names())


def test_init_db_on_an_empty_database_builds_what_the_models_describe(bare_app, cli):
    assert table_names() == set()
    result = cli("init-db")
    assert "Database is up to date." in result.stdout
    assert current_revisions() == HEADS
    assert set(db.metadata.tables) <= table_names()
    assert schema_diff() == []


def test_db_check_finds_nothing_to_migrate(bare_app, cli):
    cli("init-db")
    cli("db", "check")  # exits non-zero if autogenerate would write anything


def test_downgrade_to_base_and_upgrade_again(bare_app, cli):
    cli("init-db")
    cli("db", "downgrade", "base")
    assert current_revisions() == set()
    assert table_names() <= {"alembic_version"}
    cli("init-db")
    assert current_revisions() == HEADS
    assert schema_diff() == []


@pytest.mark.parametrize("revision", OLDER)
def test_init_db_brings_an_older_database_to_the_newest_revision(bare_app, cli, revision):
    if revision == "base":
        # A database that was migrated once and then taken all the way back down.
        cli("init-db")
        cli("db", "downgrade", "base")
    else:
        cli("db", "upgrade", revision)
        add_project_as_of_now("older")
    assert current_revisions() == ({revision} if revision != "base" else set())
    cli("init-db")
    assert current_revisions() == HEADS
    assert schema_diff() == []
    if revision != "base":
        assert db.session.scalar(sa.select(Project.slug).where(Project.slug == "older"))


def add_project_as_of_now(slug: str) -> int:
    """Insert a project through the table as it is at this revision (not as the models say)."""
    return add_row_as_of_now("projects", slug=slug, name="Made before the upgrade")


def add_row_as_of_now(table: str, **values) -> int:
    """Insert a row through `table` as it is at this revision, every required column not given
    filled with an empty value of its type; its id."""
    with db.engine.begin() as connection:
        columns = sa.Table(table, sa.MetaData(), autoload_with=connection).columns
        for column in columns:
            if column.name in values or column.nullable or column.primary_key:
                continue
            python_type = column.type.python_type
            values[column.name] = (
                datetime.now(UTC).replace(tzinfo=None) if python_type is datetime else python_type()
            )
        table_ = sa.Table(table, sa.MetaData(), autoload_with=connection)
        return connection.execute(table_.insert().values(**values)).inserted_primary_key[0]


@pytest.mark.parametrize("revision", [r for r in OLDER if r not in ("base", "0001", "0002")])
def test_upgrading_keeps_what_rows_point_at(bare_app, cli, revision):
    """SQLite rebuilds a table to change it; with foreign keys on, dropping the old copy would
    run its children's ON DELETE actions (a response losing its share link, a project its
    periods). Upgrading from each revision keeps every link."""
    cli("db", "upgrade", revision)
    project = add_project_as_of_now("linked")
    form = add_row_as_of_now("forms", project_id=project, title="Linked", status="draft")
    version = add_row_as_of_now("form_versions", form_id=form, number=1, snapshot={})
    link = add_row_as_of_now("share_links", form_id=form, token="t" * 22, label="Venue")
    response = add_row_as_of_now(
        "responses",
        project_id=project,
        form_id=form,
        form_version_id=version,
        share_link_id=link,
        ref="R-LINKED",
        idempotency_key="k" * 32,
        variant="standard",
        quote_permission="no",
    )
    cli("init-db")
    assert current_revisions() == HEADS
    with db.engine.connect() as connection:
        kept = connection.execute(
            sa.text("SELECT share_link_id, form_id FROM responses WHERE id = :id"), {"id": response}
        ).one()
    assert tuple(kept) == (link, form)


def test_init_db_twice_is_harmless(bare_app, cli):
    cli("init-db")
    db.session.add(Project(slug="kept", name="Kept through a second init-db"))
    db.session.commit()
    cli("init-db")
    assert current_revisions() == HEADS
    assert db.session.scalar(sa.select(Project.name).where(Project.slug == "kept"))
    assert schema_diff() == []


def test_0005_turns_a_projects_dates_into_its_first_reporting_period(bare_app, cli):
    from datetime import date

    from coimpact.models import ReportingPeriod

    cli("db", "upgrade", "0004")
    with db.engine.begin() as connection:
        projects = sa.Table("projects", sa.MetaData(), autoload_with=connection)
        now = datetime.now(UTC).replace(tzinfo=None)
        for slug, start, end in (
            ("year", date(2025, 4, 1), date(2026, 3, 31)),
            ("open", date(2025, 4, 1), None),
            ("none", None, None),
        ):
            connection.execute(
                projects.insert().values(
                    slug=slug, name=slug, period_start=start, period_end=end, created_at=now,
                    evidence_counter=0, organisation="", problem="", aim="", lived_experience="",
                )
            )  # fmt: skip
    cli("db", "upgrade", "0005")
    periods = db.session.execute(
        sa.select(Project.slug, ReportingPeriod.name, ReportingPeriod.start_date,
                  ReportingPeriod.end_date).join(ReportingPeriod.project)
    ).all()  # fmt: skip
    assert periods == [("year", "2025-26", date(2025, 4, 1), date(2026, 3, 31))]


def test_0010_keeps_a_projects_dates_as_a_period_before_dropping_them(bare_app, cli):
    from datetime import date

    from coimpact.models import ReportingPeriod

    cli("db", "upgrade", "0009")
    with db.engine.begin() as connection:
        meta = sa.MetaData()
        projects = sa.Table("projects", meta, autoload_with=connection)
        periods = sa.Table("reporting_periods", meta, autoload_with=connection)
        now = datetime.now(UTC).replace(tzinfo=None)
        ids = {}
        for slug, start, end in (
            ("dated", date(2026, 4, 1), date(2027, 3, 31)),  # dates typed in after 0005
            ("kept", date(2025, 4, 1), date(2026, 3, 31)),  # already a period
            ("none", None, None),
        ):
            ids[slug] = connection.execute(
                projects.insert().values(
                    slug=slug, name=slug, period_start=start, period_end=end, created_at=now,
                    evidence_counter=0, organisation="", problem="", aim="", lived_experience="",
                ).returning(projects.c.id)
            ).scalar_one()  # fmt: skip
        connection.execute(
            periods.insert().values(
                project_id=ids["kept"], name="Year one",
                start_date=date(2025, 4, 1), end_date=date(2026, 3, 31),
            )
        )  # fmt: skip
    cli("db", "upgrade", "0010")
    found = db.session.execute(
        sa.select(Project.slug, ReportingPeriod.name, ReportingPeriod.start_date)
        .join(ReportingPeriod.project)
        .order_by(Project.slug)
    ).all()
    assert found == [("dated", "2026-27", date(2026, 4, 1)), ("kept", "Year one", date(2025, 4, 1))]
    with db.engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("projects")}
    assert "period_start" not in columns and "period_end" not in columns
    db.session.rollback()
    cli("db", "downgrade", "0009")
    with db.engine.connect() as connection:
        back = connection.execute(
            sa.text("SELECT slug, period_start FROM projects ORDER BY slug")
        ).all()
    assert [(slug, str(start) if start else None) for slug, start in back] == [
        ("dated", "2026-04-01"), ("kept", "2025-04-01"), ("none", None),
    ]  # fmt: skip


def test_a_command_on_a_database_not_yet_upgraded_says_what_to_run(bare_app, cli):
    """After an update, before init-db: a command that reads the new schema explains itself in
    one line instead of a traceback."""
    cli("db", "upgrade", "0009")
    add_project_as_of_now("older")
    with logging_left_alone():
        result = bare_app.test_cli_runner().invoke(args=["summary", "older"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    (line,) = result.stderr.strip().splitlines()
    assert "revision 0009" in line and "flask --app app init-db" in line
    cli("init-db")
    with logging_left_alone():
        assert bare_app.test_cli_runner().invoke(args=["summary", "older"]).exit_code == 0
