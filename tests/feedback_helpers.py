"""Helpers for the "you said, we did" tests: evidence cut from responses that carry a given quote
permission, pages, and the admin requests that choose quotes and publish."""

from __future__ import annotations

import uuid

from coimpact.extensions import db
from coimpact.models import (
    EvidenceItem,
    EvidenceKind,
    EvidenceStatus,
    FeedbackPage,
    QuotePermission,
    Response,
    ShareLink,
    Variant,
)
from coimpact.services.evidence_refs import take_evidence_numbers
from tests.admin_helpers import post_form
from tests.conftest import PASSWORD, csrf_token

ADMIN = "/admin/feedback-pages"


def add_quote(
    link: ShareLink,
    text: str,
    permission: QuotePermission | None,
    name: str | None = None,
    status: EvidenceStatus = EvidenceStatus.APPROVED,
    kind: EvidenceKind = EvidenceKind.QUOTE,
) -> EvidenceItem:
    """An evidence item of the link's project, cut from a response given through the link with
    `permission`; with `permission` None, one that staff added themselves (no response)."""
    form = link.form
    response = None
    if permission is not None:
        response = Response(
            project_id=form.project_id,
            form_id=form.id,
            form_version_id=form.versions[-1].id,
            share_link_id=link.id,
            idempotency_key=uuid.uuid4().hex,
            variant=Variant.EASY,
            consent_given=True,
            quote_permission=permission,
            participant_name=name,
        )
        db.session.add(response)
    item = EvidenceItem(
        project_id=form.project_id,
        ref_number=take_evidence_numbers(form.project_id)[0],
        kind=kind,
        title="A quote",
        text=text,
        status=status,
        response=response,
    )
    db.session.add(item)
    db.session.commit()
    return item


def evidence_set(link: ShareLink) -> dict[str, EvidenceItem]:
    """Evidence of the link's project: what may be offered for a page, and what never may."""
    return {
        "anonymous": add_quote(link, "The meetings are shorter now.", QuotePermission.ANONYMOUS),
        "named": add_quote(link, "I chaired a meeting!", QuotePermission.NAMED, "Sam Okafor"),
        "staff": add_quote(link, "Everyone clapped at the end.", None),
        "story": add_quote(
            link,
            "I was scared to speak.\nNow I speak first.",
            QuotePermission.ANONYMOUS,
            kind=EvidenceKind.STORY,
        ),
        "refused": add_quote(link, "Secret words nobody may see.", QuotePermission.NO),
        "draft": add_quote(
            link, "Not approved yet.", QuotePermission.ANONYMOUS, status=EvidenceStatus.DRAFT
        ),
        "rating": add_quote(link, "Rated 5.", QuotePermission.ANONYMOUS, kind=EvidenceKind.RATING),
    }


def sign_in(app, user):
    """A client of its own, signed in as `user` through the real login form."""
    client = app.test_client()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(page.text)},
    )
    assert response.status_code == 302
    return client


def make_page(link, **fields) -> FeedbackPage:
    page = FeedbackPage(
        project_id=link.form.project_id,
        title=fields.pop("title", "You said, we did"),
        wanted_text=fields.pop("wanted_text", "Meetings were too long."),
        **fields,
    )
    db.session.add(page)
    db.session.commit()
    return page


def choose(client, page_id: int, ordered: list[EvidenceItem]):
    data = {"id": page_id, "item": [i.id for i in ordered]}
    data |= {f"order-{item.id}": n for n, item in enumerate(ordered, start=1)}
    return post_form(client, f"{ADMIN}/quotes/?id={page_id}", data)


def publish(client, page_id: int):
    return post_form(client, f"{ADMIN}/publish/", {"id": page_id}, f"{ADMIN}/details/?id={page_id}")


def fresh(page_id: int) -> FeedbackPage:
    db.session.expire_all()
    return db.session.get(FeedbackPage, page_id)
