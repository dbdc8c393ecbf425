"""The easy-read form over HTTP: one question a page, kept on the server, sent once."""

import re

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Draft, QuestionType, Response, Variant
from tests.conftest import csrf_token
from tests.public_helpers import commits_fail, easy_post, easy_start, table_missing

STRONG_KEY = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

STEP_ANSWERS = [
    {"q_name_of_group": "Tuesday group"},
    {"q_story": "I felt listened to."},
    {"q_venue": "a"},
    {"q_topics": ["b"]},
    {"q_feeling": "3"},
    {"q_listened": "5"},
    {"q_again": "yes"},
    {"q_meetings": "4"},
    {"q_confidence_before": "1", "q_confidence_after": "5"},
]
CONSENT = {"consent": "yes", "quote_permission": "named", "participant_name": "Ali"}


def fresh(model):
    db.session.expire_all()
    return db.session.scalars(sa.select(model)).all()


def answer_all(client, token):
    easy_start(client, token)
    base = f"/f/{token}/easy"
    assert easy_post(client, f"{base}/agree", CONSENT).headers["Location"] == f"{base}/1"
    for number, answers in enumerate(STEP_ANSWERS, start=1):
        response = easy_post(client, f"{base}/{number}", answers)
        assert response.status_code == 303, response.text
    assert easy_post(client, f"{base}/helped", {"supported": "no"}).headers["Location"] == (
        f"{base}/check"
    )


def test_start_page_in_easy_words(client, make_form):
    link = make_form()
    page = client.get(f"/f/{link.token}/easy")
    assert page.status_code == 200
    assert "About the meeting" in page.text and "Then there are 9 questions." in page.text
    assert 'class="button button-start"' in page.text


def test_each_question_has_its_own_page_with_picture_and_progress(client, make_form):
    link = make_form()
    easy_start(client, link.token)
    page = client.get(f"/f/{link.token}/easy/3")
    html = page.text
    assert "Page 4 of 12" in html  # after the page that asks whether they take part
    assert '<h1 class="question-heading">' in html and "Easy words for venue?" in html
    assert "Standard wording" not in html
    assert 'src="/static/symbols/meeting.svg"' in html and 'alt="' in html
    assert f'class="back-link" href="/f/{link.token}/easy/2"' in html
    assert "Easy a" in html  # option wording in easy read


def test_whole_journey_stores_one_easy_read_response(client, make_form):
    link = make_form()
    answer_all(client, link.token)
    check = client.get(f"/f/{link.token}/easy/check")
    assert check.status_code == 200
    assert "Check your answers" in check.text
    assert "Before: Very bad. Now: Very good." in check.text
    assert "Yes, with my name (Ali)" in check.text
    sent = client.post(
        f"/f/{link.token}/easy/check",
        data={"csrf_token": csrf_token(check.text), "submission_id": _sid(check.text)},
    )
    assert sent.status_code == 303 and sent.headers["Location"] == f"/f/{link.token}/easy/thanks"
    (stored,) = fresh(Response)
    assert stored.variant == Variant.EASY and stored.supported is False
    assert stored.participant_name == "Ali"
    answers = {a.question_key: a for a in stored.answers}
    assert answers["venue"].question_text == "Easy words for venue?"
    assert answers["confidence"].value_before == 1 and answers["confidence"].value_number == 5
    assert answers["topics"].option_codes == "b"
    assert fresh(Draft) == []  # nothing personal left behind
    thanks = client.get(sent.headers["Location"])
    assert "What happens next" in thanks.text
    # Pressing send again (a repeated POST) leads to the thank-you page, and stores nothing new.
    again = client.post(
        f"/f/{link.token}/easy/check",
        data={"csrf_token": csrf_token(check.text), "submission_id": _sid(check.text)},
    )
    assert again.status_code == 303 and again.headers["Location"].endswith("/easy/thanks")
    assert len(fresh(Response)) == 1


def _sid(html):
    import re

    return re.search(r'name="submission_id" value="([^"]+)"', html).group(1)


