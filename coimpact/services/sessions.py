"""Staff sessions, kept on the server: one row per signed-in browser.

A signed cookie alone cannot be taken back: a copy made before sign-out would go on working
until it expired. So every sign-in adds a `StaffSession` row, the cookie carries its random key
(the database keeps only the key's SHA-256), and the signed-in person is loaded through that
row. Deleting the row ends the session wherever its cookie is, copies included.

Chosen over a per-user counter in the cookie (which a password change used to rotate) because
a counter can only end all of a person's sessions at once. With a row per session:
- signing out ends this browser's session only, as in any mature product: a person signed in at
  the office and on their phone stays signed in on the phone. "Sign out on every device" on the
  sign-out page ends them all;
- a password change ends every other session (the one that made the change, if the person
  changed their own, goes on);
- an admin ends someone's sessions from the accounts list, and taking away someone's sign-in
  ends them too, so giving it back later does not revive old cookies.

Loading the person stays one query (the row joined to its user) and nothing is written per
request. Participant pages never load it (auth/views.py). Rows of sessions past their absolute
lifetime are deleted when that person next signs in.

Functions here flush; the request commits (services/__init__.py).
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import StaffSession, User
from coimpact.models.types import utcnow
from coimpact.models.users import new_session_key, session_key_hash


def start(user: User, lifetime: timedelta) -> str:
    """A new session for `user`, returned as the key the cookie will carry (and set as the
    user's `session_key`, which Flask-Login reads). The person's sessions older than
    `lifetime` (the absolute expiry) are dropped on the way."""
    db.session.execute(
        sa.delete(StaffSession).where(
            StaffSession.user_id == user.id, StaffSession.started_at < utcnow() - lifetime
        )
    )
    key = new_session_key()
    row = StaffSession(user_id=user.id, key_hash=session_key_hash(key), started_at=utcnow())
    db.session.add(row)
    db.session.flush()
    user.session_key, user.session_started_at = key, row.started_at
    return key


def find(user_id: int, key: str) -> User | None:
    """The person signed in with this session key (with the session's key and start), or None
    when the session has been ended (or never was)."""
    row = db.session.execute(
        sa.select(User, StaffSession.started_at)
        .join(StaffSession, StaffSession.user_id == User.id)
        .where(StaffSession.key_hash == session_key_hash(key), User.id == user_id)
    ).first()
    if row is None:
        return None
    user, user.session_started_at = row
    user.session_key = key
    return user


def end(key: str) -> None:
    """End one session (this browser's, at sign-out)."""
    if key:
        db.session.execute(
            sa.delete(StaffSession).where(StaffSession.key_hash == session_key_hash(key))
        )


def end_all(user: User, keep: str = "") -> int:
    """End every session of `user` except the one with key `keep`; how many were ended."""
    query = sa.delete(StaffSession).where(StaffSession.user_id == user.id)
    if keep:
        query = query.where(StaffSession.key_hash != session_key_hash(keep))
    return db.session.execute(query).rowcount or 0
