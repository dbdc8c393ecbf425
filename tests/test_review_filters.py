"""Reviewing responses: every filter and the answer-text search, through the admin list."""

from datetime import timedelta

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Response, Role
from coimpact.models.types import utcnow
from tests.conftest import csrf_token
from tests.public_helpers import GOOD_ANSWERS, post_standard


def refs_in(page) -> set[str]:
    import re

    return set(re.findall(r"R-[2-9A-Z]{8}", page.text))


def setup(client, make_form, make_user, login):
    link = make_form()
    post_standard(
        client, link.token, {**GOOD_ANSWERS, "q_story": "The bus was late 100% of the time"}
    )
    post_standard(
        client,
        link.token,
        {**GOOD_ANSWERS, "q_story": "", "q_name_of_group": "", "supported": "no"},
    )
    no_help_answer = {**GOOD_ANSWERS, "q_story": "Lovely tea"}
    del no_help_answer["supported"]  # the question left unanswered
    for sent in (post_standard(client, link.token, no_help_answer),):
        assert sent.status_code == 303
    rows = db.session.scalars(sa.select(Response).order_by(Response.id)).all()
    rows[2].submitted_at = utcnow() - timedelta(days=40)
    db.session.commit()
    login(make_user(Role.STAFF, projects=[link.form.project]))
    return link, [r.ref for r in rows]


def test_each_filter_narrows_the_list(client, make_form, make_user, login):
    link, (late, silent, tea) = setup(client, make_form, make_user, login)
    base = "/admin/responses/"
    assert refs_in(client.get(base)) == {late, silent, tea}
    assert refs_in(client.get(base, query_string={"q": "BUS WAS"})) == {late}
    assert refs_in(client.get(base, query_string={"q": "100%"})) == {late}
    assert refs_in(client.get(base, query_string={"q": "_"})) == set()  # not a wildcard
    assert refs_in(client.get(base, query_string={"free_text": "1"})) == {late, tea}
    assert refs_in(client.get(base, query_string={"supported": "no"})) == {silent}
    assert refs_in(client.get(base, query_string={"supported": "unknown"})) == {tea}
    assert refs_in(client.get(base, query_string={"variant": "easy"})) == set()
    assert refs_in(client.get(base, query_string={"form_id": link.form_id})) == {late, silent, tea}
    recent = (utcnow() - timedelta(days=7)).date().isoformat()
    assert refs_in(client.get(base, query_string={"from": recent})) == {late, silent}
    assert refs_in(client.get(base, query_string={"to": recent})) == {tea}
    # The last day a date can hold means "no end", not a 500 (the day after it cannot exist).
    assert refs_in(client.get(base, query_string={"to": "9999-12-31"})) == {late, silent, tea}
    assert refs_in(client.get(base, query_string={"from": "9999-12-31"})) == set()
    assert refs_in(client.get(base, query_string={"from": "0001-01-01"})) == {late, silent, tea}
    page = client.get(base, query_string={"q": "bus", "supported": "yes"})
    assert 'value="bus"' in page.text and "Clear filters" in page.text


def test_mark_reviewed_then_filter_unreviewed(client, make_form, make_user, login):
    link, (late, silent, tea) = setup(client, make_form, make_user, login)
    listing = client.get("/admin/responses/")
    first = db.session.scalars(sa.select(Response).where(Response.ref == late)).one()
    response = client.post(
        "/admin/responses/action/",
        data={
            "action": "reviewed",
            "rowid": [str(first.id)],
            "csrf_token": csrf_token(listing.text),
        },
    )
    assert response.status_code == 302
    after = client.get("/admin/responses/", query_string={"unreviewed": "1"})
    assert "Marked 1 response as reviewed." in after.text
    assert refs_in(after) == {silent, tea}
    db.session.expire_all()
    assert db.session.get(Response, first.id).reviewed_at is not None


def test_viewer_cannot_mark_reviewed(client, make_form, make_user, login):
    link = make_form()
    post_standard(client, link.token)
    login(make_user(Role.VIEWER, projects=[link.form.project]))
    listing = client.get("/admin/responses/")
    assert listing.status_code == 200
    row = db.session.scalars(sa.select(Response)).one()
    client.post(
        "/admin/responses/action/",
        data={"action": "reviewed", "rowid": [str(row.id)], "csrf_token": csrf_token(listing.text)},
    )
    db.session.expire_all()
    assert db.session.get(Response, row.id).reviewed_at is None
