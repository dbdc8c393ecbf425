"""Setting up projects: the starter set a new Theory of Change can begin from, and who belongs
to a project."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from coimpact.database import begin_write
from coimpact.domain import starter_set as starter
from coimpact.extensions import db
from coimpact.models import ElementKind, Membership, Project, TocElement, User
from coimpact.services import audit
from coimpact.services.accounts import add_member
from coimpact.services.theory import add_indicator, add_outcome

# A project's short name, used in links, exports and commands.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RULE = "Use lower-case letters, digits and single hyphens only."
SLUG_MAX = 60
NAME_MAX = 200


class ProjectError(ValueError):
    """A project that cannot be made as asked; the message says why, in plain words."""


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
    that already has outcomes never clashes with their refs. Flushes; the request or command
    commits.
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


def create_project(
    slug: str,
    name: str,
    *,
    organisation: str = "",
    starter_set: bool = False,
    actor: User | None = None,
) -> tuple[Project, StarterSummary | None]:
    """Make a project, empty or filled from the starter set; audited. Raises ProjectError for a
    slug that is malformed or taken, or a missing name. Flushes; the request or command commits.
    """
    slug, name, organisation = slug.strip(), name.strip(), organisation.strip()
    if not re.fullmatch(SLUG_PATTERN, slug) or len(slug) > SLUG_MAX:
        raise ProjectError(f"'{slug}' cannot be a project's short name: {SLUG_RULE}")
    if not name:
        raise ProjectError("A project needs a name.")
    if len(name) > NAME_MAX or len(organisation) > NAME_MAX:
        raise ProjectError(f"Names are at most {NAME_MAX} characters.")
    taken = db.session.scalar(sa.select(Project.name).where(Project.slug == slug))
    if taken is not None:
        raise ProjectError(f"The short name '{slug}' is taken by the project '{taken}'.")
    project = Project(slug=slug, name=name, organisation=organisation)
    db.session.add(project)
    try:
        db.session.flush()
    except IntegrityError:  # made by someone else between the check and now
        raise ProjectError(f"The short name '{slug}' is taken.") from None
    audit.record("project_created", actor=actor, project_id=project.id, target=slug)
    summary = apply_starter_set(project) if starter_set else None
    return project, summary


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
    (each change audited). Flushes; the request commits."""
    wanted = {p.id: p for p in projects}
    for membership in list(user.memberships):
        if membership.project_id not in wanted:
            remove_member(membership, actor)
            user.memberships.remove(membership)
    have = {m.project_id for m in user.memberships}
    for project_id, project in wanted.items():
        if project_id not in have:
            add_member(user, project, actor)


def lock_project(project_id: int) -> None:
    """Hold the project still until the request commits, for a service that reads the project's
    rows to decide what it may write (pending suggestions, periods that must not overlap): the
    write lock on SQLite, the project row's lock on PostgreSQL, so a second writer waits and
    then reads what the first wrote."""
    begin_write()
    db.session.execute(sa.select(Project.id).where(Project.id == project_id).with_for_update())
