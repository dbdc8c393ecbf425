"""Consent travels with the words: a response's quote permission decides what every evidence page
shows. "No": the words appear on the response page alone (the item still counts); "yes without
my name": the words, never the name; "yes with my name": the words and the name."""

from __future__ import annotations

import pytest

from coimpact.models import Role
from coimpact.reports.quote_permission import WITHHELD
from tests.admin_helpers import post_form
from tests.evidence_helpers import answer_of, hidden, items, linked_project, respond

SECRET = "Nobody else should read THIS-SECRET-STORY about my family."


@pytest.fixture
def setup(make_project, make_form):
    return linked_project(make_project, make_form)


@pytest.fixture
def staff(setup, make_user, login):
    user = make_user(Role.STAFF, projects=[setup.project])
    login(user)
    return user


def evidence_pages(client, item_id: int, project_id: int) -> dict[str, str]:
    pages = {
        "list": f"/admin/evidence/?project_id={project_id}",
        "item": f"/admin/evidence/{item_id}",
        "edit": f"/admin/evidence/edit/?id={item_id}",
        "approve": f"/admin/evidence/{item_id}/approve",
        "suggestions": f"/admin/evidence/suggestions/?project_id={project_id}",
    }
    found = {}
    for name, url in pages.items():
        page = client.get(url)
        assert page.status_code == 200, (name, page.status_code)
        found[name] = page.text
    return found


def test_words_of_a_no_response_appear_only_on_the_response_page(client, setup, staff):
    response = respond(client, setup.token, q_story=SECRET, quote_permission="no")
    answer = answer_of(response, "story")

    suggestions = client.get(f"/admin/evidence/suggestions/?project_id={setup.project.id}").text
    assert "THIS-SECRET-STORY" not in suggestions
    assert WITHHELD in suggestions and response.ref in suggestions

    cut_page = client.get(f"/admin/evidence/cut/{answer.id}").text
    assert "THIS-SECRET-STORY" not in cut_page and WITHHELD in cut_page
    # Whatever is posted as an excerpt, the whole answer is taken: staff cannot trim (or see)
    # words they may not show.
    made = post_form(
        client,
        f"/admin/evidence/cut/{answer.id}",
        {"kind": "story", "excerpt": "made-up words", "indicators": [str(setup.indicator.id)]},
    )
    assert made.status_code == 303
    (item,) = items()
    assert item.text == SECRET  # kept, and it counts, but never shown outside the response

    pages = evidence_pages(client, item.id, setup.project.id)
    for name, html in pages.items():
        assert "THIS-SECRET-STORY" not in html, name
    for name in ("list", "item", "approve"):
        assert WITHHELD in pages[name], name
    assert 'name="text"' not in pages["edit"]  # no field to trim what cannot be shown
    # Saving the edit form cannot change the words either.
    post_form(client, f"/admin/evidence/edit/?id={item.id}", {"title": "T", "text": "changed"})
    assert items()[0].text == SECRET
    # Approving works without showing them.
    seen = hidden(pages["approve"], "seen")
    post_form(client, f"/admin/evidence/{item.id}/approve", {"seen": seen})
    assert items()[0].status == "approved"
    assert "THIS-SECRET-STORY" not in client.get(f"/admin/evidence/{item.id}").text

    # The response page itself (where staff read what was said) still has the words.
    assert "THIS-SECRET-STORY" in client.get(f"/admin/responses/details/?id={response.id}").text


def test_anonymous_shows_the_words_without_the_name(client, setup, staff):
    response = respond(
        client,
        setup.token,
        q_story="The group helped me ANON-WORDS.",
        quote_permission="anonymous",
        participant_name="Zed Person",
    )
    answer = answer_of(response, "story")
    post_form(
        client, f"/admin/evidence/cut/{answer.id}", {"kind": "quote", "excerpt": "ANON-WORDS."}
    )
    (item,) = items()
    pages = evidence_pages(client, item.id, setup.project.id)
    for name in ("list", "item", "edit", "approve"):
        assert "ANON-WORDS" in pages[name], name
    assert "The group helped me ANON-WORDS." in pages["suggestions"]
    for name, html in pages.items():
        assert "Zed Person" not in html, name


