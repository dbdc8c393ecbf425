"""The standard participant form over HTTP: every question type, validation, nothing lost."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Answer, FormStatus, QuotePermission, Response, Variant
from coimpact.models.types import utcnow
from tests.conftest import csrf_token
from tests.public_helpers import (
    GOOD_ANSWERS,
    commits_fail,
    post_standard,
    submission_id,
    table_missing,
)
from tests.question_helpers import EVERY_TYPE


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
    # (The third is the "I do not want to take part" form's fixed answer.)
    hidden = re.findall(r'<input type="hidden" name="([^"]+)"', html)
    assert sorted(hidden) == ["consent", "csrf_token", "submission_id"]
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


def test_saying_no_stops_at_once_without_asking_for_anything_else(client, make_form):
    link = make_form()
    page = client.get(f"/f/{link.token}").text
    # A button right under the consent question, belonging to a form of its own that sends
    # "no" and nothing else; that form comes after the answers' form (never inside it).
    assert page.index('name="consent" value="no"') < page.index('form="decline"')
    assert page.index('form="decline"') < page.index('name="quote_permission"')
    assert page.index("</form>") < page.index('<form id="decline"')
    decline = re.search(r'<form id="decline" method="post" novalidate>(.*?)</form>', page)
    assert re.findall(r'name="([^"]+)" value="([^"]*)"', decline.group(1)) == [("consent", "no")]

    # What that button sends, and "No" chosen on a page whose required questions are
    # unanswered and whose token has expired: both stop at once, asking for nothing.
    for sent in (
        client.post(f"/f/{link.token}", data={"consent": "no"}),
        post_standard(client, link.token, {"consent": "no", "csrf_token": "stale"}, page),
    ):
        assert sent.status_code == 200
        assert "That is OK" in sent.text and "We have not kept any of your answers" in sent.text
        assert "There is a problem" not in sent.text and "error-message" not in sent.text
    assert responses() == []


def _summary_targets(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, "no error summary"
    return re.findall(r'href="#([^"]+)"', summary.group(0))


@pytest.mark.parametrize(
    ("answers", "problems"),
    [
        # Nothing answered: taking part and the use of their words are asked together.
        (
            {},
            ["consent", "quote_permission", "q_venue", "q_feeling", "q_listened"],
        ),
        # Several kinds of problem on one page, the name among them.
        (
            {"quote_permission": "named", "q_meetings": "lots", "q_venue": "zz"},
            ["consent", "participant_name", "q_venue", "q_feeling", "q_listened", "q_meetings"],
        ),
    ],
)
def test_every_problem_on_the_page_shows_in_one_round(client, make_form, answers, problems):
    link = make_form()
    response = post_standard(client, link.token, answers)
    assert response.status_code == 422
    html = response.text
    radio = ("consent", "quote_permission", "q_venue", "q_feeling", "q_listened")
    assert _summary_targets(html) == [f"{p}-0" if p in radio else p for p in problems]
    for field in problems:  # and each beside its own field
        assert f'id="{field}-error"' in html
    assert responses() == []


def test_optional_questions_say_so(client, make_form):
    html = client.get(f"/f/{make_form().token}").text
    for key, _, required in EVERY_TYPE:
        assert (f"Standard wording for {key}? (optional)" in html) is not required, key
    assert "Did someone help you fill this in? (optional)" in html
    assert "take part? (optional)" not in html and "your words (optional)" not in html


def test_every_page_names_the_project_and_its_organisation(client, make_form, make_project):
    project = make_project(name="Short breaks, our way", organisation="Northbrook People First")
    link = make_form(project=project)
    token = link.token
    pages = {
        "form": client.get(f"/f/{token}"),
        "form with errors": post_standard(client, token, {}),
        "declined": client.post(f"/f/{token}", data={"consent": "no"}),
        "thank-you": client.get(post_standard(client, token).headers["Location"]),
    }
    link.is_open = False
    db.session.commit()
    pages["closed"] = client.get(f"/f/{token}")
    for name, page in pages.items():
        html = page.text
        header = re.search(r"<header.*?</header>", html, re.S).group(0)
        assert "Short breaks, our way" in header and "Northbrook People First" in header, name
        assert "– Short breaks, our way</title>" in html, name
        # Never the link's internal label, nor the project's internal slug or id.
        assert "Tuesday group" not in html, name
        assert project.slug not in html, name
    assert "These questions are from “Short breaks, our way”, run by Northbrook People First." in (
        pages["form"].text
    )

    # A renamed project is named anew on the next page, though the page itself was kept.
    link.is_open = True
    project.name = "Short breaks, your way"
    db.session.commit()
    assert client.get(f"/f/{token}").text.count("Short breaks, your way") >= 2


def test_no_page_of_the_form_is_kept_by_the_browser(client, make_form):
    """Pages showing a person's answers back are never stored, nor is the form page itself (a
    browser restores what was typed into a page it kept, for the next person pressing Back)."""
    link = make_form()
    reshown = post_standard(client, link.token, {**GOOD_ANSWERS, "q_venue": ""})
    assert reshown.status_code == 422 and 'value="Tuesday group"' in reshown.text
    stale = post_standard(client, link.token, {**GOOD_ANSWERS, "csrf_token": "old"})
    assert stale.status_code == 400 and 'value="Tuesday group"' in stale.text
    for response in (
        reshown,
        stale,
        client.get(f"/f/{link.token}"),
        client.get(f"/f/{link.token}"),  # served from the kept blank page this time
        client.post(f"/f/{link.token}", data={"consent": "no"}),
        client.get(post_standard(client, link.token).headers["Location"]),
    ):
        assert response.headers.getlist("Cache-Control") == ["no-store"]


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
    assert failed.status_code == 503 and failed.headers["Cache-Control"] == "no-store"
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
        declined = client.post(f"/f/{token}", data={"consent": "no"})
    assert declined.status_code == 200 and "That is OK" in declined.text  # needs nothing stored
    assert failed.status_code == 503
    assert 'value="Tuesday group"' in failed.text and 'value="b" checked' in failed.text
    assert opened.status_code == 503 and "Traceback" not in opened.text
    assert post_standard(client, token, page=failed.text).status_code == 303
    assert len(responses()) == 1


def test_a_commit_that_fails_after_the_answers_were_stored_gives_them_back(client, make_form):
    link = make_form()
    page = client.get(f"/f/{link.token}").text
    with commits_fail():
        failed = post_standard(client, link.token, page=page)
    assert failed.status_code == 503 and failed.headers["Cache-Control"] == "no-store"
    assert "could not save your answers" in failed.text
    assert 'value="Tuesday group"' in failed.text and 'value="not_sure" checked' in failed.text
    assert responses() == []  # rolled back whole
    retry = client.post(
        f"/f/{link.token}",
        data={
            **GOOD_ANSWERS,
            "csrf_token": csrf_token(failed.text),
            "submission_id": submission_id(failed.text),
        },
    )
    assert retry.status_code == 303 and len(responses()) == 1
