""" "You said, we did": the easy-read page that goes back to the people who took part.

Anyone with the link may read it, so it shows only what staff wrote and the quotes whose
permission still allows them now (checked again on every view, not only when chosen).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import render_template

from coimpact.domain.symbols import alt_text
from coimpact.models import FeedbackPage
from coimpact.public import bp
from coimpact.services.feedback import Block, Quote, find_published, shown_quotes, text_blocks

# The page is for the people given its link only: kept out of search engines, and (as every
# participant page is, by security.py) out of caches: a withdrawn permission or an unpublished
# page must not live on in a stored copy.
PRIVATE_HEADERS = {"X-Robots-Tag": "noindex, nofollow"}

NOT_FOUND_TITLE = "We cannot find this page"
NOT_FOUND_TEXT = "Check the link. Or ask the person who gave it to you."


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


def page_parts(page: FeedbackPage) -> list[Part]:
    """The parts with something to say, in reading order; the admin preview uses this too."""
    parts = [
        Part("wanted", "What we wanted to change", "information", text_blocks(page.wanted_text)),
        Part("told", "What you told us", "speaking-up", quotes=shown_quotes(page)),
        Part("changed", "What changed", "star", text_blocks(page.changed_text)),
        Part("doing", "What we are doing about it", "calendar", text_blocks(page.doing_text)),
    ]
    return [p for p in parts if p.blocks or p.quotes]


@bp.get("/s/<token>")
def feedback_page(token: str):
    page = find_published(token)
    if page is None:
        # One answer for "no such link" and "not published (yet or any more)": nothing leaks.
        body = render_template(
            "public/feedback_missing.html", title=NOT_FOUND_TITLE, text=NOT_FOUND_TEXT
        )
        return body, 404, PRIVATE_HEADERS
    body = render_template("public/feedback_page.html", page=page, parts=page_parts(page))
    return body, 200, PRIVATE_HEADERS
