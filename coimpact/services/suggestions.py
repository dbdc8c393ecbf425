"""Suggested links: answers to questions that measure an indicator, waiting for staff to say
whether each one really is evidence for it.

Suggestions are not stored. An answer is suggested for an indicator while its question is
linked to that indicator and no evidence item cut from the answer has a confirmed or rejected
link to the indicator (a stored "suggested" link, as older data and the demo have, still waits
for a decision). So a new response needs no extra writes, and a question linked to an
indicator later brings its earlier answers along.

Deciding writes what results read (`reports/indicator_results.py`): an item cut from the answer
(reused if there is one) with a confirmed or rejected link; a rejected answer then no longer
counts for that indicator. Deciding a page, or everything a filter matches, takes a handful of
statements however many answers it covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from coimpact.domain.question_types import AnswerValue
from coimpact.domain.readable import in_uk, plural
from coimpact.extensions import db
from coimpact.models import (
    Answer,
    EvidenceItem,
    EvidenceLink,
    EvidenceStatus,
    Form,
    FormVersion,
    Indicator,
    LinkStatus,
    Outcome,
    Question,
    Response,
    ShareLink,
    User,
    question_indicators,
)
from coimpact.models.types import utcnow
from coimpact.reports.rules import not_spam
from coimpact.services import audit
from coimpact.services.evidence import kinds_for, words_of
from coimpact.services.evidence_refs import take_evidence_numbers
from coimpact.services.projects import lock_project

qi = question_indicators
# Postgres and SQLite both take far more bound values than this; chunks keep statements small.
CHUNK = 500
# Audit entries name the answers decided, up to this many (a bulk decision of thousands is
# recorded by its filter and count).
AUDIT_IDS = 200


def pending(
    project_id: int, indicator_id: int | None = None, form_id: int | None = None
) -> sa.Select:
    """SELECT answer id and indicator id of every undecided suggestion (add columns as needed).

    Spam is left out, as results leave it out; the indicator must be the project's own."""
    decided = (
        sa.select(EvidenceLink.id)
        .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
        .where(
            EvidenceItem.answer_id == Answer.id,
            EvidenceLink.indicator_id == qi.c.indicator_id,
            EvidenceLink.status != LinkStatus.SUGGESTED,
        )
    )
    query = (
        sa.select(Answer.id.label("answer_id"), qi.c.indicator_id.label("indicator_id"))
        .join(qi, qi.c.question_id == Answer.question_id)
        .join(Response, Response.id == Answer.response_id)
        .join(Indicator, Indicator.id == qi.c.indicator_id)
        .join(Outcome, Outcome.id == Indicator.outcome_id)
        .where(
            Response.project_id == project_id,
            Outcome.project_id == project_id,
            not_spam(),
            ~sa.exists(decided),
        )
    )
    if indicator_id is not None:
        query = query.where(qi.c.indicator_id == indicator_id)
    if form_id is not None:
        query = query.where(Response.form_id == form_id)
    return query


def count_pending(project_id: int, indicator_id=None, form_id=None) -> int:
    inner = pending(project_id, indicator_id, form_id).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(inner)) or 0


def page_of(
    project_id: int, indicator_id=None, form_id=None, offset: int = 0, limit: int = 50
) -> list[sa.Row]:
    """One page of suggestions, newest responses first, with what the page shows of each.

    Rows carry the answer's values raw: the caller reads them into words and passes the words
    through `quote_permission.shown_words` before showing them."""
    query = (
        pending(project_id, indicator_id, form_id)
        .add_columns(
            Answer.question_key,
            Answer.question_text,
            Answer.value_text,
            Answer.value_number,
            Answer.value_before,
            Answer.option_codes,
            Response.id.label("response_id"),
            Response.ref.label("response_ref"),
            Response.variant,
            Response.supported,
            Response.submitted_at,
            Response.quote_permission,
            Response.participant_name,
            Response.form_version_id,
            Outcome.section,
            Outcome.ref_number.label("outcome_number"),
            Indicator.ref_number.label("indicator_number"),
            Indicator.statement.label("indicator_statement"),
        )
        .order_by(Response.submitted_at.desc(), Answer.id, qi.c.indicator_id)
        .offset(offset)
        .limit(limit)
    )
    return list(db.session.execute(query))


