"""Responses in the admin over HTTP: the list and the answers in words, paper entry (marked as
entered by staff, idempotent, every answer kept on error), project isolation and viewers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Answer, AuditEvent, Response, Role, Variant
from coimpact.models.types import utcnow
from coimpact.services.responses import Submission, save_response
from tests.admin_helpers import post_form, token_from
from tests.conftest import csrf_token
from tests.public_helpers import GOOD_ANSWERS, post_standard

HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture
def ours(make_form):
    return make_form(title="After the meeting")


@pytest.fixture
def theirs(make_form):
    return make_form(title="Day centre survey")


@pytest.fixture
def staff(ours, make_user, login):
    user = make_user(Role.STAFF, projects=[ours.form.project])
    user.name = "Sam Staff"
    db.session.commit()
    login(user)
    return user


def stored() -> list[Response]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Response).order_by(Response.id)))


def save(link, variant=Variant.STANDARD, key=None, **answers) -> Response:
    """A response stored through the one write path, for tests that need many or odd ones."""
    from coimpact.domain.question_types import AnswerValue

    version = link.form.versions[-1]
    submission = Submission(
        answers={k: AnswerValue(value_text=v) for k, v in answers.items()},
        variant=variant,
        idempotency_key=key or f"k-{len(stored())}-{variant}",
    )
    response = save_response(version, submission, link)[0]
    db.session.commit()  # services flush; the test commits, as a request would
    return response


def paper_answers(**overrides) -> dict:
    data = {k: v for k, v in GOOD_ANSWERS.items()}
    data.update({"variant": "standard", "share_link": "", **overrides})
    return data


def post_paper(client, form_id: int, data: dict, page: str | None = None):
    html = page if page is not None else client.get(f"/admin/paper/{form_id}").text
    key = re.search(r'name="submission_id" value="([^"]*)"', html).group(1)
    payload = {"csrf_token": csrf_token(html), "submission_id": key, **data}
    return client.post(f"/admin/paper/{form_id}", data=payload)


def test_a_public_response_shows_in_the_list_and_its_answers_in_words(client, ours, staff):
    answers = {**GOOD_ANSWERS, "q_name_of_group": HOSTILE}
    assert post_standard(client, ours.token, answers).status_code == 303
    (response,) = stored()
    listing = client.get("/admin/responses/").text
    row = listing[listing.index(response.ref) :]
    for text in ("After the meeting", "Standard", "Tuesday group", "Yes, without their name"):
        assert text in row, text
    page = client.get(f"/admin/responses/details/?id={response.id}")
    assert page.status_code == 200
    html = page.text
    for key in ("venue", "topics", "feeling", "listened", "again", "confidence"):
        assert f"Standard wording for {key}?" in html
    for words in (
        "Option b",  # single choice: the label, not the code
        "Option a, Option c",
        "Good",  # picture scale 3
        "Agree",  # 5-point scale 4
        "Not sure",
        "Before: Bad. Now: Good.",
        "I spoke at the meeting for the first time.",
    ):
        assert f'<p class="answer-words">{words}</p>' in html, words
    # Participant text is shown as text, never as markup.
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "Yes, without their name" in html and "No, sent by the participant" in html
    assert "Entered by" not in html.replace("Entered by staff", "")


def test_detail_reads_answers_against_the_version_answered(client, ours, staff):
    response = save(ours, Variant.EASY, name_of_group="Our group", story="Long story")
    # A question the snapshot no longer knows still shows its stored value.
    answer = db.session.scalar(
        sa.select(Answer).where(Answer.response_id == response.id, Answer.question_key == "story")
    )
    answer.question_key = "retired_question"
    db.session.commit()
    html = client.get(f"/admin/responses/details/?id={response.id}").text
    assert "Easy words for name_of_group?" in html  # the wording the person saw
    assert "Easy read" in html and "Long story" in html
    assert "Left blank" in html and "Easy words for venue?" in html


def test_the_list_is_newest_first_and_paged(client, ours, staff):
    refs = []
    for n in range(53):
        response = save(ours, key=f"page-{n}")
        response.submitted_at = utcnow() - timedelta(hours=100 - n)
        refs.append(response.ref)
    db.session.commit()
    first = client.get("/admin/responses/").text
    shown = re.findall(r"R-[2-9A-Z]{8}", first)
    assert shown[0] == refs[-1] and refs[0] not in first
    assert len(set(shown)) == 50
    second = client.get("/admin/responses/?page=1").text
    assert refs[0] in second and refs[-1] not in second
    assert client.get(f"/admin/responses/?link_id={ours.id}").text.count(refs[-1]) >= 1


def test_paper_entry_stores_a_response_marked_as_entered_by_staff(client, ours, staff):
    page = client.get(f"/admin/paper/{ours.form_id}")
    assert page.status_code == 200
    assert "Standard wording for venue?" in page.text and "Save response" in page.text
    response = post_paper(
        client,
        ours.form_id,
        paper_answers(variant="easy", share_link=str(ours.id), q_story="Said in interview"),
        page.text,
    )
    assert response.status_code == 303
    (saved,) = stored()
    assert response.headers["Location"] == f"/admin/responses/details/?id={saved.id}"
    assert saved.entered_by_id == staff.id and saved.variant == Variant.EASY
    assert saved.share_link_id == ours.id and saved.consent_given
    story = next(a for a in saved.answers if a.question_key == "story")
    # Stored in the wording of the copy the person had in their hands.
    assert (
        story.question_text == "Easy words for story?" and story.value_text == "Said in interview"
    )
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "response_entered")
    ).one()
    assert event.actor_id == staff.id and event.target == saved.ref
    assert "Said in interview" not in str(event.detail) + event.target
    detail = client.get(response.headers["Location"]).text
    assert "Entered by Sam Staff from paper" in detail
    assert f"Saved response {saved.ref}" in detail
    listing = client.get("/admin/responses/").text
    assert "Yes, by Sam Staff" in listing


def test_paper_entry_sent_twice_stores_one_response(client, ours, staff):
    page = client.get(f"/admin/paper/{ours.form_id}").text
    first = post_paper(client, ours.form_id, paper_answers(), page)
    again = post_paper(client, ours.form_id, paper_answers(), page)
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"]
    assert len(stored()) == 1
    assert "already saved" in client.get(again.headers["Location"]).text
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "response_entered"))
        == 1
    )


def test_paper_entry_with_errors_shows_every_answer_again(client, ours, staff):
    data = paper_answers(q_venue="", q_story="Kept story", q_meetings="lots", variant="easy")
    response = post_paper(client, ours.form_id, data)
    assert response.status_code == 422
    html = response.text
    assert "There is a problem" in html and 'href="#q_venue-0"' in html
    assert "Kept story" in html and 'value="lots"' in html
    assert re.search(r'value="4" checked', html)  # the 5-point answer still chosen
    assert re.search(r'name="variant" value="easy" checked', html)
    assert stored() == []


def test_paper_entry_refuses_answers_without_agreement(client, ours, staff):
    response = post_paper(client, ours.form_id, paper_answers(consent="no"))
    assert response.status_code == 422
    assert "Only enter answers from people who agreed" in response.text
    assert stored() == []


def test_paper_entry_with_an_expired_token_keeps_the_answers(client, ours, staff):
    page = client.get(f"/admin/paper/{ours.form_id}").text
    stale = page.replace(csrf_token(page), "expired-token")
    response = post_paper(client, ours.form_id, paper_answers(q_story="Long interview"), stale)
    assert response.status_code == 400
    assert "Long interview" in response.text and "open for a long time" in response.text
    assert stored() == []
    # The page carries a fresh token: sending it again works.
    assert post_paper(client, ours.form_id, paper_answers(), response.text).status_code == 303


def test_paper_entry_respects_a_full_link(client, ours, staff):
    ours.max_responses = 1
    db.session.commit()
    save(ours)
    response = post_paper(client, ours.form_id, paper_answers(share_link=str(ours.id)))
    assert response.status_code == 422 and "all the responses it was set to take" in response.text
    assert len(stored()) == 1


def test_staff_cannot_reach_another_projects_responses(client, ours, theirs, staff):
    their_response = save(theirs, name_of_group="THEIRS-ANSWER")
    our_response = save(ours)
    for url in (
        f"/admin/responses/details/?id={their_response.id}",
        "/admin/responses/details/?id=999999",
        f"/admin/paper/{theirs.form_id}",
        "/admin/paper/999999",
    ):
        assert client.get(url).status_code == 404, url
    listing = client.get("/admin/responses/").text
    assert our_response.ref in listing and their_response.ref not in listing
    assert their_response.ref not in client.get(f"/admin/responses/?link_id={theirs.id}").text
    assert their_response.ref not in client.get("/admin/responses/?search=R-").text
    token = token_from(client, f"/admin/paper/{ours.form_id}")
    posted = client.post(
        f"/admin/paper/{theirs.form_id}",
        data={**paper_answers(), "csrf_token": token, "submission_id": "guess"},
    )
    assert posted.status_code == 404
    assert "Day centre survey" not in client.get("/admin/paper/").text
    assert len(stored()) == 2


def test_viewers_read_responses_but_cannot_enter_any(client, ours, make_user, login):
    response = save(ours)
    login(make_user(Role.VIEWER, projects=[ours.form.project]))
    listing = client.get("/admin/responses/")
    assert listing.status_code == 200 and response.ref in listing.text
    assert "Enter answers from paper" not in listing.text
    assert client.get(f"/admin/responses/details/?id={response.id}").status_code == 200
    for url in ("/admin/paper/", f"/admin/paper/{ours.form_id}"):
        assert client.get(url).status_code == 403, url
    token = token_from(client, "/admin/responses/")
    posted = client.post(
        f"/admin/paper/{ours.form_id}",
        data={**paper_answers(), "csrf_token": token, "submission_id": "viewer-try"},
    )
    assert posted.status_code == 403
    assert len(stored()) == 1


def test_responses_cannot_be_created_edited_deleted_or_exported_through_flask_admin(
    client, ours, staff
):
    response = save(ours)
    assert client.get("/admin/responses/new/").status_code == 403
    assert client.get(f"/admin/responses/edit/?id={response.id}").status_code == 403
    deleted = post_form(
        client, "/admin/responses/delete/", {"id": str(response.id)}, "/admin/responses/"
    )
    assert deleted.status_code == 403
    export = client.get("/admin/responses/export/csv/")
    assert export.status_code != 200 and "text/csv" not in export.headers.get("Content-Type", "")
    assert len(stored()) == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, ours):
    for url in ("/admin/responses/", "/admin/paper/", f"/admin/paper/{ours.form_id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_response_page_offers_cutting_evidence_from_each_answer(
    client, make_form, make_user, login
):
    link = make_form()
    post_standard(client, link.token)
    staff = make_user(Role.STAFF, projects=[link.form.project])
    login(staff)
    response = db.session.scalars(sa.select(Response)).one()
    page = client.get(f"/admin/responses/details/?id={response.id}")
    assert page.status_code == 200
    story = db.session.scalars(sa.select(Answer).where(Answer.question_key == "story")).one()
    cut_url = f"/admin/evidence/cut/{story.id}"
    assert cut_url in page.text
    assert client.get(cut_url).status_code == 200