def test_answers_are_kept_on_the_server_and_resume(client, make_form, app):
    link = make_form()
    easy_start(client, link.token)
    base = f"/f/{link.token}/easy"
    easy_post(client, f"{base}/agree", CONSENT)
    easy_post(client, f"{base}/1", STEP_ANSWERS[0])
    easy_post(client, f"{base}/2", STEP_ANSWERS[1])
    # The back button shows the answer given.
    assert 'value="Tuesday group"' in client.get(f"{base}/1").text
    # A closed tab: the same browser (cookie) comes back later to the start page.
    start = client.get(base)
    assert "You have started this form before." in start.text
    assert f'href="{base}/3"' in start.text
    (draft,) = fresh(Draft)
    assert draft.step == "3" and draft.data["fields"]["q_story"] == ["I felt listened to."]


def test_a_missing_required_answer_is_explained(client, make_form):
    link = make_form()
    easy_start(client, link.token)
    base = f"/f/{link.token}/easy"
    easy_post(client, f"{base}/agree", CONSENT)
    response = easy_post(client, f"{base}/3", {})
    assert response.status_code == 422
    assert "Please choose an answer." in response.text
    assert 'href="#q_venue-0"' in response.text


def test_change_from_check_page_returns_to_it(client, make_form):
    link = make_form()
    answer_all(client, link.token)
    base = f"/f/{link.token}/easy"
    changed = easy_post(client, f"{base}/3?from=check", {"q_venue": "c"})
    assert changed.headers["Location"] == f"{base}/check"
    assert "Easy c" in client.get(f"{base}/check").text


@pytest.mark.parametrize(
    "failure", [lambda: table_missing("drafts"), commits_fail], ids=["at the write", "at commit"]
)
def test_step_save_failure_keeps_the_answer_on_the_page(client, make_form, failure):
    link = make_form()
    easy_start(client, link.token)
    base = f"/f/{link.token}/easy"
    page = client.get(f"{base}/1")
    with failure():
        failed = client.post(
            f"{base}/1",
            data={"q_name_of_group": "Still here", "csrf_token": csrf_token(page.text)},
        )
    assert failed.status_code == 503
    assert 'value="Still here"' in failed.text and "could not save your answers" in failed.text


def test_declining_on_the_first_page_keeps_nothing(client, make_form):
    link = make_form()
    easy_start(client, link.token)
    response = easy_post(client, f"/f/{link.token}/easy/agree", {"consent": "no"})
    assert "You do not have to take part" in response.text
    assert fresh(Draft) == [] and fresh(Response) == []


def test_question_without_easy_words_shows_standard_words(client, make_form):
    link = make_form()
    question = link.form.questions[2]
    question.text_easy = ""
    from coimpact.services.form_publishing import publish_form

    publish_form(link.form)
    db.session.commit()
    easy_start(client, link.token)
    assert "Standard wording for venue?" in client.get(f"/f/{link.token}/easy/3").text


def test_steps_without_a_draft_go_back_to_the_start(client, make_form):
    link = make_form()
    response = client.get(f"/f/{link.token}/easy/2")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/f/{link.token}/easy"


def test_a_form_published_again_midway_is_finished_on_the_version_started(client, make_form):
    from coimpact.services.form_publishing import publish_form

    link = make_form()
    started_on = link.form.version
    answer_all(client, link.token)
    venue = next(q for q in link.form.questions if q.key == "venue")
    venue.text_easy = "New easy words for venue?"
    publish_form(link.form)
    db.session.commit()
    assert link.form.version == started_on + 1

    # The person's pages keep the words they started with; a new visitor gets the new ones.
    assert "Easy words for venue?" in client.get(f"/f/{link.token}/easy/3").text
    newcomer = client.application.test_client()
    easy_start(newcomer, link.token)
    assert "New easy words for venue?" in newcomer.get(f"/f/{link.token}/easy/3").text
    check = client.get(f"/f/{link.token}/easy/check")
    sent = client.post(
        f"/f/{link.token}/easy/check",
        data={"csrf_token": csrf_token(check.text), "submission_id": _sid(check.text)},
    )
    assert sent.status_code == 303
    (stored,) = fresh(Response)
    assert stored.form_version.number == started_on
    answers = {a.question_key: a for a in stored.answers}
    assert answers["venue"].question_text == "Easy words for venue?"


