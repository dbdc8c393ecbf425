""" "You said, we did" pages: their words, the quotes they show, and publishing them.

A page goes back to the people who took part, so every quote on it passes the quote-permission
rule (`consent.shown_evidence`) twice: when staff choose it, and again each time the page is
shown, because a permission can change after the quote was chosen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from coimpact.extensions import db
from coimpact.models import EvidenceItem, EvidenceKind, EvidenceStatus, FeedbackPage, User
from coimpact.models import feedback_page_items as page_items
from coimpact.models.types import utcnow
from coimpact.reports.quote_permission import shown_evidence
from coimpact.services import audit
from coimpact.web.input_text import NUL

QUOTE_KINDS = (EvidenceKind.QUOTE, EvidenceKind.STORY)
MAX_TEXT = 3000  # per part: an easy-read page is short, and WTForms sets no limit of its own
LONG_SENTENCE = 15  # words: the easy-read guidance's "about 15 words at most"
_BULLET = re.compile(r"^\s*[-*•]\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class FeedbackError(ValueError):
    """A change that cannot be made; the message is for staff."""


@dataclass(frozen=True)
class Quote:
    """A participant's words as the page may show them."""

    item: EvidenceItem
    text: str
    attribution: str  # "" unless the person said "yes, with my name"


@dataclass(frozen=True)
class Block:
    """One paragraph, or one list of points, of a part of the page."""

    kind: str  # "p" or "ul"
    lines: list[str] = field(default_factory=list)


def public_url(page: FeedbackPage) -> str:
    """The page's full address on the configured site (COIMPACT_BASE_URL), to share."""
    return f"{current_app.config['COIMPACT_BASE_URL'].rstrip('/')}/s/{page.token}"


def clean_text(text: str | None) -> str:
    """Staff's words as stored: Windows line ends made plain, spaces at line ends and runs of
    empty lines dropped (each line is a paragraph on the page; empty ones add nothing)."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


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


def text_blocks(text: str) -> list[Block]:
    """A part of the page as short paragraphs: one per line, and lines that start with "-",
    "*" or "•" gathered into a list, so staff write plain text and the page still reads as
    easy read does (one idea to a line)."""
    blocks: list[Block] = []
    for line in clean_text(text).split("\n"):
        if not line:
            continue
        if _BULLET.match(line):
            point = _BULLET.sub("", line)
            if blocks and blocks[-1].kind == "ul":
                blocks[-1].lines.append(point)
            else:
                blocks.append(Block("ul", [point]))
        else:
            blocks.append(Block("p", [line]))
    return blocks


def long_sentences(text: str) -> list[str]:
    """Sentences of more than about 15 words, for staff to shorten (a hint, not a rule)."""
    found = []
    for line in clean_text(text).split("\n"):
        for sentence in _SENTENCE_END.split(_BULLET.sub("", line)):
            if len(sentence.split()) > LONG_SENTENCE:
                found.append(sentence)
    return found


def quote_of(item: EvidenceItem, project_id: int) -> Quote | None:
    """The item as a quote on a page of `project_id`, or None if it may not appear there:
    another project's, not approved, not a quote or story, empty, or withheld by permission."""
    if (
        item.project_id != project_id
        or item.status != EvidenceStatus.APPROVED
        or item.kind not in QUOTE_KINDS
        or not (item.text or "").strip()
    ):
        return None
    shown = shown_evidence(item.text, item.response)
    if shown.withheld:
        return None
    return Quote(item=item, text=shown.text, attribution=shown.attribution)


def quotable_items(project_id: int) -> list[Quote]:
    """Every quote staff may choose for a page of the project; words withheld by permission
    are not offered at all. Most significant changes first, then by ref."""
    items = db.session.scalars(
        sa.select(EvidenceItem)
        .where(
            EvidenceItem.project_id == project_id,
            EvidenceItem.status == EvidenceStatus.APPROVED,
            EvidenceItem.kind.in_(QUOTE_KINDS),
        )
        .options(selectinload(EvidenceItem.response))
        .order_by(EvidenceItem.most_significant.desc(), EvidenceItem.ref_number)
    )
    return [q for q in (quote_of(item, project_id) for item in items) if q is not None]


def shown_quotes(page: FeedbackPage) -> list[Quote]:
    """The page's chosen quotes as they may be shown now, in their order; any that may no
    longer be shown (permission withdrawn, approval taken back) are left out entirely."""
    return [q for q in (quote_of(item, page.project_id) for item in page.items) if q is not None]


def left_out(page: FeedbackPage) -> list[EvidenceItem]:
    """Chosen items the page no longer shows, so staff can see why a quote disappeared."""
    return [item for item in page.items if quote_of(item, page.project_id) is None]


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


def find_published(token: str) -> FeedbackPage | None:
    """The published page with this token, with its quotes and their responses loaded; None
    alike for an unknown token and an unpublished page."""
    if not token or len(token) > 64 or NUL in token:
        return None
    return db.session.scalars(
        sa.select(FeedbackPage)
        .where(FeedbackPage.token == token, FeedbackPage.published.is_(True))
        .options(selectinload(FeedbackPage.items).selectinload(EvidenceItem.response))
    ).one_or_none()
