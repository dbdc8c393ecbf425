"""Responses that staff type in from a paper copy or an interview.

They are stored by `save_response`, the one place responses are written, so they get the same
idempotency, link limit and answer rows as a participant's own; only `entered_by` marks them.
"""

from __future__ import annotations

import sqlalchemy as sa

from coimpact.auth.access import project_ids_for
from coimpact.extensions import db
from coimpact.models import Form, FormVersion, Project, Response, ShareLink, User
from coimpact.services import audit
from coimpact.services.responses import Submission, save_response


class WrongForm(Exception):
    """The submission id already belongs to a response to another form."""


def forms_for_entry(user: User) -> list[Form]:
    """Published forms of the projects `user` may change, by project then title."""
    if not user.can_edit:
        return []
    query = (
        sa.select(Form)
        .join(Project, Project.id == Form.project_id)
        .where(Form.version > 0)
        .order_by(Project.name, Form.title, Form.id)
    )
    ids = project_ids_for(user)
    if ids is not None:
        query = query.where(Form.project_id.in_(ids))
    return list(db.session.scalars(query))


def links_of(form: Form) -> list[ShareLink]:
    return list(
        db.session.scalars(
            sa.select(ShareLink).where(ShareLink.form_id == form.id).order_by(ShareLink.id)
        )
    )


def enter_from_paper(
    version: FormVersion,
    submission: Submission,
    share_link: ShareLink | None,
    staff: User,
    paper_ref: str | None = None,
) -> tuple[Response, bool]:
    """Store a response typed in by `staff` and audit it (ids only, never answer text).
    Flushes; the request commits.

    Returns the response and whether it is new: the same submission id sent again (a double
    click, a reload) returns the first response and stores and audits nothing. Raises
    `LinkFull` as `save_response` does, and `WrongForm` if the submission id was already used
    for another form's response. `paper_ref`, the printed copy's reference, is kept in the
    audit event, so a response can be traced back to its sheet of paper.
    """
    response, created = save_response(version, submission, share_link, entered_by=staff)
    if response.form_id != version.form_id:
        raise WrongForm()
    if created:
        audit.record(
            "response_entered",
            actor=staff,
            project_id=response.project_id,
            target=response.ref,
            detail={
                "form_id": version.form_id,
                "version": version.number,
                "variant": submission.variant.value,
                "share_link_id": share_link.id if share_link else None,
                "paper_ref": paper_ref,
            },
        )
        db.session.flush()
    return response, created


def record_printed(
    version: FormVersion, variant: str, batch: str, copies: int, staff: User
) -> None:
    """Audit a printed batch of paper copies: which form version and wording, its batch code
    and how many copies (their references are P-<batch>-0001 onwards). Flushes."""
    audit.record(
        "paper_copies_printed",
        actor=staff,
        project_id=version.form.project_id,
        target=f"form {version.form_id}",
        detail={"version": version.number, "variant": variant, "batch": batch, "copies": copies},
    )
    db.session.flush()
