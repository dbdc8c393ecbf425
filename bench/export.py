"""How long the funder workbook takes and how much memory it needs, at 1,000, 10,000 and 100,000
responses, beside a baseline measured in the same run.

Each size gets a fresh SQLite database filled by `seed-demo --responses N` (bench.common). Each
measurement runs in a fresh subprocess, so one export's memory never shows up in the next. Peak
memory is the child's resident high-water mark (VmHWM in /proc/self/status), reset just before
the work starts, so it is the whole process's largest size *while working* (the app already
loaded included), not a spike of `create_app` at start-up (~140 MB, the same for both). Not
getrusage's ru_maxrss: on Linux a child's starts from its parent's peak, and the parent here grew
while seeding. Time is taken inside the child around the work alone.

Baseline: the least any export of these answers can cost, which is reading the same responses
and answers from the same database and writing the same cells (the Responses sheets: one row per
response, its five fixed columns and one column per question) straight to a file with
xlsxwriter in constant-memory mode. The real export writes every other sheet too, with styles.

Goals (issue 5): at 100,000 responses, at most 1.5x the baseline's time, peak memory under
400 MB, and time growing linearly with the number of responses.
`BENCH_EXPORT_SIZES=1000,10000 make bench` runs fewer sizes. Sizes up to 10,000 take the best
time of three runs (`BENCH_EXPORT_REPEAT`), since the machine may be busy with other work.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from bench.common import demo_app

DEFAULT_SIZES = (1_000, 10_000, 100_000)
GOAL_RATIO = 1.5
GOAL_PEAK_MB = 400
SLUG = "demo"


def sizes() -> list[int]:
    raw = os.environ.get("BENCH_EXPORT_SIZES", "")
    return [int(part.replace("_", "")) for part in raw.split(",") if part.strip()] or list(
        DEFAULT_SIZES
    )


def repeats(n: int) -> int:
    """Runs per measurement: the best of three for the quick sizes (a shared machine is noisy),
    one at 100,000 and above; `BENCH_EXPORT_REPEAT` overrides."""
    configured = os.environ.get("BENCH_EXPORT_REPEAT")
    return max(1, int(configured)) if configured else (3 if n <= 10_000 else 1)


def best(runs: list[dict | None]) -> dict | None:
    """The fastest run's time, and the largest peak of any run (memory is not a matter of luck)."""
    done = [run for run in runs if run]
    if not done:
        return None
    fastest = dict(min(done, key=lambda run: run["seconds"]))
    fastest["peak_mb"] = max(run["peak_mb"] for run in done)
    return fastest


def child_app(db_path: str):
    """The app on the benchmark's database, made the way bench.common made it."""
    from coimpact import create_app

    return create_app(
        {
            "SECRET_KEY": "bench-" + "k" * 40,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "COIMPACT_EXPORT_DIR": str(Path(db_path).parent / "exports"),
        }
    )


def project_id() -> int:
    from coimpact.extensions import db
    from coimpact.models import Project

    return db.session.scalar(sa.select(Project.id).where(Project.slug == SLUG))


def run_export(out: str) -> float:
    from coimpact.workbook.build import export_workbook

    pid = project_id()
    started = time.perf_counter()
    export_workbook(pid, out, generated_by="benchmark")
    return time.perf_counter() - started


def run_baseline(out: str) -> float:
    from bench.export_baseline import write_responses

    pid = project_id()
    started = time.perf_counter()
    write_responses(pid, out)
    return time.perf_counter() - started


def child_main(mode: str, db_path: str, out: str) -> None:
    app = child_app(db_path)
    with app.app_context():
        project_id()  # the database connected and the models loaded before the clock starts
        before = reset_peak()
        seconds = run_export(out) if mode == "export" else run_baseline(out)
    result = {
        "seconds": seconds,
        "bytes": Path(out).stat().st_size,
        "base_mb": before,
        "peak_mb": status_mb("VmHWM"),
    }
    print(json.dumps(result))


def status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # reported in kB
    raise LookupError(field)


def reset_peak() -> float:
    """Start the high-water mark again from the current size (Linux: clear_refs 5); returns
    the resident size now, in MB."""
    Path("/proc/self/clear_refs").write_text("5")
    return status_mb("VmRSS")


