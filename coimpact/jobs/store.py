"""Job state kept in files, one JSON file per job, because there is no job table.

Every write goes to a temporary file in the same folder and is then moved over the old one with
`os.replace`, so a reader (the status page, another worker) sees the old state or the new one,
never half a file. Only ids the app made itself are ever turned into paths.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from flask import Flask

# secrets.token_urlsafe(16) makes 22 of these; anything else is not one of our ids.
JOB_ID_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
DEFAULT_RETENTION = timedelta(hours=24)
# What jobs make: workbooks and PDF reports.
RESULT_SUFFIXES = (".xlsx", ".pdf")
# A queued or running job whose file has not changed for this long is taken as lost (the web
# process restarted under it, or no worker is listening): the page says so instead of spinning.
DEFAULT_STALE_AFTER = timedelta(minutes=30)


def setting(app: Flask, name: str) -> str | None:
    """A job setting from the app's config, else from the environment variable of that name
    (the way config.py reads the other COIMPACT_* settings)."""
    return app.config.get(name) or os.environ.get(name) or None


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Job:
    id: str
    kind: str
    project_id: int
    requested_by: int | None
    status: JobStatus = JobStatus.QUEUED
    created_at: str = ""
    updated_at: str = ""
    started_at: str | None = None
    finished_at: str | None = None
    done: int = 0
    total: int = 0
    rows: int = 0
    # The name of the reporting period the workbook is for (None: all time).
    period: str | None = None
    # The file's name inside the store's files folder (never a path from outside).
    result: str | None = None
    # Shown to staff as it is, so it is always one of our own sentences: no exception text,
    # which could quote an answer.
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if self.total <= 0:
            return 0
        return min(100, self.done * 100 // self.total)

    def is_stale(self, after: timedelta = DEFAULT_STALE_AFTER) -> bool:
        if self.finished or not self.updated_at:
            return False
        return utc_now() - datetime.fromisoformat(self.updated_at) > after

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Job:
        known = {f.name for f in fields(cls)}
        job = cls(**{key: value for key, value in data.items() if key in known})
        job.status = JobStatus(job.status)
        return job


class JobStore:
    """Job files under `state_dir`, workbooks under `files_dir`; both private to the server."""

    def __init__(self, state_dir: Path, files_dir: Path, retention: timedelta) -> None:
        self.state_dir = state_dir
        self.files_dir = files_dir
        self.retention = retention

    @classmethod
    def for_app(cls, app: Flask) -> JobStore:
        """The folders default to the instance folder: private to the server, never served (Flask
        serves `static/` only), git-ignored, and already where the database and secret key
        live. Not `COIMPACT_EXPORT_DIR`: that is the command line's output for people to pick
        up, and a 24-hour purge has no business there."""
        instance = Path(app.instance_path)
        hours = setting(app, "COIMPACT_JOB_RETENTION_HOURS")
        return cls(
            Path(setting(app, "COIMPACT_JOBS_DIR") or instance / "jobs"),
            Path(setting(app, "COIMPACT_WEB_EXPORT_DIR") or instance / "exports"),
            timedelta(hours=float(hours)) if hours else DEFAULT_RETENTION,
        )

    def ensure_dirs(self) -> None:
        for folder in (self.state_dir, self.files_dir):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)

    def _state_path(self, job_id: str) -> Path:
        if not JOB_ID_RE.match(job_id):
            raise ValueError("not a job id")
        return self.state_dir / f"{job_id}.json"

    def result_path(self, job: Job) -> Path | None:
        stem, _, suffix = (job.result or "").rpartition(".")
        if f".{suffix}" not in RESULT_SUFFIXES or not JOB_ID_RE.match(stem):
            return None
        return self.files_dir / job.result

    def work_path(self, job_id: str, suffix: str = ".xlsx") -> Path:
        """Where the exporter writes; moved to the result name only once it is complete."""
        self._state_path(job_id)  # validates the id
        if suffix not in RESULT_SUFFIXES:
            raise ValueError("not a kind of file a job makes")
        return self.files_dir / f"{job_id}.part{suffix}"

    def save(self, job: Job) -> None:
        job.updated_at = utc_now().isoformat()
        path = self._state_path(job.id)
        fd, tmp = tempfile.mkstemp(dir=self.state_dir, prefix=f".{job.id}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(job.to_json(), fh)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self, job_id: str) -> Job | None:
        """The job with this id, or None for an unknown, malformed or purged id."""
        try:
            path = self._state_path(job_id)
            data = json.loads(path.read_text(encoding="utf-8"))
            return Job.from_json(data)
        except (ValueError, OSError, TypeError):
            return None

    def for_project(self, project_id: int, limit: int = 10) -> list[Job]:
        """The project's jobs still kept, newest first."""
        jobs = []
        if not self.state_dir.is_dir():
            return jobs
        for path in self.state_dir.glob("*.json"):
            job = self.load(path.stem)
            if job is not None and job.project_id == project_id:
                jobs.append(job)
        jobs.sort(key=lambda job: job.created_at, reverse=True)
        return jobs[:limit]

    def active_for_project(self, project_id: int, kind: str | None = None) -> Job | None:
        """The project's job still being made (of that kind, when given), if any."""
        for job in self.for_project(project_id, limit=50):
            if not job.finished and not job.is_stale() and kind in (None, job.kind):
                return job
        return None

    def purge(self) -> int:
        """Remove job files and workbooks untouched for longer than the retention; returns how
        many files went. Judged by modification time, which every progress write refreshes, so
        a long export still running is never swept away under itself."""
        cutoff = time.time() - self.retention.total_seconds()
        removed = 0
        for folder, patterns in (
            (self.state_dir, ("*.json", ".*.tmp")),
            (self.files_dir, tuple(f"*{suffix}" for suffix in RESULT_SUFFIXES)),
        ):
            if not folder.is_dir():
                continue
            for pattern in patterns:
                for path in folder.glob(pattern):
                    try:
                        if path.stat().st_mtime < cutoff:
                            path.unlink()
                            removed += 1
                    except FileNotFoundError:
                        continue  # another process purged it first
        return removed
