"""Personal links in the admin: making them for a round, making the same people's links for a
later round, and the printable cards a facilitator hands out, one per person.

Mixed into the share links view (`LinkView`), whose scoping they use: a link or round of a
project the user cannot see is a 404, and viewers change nothing (403). A person key is never
put on a page: staff see only that a link is "for one person".
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from wtforms import Form as PlainForm
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from coimpact.admin.base import MAX_ROW_ID
from coimpact.admin.filters import ConditionFilter
from coimpact.admin.qr import qr_svg
from coimpact.admin.scoped import may_change, require_visible
from coimpact.domain.question_types import wording
from coimpact.domain.readable import plural
from coimpact.extensions import db
from coimpact.forms.published import published_version
from coimpact.models import FormRound, ShareLink
from coimpact.services.personal_links import (
    MOST_AT_ONCE,
    PREFIX_MAX,
    links_for_same_people,
    make_personal_links,
    people_missing_from,
    personal_links_of,
)
from coimpact.services.sharing import public_urls

HOW_MANY = f"Say how many links to make: a number from 1 to {MOST_AT_ONCE}."


class PersonalLinksForm(PlainForm):
    # The app-wide CSRFProtect has checked the token before the view runs.
    how_many = IntegerField(
        "How many", validators=[InputRequired(HOW_MANY), NumberRange(1, MOST_AT_ONCE, HOW_MANY)]
    )
    prefix = StringField(
        "Label (optional)",
        validators=[Length(max=PREFIX_MAX, message=f"Keep the label under {PREFIX_MAX}.")],
    )


@dataclass(frozen=True)
class LaterRound:
    """A round the same people's links can be made in, and how many people it lacks."""

    round: FormRound
    missing: int


@dataclass(frozen=True)
class PersonalPanel:
    """What a link's page offers about personal links (None for a link in no round)."""

    round: FormRound
    count: int  # personal links the round has
    later: list[LaterRound]
    can_change: bool


def personal_filter() -> ConditionFilter:
    """The list's "For one person" filter: personal links, or the others."""
    key = ShareLink.person_key
    return ConditionFilter(
        "For one person",
        lambda personal: key.is_not(None) if personal else key.is_(None),
        options=[("1", "Yes"), ("0", "No")],
        clean=lambda v: v == "1",
    )


def personal_column(view, context, model, name):
    # "No" rather than an empty cell: a blank reads as something missing, aloud too.
    return "Yes" if model.personal else "No"


def round_column(view, context, model, name):
    if model.round is None:
        return "Not in rounds"
    # From the list, the link's page is where personal links are made.
    url = url_for("links.details_view", id=model.id, _anchor="personal-links")
    return Markup('{}<br><a class="small" href="{}">Personal links</a>').format(
        model.round.name, url
    )


class PersonalLinksMixin:
    """Routes and page parts for personal links, for `LinkView`."""

    def personal_panel(self, link: ShareLink) -> PersonalPanel | None:
        """What the link's page shows under "Personal links"."""
        if link.round is None:
            return None
        rounds = link.form.rounds
        later = [
            LaterRound(r, len(people_missing_from(r)))
            for r in rounds
            if r.position > rounds[0].position
        ]
        return PersonalPanel(
            round=link.round,
            count=len(personal_links_of(link.round)),
            later=[r for r in later if r.missing],
            can_change=may_change(),
        )

    def _round_to_change(self, link_id: int) -> tuple[ShareLink, FormRound]:
        link = self.one_to_change(str(link_id))  # 404 not visible, 403 for viewers
        if link.round is None:
            abort(404)
        return link, link.round

    @expose(f"/personal/<int(max={MAX_ROW_ID}):link_id>", methods=("POST",))
    def make_personal(self, link_id: int):
        link, round_ = self._round_to_change(link_id)
        form = PersonalLinksForm(request.form)
        if not form.validate():
            # One message for a missing, wrong or out-of-range number (WTForms has its own
            # words for "not a number").
            flash(HOW_MANY if form.how_many.errors else form.prefix.errors[0], "error")
            return redirect(url_for(".details_view", id=link.id, _anchor="personal-links"), 303)
        made = make_personal_links(round_, form.how_many.data, form.prefix.data, current_user)
        flash(
            f"Made {plural(len(made), 'personal link')} in round {round_.name}: "
            "print them below, one card per person.",
            "success",
        )
        return redirect(url_for(".cards_view", round_id=round_.id), 303)

    @expose(f"/same-people/<int(max={MAX_ROW_ID}):link_id>", methods=("POST",))
    def same_people(self, link_id: int):
        link, _ = self._round_to_change(link_id)
        wanted = request.form.get("round_id", type=int)
        # Only a round of this link's own form: another form's (or project's) is not there.
        target = next((r for r in link.form.rounds if r.id == wanted), None)
        if target is None:
            abort(404)
        made = links_for_same_people(target, current_user)
        flash(
            f"Made {plural(len(made), 'personal link')} in round {target.name} for the same "
            "people: print them below.",
            "success",
        )
        return redirect(url_for(".cards_view", round_id=target.id), 303)

    @expose(f"/cards/<int(max={MAX_ROW_ID}):round_id>")
    def cards_view(self, round_id: int):
        """A printable sheet of the round's personal links, one card per person: label, QR code
        and address (of the standard form, or with ?easy=1 the easy-read one)."""
        round_ = db.session.get(FormRound, round_id)
        if round_ is None:
            abort(404)
        require_visible(round_.form.project_id)  # 404 alike for "not there" and "not yours"
        easy = request.args.get("easy") == "1"
        version = published_version(round_.form)
        snapshot = (
            version.snapshot
            if version is not None
            else {
                "title": round_.form.title,
                "title_easy": round_.form.title_easy,
            }
        )
        links = personal_links_of(round_)
        cards = []
        for link in links:
            urls = public_urls(link)
            url = urls.easy if easy else urls.standard
            # segno's SVG of our own address (configured base URL and a URL-safe token): no
            # text anyone typed reaches it.
            cards.append((link, url, Markup(qr_svg(url, scalable=True))))  # noqa: S704
        return self.render(
            "admin/links/cards.html",
            round=round_,
            cards=cards,
            closed=[link.label for link in links if not link.is_open],
            easy=easy,
            title=wording(snapshot, "title", easy),
        )
