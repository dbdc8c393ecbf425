"""The blank standard form page is rendered once per published version and then reused: each
visitor still gets tokens of their own, and a newly published version is never served stale."""

import re

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Response
from coimpact.services.form_publishing import publish_form
from tests.conftest import csrf_token
from tests.public_helpers import GOOD_ANSWERS, easy_post, easy_start, submission_id

CHECKED_C = re.compile(r'value="c"[^>]*checked')


def test_every_visitor_gets_tokens_of_their_own_that_work(app, make_form):
    link = make_form()
    visitors = [app.test_client() for _ in range(3)]
    pages = [visitor.get(f"/f/{link.token}") for visitor in visitors]
    assert all(page.status_code == 200 for page in pages)
    ids = {submission_id(page.text) for page in pages}
    tokens = {csrf_token(page.text) for page in pages}
    assert len(ids) == 3 and len(tokens) == 3
    # Apart from its two tokens, the page is the same for everyone.
    bare = {
        page.text.replace(submission_id(page.text), "").replace(csrf_token(page.text), "")
        for page in pages
    }
    assert len(bare) == 1

    for visitor, page in zip(visitors, pages, strict=True):
        data = {
            **GOOD_ANSWERS,
            "csrf_token": csrf_token(page.text),
            "submission_id": submission_id(page.text),
        }
        assert visitor.post(f"/f/{link.token}", data=data).status_code == 303
    stored = db.session.scalars(sa.select(Response.idempotency_key)).all()
    assert set(stored) == ids


def test_another_visitors_token_is_refused(app, make_form):
    link = make_form()
    first, second = app.test_client(), app.test_client()
    page = first.get(f"/f/{link.token}").text
    second.get(f"/f/{link.token}")
    data = {**GOOD_ANSWERS, "csrf_token": csrf_token(page), "submission_id": submission_id(page)}
    reply = second.post(f"/f/{link.token}", data=data)
    assert reply.status_code == 400  # the page is shown again with the answers, not stored
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 0


def test_a_new_version_is_served_at_once(client, make_form):
    link = make_form()
    assert "Standard wording for story?" in client.get(f"/f/{link.token}").text
    question = next(q for q in link.form.questions if q.key == "story")
    question.text = "Tell us what changed for you"
    publish_form(link.form)
    db.session.commit()
    page = client.get(f"/f/{link.token}").text
    assert "Tell us what changed for you" in page
    assert "Standard wording for story?" not in page


def test_thank_you_pages_follow_the_forms_title_at_once(client, make_form):
    link = make_form()
    form = link.form
    first = client.get(f"/f/{link.token}/thanks").text
    assert f"Thank you – {form.title}" in first
    assert "Your answers have been sent." in first
    easy = client.get(f"/f/{link.token}/easy/thanks").text
    assert "We have your answers." in easy and "Your answers have been sent." not in easy

    form.title = "Spring gathering"
    form.title_easy = "Our spring meeting"
    db.session.commit()
    assert "Thank you – Spring gathering" in client.get(f"/f/{link.token}/thanks").text
    assert "Thank you – Our spring meeting" in client.get(f"/f/{link.token}/easy/thanks").text
    assert client.get("/f/no-such-link/thanks").status_code == 404


def test_an_easy_read_page_is_shared_until_the_person_answers_it(app, make_form):
    link = make_form()
    people = [app.test_client() for _ in range(2)]
    for person in people:
        easy_start(person, link.token)
    step = f"/f/{link.token}/easy/3"
    first, second = (person.get(step).text for person in people)
    assert csrf_token(first) != csrf_token(second)
    assert first.replace(csrf_token(first), "") == second.replace(csrf_token(second), "")
    assert not CHECKED_C.search(first)

    assert easy_post(people[0], step, {"q_venue": "c"}).status_code == 303
    assert CHECKED_C.search(people[0].get(step).text)  # their own answer, shown back
    assert not CHECKED_C.search(people[1].get(step).text)  # not someone else's
    # Coming back from the check page is a page of its own (its form returns there).
    back = people[1].get(f"{step}?from=check").text
    assert 'action="/f/' in back and "?from=check" in back


def test_a_deleted_forms_cached_page_is_never_served_for_the_next_form(app, client, make_form):
    """SQLite gives the highest deleted id to the next row: the next version published can
    have a deleted form's version id. Snapshots are kept by more than the id."""
    first = make_form(title="The first form")
    assert "The first form" in client.get(f"/f/{first.token}").text
    db.session.delete(first.form)
    db.session.commit()

    second = make_form(title="The second form")
    page = client.get(f"/f/{second.token}").text
    assert "The second form" in page and "The first form" not in page
