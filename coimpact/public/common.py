"""What the standard and easy-read views share."""

from __future__ import annotations

from flask import render_template, request

from coimpact.extensions import db
from coimpact.forms.published import Host, LinkUnavailable, find_link, recall
from coimpact.public.page_cache import fixed_page
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
