"""The blank standard form page is rendered once per published version and then reused: each
visitor still gets tokens of their own, and a newly published version is never served stale."""

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Response
from coimpact.services.forms import publish_form
from tests.conftest import csrf_token
from tests.public_helpers import GOOD_ANSWERS, submission_id


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
