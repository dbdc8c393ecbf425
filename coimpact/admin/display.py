"""How the response vocabulary, and outcomes and indicators, read in the admin (times:
coimpact/domain/readable.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from markupsafe import Markup

from coimpact.models import Indicator, QuotePermission, Variant

VARIANT_LABELS = {Variant.STANDARD: "Standard", Variant.EASY: "Easy read"}
QUOTE_LABELS = {
    QuotePermission.NO: "No",
    QuotePermission.ANONYMOUS: "Yes, without their name",
    QuotePermission.NAMED: "Yes, with their name",
}


def yes_no(value: bool | None, unknown: str = "Not answered") -> str:
    if value is None:
        return unknown
    return "Yes" if value else "No"


def person(user) -> str:
    """A staff member as their colleagues know them: name, else e-mail."""
    if user is None:
        return ""
    return user.name or user.email


def short(text: str, limit: int = 240) -> str:
    """`text` on one line, and at most `limit` characters: a longer text is cut after its last
    whole word that fits (unless that loses too much) and ends in "…"."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


class Refd(Protocol):
    """An outcome or an indicator: a ref such as B2 or B2.1, and the words behind it."""

    @property
    def ref(self) -> str: ...

    statement: str


# How long an outcome's or indicator's words may run beside its ref: in a select, a table cell
# or a list of links. The full words are on the row's own page (and on the overview).
REF_WORDS = 90


def ref_words(row: Refd, limit: int | None = REF_WORDS) -> str:
    """A ref with its words, as people recognise it: "I2 Families book short breaks more
    easily". A bare "I2" means nothing to someone who did not write the plan."""
    words = short(row.statement, limit) if limit else " ".join(row.statement.split())
    return f"{row.ref} {words}"


def ref_words_html(row: Refd, limit: int | None = REF_WORDS) -> Markup:
    """`ref_words` with the ref marked as on the overview grid (escaped)."""
    css = "toc-iref" if isinstance(row, Indicator) else "toc-ref"
    words = short(row.statement, limit) if limit else row.statement
    return Markup('<span class="{}">{}</span> {}').format(css, row.ref, words)


def ref_list_html(rows: Iterable[Refd], limit: int | None = REF_WORDS) -> Markup:
    """Several refs with their words, one a line."""
    items = [Markup("<li>{}</li>").format(ref_words_html(row, limit)) for row in rows]
    if not items:
        return Markup("")
    return Markup('<ul class="list-unstyled mb-0 ref-list">{}</ul>').format(Markup("").join(items))
