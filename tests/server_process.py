"""The app under gunicorn in a process group of its own: start it on a free loopback port, wait
until it answers, stop it politely, or SIGKILL the master and every worker at once.

    with ServerProcess(server_env(database_url), log_path=tmp_path / "gunicorn.log") as server:
        server.start()
        ... http://127.0.0.1:{server.port} ...
        server.kill()

gunicorn reads the repository's gunicorn.conf.py (the production settings: threaded workers,
timeouts, logging) when there is one; the address, the number of workers and the graceful
timeout are set here on the command line, which takes precedence.

The app's schema must exist first (`flask init-db`, or `db.create_all()` in a test): gunicorn's
workers do not create it, and several creating it at once would race.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
# One random key for every server this test run starts: a restarted server keeps the sessions
# of the one before, as a real deployment with a fixed key would.
SECRET_KEY = secrets.token_hex(32)
T = TypeVar("T")


def wait_for(condition: Callable[[], T], timeout: float, what: str, every: float = 0.05) -> T:
    """Poll `condition` until it returns something truthy (returned), or fail after `timeout`
    seconds saying what was awaited. A deadline, never a sleep standing in for a check."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(every)


def free_port() -> int:
    """A loopback port that was free a moment ago (the OS picks it; gunicorn binds it next)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment for the app on `database_url`: this process's own, minus settings that
    would point the server elsewhere, plus a random secret key and a submission limit high
    enough for load from one address."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_") and k != "REDIS_URL"}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=SECRET_KEY,
        COIMPACT_SUBMIT_LIMIT="1000000 per minute",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in process group `pgid`, read from /proc (Linux)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone while we looked
            continue
        # "pid (comm) state ppid pgrp …": comm may hold spaces and brackets, so split after it.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


class ServerProcess:
    """gunicorn serving `app` (a WSGI path, as on gunicorn's command line) with `env`."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        app: str = "app:app",
        workers: int = 2,
        log_path: Path | None = None,
        port: int | None = None,
    ):
        self.env = env
        self.app = app
        self.workers = workers
        self.port = port or free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self._log = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pgid(self) -> int:
        assert self.process is not None, "server not started"
        return self.process.pid  # the master leads its own group (start_new_session)

    def start(self, timeout: float = 30.0) -> ServerProcess:
        """Start gunicorn and return once /healthz answers 200 (database reachable)."""
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            # Each server here is one of several on the machine: no shared control socket.
            "--no-control-socket",
            "--graceful-timeout",
            "5",
            self.app,
        ]
        self._log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,  # its own process group: a kill reaches every worker
        )
        try:
            wait_for(self._healthy, timeout, f"gunicorn to answer /healthz on {self.url}")
        except Exception:
            self.stop()
            raise
        return self

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(
                f"gunicorn exited with code {self.process.returncode}:\n{self.log_tail()}"
            )
        try:
            return request(self.port, "GET", "/healthz", timeout=2).status == 200
        except OSError:
            return False

    def is_running(self) -> bool:
        return self.process is not None and bool(group_members(self.pgid))

    def kill(self, timeout: float = 10.0) -> None:
        """SIGKILL the master and all its workers at once; return when none of them is left."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, signal.SIGKILL)
        self.process.wait(timeout=timeout)
        wait_for(lambda: not group_members(self.pgid), timeout, "gunicorn's workers to die")
        self._close_log()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask gunicorn to finish (SIGTERM); kill it if it has not within `timeout`."""
        if self.process is None or self.process.poll() is not None:
            if self.process is not None:
                self.kill(timeout)
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        self.kill(timeout)  # also sweeps up any worker left behind

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path or not Path(self.log_path).exists():
            return "(no log kept)"
        return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-lines:])

    def _close_log(self) -> None:
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
        self._log = None

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> Reply:
    """One HTTP request on its own connection to 127.0.0.1:`port`, read whole. Redirects are
    not followed: a 303 is itself the answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read())
    finally:
        connection.close()
