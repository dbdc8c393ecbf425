"""Filters for reviewing responses: form, variant, link, dates, supported, free text, not yet
reviewed, and search in answer text. Read from the query string so a filtered list is a link
staff can bookmark or share, and applied to both the page and its count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from coimpact.models import Answer, Response, Variant

SEARCH_MAX = 100


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ReviewFilters:
    variant: str = ""
    supported: str = ""  # "yes", "no", "unknown"
    start: date | None = None
    end: date | None = None
    free_text: bool = False
    unreviewed: bool = False
    search: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> ReviewFilters:
        variant = args.get("variant", "")
        supported = args.get("supported", "")
        return cls(
            variant=variant if variant in {v.value for v in Variant} else "",
            supported=supported if supported in {"yes", "no", "unknown"} else "",
            start=_date(args.get("from")),
            end=_date(args.get("to")),
            free_text=args.get("free_text") == "1",
            unreviewed=args.get("unreviewed") == "1",
            search=(args.get("q") or "").strip()[:SEARCH_MAX],
        )

    @property
    def active(self) -> bool:
        return any((self.variant, self.supported, self.start, self.end, self.free_text)) or bool(
            self.unreviewed or self.search
        )

    def apply(self, query):
        """Narrow a query over Response by every filter that is set."""
        if self.variant:
            query = query.filter(Response.variant == Variant(self.variant))
        if self.supported == "unknown":
            query = query.filter(Response.supported.is_(None))
        elif self.supported:
            query = query.filter(Response.supported.is_(self.supported == "yes"))
        if self.start:
            query = query.filter(
                Response.submitted_at >= datetime.combine(self.start, time.min, UTC)
            )
        # "To 31 Dec 9999" means no end: the day after it is past what a date can hold.
        if self.end and self.end < date.max:
            end = datetime.combine(self.end + timedelta(days=1), time.min, UTC)
            query = query.filter(Response.submitted_at < end)
        if self.unreviewed:
            query = query.filter(Response.reviewed_at.is_(None))
        if self.free_text:
            query = query.filter(
                sa.exists().where(
                    Answer.response_id == Response.id,
                    Answer.value_text.is_not(None),
                    Answer.value_text != "",
                )
            )
        if self.search:
            # Escaped so that % and _ typed by staff are searched for, not wildcards.
            escaped = (
                self.search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            )
            query = query.filter(
                sa.exists().where(
                    Answer.response_id == Response.id,
                    sa.func.lower(Answer.value_text).like(f"%{escaped}%", escape="\\"),
                )
            )
        return query
