"""A few approved quotes and stories per outcome, for the dashboard (and any page or sheet that
shows key quotes): one query for the whole project, every quote through `rules.shown_quote`, so
words a person did not let us share are never picked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from coimpact.domain.periods import Period
from coimpact.models import EvidenceItem, EvidenceLink, LinkStatus
from coimpact.reports.quote_permission import Shown
from coimpact.reports.rules import approved_quote, evidence_in, shown_quote

QUOTES_SHOWN = 3
# Approved quotes fetched per outcome to pick the shown ones from: enough to skip the ones
# whose words may not be shown, without loading every quote of a busy outcome.
QUOTE_CANDIDATES = 12


@dataclass
class Quote:
    item: EvidenceItem
    shown: Shown
    indicator_ref: str | None


def outcome_quotes(
    session: Session, project_id: int, refs: dict[int, str], period: Period | None = None
) -> dict[int, list[Quote]]:
    """Up to QUOTES_SHOWN approved quotes and stories per outcome whose words may be shown:
    most significant first, then the most recently approved; with `period`, of that period."""
    rank = (
        sa.func.row_number()
        .over(
            partition_by=EvidenceLink.outcome_id,
            order_by=(
                EvidenceItem.most_significant.desc(),
                sa.func.coalesce(EvidenceItem.approved_at, EvidenceItem.created_at).desc(),
                EvidenceItem.id.desc(),
            ),
        )
        .label("rank")
    )
    ranked = (
        sa.select(EvidenceLink.outcome_id, EvidenceLink.indicator_id, EvidenceItem.id, rank)
        .join(EvidenceItem, EvidenceItem.id == EvidenceLink.evidence_item_id)
        .where(
            EvidenceItem.project_id == project_id,
            approved_quote(),
            EvidenceLink.status == LinkStatus.CONFIRMED,
            evidence_in(period),
        )
        .subquery()
    )
    picked = session.execute(
        sa.select(ranked.c.outcome_id, ranked.c.indicator_id, ranked.c.id)
        .where(ranked.c.rank <= QUOTE_CANDIDATES)
        .order_by(ranked.c.outcome_id, ranked.c.rank)
    ).all()
    if not picked:
        return {}
    items = {
        item.id: item
        for item in session.scalars(
            sa.select(EvidenceItem)
            .where(EvidenceItem.id.in_({item_id for _, _, item_id in picked}))
            .options(selectinload(EvidenceItem.response))
        )
    }
    quotes: dict[int, list[Quote]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for outcome_id, indicator_id, item_id in picked:
        chosen = quotes[outcome_id]
        if len(chosen) >= QUOTES_SHOWN or (outcome_id, item_id) in seen:
            continue  # an item linked to the outcome and to one of its indicators shows once
        seen.add((outcome_id, item_id))
        item = items[item_id]
        shown = shown_quote(item.text, item.response)
        if shown is None:
            continue  # counted in the outcome's approved quotes, never shown as words
        chosen.append(Quote(item=item, shown=shown, indicator_ref=refs.get(indicator_id)))
    return quotes
