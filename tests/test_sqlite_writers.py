"""Writers on SQLite take the write lock up front (`begin_write`) and wait for it by polling:
a writer gets the lock once it comes free, gives up after the busy timeout with an error the
views already handle, and leaves the connection's busy timeout as it found it.

On a SQLite file of their own, so they run in the PostgreSQL pass of the suite as well."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import sqlalchemy as sa

from coimpact import database
from coimpact.database import SQLITE_BUSY_TIMEOUT_MS, begin_write
from coimpact.extensions import db
from coimpact.models import Project


@pytest.fixture
def sqlite_app(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'writers.db'}")
    with app.app_context():
        yield app, tmp_path / "writers.db"


def busy_timeout() -> int:
    return db.session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar()


def add_project(slug: str) -> None:
    begin_write()
    db.session.add(Project(slug=slug, name=slug))
    db.session.commit()


def test_a_writer_waits_while_another_holds_the_lock_and_writes_once_it_is_free(sqlite_app):
    app, path = sqlite_app
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    done = threading.Event()
    errors: list[BaseException] = []

    def write():
        try:
            with app.app_context():
                add_project("waited")
                assert busy_timeout() == SQLITE_BUSY_TIMEOUT_MS
            done.set()
        except BaseException as exc:  # reported below, from the test's own thread
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    assert not done.wait(0.3), "the writer went ahead while another connection held the lock"
    holder.execute("COMMIT")
    writer.join(5)
    holder.close()
    assert not errors and done.is_set()
    assert db.session.scalars(sa.select(Project.slug)).all() == ["waited"]


def test_a_writer_gives_up_after_the_busy_timeout_with_a_database_error(sqlite_app, monkeypatch):
    app, path = sqlite_app
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(sa.exc.OperationalError, match="locked"):
            add_project("never")
        db.session.rollback()
        assert busy_timeout() == 200  # back as it was, for every later statement
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    add_project("after")
    assert db.session.scalars(sa.select(Project.slug)).all() == ["after"]
