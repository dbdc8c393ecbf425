"""The RQ worker for coimpact's background jobs (exports), used when `COIMPACT_JOB_QUEUE=rq`.

    REDIS_URL=redis://127.0.0.1:6379/0 COIMPACT_JOB_QUEUE=rq python -m coimpact.jobs.worker

It makes the app from the same environment as the web server (database, instance folder, job
folders) and listens on the `coimpact` queue (`COIMPACT_JOB_QUEUE_NAME`). Each job runs in a
forked child of the worker inside the app's context, so the memory one big export takes is given
back when it ends. `rq worker coimpact --url $REDIS_URL` works too: the job then makes the app
itself. The web processes and the worker must share the instance folder (or the folders set
by `COIMPACT_JOBS_DIR` and `COIMPACT_WEB_EXPORT_DIR`), where job state and workbooks live.
"""

from __future__ import annotations

import functools
import sys

from flask import Flask, current_app, has_app_context

from coimpact import create_app
from coimpact.jobs.export import run_in_app
from coimpact.jobs.runners import queue_name


@functools.cache
def _process_app() -> Flask:
    return create_app()


def run_queued(job_id: str) -> None:
    """The function RQ runs. Uses the app of the surrounding context (`coimpact.jobs.worker` pushes
    one; a test running a worker in-process has its own), or makes the app from the environment
    when started by a bare `rq worker`; then runs the job in a fresh context of that app."""
    app = current_app._get_current_object() if has_app_context() else _process_app()
    run_in_app(app, job_id)


def main(argv: list[str] | None = None) -> int:
    from redis import Redis
    from rq import Queue, Worker

    args = sys.argv[1:] if argv is None else argv
    app = create_app()
    url = app.config.get("REDIS_URL")
    if not url:
        print("REDIS_URL is not set: the worker needs the Redis the web app uses.", file=sys.stderr)
        return 2
    connection = Redis.from_url(url)
    worker = Worker([Queue(queue_name(app), connection=connection)], connection=connection)
    # The app context pushed here is inherited by each forked job, where `run_queued` finds it.
    with app.app_context():
        worker.work(burst="--burst" in args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
