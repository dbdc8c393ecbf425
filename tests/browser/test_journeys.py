"""Whole journeys in a real Chromium: by keyboard alone, with JavaScript off, and what a
keyboard user sees (focus)."""

from __future__ import annotations

import pytest

from coimpact.extensions import db
from coimpact.models import Variant
from tests.browser.pages import (
    click_and_wait,
    fill_answers,
    focused,
    keyboard_answer_page,
    press_and_wait,
    stored_responses,
)

pytestmark = pytest.mark.browser


def _check_stored(response, variant: Variant) -> None:
    assert response.variant == variant and response.consent_given
    answers = {a.question_key: a for a in response.answers}
    assert answers["venue"].option_codes == "b"
    assert answers["topics"].option_codes == "a;c"
    assert answers["story"].value_text == "I spoke at the meeting for the first time."
    assert answers["confidence"].value_before == 2 and answers["confidence"].value_number == 4
    assert response.supported is True


def test_keyboard_alone_finishes_the_standard_form(new_page, live_server, make_form):
    token = make_form().token
    db.session.commit()
    page = new_page()
    page.goto(f"{live_server}/f/{token}")

    assert keyboard_answer_page(page) == "Send my answers"

    assert page.url == f"{live_server}/f/{token}/thanks"
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
    (response,) = stored_responses()
    _check_stored(response, Variant.STANDARD)


def test_enter_in_a_text_box_sends_the_answers_not_the_no(new_page, live_server, make_form):
    """The "I do not want to take part" button sits before every question, yet Enter in a text
    box (implicit submission) sends the answers: that button belongs to another form."""
    token = make_form().token
    db.session.commit()
    page = new_page()
    page.goto(f"{live_server}/f/{token}")
    fill_answers(page)
    page.locator('[name="q_name_of_group"]').focus()
    press_and_wait(page, "Enter")
    assert page.url == f"{live_server}/f/{token}/thanks"
    (response,) = stored_responses()
    _check_stored(response, Variant.STANDARD)


@pytest.mark.parametrize("script", [True, False], ids=["keyboard", "javascript off"])
def test_saying_no_stops_at_once_from_under_the_question(new_page, live_server, make_form, script):
    token = make_form().token
    db.session.commit()
    page = new_page(java_script_enabled=script)
    page.goto(f"{live_server}/f/{token}")
    fill_answers(page, {"consent": "no", "q_story": "Something I typed before I changed my mind"})
    if script:  # by keyboard: from the chosen "No", the next stop is the button
        page.locator("#consent-1").focus()
        page.keyboard.press("Tab")
        assert focused(page)["text"] == "I do not want to take part"
        press_and_wait(page, "Enter")
    else:
        click_and_wait(page, "I do not want to take part")
    assert page.url == f"{live_server}/f/{token}"
    assert page.get_by_role("heading", level=1).inner_text() == "That is OK"
    assert "We have not kept any of your answers." in page.content()
    assert stored_responses() == []


def test_keyboard_alone_finishes_the_easy_read_form(new_page, live_server, make_form):
    token = make_form().token
    db.session.commit()
    page = new_page()
    page.goto(f"{live_server}/f/{token}/easy")

    pressed = []
    while not page.url.endswith("/easy/thanks") and len(pressed) < 20:
        pressed.append(keyboard_answer_page(page))

    assert pressed == ["Start"] + ["Continue"] * 11 + ["Send my answers"]
    assert page.url == f"{live_server}/f/{token}/easy/thanks"
    (response,) = stored_responses()
    _check_stored(response, Variant.EASY)


def test_both_variants_finish_with_javascript_off(new_page, live_server, make_form):
    token = make_form().token
    db.session.commit()

    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server}/f/{token}")
    fill_answers(page)
    click_and_wait(page, "Send my answers")
    assert page.url == f"{live_server}/f/{token}/thanks"

    page = new_page(java_script_enabled=False)
    page.goto(f"{live_server}/f/{token}/easy")
    click_and_wait(page, "Start")
    for _ in range(11):  # agree, 9 questions, helped
        fill_answers(page)
        click_and_wait(page, "Continue")
    assert page.url == f"{live_server}/f/{token}/easy/check"
    click_and_wait(page, "Send my answers")
    assert page.url == f"{live_server}/f/{token}/easy/thanks"

    stored = sorted(stored_responses(), key=lambda r: r.variant.value)
    assert sorted(r.variant for r in stored) == sorted([Variant.STANDARD, Variant.EASY])
    for response in stored:
        _check_stored(response, response.variant)


def _tab_to(page, wanted, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        el = focused(page)
        if wanted(el):
            return el
    raise AssertionError(f"nothing matching reached with Tab on {page.url}")


def _assert_visible_focus(el: dict) -> None:
    assert el["outline"] != "none" or el["boxShadow"] != "none", el


@pytest.mark.parametrize("path", ["", "/easy/agree"], ids=["standard", "easy"])
def test_focus_is_visible_on_radios_buttons_and_links(new_page, live_server, make_form, path):
    token = make_form().token
    db.session.commit()
    page = new_page()
    if path.startswith("/easy"):
        page.goto(f"{live_server}/f/{token}/easy")
        click_and_wait(page, "Start")
    page.goto(f"{live_server}/f/{token}{path}")
    assert page.url == f"{live_server}/f/{token}{path}"

    _assert_visible_focus(_tab_to(page, lambda el: el["tag"] == "a"))
    _assert_visible_focus(_tab_to(page, lambda el: el["type"] == "radio"))
    _assert_visible_focus(_tab_to(page, lambda el: el["type"] == "text"))
    _assert_visible_focus(_tab_to(page, lambda el: el["tag"] == "button"))
