"""`make load` (`python -m load`): participants submitting forms to the app under gunicorn.

For each database (SQLite, then PostgreSQL): a fresh database seeded through the CLI, gunicorn
with the repository's gunicorn.conf.py on a free loopback port, LOAD_USERS simulated participants
for LOAD_SECONDS, gunicorn stopped with SIGTERM, then every acknowledged submission looked up by
its idempotency key. Prints one row per database and exits non-zero when a request failed or a
submission was lost, duplicated, stored wrongly or stored without being acknowledged.

Settings (environment): LOAD_SECONDS (60), LOAD_WARMUP (5, untimed, checked all the same),
LOAD_USERS (50), LOAD_DATABASES ("sqlite,postgresql"),
LOAD_POSTGRES_URL (postgresql://postgres@127.0.0.1:5432/test; a schema of its own is made in it
and dropped), LOAD_GUNICORN_ARGS (extra gunicorn options, such as "--workers 4"; by default
gunicorn.conf.py's settings, which WEB_CONCURRENCY and GUNICORN_THREADS also change), LOAD_REDIS
(0: keep rate-limit counters in each worker instead of a private redis-server), LOAD_EASY (share
of people using easy read, 0.05), LOAD_DOUBLE_CLICK (0.03), LOAD_DECLINE (0.02).
"""

from __future__ import annotations

import os
import platform
import shlex
import statistics
import sys
from dataclasses import dataclass

from .check import Check, keys_before, verify
from .generator import Mix, Results, run
from .server import (
    Gunicorn,
    cpu_seconds,
    database,
    free_port,
    gunicorn_settings,
    machine_busy_seconds,
    prepare,
    python_speed,
    redis_server,
)

GOAL_PER_SECOND = 150
ODK_CENTRAL_PER_SECOND = 41  # published for ODK Central on a small server


@dataclass
class Row:
    database: str
    results: Results
    check: Check
    server_problems: list[str]
    exit_code: int | None
    redis: bool
    server_cpu: float  # seconds of CPU gunicorn used during the run
    redis_cpu: float  # and the private redis-server
    machine_busy: float  # seconds of CPU every process on the machine used meanwhile
    warm: Results  # the untimed warm-up
    speed: tuple[float, float]  # python_speed() before and after the run


def percentile(samples: list[float], share: float) -> float:
    if not samples:
        return float("nan")
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[round(share * 100) - 1]


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def run_one(
    kind: str, users: int, seconds: float, warmup: float, options: list[str], mix: Mix
) -> Row:
    with database(kind) as (url, folder), redis_server(folder) as redis:
        port = free_port()
        site = prepare(url, folder, port, redis.url if redis else None)
        before = keys_before(url)
        server = Gunicorn(site, port, options)
        with server:
            speed_before = python_speed()
            # A warm-up first, as a server in service is warm (templates compiled, statements
            # cached in every worker): checked like the rest, left out of the figures.
            warm = run("127.0.0.1", port, site.tokens, users, warmup, mix, seed=1)
            server_cpu, busy = cpu_seconds(server.process.pid), machine_busy_seconds()
            redis_cpu = cpu_seconds(redis.pid, children=False) if redis else 0.0
            results = run("127.0.0.1", port, site.tokens, users, seconds, mix)
            server_cpu = cpu_seconds(server.process.pid) - server_cpu
            busy = machine_busy_seconds() - busy
            if redis:
                redis_cpu = cpu_seconds(redis.pid, children=False) - redis_cpu
            speed = (speed_before, python_speed())
        everything = Results()
        everything.merge(warm)
        everything.merge(results)
        check = verify(url, everything, before)
        return Row(
            kind, results, check, server.log_problems(), server.process.returncode,
            bool(redis), server_cpu, redis_cpu, busy, warm, speed,
        )  # fmt: skip


def print_table(rows: list[Row], users: int) -> None:
    head = (
        f"{'database':10} {'seconds':>7} {'people':>6} {'subs':>6} {'subs/s':>7} {'p50 ms':>7} "
        f"{'p95 ms':>7} {'errors':>6} {'lost':>5} {'dupl.':>5}"
    )
    print()
    print(head)
    print("-" * len(head))
    for row in rows:
        r, c = row.results, row.check
        rate = len(r.acknowledged) / r.elapsed if r.elapsed else 0.0
        print(
            f"{row.database:10} {r.elapsed:7.1f} {users:6} {len(r.acknowledged):6} {rate:7.1f} "
            f"{percentile(r.submit_seconds, 0.5) * 1000:7.1f} "
            f"{percentile(r.submit_seconds, 0.95) * 1000:7.1f} "
            f"{r.error_count:6} {len(c.lost):5} {len(c.duplicated):5}"
        )
    print(f"{'goal':10} {'':7} {'':6} {'':6} {GOAL_PER_SECOND:7} on SQLite, no error, none lost")
    print(f"{'ODK Central':10} {'':7} {'':6} {'':6} {ODK_CENTRAL_PER_SECOND:7} (published figure)")
    print("subs: submissions acknowledged (303 to the thank-you page); p50/p95: their POSTs.")


