"""The optional "code to be recognised again" on a form run in rounds, and a personal link's
notice in its place, standard and easy read, in a real Chromium: axe-core finds no WCAG 2.2 AA
violation, nothing scrolls sideways at 320 px, targets are big enough (the same checks as
test_accessibility.py)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import FormRound, Response, ShareLink
from coimpact.models.collection import new_person_key
from tests.browser.pages import ANSWERS, fill_answers
from tests.browser.test_accessibility import Audit, _continue

pytestmark = pytest.mark.browser


def _in_a_round(make_form) -> str:
    link = make_form()
    start = FormRound(form=link.form, name="start", position=1)
    db.session.add(start)
    db.session.flush()
    link.round_id = start.id
    db.session.commit()
    return link.token


def _answer_every_question(page) -> None:
    """From the easy-read "before you start" page to the "did someone help you" page."""
    fill_answers(page)
    _continue(page)
    for _number in range(1, 10):
        fill_answers(page)
        _continue(page)


def _recognised_alike() -> None:
    """The standard and the easy-read response carry the same recognition hash."""
    db.session.expire_all()
    hashes = db.session.scalars(sa.select(Response.recognition_hash)).all()
    assert len(hashes) == 2 and hashes[0] == hashes[1] is not None


def test_the_code_question_in_both_variants(axe_page, live_server, make_form):
    token = _in_a_round(make_form)
    page, audit = axe_page, Audit(axe_page)

    audit("standard form in a round", 200, page.goto(f"{live_server}/f/{token}"))
    page.locator('[name="recognition_code"]').fill("x" * 41)
    audit("standard form, code too long", 422, _continue(page, "Send my answers"))
    fill_answers(page)
    page.locator('[name="recognition_code"]').fill("green door 12")
    _continue(page, "Send my answers")
    assert page.url == f"{live_server}/f/{token}/thanks"

    base = f"{live_server}/f/{token}/easy"
    page.goto(base)
    _continue(page, "Start")
    _answer_every_question(page)
    assert page.url == f"{base}/helped"
    audit("easy helped step with the code")
    fill_answers(page, {**ANSWERS, "recognition_code": "green door 12"})
    _continue(page)
    assert page.url == f"{base}/check"
    audit("easy check answers with the code")
    _continue(page, "Send my answers")
    assert page.url == f"{base}/thanks"

    audit.assert_clean()
    _recognised_alike()


def test_a_personal_link_in_both_variants(axe_page, live_server, make_form):
    """A personal link asks for no code and says, in both variants, that it is just for them."""
    token = _in_a_round(make_form)
    link = db.session.scalar(sa.select(ShareLink).where(ShareLink.token == token))
    link.person_key = new_person_key()
    db.session.commit()
    page, audit = axe_page, Audit(axe_page)

    audit("standard form on a personal link", 200, page.goto(f"{live_server}/f/{token}"))
    assert page.locator("#personal-link").is_visible()
    assert page.locator('[name="recognition_code"]').count() == 0
    fill_answers(page)
    _continue(page, "Send my answers")
    assert page.url == f"{live_server}/f/{token}/thanks"

    base = f"{live_server}/f/{token}/easy"
    audit("easy start on a personal link", 200, page.goto(base))
    assert page.locator("#personal-link").is_visible()
    _continue(page, "Start")
    audit("easy agree step on a personal link")
    assert page.locator("#personal-link").is_visible()
    _answer_every_question(page)
    assert page.url == f"{base}/helped"
    assert page.locator('[name="recognition_code"]').count() == 0
    fill_answers(page)
    _continue(page)
    _continue(page, "Send my answers")
    assert page.url == f"{base}/thanks"

    audit.assert_clean()
    _recognised_alike()
