"""Erasing a response (and what derives from it) and purging by age, through the CLI."""

from datetime import timedelta

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    Answer,
    AuditEvent,
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    LinkStatus,
    Response,
    Section,
)
from coimpact.models.types import utcnow
from coimpact.services.theory import add_outcome
from tests.public_helpers import post_standard


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def submit_with_evidence(client, link) -> Response:
    assert post_standard(client, link.token).status_code == 303
    response = db.session.scalars(sa.select(Response).order_by(Response.id.desc())).first()
    story = next(a for a in response.answers if a.question_key == "story")
    outcome = add_outcome(link.form.project, Section.BENEFIT, "Members speak up")
    item = EvidenceItem(
        project_id=response.project_id,
        ref_number=response.id,
        kind=EvidenceKind.QUOTE,
        text="I spoke",
        answer_id=story.id,
        response_id=response.id,
    )
    item.links.append(EvidenceLink(outcome=outcome, status=LinkStatus.CONFIRMED))
    db.session.add(item)
    db.session.commit()
    return response


def test_erase_removes_the_response_and_everything_derived(client, runner, make_form):
    link = make_form()
    keep = submit_with_evidence(client, link)
    gone = submit_with_evidence(client, link)
    keep_id, ref = keep.id, gone.ref
    result = runner.invoke(args=["erase", ref.lower(), "--reason", "asked by the person"])
    assert result.exit_code == 0, result.output
    assert "Erased" in result.output and "9 answers, 1 evidence item." in result.output
    assert count(Response) == 1 and db.session.get(Response, keep_id) is not None
    assert count(Answer) == 9 and count(EvidenceItem) == 1 and count(EvidenceLink) == 1
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "erase")).one()
    assert event.target == ref and event.detail["answers"] == 9
    assert "spoke" not in str(event.detail)  # refs and counts only, never words


def test_erase_unknown_reference_is_one_clear_line(runner):
    result = runner.invoke(args=["erase", "R-NOTHERE1"])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        "Error: No response with the reference 'R-NOTHERE1'."
    ]


def test_purge_deletes_only_what_is_older_than_the_period(client, runner, make_form):
    link = make_form()
    old = submit_with_evidence(client, link)
    recent = submit_with_evidence(client, link)
    old.submitted_at = utcnow() - timedelta(days=400)
    db.session.commit()
    recent_id = recent.id
    result = runner.invoke(args=["purge", "--older-than", "365", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Purged 1 response (" in result.output
    assert [r.id for r in db.session.scalars(sa.select(Response))] == [recent_id]
    assert count(EvidenceItem) == 1
    assert db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.action == "purge")
    ).all()


def test_purge_needs_a_period(runner):
    result = runner.invoke(args=["purge", "--yes"])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1