def test_named_shows_the_words_with_the_name_they_gave(client, setup, staff):
    response = respond(
        client,
        setup.token,
        q_story="I run the cafe now NAMED-WORDS.",
        quote_permission="named",
        participant_name="Pat Named",
    )
    answer = answer_of(response, "story")
    post_form(
        client,
        f"/admin/evidence/cut/{answer.id}",
        {"kind": "story", "excerpt": "I run the cafe now NAMED-WORDS."},
    )
    (item,) = items()
    pages = evidence_pages(client, item.id, setup.project.id)
    for name in ("list", "item", "suggestions"):
        assert "NAMED-WORDS" in pages[name] and "Pat Named" in pages[name], name


def test_closed_answers_of_a_no_response_show_while_their_own_words_do_not(client, setup, staff):
    """Only a person's own words are withheld: their scale, choice and number answers are what
    staff decide on, and show on every evidence page."""
    response = respond(
        client,
        setup.token,
        q_story=SECRET,
        q_listened="5",
        quote_permission="no",
        participant_name="Zed Refused",
    )
    suggestions = client.get(f"/admin/evidence/suggestions/?project_id={setup.project.id}").text
    assert "Strongly agree" in suggestions  # the 5-point answer, with its label
    assert "THIS-SECRET-STORY" not in suggestions and WITHHELD in suggestions
    assert "Zed Refused" not in suggestions

    listened = answer_of(response, "listened")
    cut_page = client.get(f"/admin/evidence/cut/{listened.id}").text
    assert "Strongly agree" in cut_page and WITHHELD not in cut_page
    made = post_form(
        client,
        f"/admin/evidence/cut/{listened.id}",
        {"kind": "rating", "excerpt": "Strongly agree"},
    )
    assert made.status_code == 303
    (rating,) = items()
    assert rating.text == "Strongly agree"
    pages = evidence_pages(client, rating.id, setup.project.id)
    for name in ("list", "item", "approve", "suggestions"):
        assert "Strongly agree" in pages[name], name
    assert WITHHELD not in pages["item"] and WITHHELD not in pages["approve"]
    for name, html in pages.items():
        assert "THIS-SECRET-STORY" not in html and "Zed Refused" not in html, name
    # The story from the same response stays withheld, on its cut page and as an item.
    story = answer_of(response, "story")
    story_cut = client.get(f"/admin/evidence/cut/{story.id}").text
    assert WITHHELD in story_cut and "THIS-SECRET-STORY" not in story_cut
    post_form(client, f"/admin/evidence/cut/{story.id}", {"kind": "story"})
    story_item = items()[-1]
    page = client.get(f"/admin/evidence/{story_item.id}").text
    assert WITHHELD in page and "THIS-SECRET-STORY" not in page
    listing = client.get(f"/admin/evidence/?project_id={setup.project.id}").text
    assert "Strongly agree" in listing and WITHHELD in listing
    assert "THIS-SECRET-STORY" not in listing


@pytest.mark.parametrize(
    ("qtype", "own"),
    [("short_text", True), ("story", True), ("scale_5", False), ("yes_no", False)]
    + [("number", False), ("before_after", False), ("multi_choice", False), ("bogus", True)],
)
def test_only_free_text_is_a_persons_own_words(qtype, own):
    from coimpact.reports.quote_permission import own_words, shown_words

    assert own_words(qtype) is own
    shown = shown_words("Agree", "no", "Zed", own=own_words(qtype))
    assert shown.withheld is own and ("Agree" in shown.text) is not own
    assert shown.attribution == ""  # "no" never names the person
