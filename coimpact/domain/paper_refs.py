"""The reference printed on each paper copy of a form ("P-7K3M-0012"), and what paper entry
makes of it. Plain Python.

A printed batch gets a random code; its copies are numbered 1 to N, so every copy of every
batch carries its own reference. Staff type it in when they enter that copy's answers, and the
response's idempotency key is derived from it: the same copy entered twice is one response.
The key is keyed with the app's secret and the form, so no participant can post a key that
takes a paper copy's place, and a copy of one form never collides with another form's.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

# One batch: enough for a group's meeting, and made within a web request (a copy takes WeasyPrint
# about a third of a second, and gunicorn stops a request at 30 s). More copies: another batch,
# with references of its own.
MAX_COPIES = 25
# No 0/O, 1/I/L or U: a reference is read off paper, often handwritten-over, and typed again.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
BATCH_LENGTH = 4
EXAMPLE = "P-7K3M-0012"
_PATTERN = re.compile(rf"P([{ALPHABET}]{{{BATCH_LENGTH}}})(\d{{4}})")


def new_batch() -> str:
    """A random batch code (about 810,000 of them)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(BATCH_LENGTH))


def copy_refs(batch: str, copies: int) -> list[str]:
    """The references of a batch's copies, numbered from 1."""
    if not 1 <= copies <= MAX_COPIES:
        raise ValueError(f"copies must be 1 to {MAX_COPIES}")
    return [f"P-{batch}-{number:04d}" for number in range(1, copies + 1)]


def parse_ref(text: str) -> str | None:
    """A reference as typed (any case, spaces or dashes anywhere, O for 0 in the number) in
    its printed form; None when it is not one."""
    squeezed = re.sub(r"[\s\-–]", "", text or "").upper()
    if len(squeezed) == 1 + BATCH_LENGTH + 4:
        squeezed = squeezed[: 1 + BATCH_LENGTH] + squeezed[1 + BATCH_LENGTH :].replace("O", "0")
    match = _PATTERN.fullmatch(squeezed)
    if match is None:
        return None
    return f"P-{match[1]}-{match[2]}"


def paper_key(secret: str | bytes, form_id: int, ref: str) -> str:
    """The idempotency key of the response entered from copy `ref` of form `form_id`: 64 hex
    digits, as long as the column holds."""
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, f"paper:{form_id}:{ref}".encode(), hashlib.sha256).hexdigest()
