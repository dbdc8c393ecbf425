"""Co-assessment in the admin: inviting co-assessors (the link shown once, only its hash kept),
revoking and replacing links, the group session mode, the decision log and closing a period,
the co-assessors' view beside staff's on the dashboard and the indicator reviews, and where
easy-read wording is missing. Every page is scoped to its project: another project's ids 404."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    AssessmentDecision,
    AuditEvent,
    Coassessment,
    Coassessor,
    GroupAssessment,
    Judgement,
    Role,
)
from coimpact.models.coassessment import coassessor_token_hash
from coimpact.reports.assessment_periods import assessment_period
from coimpact.services.coassessors import invite
from coimpact.services.indicator_reviews import save_review
from tests.admin_helpers import build_theory, post_form

TOKEN_URL = re.compile(r"http://[^\s\"<]+/c/([A-Za-z0-9_-]{40,})")


@pytest.fixture
def world(make_project, make_user):
    project = make_project(name="Harbour Voices")
    theory = build_theory(project, "HARBOUR")
    other = make_project(name="Other project")
    build_theory(other, "OTHER")
    return {
        "project": project,
        "outcome": theory["outcome"],
        "indicator": theory["indicator"],
        "other": other,
        "staff": make_user(Role.STAFF, projects=[project]),
        "viewer": make_user(Role.VIEWER, projects=[project]),
        "outsider": make_user(Role.STAFF, projects=[other]),
    }


def page_url(project) -> str:
    return f"/admin/coassess/{project.id}"


def rows(model):
    db.session.expire_all()
    return list(db.session.scalars(sa.select(model).order_by(model.id)))


def actions() -> list[str]:
    return [e.action for e in rows(AuditEvent)]


def test_invite_shows_the_link_once_and_keeps_only_its_hash(client, login, world):
    project = world["project"]
    login(world["staff"])
    listing = client.get(page_url(project))
    assert listing.status_code == 200 and "Invite a co-assessor" in listing.text
    made = post_form(
        client,
        f"{page_url(project)}/invite",
        {"label": "Member 3", "role": "carer", "days": "30"},
        token_url=page_url(project),
    )
    assert made.status_code == 200, made.text
    token = TOKEN_URL.search(made.text).group(1)
    assert "shown <strong>only now</strong>" in made.text and "<svg" in made.text
    (person,) = rows(Coassessor)
    assert person.project_id == project.id and person.label == "Member 3"
    assert person.token_hash != token and person.token_hash == coassessor_token_hash(token)
    assert (person.expires_at - person.created_at).days == 30
    assert "coassessor_invited" in actions()
    assert all(token not in str(e.detail) + e.target for e in rows(AuditEvent))
    # The list shows the person, never the link again.
    again = client.get(page_url(project)).text
    assert "Member 3" in again and "Carer" in again and token not in again
    # The printable page: large easy read, the QR and the URL.
    printed = post_form(
        client, f"{page_url(project)}/print", {"token": token}, token_url=page_url(project)
    )
    assert printed.status_code == 200
    assert "This is your link to help check our work" in printed.text
    assert f"/c/{token}" in printed.text and "<svg" in printed.text
    forged = post_form(
        client, f"{page_url(project)}/print", {"token": "x" * 43}, token_url=page_url(project)
    )
    assert forged.status_code == 404


def test_revoke_and_new_link(client, login, world):
    project = world["project"]
    old = invite(project, "Sam", days=90)
    db.session.commit()
    login(world["staff"])
    person_id = old.coassessor.id
    replaced = post_form(
        client,
        f"{page_url(project)}/coassessor/{person_id}/new-link",
        {},
        token_url=page_url(project),
    )
    assert replaced.status_code == 200
    new_token = TOKEN_URL.search(replaced.text).group(1)
    first, second = rows(Coassessor)
    assert first.revoked_at is not None and second.revoked_at is None
    assert second.label == "Sam" and second.token_hash == coassessor_token_hash(new_token)
    revoked = post_form(
        client,
        f"{page_url(project)}/coassessor/{second.id}/revoke",
        {},
        token_url=page_url(project),
    )
    assert revoked.status_code == 303
    assert all(p.revoked_at is not None for p in rows(Coassessor))
    assert actions().count("coassessor_revoked") == 2
    # Neither link opens anything any more.
    for token in (old.token, new_token):
        assert client.get(f"/c/{token}").status_code in (404, 410)
    assert "Revoked" in client.get(page_url(project)).text


def test_viewer_reads_but_cannot_invite_or_change(client, login, world):
    project = world["project"]
    person = invite(project, "Jo").coassessor
    db.session.commit()
    login(world["viewer"])
    page = client.get(page_url(project))
    assert page.status_code == 200 and "Jo" in page.text
    assert "Invite a co-assessor</button>" not in page.text
    token_url = f"/admin/dashboard/{project.id}/review/{world['indicator'].id}"
    for url, data in [
        ("invite", {"label": "Sneaky", "role": "carer", "days": "9"}),
        (f"coassessor/{person.id}/revoke", {}),
        (f"coassessor/{person.id}/new-link", {}),
        ("close", {}),
        ("decisions", {"decided_on": "2026-05-01", "outcome": "", "decision": "x"}),
        (f"group/{world['outcome'].ref}", {"held_on": "2026-05-01", "yes": "2"}),
    ]:
        answer = post_form(client, f"{page_url(project)}/{url}", data, token_url=token_url)
        assert answer.status_code == 403, url
    assert len(rows(Coassessor)) == 1 and rows(Coassessor)[0].revoked_at is None
    assert not rows(GroupAssessment) and not rows(AssessmentDecision)


def test_another_projects_staff_get_404_everywhere(client, login, world):
    project = world["project"]
    person = invite(project, "Jo").coassessor
    db.session.commit()
    login(world["outsider"])
    ref = world["outcome"].ref
    for url in ["", f"/group/{ref}", "?period=2025-26"]:
        assert client.get(f"{page_url(project)}{url}").status_code == 404, url
    token_url = f"/admin/coassess/{world['other'].id}"
    for url, data in [
        ("invite", {"label": "Sneaky", "role": "carer", "days": "9"}),
        (f"coassessor/{person.id}/revoke", {}),
        (f"coassessor/{person.id}/new-link", {}),
        ("close", {}),
        ("reopen", {}),
        ("print", {"token": "x" * 43}),
        ("decisions", {"decided_on": "2026-05-01", "outcome": "", "decision": "x"}),
        (f"group/{ref}", {"held_on": "2026-05-01", "yes": "2"}),
    ]:
        answer = post_form(client, f"{page_url(project)}/{url}", data, token_url=token_url)
        assert answer.status_code == 404, url
    # Their own project's page cannot reach project A's co-assessor either.
    other = world["other"]
    answer = post_form(
        client, f"/admin/coassess/{other.id}/coassessor/{person.id}/revoke", {}, token_url
    )
    assert answer.status_code == 404
    assert rows(Coassessor)[0].revoked_at is None
    assert "Jo" not in client.get(token_url).text


def test_group_mode_records_counts_and_refuses_bad_ones(client, login, world):
    project, outcome = world["project"], world["outcome"]
    login(world["staff"])
    url = f"{page_url(project)}/group/{outcome.ref}"
    page = client.get(url)
    assert page.status_code == 200
    assert "Did we do this?" in page.text and "navbar" not in page.text  # no admin chrome
    assert "Leaflet rewritten HARBOUR" in page.text  # standard wording until easy read exists
    for bad in [
        {"yes": "-1"},
        {"yes": "0", "a_bit": "0", "no": "0", "not_sure": "0"},
        {},
        {"yes": "lots"},
    ]:
        answer = post_form(client, url, {"held_on": "2026-05-01", **bad})
        assert answer.status_code == 422, bad
        assert "error-summary" in answer.text
    assert not rows(GroupAssessment)
    saved = post_form(
        client,
        url,
        {
            "held_on": "2026-05-01",
            "yes": "5",
            "a_bit": "2",
            "no": "0",
            "not_sure": "1",
            "words": "The leaflet is clearer now",
            "words_shared": "y",
        },
    )
    assert saved.status_code == 303
    (group,) = rows(GroupAssessment)
    assert (group.yes_count, group.a_bit_count, group.no_count, group.not_sure_count) == (
        5,
        2,
        0,
        1,
    )
    assert group.words_shared and group.period == assessment_period(project.id)
    assert group.held_on == date(2026, 5, 1)
    assert "5 said yes, 2 said a bit, 1 not sure" in client.get(page_url(project)).text


def test_closing_blocks_group_recording_until_reopened(client, login, world):
    project, outcome = world["project"], world["outcome"]
    login(world["staff"])
    closed = post_form(client, f"{page_url(project)}/close", {}, page_url(project))
    assert closed.status_code == 303
    assert "coassessment_closed" in actions()
    url = f"{page_url(project)}/group/{outcome.ref}"
    page = client.get(url).text
    assert "This period is closed" in page and "Save the group" not in page
    refused = post_form(
        client, url, {"held_on": "2026-05-01", "yes": "3"}, token_url=page_url(project)
    )
    assert refused.status_code == 409
    assert not rows(GroupAssessment)
    assert (
        post_form(client, f"{page_url(project)}/reopen", {}, page_url(project)).status_code == 303
    )
    assert "coassessment_reopened" in actions()
    assert post_form(client, url, {"held_on": "2026-05-01", "yes": "3"}).status_code == 303
    assert len(rows(GroupAssessment)) == 1


def test_decision_log(client, login, world):
    project, outcome = world["project"], world["outcome"]
    login(world["staff"])
    empty = post_form(
        client, f"{page_url(project)}/decisions", {"decided_on": "2026-06-02"}, page_url(project)
    )
    assert empty.status_code == 422 and "Write what was decided." in empty.text
    saved = post_form(
        client,
        f"{page_url(project)}/decisions",
        {"decided_on": "2026-06-02", "outcome": str(outcome.id), "decision": "Keep A1 as a bit"},
        page_url(project),
    )
    assert saved.status_code == 303
    (decision,) = rows(AssessmentDecision)
    assert decision.outcome_id == outcome.id and decision.decided_on == date(2026, 6, 2)
    other_outcome = db.session.scalars(
        sa.select(type(outcome)).where(type(outcome).project_id == world["other"].id)
    ).one()
    foreign = post_form(
        client,
        f"{page_url(project)}/decisions",
        {"decided_on": "2026-06-02", "outcome": str(other_outcome.id), "decision": "x"},
        page_url(project),
    )
    assert foreign.status_code == 422
    assert "Keep A1 as a bit" in client.get(page_url(project)).text


def coassessors_answer(project, outcome, period, people):
    """Co-assessors' answers, as their own pages would save them."""
    for n, (judgement, why, shared) in enumerate(people):
        person = invite(project, f"Member {n}").coassessor
        db.session.add(
            Coassessment(
                project_id=project.id,
                outcome_id=outcome.id,
                coassessor_id=person.id,
                period=period,
                judgement=judgement,
                why=why,
                words_shared=shared,
            )
        )
    db.session.commit()


