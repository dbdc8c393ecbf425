"""Being recognised again across a form's rounds, only by a participant's own choice.

A participant may make up a short code (not their name). It is kept only as a keyed hash: HMAC
with the app's secret key, per project, so the same code in another project or another
installation gives another hash, and the code itself is never stored. Or staff give them a
personal link: its secret person key is hashed the same way, under another prefix, so that the
matched pairs read both alike. Plain Python.
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


def _keyed(secret: str | bytes, message: str) -> str:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def code_hash(secret: str | bytes, project_id: int, code: str) -> str | None:
    """The keyed hash of a participant's code for one project; None when there is no code."""
    text = normalised(code)
    if not text:
        return None
    return _keyed(secret, f"{project_id}:{text}")


def person_hash(secret: str | bytes, project_id: int, person_key: str) -> str:
    """The keyed hash a personal link gives its answers, for one project. Its message starts
    with a letter, a code's with the project's digits: no code anyone types can hash alike."""
    return _keyed(secret, f"person:{project_id}:{person_key}")


def is_code_hash(value: object) -> bool:
    """Whether `value` looks like a hash `code_hash` made (64 lower-case hex digits)."""
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


# What a personal link's pages say instead of asking for a code.
PERSONAL_LINK_NOTICE = (
    "This link is just for you. If you fill in this form again later through your own link, "
    "we can put your answers this time and next time side by side, to see what changed for "
    "you. We do not know your name. If you were given this link by mistake, please tell the "
    "staff who gave it to you."
)
PERSONAL_LINK_NOTICE_EASY = (
    "This link is just for you.",
    "Next time you will get your own link again.",
    "Then we can put your answers side by side.",
    "We can see what changed for you.",
    "We do not know your name.",
    "Did someone give you this link by mistake? Please tell the staff.",
)
