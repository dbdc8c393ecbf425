"""Storing a response: exactly once per idempotency key, whole or not at all."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from coimpact.database import write_lock
from coimpact.domain.question_types import AnswerValue, wording
from coimpact.domain.recognition import code_hash, person_hash
from coimpact.extensions import db
from coimpact.forms.published import LinkedForm, PublishedVersion
from coimpact.models import (
    Answer,
    FormVersion,
    Question,
    QuotePermission,
    Response,
    ShareLink,
    User,
    Variant,
)
from coimpact.models.responses import new_response_ref
from coimpact.reports.counts import responses_through
from coimpact.web.input_text import NUL


class LinkFull(Exception):
    """The share link has taken as many responses as it was set to."""


@dataclass
class Submission:
    """Everything a participant (or staff, from paper) sends, already validated."""

    answers: dict[str, AnswerValue]
    variant: Variant
    idempotency_key: str
    consent: bool = True
    quote_permission: QuotePermission = QuotePermission.NO
    participant_name: str | None = None
    supported: bool | None = None
    is_spam: bool = False
    # The code the participant made up to be recognised again ('' when they chose not to).
    recognition_code: str = ""
    # Already hashed (the easy-read pages keep only the hash between pages); wins over the code.
    recognition_hash: str | None = None


def _insert_ignoring_duplicate(values: dict[str, Any]) -> int | None:
    """Insert a response row; None when one with the same idempotency key already exists."""
    statement = _response_insert(db.session.get_bind().dialect.name)
    return db.session.execute(statement, values).scalar()


@functools.cache
def _response_insert(dialect: str) -> sa.Insert:
    # Values as parameters, not `.values(...)`: one statement, built once, compiled once. On
    # the table, not the ORM class: nothing here needs the ORM's bulk-insert bookkeeping.
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = Response.__table__
    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(table.c.id)
    )


def already_sent(posted, link: LinkedForm) -> bool:
    """Whether a posted page's submission id was already stored through this link (a repeated
    POST after the first one succeeded)."""
    key = (posted.get("submission_id") or "")[:64]
    if not key or NUL in key:
        return False
    return (
        db.session.scalar(
            sa.select(Response.id).where(
                Response.idempotency_key == key, Response.share_link_id == link.id
            )
        )
        is not None
    )


def save_response(
    version: FormVersion,
    submission: Submission,
    share_link: ShareLink | None = None,
    entered_by: User | None = None,
) -> tuple[Response, bool]:
    """`store_response`, returning the stored Response itself."""
    published = PublishedVersion.of(version)
    response_id, created = store_response(published, submission, share_link, entered_by)
    return db.session.get(Response, response_id), created


def store_response(
    version: PublishedVersion,
    submission: Submission,
    share_link: ShareLink | LinkedForm | None = None,
    entered_by: User | None = None,
) -> tuple[int, bool]:
    """Store a response and its answers as one change, under the write lock (`write_lock`).
    Flushes; the request commits.

    Returns the response's id and whether it was new: a repeated submission with the same
    idempotency key returns the first response's id and stores nothing. Raises LinkFull when
    the share link's response limit is reached. Database errors propagate after a rollback,
    with nothing stored.
    """
    key = submission.idempotency_key
    # Everything that needs no write lock is read and built first: on SQLite one writer at a
    # time holds it, so the less work inside, the more submissions a second get through.
    values = _response_values(version, submission, share_link, entered_by)
    answers = _answer_rows(version, submission)
    with write_lock():
        if share_link is not None and share_link.max_responses is not None:
            # A repeat of a stored submission is answered as before, even once the link is full.
            existing = _stored_id(key)
            if existing is not None:
                return existing, False  # nothing written
            if responses_through(db.session, share_link) >= share_link.max_responses:
                raise LinkFull()
        response_id = _insert_ignoring_duplicate(values)
        if response_id is not None and answers:
            # One executemany on the table itself: no ORM objects, nothing to flush.
            db.session.connection().execute(
                _answers_insert(), [{**a, "response_id": response_id} for a in answers]
            )
        if response_id is None:  # stored already: a repeated POST, or a double-click in flight
            return _stored_id(key), False
    return response_id, True


@functools.cache
def _answers_insert() -> sa.Insert:
    """The answers' INSERT, each row finding its question's id by form and key as it goes:
    by key, not from the snapshot, since a question deleted since publishing leaves it null."""
    question_id = (
        sa.select(Question.id)
        .where(Question.form_id == sa.bindparam("form_id"), Question.key == sa.bindparam("key"))
        .scalar_subquery()
    )
    return sa.insert(Answer.__table__).values(question_id=question_id)


def _stored_id(key: str) -> int | None:
    return db.session.scalar(sa.select(Response.id).where(Response.idempotency_key == key))


def _response_values(
    version: PublishedVersion,
    submission: Submission,
    share_link: ShareLink | LinkedForm | None,
    entered_by: User | None,
) -> dict[str, Any]:
    named = submission.quote_permission == QuotePermission.NAMED
    return {
        "ref": new_response_ref(),
        "idempotency_key": submission.idempotency_key,
        "project_id": version.project_id,
        "form_id": version.form_id,
        "form_version_id": version.id,
        "share_link_id": share_link.id if share_link else None,
        "variant": submission.variant,
        "supported": submission.supported,
        "round_id": getattr(share_link, "round_id", None) if share_link else None,
        "recognition_hash": _recognition_hash(version, submission, share_link),
        "entered_by_id": entered_by.id if entered_by else None,
        "consent_given": submission.consent,
        "consent_version": version.number,
        "quote_permission": submission.quote_permission,
        "participant_name": (submission.participant_name or "").strip() or None if named else None,
        "is_spam": submission.is_spam,
    }


def _recognition_hash(
    version: PublishedVersion,
    submission: Submission,
    share_link: ShareLink | LinkedForm | None,
) -> str | None:
    """How the response's person is recognised across rounds: through a personal link by the
    link itself (its pages ask for no code), otherwise by the code they chose, if any."""
    secret = current_app.config["SECRET_KEY"]
    person_key = getattr(share_link, "person_key", None)
    if person_key:
        return person_hash(secret, version.project_id, person_key)
    return submission.recognition_hash or code_hash(
        secret, version.project_id, submission.recognition_code
    )


def _answer_rows(version: PublishedVersion, submission: Submission) -> list[dict[str, Any]]:
    """The answers' rows, in the order the form asked them, without their response id; each
    carries its form id and question key for `_answers_insert` to find the question by."""
    easy = submission.variant == Variant.EASY
    rows = []
    for position, question in enumerate(version.snapshot["questions"]):
        value = submission.answers.get(question["key"])
        if value is None or value.is_empty:
            continue
        rows.append(
            {
                "form_id": version.form_id,
                "key": question["key"],
                "question_key": question["key"],
                "question_text": wording(question, "text", easy),
                "position": position,
                "value_text": value.value_text,
                "value_number": value.value_number,
                "value_before": value.value_before,
                "option_codes": value.option_codes,
            }
        )
    return rows
