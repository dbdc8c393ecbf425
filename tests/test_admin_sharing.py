"""Share links in the admin over HTTP: several per form with label, expiry and limit; closing and
reopening; the printable page whose QR codes really encode the public addresses; project
isolation; viewers read but change nothing."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
import segno
import sqlalchemy as sa
import zxingcpp
from PIL import Image, ImageDraw

from coimpact.extensions import db
from coimpact.models import AuditEvent, Role, ShareLink
from tests.admin_helpers import count, post_form
from tests.public_helpers import post_standard

BASE = "https://impact.example.org"


@pytest.fixture
def app(make_app):
    # A base URL unlike the default, so the addresses are seen to come from the setting.
    app = make_app(COIMPACT_BASE_URL=BASE + "/")
    with app.app_context():
        yield app


@pytest.fixture
def ours(make_form):
    return make_form(title="After the meeting", title_easy="About the meeting")


@pytest.fixture
def theirs(make_form):
    return make_form(title="Day centre survey", title_easy="Day centre")


@pytest.fixture
def staff(ours, make_user, login):
    user = make_user(Role.STAFF, projects=[ours.form.project])
    login(user)
    return user


def links_of(form_id: int) -> list[ShareLink]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(ShareLink).where(ShareLink.form_id == form_id).order_by(ShareLink.id)
        )
    )


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def svg_to_matrix(svg: str) -> list[list[bool]]:
    """Read segno's SVG path back into modules: each `h` run paints dark modules on one row."""
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    scale = int(re.search(r'transform="scale\((\d+)\)"', svg).group(1))
    modules = size // scale
    matrix = [[False] * modules for _ in range(modules)]
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    for command, a, b in re.findall(r"([MmHh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            run = float(a) if command == "h" else float(a) - x
            for column in range(int(x), int(x + run)):
                matrix[int(y)][column] = True
            x += run
    return matrix


def decode_svg(svg: str) -> str:
    """Paint the SVG's modules into a PNG and let zxing-cpp read it, as a phone camera would."""
    matrix = svg_to_matrix(svg)
    pixel = 8
    image = Image.new("L", (len(matrix) * pixel,) * 2, 255)
    draw = ImageDraw.Draw(image)
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                box = (column * pixel, row * pixel, (column + 1) * pixel - 1, (row + 1) * pixel - 1)
                draw.rectangle(box, fill=0)
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "no single QR code found in the SVG"
    return found[0].text


def test_the_svg_reader_agrees_with_segno():
    # The test's own reader checked against segno's matrix, so a decode failure means the page.
    url = f"{BASE}/f/abc_DEF-123"
    from coimpact.admin.qr import qr_svg

    expected = [[bool(v) for v in row] for row in segno.make(url, error="m").matrix_iter(border=4)]
    assert svg_to_matrix(qr_svg(url, scalable=True)) == expected
    png = io.BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=5)
    assert zxingcpp.read_barcodes(Image.open(io.BytesIO(png.getvalue())))[0].text == url


def test_staff_create_a_second_link_with_label_expiry_and_limit(client, ours, theirs, staff):
    form_id = ours.form_id
    page = client.get(f"/admin/links/new/?form_id={form_id}")
    assert page.status_code == 200
    # The form choice offers only forms of the staff's own projects; no token field at all.
    assert "After the meeting" in page.text and "Day centre survey" not in page.text
    assert 'name="token"' not in page.text
    response = post_form(
        client,
        "/admin/links/new/",
        {
            "form": str(form_id),
            "label": "Library posters",
            "expires_at": "2030-06-01T17:30",
            "max_responses": "25",
            "token": "chosen-by-me",
            "is_open": "",
        },
    )
    assert response.status_code == 302, response.text
    first, second = links_of(form_id)
    assert first.token == ours.token
    assert second.label == "Library posters" and second.is_open
    # 17:30 in London in June is 16:30 UTC.
    assert second.expires_at == datetime(2030, 6, 1, 16, 30, tzinfo=UTC)
    assert second.max_responses == 25 and second.created_by_id == staff.id
    assert second.token != "chosen-by-me" and len(second.token) >= 22
    assert "link_created" in audit_actions()
    listing = client.get(f"/admin/links/?form_id={form_id}").text
    assert f"{BASE}/f/{second.token}" in listing and f"{BASE}/f/{second.token}/easy" in listing
    assert "1 Jun 2030, 17:30" in listing and "Library posters" in listing
    assert client.get(f"/f/{second.token}").status_code == 200
    # The edit form shows the expiry in UK time and never the token.
    edit = client.get(f"/admin/links/edit/?id={second.id}").text
    assert 'value="2030-06-01T17:30"' in edit and second.token not in edit


@pytest.mark.parametrize(
    ("field", "value"),
    [("expires_at", "2001-01-01T10:00"), ("max_responses", "0"), ("label", "")],
)
def test_bad_link_settings_are_refused(client, ours, staff, field, value):
    data = {"form": str(ours.form_id), "label": "Posters", "expires_at": "", "max_responses": ""}
    response = post_form(client, "/admin/links/new/", {**data, field: value})
    assert response.status_code == 200  # the form again, with its message
    assert len(links_of(ours.form_id)) == 1


