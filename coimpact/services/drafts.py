"""Easy-read drafts: answers kept on the server page by page until they are sent."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import Draft, FormVersion, ShareLink
from ..text import NUL


def start_draft(link: ShareLink, version: FormVersion) -> Draft:
    """Begin a new easy-read response and commit it."""
    draft = Draft(share_link_id=link.id, form_version_id=version.id, data={"fields": {}})
    db.session.add(draft)
    db.session.commit()
    return draft


def find_draft(key: str | None, link: ShareLink) -> Draft | None:
    if not key or NUL in key:  # a cookie anyone can set: PostgreSQL refuses NUL in a lookup
        return None
    return db.session.scalar(
        sa.select(Draft).where(Draft.key == key[:64], Draft.share_link_id == link.id)
    )


def save_step(draft: Draft, fields: dict[str, list[str]], next_step: str) -> None:
    """Keep one page's raw answers (as typed, so they can be shown back) and commit."""
    stored = dict(draft.data.get("fields", {}))
    stored.update(fields)
    draft.data = {**draft.data, "fields": stored}
    draft.step = next_step
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def discard(draft: Draft) -> None:
    """Delete a draft (sent, or the person chose not to take part) and commit."""
    db.session.delete(draft)
    db.session.commit()


def stored_fields(draft: Draft) -> dict[str, Any]:
    return dict(draft.data.get("fields", {}))
