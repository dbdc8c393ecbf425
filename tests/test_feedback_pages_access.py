"""Who reaches the "you said, we did" admin: staff of another project find nothing (404 on every
address of a page), viewers read but every change is refused (403), signed-out visitors are sent
to sign in; staff of the project may delete a page (audited)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import AuditEvent, FeedbackPage, Role
from tests.admin_helpers import post_form
from tests.feedback_helpers import ADMIN, choose, evidence_set, fresh, make_page, sign_in


@pytest.fixture
def ours(make_form):
    return make_form()


@pytest.fixture
def quotes(ours):
    return evidence_set(ours)


def _admin_urls(page_id: int) -> list[tuple[str, str, dict]]:
    """Every admin address of one page, with what a POST to it would send."""
    return [
        ("GET", f"{ADMIN}/details/?id={page_id}", {}),
        ("GET", f"{ADMIN}/edit/?id={page_id}", {}),
        ("POST", f"{ADMIN}/edit/?id={page_id}", {"title": "Taken", "wanted_text": "x"}),
        ("GET", f"{ADMIN}/quotes/?id={page_id}", {}),
        ("POST", f"{ADMIN}/quotes/?id={page_id}", {"id": page_id}),
        ("POST", f"{ADMIN}/publish/", {"id": page_id}),
        ("POST", f"{ADMIN}/unpublish/", {"id": page_id}),
        ("GET", f"{ADMIN}/preview/?id={page_id}", {}),
        ("POST", f"{ADMIN}/delete/", {"id": page_id, "url": f"{ADMIN}/"}),
    ]


def test_staff_of_another_project_find_nothing(app, ours, quotes, make_form, make_user):
    page = make_page(ours, title="Our private page")
    choose_client = sign_in(app, make_user(Role.STAFF, projects=[ours.form.project]))
    choose(choose_client, page.id, [quotes["named"]])
    other = make_form().form.project
    outsider = sign_in(app, make_user(Role.STAFF, projects=[other]))
    for method, url, data in _admin_urls(page.id):
        if method == "GET":
            answer = outsider.get(url)
        else:
            answer = post_form(outsider, url, data, token_url="/admin/")
        assert answer.status_code == 404, (method, url, answer.status_code)
    listing = outsider.get(f"{ADMIN}/")
    assert listing.status_code == 200 and "Our private page" not in listing.text
    # Nor can a page be made in (or moved to) a project that is not theirs.
    sneaky = post_form(
        outsider,
        f"{ADMIN}/new/?project_id={ours.form.project_id}",
        {"title": "Sneaky"},
        token_url="/admin/",
    )
    assert sneaky.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackPage)) == 1
    after = fresh(page.id)
    assert after.title == "Our private page" and not after.published and after.items


def test_viewers_read_but_change_nothing(app, ours, quotes, make_user):
    page = make_page(ours, title="Shared with the board")
    viewer = sign_in(app, make_user(Role.VIEWER, projects=[ours.form.project]))
    assert "Shared with the board" in viewer.get(f"{ADMIN}/").text
    details = viewer.get(f"{ADMIN}/details/?id={page.id}")
    assert details.status_code == 200 and f"/s/{page.token}" in details.text
    assert "Publish</button>" not in details.text
    assert viewer.get(f"{ADMIN}/preview/?id={page.id}").status_code == 200
    posts = [(url, data) for method, url, data in _admin_urls(page.id) if method == "POST"]
    posts += [
        (f"{ADMIN}/new/", {"project": ours.form.project_id, "title": "New"}),
        (f"{ADMIN}/action/", {"action": "delete", "rowid": page.id}),
    ]
    for url, data in posts:
        answer = post_form(viewer, url, data, token_url="/admin/")
        assert answer.status_code == 403, (url, answer.status_code)
    after = fresh(page.id)
    assert after.title == "Shared with the board" and not after.published and not after.items


def test_signed_out_visitors_are_sent_to_sign_in(app, ours):
    page = make_page(ours)
    answer = app.test_client().get(f"{ADMIN}/details/?id={page.id}")
    assert answer.status_code == 302 and "/login" in answer.location


def test_staff_of_the_project_delete_a_page(app, ours, make_user):
    page = make_page(ours)
    page_id, token = page.id, page.token
    staff = sign_in(app, make_user(Role.STAFF, projects=[ours.form.project]))
    gone = post_form(
        staff,
        f"{ADMIN}/delete/",
        {"id": page_id, "url": f"{ADMIN}/"},
        f"{ADMIN}/details/?id={page_id}",
    )
    assert gone.status_code == 302
    db.session.expire_all()
    assert db.session.get(FeedbackPage, page_id) is None
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "feedback_page_deleted" and event.project_id == ours.form.project_id
    assert app.test_client().get(f"/s/{token}").status_code == 404
