"""Engine settings that keep data safe under concurrent writers, and a SQLite file that only
its owner can read."""

import contextlib
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import Engine

from coimpact.config import normalise_database_url
from coimpact.extensions import db

SQLITE_BUSY_TIMEOUT_MS = 10_000
# The database holds what participants said: readable by the account the app runs as, no other.
OWNER_ONLY = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def _sqlite_file(cargs: list, cparams: dict) -> Path | None:
    """The file a SQLite connection opens, or None for an in-memory database."""
    name = str(cargs[0] if cargs else cparams.get("database") or "")
    if name.startswith("file:"):
        parts = urlsplit(name)
        if "mode=memory" in parts.query:
            return None
        name = unquote(parts.path)
    if not name or name == ":memory:":
        return None
    return Path(name)


def make_owner_only(path: Path) -> None:
    """Create the database file readable by its owner only, or take others' access away from
    one made before (under the default umask a new file is world-readable, 0644).

    SQLite creates its -wal and -shm files with the database file's own mode, so they follow;
    ones left from before are tightened here too. The mode is set explicitly, so the umask does
    not matter. A folder that is not there is left for SQLite to report.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    except FileExistsError:
        for name in (path, *(Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS)):
            with contextlib.suppress(OSError):  # gone meanwhile, or not ours to change
                if name.stat().st_mode & 0o777 != OWNER_ONLY:
                    name.chmod(OWNER_ONLY)
        return
    except OSError:
        return
    try:
        os.fchmod(fd, OWNER_ONLY)
    finally:
        os.close(fd)


@sa.event.listens_for(Engine, "do_connect")
def _sqlite_file_owner_only(dialect, _record, cargs, cparams) -> None:
    # Before SQLite opens (and perhaps creates) the file: every way in (init-db, seed-demo,
    # the web app, a worker) connects through here.
    if dialect.name == "sqlite" and (path := _sqlite_file(cargs, cparams)) is not None:
        make_owner_only(path)


@sa.event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cur = dbapi_connection.cursor()
    # WAL lets readers and one writer work at once; FULL sync keeps an acknowledged commit on
    # disk through a crash; foreign keys make erasure cascade as it does on PostgreSQL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def init_app(app: Flask) -> None:
    @app.teardown_appcontext
    def _rollback_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()


def database_ok() -> bool:
    """True when the database answers a trivial query."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return False


def begin_write() -> None:
    """Start the session's transaction as a writer.

    On SQLite a transaction that reads first and writes later can fail with "database is locked"
    when another writer got in between, whatever the busy timeout; BEGIN IMMEDIATE takes the
    write lock up front (waiting up to the busy timeout) so the read-then-write is safe.
    PostgreSQL needs nothing: its unique constraints settle races.
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.driver_connection
    if not raw.in_transaction:
        _begin_immediate(raw)


@contextmanager
def write_transaction() -> Iterator[None]:
    """The block as one write transaction: the write lock taken first (`begin_write`), committed
    at the end, rolled back on any error, which then goes on to the caller."""
    try:
        begin_write()
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def _begin_immediate(raw: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, trying again every fraction of a millisecond while another writer holds
    the lock.

    SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25 … ms between its tries, whether or not
    the lock came free meanwhile: a write lock held for about 3 ms kept the next writer waiting
    p90 38 ms. Polling with short sleeps (each frees the GIL) picks the lock up as it comes free.
    The busy timeout is off only for this statement and back before anything else runs. On the
    driver's connection, not through SQLAlchemy's (three statements a write, each cheap this
    way), so its errors are wrapped here as SQLAlchemy's would be: callers catch those."""
    try:
        raw.execute("PRAGMA busy_timeout=0")
        try:
            deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
            pause = _FIRST_PAUSE
            while True:
                try:
                    raw.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                        raise
                time.sleep(pause)
                pause = min(pause * 2, _LONGEST_PAUSE)
        finally:
            raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise sa.exc.OperationalError("BEGIN IMMEDIATE", None, exc) from exc


_FIRST_PAUSE, _LONGEST_PAUSE = 0.0002, 0.002


@contextmanager
def scratch_schema(
    url: str, prefix: str, connect_timeout: int | None = None
) -> Iterator[tuple[str, str]]:
    """A new, empty PostgreSQL schema in the database at `url` for as long as the block runs:
    its name, and a URL whose connections work in it. The test suite and `make load` each run
    in one of their own, never in tables someone uses, and leave nothing behind."""
    base = normalise_database_url(url)
    schema = f"{prefix}{uuid.uuid4().hex[:12]}"
    connect_args = {"connect_timeout": connect_timeout} if connect_timeout else {}
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT", connect_args=connect_args)
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except BaseException:
        admin.dispose()
        raise
    try:
        yield schema, in_schema(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def in_schema(url: str, schema: str) -> str:
    """`url` with its connections' search path set to `schema`."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}')}"
