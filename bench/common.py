"""A throwaway app on its own SQLite database, loaded with the demo project."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from coimpact import create_app
from coimpact.extensions import db


def demo_app(responses: int | None = None):
    """Create an app on a fresh SQLite file and run `seed-demo` through the real CLI."""
    folder = Path(tempfile.mkdtemp(prefix="coimpact-bench-"))
    app = create_app(
        {
            "SECRET_KEY": "bench-" + "k" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "COIMPACT_EXPORT_DIR": str(folder / "exports"),
            "COIMPACT_SUBMIT_LIMIT": "1000000 per minute",
        }
    )
    runner = app.test_cli_runner()
    for args in (["init-db"], ["seed-demo"]):
        result = runner.invoke(args=args)
        if result.exit_code != 0:
            raise SystemExit(f"{' '.join(args)} failed: {result.output}")
    if responses:
        runner.invoke(args=["seed-demo", "--responses", str(responses)])
    return app, folder


def first_link_token(app) -> str:
    from coimpact.models import ShareLink

    with app.app_context():
        return db.session.scalar(sa.select(ShareLink.token).order_by(ShareLink.id))


def median_seconds(fn: Callable[[], object], repeat: int, warmup: int = 20) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
