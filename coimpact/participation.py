"""Deciding what a participant's link leads to, and the easy-read steps. No writes here."""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from .extensions import db
from .models import Form, FormStatus, FormVersion, Response, ShareLink
from .models.types import utcnow
from .text import NUL

AGREE, HELPED, CHECK = "agree", "helped", "check"


class LinkUnavailable(Exception):
    """The link leads nowhere a participant can answer; `status` is 404 or 410."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@functools.cache
def _link_query(with_version: bool) -> sa.Select:
    """The share link with the token bound as `token`, its form loaded with it (every caller
    needs the form) and, `with_version`, the form's published version.

    Built once: every public request runs one of these, and building a select costs about as
    much as running it on SQLite; its compiled form is cached by SQLAlchemy in any case."""
    query = (sa.select(ShareLink, FormVersion) if with_version else sa.select(ShareLink)).options(
        contains_eager(ShareLink.form)
    )
    query = query.join(ShareLink.form)
    if with_version:
        query = query.outerjoin(
            FormVersion,
            sa.and_(FormVersion.form_id == Form.id, FormVersion.number == Form.version),
        )
    return query.where(ShareLink.token == sa.bindparam("token"))


def _token_parameter(token: str) -> dict[str, str]:
    if NUL in token:  # no token has one, and PostgreSQL would refuse even to compare it
        raise LinkUnavailable(404, "unknown")
    return {"token": token[:64]}


def find_link(token: str) -> ShareLink:
    link = db.session.scalar(_link_query(False), _token_parameter(token))
    if link is None:
        raise LinkUnavailable(404, "unknown")
    return link


def responses_through(link: ShareLink) -> int:
    """How many responses a share link has taken (its limit counts these)."""
    return db.session.scalar(
        sa.select(sa.func.count(Response.id)).where(Response.share_link_id == link.id)
    )


def published_version(form: Form) -> FormVersion | None:
    """The version participants are answering now, or None while the form was never published."""
    if form.version < 1:
        return None
    return db.session.scalar(
        sa.select(FormVersion).where(
            FormVersion.form_id == form.id, FormVersion.number == form.version
        )
    )


def current_version(link: ShareLink) -> FormVersion | None:
    """The version a share link serves: its form's published one."""
    return published_version(link.form)


@dataclass(frozen=True)
class RememberedVersion:
    """Enough of a form version to show its page again while the database is unreachable."""

    number: int
    snapshot: dict[str, Any]


_RECENT: dict[str, tuple[float, RememberedVersion]] = {}
_RECENT_LOCK = threading.Lock()
RECENT_SECONDS = 6 * 3600
RECENT_MAX = 500


def remember(token: str, version: FormVersion) -> None:
    with _RECENT_LOCK:
        if len(_RECENT) >= RECENT_MAX:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[token] = (time.monotonic(), RememberedVersion(version.number, version.snapshot))


def recall(token: str) -> RememberedVersion | None:
    """The version a link served recently, so a person's posted answers can be shown back to
    them when the database fails under them."""
    with _RECENT_LOCK:
        found = _RECENT.get(token)
    if found is None or time.monotonic() - found[0] > RECENT_SECONDS:
        return None
    return found[1]


def open_link(token: str) -> tuple[ShareLink, FormVersion]:
    """The link and the form version it serves, or LinkUnavailable saying why not."""
    # One query for the link, its form and the published version: every public page asks.
    row = db.session.execute(_link_query(True), _token_parameter(token)).first()
    if row is None:
        raise LinkUnavailable(404, "unknown")
    link, version = row
    form = link.form
    now = utcnow()
    if version is None or form.status != FormStatus.OPEN or not link.is_open:
        raise LinkUnavailable(410, "closed")
    if (link.expires_at and link.expires_at <= now) or (form.closes_at and form.closes_at <= now):
        raise LinkUnavailable(410, "closed")
    if form.opens_at and form.opens_at > now:
        raise LinkUnavailable(410, "not_open_yet")
    if link.max_responses is not None and responses_through(link) >= link.max_responses:
        raise LinkUnavailable(410, "full")
    remember(token, version)
    return link, version


@dataclass(frozen=True)
class Steps:
    """The easy-read pages in order: agree, one per question, helped, check."""

    questions: list[dict[str, Any]]

    @property
    def names(self) -> list[str]:
        return [AGREE, *(str(n) for n in range(1, len(self.questions) + 1)), HELPED, CHECK]

    def is_step(self, name: str) -> bool:
        return name in self.names

    def question(self, name: str) -> dict[str, Any] | None:
        if name.isdigit() and 1 <= int(name) <= len(self.questions):
            return self.questions[int(name) - 1]
        return None

    def next(self, name: str) -> str:
        names = self.names
        return names[min(names.index(name) + 1, len(names) - 1)]

    def previous(self, name: str) -> str | None:
        names = self.names
        index = names.index(name)
        return names[index - 1] if index > 0 else None
