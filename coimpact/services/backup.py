"""An online backup of a SQLite database, taken while the app keeps serving.

Copying the database file by hand while participants submit can give a torn copy (the WAL holds
recent commits); SQLite's backup API copies a consistent snapshot page by page instead. PostgreSQL
has its own tool for this, `pg_dump`, which the README shows.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coimpact.database import OWNER_ONLY
from coimpact.extensions import db
from coimpact.services import audit

PAGES_PER_STEP = 1024


class BackupError(RuntimeError):
    """The backup could not be made; the message is for people."""


@dataclass(frozen=True)
class Backup:
    path: Path
    bytes: int


def backup_sqlite(target: Path, progress: Callable[[int, int], None] | None = None) -> Backup:
    """Copy the app's SQLite database to `target` (through a temporary file and a rename, so a
    half-written backup never carries the final name), check the copy, and audit it. The audit
    event is flushed; the command commits it."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        raise BackupError(
            "This database is PostgreSQL: back it up with pg_dump "
            '(pg_dump --format=custom --file=coimpact.dump "$DATABASE_URL").'
        )
    target = target.resolve()
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")

    def step(_status: int, remaining: int, total: int) -> None:
        if progress:
            progress(total - remaining, total)

    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        with sqlite3.connect(partial) as copy:
            source.backup(copy, pages=PAGES_PER_STEP, progress=step)
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The copy failed its integrity check; nothing was kept.")
            # A backup is one self-contained file: no WAL beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        copy.close()
        os.chmod(partial, OWNER_ONLY)  # it holds everything participants said
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        raw.close()

    audit.record("backup", target=target.name, detail={"bytes": target.stat().st_size})
    db.session.flush()
    return Backup(target, target.stat().st_size)
