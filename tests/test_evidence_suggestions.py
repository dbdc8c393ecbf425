"""Suggested links over HTTP: answers sent through the public form to questions that measure an
indicator wait to be confirmed or rejected, one at a time or a page at a time, and a rejected
answer stops counting in the indicator's result."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa

from coimpact.domain.question_types import AnswerValue
from coimpact.extensions import db
from coimpact.models import (
    AuditEvent,
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    LinkStatus,
    Role,
    Variant,
)
from coimpact.reports import indicator_results as results
from coimpact.services import suggestions
from coimpact.services.responses import Submission, save_response
from tests.admin_helpers import token_from
from tests.evidence_helpers import answer_of, items, linked_project, links, respond


@pytest.fixture
def setup(make_project, make_form):
    return linked_project(make_project, make_form)


@pytest.fixture
def staff(setup, make_user, login):
    user = make_user(Role.STAFF, projects=[setup.project])
    login(user)
    return user


def page_url(setup, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"project_id": setup.project.id, **args}.items())
    return f"/admin/evidence/suggestions/?{query}"


def decide(client, setup, **data):
    token = token_from(client, page_url(setup))
    return client.post(
        "/admin/evidence/suggestions/decide",
        data={"project_id": setup.project.id, "csrf_token": token, **data},
    )


def result(setup) -> results.IndicatorResult:
    db.session.expire_all()
    return results.project_results(db.session, setup.project.id)[setup.indicator.id]


def test_confirm_one_reject_one_then_the_rest_in_bulk(client, setup, staff):
    sent = [
        respond(client, setup.token, q_story=f"Story number {n}.", q_listened=rating)
        for n, rating in enumerate(("4", "5", "2", "4"))
    ]
    before = result(setup)
    # 4 stories and 4 ratings count; 3 of the 4 ratings agree.
    assert (before.n, before.agree, before.agree_base) == (8, 3, 4)

    page = client.get(page_url(setup))
    assert page.status_code == 200
    assert "<strong>8</strong> suggestions waiting" in page.text
    for response in sent:
        assert response.ref in page.text
    assert "Standard wording for listened?" in page.text  # the question as asked
    assert "Story number 2." in page.text and "Strongly agree" in page.text
    assert "helped: Yes" in page.text and "Standard" in page.text

    agree = answer_of(sent[0], "listened")
    strongly = answer_of(sent[1], "listened")
    pair = f"{agree.id}-{setup.indicator.id}"
    assert decide(client, setup, one=f"confirm:{pair}").status_code == 303
    (item,) = items()
    assert (item.kind, item.text, item.answer_id, item.ref) == (
        EvidenceKind.RATING,
        "Agree",
        agree.id,
        "EV1",
    )
    (link,) = links()
    assert (link.status, link.indicator_id, link.outcome_id, link.linked_by_id) == (
        LinkStatus.CONFIRMED,
        setup.indicator.id,
        setup.outcome.id,
        staff.id,
    )
    # Deciding the same pair again changes nothing.
    decide(client, setup, one=f"confirm:{pair}")
    assert len(items()) == 1 and len(links()) == 1

    assert (
        decide(client, setup, one=f"reject:{strongly.id}-{setup.indicator.id}").status_code == 303
    )
    assert links()[-1].status == LinkStatus.REJECTED
    after_reject = result(setup)
    # The rejected "Strongly agree" no longer counts.
    assert (after_reject.n, after_reject.agree, after_reject.agree_base) == (7, 2, 3)

    page = client.get(page_url(setup)).text
    assert "<strong>6</strong> suggestions waiting" in page
    pairs = [p.split('"')[0] for p in page.split('name="pair" value="')[1:]]
    assert len(pairs) == 6
    assert decide(client, setup, page_decision="confirm", pair=pairs).status_code == 303
    assert "<strong>0</strong> suggestions waiting" in client.get(page_url(setup)).text
    stored = links()
    assert len(stored) == 8 and sum(lk.status == LinkStatus.REJECTED for lk in stored) == 1
    refs = [i.ref for i in items()]
    assert refs == [f"EV{n}" for n in range(1, 9)]
    kinds = {i.answer_id: i.kind for i in items()}
    assert kinds[answer_of(sent[3], "story").id] == EvidenceKind.STORY
    # Confirming changes no counts; the rejection still holds.
    final = result(setup)
    assert (final.n, final.agree, final.agree_base) == (7, 2, 3)
    bulk = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "suggestions_confirmed")
    ).all()
    assert [e.detail["count"] for e in bulk] == [1, 6]
    assert "Story" not in str([e.detail for e in bulk])


def test_filters_and_decide_everything_a_filter_matches(client, setup, staff, make_form):
    other_form = make_form(project=setup.project, title="Second form")
    for n in range(3):
        respond(client, setup.token, q_story=f"First form {n}.")
    respond(client, other_form.token, q_story="Second form story.")  # its questions: unlinked
    assert "<strong>6</strong>" in client.get(page_url(setup)).text
    assert "<strong>6</strong>" in client.get(page_url(setup, form_id=setup.link.form_id)).text
    assert "<strong>0</strong>" in client.get(page_url(setup, form_id=other_form.form_id)).text
    assert "<strong>6</strong>" in client.get(page_url(setup, indicator_id=setup.indicator.id)).text
    small = client.get(page_url(setup, per_page=50)).text
    assert small.count('name="pair"') == 6
    done = decide(client, setup, all_decision="reject", form_id=setup.link.form_id)
    assert done.status_code == 303
    assert len(links()) == 6 and all(lk.status == LinkStatus.REJECTED for lk in links())
    assert result(setup).n == 0


def test_a_stored_suggested_link_is_decided_in_place(client, setup, staff):
    response = respond(client, setup.token, q_story="I spoke up.")
    answer = answer_of(response, "story")
    item = EvidenceItem(
        project_id=setup.project.id,
        ref_number=1,
        kind=EvidenceKind.QUOTE,
        text="I spoke up.",
        answer_id=answer.id,
        response_id=response.id,
    )
    item.links.append(
        EvidenceLink(
            outcome_id=setup.outcome.id,
            indicator_id=setup.indicator.id,
            status=LinkStatus.SUGGESTED,
        )
    )
    setup.project.evidence_counter = 1
    db.session.add(item)
    db.session.commit()
    assert f'value="{answer.id}-{setup.indicator.id}"' in client.get(page_url(setup)).text
    decide(client, setup, one=f"confirm:{answer.id}-{setup.indicator.id}")
    assert len(items()) == 1  # reused, not cut again
    (link,) = [lk for lk in links() if lk.evidence_item_id == item.id]
    assert link.status == LinkStatus.CONFIRMED and link.linked_by_id == staff.id


def test_spam_and_other_projects_answers_are_not_suggested(
    client, setup, staff, make_project, make_form
):
    theirs = linked_project(make_project, make_form, name="Theirs")
    respond(client, theirs.token, q_story="THEIR-STORY")
    version = setup.link.form.versions[-1]
    save_response(
        version,
        Submission(
            answers={"story": AnswerValue(value_text="SPAM-STORY")},
            variant=Variant.STANDARD,
            idempotency_key="spam-1",
            is_spam=True,
        ),
        setup.link,
    )
    db.session.commit()  # services flush; the test commits, as a request would
    page = client.get(page_url(setup)).text
    assert "SPAM-STORY" not in page and "THEIR-STORY" not in page
    # A made-up pair from another project is not decided through ours.
    their_answer = answer_of(respond(client, theirs.token), "story")
    decide(client, setup, one=f"confirm:{their_answer.id}-{theirs.indicator.id}")
    assert links() == []


def test_bulk_decisions_take_a_handful_of_statements(app, setup, staff):
    """Deciding hundreds of suggestions is set-based: the statement count does not grow with
    the number of answers (so thousands stay fast)."""
    version = setup.link.form.versions[-1]
    for n in range(150):
        save_response(
            version,
            Submission(
                answers={
                    "story": AnswerValue(value_text=f"Story {n}"),
                    "listened": AnswerValue(option_codes="4", value_number=4.0),
                },
                variant=Variant.EASY if n % 2 else Variant.STANDARD,
                idempotency_key=f"bulk-{n}",
            ),
            setup.link,
        )
    assert suggestions.count_pending(setup.project.id) == 300
    statements = []

    def count(*_args):
        statements.append(1)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        decided = suggestions.decide(setup.project.id, LinkStatus.CONFIRMED, staff)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert (decided.count, decided.indicator_ids) == (300, [setup.indicator.id])
    assert len(statements) < 20, len(statements)
    assert suggestions.count_pending(setup.project.id) == 0
    assert len(items()) == 300 and len(links()) == 300
    assert sorted(i.ref_number for i in items()) == list(range(1, 301))
    db.session.refresh(setup.project)
    assert setup.project.evidence_counter == 300


def flashed(client, response) -> str:
    """The page a decision leads to, as plain words."""
    page = client.get(response.headers["Location"]).text
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)))


def test_confirming_and_rejecting_say_what_they_change(client, setup, staff):
    sent = [respond(client, setup.token, q_story=f"Story {n}.") for n in range(3)]
    page = html.unescape(re.sub(r"<[^>]+>", "", client.get(page_url(setup)).text))
    page = re.sub(r"\s+", " ", page)
    assert "Confirm: add to A1.1's evidence" in page
    assert "Reject: take out of A1.1's result" in page
    # Each button is described by the ref of the response whose answer it decides.
    raw = client.get(page_url(setup)).text
    story = answer_of(sent[0], "story")
    described = f'aria-describedby="from-{story.id}-{setup.indicator.id}"'
    assert re.search(rf'value="confirm:{story.id}-{setup.indicator.id}"[^>]*{described}', raw)
    assert re.search(rf'value="reject:{story.id}-{setup.indicator.id}"[^>]*{described}', raw)
    assert re.search(rf'<a id="from-{story.id}-{setup.indicator.id}" [^>]*>{sent[0].ref}</a>', raw)
    assert "Confirm all 6 on this page: add to their indicators' evidence" in page
    assert "Reject all 6 on this page: take out of their indicators' results" in page
    assert "Each already counts in that indicator's result." in page
    narrowed = client.get(page_url(setup, indicator_id=setup.indicator.id)).text
    assert "Confirm all 6 on this page: add to A1.1&#39;s evidence" in narrowed

    confirmed = decide(client, setup, one=f"confirm:{story.id}-{setup.indicator.id}")
    assert (
        "Confirmed: this answer is now evidence for A1.1 (listed with the evidence items) and "
        "still counts in A1.1's result." in flashed(client, confirmed)
    )
    listened = answer_of(sent[0], "listened")
    rejected = decide(client, setup, one=f"reject:{listened.id}-{setup.indicator.id}")
    assert (
        "Rejected: this answer no longer counts in A1.1's result. The answer itself is kept."
        in flashed(client, rejected)
    )
    assert result(setup).n == 5  # what the message said: one answer out of the result
    pairs = [p.split('"')[0] for p in client.get(page_url(setup)).text.split('value="')[1:]]
    pairs = [p for p in pairs if re.fullmatch(r"\d+-\d+", p)]
    bulk = decide(client, setup, page_decision="reject", pair=pairs)
    assert (
        "Rejected 4 suggestions: those answers no longer count in A1.1's result. The answers "
        "are kept." in flashed(client, bulk)
    )
    assert result(setup).n == 1

    # On an evidence item's page, a link's confirm and reject say what they changed too.
    (item,) = [i for i in items() if i.answer_id == listened.id]
    (link,) = [lk for lk in links() if lk.evidence_item_id == item.id]
    url = f"/admin/evidence/{item.id}/links/{link.id}/confirm"
    token = token_from(client, f"/admin/evidence/{item.id}")
    again = client.post(url, data={"csrf_token": token})
    assert f"Confirmed: {item.ref} is evidence for A1.1. Its answer counts in A1.1's result." in (
        flashed(client, again)
    )
    assert result(setup).n == 2
