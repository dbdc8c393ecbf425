"""coimpact: evidence of what co-production changes, laid over a Theory of Change."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from coimpact import database
from coimpact.config import load_config
from coimpact.extensions import csrf, db, limiter, login_manager, migrate
from coimpact.web.request import Request

__version__ = "0.1.0"

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.request_class = Request
    load_config(app, test_config)

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from coimpact import public
    from coimpact.admin import init_admin
    from coimpact.auth import views as auth
    from coimpact.cli import register_cli
    from coimpact.domain import readable
    from coimpact.web import errors, headers, log_privacy

    headers.init_app(app)
    readable.init_app(app)  # plural and UK-time filters for every template
    log_privacy.init_app(app)  # share tokens out of server logs
    auth.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(public.bp)
    csrf.exempt(public.bp)  # participant forms check their own token: see public/__init__.py
    errors.init_app(app)
    init_admin(app)
    register_cli(app)

    @app.get("/favicon.ico")
    def favicon():
        # Browsers ask for this address whatever the page says; the pages also name the SVG.
        return app.send_static_file("favicon.ico")

    return app
