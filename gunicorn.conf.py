"""gunicorn settings for production: `gunicorn app:app` from the repository root reads this file.

Anything here can be changed without editing it, on the command line (`--bind`, `--workers` …)
or in GUNICORN_CMD_ARGS; the few values people usually set come from the environment:

    COIMPACT_BIND      address to listen on (default 127.0.0.1:8000: behind a reverse proxy)
    WEB_CONCURRENCY    worker processes (default: the number of CPU cores, at least 2)
    GUNICORN_THREADS   threads per worker (default 4)

Threaded workers because a request mostly waits on the database (and, on SQLite, on the one
writer's fsync): a few processes with a few threads each keep both cores busy while costing far
less memory than one process per concurrent request, and they keep connections alive between
a participant's page and their submission. `make load` measured these defaults on 2 cores.
"""

import multiprocessing
import os

bind = os.environ.get("COIMPACT_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)

# A worker that stops answering its arbiter for this long is killed and replaced; the longest
# normal request (a large export runs as a background job, not in a request) is far shorter.
timeout = 30
# On SIGTERM (deploys, restarts) requests in progress get this long to finish and commit.
graceful_timeout = 30
# Seconds an idle kept-alive connection stays open: a participant's page, then their answers.
keepalive = 5

# Migrations run once at deploy (`flask --app app init-db`), not here: each worker builds its own
# app, with its own database connections, after the fork.
preload_app = False

# The heartbeat file on a RAM disk: on a disk-backed /tmp a slow disk can stall every worker.
SHM = "/dev/shm"  # noqa: S108 (a heartbeat file gunicorn creates with mkstemp)
if os.path.isdir(SHM):
    worker_tmp_dir = SHM

# gunicornc's control socket is not used here; off, two instances on one host (blue/green,
# a test server beside the real one) do not fight over its single default path.
control_socket_disable = True

# Logging: errors and access lines to standard output, for the service manager to collect.
errorlog = "-"
accesslog = "-"
loglevel = "info"
# Share tokens (/f/<token>, /s/<token>) are replaced by "[redacted]" in access and error lines.
logger_class = "coimpact.web.log_privacy.RedactingGunicornLogger"
