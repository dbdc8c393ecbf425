"""Setting up projects: the starter set a new Theory of Change can begin from, and who belongs
to a project."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .. import audit, starter
from ..extensions import db
from ..models import ElementKind, Membership, Project, TocElement, User
from .accounts import add_member
from .theory import add_indicator, add_outcome


@dataclass(frozen=True)
class StarterSummary:
    elements: int
    outcomes: int
    indicators: int


def _next_position(project: Project, kind: ElementKind) -> int:
    current = db.session.scalar(
        sa.select(sa.func.max(TocElement.position)).where(
            TocElement.project_id == project.id, TocElement.kind == kind
        )
    )
    return 0 if current is None else current + 1


def apply_starter_set(project: Project) -> StarterSummary:
    """Add SCIE's starter Theory of Change to `project`: elements, outcomes in all four sections
    and their indicators, placed after anything the project already has.

    Outcomes and indicators get fresh refs from `services.theory`, so applying it to a project
    that already has outcomes never clashes with their refs. Flushes; the caller commits.
    """
    if project.id is None:
        db.session.add(project)
        db.session.flush()
    elements = 0
    for kind, texts in starter.ELEMENTS.items():
        position = _next_position(project, kind)
        for offset, text in enumerate(texts):
            db.session.add(
                TocElement(project=project, kind=kind, text=text, position=position + offset)
            )
            elements += 1
    indicators = 0
    for item in starter.OUTCOMES:
        outcome = add_outcome(project, item.section, item.statement, item.who_benefits)
        for ind in item.indicators:
            add_indicator(
                outcome,
                ind.statement,
                measure=ind.measure,
                baseline=ind.baseline,
                target=ind.target,
                method=ind.method,
            )
            indicators += 1
    db.session.flush()
    return StarterSummary(elements=elements, outcomes=len(starter.OUTCOMES), indicators=indicators)


def remove_member(membership: Membership, actor: User | None = None) -> None:
    """End a membership (the person keeps their account); audited."""
    audit.record(
        "member_removed",
        actor=actor,
        project_id=membership.project_id,
        target=membership.user.email,
    )
    db.session.delete(membership)


def set_user_projects(user: User, projects: list[Project], actor: User | None = None) -> None:
    """Make `projects` exactly the projects `user` belongs to, adding and removing memberships
    (each change audited). The caller commits."""
    wanted = {p.id: p for p in projects}
    for membership in list(user.memberships):
        if membership.project_id not in wanted:
            remove_member(membership, actor)
            user.memberships.remove(membership)
    have = {m.project_id for m in user.memberships}
    for project_id, project in wanted.items():
        if project_id not in have:
            add_member(user, project, actor)
