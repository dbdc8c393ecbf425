"""`flask --app app backup PATH`: an online copy of the SQLite database; PostgreSQL is sent to
pg_dump with a clear line."""

import sqlite3
import stat

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import AuditEvent, Response
from tests.public_helpers import post_standard


def on_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def test_backup_copies_every_response_into_a_checked_private_file(
    client, runner, make_form, tmp_path
):
    link = make_form()
    for _ in range(3):
        assert post_standard(client, link.token).status_code == 303
    target = tmp_path / "backups" / "coimpact-copy.db"
    result = runner.invoke(args=["backup", str(target)])
    if not on_sqlite():
        assert result.exit_code != 0
        assert "pg_dump" in result.output and "Traceback" not in result.output
        assert not target.exists()
        return

    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not (tmp_path / "backups" / "coimpact-copy.db.partial").exists()
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = copy.execute("SELECT ref FROM responses ORDER BY ref").fetchall()
        # One self-contained file: the copy does not depend on a WAL beside it.
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    stored = db.session.scalars(sa.select(Response.ref).order_by(Response.ref)).all()
    assert [ref for (ref,) in copied] == stored and len(stored) == 3
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "backup")).one()
    assert event.target == target.name and event.detail["bytes"] == target.stat().st_size


def test_backup_never_overwrites_an_existing_file(runner, tmp_path):
    target = tmp_path / "already-here.db"
    target.write_bytes(b"keep me")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0
    assert target.read_bytes() == b"keep me"
    assert len(result.output.strip().splitlines()) == 1  # one clear line
