"""The QR poster as the printer gets it, in a real Chromium with print media: the form's
title and both codes, never the share link's internal label (which staff see on screen)."""

from __future__ import annotations

import pytest

from coimpact.extensions import db
from coimpact.models import Role
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser

LABEL = "Paper copies for BOX-3"


def test_the_printed_poster_never_shows_the_links_label(
    new_page, live_server, make_form, make_user
):
    link = make_form(title="After the meeting", title_easy="About the meeting")
    link.label = LABEL
    db.session.commit()
    user = make_user(Role.STAFF, projects=[link.form.project])
    page = new_page()
    sign_in(page, live_server, user.email)
    assert page.goto(f"{live_server}/admin/links/print/{link.id}").status == 200

    on_screen = page.inner_text("body")
    assert LABEL in on_screen  # staff know which link they print
    page.emulate_media(media="print")
    printed = page.inner_text("body")
    assert LABEL not in printed and LABEL not in page.title()
    assert "After the meeting" in printed and "About the meeting" in printed
    assert "Scan this with your phone camera" in printed
    assert page.locator(".qr-box svg").count() == 2
    for box in page.locator(".qr-box svg").all():
        assert box.is_visible()
