""" "You said, we did" pages, written: their words tidied, the quotes chosen for them, and
publishing them. How a page reads (its parts, and the quotes it may show now) is in
`reports/feedback_pages.py`: a quote is chosen here only if it may be shown there.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from coimpact.extensions import db
from coimpact.models import EvidenceItem, FeedbackPage, User
from coimpact.models import feedback_page_items as page_items
from coimpact.models.types import utcnow
from coimpact.reports.feedback_pages import clean_text, quote_of, shown_quotes
from coimpact.services import audit

MAX_TEXT = 3000  # per part: an easy-read page is short, and WTForms sets no limit of its own


class FeedbackError(ValueError):
    """A change that cannot be made; the message is for staff."""


def public_url(page: FeedbackPage) -> str:
    """The page's full address on the configured site (COIMPACT_BASE_URL), to share."""
    return f"{current_app.config['COIMPACT_BASE_URL'].rstrip('/')}/s/{page.token}"


def prepare_page(page: FeedbackPage, actor: User | None, is_created: bool) -> None:
    """Tidy a page's words before it is saved (created or edited); the request commits."""
    page.title = (page.title or "").strip() or "You said, we did"
    page.period = (page.period or "").strip()
    for name in ("wanted_text", "changed_text", "doing_text"):
        value = clean_text(getattr(page, name))
        if len(value) > MAX_TEXT:
            raise FeedbackError(f"Each part can have at most {MAX_TEXT} characters.")
        setattr(page, name, value)
    if is_created and actor is not None:
        page.created_by_id = actor.id


def set_items(page: FeedbackPage, ordered_ids: Iterable[int], actor: User | None) -> None:
    """Make `ordered_ids` the page's quotes, in that order. Flushes; the request commits.

    Every id must be an approved quote or story of the page's own project whose words may be
    shown; otherwise nothing changes and FeedbackError says which were refused.
    """
    ids = list(dict.fromkeys(ordered_ids))  # a repeated id would break the primary key
    items = {
        item.id: item
        for item in db.session.scalars(
            sa.select(EvidenceItem)
            .where(EvidenceItem.id.in_(ids))
            .options(selectinload(EvidenceItem.response))
        )
    }
    refused = [i for i in ids if i not in items or quote_of(items[i], page.project_id) is None]
    if refused:
        raise FeedbackError(
            "Some of the chosen quotes cannot go on this page (they are not approved quotes of "
            "this project, or the person did not give permission). Nothing was changed."
        )
    db.session.execute(sa.delete(page_items).where(page_items.c.page_id == page.id))
    if ids:
        db.session.execute(
            sa.insert(page_items),
            [
                {"page_id": page.id, "evidence_item_id": item_id, "position": position}
                for position, item_id in enumerate(ids)
            ],
        )
    page.updated_at = utcnow()
    audit.record(
        "feedback_page_quotes_set",
        actor=actor,
        project_id=page.project_id,
        target=f"feedback page {page.id}",
        detail={"evidence": [items[i].ref for i in ids]},
    )
    db.session.flush()
    db.session.expire(page, ["items"])


def publish(page: FeedbackPage, actor: User | None) -> None:
    """Open the page at its link. A page with nothing to say is refused. Flushes; the request
    commits."""
    if not (page.wanted_text or page.changed_text or page.doing_text or shown_quotes(page)):
        raise FeedbackError("Write at least one part of the page before publishing it.")
    page.published = True
    page.published_at = utcnow()
    _record(page, "feedback_page_published", actor)
    db.session.flush()


def unpublish(page: FeedbackPage, actor: User | None) -> None:
    """Take the page off its link (it then answers "not found", like any unknown link); the
    link stays the same, so publishing again brings it back for everyone who has it."""
    page.published = False
    _record(page, "feedback_page_unpublished", actor)
    db.session.flush()


def record_deleted(page: FeedbackPage, actor: User | None) -> None:
    """Audit the deletion of a page; the caller deletes it, and the request commits both."""
    _record(page, "feedback_page_deleted", actor)


def _record(page: FeedbackPage, action: str, actor: User | None) -> None:
    # Ids only: the audit log never holds the page's words.
    audit.record(action, actor=actor, project_id=page.project_id, target=f"feedback page {page.id}")
