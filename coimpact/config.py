"""Settings: defaults here, then the instance folder, then `FLASK_*` variables, then tests.

The few settings named in the contract (`DATABASE_URL`, `SECRET_KEY`, `COIMPACT_*`,
`REDIS_URL`) are read from the environment by their own names.
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
    RATELIMIT_HEADERS_ENABLED = True
    COIMPACT_BASE_URL = "http://127.0.0.1:5000"


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
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # Connections dropped while the database restarted are replaced, not handed out.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
