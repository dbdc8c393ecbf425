"""The question page guides: the type is chosen first and the page then shows only the fields
that type uses; a key left empty is made from the wording; and linking a question to an
indicator whose measure cannot use its answers says so."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa

from coimpact.domain.measures import MEASURES
from coimpact.domain.question_types import BUILT_IN_CHOICES, STAFF_OPTION_TYPES
from coimpact.extensions import db
from coimpact.models import MeasureKind, Question, QuestionType, Role
from coimpact.services.theory import add_indicator
from tests.admin_helpers import build_theory, count, post_form
from tests.test_admin_forms import add_question, edit_data, new_form, publish, question


@pytest.fixture
def project(make_project):
    return make_project(name="Respite Group")


@pytest.fixture
def staff(project, make_user, login):
    user = make_user(Role.STAFF, projects=[project])
    login(user)
    return user


@pytest.fixture
def form(client, project, staff):
    return new_form(client, project)


def plain(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def fields_on(page: str) -> set[str]:
    """The names of the inputs a page offers (option rows as "options")."""
    names = set(re.findall(r'<(?:input|select|textarea|button)[^>]*\sname="([^"]+)"', page))
    return {"options" if n.startswith("options-") else n for n in names}


def test_a_new_question_starts_by_choosing_its_type(client, form):
    page = client.get(f"/admin/questions/new/?form_id={form.id}&url=/admin/forms/")
    assert page.status_code == 200
    text = plain(page.text)
    assert "New question in Respite Group" in text
    assert "For the form After the meeting" in text and "First choose what kind of answer" in text
    for qtype in QuestionType:
        assert f'name="type" id="type-{qtype.value}" value="{qtype.value}"' in page.text
    # What each asks of people, its fixed answers and what its answers can give.
    assert "People say how much they agree." in text
    assert "Strongly disagree, Disagree, Not sure, Agree, Strongly agree" in text
    assert (
        "Its answers can give an indicator measured as: Count, Share of people who agree, "
        "Average rating." in text
    )
    assert "can give an indicator measured as: Count, Quotes and stories." in text
    # A plain GET form carrying the page's own arguments: no script, nothing posted.
    assert re.search(r'<form method="get" action="/admin/questions/new/"', page.text)
    assert f'name="form_id" value="{form.id}"' in page.text
    assert 'name="url" value="/admin/forms/"' in page.text
    assert 'name="text"' not in page.text and 'name="key"' not in page.text
    chosen = client.get(f"/admin/questions/new/?form_id={form.id}&url=/admin/forms/&type=number")
    assert chosen.status_code == 200 and 'name="text"' in chosen.text
    assert "a number question" in plain(chosen.text)
    assert '<option selected value="number">Number</option>' in chosen.text


COMMON = {"type", "key", "text", "text_easy", "help_text", "help_text_easy", "symbol"}
COMMON |= {"symbol_alt", "required", "indicators", "shown_type", "csrf_token"}


@pytest.mark.parametrize("qtype", list(QuestionType))
def test_each_type_of_question_gets_exactly_the_fields_it_uses(client, project, form, qtype):
    build_theory(project)  # an indicator to offer, so the indicator choice shows its boxes
    expected = set(COMMON)
    if qtype in STAFF_OPTION_TYPES:
        expected.add("options")
    if qtype == QuestionType.NUMBER:
        expected |= {"min_value", "max_value"}
    new_page = client.get(f"/admin/questions/new/?form_id={form.id}&type={qtype.value}").text
    extra = {"min_value": "0", "max_value": "9"} if qtype == QuestionType.NUMBER else {}
    if qtype in STAFF_OPTION_TYPES:
        extra = {"options-0-label": "By bus", "options-0-label_easy": "Bus"}
    assert add_question(client, form, "q", qtype, **extra).status_code == 302
    edit_page = client.get(f"/admin/questions/edit/?id={question(form, 'q').id}").text
    for page, fields in ((new_page, expected), (edit_page, expected)):
        offered = fields_on(page) - {"_continue_editing", "_add_another", "url"}
        assert offered == fields, qtype
        assert f'name="shown_type" type="hidden" value="{qtype.value}"' in page
        fixed = "This type of question has fixed answers" in page
        assert fixed == (qtype in BUILT_IN_CHOICES), qtype
        for choice in BUILT_IN_CHOICES.get(qtype, ()):
            assert f"<td>{choice.label}</td>" in page


def post_question(client, url: str, data: dict):
    return post_form(client, url, {"symbol": "meeting", "text_easy": "Easy words?", **data})


def test_changing_the_type_shows_its_fields_first_and_keeps_what_was_typed(client, form):
    url = f"/admin/questions/new/?form_id={form.id}&type=yes_no"
    data = {"form": form.id, "type": "number", "shown_type": "yes_no", "key": "trips"}
    data |= {"text": "How many TRIPS did you go on?"}
    again = post_question(client, url, data)
    assert again.status_code == 200 and count(Question) == 0  # nothing saved yet
    assert "Now showing the fields of a number question. Nothing is saved yet" in again.text
    assert "Failed to" not in again.text  # a change of type is not a failure
    assert 'name="min_value"' in again.text and "fixed answers" not in again.text
    assert re.search(r'name="text"[^>]*>\s*How many TRIPS did you go on\?</textarea>', again.text)
    assert 'name="shown_type" type="hidden" value="number"' in again.text
    saved = post_question(client, url, data | {"shown_type": "number", "max_value": "20"})
    assert saved.status_code == 302
    trips = question(form, "trips")
    assert (trips.type, trips.max_value) == (QuestionType.NUMBER, 20)

    # On the edit page too: a number turned into a choice gets empty rows for its answers.
    edit = f"/admin/questions/edit/?id={trips.id}"
    data = edit_data(trips, type="single_choice", shown_type="number")
    shown = post_form(client, edit, data)
    assert shown.status_code == 200 and question(form, "trips").type == QuestionType.NUMBER
    assert "Failed to" not in shown.text and "Now showing the fields" in shown.text
    assert 'name="options-2-label"' in shown.text and 'name="min_value"' not in shown.text
    data |= {"shown_type": "single_choice", "options-0-label": "One", "options-0-label_easy": "1"}
    assert post_form(client, edit, data).status_code == 302
    trips = question(form, "trips")
    assert trips.type == QuestionType.SINGLE_CHOICE and trips.max_value is None
    assert [o.label for o in trips.options] == ["One"]


def test_a_key_left_empty_is_made_from_the_wording(client, form):
    page = client.get(f"/admin/questions/new/?form_id={form.id}&type=yes_no").text
    key_input = re.search(r'<input[^>]*name="key"[^>]*>', page).group(0)
    assert "required" not in key_input
    assert "Left empty, one is made from the question's wording" in page
    for _ in range(2):
        made = add_question(client, form, "", "yes_no", text="Did you feel listened to?")
        assert made.status_code == 302
    assert add_question(client, form, "mood", "before_after").status_code == 302
    # "Mood before" would take the name of mood's first rating: a number is added.
    add_question(client, form, "", "short_text", text="Mood before?")
    add_question(client, form, "", "story", text="¿Qué pasó?")
    add_question(client, form, "", "story", text="???")
    keys = [q.key for q in db.session.scalars(sa.select(Question).order_by(Question.id))]
    assert keys == ["feel_listened", "feel_listened_2", "mood", "mood_before_2", "que_paso"] + [
        "question"
    ]
    # Still editable before publishing, emptied it is made again, and once published it is
    # never changed.
    first = question(form, "feel_listened")
    edit = f"/admin/questions/edit/?id={first.id}"
    assert 'name="key"' in client.get(edit).text
    post_form(client, edit, edit_data(first, key="", text="Were you heard today?"))
    assert question(form, "heard_today") is not None
    assert publish(client, form).status_code == 303
    heard = question(form, "heard_today")
    assert 'name="key"' not in client.get(edit).text
    post_form(client, edit, edit_data(heard, key="", text="Did staff listen?"))
    assert question(form, "heard_today").text == "Did staff listen?"


@pytest.fixture
def indicators(project):
    """A1.1 measured as a share who agree and A1.2 as an average rating."""
    theory = build_theory(project)
    rating = add_indicator(theory["outcome"], "Members rate being heard", MeasureKind.MEAN_RATING)
    db.session.commit()
    return theory["indicator"], rating


def test_linking_a_question_to_an_indicator_it_cannot_feed_says_so(client, form, indicators):
    agree, rating = indicators
    page = client.get(f"/admin/questions/new/?form_id={form.id}&type=yes_no").text
    assert f"A1.1 {agree.statement.strip()} · Share of people who agree</label>" in page
    assert f"A1.2 {rating.statement} · Average rating: cannot use these answers</label>" in page
    assert (
        "Answers to a yes / not sure / no question can give an indicator measured as “Count”, "
        "“Share of people who agree”" in plain(page)
    )
    saved = add_question(
        client, form, "heard", "yes_no", indicators=[str(agree.id), str(rating.id)]
    )
    assert saved.status_code == 302
    after = plain(client.get(saved.headers["Location"]).text)
    warning = (
        "A1.2 is measured as “Average rating”, worked out from answers to a 3-point picture "
        "scale or 5-point scale question. Answers to this yes / not sure / no question will "
        "arrive as suggested evidence for A1.2, but cannot change its figure."
    )
    assert warning in after and "A1.1 is measured as" not in after
    heard = question(form, "heard")
    assert {i.id for i in heard.indicators} == {agree.id, rating.id}  # linked all the same
    # Said when linked, not on every save after.
    edit = f"/admin/questions/edit/?id={heard.id}"
    resaved = post_form(client, edit, edit_data(heard, text="Were you heard?"))
    assert "cannot change its figure" not in plain(client.get(resaved.headers["Location"]).text)
    # A type neither indicator can use: both are named.
    retyped = post_form(client, edit, edit_data(question(form, "heard"), type="story"))
    told = plain(client.get(retyped.headers["Location"]).text)
    assert "A1.1 is measured as “Share of people who agree”" in told
    assert "Answers to this story (long text) question" in told and "A1.2 is measured" in told


def test_what_the_warning_names_is_what_the_measure_uses():
    uses = MEASURES[MeasureKind.MEAN_RATING].uses
    assert uses == {QuestionType.PICTURE_SCALE, QuestionType.SCALE_5}
