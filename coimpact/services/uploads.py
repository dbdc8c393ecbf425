"""Documents and photos attached to evidence: checked, then kept outside the web root.

A file is accepted only when its first bytes say it is one of the few types we take AND its
name ends in that type's extension: a browser's Content-Type is the sender's claim and is
ignored. Files are stored under a random key in `COIMPACT_UPLOAD_DIR` (default: `uploads/` in
the instance folder), never under the name they came with, and only ever sent back as a
download (see the admin's evidence views).
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    label: str
    mime: str
    extensions: tuple[str, ...]
    image: bool = False


PDF = FileType("PDF", "application/pdf", ("pdf",))
DOCX = FileType(
    "Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
ODT = FileType("OpenDocument text", "application/vnd.oasis.opendocument.text", ("odt",))
PNG = FileType("PNG image", "image/png", ("png",), image=True)
JPEG = FileType("JPEG image", "image/jpeg", ("jpg", "jpeg"), image=True)
WEBP = FileType("WebP image", "image/webp", ("webp",), image=True)
FILE_TYPES = (PDF, DOCX, ODT, PNG, JPEG, WEBP)
ACCEPTED_EXTENSIONS = tuple(f".{ext}" for t in FILE_TYPES for ext in t.extensions)


class UploadRefused(ValueError):
    """The file cannot be taken; the message says why in plain words."""


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    file_type: FileType
    original_name: str


def max_bytes() -> int:
    return int(current_app.config.get("COIMPACT_UPLOAD_MAX_BYTES") or DEFAULT_MAX_BYTES)


def upload_dir() -> Path:
    configured = current_app.config.get("COIMPACT_UPLOAD_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def _zip_names(data: bytes) -> list[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _odt_mimetype(data: bytes) -> bytes:
    # ODF puts an uncompressed "mimetype" entry first; read a few bytes of it, nothing else.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.namelist()[:1] != ["mimetype"]:
                return b""
            with archive.open("mimetype") as entry:
                return entry.read(100).strip()
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return b""


def _is_real_image(data: bytes) -> bool:
    """Pillow reads the image's structure, so a text file with a PNG's first bytes fails."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


def sniff(data: bytes) -> FileType | None:
    """The type the file's content shows, whatever it is called; None if not one we take."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG if _is_real_image(data) else None
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG if _is_real_image(data) else None
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP if _is_real_image(data) else None
    if data.startswith(b"PK\x03\x04"):
        if _odt_mimetype(data) == ODT.mime.encode():
            return ODT
        names = _zip_names(data) or []
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def check_upload(stream, filename: str, images_only: bool = False) -> CheckedUpload:
    """Read and check an uploaded file (a file-like `stream` and the name it came with)."""
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    limit = max_bytes()
    data = stream.read(limit + 1)
    if not data:
        raise UploadRefused("The file is empty.")
    if len(data) > limit:
        raise UploadRefused(f"The file is too large: the most we take is {limit // 1024:,} KB.")
    file_type = sniff(data)
    allowed = [t for t in FILE_TYPES if t.image or not images_only]
    if file_type is None or file_type not in allowed:
        names = [t.label.removesuffix(" image") for t in allowed]
        kinds = ", ".join(names[:-1]) + " or " + names[-1]
        what = "image" if images_only else "file"
        raise UploadRefused(f"That file is not one we can take. Upload a {kinds} {what}.")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in file_type.extensions:
        raise UploadRefused(
            f"The file's name does not match what is inside it ({file_type.label}): rename it "
            f"to end in .{file_type.extensions[0]} if that is what it is."
        )
    return CheckedUpload(data=data, file_type=file_type, original_name=name[:255])


def store(upload: CheckedUpload) -> str:
    """Write the file under a new random key (readable by this app alone) and return the key."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(24)
    fd = os.open(folder / key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(upload.data)
    return key


def stored_path(key: str) -> Path:
    # Keys are ours (token_urlsafe), but never let one lead outside the folder.
    if not key or "/" in key or "\\" in key or key.startswith("."):
        raise ValueError("bad file key")
    return upload_dir() / key


def remove_stored(key: str) -> None:
    try:
        stored_path(key).unlink(missing_ok=True)
    except OSError:
        # The row is already gone; an orphaned file is tidied by hand, never fatal for the user.
        log.warning("Could not remove uploaded file %s", key)
