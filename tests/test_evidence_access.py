"""Who reaches evidence: staff of another project find nothing by guessing ids (404 on every
evidence URL, read or write), viewers read everything of their project but change nothing
(403 on every POST), and anonymous visitors are sent to sign in."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import EvidenceItem, EvidenceLink, Role
from coimpact.services.evidence import add_other_evidence, cut_from_answer
from coimpact.services.evidence_approval import add_link
from coimpact.services.uploads import check_upload
from tests.admin_helpers import token_from
from tests.conftest import csrf_token
from tests.evidence_helpers import answer_of, linked_project, respond
from tests.test_evidence_other import PDF


@pytest.fixture
def app(make_app, tmp_path):
    app = make_app(COIMPACT_UPLOAD_DIR=str(tmp_path / "uploads"))
    with app.app_context():
        yield app


@pytest.fixture
def ours(client, make_project, make_form, make_user):
    """Our project with an item cut from an answer (linked to A1.1), a file, and a suggestion."""
    setup = linked_project(make_project, make_form, name="Ours")
    author = make_user(Role.STAFF, projects=[setup.project])
    response = respond(client, setup.token, q_story="OUR-SECRET-WORDS here.")
    answer = answer_of(response, "story")
    item = cut_from_answer(answer, "quote", "OUR-SECRET-WORDS here.", author, title="OUR-TITLE")
    link = add_link(item, setup.outcome.id, setup.indicator.id, author)
    upload = check_upload(io.BytesIO(PDF), "minutes.pdf")
    document = add_other_evidence(
        setup.project.id, "document", author, title="OUR-DOCUMENT", upload=upload
    )
    db.session.commit()  # services flush; the test commits, as a request would
    listened = answer_of(response, "listened")
    return {
        "setup": setup,
        "item": item.id,
        "answer": answer.id,
        "link": link.id,
        "document": document.id,
        "pair": f"{listened.id}-{setup.indicator.id}",
    }


def read_urls(o) -> list[str]:
    item, project = o["item"], o["setup"].project.id
    return [
        f"/admin/evidence/{item}",
        f"/admin/evidence/{o['document']}/file",
        f"/admin/evidence/suggestions/?project_id={project}",
    ]


def change_pages(o) -> list[str]:
    item = o["item"]
    return [
        f"/admin/evidence/edit/?id={item}",
        f"/admin/evidence/{item}/approve",
        f"/admin/evidence/cut/{o['answer']}",
    ]


def posts(o) -> list[tuple[str, dict]]:
    item, link, project = o["item"], o["link"], o["setup"].project.id
    return [
        (f"/admin/evidence/edit/?id={item}", {"title": "HIJACKED", "text": "OUR"}),
        (f"/admin/evidence/{item}/approve", {"keep_as_is": "y", "seen": "x"}),
        (f"/admin/evidence/{item}/redact", {}),
        (f"/admin/evidence/{item}/draft", {}),
        (f"/admin/evidence/{item}/links", {"target": f"o:{o['setup'].outcome.id}"}),
        (f"/admin/evidence/{item}/links/{link}/reject", {}),
        (f"/admin/evidence/{item}/links/{link}/remove", {}),
        (f"/admin/evidence/cut/{o['answer']}", {"kind": "quote", "excerpt": "OUR"}),
        ("/admin/evidence/delete/", {"id": item}),
        ("/admin/evidence/delete/", {"id": o["document"]}),
        (
            "/admin/evidence/suggestions/decide",
            {"project_id": project, "one": f"reject:{o['pair']}"},
        ),
        (
            "/admin/evidence/suggestions/decide",
            {"project_id": project, "all_decision": "reject"},
        ),
    ]


def snapshot() -> list[tuple]:
    db.session.expire_all()
    items = db.session.scalars(sa.select(EvidenceItem).order_by(EvidenceItem.id))
    rows = [(i.id, i.title, i.text, i.status, i.most_significant) for i in items]
    links = db.session.scalars(sa.select(EvidenceLink).order_by(EvidenceLink.id))
    return rows + [(lk.id, lk.status, lk.indicator_id) for lk in links]


def get_status(client, url: str) -> int:
    with client.get(url) as response:
        return response.status_code


def test_staff_of_another_project_get_404_on_every_evidence_url(
    client, ours, make_project, make_user, login
):
    before = snapshot()
    login(make_user(Role.STAFF, projects=[make_project(name="Theirs")]))
    for url in read_urls(ours) + change_pages(ours):
        assert get_status(client, url) == 404, url
    token = token_from(client, "/admin/evidence/")
    for url, data in posts(ours):
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 404, url
    # The bulk delete only ever sees rows the list shows.
    client.post(
        "/admin/evidence/action/",
        data={"action": "delete", "rowid": [str(ours["item"])], "csrf_token": token},
    )
    assert snapshot() == before
    listing = client.get("/admin/evidence/").text
    for secret in ("OUR-TITLE", "OUR-SECRET-WORDS", "OUR-DOCUMENT"):
        assert secret not in listing
    # The suggestions page lists only one's own projects to choose from.
    choose = client.get("/admin/evidence/suggestions/").text
    assert "OUR-SECRET-WORDS" not in choose and "Ours" not in choose


def test_viewers_read_everything_and_change_nothing(client, ours, make_user, login):
    before = snapshot()
    login(make_user(Role.VIEWER, projects=[ours["setup"].project]))
    for url in read_urls(ours):
        assert get_status(client, url) == 200, url
    listing = client.get("/admin/evidence/").text
    assert "OUR-TITLE" in listing and "OUR-DOCUMENT" in listing
    assert "/admin/evidence/new/" not in listing  # no "Create" for viewers
    item_page = client.get(f"/admin/evidence/{ours['item']}").text
    assert "Check and approve" not in item_page and "Add link" not in item_page
    suggestions = client.get(read_urls(ours)[2]).text
    assert "<strong>1</strong> suggestion waiting" in suggestions  # the rating, not yet decided
    assert 'name="one"' not in suggestions  # no decision buttons
    for url in change_pages(ours) + ["/admin/evidence/new/"]:
        assert get_status(client, url) == 403, url
    token = csrf_token(listing)
    for url, data in posts(ours) + [
        ("/admin/evidence/new/", {"project": ours["setup"].project.id, "kind": "observation"}),
        ("/admin/evidence/action/", {"action": "delete", "rowid": [str(ours["item"])]}),
    ]:
        assert client.post(url, data={**data, "csrf_token": token}).status_code == 403, url
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(client, ours):
    for url in read_urls(ours) + change_pages(ours) + ["/admin/evidence/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"]
