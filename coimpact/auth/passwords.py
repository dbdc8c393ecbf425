"""Password hashing with Argon2id (argon2-cffi's RFC 9106 parameters)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

PRODUCTION_HASHER = PasswordHasher()  # RFC 9106 low-memory profile: 64 MiB, t=3, p=4
_hasher = PRODUCTION_HASHER
# Verified against when the account does not exist, so both failures take the same time.
_DUMMY_HASH = PRODUCTION_HASHER.hash("coimpact-no-such-user")

MIN_LENGTH = 10
MAX_LENGTH = 1024  # long pass-phrases welcome; bounded so hashing cannot be used to stall us


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def password_problem(password: str) -> str | None:
    """A sentence saying what is wrong with a new password, or None if it will do."""
    if len(password) < MIN_LENGTH:
        return f"The password must be at least {MIN_LENGTH} characters long."
    if len(password) > MAX_LENGTH:
        return f"The password must be at most {MAX_LENGTH} characters long."
    if not password.strip():
        return "The password cannot be only spaces."
    return None
