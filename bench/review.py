"""How long the staff's response list takes to answer with 100,000 responses.

Seeds a fresh SQLite demo project to BENCH_REVIEW_RESPONSES (default 100,000) responses, signs in
through the real login form, and times the list page (first page, a deep page, and each review
filter) through the HTTP client: the median of 5 after one warm-up.
"""

from __future__ import annotations

import os

from bench.common import demo_app, median_seconds
from tests.conftest import csrf_token

PASSWORD = "bench pass phrase 123"  # noqa: S105 (a throwaway account in a temp database)


def main() -> None:
    size = int(os.environ.get("BENCH_REVIEW_RESPONSES", "100000"))
    app, _ = demo_app(responses=size)
    runner = app.test_cli_runner()
    runner.invoke(args=["create-user", "bench@example.org", "--role", "admin"], input=PASSWORD)
    client = app.test_client()
    page = client.get("/login")
    client.post(
        "/login",
        data={
            "email": "bench@example.org",
            "password": PASSWORD,
            "csrf_token": csrf_token(page.text),
        },
    )
    print(f"\n## Response list with {size:,} responses (median of 5, same run)")
    cases = {
        "first page, newest first": {},
        "page 500": {"page": "500"},
        "search in answer text ('bus')": {"q": "bus"},
        "has written answers": {"free_text": "1"},
        "not yet reviewed + easy read": {"unreviewed": "1", "variant": "easy"},
        "date range (one month)": {"from": "2025-09-01", "to": "2025-09-30"},
    }
    for label, args in cases.items():
        status = client.get("/admin/responses/", query_string=args).status_code
        seconds = median_seconds(
            lambda args=args: client.get("/admin/responses/", query_string=args), 5, warmup=1
        )
        print(f"{label:34} {seconds * 1000:9.0f} ms  (HTTP {status})")


if __name__ == "__main__":
    main()
