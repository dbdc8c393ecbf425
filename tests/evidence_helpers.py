"""Helpers for the evidence tests: a project whose form's questions measure an indicator, and
responses sent through the real public form."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import (
    Answer,
    EvidenceItem,
    EvidenceLink,
    Indicator,
    Outcome,
    Project,
    Question,
    Response,
    ShareLink,
)
from tests.admin_helpers import build_theory
from tests.public_helpers import GOOD_ANSWERS, post_standard


@dataclass
class Setup:
    project: Project
    link: ShareLink
    outcome: Outcome
    indicator: Indicator

    @property
    def token(self) -> str:
        return self.link.token


def linked_project(make_project, make_form, name: str = "Ours", label: str = "") -> Setup:
    """A project with outcome A1 and indicator A1.1, and a published form whose "story" and
    "listened" (5-point scale) questions measure A1.1."""
    project = make_project(name=name)
    theory = build_theory(project, label or name)
    link = make_form(project=project)
    indicator = theory["indicator"]
    for question in db.session.scalars(
        sa.select(Question).where(
            Question.form_id == link.form_id, Question.key.in_(["story", "listened"])
        )
    ):
        question.indicators.append(indicator)
    db.session.commit()
    return Setup(project, link, theory["outcome"], indicator)


def respond(client, token: str, **overrides) -> Response:
    """Send the standard form (GOOD_ANSWERS with `overrides`) and return the stored response."""
    answers = {**GOOD_ANSWERS, **overrides}
    sent = post_standard(client, token, answers)
    assert sent.status_code == 303, sent.status_code
    db.session.expire_all()
    return db.session.scalars(sa.select(Response).order_by(Response.id.desc())).first()


def answer_of(response: Response, key: str) -> Answer:
    return db.session.scalars(
        sa.select(Answer).where(Answer.response_id == response.id, Answer.question_key == key)
    ).one()


def items() -> list[EvidenceItem]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(EvidenceItem).order_by(EvidenceItem.id)))


def links() -> list[EvidenceLink]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(EvidenceLink).order_by(EvidenceLink.id)))


def hidden(html: str, name: str) -> str:
    """The value of a hidden input, as a browser would send it back."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    assert match, f"no hidden {name}"
    return match.group(1)
