"""Settings: defaults here, then the instance folder, then `FLASK_*` variables, then tests.

The few settings named in the contract (`DATABASE_URL`, `SECRET_KEY`, `COIMPACT_*`,
`REDIS_URL`) are read from the environment by their own names.

Production is switched on explicitly, with `FLASK_COIMPACT_PRODUCTION=true` (or
`COIMPACT_PRODUCTION = True` in the instance's config.py); nothing is guessed from the server in
use. In production the session cookie is always `Secure`, every response carries HSTS, and the
app refuses to start (a one-line RuntimeError) with debug on or with a `SECRET_KEY` that is
short, a placeholder or a test value. The key generated into the instance folder is fine.

Behind a reverse proxy that terminates HTTPS, set `FLASK_COIMPACT_PROXY_FIX` to the number of
proxies in front of the app (1 for one nginx). The proxy must set X-Forwarded-For and
X-Forwarded-Proto: the client's address is then the one rate limits count by, and a request that
came over HTTPS gets a `Secure` cookie even outside production. Left at 0, those headers are
ignored, so no visitor can forge them.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask

SECRET_KEY_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)
MIN_SECRET_KEY_LENGTH = 32


class Defaults:
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Idle expiry: the permanent session cookie is refreshed on each request.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=2)
    # Absolute expiry: signed in at most this long, however active.
    COIMPACT_SESSION_MAX_AGE = timedelta(hours=12)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Public forms are small; uploads of documents and photos (admin only) set their own cap.
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = 3600
    # No X-RateLimit-* headers: each costs Redis round trips on every limited request, and a 429
    # already says when to come back (Retry-After).
    RATELIMIT_HEADERS_ENABLED = False
    COIMPACT_BASE_URL = "http://127.0.0.1:5000"
    COIMPACT_PRODUCTION = False
    COIMPACT_PROXY_FIX = 0  # trusted reverse proxies in front of the app


# Words that mark a SECRET_KEY copied from an example or left as a placeholder.
PLACEHOLDER_WORDS = ("change", "secret", "example", "replace", "default", "insecure", "sample")
# A random key of 32+ characters uses far more different characters than this; "x" * 40 or
# "test-kkkk…" (the test suite's key) do not.
MIN_DISTINCT_CHARACTERS = 10


def normalise_database_url(url: str) -> str:
    """Point bare PostgreSQL URLs at psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Read the instance folder's secret key, creating it (readable by us alone) the first time."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def load_config(app: Flask, test_config: dict | None) -> None:
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env()

    env = os.environ
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI",
        env.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'coimpact.db'}",
    )
    app.config.setdefault("COIMPACT_EXPORT_DIR", env.get("COIMPACT_EXPORT_DIR", "exports"))
    app.config.setdefault(
        "COIMPACT_SUBMIT_LIMIT", env.get("COIMPACT_SUBMIT_LIMIT", "60 per minute")
    )
    app.config.setdefault("REDIS_URL", env.get("REDIS_URL"))
    if env.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = env["SECRET_KEY"]

    if test_config:
        app.config.update(test_config)

    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    # Statement parameters (answer text among them) stay out of database error messages, which
    # Flask logs with any unhandled error.
    engine_options = {"hide_parameters": True}
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # Connections dropped while the database restarted are replaced, not handed out.
        engine_options["pool_pre_ping"] = True
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options,
        **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
    }
    if app.config["COIMPACT_PRODUCTION"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
        problem = production_problem(app.config)
        if problem:
            raise RuntimeError(f"Refusing to start in production: {problem}")


def production_problem(config) -> str | None:
    """What makes these settings unsafe to serve real people with, in one sentence, or None."""
    if config.get("DEBUG"):
        return "debug mode is on (unset FLASK_DEBUG; the debugger runs code sent to it)."
    key = config.get("SECRET_KEY")
    fix = (
        "set SECRET_KEY to a long random value "
        "(python -c 'import secrets; print(secrets.token_hex(32))'), "
        "or unset it to use the key generated in the instance folder."
    )
    if not key or not isinstance(key, str | bytes):
        return f"SECRET_KEY is missing: {fix}"
    text = key.decode("utf-8", "replace") if isinstance(key, bytes) else key
    if len(text) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters: {fix}"
    lowered = text.lower()
    if len(set(text)) < MIN_DISTINCT_CHARACTERS or any(w in lowered for w in PLACEHOLDER_WORDS):
        return f"SECRET_KEY looks like a placeholder or test value: {fix}"
    return None
