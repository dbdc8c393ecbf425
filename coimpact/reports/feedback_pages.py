""" "You said, we did" pages as they read: their parts, their words as short paragraphs, and the
quotes they may show. The public page and the admin's preview both show `page_parts`.

A page goes back to the people who took part, so every quote on it passes the quote rule
(`rules.shown_quote`) twice: when staff choose it, and again each time the page is shown,
because a permission can change after the quote was chosen. Writing pages (their words, the
chosen quotes, publishing) is in `services/feedback.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from coimpact.domain.symbols import alt_text
from coimpact.extensions import db
from coimpact.models import EvidenceItem, FeedbackPage
from coimpact.reports.rules import approved_quote, is_approved_quote, shown_quote
from coimpact.web.input_text import NUL

LONG_SENTENCE = 15  # words: the easy-read guidance's "about 15 words at most"
_BULLET = re.compile(r"^\s*[-*•]\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


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


@dataclass(frozen=True)
class Part:
    """One part of the page: a picture on the left, a heading and short words on the right."""

    key: str
    heading: str
    symbol: str
    blocks: list[Block] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def alt(self) -> str:
        return alt_text(self.symbol)


def clean_text(text: str | None) -> str:
    """Staff's words as stored: Windows line ends made plain, spaces at line ends and runs of
    empty lines dropped (each line is a paragraph on the page; empty ones add nothing)."""
    lines = [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


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
    another project's, not an approved quote or story, empty, or withheld by permission."""
    if item.project_id != project_id or not is_approved_quote(item.kind, item.status):
        return None
    shown = shown_quote(item.text, item.response)
    if shown is None:
        return None
    return Quote(item=item, text=shown.text, attribution=shown.attribution)


def quotable_items(project_id: int) -> list[Quote]:
    """Every quote staff may choose for a page of the project; words withheld by permission
    are not offered at all. Most significant changes first, then by ref."""
    items = db.session.scalars(
        sa.select(EvidenceItem)
        .where(EvidenceItem.project_id == project_id, approved_quote())
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


def page_parts(page: FeedbackPage) -> list[Part]:
    """The parts with something to say, in reading order, as the public page and the admin's
    preview show them."""
    parts = [
        Part("wanted", "What we wanted to change", "information", text_blocks(page.wanted_text)),
        Part("told", "What you told us", "speaking-up", quotes=shown_quotes(page)),
        Part("changed", "What changed", "star", text_blocks(page.changed_text)),
        Part("doing", "What we are doing about it", "calendar", text_blocks(page.doing_text)),
    ]
    return [p for p in parts if p.blocks or p.quotes]


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