def test_dashboard_and_review_show_the_coassessors_view_and_disagreement(client, login, world):
    project, outcome, indicator = world["project"], world["outcome"], world["indicator"]
    period = assessment_period(project.id)
    save_review(indicator, period, "achieved", "Done", world["staff"])
    coassessors_answer(
        project,
        outcome,
        period,
        [
            (Judgement.NO, "Nothing changed for me", True),
            (Judgement.NO, "PRIVATE-REASON", False),
            (Judgement.YES, "", False),
        ],
    )
    login(world["staff"])
    board = client.get(f"/admin/dashboard/{project.id}?period={period}").text
    assert "Co-assessors:</strong> 1 said yes, 2 said no" in board
    assert "Staff and co-assessors disagree" in board
    # Staff read every reason; one not for the funder says so (the workbook leaves it out).
    assert "Nothing changed for me" in board
    assert 'PRIVATE-REASON</q> <span class="text-muted">(A co-assessor; staff only' in board
    review = client.get(f"/admin/dashboard/{project.id}/review/{indicator.id}?period={period}")
    assert review.status_code == 200
    assert "1 said yes, 2 said no" in review.text
    assert "Staff and co-assessors disagree" in review.text
    assert "PRIVATE-REASON" in review.text
    page = client.get(page_url(project)).text
    assert "Staff and co-assessors disagree" in page and "staff only, not for the funder" in page