def test_a_token_cannot_be_changed_by_editing(client, ours, staff):
    response = post_form(
        client,
        f"/admin/links/edit/?id={ours.id}",
        {"label": "Renamed", "expires_at": "", "max_responses": "", "token": "mine"},
    )
    assert response.status_code == 302
    (link,) = links_of(ours.form_id)
    assert link.label == "Renamed" and link.token == ours.token


def test_closing_a_link_makes_its_addresses_answer_410_and_reopening_restores_them(
    client, ours, staff
):
    token = ours.token
    details = f"/admin/links/details/?id={ours.id}"
    assert "Close this link" in client.get(details).text
    closed = post_form(
        client, "/admin/links/action/", {"action": "close", "rowid": str(ours.id)}, details
    )
    assert closed.status_code == 302
    assert not links_of(ours.form_id)[0].is_open
    for url in (f"/f/{token}", f"/f/{token}/easy"):
        assert client.get(url).status_code == 410
    assert "Reopen this link" in client.get(details).text
    assert "Closed" in client.get("/admin/links/").text
    post_form(client, "/admin/links/action/", {"action": "reopen", "rowid": str(ours.id)}, details)
    assert links_of(ours.form_id)[0].is_open
    assert client.get(f"/f/{token}").status_code == 200
    assert audit_actions()[-2:] == ["link_closed", "link_reopened"]


def test_the_list_counts_responses_per_link(client, ours, staff):
    other = ShareLink(form_id=ours.form_id, label="Wednesday group")
    db.session.add(other)
    db.session.commit()
    for _ in range(2):
        assert post_standard(client, ours.token).status_code == 303
    assert post_standard(client, other.token).status_code == 303
    listing = client.get(f"/admin/links/?form_id={ours.form_id}").text
    assert re.search(rf'link_id={ours.id}">2</a>', listing)
    assert re.search(rf'link_id={other.id}">1</a>', listing)


def test_print_page_has_both_addresses_and_qr_codes_that_decode_to_them(client, ours, staff):
    page = client.get(f"/admin/links/print/{ours.id}")
    assert page.status_code == 200
    html = page.text
    standard, easy = f"{BASE}/f/{ours.token}", f"{BASE}/f/{ours.token}/easy"
    assert f'<p class="qr-url">{standard}</p>' in html and f'<p class="qr-url">{easy}</p>' in html
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2
    assert [decode_svg(svg) for svg in svgs] == [standard, easy]
    assert "After the meeting" in html and "About the meeting" in html
    assert "Tuesday group" in html and "Scan this with your phone camera" in html
    assert "collect.css" in html
    with client.get("/admin/assets/collect.css") as stylesheet:
        css = stylesheet.text
    assert "@media print" in css and ".navbar" in css and "size: A4" in css


def test_print_page_warns_when_the_link_is_closed(client, ours, staff):
    assert "not taking answers" not in client.get(f"/admin/links/print/{ours.id}").text
    ours.is_open = False
    db.session.commit()
    assert "not taking answers" in client.get(f"/admin/links/print/{ours.id}").text


def test_staff_cannot_reach_another_projects_links(client, ours, theirs, staff):
    for url in (
        f"/admin/links/details/?id={theirs.id}",
        f"/admin/links/edit/?id={theirs.id}",
        f"/admin/links/print/{theirs.id}",
        "/admin/links/print/999999",
        "/admin/links/details/?id=abc",
    ):
        assert client.get(url).status_code == 404, url
    listing = client.get("/admin/links/").text
    assert theirs.token not in listing and "Day centre survey" not in listing
    assert ours.token in listing
    assert theirs.token not in client.get(f"/admin/links/?form_id={theirs.form_id}").text
    # Guessed ids in a close action or an edit change nothing.
    post_form(
        client,
        "/admin/links/action/",
        {"action": "close", "rowid": str(theirs.id)},
        "/admin/links/",
    )
    edit = post_form(
        client,
        f"/admin/links/edit/?id={theirs.id}",
        {"label": "hijacked", "expires_at": "", "max_responses": ""},
        "/admin/links/",
    )
    assert edit.status_code == 404
    (link,) = links_of(theirs.form_id)
    assert link.is_open and link.label == "Tuesday group"
    # Nor can a new link be put on their form.
    post_form(client, "/admin/links/new/", {"form": str(theirs.form_id), "label": "sneaky"})
    assert len(links_of(theirs.form_id)) == 1


def test_viewers_read_links_but_cannot_create_edit_or_close_them(client, ours, make_user, login):
    login(make_user(Role.VIEWER, projects=[ours.form.project]))
    assert ours.token in client.get("/admin/links/").text
    assert client.get(f"/admin/links/details/?id={ours.id}").status_code == 200
    assert "Close this link" not in client.get(f"/admin/links/details/?id={ours.id}").text
    assert client.get(f"/admin/links/print/{ours.id}").status_code == 200
    assert client.get("/admin/links/new/").status_code == 403
    assert client.get(f"/admin/links/edit/?id={ours.id}").status_code == 403
    closed = post_form(
        client, "/admin/links/action/", {"action": "close", "rowid": str(ours.id)}, "/admin/links/"
    )
    assert closed.status_code == 403
    assert links_of(ours.form_id)[0].is_open
    assert count(ShareLink) == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, ours):
    for url in ("/admin/links/", f"/admin/links/print/{ours.id}", "/admin/links/new/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
