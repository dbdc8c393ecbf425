"""Each indicator's result broken down by share link, by variant (standard or easy read) and by
whether the person was supported to answer, with small numbers hidden.

The small-number rule is defined here, once, and every page and sheet showing a breakdown reads
it: a group of fewer than `SMALL_NUMBER` people shows `FEWER_THAN` and no figure. So that a
hidden group cannot be worked out by subtracting the others from the indicator's whole (shown
beside it), a breakdown with exactly one hidden group hides the next smallest too. A group's
result is the same measure as the whole, counted by `indicator_results` from the group's answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from coimpact.domain.periods import Period
from coimpact.domain.readable import plural
from coimpact.models import Indicator, MeasureKind, Outcome, Response, Variant
from coimpact.models.collection import ShareLink
from coimpact.reports.indicator_results import IndicatorResult, grouped_results

SMALL_NUMBER = 5
FEWER_THAN = f"fewer than {SMALL_NUMBER}"

VARIANT_LABELS = {Variant.STANDARD: "Standard", Variant.EASY: "Easy read"}
SUPPORTED_LABELS = {
    True: "Supported to answer",
    False: "Not supported",
    None: "Not asked or not said",
}


@dataclass(frozen=True)
class Cell:
    """One group's figures, or, hidden, none of them: only `FEWER_THAN`."""

    group: str
    people: int | None  # None: hidden
    result: str  # the headline, or FEWER_THAN
    value: float | None  # None: hidden or no figure

    @property
    def hidden(self) -> bool:
        return self.people is None

    @property
    def people_text(self) -> str:
        return FEWER_THAN if self.people is None else plural(self.people, "person", "people")


@dataclass(frozen=True)
class Breakdown:
    title: str  # "By share link"
    cells: list[Cell]


def is_small(people: int) -> bool:
    """The rule: fewer than SMALL_NUMBER people is too few to show."""
    return people < SMALL_NUMBER


def hidden_cell(group: str) -> Cell:
    return Cell(group, None, FEWER_THAN, None)


def suppress(groups: list[tuple[str, int, IndicatorResult]], measure: MeasureKind) -> list[Cell]:
    """The cells of one breakdown (group, people, result), small ones hidden, and one more
    where a single hidden group could be found by subtraction."""
    hide = {i for i, (_, people, _) in enumerate(groups) if is_small(people)}
    if len(hide) == 1 and len(groups) > 1:
        shown = sorted((people, i) for i, (_, people, _) in enumerate(groups) if i not in hide)
        hide.add(shown[0][1])
    cells = []
    for i, (group, people, result) in enumerate(groups):
        if i in hide:
            cells.append(hidden_cell(group))
        else:
            cells.append(Cell(group, people, result.headline(measure), result.value(measure)))
    return cells


def _link_labels(session: Session, project_id: int) -> dict[int | None, str]:
    rows = session.execute(
        sa.select(ShareLink.id, ShareLink.label)
        .join(Response, Response.share_link_id == ShareLink.id)
        .where(Response.project_id == project_id)
        .distinct()
    )
    labels: dict[int | None, str] = {None: "Without a share link"}
    labels.update({link_id: label for link_id, label in rows})
    return labels


def project_breakdowns(
    session: Session, project_id: int, period: Period | None = None
) -> dict[int, list[Breakdown]]:
    """Per indicator (quotes excepted), its breakdowns with small numbers hidden; an indicator
    with no answers has none. For `period`, from the responses submitted in it."""
    indicators = dict(
        session.execute(
            sa.select(Indicator.id, Indicator.measure)
            .join(Outcome)
            .where(Outcome.project_id == project_id, Indicator.measure != MeasureKind.QUOTES)
        ).all()
    )
    if not indicators:
        return {}
    links = _link_labels(session, project_id)
    ways = (
        ("By share link", Response.share_link_id, lambda key: links.get(key, "Share link")),
        ("By version", Response.variant, lambda key: VARIANT_LABELS[Variant(key)]),
        ("By support", Response.supported, lambda key: SUPPORTED_LABELS[key]),
    )
    found: dict[int, list[Breakdown]] = {}
    for title, column, label in ways:
        results, people = grouped_results(session, project_id, indicators, column, period)
        per_indicator: dict[int, list[tuple[str, int, IndicatorResult]]] = {}
        for (indicator_id, key), count in people.items():
            per_indicator.setdefault(indicator_id, []).append(
                (label(key), count, results.get((indicator_id, key)) or IndicatorResult())
            )
        for indicator_id, groups in per_indicator.items():
            groups.sort(key=lambda g: g[0])
            measure = MeasureKind(indicators[indicator_id])
            found.setdefault(indicator_id, []).append(Breakdown(title, suppress(groups, measure)))
    return found
