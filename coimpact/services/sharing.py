"""Share links: their public addresses, whether they take answers, and closing or reopening them.

A link's token is made by the model's default and never changes; everything here reads it only
to build the address a participant opens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app

from coimpact.extensions import db
from coimpact.models import Form, FormRound, FormStatus, ShareLink, User
from coimpact.models.types import utcnow
from coimpact.services import audit


@dataclass(frozen=True)
class LinkUrls:
    standard: str
    easy: str


def public_urls(link: ShareLink, base_url: str | None = None) -> LinkUrls:
    """The full addresses of a link's standard and easy-read form, on the configured site
    (COIMPACT_BASE_URL): what goes on a poster or into an e-mail."""
    base = (base_url or current_app.config["COIMPACT_BASE_URL"]).rstrip("/")
    url = f"{base}/f/{link.token}"
    return LinkUrls(standard=url, easy=f"{url}/easy")


class LinkState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"
    FULL = "full"
    FORM_NOT_OPEN = "form_not_open"

    @property
    def label(self) -> str:
        return {
            "open": "Open",
            "closed": "Closed",
            "expired": "Expired",
            "full": "Full (limit reached)",
            "form_not_open": "Form not open",
        }[self.value]


def link_state(link: ShareLink, used: int, now: datetime | None = None) -> LinkState:
    """Whether a participant opening the link now could answer, and if not, why not.

    Mirrors the checks of `participation.open_link` (which answers 410 for every state but
    OPEN), so that staff see in the admin what a participant would see.
    """
    now = now or utcnow()
    form = link.form
    if not link.is_open:
        return LinkState.CLOSED
    if link.expires_at is not None and link.expires_at <= now:
        return LinkState.EXPIRED
    if link.max_responses is not None and used >= link.max_responses:
        return LinkState.FULL
    if (
        form.status != FormStatus.OPEN
        or form.version < 1
        or (form.closes_at is not None and form.closes_at <= now)
        or (form.opens_at is not None and form.opens_at > now)
    ):
        return LinkState.FORM_NOT_OPEN
    return LinkState.OPEN


def set_links_open(links: Iterable[ShareLink], is_open: bool, actor: User | None) -> int:
    """Close (or reopen) links and audit each one that changed. Flushes; the request commits.

    Returns how many changed; links already in the wanted state are left alone and not
    audited. A closed link answers 410 at once; reopening does not lift an expiry or a
    response limit, which still apply.
    """
    changed = 0
    for link in links:
        if link.is_open == is_open:
            continue
        link.is_open = is_open
        changed += 1
        audit.record(
            "link_reopened" if is_open else "link_closed",
            actor=actor,
            project_id=link.form.project_id,
            target=f"link {link.id}",
            detail={"form_id": link.form_id},
        )
    db.session.flush()
    return changed


def record_link_created(link: ShareLink, actor: User | None, **detail: object) -> None:
    """Audit a new link (flushed so it has an id); the request commits it with the link.
    `detail` adds ids and flags, never a token or a person key."""
    db.session.flush()
    audit.record(
        "link_created",
        actor=actor,
        project_id=link.form.project_id,
        target=f"link {link.id}",
        detail={"form_id": link.form_id, **detail},
    )


def round_named(form: Form, name: str | None) -> FormRound | None:
    """The form's round called `name` (spaces and case aside), made as its latest round if it
    has none of that name yet; None for no name (the link is for no round). Flushes."""
    wanted = " ".join((name or "").split())
    if not wanted:
        return None
    existing = db.session.scalars(sa.select(FormRound).where(FormRound.form_id == form.id)).all()
    for found in existing:
        if found.name.casefold() == wanted.casefold():
            return found
    made = FormRound(
        form_id=form.id,
        name=wanted,
        position=max((r.position for r in existing), default=0) + 1,
    )
    db.session.add(made)
    db.session.flush()
    return made
