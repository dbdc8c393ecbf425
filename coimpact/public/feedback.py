""" "You said, we did": the easy-read page that goes back to the people who took part.

Anyone with the link may read it, so it shows only what staff wrote and the quotes whose
permission still allows them now (checked again on every view, not only when chosen).
"""

from __future__ import annotations

from flask import render_template

from coimpact.public.blueprint import bp
from coimpact.reports.feedback_pages import find_published, page_parts

# The page is for the people given its link only: kept out of search engines, and (as every
# participant page is, by web/headers.py) out of caches: a withdrawn permission or an unpublished
# page must not live on in a stored copy.
PRIVATE_HEADERS = {"X-Robots-Tag": "noindex, nofollow"}

NOT_FOUND_TITLE = "We cannot find this page"
NOT_FOUND_TEXT = "Check the link. Or ask the person who gave it to you."


@bp.get("/s/<token>")
def feedback_page(token: str):
    page = find_published(token)
    if page is None:
        # One answer for "no such link" and "not published (yet or any more)": nothing leaks.
        body = render_template(
            "public/feedback_missing.html", title=NOT_FOUND_TITLE, text=NOT_FOUND_TEXT
        )
        return body, 404, PRIVATE_HEADERS
    body = render_template("public/feedback_page.html", page=page, parts=page_parts(page))
    return body, 200, PRIVATE_HEADERS
