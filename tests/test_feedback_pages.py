""" "You said, we did" pages over HTTP: staff write the page, choose quotes and publish it; the
public page at /s/<token> shows the words and only the quotes whose permission allows it at the
moment it is shown; unknown and unpublished links look alike; what people typed is escaped.
Who may reach which admin address is in test_feedback_pages_access.py."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    AuditEvent,
    EvidenceItem,
    EvidenceStatus,
    FeedbackPage,
    QuotePermission,
    Response,
    Role,
)
from coimpact.reports.feedback_pages import long_sentences, text_blocks
from tests.admin_helpers import post_form
from tests.feedback_helpers import (
    ADMIN,
    add_quote,
    choose,
    evidence_set,
    fresh,
    make_page,
    publish,
    sign_in,
)

BASE = "https://impact.example.org"


@pytest.fixture
def app(make_app):
    # A base URL unlike the default, so the shared address is seen to come from the setting.
    app = make_app(COIMPACT_BASE_URL=BASE + "/")
    with app.app_context():
        yield app


@pytest.fixture
def ours(make_form):
    return make_form()


@pytest.fixture
def quotes(ours):
    return evidence_set(ours)


@pytest.fixture
def staff(app, ours, make_user):
    return sign_in(app, make_user(Role.STAFF, projects=[ours.form.project]))


def paragraphs(html: str) -> list[str]:
    return re.findall(r"<p>([^<]*)</p>", html)


def test_staff_write_choose_publish_and_participants_read(app, staff, ours, quotes):
    project = ours.form.project
    new = staff.get(f"{ADMIN}/new/?project_id={project.id}")
    assert new.status_code == 200
    assert "about 15 words" in new.text and "numbers as digits" in new.text
    created = post_form(
        staff,
        f"{ADMIN}/new/?project_id={project.id}",
        {
            "title": "You said, we did",
            "period": "April to June 2026",
            "wanted_text": "We wanted better meetings.\r\n\r\nMeetings were too long.  ",
            "changed_text": "- Meetings are 1 hour now.\n- We have a break.",
            "doing_text": "We will meet every 2 weeks.",
            "token": "chosen-by-me",  # not a form field: must never reach the model
            "published": "y",
        },
    )
    assert created.status_code == 302, created.text
    page = db.session.scalars(sa.select(FeedbackPage)).one()
    assert created.location.endswith(f"{ADMIN}/details/?id={page.id}")
    assert page.token != "chosen-by-me" and not page.published
    assert page.wanted_text == "We wanted better meetings.\nMeetings were too long."

    offered = staff.get(f"{ADMIN}/quotes/?id={page.id}")
    assert offered.status_code == 200
    for key in ("anonymous", "named", "staff", "story"):
        assert f'name="item" value="{quotes[key].id}"' in offered.text, key
    for key in ("refused", "draft", "rating"):
        assert f'value="{quotes[key].id}"' not in offered.text, key
    assert "Secret words" not in offered.text

    saved = choose(staff, page.id, [quotes["named"], quotes["anonymous"], quotes["story"]])
    assert saved.status_code == 303
    assert [i.id for i in fresh(page.id).items] == [
        quotes["named"].id,
        quotes["anonymous"].id,
        quotes["story"].id,
    ]

    # Not published yet: the link answers like any unknown one.
    assert app.test_client().get(f"/s/{page.token}").status_code == 404
    details = staff.get(f"{ADMIN}/details/?id={page.id}")
    assert f"{BASE}/s/{page.token}" in details.text
    assert publish(staff, page.id).status_code == 303
    assert fresh(page.id).published

    public = app.test_client().get(f"/s/{page.token}")
    assert public.status_code == 200
    html = public.text
    assert '<html lang="en-GB">' in html and html.count("<h1") == 1
    assert '<meta name="robots" content="noindex">' in html
    assert public.headers["X-Robots-Tag"].startswith("noindex")
    assert public.headers.getlist("Cache-Control") == ["no-store"]  # once, never cached
    assert public.headers["Referrer-Policy"] == "same-origin"
    assert "<script" not in html and "style=" not in html
    assert "April to June 2026" in html
    # Each line of staff's words is its own paragraph; "-" lines become a list.
    found = paragraphs(html)
    assert "We wanted better meetings." in found and "Meetings were too long." in found
    assert "<li>Meetings are 1 hour now.</li><li>We have a break.</li>" in html
    assert "We will meet every 2 weeks." in found
    # Quotes in the chosen order; a name only where the person said "yes, with my name".
    assert html.index("I chaired a meeting!") < html.index("The meetings are shorter now.")
    assert "From Sam Okafor" in html
    assert "<p>I was scared to speak.</p><p>Now I speak first.</p>" in html
    for symbol in ("information", "speaking-up", "star", "calendar", "thank-you"):
        assert f"symbols/{symbol}.svg" in html
    assert 'alt=""' not in html
    assert "Everyone clapped" not in html  # offered, but not chosen

    actions = list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))
    assert [a.action for a in actions][-2:] == [
        "feedback_page_quotes_set",
        "feedback_page_published",
    ]
    for event in actions:
        assert "chaired" not in str(event.detail) and "Sam" not in str(event.detail)


def test_anonymous_quote_shows_no_name(app, staff, ours):
    item = add_quote(ours, "I feel listened to.", QuotePermission.ANONYMOUS)
    # The check constraint keeps names off anonymous responses; the page must not invent one.
    page = make_page(ours)
    choose(staff, page.id, [item])
    publish(staff, page.id)
    html = app.test_client().get(f"/s/{fresh(page.id).token}").text
    assert "I feel listened to." in html and "<figcaption" not in html and "From " not in html


def test_permission_withdrawn_after_choosing_hides_the_quote(app, staff, ours, quotes):
    page = make_page(ours)
    choose(staff, page.id, [quotes["named"], quotes["anonymous"], quotes["staff"]])
    publish(staff, page.id)
    token = fresh(page.id).token
    assert "I chaired a meeting!" in app.test_client().get(f"/s/{token}").text

    # The person changes their mind; another quote loses its approval.
    response = db.session.get(Response, quotes["named"].response_id)
    response.quote_permission, response.participant_name = QuotePermission.NO, None
    db.session.get(EvidenceItem, quotes["anonymous"].id).status = EvidenceStatus.DRAFT
    db.session.commit()

    html = app.test_client().get(f"/s/{token}").text
    assert "I chaired a meeting!" not in html and "Sam Okafor" not in html
    assert "The meetings are shorter now." not in html
    assert "[Words not shared" not in html  # left out entirely, not replaced by a notice
    assert "Everyone clapped at the end." in html
    details = staff.get(f"{ADMIN}/details/?id={page.id}").text
    assert "I chaired a meeting!" not in details
    assert f"{quotes['named'].ref}, {quotes['anonymous'].ref}" in details  # "left off" note
    preview = staff.get(f"{ADMIN}/preview/?id={page.id}").text
    assert "I chaired a meeting!" not in preview and "Everyone clapped" in preview

    # With no quote left to show, the "what you told us" part goes altogether.
    db.session.delete(db.session.get(EvidenceItem, quotes["staff"].id))
    db.session.commit()
    assert "What you told us" not in app.test_client().get(f"/s/{token}").text


@pytest.mark.parametrize("key", ["refused", "draft", "rating", "theirs", "nonsense"])
def test_quotes_that_may_not_be_shown_are_refused(app, staff, ours, quotes, make_form, key):
    page = make_page(ours)
    choose(staff, page.id, [quotes["anonymous"]])
    if key == "theirs":
        bad = add_quote(make_form(), "Another project's words.", QuotePermission.NAMED, "Kim")
        bad_id = bad.id
    elif key == "nonsense":
        bad_id = 2**31 - 2
    else:
        bad_id = quotes[key].id
    refused = post_form(
        staff,
        f"{ADMIN}/quotes/?id={page.id}",
        {"id": page.id, "item": [quotes["staff"].id, bad_id]},
    )
    assert refused.status_code == 303
    follow = staff.get(refused.location)
    assert "cannot go on this page" in follow.text
    assert [i.id for i in fresh(page.id).items] == [quotes["anonymous"].id]


def test_unknown_and_unpublished_links_look_alike(app, staff, ours):
    page = make_page(ours)
    public = app.test_client()
    unpublished = public.get(f"/s/{page.token}")
    unknown = public.get("/s/no-such-page-at-all")
    very_long = public.get("/s/" + "x" * 500)
    assert unpublished.status_code == unknown.status_code == very_long.status_code == 404
    assert unpublished.text == unknown.text == very_long.text
    assert "We cannot find this page" in unknown.text
    assert '<meta name="robots" content="noindex">' in unknown.text
    assert "Meetings were too long" not in unpublished.text

    publish(staff, page.id)
    assert public.get(f"/s/{page.token}").status_code == 200
    gone = post_form(
        staff, f"{ADMIN}/unpublish/", {"id": page.id}, f"{ADMIN}/details/?id={page.id}"
    )
    assert gone.status_code == 303 and not fresh(page.id).published
    after = public.get(f"/s/{page.token}")
    assert after.status_code == 404 and after.text == unknown.text
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id))
    assert list(actions)[-1] == "feedback_page_unpublished"


def test_a_page_with_nothing_to_say_is_not_published(app, staff, ours):
    page = make_page(ours, wanted_text="")
    answer = publish(staff, page.id)
    assert "Write at least one part" in staff.get(answer.location).text
    assert not fresh(page.id).published


def test_what_people_typed_is_escaped(app, staff, ours):
    item = add_quote(ours, "<img src=x onerror=alert(2)>", QuotePermission.NAMED, "<b>Bo</b>")
    page = make_page(
        ours, title='<script>alert("t")</script>', wanted_text="<i>Meetings</i> & more"
    )
    choose(staff, page.id, [item])
    publish(staff, page.id)
    for html in (
        app.test_client().get(f"/s/{page.token}").text,
        staff.get(f"{ADMIN}/details/?id={page.id}").text,
        staff.get(f"{ADMIN}/preview/?id={page.id}").text,
        staff.get(f"{ADMIN}/").text,
    ):
        assert '<script>alert("t")' not in html and "&lt;script&gt;" in html
        assert "<i>Meetings</i>" not in html and "<img src=x" not in html
        assert "<b>Bo</b>" not in html


def test_easy_read_wording_helpers():
    blocks = text_blocks("One.\n\n- a\n* b\n• c\nTwo.\r\n- d")
    assert [(b.kind, b.lines) for b in blocks] == [
        ("p", ["One."]),
        ("ul", ["a", "b", "c"]),
        ("p", ["Two."]),
        ("ul", ["d"]),
    ]
    long = (
        "We are going to talk to the council about the respite leaflet and ask them to change it."
    )
    assert long_sentences(f"Short one. {long}") == [long]
