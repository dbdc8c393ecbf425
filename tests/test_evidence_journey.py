"""The staff's daily path, all in the admin: a new response becomes an approved, linked quote and
the indicator's result on the dashboard changes."""

import re

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    EvidenceItem,
    EvidenceStatus,
    MeasureKind,
    Question,
    Response,
    Role,
    Section,
)
from coimpact.services.theory import add_indicator, add_outcome
from tests.conftest import csrf_token
from tests.public_helpers import post_standard


def test_response_to_approved_linked_quote_changes_the_dashboard(
    client, make_form, make_user, login
):
    link = make_form()
    project = link.form.project
    outcome = add_outcome(project, Section.BENEFIT, "Members feel more confident")
    indicator = add_indicator(outcome, "Stories of speaking up", MeasureKind.QUOTES)
    story = db.session.scalars(sa.select(Question).where(Question.key == "story")).one()
    story.indicators.append(indicator)
    db.session.commit()
    indicator_id, project_id = indicator.id, project.id
    assert post_standard(client, link.token).status_code == 303  # quote permission: anonymous

    login(make_user(Role.STAFF, projects=[project]))
    dashboard = f"/admin/dashboard/{project_id}"
    assert "0 approved quotes" in client.get(dashboard).text

    response = db.session.scalars(sa.select(Response)).one()
    details = client.get(f"/admin/responses/details/?id={response.id}").text
    story_answer = next(a for a in response.answers if a.question_key == "story")
    cut_url = f"/admin/evidence/cut/{story_answer.id}"
    assert f'href="{cut_url}"' in details, "the response page offers cutting evidence"
    cut_page = client.get(cut_url)
    made = client.post(
        cut_url,
        data={
            "kind": "quote",
            "title": "First time speaking",
            "excerpt": "I spoke at the meeting",
            "indicators": [str(indicator_id)],
            "csrf_token": csrf_token(cut_page.text),
        },
    )
    assert made.status_code == 303, made.text
    item = db.session.scalars(sa.select(EvidenceItem)).one()
    assert item.text == "I spoke at the meeting" and item.status == EvidenceStatus.DRAFT

    approve_url = f"/admin/evidence/{item.id}/approve"
    page = client.get(approve_url).text
    seen = re.search(r'name="seen"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="seen"', page)
    approved = client.post(
        approve_url,
        data={"seen": seen.group(1) or seen.group(2), "csrf_token": csrf_token(page)},
    )
    assert approved.status_code in (302, 303)
    db.session.expire_all()
    assert db.session.get(EvidenceItem, item.id).status == EvidenceStatus.APPROVED

    after = client.get(dashboard).text
    assert "1 approved quote" in after
    assert "I spoke at the meeting" in after  # anonymous permission: words, no name