def measure(mode: str, db_path: Path, out: Path) -> dict | None:
    """Run one measurement in a fresh interpreter; its time, file size and peak memory."""
    cmd = [sys.executable, "-m", "bench.export", "--child", mode, str(db_path), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        print(f"  {mode} failed: {' / '.join(tail)}", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def shape(app) -> dict[str, int]:
    """The real size of the Responses sheets: responses, the grid of responses x questions of
    their form, and the answers actually given (the demo's people skip some questions)."""
    from coimpact.extensions import db
    from coimpact.models import Answer, Form, Question, Response

    with app.app_context():
        pid = project_id()
        per_form = db.session.execute(
            sa.select(Response.form_id, sa.func.count(Response.id))
            .where(Response.project_id == pid, Response.is_spam.is_(False))
            .group_by(Response.form_id)
        ).all()
        questions = dict(
            db.session.execute(
                sa.select(Question.form_id, sa.func.count(Question.id))
                .join(Form, Form.id == Question.form_id)
                .where(Form.project_id == pid)
                .group_by(Question.form_id)
            ).all()
        )
        answers = db.session.scalar(
            sa.select(sa.func.count(Answer.id))
            .join(Response, Response.id == Answer.response_id)
            .where(Response.project_id == pid, Response.is_spam.is_(False))
        )
        db.session.remove()
        db.engine.dispose()
    return {
        "responses": sum(n for _, n in per_form),
        "cells": sum(n * questions.get(form_id, 0) for form_id, n in per_form),
        "answers": answers or 0,
    }


def fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def main() -> None:
    have_exporter = importlib.util.find_spec("coimpact.workbook.build") is not None
    print("\n## Workbook export: time and peak memory, beside xlsxwriter constant-memory")
    print(
        f"goals at 100,000 responses: at most {GOAL_RATIO}x the baseline's time, "
        f"under {GOAL_PEAK_MB} MB peak, time linear in responses"
    )
    if not have_exporter:
        print("coimpact.workbook.build is not there yet: only the baseline is measured.")
    rows = []
    for n in sizes():
        started = time.perf_counter()
        app, folder = demo_app(responses=n)
        facts = shape(app)
        print(
            f"  seeded {facts['responses']:,} responses in {time.perf_counter() - started:.0f} s",
            file=sys.stderr,
        )
        db_path = folder / "bench.db"
        exports, baselines = [], []
        for _ in range(repeats(n)):
            # Interleaved, so a burst of load elsewhere on the machine hits both alike.
            if have_exporter:
                exports.append(measure("export", db_path, folder / "export.xlsx"))
            baselines.append(measure("baseline", db_path, folder / "baseline.xlsx"))
        rows.append((facts, best(exports), best(baselines)))
        shutil.rmtree(folder, ignore_errors=True)
    print_table(rows)
    bases = [run["base_mb"] for _, e, b in rows for run in (e, b) if run]
    if bases:
        print(f"(the app alone, loaded and idle, is {min(bases):.0f}-{max(bases):.0f} MB of that)")


def print_table(rows) -> None:
    head = (
        f"{'responses':>10} {'resp x questions':>17} {'answers':>10} {'export s':>9} "
        f"{'baseline s':>11} {'ratio':>6} {'peak MB export':>15} {'peak MB baseline':>17} "
        f"{'export s per 1,000':>19}"
    )
    print(head)
    for facts, export, baseline in rows:
        e_s = export["seconds"] if export else None
        b_s = baseline["seconds"] if baseline else None
        ratio = e_s / b_s if e_s is not None and b_s else None
        per_k = e_s / facts["responses"] * 1000 if e_s is not None and facts["responses"] else None
        print(
            f"{facts['responses']:>10,} {facts['cells']:>17,} {facts['answers']:>10,} "
            f"{fmt(e_s, '9.2f'):>9} {fmt(b_s, '11.2f'):>11} {fmt(ratio, '5.2f') + 'x':>6} "
            f"{fmt(export and export['peak_mb'], '15.0f'):>15} "
            f"{fmt(baseline and baseline['peak_mb'], '17.0f'):>17} {fmt(per_k, '19.3f'):>19}"
        )
    verdicts(rows)


def verdicts(rows) -> None:
    measured = [(f, e, b) for f, e, b in rows if e and b]
    if not measured:
        return
    facts, export, baseline = measured[-1]
    ratio = export["seconds"] / baseline["seconds"]
    print(
        f"at {facts['responses']:,} responses: {ratio:.2f}x the baseline "
        f"({'ok' if ratio <= GOAL_RATIO else 'OVER'} against {GOAL_RATIO}x), "
        f"peak {export['peak_mb']:.0f} MB "
        f"({'ok' if export['peak_mb'] < GOAL_PEAK_MB else 'OVER'} against {GOAL_PEAK_MB} MB)"
    )
    # Growth between neighbouring sizes: 1.0x is linear. The smallest size carries the fixed
    # costs (sheets other than Responses, opening the file), so its per-response figure is high.
    for (f1, e1, _), (f2, e2, _) in zip(measured, measured[1:], strict=False):
        growth = (e2["seconds"] / f2["responses"]) / (e1["seconds"] / f1["responses"])
        print(
            f"linearity: time per response at {f2['responses']:,} is {growth:.2f}x "
            f"that at {f1['responses']:,} (1.0x is linear)"
        )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child_main(*sys.argv[2:])
    else:
        main()
