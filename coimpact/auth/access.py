"""Who may see and change what. Every admin view, export and download asks here."""

from __future__ import annotations

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Membership, Project, Role, User


def project_ids_for(user: User) -> sa.Select | None:
    """A subquery of the project ids `user` may see, or None when they may see every project."""
    if user.role == Role.ADMIN:
        return None
    return sa.select(Membership.project_id).where(Membership.user_id == user.id)


def visible_projects(user: User) -> list[Project]:
    query = sa.select(Project).order_by(Project.name)
    ids = project_ids_for(user)
    if ids is not None:
        query = query.where(Project.id.in_(ids))
    return list(db.session.scalars(query))


def can_view(user: User, project_id: int | None) -> bool:
    if project_id is None or not user.is_authenticated or not user.active:
        return False
    if user.role == Role.ADMIN:
        return True
    return (
        db.session.scalar(
            sa.select(Membership.id).where(
                Membership.user_id == user.id, Membership.project_id == project_id
            )
        )
        is not None
    )


def can_edit(user: User, project_id: int | None) -> bool:
    """Viewers read and export; only admins and staff members of the project change it."""
    return user.is_authenticated and user.can_edit and can_view(user, project_id)


def editable_projects(user: User) -> list[Project]:
    """The projects `user` may change, offered as the choices on admin forms so that a row can
    only ever be put into one of them. Viewers get none."""
    if not user.is_authenticated or not user.active or not user.can_edit:
        return []
    return visible_projects(user)
