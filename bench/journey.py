"""What one participant's submission costs the server, in-process, with `make load`'s mix.

`make load` gives the figure that matters (submissions a second under gunicorn), but on a shared
2-core machine it swings by a quarter from one minute to the next. This benchmark gives two
steadier ones for comparing changes: the Python function calls the app makes per submission
(deterministic: the same journeys every run) and the server CPU per submission (the median of
batches). Both are set beside a bare Flask route's cost for the same number of requests, the
floor no change to the app can go below.

Journeys: 19 people of 20 use the standard form (open it, send it, see the thank-you page) and
one uses easy read (start, every page in turn, check, send, thank-you), the 5 % of `make load`.
"""

from __future__ import annotations

import cProfile
import pstats
import random
import statistics
import time
from urllib.parse import urlsplit

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from bench.common import demo_app
from coimpact.extensions import db
from coimpact.models import ShareLink
from load.pages import fill, read_form

BATCH = 20  # 19 standard, 1 easy read
BATCHES = 20


class Journeys:
    """Participants going through the app's real pages with Flask's test client."""

    def __init__(self, app, tokens: list[str]):
        self.app, self.tokens = app, tokens
        self.rng = random.Random(1)  # noqa: S311 (made-up answers)
        self.requests = 0

    def batch(self) -> None:
        for n in range(BATCH):
            client = self.app.test_client()
            token = self.rng.choice(self.tokens)
            (self.easy_read if n == 0 else self.standard)(client, token)

    def _get(self, client, path: str):
        self.requests += 1
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")
        return response

    def _post(self, client, path: str, data) -> str:
        self.requests += 1
        response = client.post(path, data=MultiDict(data))
        if response.status_code != 303:
            raise SystemExit(f"POST {path} answered {response.status_code}")
        return urlsplit(response.headers["Location"]).path

    def standard(self, client, token: str) -> None:
        form = read_form(self._get(client, f"/f/{token}").text)
        thanks = self._post(client, f"/f/{token}", fill(form, self.rng).data)
        self._get(client, thanks)

    def easy_read(self, client, token: str) -> None:
        start = read_form(self._get(client, f"/f/{token}/easy").text)
        page = self._post(client, f"/f/{token}/easy", start.hidden.items())
        while True:
            form = read_form(self._get(client, page).text)
            if page.endswith("/check"):
                self._get(client, self._post(client, page, form.hidden.items()))
                return
            page = self._post(client, page, fill(form, self.rng).data)


def open_tokens(app) -> list[str]:
    with app.app_context():
        # In the order they were made: the same forms for the same journeys every run.
        tokens = db.session.scalars(sa.select(ShareLink.token).order_by(ShareLink.id)).all()
    client = app.test_client()
    return [token for token in tokens if client.get(f"/f/{token}").status_code == 200]


def server_cost(app, run, count_calls: bool = False) -> tuple[float, int]:
    """CPU seconds spent inside the app (not the test client) by `run()`, and with
    `count_calls` the Python function calls it made (the profiler then slows it down)."""
    profile = cProfile.Profile()
    cpu = 0.0
    inner = app.wsgi_app

    def measured(environ, start_response):
        nonlocal cpu
        started = time.process_time()
        if count_calls:
            profile.enable()
        try:
            return list(inner(environ, start_response))
        finally:
            if count_calls:
                profile.disable()
            cpu += time.process_time() - started

    app.wsgi_app = measured
    try:
        run()
    finally:
        app.wsgi_app = inner
    return cpu, pstats.Stats(profile).total_calls if count_calls else 0


def main() -> None:
    app, _ = demo_app()

    @app.get("/bench-bare")
    def bare():
        return "ok"

    journeys = Journeys(app, open_tokens(app))
    journeys.batch()  # warm: templates compiled, statements cached, form classes built

    journeys.requests = 0
    _, calls = server_cost(app, journeys.batch, count_calls=True)
    requests_per_submission = journeys.requests / BATCH
    calls_per_submission = calls / BATCH
    samples = [server_cost(app, journeys.batch)[0] / BATCH for _ in range(BATCHES)]

    client = app.test_client()

    def bare_requests():
        for _ in range(200):
            client.get("/bench-bare")

    _, bare_calls = server_cost(app, bare_requests, count_calls=True)
    bare_cpu = statistics.median(server_cost(app, bare_requests)[0] for _ in range(5))
    floor_calls = bare_calls / 200 * requests_per_submission
    bare_ms = bare_cpu / 200 * requests_per_submission * 1000

    print("\n## One participant's submission, in-process (19 standard form, 1 easy read)")
    print(f"requests per submission: {requests_per_submission:.1f}")
    print(f"{'':34} {'app':>10} {'bare Flask (baseline)':>22} {'ratio':>7}")
    print(
        f"{'Python function calls':34} {calls_per_submission:10,.0f} {floor_calls:22,.0f} "
        f"{calls_per_submission / floor_calls:6.1f}x"
    )
    median_ms = statistics.median(samples) * 1000
    print(
        f"{'CPU ms (median of batches)':34} {median_ms:10.2f} {bare_ms:22.2f} "
        f"{median_ms / bare_ms:6.1f}x"
    )
    print("(inside the app only: the test client's own work is left out of both columns)")


if __name__ == "__main__":
    main()
