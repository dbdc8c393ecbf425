"""Helpers for the co-assessor's pages' tests: a project with outcomes in and without easy read,
and co-assessors' links made straight in the database (as the CLI and admin will)."""

from __future__ import annotations

from datetime import timedelta

from coimpact.extensions import db
from coimpact.models import Coassessor, Section
from coimpact.models.coassessment import coassessor_token_hash, new_coassessor_token
from coimpact.models.types import utcnow
from coimpact.services.theory import add_indicator, add_outcome
from tests.evidence_helpers import Setup, linked_project


def make_link(project, **fields) -> str:
    """A co-assessor of `project`; returns the token of their personal link."""
    token = new_coassessor_token()
    fields.setdefault("expires_at", utcnow() + timedelta(days=30))
    db.session.add(
        Coassessor(
            project=project, label="Member 1", token_hash=coassessor_token_hash(token), **fields
        )
    )
    db.session.commit()
    return token


def coassessed_project(make_project, make_form) -> tuple[Setup, str]:
    """Project "Ours" with outcomes A1 (easy read, indicator A1.1 measured by a form), A2 and
    B1 (no easy-read wording), and a co-assessor's link: (the project's setup, the token)."""
    found = linked_project(make_project, make_form)
    project, a1 = found.project, found.outcome
    a1.statement_easy, a1.symbol = "People feel listened to", "listen"
    found.indicator.statement_easy = "Staff listen to people"
    project.aim, project.aim_easy, project.aim_symbol = "Co-produce services", "", ""
    add_outcome(project, Section.ACHIEVEMENT, "Second achievement")
    b1 = add_outcome(project, Section.BENEFIT, "Standard benefit wording")
    add_indicator(b1, "A benefit indicator")
    db.session.commit()
    return found, make_link(project)