def print_details(row: Row) -> None:
    r, c = row.results, row.check
    pages = r.page_seconds
    print(
        f"\n{row.database}: {r.requests:,} requests ({r.requests / r.elapsed:,.0f}/s); other "
        f"pages p50 {percentile(pages, 0.5) * 1000:.1f} ms, "
        f"p95 {percentile(pages, 0.95) * 1000:.1f} ms; {r.easy_sent} sent in easy read; "
        f"{r.double_clicks} double-clicks; "
        f"{len(r.declined)} declined"
    )
    subs = max(len(r.acknowledged), 1)
    others = row.machine_busy - row.server_cpu - r.client_cpu - row.redis_cpu
    print(
        f"  CPU in cores: gunicorn {row.server_cpu / r.elapsed:.2f} "
        f"({row.server_cpu / subs * 1000:.1f} ms a submission), this client "
        f"{r.client_cpu / r.elapsed:.2f}, Redis {row.redis_cpu / r.elapsed:.2f}, "
        f"{'PostgreSQL and ' if row.database == 'postgresql' else ''}other processes "
        f"{others / r.elapsed:.2f}; {os.cpu_count()} cores in all"
    )
    print(
        f"  stored {c.stored} new responses; wrong answers {len(c.wrong)}; stored without "
        f"acknowledgement {len(c.unacknowledged)}; gunicorn exit code {row.exit_code}; "
        f"rate-limit counters {'in Redis' if row.redis else 'in each worker'}"
    )
    print(
        f"  this machine's Python speed (a fixed loop, million steps a second on one core): "
        f"{row.speed[0]:.1f} before the run, {row.speed[1]:.1f} after"
    )
    w = row.warm
    print(
        f"  warm-up before the timed run: {len(w.acknowledged)} submissions in {w.elapsed:.0f} s, "
        f"{w.error_count} errors (checked with the rest, not in the figures)"
    )
    for what, count in (r.errors + w.errors).most_common(8):
        print(f"  error x{count}: {what}")
    for label, items in (
        ("lost", c.lost),
        ("duplicated", c.duplicated),
        ("wrong", c.wrong),
        ("unacknowledged", c.unacknowledged),
    ):
        for item in items[:5]:
            print(f"  {label}: {item}")
    for line in row.server_problems[:10]:
        print(f"  server log: {line}")


def failed(row: Row) -> bool:
    errors = row.results.error_count + row.warm.error_count
    return bool(errors or not row.check.ok or row.server_problems or row.exit_code != 0)


def main() -> int:
    seconds = float(setting("LOAD_SECONDS", "60"))
    warmup = float(setting("LOAD_WARMUP", "5"))
    users = int(setting("LOAD_USERS", "50"))
    kinds = [k.strip() for k in setting("LOAD_DATABASES", "sqlite,postgresql").split(",")]
    options = shlex.split(setting("LOAD_GUNICORN_ARGS", ""))
    mix = Mix(
        easy=float(setting("LOAD_EASY", "0.05")),
        double_click=float(setting("LOAD_DOUBLE_CLICK", "0.03")),
        decline=float(setting("LOAD_DECLINE", "0.02")),
    )
    unknown = set(kinds) - {"sqlite", "postgresql"}
    if unknown:
        print(f"LOAD_DATABASES: unknown {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    print(
        f"Load: {users} participants for {seconds:g} s on {', '.join(kinds)}; gunicorn "
        f"{gunicorn_settings(options)} on 127.0.0.1; {mix.easy:.0%} easy "
        f"read, {mix.double_click:.0%} double-clicks, {mix.decline:.0%} declines",
        flush=True,
    )
    # The interpreter changes the figures by about 8 % (README, "Load"): name it.
    print(f"Python {platform.python_version()} from {os.path.realpath(sys.executable)}", flush=True)
    rows = []
    for kind in kinds:
        print(f"running on {kind} …", flush=True)
        rows.append(run_one(kind, users, seconds, warmup, options, mix))
    print_table(rows, users)
    for row in rows:
        print_details(row)
    bad = [row.database for row in rows if failed(row)]
    sqlite = next((row for row in rows if row.database == "sqlite"), None)
    if sqlite is not None:
        rate = len(sqlite.results.acknowledged) / sqlite.results.elapsed
        verdict = "reached" if rate >= GOAL_PER_SECOND else "NOT reached"
        print(f"\nGoal of {GOAL_PER_SECOND}/s on SQLite: {verdict} ({rate:.0f}/s).")
    if bad:
        print(f"FAILED on {', '.join(bad)}: see the lines above.")
        return 1
    print("Every acknowledged submission stored exactly once, with its answers; no errors.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