def _page_answers(url: str) -> dict:
    """What a person gives on the easy-read page at `url` (the answers `answer_all` gives)."""
    step = url.rsplit("/", 1)[1]
    if step == "agree":
        return CONSENT
    if step == "helped":
        return {"supported": "no"}
    return STEP_ANSWERS[int(step) - 1]


def test_the_start_page_says_truthfully_what_follows_and_every_page_counts(client, make_form):
    link = make_form()
    base = f"/f/{link.token}/easy"
    start = client.get(base).text
    total = int(re.search(r"There are (\d+) more pages after this one\.", start).group(1))
    for promise in (
        "First you say if you want to take part.",
        "Then there are 9 questions. There is 1 question on each page.",
        "Then you say if someone helped you.",
        "Last you check your answers and send them.",
        "You can stop at any time.",
    ):
        assert promise in start

    # Going through: each page says which of `total` it is, and there are exactly `total`.
    easy_start(client, link.token)
    url, numbers, headings = f"{base}/agree", [], []
    while True:
        html = client.get(url).text
        number, of = map(int, re.search(r"Page (\d+) of (\d+)", html).groups())
        assert of == total
        numbers.append(number)
        headings.append(re.sub(r"<[^>]+>", "", re.search(r"<h1.*?</h1>", html, re.S).group(0)))
        if url.endswith("/check"):
            break
        url = easy_post(client, url, _page_answers(url)).headers["Location"]
    assert numbers == list(range(1, total + 1))
    assert headings[0].strip() == "Before you start" and headings[1].strip().startswith("Easy")
    assert "Did someone help you" in headings[-2] and "Check your answers" in headings[-1]


def test_a_one_question_form_says_so(client, make_form):
    link = make_form(questions=[("venue", QuestionType.SINGLE_CHOICE, True)])
    start = client.get(f"/f/{link.token}/easy").text
    assert (
        "There are 4 more pages after this one." in start and "Then there is 1 question." in start
    )


def test_optional_questions_say_so_in_easy_words(client, make_form):
    link = make_form()
    easy_start(client, link.token)
    assert "You do not have to answer this." in client.get(f"/f/{link.token}/easy/1").text
    assert "You do not have to answer this." not in client.get(f"/f/{link.token}/easy/3").text


def test_the_first_page_shows_both_problems_at_once(client, make_form):
    link = make_form()
    easy_start(client, link.token)
    response = easy_post(client, f"/f/{link.token}/easy/agree", {})
    assert response.status_code == 422
    assert 'href="#consent-0"' in response.text and 'href="#quote_permission-0"' in response.text
    assert 'id="consent-error"' in response.text and 'id="quote_permission-error"' in response.text


def test_the_check_page_lists_every_missing_answer_at_once(client, make_form):
    link = make_form()
    easy_start(client, link.token)
    base = f"/f/{link.token}/easy"
    easy_post(client, f"{base}/agree", CONSENT)
    # Jumping to the check page by its address leaves three required questions unanswered.
    check = client.get(f"{base}/check")
    sent = client.post(
        f"{base}/check",
        data={"csrf_token": csrf_token(check.text), "submission_id": _sid(check.text)},
    )
    assert sent.status_code == 422
    summary = re.search(r'<div class="error-summary".*?</div>', sent.text, re.S).group(0)
    assert "Please check your answers" in summary
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary)
    assert links == [
        (f"{base}/{n}?from=check", f"Easy words for {key}? Please choose an answer.")
        for n, key in ((3, "venue"), (5, "feeling"), (6, "listened"))
    ]
    assert sent.text.count('class="error-message"') == 3  # beside each of the three rows
    assert fresh(Response) == [] and len(fresh(Draft)) == 1  # nothing sent, nothing lost
    # Each link leads to its page and back to the check page.
    assert easy_post(client, links[0][0], {"q_venue": "a"}).headers["Location"] == f"{base}/check"


def test_saying_no_stops_at_once_and_forgets_the_draft(client, make_form):
    link = make_form()
    easy_start(client, link.token)
    # No token and an over-long name: saying no is not checked for anything else.
    response = client.post(
        f"/f/{link.token}/easy/agree", data={"consent": "no", "participant_name": "x" * 500}
    )
    assert response.status_code == 200 and "That is OK" in response.text
    assert "error-message" not in response.text
    assert fresh(Draft) == [] and fresh(Response) == []
    assert response.headers["Set-Cookie"].startswith("coimpact_draft=;")  # cookie removed


def test_every_easy_read_page_names_the_project_and_its_organisation(
    client, make_form, make_project
):
    project = make_project(name="Short breaks, our way", organisation="Northbrook People First")
    link = make_form(project=project)
    base = f"/f/{link.token}/easy"
    pages = {"start": client.get(base)}
    answer_all(client, link.token)
    for step in ("agree", "3", "helped", "check"):
        pages[step] = client.get(f"{base}/{step}")
    pages["thank-you"] = client.get(f"{base}/thanks")
    for name, page in pages.items():
        header = re.search(r"<header.*?</header>", page.text, re.S).group(0)
        assert "Short breaks, our way" in header and "Northbrook People First" in header, name
    agree = pages["agree"].text
    assert "These questions are from Short breaks, our way." in agree
    assert "Northbrook People First runs this project." in agree


def test_pages_that_show_answers_back_are_never_stored(client, make_form):
    link = make_form()
    answer_all(client, link.token)
    base = f"/f/{link.token}/easy"
    shown = client.get(f"{base}/1")
    assert 'value="Tuesday group"' in shown.text
    check = client.get(f"{base}/check")
    assert "Yes, with my name (Ali)" in check.text
    retyped = easy_post(client, f"{base}/8", {"q_meetings": "many"})
    assert retyped.status_code == 422 and 'value="many"' in retyped.text
    for response in (shown, check, retyped, client.get(base), client.get(f"{base}/agree")):
        assert response.headers["Cache-Control"] == "no-store", response.request.path


@pytest.mark.parametrize(
    ("production", "https", "secure"),
    [(True, False, True), (False, False, False), (False, True, True)],
    ids=["production", "development", "development over https"],
)
def test_the_draft_cookie_is_secure_as_the_session_cookie_is(
    make_app, make_form, production, https, secure
):
    link = make_form()
    app = make_app(create_schema=False, COIMPACT_PRODUCTION=production, SECRET_KEY=STRONG_KEY)
    client = app.test_client()
    base_url = "https://localhost" if https else "http://localhost"
    page = client.get(f"/f/{link.token}/easy", base_url=base_url)
    started = client.post(
        f"/f/{link.token}/easy", data={"csrf_token": csrf_token(page.text)}, base_url=base_url
    )
    assert started.status_code == 303
    (cookie,) = [c for c in started.headers.getlist("Set-Cookie") if c.startswith("coimpact_d")]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert ("secure" in attributes) is secure
    assert {"httponly", "samesite", "path"} <= attributes
    session_cookie = client.get_cookie("session", domain="localhost")
    assert session_cookie is not None and session_cookie.secure is secure


def test_sending_whose_commit_fails_stores_nothing_and_can_be_sent_again(client, make_form):
    link = make_form()
    answer_all(client, link.token)
    check = client.get(f"/f/{link.token}/easy/check")
    sent = {"csrf_token": csrf_token(check.text), "submission_id": _sid(check.text)}
    with commits_fail():
        failed = client.post(f"/f/{link.token}/easy/check", data=sent)
    assert failed.status_code == 503 and "could not save your answers" in failed.text
    assert "Yes, with my name (Ali)" in failed.text  # the answers, shown back to be sent again
    assert fresh(Response) == [] and len(fresh(Draft)) == 1  # the draft is not lost
    again = client.post(f"/f/{link.token}/easy/check", data=sent)
    assert again.status_code == 303 and len(fresh(Response)) == 1
