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


def add_project_as_of_now(slug: str) -> None:
    """Insert a project through the table as it is at this revision (not as the models say)."""
    with db.engine.begin() as connection:
        projects = sa.Table("projects", sa.MetaData(), autoload_with=connection)
        values = {"slug": slug, "name": "Made before the upgrade"}
        for column in projects.columns:
            if column.name in values or column.nullable or column.primary_key:
                continue
            python_type = column.type.python_type
            values[column.name] = (
                datetime.now(UTC).replace(tzinfo=None) if python_type is datetime else python_type()
            )
        connection.execute(projects.insert().values(**values))


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
