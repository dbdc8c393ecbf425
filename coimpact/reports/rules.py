"""The rules every result, page and sheet reads through, each written once:

- which responses count: spam caught by the honeypot never does, nor evidence cut from it;
- which responses and evidence belong to a reporting period: a response by when it was
  submitted, evidence cut from it by that response, other evidence by the day it happened (else
  the day it was added);
- which evidence items are quotes: quotes and stories, and of those only the ones staff
  approved reach a report;
- which approved quotes may be shown as words: those the person's quote permission allows
  (`quote_permission.py`), with words in them.

Each rule comes as a SQL condition for queries and, where a page checks objects it has already
loaded, as a plain Python test that gives the same answer.
"""

from __future__ import annotations

import sqlalchemy as sa

from coimpact.domain.periods import Period
from coimpact.models import EvidenceItem, EvidenceKind, EvidenceStatus, Response
from coimpact.reports.quote_permission import Consent, Shown, shown_evidence

QUOTE_KINDS = (EvidenceKind.QUOTE, EvidenceKind.STORY)


def not_spam() -> sa.ColumnElement[bool]:
    """Responses that count: not caught by the honeypot as spam."""
    return Response.is_spam.is_(False)


def evidence_not_spam() -> sa.ColumnElement[bool]:
    """Evidence that counts: added by staff themselves, or cut from a response that is not
    spam. Usable whether or not the query joins the response too."""
    # correlate_except: a query that already joins Response must not swallow the subquery's
    # own Response (auto-correlation would leave it with no FROM at all).
    spam = (
        sa.exists()
        .where(Response.id == EvidenceItem.response_id, Response.is_spam.is_(True))
        .correlate_except(Response)
    )
    return sa.or_(EvidenceItem.response_id.is_(None), ~spam)


def _within(column, period: Period) -> sa.ColumnElement[bool]:
    conditions = []
    if period.starts_at is not None:
        conditions.append(column >= period.starts_at)
    if period.ends_before is not None:
        conditions.append(column < period.ends_before)
    return sa.and_(sa.true(), *conditions)


def submitted_in(period: Period | None) -> sa.ColumnElement[bool]:
    """Responses submitted in the period (UK dates, inclusive); every response for None."""
    if period is None or period.is_all_time:
        return sa.true()
    return _within(Response.submitted_at, period)


def evidence_in(period: Period | None) -> sa.ColumnElement[bool]:
    """Evidence of the period: cut from a response submitted in it, or (added by staff) about
    something that happened in it, else added in it. Every item for None. Usable whether or not
    the query joins the response too."""
    if period is None or period.is_all_time:
        return sa.true()
    from_response = (
        sa.exists()
        .where(Response.id == EvidenceItem.response_id, _within(Response.submitted_at, period))
        .correlate_except(Response)
    )
    on_day = []
    if period.start is not None:
        on_day.append(EvidenceItem.occurred_on >= period.start)
    if period.end is not None:
        on_day.append(EvidenceItem.occurred_on <= period.end)
    staff_own = sa.or_(
        sa.and_(EvidenceItem.occurred_on.is_not(None), *on_day),
        sa.and_(EvidenceItem.occurred_on.is_(None), _within(EvidenceItem.created_at, period)),
    )
    return sa.or_(
        sa.and_(EvidenceItem.response_id.is_not(None), from_response),
        sa.and_(EvidenceItem.response_id.is_(None), staff_own),
    )


def evidence_in_named(periods: list[tuple[int, Period]]) -> sa.ColumnElement[bool]:
    """Evidence of any of these (project id, period) pairs: each project's items of its own
    period of that name. Nothing, for no pairs."""
    return sa.or_(
        sa.false(),
        *(
            sa.and_(EvidenceItem.project_id == project_id, evidence_in(period))
            for project_id, period in periods
        ),
    )


def from_spam(response: Response | None) -> bool:
    """Whether evidence with this response behind it (None: staff's own) is left out as spam."""
    return response is not None and bool(response.is_spam)


def approved_quote() -> sa.ColumnElement[bool]:
    """Evidence items that are quotes or stories and approved by staff."""
    return sa.and_(
        EvidenceItem.kind.in_(QUOTE_KINDS), EvidenceItem.status == EvidenceStatus.APPROVED
    )


def is_approved_quote(kind: EvidenceKind | str, status: EvidenceStatus | str) -> bool:
    """`approved_quote` for an item (or a grouped row) already read."""
    return kind in QUOTE_KINDS and status == EvidenceStatus.APPROVED


def shown_quote(text: str | None, response: Response | Consent | None) -> Shown | None:
    """An approved quote's words as they may be shown, or None when they may not appear at all:
    withheld by the person's quote permission, or no words to show. `response` as for
    `shown_evidence`: the response the words were cut from, its `Consent`, or None."""
    shown = shown_evidence(text or "", response)
    if shown.withheld or not shown.text.strip():
        return None
    return shown
