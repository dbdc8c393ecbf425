"""What a participant downloads per public page, and how long the server takes to render one.

Bytes: the HTML of each page state plus every stylesheet and picture it references (no
JavaScript is needed or sent). Goal: at most 50 KB for any page.
Render time: the median server time for the standard form page and an easy-read question page,
as a ratio to a bare Flask route measured in the same run on the same app.
"""

from __future__ import annotations

import re

from bench.common import demo_app, first_link_token, median_seconds
from tests.conftest import csrf_token

GOAL_BYTES = 50 * 1024
ASSET_RE = re.compile(r'<(?:link[^>]+href|img[^>]+src|script[^>]+src)="([^"]+)"')


def page_bytes(client, html: str, cache: dict[str, int]) -> tuple[int, int]:
    assets = 0
    for url in set(ASSET_RE.findall(html)):
        if url not in cache:
            cache[url] = len(client.get(url).data)
        assets += cache[url]
    return len(html.encode()), assets


def collect_pages(client, token: str) -> dict[str, str]:
    pages = {"standard form": client.get(f"/f/{token}").text}
    empty = client.post(f"/f/{token}", data={"csrf_token": csrf_token(pages["standard form"])})
    pages["standard form with errors"] = empty.text
    start = client.get(f"/f/{token}/easy").text
    pages["easy start"] = start
    client.post(f"/f/{token}/easy", data={"csrf_token": csrf_token(start)})
    agree = client.get(f"/f/{token}/easy/agree").text
    pages["easy consent step"] = agree
    client.post(
        f"/f/{token}/easy/agree",
        data={"csrf_token": csrf_token(agree), "consent": "yes", "quote_permission": "no"},
    )
    step = 1
    while True:
        response = client.get(f"/f/{token}/easy/{step}")
        if response.status_code != 200:
            break
        pages[f"easy question {step}"] = response.text
        step += 1
    pages["easy helped step"] = client.get(f"/f/{token}/easy/helped").text
    pages["easy check answers"] = client.get(f"/f/{token}/easy/check").text
    pages["thank you"] = client.get(f"/f/{token}/easy/thanks").text
    pages["unknown link"] = client.get("/f/no-such-link").text
    return pages


def main() -> None:
    app, _ = demo_app()

    @app.get("/bench-bare")
    def bare():
        return "ok"

    client = app.test_client()
    token = first_link_token(app)
    cache: dict[str, int] = {}
    print("\n## Bytes a participant downloads per public page (goal: at most 50 KB)")
    print(f"{'page':34} {'HTML':>8} {'CSS+pictures':>13} {'total':>9}  goal")
    worst = 0
    for name, html in collect_pages(client, token).items():
        html_bytes, asset_bytes = page_bytes(client, html, cache)
        total = html_bytes + asset_bytes
        worst = max(worst, total)
        verdict = "ok" if total <= GOAL_BYTES else "OVER"
        print(f"{name:34} {html_bytes:8,} {asset_bytes:13,} {total:9,}  {verdict}")
    print(f"largest page: {worst / 1024:.1f} KB of {GOAL_BYTES / 1024:.0f} KB goal")

    print("\n## Server time to render a page (median of 300, same app, same run)")
    baseline = median_seconds(lambda: client.get("/bench-bare"), 300)
    print(f"{'bare Flask route (baseline)':34} {baseline * 1000:8.2f} ms   1.0x")
    for label, url in (
        ("standard form page", f"/f/{token}"),
        ("easy-read question page", f"/f/{token}/easy/1"),
    ):
        seconds = median_seconds(lambda url=url: client.get(url), 300)
        print(f"{label:34} {seconds * 1000:8.2f} ms {seconds / baseline:6.1f}x")


if __name__ == "__main__":
    main()