def snapshots(version_ids: Iterable[int]) -> dict[int, dict[str, dict]]:
    """Questions by key for each form version: one query for a whole page or batch."""
    ids = sorted(set(version_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(FormVersion.id, FormVersion.snapshot).where(FormVersion.id.in_(ids))
    )
    return {vid: {q["key"]: q for q in snap.get("questions", [])} for vid, snap in rows}


def question_for(row, questions: dict[int, dict[str, dict]]) -> dict:
    """The question a row's answer was given to, as its version published it ({} if gone)."""
    return questions.get(row.form_version_id, {}).get(row.question_key) or {}


def words_for(row, questions: dict[int, dict[str, dict]]) -> str:
    value = AnswerValue(row.value_text, row.value_number, row.value_before, row.option_codes)
    return words_of(question_for(row, questions) or None, value)


def _chunks(values: Sequence, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(frozen=True)
class Decided:
    """What a decision changed: how many suggestions, for which indicators."""

    count: int = 0
    indicator_ids: list[int] = field(default_factory=list)


def decide(
    project_id: int,
    status: LinkStatus,
    actor: User,
    *,
    pairs: Iterable[tuple[int, int]] | None = None,
    indicator_id: int | None = None,
    form_id: int | None = None,
) -> Decided:
    """Confirm or reject suggestions; returns how many were decided, and for which indicators.
    Flushes; the request commits.

    `pairs` are (answer id, indicator id) as a page showed them; pairs that are no longer
    pending (decided meanwhile, another project's, made up) are skipped. Without `pairs`,
    everything the filter matches is decided.
    """
    status = LinkStatus(status)
    if status == LinkStatus.SUGGESTED:
        raise ValueError("decide confirms or rejects")
    wanted: set[tuple[int, int]] | None = None
    query = pending(project_id, indicator_id, form_id)
    if pairs is not None:
        wanted = {(int(a), int(i)) for a, i in pairs}
        if not wanted:
            return Decided()
        query = query.where(Answer.id.in_(sorted({a for a, _ in wanted})))
    # Two people deciding the same answers at once would each cut an item for them.
    lock_project(project_id)
    rows = db.session.execute(
        query.add_columns(
            Indicator.outcome_id,
            Question.type.label("question_type"),
            Answer.question_key,
            Answer.value_text,
            Answer.value_number,
            Answer.value_before,
            Answer.option_codes,
            Response.id.label("response_id"),
            Response.form_version_id,
            Response.submitted_at,
            Form.title.label("form_title"),
            ShareLink.label.label("link_label"),
        )
        .join(Question, Question.id == Answer.question_id)
        .join(Form, Form.id == Response.form_id)
        .outerjoin(ShareLink, ShareLink.id == Response.share_link_id)
    ).all()
    if wanted is not None:
        rows = [r for r in rows if (r.answer_id, r.indicator_id) in wanted]
    if not rows:
        return Decided()
    now = utcnow()
    answer_ids = sorted({r.answer_id for r in rows})
    todo = {(r.answer_id, r.indicator_id) for r in rows}

    # Links already stored as "suggested" are decided where they are.
    for chunk in _chunks(answer_ids):
        stored = db.session.execute(
            sa.select(EvidenceLink.id, EvidenceItem.answer_id, EvidenceLink.indicator_id)
            .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
            .where(
                EvidenceItem.answer_id.in_(chunk),
                EvidenceLink.status == LinkStatus.SUGGESTED,
                EvidenceLink.indicator_id.is_not(None),
            )
        ).all()
        link_ids = [link_id for link_id, a, i in stored if (a, i) in todo]
        if link_ids:
            db.session.execute(
                sa.update(EvidenceLink)
                .where(EvidenceLink.id.in_(link_ids))
                .values(status=status, linked_by_id=actor.id, linked_at=now)
            )
        todo -= {(a, i) for _link, a, i in stored}

    items = _items_for(
        project_id, [r for r in rows if (r.answer_id, r.indicator_id) in todo], actor, now
    )
    links = [
        {
            "evidence_item_id": items[r.answer_id],
            "outcome_id": r.outcome_id,
            "indicator_id": r.indicator_id,
            "status": status,
            "linked_by_id": actor.id,
            "linked_at": now,
        }
        for r in rows
        if (r.answer_id, r.indicator_id) in todo
    ]
    if links:
        db.session.execute(sa.insert(EvidenceLink), links)
    indicator_ids = sorted({r.indicator_id for r in rows})
    audit.record(
        f"suggestions_{status.value}",
        actor=actor,
        project_id=project_id,
        target=plural(len(rows), "suggestion"),
        detail={
            "count": len(rows),
            "indicator_ids": indicator_ids,
            "form_id": form_id,
            "answer_ids": answer_ids[:AUDIT_IDS],
        },
    )
    db.session.flush()
    return Decided(len(rows), indicator_ids)


def _items_for(project_id: int, rows: list, actor: User, now: datetime) -> dict[int, int]:
    """Item id per answer: the earliest item already cut from it, else a new draft item holding
    the whole answer in words (refs taken in one go, rows inserted in one statement)."""
    answer_ids = sorted({r.answer_id for r in rows})
    items: dict[int, int] = {}
    for chunk in _chunks(answer_ids):
        items.update(
            db.session.execute(
                sa.select(EvidenceItem.answer_id, sa.func.min(EvidenceItem.id))
                .where(EvidenceItem.answer_id.in_(chunk))
                .group_by(EvidenceItem.answer_id)
            ).all()
        )
    first_rows = {}
    for r in rows:
        if r.answer_id not in items:
            first_rows.setdefault(r.answer_id, r)
    if not first_rows:
        return items
    questions = snapshots(r.form_version_id for r in first_rows.values())
    numbers = iter(take_evidence_numbers(project_id, len(first_rows)))
    new = [
        {
            "project_id": project_id,
            "ref_number": next(numbers),
            "kind": kinds_for(r.question_type)[0],
            "title": "",
            "text": words_for(r, questions),
            "answer_id": r.answer_id,
            "response_id": r.response_id,
            "occurred_on": in_uk(r.submitted_at).date(),
            "source": f"{r.form_title}, {r.link_label or 'entered from paper'}",
            "status": EvidenceStatus.DRAFT,
            "most_significant": False,
            "unexpected": False,
            "created_by_id": actor.id,
            "created_at": now,
        }
        for r in first_rows.values()
    ]
    for chunk in _chunks(new):
        created = db.session.execute(
            sa.insert(EvidenceItem).returning(EvidenceItem.answer_id, EvidenceItem.id), chunk
        )
        items.update((answer_id, item_id) for answer_id, item_id in created)
    return items
