"""From a published form to people answering it: publishing ends on a page whose first button
makes a share link for that form (and which points to the links it has), and the QR poster of a
link carries the form's title for participants, never the link's internal label."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Form, QuestionType, Role, ShareLink
from tests.admin_helpers import count, post_form
from tests.test_admin_forms import add_question, new_form, publish


@pytest.fixture
def staff(make_project, make_user, login):
    project = make_project(name="Respite Group")
    login(make_user(Role.STAFF, projects=[project]))
    return project


def first_button(page: str) -> tuple[str, str]:
    """The href and words of the page's first primary button in its main content."""
    body = page.split('class="fb-page"', 1)[1]
    match = re.search(r'<a class="btn btn-primary" href="([^"]+)">([^<]+)</a>', body)
    assert match, "no primary button"
    return match.group(1).replace("&amp;", "&"), match.group(2)


def test_after_publishing_the_next_step_is_a_share_link_for_that_form(client, staff):
    form = new_form(client, staff)
    add_question(client, form, "felt", QuestionType.YES_NO)
    published = publish(client, form)
    assert published.status_code == 303
    page = client.get(published.headers["Location"])
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert "“After the meeting” is published" in text and "Version 1, published" in text
    assert "Published version 1: the form&#39;s links now show it." in text
    assert "This form has none yet." in text and "See its share link" not in text
    href, words = first_button(page.text)
    assert words == "Make a share link"
    assert href.startswith("/admin/links/new/?") and f"form_id={form.id}" in href
    # One press: the share-link page opens on this form, and saving makes its link.
    create = client.get(href)
    assert create.status_code == 200
    assert re.search(rf'<option selected value="{form.id}">[^<]*After the meeting', create.text)
    made = post_form(client, href, {"form": form.id, "label": "Tuesday group"})
    assert made.status_code == 302 and made.headers["Location"].startswith("/admin/links/")
    (link,) = db.session.scalars(sa.select(ShareLink)).all()
    assert (link.form_id, link.label) == (form.id, "Tuesday group")

    # Published again with a link: the page points to it, and still offers another.
    add_question(client, form, "more", QuestionType.SHORT_TEXT)
    again = client.get(publish(client, form).headers["Location"]).text
    text = re.sub(r"\s+", " ", again)
    assert "This form has" in text and "1 share link</a>, which now show version 2" in text
    assert f'href="/admin/links/?form_id={form.id}">See its share link</a>' in again
    assert first_button(again)[1] == "Make a share link"


def test_the_published_page_is_only_for_a_published_form(client, staff):
    form = new_form(client, staff)
    page = client.get(f"/admin/forms/publish/?id={form.id}&published=1").text
    assert "is published" not in page and "Publish “After the meeting”" in page
    assert count(Form) == 1


def poster_parts(page: str) -> tuple[str, str, str]:
    """The page's title, its screen-only part and the printed sheet."""
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    screen = page.split('<div class="no-print">', 1)[1].split('<div class="qr-sheet">', 1)[0]
    sheet = page.split('<div class="qr-sheet">', 1)[1]
    return title, screen, sheet


def test_the_qr_poster_never_prints_the_links_label(client, staff, make_form):
    link = make_form(project=staff, title_easy="About the meeting")
    link.label = "PAPER-COPIES-BOX-3"
    db.session.commit()
    page = client.get(f"/admin/links/print/{link.id}")
    assert page.status_code == 200
    title, screen, sheet = poster_parts(page.text)
    assert "PAPER-COPIES-BOX-3" not in sheet and "PAPER-COPIES-BOX-3" not in title
    # Staff still see which link they are printing, on screen only.
    assert "For the share link <strong>PAPER-COPIES-BOX-3</strong>" in screen
    assert "After the meeting" in sheet and "About the meeting" in sheet  # the form's titles
    assert '<p class="qr-label">Easy read</p>' in sheet
    assert page.text.count("PAPER-COPIES-BOX-3") == 2  # the note and the breadcrumb, on screen
    with client.get("/admin/assets/collect.css") as stylesheet:
        css = stylesheet.text
    assert re.search(r"@media print \{\s*[^}]*\.no-print[^}]*display: none", css)
