"""Creating and changing staff accounts."""

from __future__ import annotations

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from coimpact.auth.passwords import hash_password, password_problem
from coimpact.extensions import db
from coimpact.models import Membership, Project, Role, User
from coimpact.services import audit, sessions


class AccountError(ValueError):
    """A request to change accounts that cannot be carried out; the message is for people."""


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise AccountError(f"'{email}' is not a valid email address: {exc}") from None


def create_user(
    email: str, password: str, role: Role | str, name: str = "", actor: User | None = None
) -> User:
    """Add a new account. Raises AccountError for a bad email, weak password or duplicate."""
    email = normalise_email(email)
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"Unknown role '{role}'. Use admin, staff or viewer.") from None
    exists = db.session.scalar(sa.select(User.id).where(sa.func.lower(User.email) == email))
    if exists:
        raise AccountError(f"An account for {email} already exists.")
    user = User(email=email, name=name, role=role, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record("user_created", actor=actor, target=email, detail={"role": role.value})
    return user


def set_password(user: User, password: str, actor: User | None = None) -> None:
    """Change a password and end every session signed in with the old one, except the one
    making the change when people change their own."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    own = actor is not None and actor.id == user.id
    sessions.end_all(user, keep=actor.session_key if own else "")
    audit.record("password_changed", actor=actor, target=user.email)


def sign_out_everywhere(user: User, actor: User | None = None) -> int:
    """End every session of `user` (but the one of an `actor` doing it to themselves), audited;
    how many were ended."""
    own = actor is not None and actor.id == user.id
    ended = sessions.end_all(user, keep=actor.session_key if own else "")
    audit.record("sessions_ended", actor=actor, target=user.email, detail={"sessions": ended})
    return ended


def add_member(user: User, project: Project, actor: User | None = None) -> Membership:
    existing = db.session.scalar(
        sa.select(Membership).where(
            Membership.user_id == user.id, Membership.project_id == project.id
        )
    )
    if existing:
        return existing
    membership = Membership(user=user, project=project)
    db.session.add(membership)
    audit.record("member_added", actor=actor, project_id=project.id, target=user.email)
    return membership
