"""Recording co-production sessions in the involvement log (flushed, never committed)."""

from __future__ import annotations

from datetime import date

from coimpact.extensions import db
from coimpact.models import ElementKind, InvolvementKind, InvolvementSession, Project, TocElement


def check_activity(project_id: int, activity: TocElement | None) -> None:
    """A session belongs to an activity of its own project's Theory of Change, or none."""
    if activity is None:
        return
    if activity.project_id != project_id or ElementKind(activity.kind) != ElementKind.ACTIVITY:
        raise ValueError("Choose one of this project's Theory of Change activities.")


def add_session(
    project: Project,
    held_on: date,
    title: str,
    kind: InvolvementKind | str = InvolvementKind.MEETING,
    activity: TocElement | None = None,
    *,
    lived_experience: int = 0,
    carers: int = 0,
    staff: int = 0,
    partners: int = 0,
    length_minutes: int = 0,
    payments_pence: int = 0,
    expenses_pence: int = 0,
    recognition: str = "",
    notes: str = "",
    names: str = "",
    names_agreed: bool = False,
) -> InvolvementSession:
    """Log one session of a project (flushes to get its id)."""
    check_activity(project.id, activity)
    session = InvolvementSession(
        project=project,
        held_on=held_on,
        title=title,
        kind=InvolvementKind(kind),
        activity=activity,
        lived_experience=lived_experience,
        carers=carers,
        staff=staff,
        partners=partners,
        length_minutes=length_minutes,
        payments_pence=payments_pence,
        expenses_pence=expenses_pence,
        recognition=recognition,
        notes=notes,
        # Names without the people's agreement are not kept at all.
        names=names if names_agreed else "",
        names_agreed=names_agreed,
    )
    db.session.add(session)
    db.session.flush()
    return session
