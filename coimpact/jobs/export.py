"""The exports as background jobs: the workbook, the PDF report for funders and the easy-read
report, started from the admin and run by whichever runner is configured (a thread in the web
process, or an RQ worker), the same function in both."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import time
import traceback

from flask import Flask, current_app
from sqlalchemy.exc import SQLAlchemyError

from coimpact.database import unit_of_work
from coimpact.domain.periods import Period
from coimpact.extensions import db
from coimpact.jobs.store import Job, JobStatus, JobStore, utc_now
from coimpact.models import Project, User
from coimpact.reports.counts import response_count
from coimpact.reports.periods import period_named
from coimpact.services import audit

log = logging.getLogger(__name__)

KIND = "export"  # the workbook (the kind every job had before there were reports)
REPORT = "report"  # the PDF report for funders
EASY_REPORT = "easy-report"  # the easy-read report for participants
KINDS = (KIND, REPORT, EASY_REPORT)
# What each kind makes: its file's suffix, its name in staff's words, its format in the audit
# log (the command line's names), and its media type.
SUFFIXES = {KIND: ".xlsx", REPORT: ".pdf", EASY_REPORT: ".pdf"}
NAMES = {KIND: "workbook", REPORT: "PDF report", EASY_REPORT: "easy-read report"}
FORMATS = {KIND: "xlsx", REPORT: "pdf", EASY_REPORT: "pdf-easy-read"}
MEDIA_TYPES = {
    KIND: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    REPORT: "application/pdf",
    EASY_REPORT: "application/pdf",
}
# Progress is written to the job file at most this often: an exporter may report every row,
# and 100,000 file replacements would cost more than the export.
PROGRESS_INTERVAL_S = 0.5

PROJECT_GONE = "The project was deleted before its workbook could be made."
DISK_PROBLEM = (
    "The workbook could not be saved on the server (it may be out of disk space). "
    "Please try again later, or tell your administrator."
)
DATABASE_PROBLEM = (
    "The database did not answer while the workbook was being made. "
    "Please try again in a few minutes."
)
UNKNOWN_PROBLEM = (
    "Something went wrong while the workbook was being made. Please try again; if it happens "
    "again, tell your administrator the job reference shown on this page."
)
LAYOUT_PROBLEM = (
    "The workbook layout set up for this site (its own column headings) could not be used. "
    "Please tell your administrator."
)
QUEUE_PROBLEM = (
    "The export could not be started because the job queue is not answering. "
    "Please try again in a few minutes, or tell your administrator."
)


PERIOD_GONE = (
    "The reporting period this workbook was for was removed or renamed before it could be "
    "made. Please start the export again."
)


class ExportFailed(Exception):
    """A failure whose message is written for staff to read."""


def count_rows(project_id: int, period: Period | None = None) -> int:
    """Responses that go into the workbook (spam caught by the honeypot does not; with a
    period, only those submitted in it)."""
    return response_count(db.session, project_id, period)


def new_export_job(
    store: JobStore, project: Project, user: User, period: Period | None = None, kind: str = KIND
) -> Job:
    """Write a queued export job of `kind` (the workbook, or one of the PDF reports) for
    `project` (for one of its named reporting periods, or all time); the caller audits it and,
    once the request has committed, submits it."""
    if kind not in KINDS:
        raise ValueError(f"not a kind of export: {kind!r}")
    store.ensure_dirs()
    store.purge()  # old jobs and workbooks go when new ones start: no scheduler needed
    now = utc_now().isoformat()
    job = Job(
        id=secrets.token_urlsafe(16),
        kind=kind,
        project_id=project.id,
        requested_by=user.id,
        created_at=now,
        rows=count_rows(project.id, period),
        period=period.name if period is not None else None,
    )
    store.save(job)
    return job


def mark_failed(store: JobStore, job: Job, message: str) -> None:
    job.status = JobStatus.FAILED
    job.error = message
    job.finished_at = utc_now().isoformat()
    store.save(job)


class ProgressWriter:
    """The exporter's `progress(done, total)`, saved to the job file now and then."""

    def __init__(self, store: JobStore, job: Job) -> None:
        self.store, self.job = store, job
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        self.job.done, self.job.total = done, total
        now = time.monotonic()
        if now - self.last >= PROGRESS_INTERVAL_S or (total and done >= total):
            self.last = now
            self.store.save(self.job)


def _friendly(exc: BaseException, kind: str = KIND) -> str:
    """Our own sentence for what went wrong, naming what was being made."""
    message = _problem(exc)
    return message if kind == KIND else message.replace("workbook", NAMES[kind])


def _problem(exc: BaseException) -> str:
    from coimpact.workbook.layout import WorkbookLayoutError

    if isinstance(exc, ExportFailed):
        return str(exc)
    if isinstance(exc, WorkbookLayoutError):
        return LAYOUT_PROBLEM
    if isinstance(exc, SQLAlchemyError):
        return DATABASE_PROBLEM
    if isinstance(exc, OSError):
        return DISK_PROBLEM
    return UNKNOWN_PROBLEM


