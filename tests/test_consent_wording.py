"""The wording about taking part and quoting is the same wherever it is shown: the staff preview
and paper entry say what the participant pages say, word for word, in both variants (they all
draw it from templates/public/_consent.html)."""

from __future__ import annotations

import html
import re

import pytest

from coimpact.models import Role
from tests.public_helpers import easy_start

ABOUT = "We keep answers safe."
ABOUT_EASY = "Your answers are safe."


def words(fragment: str) -> str:
    """What a person reads (or hears: pictures by their alt text), with spacing folded."""
    fragment = re.sub(r'<img [^>]*alt="([^"]*)"[^>]*>', r" \1 ", fragment)
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    return " ".join(text.split())


def consent_part(page: str, about: str) -> tuple[str, str]:
    """(what is said about the answers, the three questions) on a page, read from the form's own
    wording about its answers to the end of the name field. The standard page's button for
    saying no at once is left out: it belongs to a form that only the participant page has."""
    start = page.index(f"<p>{about}</p>")
    fields = page.index('<div class="field', start)
    end = page.index("</div>", page.index('autocomplete="name"', fields)) + len("</div>")
    questions = re.sub(r'<div class="decline">.*?</div>', "", page[fields:end], flags=re.S)
    return words(page[start:fields]), words(questions)


@pytest.fixture
def link(make_form):
    return make_form(consent_text=ABOUT, consent_text_easy=ABOUT_EASY)


@pytest.fixture
def staff(link, make_user):
    return make_user(Role.STAFF, projects=[link.form.project])


def test_the_preview_says_what_the_participant_pages_say(client, link, staff, login):
    standard = consent_part(client.get(f"/f/{link.token}").text, ABOUT)
    easy_start(client, link.token)
    easy = consent_part(client.get(f"/f/{link.token}/easy/agree").text, ABOUT_EASY)
    login(staff)
    preview = client.get(f"/admin/forms/preview/?id={link.form.id}").text

    assert consent_part(preview, ABOUT) == standard
    assert consent_part(preview, ABOUT_EASY) == easy
    # The questions, with their choices and hints, in each variant's own words.
    about, questions = standard
    assert about.startswith(ABOUT) and "Only the project team can read them." in about
    assert "Do you agree to take part? Yes, I agree No, I do not agree" in questions
    assert "Yes, and you can use my name" in questions and "Your name" in questions
    about, questions = easy
    assert about.startswith(ABOUT_EASY) and "You can stop at any time." in about
    assert "Do you want to take part? A tick for yes Yes, I want to take part" in questions
    assert "Yes, with my name" in questions


def test_paper_entry_asks_in_the_standard_form_s_words(client, link, staff, login):
    _, standard = consent_part(client.get(f"/f/{link.token}").text, ABOUT)
    login(staff)
    page = client.get(f"/admin/paper/{link.form.id}").text
    about, questions = consent_part(page, ABOUT)
    # Staff see the form's own words about the answers, then the same three questions.
    assert about == ABOUT
    assert questions == standard
