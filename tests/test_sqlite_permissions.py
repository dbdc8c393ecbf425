"""The SQLite database holds what participants said: its file, and SQLite's -wal and -shm files
beside it, are readable by their owner only (0600), however they come to be made and whatever
the umask, as the secret key is. Each test names a SQLite file of its own, so it runs the same
when the rest of the suite uses PostgreSQL."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from coimpact.extensions import db


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def modes(path: Path) -> dict[str, int]:
    """The permission bits of the database file and of each SQLite file beside it."""
    found = [path, *(Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal"))]
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in found if p.exists()}


@pytest.mark.parametrize("mask", [0o022, 0o000, 0o277], ids=["umask022", "umask000", "umask277"])
@pytest.mark.parametrize("command", [["init-db"], ["seed-demo"]], ids=["init-db", "seed-demo"])
def test_the_command_line_makes_an_owner_only_database(make_app, tmp_path, mask, command):
    path = tmp_path / "coimpact.db"
    app = make_app(create_schema=False, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context(), umask(mask):
        if command != ["init-db"]:  # as `make run` does: the schema first
            assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
        result = app.test_cli_runner().invoke(args=command)
        assert result.exit_code == 0, result.output
        found = modes(path)
    # While the app holds connections open, SQLite keeps its write-ahead log beside the file.
    assert {"coimpact.db", "coimpact.db-wal", "coimpact.db-shm"} <= found.keys()
    assert set(found.values()) == {0o600}, found


def test_the_app_itself_makes_an_owner_only_database(make_app, tmp_path):
    path = tmp_path / "made-by-the-app.db"
    with umask(0o000):
        app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")  # creates the tables
        with app.app_context():
            db.session.execute(sa.text("SELECT 1"))
            found = modes(path)
    assert len(found) == 3 and set(found.values()) == {0o600}, found


def test_a_database_made_before_is_tightened(make_app, tmp_path):
    path = tmp_path / "older.db"
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        name.touch()
        name.chmod(0o644)  # as an older version left them under the default umask
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        assert db.session.execute(sa.text("SELECT 1")).scalar() == 1
        found = modes(path)
    assert set(found.values()) == {0o600}, found
