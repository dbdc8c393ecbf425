"""Cutting evidence from an answer over HTTP: trimming (the answer untouched and linked back),
refusing words that were not said, personal details flagged and approval held until checked,
redaction, editing and flags."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import AuditEvent, EvidenceKind, EvidenceStatus, LinkStatus, Role
from coimpact.services.evidence_approval import EvidenceError, add_link
from tests.admin_helpers import build_theory, post_form, token_from
from tests.evidence_helpers import answer_of, hidden, items, linked_project, links, respond

STORY = (
    "I spoke at the meeting for the first time. Before, my mum always spoke for me. "
    "Now I chair the group."
)
PII_STORY = (
    "My name is Sam Jones. Email sam.jones@example.org or ring 07700 900123. "
    "I live near SW1A 1AA and the group changed my life."
)


@pytest.fixture
def setup(make_project, make_form):
    return linked_project(make_project, make_form)


@pytest.fixture
def staff(setup, make_user, login):
    user = make_user(Role.STAFF, projects=[setup.project])
    login(user)
    return user


def cut(client, answer_id: int, **data):
    return post_form(client, f"/admin/evidence/cut/{answer_id}", data)


def test_cut_and_trim_a_quote_keeps_the_answer_and_a_link_back(client, setup, staff):
    response = respond(client, setup.token, q_story=STORY)
    answer = answer_of(response, "story")
    page = client.get(f"/admin/evidence/cut/{answer.id}")
    assert page.status_code == 200
    assert "Standard wording for story?" in page.text  # the question as it was asked
    assert "Now I chair the group." in page.text

    excerpt = "I spoke at the meeting for the first time. … Now I chair the group."
    made = cut(client, answer.id, kind="quote", title="Speaking up", excerpt=excerpt, indicators=[])
    assert made.status_code == 303
    (item,) = items()
    assert made.headers["Location"].endswith(f"/admin/evidence/{item.id}")
    assert (item.ref, item.kind, item.status) == ("EV1", EvidenceKind.QUOTE, EvidenceStatus.DRAFT)
    assert item.text == excerpt and item.title == "Speaking up"
    assert (item.answer_id, item.response_id) == (answer.id, response.id)
    db.session.refresh(answer)
    assert answer.value_text == STORY  # the original is never changed

    shown = client.get(f"/admin/evidence/{item.id}").text
    assert excerpt in shown
    assert f"/admin/responses/details/?id={response.id}" in shown
    assert "Standard wording for story?" in shown


def test_cut_can_count_the_answer_for_its_questions_indicators(client, setup, staff):
    answer = answer_of(respond(client, setup.token, q_story=STORY), "story")
    page = client.get(f"/admin/evidence/cut/{answer.id}").text
    assert setup.indicator.ref in page  # offered, ticked by default
    made = cut(client, answer.id, kind="story", excerpt=STORY, indicators=[str(setup.indicator.id)])
    assert made.status_code == 303
    (link,) = links()
    assert (link.indicator_id, link.outcome_id, link.status) == (
        setup.indicator.id,
        setup.outcome.id,
        LinkStatus.CONFIRMED,
    )
    # Decided, so no longer suggested.
    suggestions = client.get(f"/admin/evidence/suggestions/?project_id={setup.project.id}").text
    assert "Before, my mum always spoke for me" not in suggestions


@pytest.mark.parametrize(
    "excerpt",
    [
        "I spoke at the party for the first time.",  # a changed word
        "I spoke loudly at the meeting for the first time.",  # an added word
        "Now I chair the group. … I spoke at the meeting",  # pieces out of order
        "i spoke at the meeting",  # changed case
        "…",  # nothing of theirs left
    ],
)
def test_an_excerpt_not_in_the_answer_is_refused(client, setup, staff, excerpt):
    answer = answer_of(respond(client, setup.token, q_story=STORY), "story")
    refused = cut(client, answer.id, kind="quote", excerpt=excerpt)
    assert refused.status_code == 422
    assert "must be the person" in refused.text
    assert items() == []


def test_whitespace_and_cut_marks_and_redaction_markers_are_allowed(client, setup, staff):
    answer = answer_of(respond(client, setup.token, q_story=PII_STORY), "story")
    excerpt = "My name is [name removed].   … the group\nchanged my life."
    assert cut(client, answer.id, kind="quote", excerpt=excerpt).status_code == 303
    assert items()[0].text == excerpt


def test_personal_details_are_flagged_and_approval_waits_for_a_check(client, setup, staff):
    answer = answer_of(respond(client, setup.token, q_story=PII_STORY), "story")
    cut(client, answer.id, kind="story", excerpt=PII_STORY)
    (item,) = items()
    item_page = client.get(f"/admin/evidence/{item.id}").text
    assert "Check before approving" in item_page
    page = client.get(f"/admin/evidence/{item.id}/approve")
    for found in ("Sam Jones", "sam.jones@example.org", "07700 900123", "SW1A 1AA"):
        assert '<mark class="ev-pii" title="Looks like' in page.text
        assert f">{found}<span" in page.text, found
    for label in ("a name", "an email address", "a phone number", "a postcode"):
        assert label in page.text

    url = f"/admin/evidence/{item.id}/approve"
    seen = hidden(page.text, "seen")
    refused = post_form(client, url, {"seen": seen})
    assert refused.status_code == 422
    assert items()[0].status == EvidenceStatus.DRAFT

    approved = post_form(client, url, {"seen": seen, "keep_as_is": "y"})
    assert approved.status_code == 303
    item = items()[0]
    assert item.status == EvidenceStatus.APPROVED and item.approved_by_id == staff.id
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "evidence_approved")
    ).one()
    assert event.target == "EV1" and event.detail["checked_keep_as_is"] is True
    assert set(event.detail["flagged"]) == {"name", "email", "phone", "postcode"}
    assert "Sam" not in str(event.detail) and "example.org" not in str(event.detail)


def test_approval_of_words_changed_since_the_page_was_shown_is_refused(client, setup, staff):
    answer = answer_of(respond(client, setup.token, q_story=STORY), "story")
    cut(client, answer.id, kind="story", excerpt=STORY)
    item = items()[0]
    stale = hidden(client.get(f"/admin/evidence/{item.id}/approve").text, "seen")
    post_form(client, f"/admin/evidence/edit/?id={item.id}", {"text": "Now I chair the group."})
    assert (
        post_form(client, f"/admin/evidence/{item.id}/approve", {"seen": stale}).status_code == 409
    )
    assert items()[0].status == EvidenceStatus.DRAFT


def test_redaction_removes_details_from_the_item_not_the_answer(client, setup, staff):
    answer = answer_of(respond(client, setup.token, q_story=PII_STORY), "story")
    cut(client, answer.id, kind="story", excerpt=PII_STORY)
    item = items()[0]
    done = post_form(
        client, f"/admin/evidence/{item.id}/redact", {}, f"/admin/evidence/{item.id}/approve"
    )
    assert done.status_code == 303
    text = items()[0].text
    for marker in ("[name removed]", "[email address removed]", "[phone number removed]"):
        assert marker in text
    assert "[postcode removed]" in text and "Sam" not in text and "07700" not in text
    db.session.refresh(answer)
    assert answer.value_text == PII_STORY
    # Nothing flagged now: approval needs no extra confirmation.
    page = client.get(f"/admin/evidence/{item.id}/approve").text
    assert "No personal details found" in page
    ok = post_form(client, f"/admin/evidence/{item.id}/approve", {"seen": hidden(page, "seen")})
    assert ok.status_code == 303 and items()[0].status == EvidenceStatus.APPROVED


def test_editing_trims_flags_and_sends_changed_approved_words_back_to_draft(client, setup, staff):
    answer = answer_of(respond(client, setup.token, q_story=STORY), "story")
    cut(client, answer.id, kind="story", excerpt=STORY)
    item = items()[0]
    page = client.get(f"/admin/evidence/{item.id}/approve").text
    post_form(client, f"/admin/evidence/{item.id}/approve", {"seen": hidden(page, "seen")})
    assert items()[0].status == EvidenceStatus.APPROVED

    edit = f"/admin/evidence/edit/?id={item.id}"
    added = post_form(client, edit, {"text": STORY + " It was great.", "title": "x"})
    assert added.status_code == 422 and "cut of the person" in added.text
    assert items()[0].text == STORY

    saved = post_form(
        client,
        edit,
        {
            "title": "Chairing",
            "text": "Now I chair the group.",
            "most_significant": "y",
            "unexpected": "y",
        },
    )
    assert saved.status_code == 303
    item = items()[0]
    assert item.text == "Now I chair the group." and item.title == "Chairing"
    assert item.most_significant and item.unexpected
    assert item.status == EvidenceStatus.DRAFT  # changed words are checked again

    listing = client.get("/admin/evidence/?flt0_3=1").text  # most significant: yes
    assert ">EV1</a>" in listing and "Most significant" in listing
    # Filter by flag: an unflagged item is left out.
    post_form(client, edit, {"title": "Chairing", "text": "Now I chair the group."})
    assert ">EV1</a>" not in client.get("/admin/evidence/?flt0_3=1").text


def test_link_editor_links_outcomes_and_indicators_of_the_items_project_only(
    client, setup, staff, make_project
):
    answer = answer_of(respond(client, setup.token, q_story=STORY), "story")
    cut(client, answer.id, kind="quote", excerpt="Now I chair the group.")
    item = items()[0]
    url = f"/admin/evidence/{item.id}/links"
    theirs = build_theory(make_project(name="Theirs"), "THEIRS")
    page = client.get(f"/admin/evidence/{item.id}").text
    assert setup.indicator.ref in page and "THEIRS" not in page
    token = token_from(client, f"/admin/evidence/{item.id}")
    for target in (
        f"o:{setup.outcome.id}",
        f"i:{setup.indicator.id}",
        f"i:{theirs['indicator'].id}",  # another project's: not among the choices
        f"o:{theirs['outcome'].id}",
    ):
        assert client.post(url, data={"target": target, "csrf_token": token}).status_code == 303
    stored = links()
    assert [(lk.outcome_id, lk.indicator_id) for lk in stored] == [
        (setup.outcome.id, None),
        (setup.outcome.id, setup.indicator.id),
    ]
    assert all(lk.status == LinkStatus.CONFIRMED and lk.linked_by_id == staff.id for lk in stored)
    # An indicator must belong to the outcome it is linked under.
    with pytest.raises(EvidenceError):
        add_link(item, setup.outcome.id, theirs["indicator"].id, staff)
    db.session.rollback()

    change = f"/admin/evidence/{item.id}/links/{stored[1].id}"
    assert client.post(f"{change}/reject", data={"csrf_token": token}).status_code == 303
    assert links()[1].status == LinkStatus.REJECTED
    assert client.post(f"{change}/remove", data={"csrf_token": token}).status_code == 303
    assert len(links()) == 1


def test_list_filters_by_kind_status_outcome_indicator_and_links(client, setup, staff):
    answer = answer_of(respond(client, setup.token, q_story=STORY), "story")
    cut(client, answer.id, kind="quote", excerpt="Now I chair the group.", title="ALPHA-TITLE")
    cut(client, answer.id, kind="story", excerpt=STORY, title="BETA-TITLE", indicators=[])
    linked, unlinked = items()
    add_link(linked, setup.outcome.id, setup.indicator.id, staff)
    db.session.commit()  # services flush; the test commits, as a request would
    outcome_ref, indicator_ref = setup.outcome.ref, setup.indicator.ref
    # Filter positions as declared on the view: 1 kind, 2 status, 5 outcome ref,
    # 6 indicator ref, 7 links, 8 cut from an answer.
    expectations = {
        "flt0_1=quote": {"ALPHA-TITLE"},
        "flt0_1=story": {"BETA-TITLE"},
        "flt0_2=draft": {"ALPHA-TITLE", "BETA-TITLE"},
        "flt0_2=approved": set(),
        f"flt0_5={outcome_ref}": {"ALPHA-TITLE"},
        f"flt0_5={outcome_ref.lower()}": {"ALPHA-TITLE"},
        "flt0_5=Z9": set(),
        f"flt0_6={indicator_ref}": {"ALPHA-TITLE"},
        "flt0_7=confirmed": {"ALPHA-TITLE"},
        "flt0_7=none": {"BETA-TITLE"},
        "flt0_8=1": {"ALPHA-TITLE", "BETA-TITLE"},
        "flt0_8=0": set(),
    }
    for query, expected in expectations.items():
        page = client.get(f"/admin/evidence/?{query}")
        assert page.status_code == 200, query
        shown = {title for title in ("ALPHA-TITLE", "BETA-TITLE") if title in page.text}
        assert shown == expected, query
