"""What the standard and easy-read views share."""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from coimpact.extensions import db
from coimpact.forms.published import Host, LinkUnavailable, find_link, recall
from coimpact.models import QuotePermission, Variant
from coimpact.public.page_cache import fixed_page
from coimpact.services.responses import Submission
from coimpact.web.errors import render_error

UNAVAILABLE = {
    "unknown": (
        "We cannot find this form",
        "Check the link. Or ask the person who gave it to you for a new one.",
    ),
    "closed": (
        "This form is closed",
        "It is not taking answers now. Thank you for wanting to take part.",
    ),
    "not_open_yet": (
        "This form is not open yet",
        "Please try again later. The person who gave you the link can tell you when.",
    ),
    "full": (
        "This form has all the answers it needs",
        "Thank you for wanting to take part.",
    ),
}


def unavailable_page(exc: LinkUnavailable):
    title, text = UNAVAILABLE[exc.reason]
    easy = "/easy" in request.path
    body = render_template(
        "public/unavailable.html", title=title, text=text, easy=easy, host=exc.host
    )
    return body, exc.status


def thanks_page(token: str, easy: bool):
    """The thank-you page a sent form leads to (standard or easy read)."""
    try:
        link = find_link(token)
    except LinkUnavailable as exc:
        return unavailable_page(exc)
    return fixed_page(
        ("thanks", link.title, link.title_easy, link.host, easy),
        lambda: render_template("public/thanks.html", form=link, easy=easy, host=link.host),
    )


def refused(formdata) -> bool:
    """The person chose not to take part. Both variants stop there, before anything else on the
    page is checked: nobody is asked for answers they have just declined to give."""
    return formdata.get("consent") == "no"


def declined_page(token: str, host: Host, easy: bool) -> str:
    """ "That is OK": nothing of theirs is kept, and they may start again."""
    return render_template("public/declined.html", token=token, easy=easy, host=host)


def database_down(token: str, render_posted):
    """The database failed before the page could even be looked up. A person who was sending
    answers gets their page back with every answer (from the recently served version); anyone
    else gets a friendly 503."""
    db.session.rollback()
    remembered = recall(token)
    if request.method == "POST" and remembered is not None:
        return render_posted(remembered)
    return render_error(503)


def only_csrf_failed(form) -> bool:
    """True when the page's answers were fine and only its security token had expired."""
    return bool(form.errors) and set(form.errors) == {"csrf_token"}


def submission_from(form, variant: Variant, idempotency_key: str) -> Submission:
    permission = QuotePermission(form.quote_permission.data or QuotePermission.NO.value)
    supported = {"yes": True, "no": False}.get(form.supported.data or "")
    return Submission(
        answers=form.answers(),
        variant=variant,
        idempotency_key=idempotency_key,
        consent=form.consent.data == "yes",
        quote_permission=permission,
        participant_name=form.participant_name.data,
        supported=supported,
        is_spam=form.is_spam,
    )


def error_list(form) -> list[dict[str, Any]]:
    """Errors in page order, for the summary at the top: field id, question, message."""
    items = []
    for field in form:
        if field.name == "csrf_token":
            continue
        # Radio and checkbox groups are linked at their first box, as the fields macro renders.
        target = f"{field.id}-0" if hasattr(field, "invalid_message") else field.id
        for error in field.errors:
            items.append({"id": target, "label": field.label.text, "message": error})
    return items