def test_agreement_shows_no_badge(client, login, world):
    project, outcome, indicator = world["project"], world["outcome"], world["indicator"]
    period = assessment_period(project.id)
    save_review(indicator, period, "partly", "", world["staff"])
    coassessors_answer(project, outcome, period, [(Judgement.A_BIT, "", False)])
    login(world["staff"])
    board = client.get(f"/admin/dashboard/{project.id}?period={period}").text
    assert "1 said a bit" in board and "Staff and co-assessors disagree" not in board


def test_easy_read_wording_and_symbols_on_the_forms_and_the_overview_warns(client, login, world):
    project, outcome, indicator = world["project"], world["outcome"], world["indicator"]
    login(world["staff"])
    overview = client.get(f"/admin/overview/{project.id}").text
    assert "1 outcome has no easy-read wording yet" in overview
    assert "The aim has no easy-read wording or symbol yet" in overview
    assert f"/admin/outcomes/edit/?id={outcome.id}" in overview
    edit = f"/admin/outcomes/edit/?id={outcome.id}"
    form = client.get(edit).text
    assert "Easy-read wording" in form and 'value="listen"' in form
    saved = post_form(
        client,
        edit,
        {
            "statement": outcome.statement,
            "statement_easy": "We made the leaflet easy to read",
            "symbol": "learn",
        },
    )
    assert saved.status_code == 302, saved.text
    db.session.expire_all()
    assert (outcome.statement_easy, outcome.symbol) == ("We made the leaflet easy to read", "learn")
    assert "symbols/learn.svg" in client.get(edit).text  # the preview of the chosen symbol
    saved = post_form(
        client,
        f"/admin/indicators/edit/?id={indicator.id}",
        {
            "statement": indicator.statement,
            "statement_easy": "3 leaflets changed",
            "symbol": "number",
            "measure": "count",
        },
    )
    assert saved.status_code == 302, saved.text
    saved = post_form(
        client,
        f"/admin/projects/edit/?id={project.id}",
        {
            "name": project.name,
            "slug": project.slug,
            "aim_easy": "People speak up",
            "aim_symbol": "speaking-up",
        },
    )
    assert saved.status_code == 302, saved.text
    overview = client.get(f"/admin/overview/{project.id}").text
    assert "Easy read is not finished yet" not in overview
    group = client.get(f"{page_url(project)}/group/{outcome.ref}").text
    assert "We made the leaflet easy to read" in group and "symbols/learn.svg" in group
    bad = post_form(client, edit, {"statement": outcome.statement, "symbol": "not-a-symbol"})
    assert bad.status_code == 200 and "Not a valid choice" in bad.text
