"""Engine settings that keep data safe under concurrent writers, a SQLite file that only its
owner can read, and the one place where changes are saved.

Services only add to the session and flush; what they did is committed once, at the edge of
whatever called them: a web request when its view returns (`init_app`), a command or a
background job when it ends (`unit_of_work`). A request that raises, and a command or job that
fails, is rolled back whole. The `.commit()` calls of the whole package are in this module
(tests/test_layers.py checks it).
"""

import contextlib
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import sqlalchemy as sa
from flask import Flask, g, message_flashed
from flask import session as cookie_session
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

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
    """Make each request one unit of work: committed when its view (or a before-request hook
    that answers in its place) returns, rolled back when it raises.

    Committed there, inside Flask's dispatch, rather than in an `after_request` hook: Flask
    runs those for aborted requests too, and an error at commit raised from one would skip the
    error handlers. Here it meets them like any error of the view's: "database unavailable"
    is the 503 page, with its headers, and nothing is kept. So a view that answers with a 4xx
    on purpose (a wrong password counted towards the lockout) keeps what it recorded, while an
    `abort` or an exception, whatever page it ends in, keeps nothing.
    """
    preprocess, dispatch = app.preprocess_request, app.dispatch_request
    handle_user_exception = app.handle_user_exception

    def preprocess_then_commit():
        answer = preprocess()
        if answer is not None:  # a before-request hook answered: the view will not run
            _commit_request()
        return answer

    def dispatch_then_commit():
        answer = dispatch()
        try:
            _commit_request()
        except sa.exc.SQLAlchemyError:
            fallback = g.pop(_IF_COMMIT_FAILS, None)
            if fallback is None:
                raise
            _roll_back()
            return fallback()
        return answer

    def roll_back_then_handle(exc: Exception):
        _roll_back()
        return handle_user_exception(exc)

    app.preprocess_request = preprocess_then_commit
    app.dispatch_request = dispatch_then_commit
    app.handle_user_exception = roll_back_then_handle
    message_flashed.connect(_remember_flash, app)

    @app.teardown_appcontext
    def _rollback_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()


_FLASHED = "coimpact_flashed"
_IF_COMMIT_FAILS = "coimpact_if_commit_fails"


def if_commit_fails(answer: Callable[[], object]) -> None:
    """Answer the request with `answer()` instead of the error page should its commit fail
    (the database gone between the last write and the commit). For the participant pages,
    whose promise is that a person's answers come back to them whatever fails: `answer` must
    need no database, since the session has just been rolled back."""
    setattr(g, _IF_COMMIT_FAILS, answer)


def _remember_flash(_app: Flask, message: str, category: str, **_extra) -> None:
    g.setdefault(_FLASHED, []).append((category, message))


def _commit_request() -> None:
    if not db.session.registry.has():
        return  # the request never used the database: nothing to commit, no session to make
    try:
        db.session.commit()
    except Exception:
        # "Saved" flashed by the view would greet the person on their next page: take it back.
        flashed = g.pop(_FLASHED, [])
        kept = list(cookie_session.get("_flashes", []))
        for message in flashed:
            with contextlib.suppress(ValueError):
                kept.remove(message)
        if flashed:
            cookie_session["_flashes"] = kept
        raise


def _roll_back() -> None:
    if not db.session.registry.has():
        return
    # A dropped connection may fail to roll back too; the pool discards it either way.
    with contextlib.suppress(sa.exc.SQLAlchemyError):
        db.session.rollback()


@contextmanager
def unit_of_work() -> Iterator[None]:
    """The block's changes as one: committed when it ends, rolled back (and the error passed
    on) when it raises. The edge of every command (cli.py) and background job (jobs/)."""
    try:
        yield
        db.session.commit()
    except BaseException:
        _roll_back()
        raise


def after_commit(callback: Callable[[], object]) -> None:
    """Call `callback` once the session's changes are committed, and never if they are rolled
    back: for what must not happen before the data is saved (deleting a file the row named,
    starting a job that reads the new rows). It runs inside the commit, so it should not
    raise: what it follows is saved already."""
    db.session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def after_rollback(callback: Callable[[], object]) -> None:
    """Call `callback` if the session's changes are rolled back (or thrown away) instead of
    committed: for removing a file written for a row that is not kept."""
    db.session.info.setdefault(_AFTER_ROLLBACK, []).append(callback)


_AFTER_COMMIT, _AFTER_ROLLBACK = "coimpact_after_commit", "coimpact_after_rollback"


@sa.event.listens_for(Session, "after_commit")
def _run_after_commit(saved: Session) -> None:
    saved.info.pop(_AFTER_ROLLBACK, None)
    for callback in saved.info.pop(_AFTER_COMMIT, []):
        callback()


@sa.event.listens_for(Session, "after_transaction_end")
def _run_after_rollback(ended: Session, transaction) -> None:
    # Also after a commit, whose callbacks have run and gone by then.
    if transaction.parent is not None:  # a savepoint: the transaction around it goes on
        return
    ended.info.pop(_AFTER_COMMIT, None)
    for callback in ended.info.pop(_AFTER_ROLLBACK, []):
        callback()


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
    PostgreSQL needs nothing: its unique constraints settle races. A transaction that has
    written already holds the lock: nothing more is done.
    """
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    raw = connection.connection.driver_connection
    if not raw.in_transaction:
        _begin_immediate(raw)


@contextmanager
def write_lock() -> Iterator[None]:
    """The block's reads and writes under the write lock (`begin_write`), for a service that
    must read what it is about to write. Not committed here: the request commits. On any
    error the session is rolled back, so that the caller can answer on a clean one (the
    participant's page with their answers, after a database error), and the error goes on."""
    try:
        begin_write()
        yield
    except BaseException:
        _roll_back()
        raise


@contextmanager
def write_transaction() -> Iterator[None]:
    """The block as one write transaction, committed when it ends: the write lock taken first
    (`begin_write`), rolled back on any error, which then goes on to the caller. For batch work
    that commits as it goes (a bulk load, a purge), one batch a block."""
    with unit_of_work():
        begin_write()
        yield


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


def schema_behind(migrations_dir: str) -> str | None:
    """Why the database cannot serve this version of coimpact, in one line, when its schema is
    not the newest (never upgraded after an update, or never made); None when it is current.
    Asked after a query failed, so that a user sees what to run instead of a traceback."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory(migrations_dir).get_heads())
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except sa.exc.SQLAlchemyError:
        return None  # the database itself does not answer: the error says so better
    if current == heads:
        return None
    found = ", ".join(sorted(current)) or "none (an empty database)"
    return (
        f"The database's schema is at revision {found}; this version of coimpact needs "
        f"{', '.join(sorted(heads))}. Back it up, then run `flask --app app init-db` to upgrade it."
    )
