"""Engine settings that keep data safe under concurrent writers."""

import sqlite3

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import Engine

from .extensions import db

SQLITE_BUSY_TIMEOUT_MS = 10_000


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
        connection.exec_driver_sql("BEGIN IMMEDIATE")
