"""A form run in rounds, and the same people recognised across them only by a code they chose:
through the public pages (standard and easy read), the database and the dashboard."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import FormRound, MeasureKind, QuestionType, Response, Role, ShareLink
from coimpact.reports.indicator_results import FALLBACK, project_results
from tests.public_helpers import easy_post, easy_start, post_standard
from tests.rounds_helpers import two_rounds

CODE_QUESTION = "Make up a short code you will remember (not your name)"


@pytest.fixture
def rounds(app, make_form):
    """Two rounds of a before/after form (`two_rounds`), by the tokens of their links."""
    made = two_rounds(make_form)
    return {
        "project": made.start_link.form.project,
        "start": made.start_link.token,
        "later": made.later_link.token,
        "indicator": made.indicator.id,
        "ref": made.indicator.ref,
    }


def send(client, token: str, before: str, now: str, code: str | None = None):
    data = {
        "consent": "yes",
        "quote_permission": "no",
        "participant_name": "",
        "q_confidence_before": before,
        "q_confidence_after": now,
    }
    if code is not None:
        data["recognition_code"] = code
    sent = post_standard(client, token, data)
    assert sent.status_code == 303, sent.text


def send_easy(client, token: str, before: str, now: str, code: str):
    easy_start(client, token)
    base = f"/f/{token}/easy"
    agreed = easy_post(client, f"{base}/agree", {"consent": "yes", "quote_permission": "no"})
    assert agreed.status_code == 303
    step = {"q_confidence_before": before, "q_confidence_after": now}
    assert easy_post(client, f"{base}/1", step).status_code == 303
    helped = client.get(f"{base}/helped")
    assert "Make up a short code you will remember" in helped.text
    sent = easy_post(client, f"{base}/helped", {"supported": "no", "recognition_code": code})
    assert sent.status_code == 303, sent.text
    check = client.get(f"{base}/check")
    # Even between pages only the hash is kept, so the code cannot be shown back; it is said.
    assert "You made up a code. We keep it secret." in check.text
    assert code not in check.text
    assert_nowhere_in_the_database(code)
    again = client.get(f"{base}/helped").text
    assert "You made up a code already." in again and code not in again
    assert easy_post(client, f"{base}/check", {}).status_code == 303


def assert_nowhere_in_the_database(code: str) -> None:
    """Not in any column of any row of any table, in any case."""
    db.session.expire_all()
    needle = " ".join(code.split()).casefold()
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                text = " ".join(" ".join(str(value).split()) for value in row).casefold()
                assert needle not in text, table.name


def result(rounds):
    db.session.expire_all()
    return project_results(db.session, rounds["project"].id)[rounds["indicator"]]


def test_the_code_question_is_optional_and_only_on_forms_run_in_rounds(client, rounds, make_form):
    page = client.get(f"/f/{rounds['start']}").text
    assert f"{CODE_QUESTION} (optional)" in page
    assert 'name="recognition_code"' in page
    assert 'autocomplete="off"' in page
    one_off = make_form(project=rounds["project"], title="One-off")
    assert "recognition_code" not in client.get(f"/f/{one_off.token}").text
    # Left empty, it is fine: nothing is kept.
    send(client, rounds["start"], "2", "3", code="")
    assert db.session.scalars(sa.select(Response.recognition_hash)).all() == [None]


def test_two_rounds_with_the_same_code_make_one_pair(client, rounds):
    send(client, rounds["start"], "1", "2", code="Blue Kettle 7")
    send(client, rounds["later"], "3", "5", code="  blue  kettle 7 ")  # case and spaces aside
    r = result(rounds)
    assert r.matched and r.pair_n == 1
    # First round's "now" (2) against the later round's "now" (5), not the retrospective one.
    assert r.value(MeasureKind.BEFORE_AFTER) == 3.0
    assert r.headline(MeasureKind.BEFORE_AFTER) == (
        "2.0 in the first round, 5.0 in a later round (+3.0, based on 1 person who answered "
        "both rounds)"
    )
    rounds_of = db.session.scalars(sa.select(Response.round_id).order_by(Response.id)).all()
    assert len(set(rounds_of)) == 2 and None not in rounds_of


def test_pairs_are_counted_and_said(client, rounds, login, make_user):
    for number, (first, later) in enumerate([(2, 4), (3, 3), (1, 4)]):
        send(client, rounds["start"], "1", str(first), code=f"code {number}")
        send(client, rounds["later"], "1", str(later), code=f"code {number}")
    send(client, rounds["later"], "1", "5", code="only once")  # no first round: no pair
    r = result(rounds)
    assert r.pair_n == 3
    assert r.headline(MeasureKind.BEFORE_AFTER).endswith(
        "(+1.7, based on 3 people who answered both rounds)"
    )
    login(make_user(Role.STAFF, projects=[rounds["project"]]))
    board = client.get(f"/admin/dashboard/{rounds['project'].id}").text
    assert "based on 3 people who answered both rounds" in board


def test_different_codes_make_no_pair_and_say_they_fall_back(client, rounds):
    send(client, rounds["start"], "1", "2", code="apple")
    send(client, rounds["later"], "2", "4", code="pear")
    r = result(rounds)
    assert not r.matched
    # The retrospective question of both answers: before 1.5, now 3.0.
    assert r.headline(MeasureKind.BEFORE_AFTER) == f"1.5 before, 3.0 now (+1.5, n=2); {FALLBACK}"
    assert "from the question asking people how things were before" in FALLBACK


def test_no_code_makes_no_pair(client, rounds):
    send(client, rounds["start"], "1", "2")
    send(client, rounds["later"], "2", "4", code="")
    r = result(rounds)
    assert not r.matched and r.pair_n == 2
    assert r.headline(MeasureKind.BEFORE_AFTER).endswith(FALLBACK)


def test_the_same_code_in_one_round_only_makes_no_pair(client, rounds):
    send(client, rounds["start"], "1", "2", code="same")
    send(client, rounds["start"], "1", "3", code="same")
    assert not result(rounds).matched


def test_the_code_is_never_stored_in_clear(client, rounds):
    send(client, rounds["start"], "1", "2", code="Secret Squirrel 42")
    send_easy(client, rounds["later"], "2", "4", "Secret Squirrel 42")
    db.session.expire_all()
    hashes = db.session.scalars(sa.select(Response.recognition_hash)).all()
    assert len(hashes) == 2 and hashes[0] == hashes[1] and len(hashes[0]) == 64
    assert_nowhere_in_the_database("Secret Squirrel 42")
    assert_nowhere_in_the_database("squirrel")
    # Both the standard and the easy-read answers pair up.
    assert result(rounds).pair_n == 1


def test_the_hash_is_keyed_per_project(app):
    from coimpact.domain.recognition import code_hash

    assert code_hash("k" * 32, 1, "Pear") == code_hash("k" * 32, 1, " pear ")
    assert code_hash("k" * 32, 1, "pear") != code_hash("k" * 32, 2, "pear")
    assert code_hash("k" * 32, 1, "pear") != code_hash("j" * 32, 1, "pear")
    assert code_hash("k" * 32, 1, "   ") is None


def test_an_easy_read_code_can_be_taken_back_before_sending(client, rounds):
    easy_start(client, rounds["later"])
    base = f"/f/{rounds['later']}/easy"
    easy_post(client, f"{base}/agree", {"consent": "yes", "quote_permission": "no"})
    easy_post(client, f"{base}/1", {"q_confidence_before": "1", "q_confidence_after": "2"})
    easy_post(client, f"{base}/helped", {"supported": "no", "recognition_code": "plum"})
    # Changed their mind: the page again, left empty, forgets the code.
    easy_post(client, f"{base}/helped?from=check", {"supported": "no", "recognition_code": ""})
    assert "No code" in client.get(f"{base}/check").text
    assert easy_post(client, f"{base}/check", {}).status_code == 303
    db.session.expire_all()
    assert db.session.scalars(sa.select(Response.recognition_hash)).all() == [None]


def test_a_too_long_code_is_explained(client, rounds):
    sent = post_standard(
        client,
        rounds["start"],
        {"consent": "yes", "quote_permission": "no", "recognition_code": "x" * 41},
    )
    assert sent.status_code == 422
    assert "Your code is too long: keep it under 40 characters." in sent.text


def test_staff_choose_the_round_when_making_a_share_link(client, make_form, make_user, login):
    from tests.admin_helpers import post_form

    link = make_form(questions=[("confidence", QuestionType.BEFORE_AFTER, False)])
    form_id, project = link.form_id, link.form.project
    login(make_user(Role.STAFF, projects=[project]))
    page = client.get(f"/admin/links/new/?form_id={form_id}").text
    assert "Round (optional)" in page
    base = {"form": str(form_id), "expires_at": "", "max_responses": ""}
    for label, round_name in [("Start", "start"), ("Later", "six months"), ("Again", " Start ")]:
        sent = post_form(
            client, "/admin/links/new/", {**base, "label": label, "round_name": round_name}
        )
        assert sent.status_code == 302, sent.text
    db.session.expire_all()
    made = {
        r.name: r.position
        for r in db.session.scalars(sa.select(FormRound).where(FormRound.form_id == form_id))
    }
    assert made == {"start": 1, "six months": 2}  # "Start" again is the same round
    links = db.session.scalars(
        sa.select(ShareLink).where(ShareLink.form_id == form_id).order_by(ShareLink.id)
    ).all()
    assert [x.round.name if x.round else None for x in links] == [
        None, "start", "six months", "start"
    ]  # fmt: skip
    listing = client.get(f"/admin/links/?form_id={form_id}").text
    assert "six months" in listing and "Not in rounds" in listing
    edit = client.get(f"/admin/links/edit/?id={links[2].id}").text
    assert 'value="six months"' in edit
    # The form asks for the code only through links that belong to a round.
    assert CODE_QUESTION in client.get(f"/f/{links[1].token}").text
    assert CODE_QUESTION not in client.get(f"/f/{links[0].token}").text
