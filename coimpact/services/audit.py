"""Writing to the audit log. Callers pass ids and refs, never answer text."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from coimpact.extensions import db
from coimpact.models import AuditEvent, User


def record(
    action: str,
    *,
    actor: User | None = None,
    project_id: int | None = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session, to be committed with the change it records (by the
    request, command or job that made it: services/__init__.py)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor else None,
        actor_email=actor.email if actor else "",
        project_id=project_id,
        target=target,
        detail=detail or {},
        ip=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(event)
    return event
