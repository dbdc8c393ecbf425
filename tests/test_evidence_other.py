"""Evidence that did not come through a form, over HTTP: observations and counts, documents and
photos whose type is checked by content and name, stored outside the web root, downloaded only
by members of the project, and removed with their item."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from coimpact.extensions import db
from coimpact.models import AuditEvent, EvidenceKind, Role
from tests.admin_helpers import token_from
from tests.conftest import csrf_token
from tests.evidence_helpers import items

MAX_BYTES = 4096
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(size: int = 2, noise: bool = False) -> bytes:
    image = Image.new("RGB", (size, size), "white")
    if noise:  # random pixels do not compress: the file is about size * size * 3 bytes
        pixels = random.Random(1).randbytes(size * size * 3)
        image = Image.frombytes("RGB", (size, size), pixels)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def uploads(tmp_path) -> Path:
    return tmp_path / "uploads"


@pytest.fixture
def app(make_app, uploads):
    """The app with uploads in this test's own folder and a small size limit."""
    app = make_app(COIMPACT_UPLOAD_DIR=str(uploads), COIMPACT_UPLOAD_MAX_BYTES=MAX_BYTES)
    with app.app_context():
        yield app


@pytest.fixture
def project(make_project):
    return make_project(name="Ours")


@pytest.fixture
def staff(project, make_user, login):
    user = make_user(Role.STAFF, projects=[project])
    login(user)
    return user


def add(client, project, upload=None, **fields):
    url = f"/admin/evidence/new/?project_id={project.id}"
    data = {
        "kind": "document",
        "title": "Easy-read leaflet",
        "text": "Published in September.",
        "occurred_on": "2025-09-15",
        "source": "Council website",
        "csrf_token": token_from(client, url),
        **fields,
    }
    if upload is not None:
        content, name = upload
        data["upload"] = (io.BytesIO(content), name)
    return client.post(url, data=data, content_type="multipart/form-data")


def stored_files(uploads: Path) -> list[Path]:
    return sorted(uploads.iterdir()) if uploads.exists() else []


def test_an_observation_and_a_count_are_added_with_date_and_source(client, project, staff):
    made = add(client, project, kind="observation", title="Members asked their own questions")
    assert made.status_code == 303
    counted = add(client, project, kind="count", title="Panels", value_number="4")
    assert counted.status_code == 303
    first, second = items()
    assert (first.ref, first.kind, first.source, str(first.occurred_on)) == (
        "EV1",
        EvidenceKind.OBSERVATION,
        "Council website",
        "2025-09-15",
    )
    assert first.answer_id is None and first.created_by_id == staff.id
    assert (second.ref, second.kind, second.value_number) == ("EV2", EvidenceKind.COUNT, 4)
    no_number = add(client, project, kind="count", title="Panels")
    assert no_number.status_code == 422 and "needs its number" in no_number.text
    assert len(items()) == 2
    assert "Members asked their own questions" in client.get("/admin/evidence/").text


@pytest.mark.parametrize(
    ("kind", "content", "name", "mime"),
    [
        ("photo", png_bytes(), "group photo.PNG", "image/png"),
        ("document", PDF, "minutes.pdf", "application/pdf"),
        ("document", png_bytes(), "scan.png", "image/png"),
    ],
)
def test_valid_uploads_are_stored_outside_the_web_root(
    client, project, staff, uploads, kind, content, name, mime
):
    made = add(client, project, upload=(content, name), kind=kind)
    assert made.status_code == 303
    (item,) = items()
    (path,) = stored_files(uploads)
    assert path.name == item.file_key and path.read_bytes() == content
    assert name not in str(path)  # stored under a random key, the name kept only as metadata
    assert (item.file_name, item.file_mime, item.file_size) == (name, mime, len(content))
    assert path.stat().st_mode & 0o077 == 0

    with client.get(f"/admin/evidence/{item.id}/file") as download:
        body = download.get_data()
    assert download.status_code == 200
    assert body == content
    assert download.mimetype == mime
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("kind", "content", "name", "message"),
    [
        ("photo", b"<html><script>alert(1)</script></html>", "photo.png", "not one we can take"),
        (
            "photo",
            b"\x89PNG\r\n\x1a\n<script>alert(1)</script>",
            "photo.png",
            "not one we can take",
        ),
        ("document", b"<svg onload=alert(1)></svg>", "leaflet.pdf", "not one we can take"),
        ("document", b"MZ\x90\x00 an executable", "leaflet.docx", "not one we can take"),
        ("document", b"PK\x03\x04 not really a zip", "leaflet.docx", "not one we can take"),
        ("document", PDF, "leaflet.png", "does not match what is inside"),
        ("document", PDF, "leaflet.html", "does not match what is inside"),
        ("photo", PDF, "photo.pdf", "not one we can take"),  # a photo must be an image
        ("photo", png_bytes(64, noise=True), "big.png", "too large"),
        ("observation", png_bytes(), "photo.png", "documents and photos only"),
    ],
)
def test_disguised_or_oversized_files_are_refused_and_nothing_is_stored(
    client, project, staff, uploads, kind, content, name, message
):
    refused = add(client, project, upload=(content, name), kind=kind)
    assert refused.status_code == 422
    assert message in refused.text
    assert items() == []
    assert stored_files(uploads) == []


def test_downloads_are_for_members_of_the_project_only(
    client, project, staff, make_project, make_user, login
):
    add(client, project, upload=(PDF, "minutes.pdf"))
    (item,) = items()
    url = f"/admin/evidence/{item.id}/file"

    def status() -> int:
        with client.get(url) as response:
            return response.status_code

    assert status() == 200

    def sign_out() -> None:
        page = client.get("/logout")
        client.post("/logout", data={"csrf_token": csrf_token(page.text)})

    sign_out()
    assert status() == 302  # to the sign-in page

    login(make_user(Role.STAFF, projects=[make_project(name="Theirs")]))
    assert status() == 404
    sign_out()
    login(make_user(Role.VIEWER, projects=[project]))
    assert status() == 200  # viewers read and export


def test_deleting_an_item_removes_its_file(client, project, staff, uploads):
    add(client, project, upload=(png_bytes(), "photo.png"), kind="photo")
    (item,) = items()
    assert len(stored_files(uploads)) == 1
    token = token_from(client, f"/admin/evidence/{item.id}")
    done = client.post("/admin/evidence/delete/", data={"id": item.id, "csrf_token": token})
    assert done.status_code == 302
    assert items() == [] and stored_files(uploads) == []
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "evidence_deleted")
    ).one()
    assert event.target == "EV1" and event.detail == {"kind": "photo", "had_file": True}
    # Refs are never reused: the next item is EV2.
    add(client, project, kind="observation", title="Next")
    assert items()[0].ref == "EV2"
