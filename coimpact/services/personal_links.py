"""Personal links: share links of one round of a form, each for one person.

A participant may be recognised again across rounds by a personal link staff give them, instead
of a code they make up (`domain/recognition.py`). Each person has a secret key, kept on their
links and never shown; their answers carry a keyed hash of it, so the matched pairs read them as
they read a code. A later round's links for the same people carry the same key and label.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import FormRound, ShareLink, User
from coimpact.models.collection import new_person_key
from coimpact.services.sharing import record_link_created

MOST_AT_ONCE = 200  # links one press makes: a group's worth, not a mail-merge
PREFIX_MAX = 100  # leaves room for " 200" in a 120-character label
DEFAULT_PREFIX = "Person"


def personal_links_of(round_: FormRound) -> list[ShareLink]:
    """The round's personal links in the order they were made."""
    return list(
        db.session.scalars(
            sa.select(ShareLink)
            .where(ShareLink.round_id == round_.id, ShareLink.person_key.is_not(None))
            .order_by(ShareLink.id)
        )
    )


def _next_number(round_: FormRound, prefix: str) -> int:
    # A second batch with the same prefix carries on ("Group A 13" after "Group A 12"), so that
    # no two cards of a round share a label.
    pattern = re.compile(rf"^{re.escape(prefix)} (\d+)$")
    numbers = [
        int(found.group(1))
        for link in personal_links_of(round_)
        if (found := pattern.match(link.label))
    ]
    return max(numbers, default=0) + 1


def make_personal_links(
    round_: FormRound, how_many: int, prefix: str, actor: User | None
) -> list[ShareLink]:
    """Make `how_many` (1 to MOST_AT_ONCE) personal links in `round_`, labelled "<prefix> 1",
    "<prefix> 2" … (numbering on after any the round has), each with a person key of its own.
    Each is audited as a made link. Flushes; the request commits."""
    if not 1 <= how_many <= MOST_AT_ONCE:
        raise ValueError(f"between 1 and {MOST_AT_ONCE} links at once")
    prefix = " ".join((prefix or "").split())[:PREFIX_MAX] or DEFAULT_PREFIX
    first = _next_number(round_, prefix)
    made = []
    for number in range(first, first + how_many):
        link = ShareLink(
            form_id=round_.form_id,
            round_id=round_.id,
            label=f"{prefix} {number}",
            person_key=new_person_key(),
            created_by_id=actor.id if actor else None,
        )
        db.session.add(link)
        made.append(link)
    db.session.flush()
    for link in made:
        record_link_created(link, actor, personal=True, round_id=round_.id)
    return made


def people_missing_from(round_: FormRound) -> list[ShareLink]:
    """For each person with a personal link in an earlier round of the same form and none in
    `round_` yet, their earliest such link (whose key and label a new link would take)."""
    earlier = db.session.scalars(
        sa.select(ShareLink)
        .join(FormRound, FormRound.id == ShareLink.round_id)
        .where(
            FormRound.form_id == round_.form_id,
            FormRound.position < round_.position,
            ShareLink.person_key.is_not(None),
        )
        .order_by(FormRound.position, ShareLink.id)
    )
    already = {link.person_key for link in personal_links_of(round_)}
    first_of: dict[str, ShareLink] = {}
    for link in earlier:
        if link.person_key not in already:
            first_of.setdefault(link.person_key, link)
    return list(first_of.values())


def links_for_same_people(round_: FormRound, actor: User | None) -> list[ShareLink]:
    """A link in `round_` for each person `people_missing_from` finds, with the same person key
    and label as their earlier link: their answers in both rounds then pair up. Pressing it
    again makes links only for people still missing. Audited per link. Flushes."""
    made = [
        ShareLink(
            form_id=round_.form_id,
            round_id=round_.id,
            label=earlier.label,
            person_key=earlier.person_key,
            created_by_id=actor.id if actor else None,
        )
        for earlier in people_missing_from(round_)
    ]
    db.session.add_all(made)
    db.session.flush()
    for link in made:
        record_link_created(link, actor, personal=True, round_id=round_.id)
    return made
