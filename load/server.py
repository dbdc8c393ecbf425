"""A throwaway database and the app under gunicorn on a free loopback port.

The database is set up the way a deployment does it, through the real CLI (`init-db`, then
`seed-demo`, whose printed links give the share tokens). SQLite lives in a temporary folder;
PostgreSQL gets a schema of its own (chosen through `search_path` in the URL), dropped afterwards,
so nothing else in that database is touched.
"""

from __future__ import annotations

import os
import re
import runpy
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from coimpact.database import scratch_schema

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
# Every participant comes from 127.0.0.1: the contract lets load tests raise the limit.
SUBMIT_LIMIT = "1000000 per minute"
LINK_RE = re.compile(r"^https?://[^/\s]+/f/([A-Za-z0-9_-]+)$", re.MULTILINE)
START_SECONDS = 30
STOP_SECONDS = 40


@dataclass
class Site:
    """A database ready for the run: its URL, the environment the app needs, the share tokens."""

    database_url: str
    env: dict[str, str]
    tokens: list[str]
    folder: Path


@contextmanager
def database(kind: str) -> Iterator[tuple[str, Path]]:
    """An empty database of `kind` ("sqlite" or "postgresql") and a scratch folder."""
    folder = Path(tempfile.mkdtemp(prefix=f"coimpact-load-{kind}-"))
    try:
        if kind == "sqlite":
            yield f"sqlite:///{folder / 'load.db'}", folder
            return
        base = os.environ.get("LOAD_POSTGRES_URL", DEFAULT_POSTGRES_URL)
        with scratch_schema(base, "load_") as (_, url):
            yield url, folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Redis:
    url: str
    pid: int


@contextmanager
def redis_server(folder: Path) -> Iterator[Redis | None]:
    """A private Redis for the rate-limit counters, as in production (several workers must share
    them); None, and in-process counters, when redis-server is not installed or LOAD_REDIS=0."""
    program = shutil.which("redis-server")
    if program is None or os.environ.get("LOAD_REDIS") == "0":
        yield None
        return
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (our own fixed command)
        [program, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _answers_ping(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield Redis(f"redis://127.0.0.1:{port}/0", process.pid)
    finally:
        process.terminate()
        process.wait(STOP_SECONDS)


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def app_env(database_url: str, folder: Path, port: int, redis_url: str | None) -> dict[str, str]:
    # Nothing of the caller's own Flask settings; gunicorn's settings come from its command line.
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    env.pop("GUNICORN_CMD_ARGS", None)
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_hex(32),
        COIMPACT_SUBMIT_LIMIT=SUBMIT_LIMIT,
        COIMPACT_EXPORT_DIR=str(folder / "exports"),
        FLASK_COIMPACT_BASE_URL=f"http://127.0.0.1:{port}",
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare(database_url: str, folder: Path, port: int, redis_url: str | None = None) -> Site:
    """Migrate and seed the demo project through the CLI; return the standard-form tokens."""
    env = app_env(database_url, folder, port, redis_url)
    output = ""
    for args in (["init-db"], ["seed-demo"]):
        done = subprocess.run(  # noqa: S603 (our own fixed command)
            [sys.executable, "-m", "flask", "--app", "app", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        output = done.stdout
    tokens = LINK_RE.findall(output)
    if not tokens:
        raise RuntimeError(f"seed-demo printed no public links:\n{output}")
    return Site(database_url, env, tokens, folder)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_settings(options: list[str]) -> str:
    """Workers, threads and worker class as gunicorn will run them: gunicorn.conf.py's values
    (which read the environment), then the command-line `options`."""
    from gunicorn.config import Config

    config = Config()
    for name, value in runpy.run_path(str(CONFIG)).items():
        if name in config.settings:
            config.set(name, value)
    parsed = config.parser().parse_args([*options, "app:app"])
    for name, value in vars(parsed).items():
        if value is not None and name in config.settings:
            config.set(name, value)
    return f"{config.workers} workers x {config.threads} threads ({config.worker_class_str})"


class Gunicorn:
    """gunicorn with the repository's gunicorn.conf.py, bound to 127.0.0.1:`port`."""

    def __init__(self, site: Site, port: int, options: list[str] | None = None):
        self.site, self.port = site, port
        self.log_path = site.folder / "gunicorn.log"
        self.command = [
            sys.executable, "-m", "gunicorn",
            "--config", str(CONFIG),
            "--bind", f"127.0.0.1:{port}",
            *(options or []),
            "app:app",
        ]  # fmt: skip
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 (our own fixed command)
            self.command, cwd=ROOT, env=self.site.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start:\n{self.log_tail()}")
            if self.healthy():
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz in {START_SECONDS} s")

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r:
                return r.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> int | None:
        """Stop it as a service manager would (SIGTERM: finish requests in progress)."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def log_problems(self) -> list[str]:
        """Lines of the server's own log that report a failure (access lines are left out)."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return [
            line
            for line in text.splitlines()
            if "[ERROR]" in line or "[CRITICAL]" in line or line.startswith("Traceback")
        ]

    def __enter__(self) -> Gunicorn:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pid: int, children: bool = True) -> float:
    """CPU time (user and system) used so far by a process and its live children (gunicorn's
    arbiter and workers); 0.0 where /proc is missing (not Linux)."""
    total = 0
    for each in [pid, *(_children(pid) if children else [])]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK") if total else 0.0


def machine_busy_seconds() -> float:
    """CPU time every process on the machine has used since boot (all cores), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def python_speed(steps: int = 3_000_000) -> float:
    """Million steps a second of a fixed pure-Python loop, on one core: how fast this machine
    runs Python at the moment. On a shared virtual machine it changes from one minute to the
    next by more than any change to the app does, so each run prints it beside its figures."""
    started = time.perf_counter()
    total = 0
    for step in range(steps):
        total += step
    return steps / (time.perf_counter() - started) / 1e6