def _log_failure(job_id: str, exc: BaseException) -> None:
    # The exception's message can quote a cell (openpyxl's IllegalCharacterError does), and
    # answer text never goes into logs: log the type and where it happened, not what it said.
    where = "".join(traceback.format_tb(exc.__traceback__))
    log.error("export job %s failed with %s\n%s", job_id, type(exc).__name__, where)


def run_export(job_id: str) -> None:
    """Make the workbook or report of a queued export job. Runs inside an app context, in a
    thread of the web process or in an RQ worker; never raises, so a runner has nothing to
    report but the job file."""
    from coimpact.workbook.build import export_workbook

    store = JobStore.for_app(current_app)
    job = store.load(job_id)
    if job is None or job.status != JobStatus.QUEUED or job.kind not in KINDS:
        return  # purged meanwhile, already taken by another worker, or not ours to make
    job.status = JobStatus.RUNNING
    job.started_at = utc_now().isoformat()
    store.save(job)
    suffix = SUFFIXES[job.kind]
    work = store.work_path(job.id, suffix)
    started = time.perf_counter()
    try:
        if db.session.get(Project, job.project_id) is None:
            raise ExportFailed(PROJECT_GONE)
        user = db.session.get(User, job.requested_by) if job.requested_by else None
        period = period_named(job.project_id, job.period) if job.period else None
        if job.period and period is None:
            raise ExportFailed(PERIOD_GONE)
        job.rows = count_rows(job.project_id, period)
        if job.kind == KIND:
            # The exporter reads in its own transactions; ours holds nothing while it works.
            db.session.rollback()
            exported = export_workbook(
                job.project_id,
                str(work),
                generated_by=_generated_by(user),
                progress=ProgressWriter(store, job),
                period=period,
            )
            job.rows = exported.responses  # what the workbook holds, should any have come since
        else:
            _write_report(job, work, period, _generated_by(user), ProgressWriter(store, job))
        os.chmod(work, 0o600)
        final = store.files_dir / f"{job.id}{suffix}"
        os.replace(work, final)
    except Exception as exc:  # every failure, whatever it is, must end as a failed job
        db.session.rollback()
        with contextlib.suppress(OSError):  # the folder itself may be what broke
            work.unlink(missing_ok=True)
        _log_failure(job.id, exc)
        # Audited before the job file says so: whoever watches the job sees its end recorded.
        _audit_end(job, "failed", time.perf_counter() - started)
        mark_failed(store, job, _friendly(exc, job.kind))
        return
    _audit_end(job, "finished", time.perf_counter() - started)
    job.status = JobStatus.DONE
    job.result = final.name
    job.finished_at = utc_now().isoformat()
    store.save(job)


def _write_report(
    job: Job, work, period: Period | None, generated_by: str, progress: ProgressWriter
) -> None:
    """One of the PDF reports: read and laid out in one go, so its progress has three steps
    (started, laid out, saved)."""
    from coimpact.printed import easy_report, funder_report

    progress(0, 2)
    build = funder_report.build if job.kind == REPORT else easy_report.build
    pdf = build(db.session.get(Project, job.project_id), period, generated_by)
    db.session.rollback()  # read: nothing to keep, and no transaction held while it is saved
    progress(1, 2)
    # `work` is the job's own temporary file, renamed into place when the job ends.
    work.write_bytes(pdf)
    progress(2, 2)


def _generated_by(user: User | None) -> str:
    # The exporter prints this on the About sheet: the e-mail, as the command line's does.
    return user.email if user is not None else "a former member of staff"


def _audit_end(job: Job, step: str, seconds: float) -> None:
    """The end of the job in the audit log too, in the requester's name: the job's one unit of
    work, committed before the job file says the job has ended. Best effort: the start was
    recorded with the request, and a hiccup here must not undo a finished export."""
    try:
        with unit_of_work():
            user = db.session.get(User, job.requested_by) if job.requested_by else None
            project_id = job.project_id if db.session.get(Project, job.project_id) else None
            audit.record(
                "export",
                actor=user,
                project_id=project_id,
                target=job.id,
                detail={
                    "step": step,
                    "rows": job.rows,
                    "seconds": round(seconds, 1),
                    **({"format": FORMATS[job.kind]} if job.kind != KIND else {}),
                },
            )
    except SQLAlchemyError:
        log.warning("export job %s: could not write the audit event for '%s'", job.id, step)


def run_in_app(app: Flask, job_id: str) -> None:
    """Run an export job in a fresh app context of `app`, so it has a database session of its
    own (the thread runner and RQ both come through here)."""
    with app.app_context():
        try:
            run_export(job_id)
        except Exception as exc:
            # Only reached when even the job file cannot be written: a thread pool would keep
            # the exception to itself, so say it here (no job file, nothing else will).
            _log_failure(job_id, exc)
