"""Being recognised again across a form's rounds, only by a participant's own choice.

A participant may make up a short code (not their name). It is kept only as a keyed hash: HMAC
with the app's secret key, per project, so the same code in another project or another
installation gives another hash, and the code itself is never stored. Plain Python.
"""

from __future__ import annotations

import hashlib
import hmac

CODE_MAX = 40  # characters a code may have
CODE_QUESTION = "Make up a short code you will remember (not your name)"
CODE_QUESTION_EASY = "Make up a short code you will remember. Do not use your name."
CODE_HINT = (
    "If you fill in this form again later, use the same code. Then we can see what changed "
    "for you, without knowing who you are. Leave it empty if you prefer."
)
CODE_HINT_EASY = (
    "Use the same code next time you fill in this form. Then we can see what changed for you. "
    "We will not know who you are. You do not have to do this."
)

CODE_KEPT_EASY = (
    "You made up a code already. We keep it secret, so we cannot show it. To keep it, write it "
    "again. If you leave this empty, we forget it."
)


def normalised(code: str) -> str:
    """The code as compared: case, spaces at either end and repeated spaces do not matter."""
    return " ".join((code or "").split()).casefold()


def code_hash(secret: str | bytes, project_id: int, code: str) -> str | None:
    """The keyed hash of a participant's code for one project; None when there is no code."""
    text = normalised(code)
    if not text:
        return None
    key = secret.encode() if isinstance(secret, str) else secret
    message = f"{project_id}:{text}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def is_code_hash(value: object) -> bool:
    """Whether `value` looks like a hash `code_hash` made (64 lower-case hex digits)."""
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )
