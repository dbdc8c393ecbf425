"""In production (FLASK_COIMPACT_PRODUCTION=true) the app refuses to start with debug on or with a
weak SECRET_KEY, in one clear line, and starts with a strong one or the instance's own key."""

from __future__ import annotations

import pytest
from flask import Flask

from coimpact import create_app
from coimpact.config import instance_secret_key

STRONG_KEY = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


@pytest.fixture
def production(monkeypatch, tmp_path, database_url):
    """The environment of a production server, with its own instance folder."""
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path / "instance"))
    for name in ("SECRET_KEY", "FLASK_DEBUG", "FLASK_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FLASK_COIMPACT_PRODUCTION", "true")
    monkeypatch.setenv("DATABASE_URL", database_url)
    return monkeypatch


def refusal(monkeypatch, **env) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(RuntimeError) as caught:
        create_app()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("Refusing to start in production: ")
    return message


@pytest.mark.parametrize(
    "key",
    [
        "dev",
        "s3cr3t-but-only-twenty-9",  # random enough, too short
        "x" * 40,
        "test-" + "k" * 40,  # the test suite's key
        "please-change-this-secret-key-in-production",
        "replace me with something long and random!!",
    ],
)
def test_refuses_a_short_placeholder_or_test_secret_key(production, key):
    message = refusal(production, SECRET_KEY=key)
    assert "SECRET_KEY" in message and "token_hex" in message
    assert key not in message  # the key itself is never printed


def test_short_key_is_named_as_short(production):
    assert "shorter than 32 characters" in refusal(production, SECRET_KEY="a9Zq-3Lm")


def test_refuses_debug_mode(production):
    message = refusal(production, SECRET_KEY=STRONG_KEY, FLASK_DEBUG="1")
    assert "debug mode is on" in message


def test_refuses_a_weak_key_from_the_instance_config(production, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text('SECRET_KEY = "dev"\n')
    assert "SECRET_KEY" in refusal(production)


def test_starts_with_a_strong_key_and_secure_cookies(production):
    production.setenv("SECRET_KEY", STRONG_KEY)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert not app.debug


def test_starts_with_the_key_generated_into_the_instance_folder(production, tmp_path):
    app = create_app()
    generated = instance_secret_key(str(tmp_path / "instance"))
    assert app.config["SECRET_KEY"] == generated and len(generated) == 64


def test_development_is_not_held_to_production_rules(production):
    production.delenv("FLASK_COIMPACT_PRODUCTION")
    production.setenv("SECRET_KEY", "dev")
    production.setenv("FLASK_DEBUG", "1")
    app = create_app()
    assert app.debug and app.config["SESSION_COOKIE_SECURE"] is False
