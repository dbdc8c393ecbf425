"""Personal links: a share link of one round for one person, who is then recognised in a later
round by the link staff give them, never by name and without a code. Made and printed in the
admin, answered through the public pages (standard and easy read), paired on the dashboard."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from coimpact.domain.recognition import code_hash, person_hash
from coimpact.extensions import db
from coimpact.models import (
    AuditEvent,
    FormRound,
    MeasureKind,
    Response,
    Role,
    ShareLink,
)
from tests.admin_helpers import post_form, token_from
from tests.public_helpers import easy_post, easy_start, post_standard
from tests.rounds_helpers import two_rounds
from tests.test_rounds import CODE_QUESTION, result, send

NOTICE = "This link is just for you."


@pytest.fixture
def rounds(app, make_form):
    """Two rounds of a before/after form (`two_rounds`), each with an ordinary link."""
    made = two_rounds(make_form)
    return {
        "project": made.start_link.form.project,
        "form_id": made.start_link.form_id,
        "start": made.start,
        "later": made.later,
        "start_link": made.start_link.id,
        "later_link": made.later_link.id,
        "indicator": made.indicator.id,
    }


@pytest.fixture
def staff(rounds, make_user, login):
    user = make_user(Role.STAFF, projects=[rounds["project"]])
    login(user)
    return user


def details(link_id: int) -> str:
    return f"/admin/links/details/?id={link_id}"


def make_personal(client, link_id: int, how_many, prefix: str = ""):
    return post_form(
        client,
        f"/admin/links/personal/{link_id}",
        {"how_many": str(how_many), "prefix": prefix},
        token_url=details(link_id),
    )


def same_people(client, link_id: int, round_id: int):
    return post_form(
        client,
        f"/admin/links/same-people/{link_id}",
        {"round_id": str(round_id)},
        token_url=details(link_id),
    )


def personal_links(round_id: int) -> list[ShareLink]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(ShareLink)
            .where(ShareLink.round_id == round_id, ShareLink.person_key.is_not(None))
            .order_by(ShareLink.id)
        )
    )


def send_easy(client, token: str, before: str, now: str) -> list[str]:
    """Answer through the easy-read pages; returns every page seen."""
    base = f"/f/{token}/easy"
    pages = [client.get(base).text]
    easy_start(client, token)
    pages.append(client.get(f"{base}/agree").text)
    assert easy_post(client, f"{base}/agree", {"consent": "yes", "quote_permission": "no"})
    step = {"q_confidence_before": before, "q_confidence_after": now}
    assert easy_post(client, f"{base}/1", step).status_code == 303
    pages.append(client.get(f"{base}/helped").text)
    assert easy_post(client, f"{base}/helped", {"supported": "no"}).status_code == 303
    pages.append(client.get(f"{base}/check").text)
    sent = easy_post(client, f"{base}/check", {})
    assert sent.status_code == 303, sent.text
    pages.append(client.get(sent.headers["Location"]).text)
    return pages


def test_staff_make_personal_links_for_a_round(client, rounds, staff):
    page = client.get(details(rounds["start_link"])).text
    assert "Make personal links" in page and 'name="how_many"' in page
    made = make_personal(client, rounds["start_link"], 3, prefix="  Group   A ")
    assert made.status_code == 303
    assert made.headers["Location"].endswith(f"/admin/links/cards/{rounds['start'].id}")
    links = personal_links(rounds["start"].id)
    assert [x.label for x in links] == ["Group A 1", "Group A 2", "Group A 3"]
    keys = {x.person_key for x in links}
    assert len(keys) == 3 and all(len(k) == 64 for k in keys)
    assert {x.form_id for x in links} == {rounds["form_id"]}
    assert all(x.created_by_id == staff.id and x.max_responses is None for x in links)
    # A second batch with the same label numbers on; without a label they are "Person n".
    assert make_personal(client, rounds["start_link"], 1, prefix="Group A").status_code == 303
    assert make_personal(client, rounds["start_link"], 1).status_code == 303
    labels = [x.label for x in personal_links(rounds["start"].id)]
    assert labels[3:] == ["Group A 4", "Person 1"]
    # Audited as made links, each with its id, never its key or token.
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "link_created").order_by(AuditEvent.id)
    ).all()
    assert len(events) == 5
    assert all(e.detail["personal"] is True and e.actor_id == staff.id for e in events)
    assert [e.target for e in events[:3]] == [f"link {x.id}" for x in links]

    listing = client.get(f"/admin/links/?form_id={rounds['form_id']}").text
    assert "For one person" in listing
    only_personal = client.get(f"/admin/links/?form_id={rounds['form_id']}&flt0_4=1").text
    assert "Group A 1" in only_personal and "Tuesday group" not in only_personal
    others = client.get(f"/admin/links/?form_id={rounds['form_id']}&flt0_4=0").text
    assert "Group A 1" not in others and "Tuesday group" in others


@pytest.mark.parametrize("how_many", ["0", "201", "", "lots"])
def test_how_many_must_be_between_1_and_200(client, rounds, staff, how_many):
    sent = make_personal(client, rounds["start_link"], how_many)
    assert sent.status_code == 303
    assert not personal_links(rounds["start"].id)
    page = client.get(sent.headers["Location"]).text
    assert "Say how many links to make: a number from 1 to 200." in page


def test_the_printable_cards_carry_label_address_and_qr(client, rounds, staff):
    make_personal(client, rounds["start_link"], 2, prefix="Group B")
    links = personal_links(rounds["start"].id)
    sheet = client.get(f"/admin/links/cards/{rounds['start'].id}")
    assert sheet.status_code == 200
    for link in links:
        assert link.label in sheet.text
        assert f"/f/{link.token}<" in sheet.text  # the standard address, written out
    assert sheet.text.count('class="person-card"') == 2
    assert sheet.text.count("<svg") >= 2
    easy = client.get(f"/admin/links/cards/{rounds['start'].id}?easy=1").text
    assert all(f"/f/{link.token}/easy<" in easy for link in links)


def test_same_people_links_in_a_later_round_share_the_key(client, rounds, staff):
    make_personal(client, rounds["start_link"], 2, prefix="Group A")
    page = client.get(details(rounds["start_link"])).text
    assert "Make links for the same people in round six months" in page
    made = same_people(client, rounds["start_link"], rounds["later"].id)
    assert made.status_code == 303
    assert made.headers["Location"].endswith(f"/admin/links/cards/{rounds['later'].id}")
    first, later = personal_links(rounds["start"].id), personal_links(rounds["later"].id)
    assert [(x.label, x.person_key) for x in later] == [(x.label, x.person_key) for x in first]
    assert {x.token for x in later}.isdisjoint(x.token for x in first)
    # Pressed again: everyone has a link there already, so nothing more is made.
    assert same_people(client, rounds["start_link"], rounds["later"].id).status_code == 303
    assert len(personal_links(rounds["later"].id)) == 2
    assert "Make links for the same people" not in client.get(details(rounds["later_link"])).text


def test_a_person_answers_both_rounds_through_their_links_and_makes_one_pair(client, rounds, staff):
    make_personal(client, rounds["start_link"], 2)
    same_people(client, rounds["start_link"], rounds["later"].id)
    (mine, other), (mine_later, _) = (
        personal_links(rounds["start"].id),
        personal_links(rounds["later"].id),
    )
    first = client.get(f"/f/{mine.token}").text
    assert CODE_QUESTION not in first and "recognition_code" not in first
    assert "Your own link" in first and "We do not know your name." in first
    assert "tell the staff" in first
    send(client, mine.token, "1", "2")
    send(client, other.token, "2", "3")  # someone else's start link: no pair for them
    easy_pages = send_easy(client, mine_later.token, "3", "5")
    assert all(CODE_QUESTION not in p and "recognition_code" not in p for p in easy_pages)
    assert NOTICE in easy_pages[0] and NOTICE in easy_pages[1]  # start page and "before you start"
    r = result(rounds)
    assert r.matched and r.pair_n == 1
    assert r.value(MeasureKind.BEFORE_AFTER) == 3.0  # 2 in the first round, 5 in the later one
    db.session.expire_all()
    hashes = db.session.scalars(sa.select(Response.recognition_hash).order_by(Response.id)).all()
    assert hashes[0] == hashes[2] != hashes[1]


def test_easy_read_first_then_standard_also_pairs(client, rounds, staff):
    make_personal(client, rounds["start_link"], 1)
    same_people(client, rounds["start_link"], rounds["later"].id)
    (mine,), (mine_later,) = personal_links(rounds["start"].id), personal_links(rounds["later"].id)
    send_easy(client, mine.token, "1", "1")
    later_page = client.get(f"/f/{mine_later.token}").text
    assert CODE_QUESTION not in later_page
    send(client, mine_later.token, "1", "4")
    assert result(rounds).pair_n == 1


def test_a_second_response_through_a_personal_link_is_kept_and_the_latest_counts(
    client, rounds, staff
):
    make_personal(client, rounds["start_link"], 1)
    same_people(client, rounds["start_link"], rounds["later"].id)
    (mine,), (mine_later,) = personal_links(rounds["start"].id), personal_links(rounds["later"].id)
    send(client, mine.token, "1", "2")
    send(client, mine.token, "1", "3")  # again, in the same round: kept beside the first
    send(client, mine_later.token, "1", "5")
    db.session.expire_all()
    through = db.session.scalars(
        sa.select(Response.id).where(Response.share_link_id == mine.id)
    ).all()
    assert len(through) == 2
    r = result(rounds)
    assert r.pair_n == 1
    assert r.value(MeasureKind.BEFORE_AFTER) == 2.0  # the latest first-round answer (3) to 5


def test_a_code_posted_to_a_personal_link_is_ignored(app, client, rounds, staff):
    make_personal(client, rounds["start_link"], 1)
    (mine,) = personal_links(rounds["start"].id)
    send(client, mine.token, "1", "2", code="blue kettle")
    project_id = rounds["project"].id
    db.session.expire_all()
    stored = db.session.scalar(sa.select(Response.recognition_hash))
    assert stored == person_hash(app.config["SECRET_KEY"], project_id, mine.person_key)


def test_the_person_key_is_on_no_page_in_no_url_and_in_no_log(client, rounds, staff, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    seen: list[str] = []
    for response in (
        make_personal(client, rounds["start_link"], 2, prefix="Group C"),
        same_people(client, rounds["start_link"], rounds["later"].id),
    ):
        seen.append(response.headers["Location"])
        seen.append(client.get(response.headers["Location"]).text)
    links = personal_links(rounds["start"].id) + personal_links(rounds["later"].id)
    for link in links:
        for url in (
            details(link.id),
            f"/admin/links/edit/?id={link.id}",
            f"/f/{link.token}",
            f"/f/{link.token}/easy",
        ):
            seen.append(client.get(url).text)
    seen.append(client.get(f"/admin/links/?form_id={rounds['form_id']}").text)
    seen.append(client.get("/admin/auditlog/").text)
    sent = post_standard(client, links[0].token, {"consent": "yes", "quote_permission": "no"})
    seen.append(sent.headers["Location"])
    seen.extend(send_easy(client, links[2].token, "1", "4"))
    seen.append(client.get(f"/admin/responses/?form_id={rounds['form_id']}").text)
    out, err = capfd.readouterr()
    seen.extend([caplog.text, out, err])
    db.session.expire_all()
    seen.extend(str(e.detail) for e in db.session.scalars(sa.select(AuditEvent)))
    everything = "\n".join(seen)
    assert "Group C 1" in everything  # the pages were really read
    for link in links:
        assert link.person_key not in everything


def sign_out(client) -> None:
    assert client.post("/logout", data={"csrf_token": token_from(client)}).status_code == 302


def test_another_projects_staff_get_404(client, rounds, make_user, make_project, login):
    login(make_user(Role.STAFF, projects=[rounds["project"]]))
    make_personal(client, rounds["start_link"], 1)
    (mine,) = personal_links(rounds["start"].id)
    sign_out(client)
    login(make_user(Role.STAFF, projects=[make_project()]))
    csrf = token_from(client, "/admin/links/")  # from a page of theirs
    for url, data in (
        (f"/admin/links/personal/{rounds['start_link']}", {"how_many": "5"}),
        (f"/admin/links/same-people/{rounds['start_link']}", {"round_id": rounds["later"].id}),
    ):
        assert client.post(url, data={**data, "csrf_token": csrf}).status_code == 404
    assert client.get(f"/admin/links/cards/{rounds['start'].id}").status_code == 404
    assert client.get(details(mine.id)).status_code == 404
    assert len(personal_links(rounds["start"].id)) == 1
    assert not personal_links(rounds["later"].id)


def test_viewers_may_print_but_not_make(client, rounds, make_user, login):
    login(make_user(Role.STAFF, projects=[rounds["project"]]))
    make_personal(client, rounds["start_link"], 1)
    sign_out(client)
    login(make_user(Role.VIEWER, projects=[rounds["project"]]))
    page = client.get(details(rounds["start_link"])).text
    assert "Print the personal links" in page and 'name="how_many"' not in page
    assert client.get(f"/admin/links/cards/{rounds['start'].id}").status_code == 200
    sent = post_form(
        client,
        f"/admin/links/personal/{rounds['start_link']}",
        {"how_many": "2"},
        token_url=details(rounds["start_link"]),
    )
    assert sent.status_code == 403
    assert len(personal_links(rounds["start"].id)) == 1


def test_only_a_round_of_the_same_form(client, rounds, staff, make_form):
    other = make_form(project=rounds["project"], title="Another form")
    theirs = FormRound(form=other.form, name="later", position=5)
    db.session.add(theirs)
    db.session.commit()
    make_personal(client, rounds["start_link"], 1)
    assert same_people(client, rounds["start_link"], theirs.id).status_code == 404
    # A link in no round offers none of this.
    assert make_personal(client, other.id, 1).status_code == 404


def test_a_person_hash_never_equals_a_code_hash():
    secret = "k" * 40
    key = "a" * 64
    assert person_hash(secret, 1, key) != person_hash(secret, 2, key)
    assert person_hash(secret, 1, key) != person_hash("j" * 40, 1, key)
    for typed in (key, f"person:1:{key}", f"1:person:1:{key}"):
        assert code_hash(secret, 1, typed) != person_hash(secret, 1, key)
