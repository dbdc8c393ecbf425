"""A co-assessor's pages over HTTP (JavaScript off): the personal link, the Theory of Change in
easy read, what people said and the numbers, "Did we do this?" for each outcome, and a closed
period."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    AssessmentClosure,
    Coassessment,
    Coassessor,
    EvidenceItem,
    EvidenceLink,
    EvidenceStatus,
    Judgement,
    LinkStatus,
    QuotePermission,
    Section,
)
from coimpact.models.types import utcnow
from coimpact.reports.assessment_periods import assessment_period
from coimpact.services.evidence_refs import take_evidence_numbers
from coimpact.services.theory import add_outcome
from coimpact.web.log_privacy import redact
from tests.coassess_helpers import coassessed_project, make_link
from tests.conftest import csrf_token
from tests.evidence_helpers import respond
from tests.feedback_helpers import add_quote


@pytest.fixture
def setup(make_project, make_form):
    found, token = coassessed_project(make_project, make_form)
    found.coassessor_token = token
    return found


def page(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:400])
    return response


def send(client, url: str, data: dict):
    form = page(client, url)
    return client.post(url, data={"csrf_token": csrf_token(form.text), **data})


def test_welcome_page_names_project_period_and_progress(client, setup):
    token = setup.coassessor_token
    welcome = page(client, f"/c/{token}")
    text = welcome.text
    assert "You are helping us check our work" in text
    assert "Ours" in text and "You answered 0 of 3." in text
    assert f'href="/c/{token}/aim"' in text and ">Start</a>" in text
    assert welcome.headers["Referrer-Policy"] == "no-referrer"
    assert welcome.headers["Cache-Control"] == "no-store"
    assert "noindex" in welcome.headers["X-Robots-Tag"]
    assert re.search(r"\b\d+ [A-Z][a-z]{2} \d{4} to \d+ [A-Z][a-z]{2} \d{4}\b", text)  # the dates
    db.session.expire_all()
    assert db.session.scalars(sa.select(Coassessor.last_seen_at)).one() is not None


def test_unknown_stopped_and_expired_links_get_friendly_pages(client, setup):
    assert "We cannot find this page" in page(client, "/c/not-a-real-token", 404).text
    assert "We cannot find this page" in page(client, "/c/x/outcomes/A1", 404).text
    revoked = make_link(setup.project, revoked_at=utcnow())
    expired = make_link(setup.project, expires_at=utcnow() - timedelta(minutes=1))
    for token in (revoked, expired):
        for url in (f"/c/{token}", f"/c/{token}/outcomes/A1", f"/c/{token}/thanks"):
            gone = page(client, url, 410)
            assert "Please ask the staff for a new link." in gone.text
            assert "People feel listened to" not in gone.text and 'class="easy"' in gone.text
        refused = client.post(f"/c/{token}/outcomes/A1", data={"judgement": "yes"})
        assert refused.status_code == 410
    assert not db.session.scalars(sa.select(Coassessment)).all()


def test_a_link_reaches_only_its_own_projects_outcomes(client, setup, make_project):
    other = make_project(name="Theirs")
    for n in range(1, 6):
        add_outcome(other, Section.IMPACT, f"Their secret outcome {n}")
    db.session.commit()
    token = setup.coassessor_token
    assert "Their secret" not in page(client, f"/c/{token}/aim").text
    page(client, f"/c/{token}/outcomes/I5", 404)
    page(
        client, f"/c/{token}/outcomes/{db.session.scalars(sa.select(EvidenceItem.id)).first()}", 404
    )
    refused = client.post(f"/c/{token}/outcomes/I5", data={"judgement": "yes"})
    assert refused.status_code == 404
    # Their own link sees their own outcomes, and none of ours.
    theirs = make_link(other)
    assert "Their secret outcome 5" in page(client, f"/c/{theirs}/outcomes/I5").text
    page(client, f"/c/{theirs}/outcomes/B1", 404)


def test_theory_of_change_in_easy_read_never_blank(client, setup):
    token = setup.coassessor_token
    aim = page(client, f"/c/{token}/aim").text
    assert "Co-produce services" in aim  # no easy-read aim yet: the standard one
    assert "People feel listened to" in aim and "Standard benefit wording" in aim
    setup.project.aim_easy, setup.project.aim_symbol = "We make things together", "group"
    db.session.commit()
    aim = page(client, f"/c/{token}/aim").text
    assert "We make things together" in aim and "Co-produce services" not in aim
    assert "/static/symbols/group.svg" in aim

    a1 = page(client, f"/c/{token}/outcomes/A1").text
    assert '<h1 class="question-heading with-symbol">' in a1
    assert "People feel listened to" in a1 and "/static/symbols/listen.svg" in a1
    assert "Leaflet rewritten" not in a1  # the standard wording gives way to easy read
    assert "Staff listen to people" in a1 and "Outcome 1 of 3" in a1
    assert f'class="back-link" href="/c/{token}/aim"' in a1
    b1 = page(client, f"/c/{token}/outcomes/B1").text
    assert "Standard benefit wording" in b1 and "Outcome 3 of 3" in b1
    assert f'class="back-link" href="/c/{token}/outcomes/A2"' in b1
    # Pages name outcomes by their refs: no internal id in any address they link to.
    ours = [u for u in re.findall(r'(?:href|action)="([^"]*)"', a1) if u.startswith("/c/")]
    assert ours and all(
        re.fullmatch(rf"/c/{token}(/aim|/thanks|/outcomes/[A-Z]\d+)?", u) for u in ours
    ), ours


def _quote(
    setup,
    text,
    permission,
    status=EvidenceStatus.APPROVED,
    response=None,
    link=LinkStatus.CONFIRMED,
    name=None,
):
    item = (
        add_quote(setup.link, text, permission, name=name, status=status)
        if response is None
        else _cut_from(setup, response, text)
    )
    db.session.add(EvidenceLink(evidence_item=item, outcome_id=setup.outcome.id, status=link))
    db.session.commit()
    return item


def _cut_from(setup, response, text):
    item = EvidenceItem(
        project_id=setup.project.id,
        ref_number=take_evidence_numbers(setup.project.id)[0],
        kind="quote",
        text=text,
        status=EvidenceStatus.APPROVED,
        response=response,
    )
    db.session.add(item)
    return item


def test_only_approved_permitted_redacted_words_appear(client, setup):
    _quote(setup, "Shown words: meetings are shorter.", QuotePermission.ANONYMOUS)
    _quote(setup, "Shown named words.", QuotePermission.NAMED, name="Sam Named")
    _quote(setup, "Hidden pending words.", QuotePermission.ANONYMOUS, EvidenceStatus.DRAFT)
    rejected = LinkStatus.REJECTED
    _quote(setup, "Hidden rejected words.", QuotePermission.ANONYMOUS, link=rejected)
    suggested = LinkStatus.SUGGESTED
    _quote(setup, "Hidden suggested words.", QuotePermission.ANONYMOUS, link=suggested)
    _quote(setup, "Hidden words without permission.", QuotePermission.NO)
    secret = "Priya Okafor of 12 Elm Street told us a secret"
    said = respond(client, setup.token, q_story=secret, quote_permission="anonymous")
    _quote(setup, "[name removed] told us the staff listen.", None, response=said)
    token = setup.coassessor_token
    pages = [
        page(client, url).text
        for url in (
            f"/c/{token}",
            f"/c/{token}/aim",
            f"/c/{token}/outcomes/A1",
            f"/c/{token}/outcomes/A2",
            f"/c/{token}/outcomes/B1",
            f"/c/{token}/thanks",
        )
    ]
    everything = "\n".join(pages)
    assert "Shown words: meetings are shorter." in pages[2]
    assert "[name removed] told us the staff listen." in pages[2]
    for hidden in ("Hidden", "Priya", "Okafor", "Elm Street", "secret", "Words not shared"):
        assert hidden not in everything, hidden
    assert "Shown named words." in pages[2]
    assert "Sam" not in everything  # no names: co-assessors read what was said, not who


def test_numbers_in_words_with_a_picture_and_small_numbers_hidden(client, setup):
    token = setup.coassessor_token
    for listened in ("5", "4", "2"):
        respond(client, setup.token, q_listened=listened)
    few = page(client, f"/c/{token}/outcomes/A1").text
    assert "Fewer than 5 people answered" in few
    assert "out of 3" not in few and 'class="people"' not in few
    for listened in ("5", "4", "1", "5"):
        respond(client, setup.token, q_listened=listened)
    shown = page(client, f"/c/{token}/outcomes/A1").text
    assert "5 out of 7 people said yes." in shown
    assert 'role="img" aria-label="5 out of 7 people"' in shown
    assert shown.count('class="person person-filled"') == 5 and shown.count('class="person"') == 2
    assert "Nobody has answered this yet." in page(client, f"/c/{token}/outcomes/B1").text


def _answered(outcome_ref: str | None = None) -> list[Coassessment]:
    db.session.expire_all()
    rows = db.session.scalars(sa.select(Coassessment).order_by(Coassessment.id)).all()
    return [r for r in rows if outcome_ref is None or r.outcome.ref == outcome_ref]


def test_whole_journey_without_javascript(client, setup):
    token = setup.coassessor_token
    welcome = page(client, f"/c/{token}").text
    aim = page(client, re.search(r'class="button button-start" href="([^"]+)"', welcome)[1]).text
    first = re.search(r'class="button button-start" href="([^"]+)"', aim)[1]
    assert first == f"/c/{token}/outcomes/A1"

    form = page(client, first).text
    assert "Did we do this?" in form and "Tell us why (if you want to)" in form
    assert "Can we share your words with the people who pay for this work?" in form
    for symbol in ("yes", "ok", "no", "not-sure"):
        assert f"/static/symbols/{symbol}.svg" in form
    assert re.search(r'<fieldset class="fieldset"[^>]*>\s*<legend', form)
    assert 'value="no" checked' in form  # their words stay with us unless they say yes

    sent = send(
        client, first, {"judgement": "yes", "why": "Staff listen now.", "words_shared": "yes"}
    )
    assert sent.status_code == 303 and sent.headers["Location"] == f"/c/{token}/outcomes/A2"
    sent = send(client, f"/c/{token}/outcomes/A2", {"judgement": "a_bit", "words_shared": "no"})
    assert sent.headers["Location"] == f"/c/{token}/outcomes/B1"
    assert "You answered 2 of 3." in page(client, f"/c/{token}").text
    sent = send(client, f"/c/{token}/outcomes/B1", {"judgement": "not_sure", "why": "Hard to say."})
    assert sent.status_code == 303 and sent.headers["Location"] == f"/c/{token}/thanks"

    thanks = page(client, f"/c/{token}/thanks").text
    assert "Thank you" in thanks and "You answered all 3." in thanks
    for words in ("People feel listened to", "Yes", "A bit", "Not sure"):
        assert words in thanks
    change = f"/c/{token}/outcomes/A2?from=thanks"
    assert f'href="{change}"' in thanks

    rows = _answered()
    assert [(r.outcome.ref, r.judgement, r.why, r.words_shared) for r in rows] == [
        ("A1", Judgement.YES, "Staff listen now.", True),
        ("A2", Judgement.A_BIT, "", False),
        ("B1", Judgement.NOT_SURE, "Hard to say.", False),
    ]
    assert {r.period for r in rows} == {assessment_period(setup.project.id)}

    again = page(client, change).text
    assert re.search(r'value="a_bit" checked', again)
    changed = send(client, change, {"judgement": "no", "why": "Not yet.", "words_shared": "yes"})
    assert changed.status_code == 303 and changed.headers["Location"] == f"/c/{token}/thanks"
    (row,) = _answered("A2")
    assert (row.judgement, row.why, row.words_shared) == (Judgement.NO, "Not yet.", True)
    assert len(_answered()) == 3  # changed in place, never a second row


def test_errors_keep_the_answers(client, setup):
    url = f"/c/{setup.coassessor_token}/outcomes/A1"
    missing = send(client, url, {"why": "My own words", "words_shared": "yes"})
    assert missing.status_code == 422
    html = missing.text
    assert 'class="error-summary"' in html and 'href="#judgement-0"' in html
    assert html.count("Please choose Yes, A bit, No or Not sure.") == 2  # summary and field
    assert "My own words</textarea>" in html and 'value="yes" checked' in html
    assert "<title>Error:" in html

    long = send(client, url, {"judgement": "yes", "why": "x" * 2001})
    assert long.status_code == 422 and "Please write less" in long.text
    assert 'value="yes" checked' in long.text

    expired = client.post(url, data={"judgement": "yes", "why": "Kept", "csrf_token": "stale"})
    assert expired.status_code == 400
    assert "Your answers are still here" in expired.text and "Kept</textarea>" in expired.text
    assert _answered() == []


def test_closed_period_shows_answers_read_only(client, setup):
    token = setup.coassessor_token
    url = f"/c/{token}/outcomes/A1"
    send(client, url, {"judgement": "a_bit", "why": "Some of the time."})
    form = page(client, url).text
    db.session.add(
        AssessmentClosure(project_id=setup.project.id, period=assessment_period(setup.project.id))
    )
    db.session.commit()

    closed = page(client, url).text
    assert "This check is finished" in closed and "<form" not in closed
    assert "A bit" in closed and "Some of the time." in closed
    refused = client.post(url, data={"judgement": "no", "csrf_token": csrf_token(form)})
    assert refused.status_code == 409 and "This check is finished" in refused.text
    (row,) = _answered()
    assert row.judgement == Judgement.A_BIT
    thanks = page(client, f"/c/{token}/thanks").text
    assert "This check is finished" in thanks and "?from=thanks" not in thanks
    assert "This check is finished" in page(client, f"/c/{token}").text


def test_co_assessors_links_stay_out_of_logs():
    assert redact("GET /c/abcDEF_123/outcomes/A1 HTTP/1.1") == (
        "GET /c/[redacted]/outcomes/A1 HTTP/1.1"
    )


def test_save_judgement_keeps_one_row_and_refuses_what_it_must(setup, make_project):
    from coimpact.services.coassessment import AssessmentClosed, save_judgement

    coassessor = db.session.scalars(sa.select(Coassessor)).one()
    period = assessment_period(setup.project.id)
    row = save_judgement(coassessor, setup.outcome, period, "yes", "  ", True)
    assert (row.why, row.words_shared) == ("", False)  # no words, nothing to share
    again = save_judgement(coassessor, setup.outcome, period, Judgement.NO, "Because.", True)
    db.session.commit()
    assert again.id == row.id and len(_answered()) == 1
    other = add_outcome(make_project(), Section.IMPACT, "Not theirs")
    with pytest.raises(ValueError):
        save_judgement(coassessor, other, period, "yes", "", False)
    db.session.rollback()
    db.session.add(AssessmentClosure(project_id=setup.project.id, period=period))
    db.session.commit()
    coassessor = db.session.scalars(sa.select(Coassessor)).one()
    with pytest.raises(AssessmentClosed):
        save_judgement(coassessor, db.session.merge(setup.outcome), period, "a_bit", "", False)
