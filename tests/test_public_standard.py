"""The standard participant form over HTTP: every question type, validation, nothing lost."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Answer, FormStatus, QuotePermission, Response, Variant
from coimpact.models.types import utcnow
from tests.conftest import csrf_token
from tests.public_helpers import GOOD_ANSWERS, post_standard, submission_id, table_missing


def responses():
    db.session.expire_all()
    return db.session.scalars(sa.select(Response)).all()


def test_form_page_shows_every_question_and_the_consent_step(client, make_form):
    link = make_form()
    page = client.get(f"/f/{link.token}")
    assert page.status_code == 200
    html = page.text
    for key in ("name_of_group", "story", "venue", "topics", "feeling", "listened", "again"):
        assert f"Standard wording for {key}?" in html
    assert 'name="q_confidence_before"' in html and 'name="q_confidence_after"' in html
    assert "Can we use your words" in html and "Did someone help you fill this in?" in html
    assert '<html lang="en-GB">' in html and html.count("<h1") == 1
    assert "<script" not in html
    # No internal id travels in the page: fields are named by question key only.
    hidden = re.findall(r'<input type="hidden" name="([^"]+)"', html)
    assert sorted(hidden) == ["csrf_token", "submission_id"]
    assert len(submission_id(html)) >= 32


def test_every_question_type_is_stored(client, make_form):
    link = make_form()
    response = post_standard(client, link.token)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/f/{link.token}/thanks"
    (stored,) = responses()
    assert stored.variant == Variant.STANDARD and stored.share_link_id == link.id
    assert stored.supported is True and stored.consent_given is True
    assert stored.quote_permission == QuotePermission.ANONYMOUS
    assert stored.participant_name is None
    answers = {a.question_key: a for a in stored.answers}
    assert answers["name_of_group"].value_text == "Tuesday group"
    assert answers["story"].question_text == "Standard wording for story?"
    assert answers["venue"].option_codes == "b"
    assert answers["topics"].option_codes == "a;c"
    assert answers["feeling"].value_number == 3 and answers["feeling"].option_codes == "3"
    assert answers["listened"].value_number == 4
    assert answers["again"].option_codes == "not_sure"
    assert answers["meetings"].value_number == 12
    assert (answers["confidence"].value_before, answers["confidence"].value_number) == (2, 4)
    assert all(a.question_id is not None for a in stored.answers)
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200 and "What happens next" in thanks.text


def test_repeated_post_stores_one_response(client, make_form):
    link = make_form()
    page = client.get(f"/f/{link.token}").text
    first = post_standard(client, link.token, page=page)
    second = post_standard(client, link.token, page=page)
    assert first.status_code == second.status_code == 303
    assert len(responses()) == 1


def test_missing_required_answers_keep_everything_given(client, make_form):
    link = make_form()
    answers = {**GOOD_ANSWERS, "q_venue": "", "q_feeling": ""}
    answers.pop("q_venue")
    answers.pop("q_feeling")
    response = post_standard(client, link.token, answers)
    assert response.status_code == 422
    html = response.text
    assert "There is a problem" in html and 'href="#q_venue-0"' in html
    assert html.count("Choose an answer.") >= 2  # in the summary and beside the field
    assert 'value="Tuesday group"' in html
    assert "I spoke at the meeting for the first time." in html
    assert 'value="4" checked' in html  # q_listened kept
    assert responses() == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("q_meetings", "a dozen", "Enter a number, like 3."),
        ("q_meetings", "1000", "Enter a number from 0 to 100."),
        ("q_name_of_group", "x" * 501, "keep it under 500 characters"),
        ("q_venue", "zz", "Choose an answer."),
        ("q_topics", ["a", "evil"], "Choose an answer."),
        ("consent", "maybe", "Say whether you agree to take part."),
    ],
)
def test_bad_values_are_explained_and_kept(client, make_form, field, value, message):
    link = make_form()
    response = post_standard(client, link.token, {**GOOD_ANSWERS, field: value})
    assert response.status_code == 422
    assert message in response.text
    if field == "q_meetings":
        assert f'value="{value}"' in response.text
    assert responses() == []


def test_named_permission_needs_a_name(client, make_form):
    link = make_form()
    answers = {**GOOD_ANSWERS, "quote_permission": "named", "participant_name": " "}
    assert post_standard(client, link.token, answers).status_code == 422
    answers["participant_name"] = "Sam"
    assert post_standard(client, link.token, answers).status_code == 303
    (stored,) = responses()
    assert stored.participant_name == "Sam"


def test_name_is_dropped_unless_named_permission(client, make_form):
    link = make_form()
    answers = {**GOOD_ANSWERS, "quote_permission": "no", "participant_name": "Sam"}
    assert post_standard(client, link.token, answers).status_code == 303
    assert responses()[0].participant_name is None


def test_declining_consent_stores_nothing(client, make_form):
    link = make_form()
    response = post_standard(client, link.token, {**GOOD_ANSWERS, "consent": "no"})
    assert response.status_code == 200 and "You do not have to take part" in response.text
    assert responses() == []


def test_expired_csrf_token_reshows_answers_with_a_fresh_token(client, make_form):
    link = make_form()
    page = client.get(f"/f/{link.token}").text
    stale = post_standard(client, link.token, {**GOOD_ANSWERS, "csrf_token": "expired"}, page)
    assert stale.status_code == 400
    assert "Your answers are still here" in stale.text
    assert 'value="Tuesday group"' in stale.text and 'value="b" checked' in stale.text
    assert responses() == []
    # The page it re-showed carries a working token and the same submission id.
    again = client.post(
        f"/f/{link.token}",
        data={
            **GOOD_ANSWERS,
            "csrf_token": csrf_token(stale.text),
            "submission_id": submission_id(stale.text),
        },
    )
    assert again.status_code == 303
    assert len(responses()) == 1


def test_honeypot_is_kept_aside_as_spam(client, make_form):
    link = make_form()
    response = post_standard(client, link.token, {**GOOD_ANSWERS, "website": "http://spam"})
    assert response.status_code == 303
    (stored,) = responses()
    assert stored.is_spam is True


def test_database_failure_keeps_answers_on_the_page(client, make_form, app):
    link = make_form()
    with table_missing("answers"):
        failed = post_standard(client, link.token)
    assert failed.status_code == 503
    assert "could not save your answers" in failed.text
    assert 'value="Tuesday group"' in failed.text and 'value="not_sure" checked' in failed.text
    assert responses() == []  # nothing half-stored
    retry = client.post(
        f"/f/{link.token}",
        data={
            **GOOD_ANSWERS,
            "csrf_token": csrf_token(failed.text),
            "submission_id": submission_id(failed.text),
        },
    )
    assert retry.status_code == 303
    assert len(responses()) == 1
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 9


def test_unknown_link_is_a_friendly_404(client):
    response = client.get("/f/not-a-real-token")
    assert response.status_code == 404
    assert "We cannot find this form" in response.text and "Traceback" not in response.text


@pytest.mark.parametrize(
    "closing",
    [
        {"link": {"is_open": False}},
        {"link": {"expires_at": utcnow() - timedelta(minutes=1)}},
        {"form": {"closes_at": utcnow() - timedelta(days=1)}},
        {"form": {"status": FormStatus.CLOSED}},
    ],
)
def test_closed_links_answer_410(client, make_form, closing):
    link = make_form(link_fields=closing.get("link"))
    for name, value in closing.get("form", {}).items():
        setattr(link.form, name, value)
    db.session.commit()
    for url in (f"/f/{link.token}", f"/f/{link.token}/easy"):
        response = client.get(url)
        assert response.status_code == 410
        assert "This form is closed" in response.text
    assert post_standard(client, link.token, page=_page_with_tokens()).status_code == 410


def _page_with_tokens() -> str:
    return '<input name="csrf_token" type="hidden" value="x"><input name="submission_id" value="y">'


def test_response_limit_closes_the_link(client, make_form):
    link = make_form(link_fields={"max_responses": 1})
    assert post_standard(client, link.token).status_code == 303
    assert client.get(f"/f/{link.token}").status_code == 410
    assert "has all the answers it needs" in client.get(f"/f/{link.token}").text


def test_unreachable_database_still_shows_the_posted_answers(client, make_form):
    token = make_form().token
    page = client.get(f"/f/{token}").text  # served while the database was up
    with table_missing("share_links"):
        failed = post_standard(client, token, page=page)
        opened = client.get(f"/f/{token}")
    assert failed.status_code == 503
    assert 'value="Tuesday group"' in failed.text and 'value="b" checked' in failed.text
    assert opened.status_code == 503 and "Traceback" not in opened.text
    assert post_standard(client, token, page=failed.text).status_code == 303
    assert len(responses()) == 1
