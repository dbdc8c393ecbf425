"""How co-assessors' answers add up, and when they disagree with staff. Plain Python: the one
definition the dashboard, the indicator reviews, the co-assessment pages and the workbook use.

Staff rate an indicator Achieved / Partly achieved / Not yet achieved; co-assessors answer
"Did we do this?" with Yes / A bit / No / Not sure. The two scales line up as
achieved = yes, partly = a bit, not yet = no. The co-assessors' view of an outcome is the
answer most of them gave, "Not sure" left aside (someone unsure neither agrees nor disagrees);
a tie has no single view. Staff and co-assessors disagree when that view is not the answer
that matches staff's rating.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from coimpact.models.enums import Judgement, ReviewStatus

#: Staff's rating as the co-assessors' answer it means.
STAFF_AS_JUDGEMENT: Mapping[ReviewStatus, Judgement] = {
    ReviewStatus.ACHIEVED: Judgement.YES,
    ReviewStatus.PARTLY: Judgement.A_BIT,
    ReviewStatus.NOT_YET: Judgement.NO,
}

#: The symbol shown beside each answer (coimpact/static/symbols).
JUDGEMENT_SYMBOLS: Mapping[Judgement, str] = {
    Judgement.YES: "yes",
    Judgement.A_BIT: "ok",
    Judgement.NO: "no",
    Judgement.NOT_SURE: "not-sure",
}

#: The question, in easy read.
QUESTION = "Did we do this?"
WHY_QUESTION = "Tell us why (if you want to)"


@dataclass
class Tally:
    """How many gave each answer for one outcome (individuals and groups together)."""

    counts: dict[Judgement, int] = field(default_factory=lambda: dict.fromkeys(Judgement, 0))

    def add(self, judgement: Judgement, n: int = 1) -> None:
        self.counts[judgement] += n

    @classmethod
    def of(cls, judgements: Iterable[Judgement]) -> Tally:
        tally = cls()
        for judgement in judgements:
            tally.add(judgement)
        return tally

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def view(self) -> Judgement | None:
        """The answer most gave, "Not sure" aside; None for no answers or a tie."""
        decided = {j: n for j, n in self.counts.items() if j != Judgement.NOT_SURE and n}
        if not decided:
            return None
        most = max(decided.values())
        top = [j for j, n in decided.items() if n == most]
        return top[0] if len(top) == 1 else None

    def words(self) -> str:
        """ "5 said yes, 2 said a bit, 1 not sure" (answers nobody gave left out)."""
        parts = [
            f"{n} {'' if j == Judgement.NOT_SURE else 'said '}{j.label.lower()}"
            for j, n in self.counts.items()
            if n
        ]
        return ", ".join(parts) if parts else "No answers yet"


def disagrees(staff: ReviewStatus | str | None, tally: Tally) -> bool:
    """Whether co-assessors' view differs from staff's rating (False when either is missing)."""
    if staff is None or tally.view is None:
        return False
    return STAFF_AS_JUDGEMENT[ReviewStatus(staff)] != tally.view


def out_of(part: int, whole: int, people: str = "people") -> str:
    """A number in words for easy read: "7 out of 10 people"."""
    return f"{part} out of {whole} {people}"


#: From least to most achieved: a tie between staff's ratings goes to the first of them.
_CAUTIOUS_FIRST = (ReviewStatus.NOT_YET, ReviewStatus.PARTLY, ReviewStatus.ACHIEVED)


def staff_rating(statuses: Iterable[ReviewStatus | str]) -> ReviewStatus | None:
    """Staff's rating of an outcome: the status most of its indicators' reviews gave for the
    period; None when none was reviewed. A tie goes to the less achieved status: an outcome is
    not called achieved unless most of what staff judged says so."""
    counts = {status: 0 for status in _CAUTIOUS_FIRST}
    for status in statuses:
        counts[ReviewStatus(status)] += 1
    most = max(counts.values())
    if not most:
        return None
    return next(status for status in _CAUTIOUS_FIRST if counts[status] == most)
