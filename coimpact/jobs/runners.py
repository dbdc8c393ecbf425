"""Where a job runs. The setting `COIMPACT_JOB_QUEUE` (or the variable of that name) chooses:

- `thread` (default): one background thread in each web process. No extra service to run, and
  the request that starts an export returns at once. One export at a time per process, so a
  burst of exports queues instead of eating the web server's memory.
- `rq`: the RQ queue on `REDIS_URL`, served by `python -m coimpact.jobs.worker` (see that module).
  Use it when the web processes are many or short-lived, or exports are big.
- `inline`: run in the request itself; only for tests and debugging.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import Flask

from coimpact.jobs.export import run_in_app
from coimpact.jobs.store import setting

log = logging.getLogger(__name__)

THREAD, RQ, INLINE = "thread", "rq", "inline"
DEFAULT_QUEUE_NAME = "coimpact"
# RQ's own default (180 s) would kill a 100,000-response export half-way.
DEFAULT_JOB_TIMEOUT_S = 3600
_EXECUTOR_KEY = "coimpact_job_executor"


def queue_mode(app: Flask) -> str:
    mode = (setting(app, "COIMPACT_JOB_QUEUE") or THREAD).strip().lower()
    if mode not in (THREAD, RQ, INLINE):
        raise ValueError(f"COIMPACT_JOB_QUEUE must be thread, rq or inline, not {mode!r}")
    if mode == RQ and not app.config.get("REDIS_URL"):
        log.warning("COIMPACT_JOB_QUEUE=rq needs REDIS_URL; running jobs in a thread instead")
        return THREAD
    return mode


def queue_name(app: Flask) -> str:
    return setting(app, "COIMPACT_JOB_QUEUE_NAME") or DEFAULT_QUEUE_NAME


def rq_queue(app: Flask) -> Any:
    """The app's RQ queue (imported here: RQ is only needed where it is configured)."""
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(app.config["REDIS_URL"])
    return Queue(queue_name(app), connection=connection)


def executor(app: Flask) -> ThreadPoolExecutor:
    """This process's job thread, made on first use (so after a pre-forking server forks)."""
    pool = app.extensions.get(_EXECUTOR_KEY)
    if pool is None:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coimpact-job")
        app.extensions[_EXECUTOR_KEY] = pool
    return pool


def submit(app: Flask, job_id: str) -> Future | None:
    """Hand a saved, queued job to the configured runner. Raises when the queue is not there
    (Redis down): the caller marks the job failed and says so."""
    mode = queue_mode(app)
    if mode == RQ:
        timeout = int(setting(app, "COIMPACT_JOB_TIMEOUT_S") or DEFAULT_JOB_TIMEOUT_S)
        rq_queue(app).enqueue(
            "coimpact.jobs.worker.run_queued",
            job_id,
            job_id=f"export-{job_id}",
            job_timeout=timeout,
            # The job file is the record; Redis need not keep results or failures for long.
            result_ttl=0,
            failure_ttl=24 * 3600,
        )
        return None
    if mode == INLINE:
        run_in_app(app, job_id)
        return None
    return executor(app).submit(run_in_app, app, job_id)
