"""What a response's quote permission lets every later view and export show. Plain Python.

The rule lives here once, and every place that shows a participant's words outside the
response page itself asks here: the evidence list, the dashboard, the "you said, we did" page
and every sheet of the workbook.

The permission covers a person's own words: what they wrote in a short text or story answer.
A closed answer (a scale, yes / not sure / no, a choice, a number, before and after) is one of
the answers the form offered, not their words: it is shown whatever the permission, as results
count it, so that staff can see what they decide on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from coimpact.domain.question_types import FREE_TEXT_TYPES
from coimpact.models.enums import QuestionType, QuotePermission

if TYPE_CHECKING:
    from coimpact.models import Response

WITHHELD = "[Words not shared: the person did not give permission to quote them]"


@dataclass(frozen=True)
class Shown:
    """Words as they may be shown, and the attribution that may go with them."""

    text: str
    attribution: str  # "" when nothing identifying may be shown
    withheld: bool


class Consent(NamedTuple):
    """What a response says about quoting, for rows read without the response object: it
    stands in for the response wherever `shown_evidence` takes one."""

    quote_permission: QuotePermission | str | None
    participant_name: str | None


def may_quote(permission: QuotePermission | str | None) -> bool:
    """Whether a person's own words may appear outside their response page."""
    return permission in (QuotePermission.ANONYMOUS, QuotePermission.NAMED)


def own_words(question_type: QuestionType | str | None) -> bool:
    """Whether answers to a question of this type are the person's own words (free text),
    which their quote permission governs. A type that cannot be told counts as own words."""
    try:
        return QuestionType(question_type) in FREE_TEXT_TYPES
    except ValueError:
        return True


def shown_words(
    text: str,
    permission: QuotePermission | str | None,
    participant_name: str | None = None,
    own: bool = True,
) -> Shown:
    """The words and attribution allowed by `permission`.

    "no": the words never appear (the item still counts); "yes without my name": the words,
    with no name or reference that identifies the person; "yes with my name": the words and the
    name they gave. A closed answer (`own` False, see `own_words`) is shown whatever the
    permission, named only as "yes with my name" allows. Evidence staff added themselves (no
    response behind it) passes `None` as permission only through `shown_evidence`.
    """
    if own and not may_quote(permission):
        return Shown(WITHHELD, "", True)
    if permission == QuotePermission.NAMED and (participant_name or "").strip():
        return Shown(text, participant_name.strip(), False)
    return Shown(text, "", False)


def shown_evidence(text: str, response: Response | Consent | None, own: bool = True) -> Shown:
    """Words of an evidence item: staff's own notes (no response) are always shown; words cut
    from a response (a Response, or its `Consent`) carry that response's permission (`own`:
    see `shown_words`)."""
    if response is None:
        return Shown(text, "", False)
    return shown_words(text, response.quote_permission, response.participant_name, own)
