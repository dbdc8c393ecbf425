"""Easy-read drafts: answers kept on the server page by page until they are sent."""

from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa

from coimpact.database import write_lock
from coimpact.extensions import db
from coimpact.forms.published import LinkedForm, PublishedVersion
from coimpact.models import Draft
from coimpact.web.input_text import NUL


def start_draft(link: LinkedForm, version: PublishedVersion) -> Draft:
    """Begin a new easy-read response. Flushes (the draft's key is then set); the request
    commits."""
    draft = Draft(share_link_id=link.id, form_version_id=version.id, data={"fields": {}})
    with write_lock():
        db.session.add(draft)
        db.session.flush()
    return draft


def find_draft(key: str | None, link: LinkedForm) -> Draft | None:
    if not key or NUL in key:  # a cookie anyone can set: PostgreSQL refuses NUL in a lookup
        return None
    return db.session.scalar(_draft_query(), {"key": key[:64], "link_id": link.id})


@functools.cache
def _draft_query() -> sa.Select:
    # Built once: every easy-read page asks (see participation._link_query).
    return sa.select(Draft).where(
        Draft.key == sa.bindparam("key"), Draft.share_link_id == sa.bindparam("link_id")
    )


def save_step(draft: Draft, fields: dict[str, list[str]], next_step: str) -> None:
    """Keep one page's raw answers (as typed, so they can be shown back). Flushes; the
    request commits."""
    stored = {**draft.data.get("fields", {}), **fields}
    # One UPDATE on the table: the ORM's flush would cost more than the write itself.
    with write_lock():
        db.session.execute(
            _step_update(),
            {
                "draft_id": draft.id,
                "new_data": {**draft.data, "fields": stored},
                "new_step": next_step,
            },
        )


@functools.cache
def _step_update() -> sa.Update:
    table = Draft.__table__
    return (
        sa.update(table)
        .where(table.c.id == sa.bindparam("draft_id"))
        .values(data=sa.bindparam("new_data"), step=sa.bindparam("new_step"))
    )


def discard(draft: Draft) -> None:
    """Delete a draft (sent, or the person chose not to take part). Flushes; the request
    commits."""
    # One DELETE on the table, as save_step's UPDATE: nothing refers to a draft.
    with write_lock():
        db.session.execute(sa.delete(Draft.__table__).where(Draft.__table__.c.id == draft.id))
        db.session.expunge(draft)


def stored_fields(draft: Draft) -> dict[str, Any]:
    return dict(draft.data.get("fields", {}))
