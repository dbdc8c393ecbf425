"""Deciding what a participant's link leads to, and the easy-read steps. No writes here."""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Form, FormStatus, FormVersion, Project, ShareLink
from coimpact.models.types import utcnow
from coimpact.reports.counts import responses_through
from coimpact.web.input_text import NUL
from coimpact.web.recently_used import RecentlyUsed

AGREE, HELPED, CHECK = "agree", "helped", "check"


class Host(NamedTuple):
    """Who is asking: the project a form belongs to and the organisation that runs it. Every
    participant page of a link names both, so that people know whom they answer.

    Read with the link on each request (its project's two columns joined into the one query
    the page runs anyway), not kept with the version's snapshot: a renamed project shows its
    new name on the next page, in every process. A tuple, so that the page caches' keys that
    hold it hash and compare in C."""

    project: str
    organisation: str

    @classmethod
    def of(cls, project: Project) -> Host:
        return cls(project.name, project.organisation or "")


class LinkUnavailable(Exception):
    """The link leads nowhere a participant can answer; `status` is 404 or 410. `host` is
    known when the link exists (a closed form still says whose it is)."""

    def __init__(self, status: int, reason: str, host: Host | None = None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.host = host


@dataclass(frozen=True)
class PublishedVersion:
    """A published form version, as participants' pages and `store_response` use it.

    A version never changes once published, so its snapshot is read from the database once per
    process and shared by every request after (`_snapshots`): treat it as read-only."""

    id: int
    number: int
    form_id: int
    project_id: int
    published_at: datetime
    snapshot: dict[str, Any]
    host: Host

    @property
    def cache_key(self) -> tuple[int, datetime]:
        """What names this version in a cache. Not the id alone: SQLite may give a deleted
        form's last version id to the next version published, of any form."""
        return (self.id, self.published_at)

    @property
    def page_key(self) -> tuple[int, datetime, Host]:
        """What a participant page drawn from this version depends on: the version and who is
        asking (a page cached before a project was renamed is not served after)."""
        return (self.id, self.published_at, self.host)

    @classmethod
    def of(cls, version: FormVersion) -> PublishedVersion:
        """The same, from the ORM object (paper entry, the tests)."""
        return cls(
            id=version.id,
            number=version.number,
            form_id=version.form_id,
            project_id=version.form.project_id,
            published_at=version.published_at,
            snapshot=version.snapshot,
            host=Host.of(version.form.project),
        )


@dataclass(frozen=True)
class LinkedForm:
    """A share link and what participants' pages need of its form."""

    id: int  # the link's
    max_responses: int | None
    title: str  # the form's own titles (the thank-you page shows them)
    title_easy: str
    host: Host
    round_id: int | None = None  # the round of the form answers through this link are for
    # A personal link's secret (see ShareLink.person_key): left out of the repr, so that no
    # log line or error report that prints the link prints it.
    person_key: str | None = field(default=None, repr=False)

    @property
    def personal(self) -> bool:
        """A link for one person: their answers are recognised by the link, not by a code."""
        return self.person_key is not None

    @property
    def asks_code(self) -> bool:
        """A form run in rounds asks for the optional code, except through a personal link."""
        return self.round_id is not None and self.person_key is None


def _columns(table: sa.Table, *names: str, prefix: str = "") -> list[sa.ColumnElement]:
    return [table.c[name].label(prefix + name) for name in names]


@functools.cache
def _link_query() -> sa.Select:
    """The share link with the token bound as `token`, its form, and the form's published
    version (null columns when there is none).

    Columns on the tables, not ORM objects: every public request runs this, and loading three
    ORM objects (and decoding the snapshot's JSON) cost more than the query itself. Built once:
    building a select costs about as much as running it on SQLite."""
    link, form, version = ShareLink.__table__, Form.__table__, FormVersion.__table__
    project = Project.__table__
    return (
        sa.select(
            *_columns(
                link, "id", "is_open", "expires_at", "max_responses", "round_id", "person_key"
            ),
            *_columns(form, "id", "project_id", "status", "opens_at", "closes_at", prefix="form_"),
            *_columns(form, "title", "title_easy"),
            *_columns(version, "id", "number", "published_at", prefix="version_"),
            *_host_columns(project),
        )
        .join_from(link, form, link.c.form_id == form.c.id)
        .join(project, project.c.id == form.c.project_id)
        .outerjoin(
            version, sa.and_(version.c.form_id == form.c.id, version.c.number == form.c.version)
        )
        .where(link.c.token == sa.bindparam("token"))
    )


def _host_columns(project: sa.Table) -> list[sa.ColumnElement]:
    return _columns(project, "name", "organisation", prefix="project_")


def _host(row: sa.Row) -> Host:
    return Host(row.project_name, row.project_organisation or "")


def _link_row(token: str) -> sa.Row:
    if NUL in token:  # no token has one, and PostgreSQL would refuse even to compare it
        raise LinkUnavailable(404, "unknown")
    row = db.session.execute(_link_query(), {"token": token[:64]}).first()
    if row is None:
        raise LinkUnavailable(404, "unknown")
    return row


def _linked_form(row: sa.Row) -> LinkedForm:
    return LinkedForm(
        row.id,
        row.max_responses,
        row.title,
        row.title_easy,
        _host(row),
        row.round_id,
        row.person_key,
    )


def find_link(token: str) -> LinkedForm:
    """The link, whether or not it takes answers now; LinkUnavailable(404) when there is none."""
    return _linked_form(_link_row(token))


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


# Snapshots of published versions, by `PublishedVersion.cache_key`.
_snapshots: RecentlyUsed[dict[str, Any]] = RecentlyUsed(256)


def _snapshot(version_id: int, published_at: datetime) -> dict[str, Any]:
    key = (version_id, published_at)
    snapshot = _snapshots.get(key)
    if snapshot is None:
        table = FormVersion.__table__
        snapshot = db.session.scalar(
            sa.select(table.c.snapshot).where(table.c.id == sa.bindparam("id")), {"id": version_id}
        )
        if snapshot is not None:  # none when the form was deleted meanwhile
            _snapshots.put(key, snapshot)
    return snapshot


@functools.cache
def _version_query() -> sa.Select:
    version, form, project = FormVersion.__table__, Form.__table__, Project.__table__
    return (
        sa.select(
            version.c.id,
            version.c.number,
            version.c.form_id,
            form.c.project_id,
            version.c.published_at,
            *_host_columns(project),
        )
        .join_from(version, form, version.c.form_id == form.c.id)
        .join(project, project.c.id == form.c.project_id)
        .where(version.c.id == sa.bindparam("id"))
    )


def find_version(version_id: int) -> PublishedVersion:
    """A version by its id: an easy-read draft finishes on the version it started on (its
    foreign key, deleted with the version, keeps the id good)."""
    row = db.session.execute(_version_query(), {"id": version_id}).one()
    return PublishedVersion(
        id=row.id,
        number=row.number,
        form_id=row.form_id,
        project_id=row.project_id,
        published_at=row.published_at,
        snapshot=_snapshot(row.id, row.published_at),
        host=_host(row),
    )


_RECENT: dict[str, tuple[float, PublishedVersion]] = {}
_RECENT_LOCK = threading.Lock()
RECENT_SECONDS = 6 * 3600
RECENT_MAX = 500


def remember(token: str, version: PublishedVersion) -> None:
    with _RECENT_LOCK:
        if len(_RECENT) >= RECENT_MAX and token not in _RECENT:
            _RECENT.pop(next(iter(_RECENT)))
        _RECENT[token] = (time.monotonic(), version)


def recall(token: str) -> PublishedVersion | None:
    """The version a link served recently, so a person's posted answers can be shown back to
    them when the database fails under them."""
    with _RECENT_LOCK:
        found = _RECENT.get(token)
    if found is None or time.monotonic() - found[0] > RECENT_SECONDS:
        return None
    return found[1]


def open_link(token: str) -> tuple[LinkedForm, PublishedVersion]:
    """The link and the form version it serves, or LinkUnavailable saying why not."""
    row = _link_row(token)
    now = utcnow()
    link = _linked_form(row)
    if row.version_id is None or row.form_status != FormStatus.OPEN or not row.is_open:
        raise LinkUnavailable(410, "closed", link.host)
    if (row.expires_at and row.expires_at <= now) or (
        row.form_closes_at and row.form_closes_at <= now
    ):
        raise LinkUnavailable(410, "closed", link.host)
    if row.form_opens_at and row.form_opens_at > now:
        raise LinkUnavailable(410, "not_open_yet", link.host)
    if link.max_responses is not None and responses_through(db.session, link) >= link.max_responses:
        raise LinkUnavailable(410, "full", link.host)
    version = PublishedVersion(
        id=row.version_id,
        number=row.version_number,
        form_id=row.form_id,
        project_id=row.form_project_id,
        published_at=row.version_published_at,
        snapshot=_snapshot(row.version_id, row.version_published_at),
        host=link.host,
    )
    remember(token, version)
    return link, version


@dataclass(frozen=True)
class Steps:
    """The easy-read pages in order: agree, one per question, helped, check. "Page 2 of 12"
    counts all of them, and the start page says what each is about, so that what a person is
    told is what they go through."""

    questions: list[dict[str, Any]]

    @functools.cached_property
    def names(self) -> list[str]:
        # Worked out once per request's Steps: a page asks for it several times.
        return [AGREE, *(str(n) for n in range(1, len(self.questions) + 1)), HELPED, CHECK]

    @property
    def count(self) -> int:
        """How many pages follow the start page."""
        return len(self.names)

    def number(self, name: str) -> int:
        """Which page of `count` the step `name` is, from 1."""
        return self.names.index(name) + 1

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
