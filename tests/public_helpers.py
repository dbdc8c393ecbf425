"""Helpers for driving the participant pages through the HTTP client."""

from __future__ import annotations

import re
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coimpact.extensions import db
from tests.conftest import csrf_token

GOOD_ANSWERS = {
    "consent": "yes",
    "quote_permission": "anonymous",
    "participant_name": "",
    "q_name_of_group": "Tuesday group",
    "q_story": "I spoke at the meeting for the first time.",
    "q_venue": "b",
    "q_topics": ["a", "c"],
    "q_feeling": "3",
    "q_listened": "4",
    "q_again": "not_sure",
    "q_meetings": "12",
    "q_confidence_before": "2",
    "q_confidence_after": "4",
    "supported": "yes",
}


def submission_id(html: str) -> str:
    match = re.search(r'name="submission_id" value="([^"]*)"', html)
    assert match, "page has no submission id"
    return match.group(1)


def post_standard(client, token: str, answers: dict | None = None, page: str | None = None):
    """Open the standard form (unless `page` is given) and send `answers` with its tokens."""
    html = page if page is not None else client.get(f"/f/{token}").text
    data = dict(GOOD_ANSWERS if answers is None else answers)
    data.setdefault("csrf_token", csrf_token(html))
    data.setdefault("submission_id", submission_id(html))
    return client.post(f"/f/{token}", data=data)


def easy_post(client, url: str, data: dict):
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    return client.post(url, data={**data, "csrf_token": csrf_token(page.text)})


def easy_start(client, token: str):
    response = easy_post(client, f"/f/{token}/easy", {})
    assert response.status_code == 303
    return response


@contextmanager
def table_missing(table: str):
    """Make one table vanish for a moment: a real database failure, not a stub. The test's own
    session lets go of its locks first (PostgreSQL would otherwise wait on them forever)."""
    db.session.rollback()
    with db.engine.begin() as conn:
        conn.execute(sa.text(f"ALTER TABLE {table} RENAME TO {table}_away"))
    try:
        yield
    finally:
        db.session.rollback()
        with db.engine.begin() as conn:
            conn.execute(sa.text(f"ALTER TABLE {table}_away RENAME TO {table}"))


@contextmanager
def commits_fail():
    """The database refuses the commit itself (disk full, connection lost at that moment),
    after every INSERT went through."""

    def refuse(_session):
        raise sa.exc.OperationalError("COMMIT", None, Exception("disk I/O error"))

    sa.event.listen(Session, "before_commit", refuse)
    try:
        yield
    finally:
        sa.event.remove(Session, "before_commit", refuse)
