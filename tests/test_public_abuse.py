"""Abuse of the public forms gets a friendly answer and loses nobody's answers."""

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Response
from tests.conftest import csrf_token
from tests.public_helpers import GOOD_ANSWERS, post_standard


def count_responses():
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(Response.id)))


def test_submissions_are_limited_per_address_and_answers_come_back(make_app, make_form):
    app = make_app(COIMPACT_SUBMIT_LIMIT="2 per minute")
    client = app.test_client()
    with app.app_context():
        link = make_form()
        assert post_standard(client, link.token).status_code == 303
        assert post_standard(client, link.token).status_code == 303
        page = client.get(f"/f/{link.token}")
        assert page.status_code == 200  # reading is never limited
        limited = post_standard(client, link.token, page=page.text)
        assert limited.status_code == 429
        assert 0 < int(limited.headers["Retry-After"]) <= 60
        assert "Your answers are still here" in limited.text
        assert 'value="Tuesday group"' in limited.text
        assert count_responses() == 2
        # Another address is not held up by this one.
        other = client.post(f"/f/{link.token}", data={}, environ_base={"REMOTE_ADDR": "10.9.8.7"})
        assert other.status_code == 422  # judged on its answers, not limited


def test_easy_read_counts_like_one_submission_not_one_per_page(make_app, make_form):
    """Starting and sending count; the ten pages in between do not, so an easy-read person
    uses what a standard-form person uses of a shared address's allowance."""
    from tests.test_public_easy import answer_all

    app = make_app(COIMPACT_SUBMIT_LIMIT="3 per minute")
    client = app.test_client()
    with app.app_context():
        link = make_form()
        answer_all(client, link.token)  # start: 1 of 3; eleven pages after it, not counted
        check = client.get(f"/f/{link.token}/easy/check")
        sent = client.post(
            f"/f/{link.token}/easy/check", data={"csrf_token": csrf_token(check.text)}
        )
        assert sent.status_code == 303  # sending: 2 of 3
        assert count_responses() == 1
        assert post_standard(client, link.token).status_code == 303  # 3 of 3
        limited = client.post(f"/f/{link.token}/easy", data={"csrf_token": csrf_token(check.text)})
        assert limited.status_code == 429  # a new start is a fourth


def test_oversized_request_gets_a_friendly_413(client, make_form):
    link = make_form()
    response = client.post(f"/f/{link.token}", data={"q_story": "x" * 300_000})
    assert response.status_code == 413
    assert "too much to send" in response.text
    assert count_responses() == 0


def test_story_length_is_limited_with_a_message(client, make_form):
    link = make_form()
    response = post_standard(client, link.token, {**GOOD_ANSWERS, "q_story": "y" * 10_001})
    assert response.status_code == 422
    assert "keep it under 10000 characters" in response.text
    assert count_responses() == 0


def test_limit_is_shared_between_workers_through_redis(make_app, make_form):
    """Two app instances (as two gunicorn workers) count one address together in Redis."""
    import uuid

    import redis

    url = "redis://127.0.0.1:6379/15"
    server = redis.Redis.from_url(url)
    server.ping()
    prefix = f"coimpact-test-{uuid.uuid4().hex}"
    settings = {
        "RATELIMIT_STORAGE_URI": url,
        "RATELIMIT_KEY_PREFIX": prefix,
        "COIMPACT_SUBMIT_LIMIT": "2 per minute",
    }
    first, second = make_app(**settings), make_app(create_schema=False, **settings)
    try:
        with first.app_context():
            token = make_form().token
        a, b = first.test_client(), second.test_client()
        assert post_standard(a, token).status_code == 303
        assert post_standard(b, token).status_code == 303
        assert post_standard(a, token).status_code == 429
        assert post_standard(b, token).status_code == 429
    finally:
        for key in server.scan_iter(f"*{prefix}*"):
            server.delete(key)
