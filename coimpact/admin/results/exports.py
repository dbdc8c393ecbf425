"""The funder workbook and the PDF reports (for funders, and easy read for participants) from
the admin: start an export, watch it, download it.

The export runs as a background job (see `coimpact.jobs`), so no web worker is held for the
minutes a large project takes; the status page refreshes itself every two seconds (a meta
refresh: no JavaScript needed) and offers the file when it is ready.

Who may do what: anyone who may see the project (admins, its staff and its viewers) may start
an export and download any of the project's kept workbooks and reports, not only the ones they
asked for. They hold nothing a member cannot already see or export themselves, and sharing the
file saves colleagues a second heavy export. Everyone else gets 404 alike for "not yours" and
"not there", so neither project ids nor job ids can be probed.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_login import current_user

from coimpact.admin.base import MAX_ROW_ID, ProtectedView
from coimpact.admin.scoped import require_visible, visible_project
from coimpact.auth.access import visible_projects
from coimpact.database import after_commit
from coimpact.domain.readable import uk_datetime
from coimpact.extensions import db
from coimpact.jobs import Job, JobStatus, JobStore, new_export_job, submit
from coimpact.jobs.export import (
    EASY_REPORT,
    FORMATS,
    KIND,
    KINDS,
    MEDIA_TYPES,
    NAMES,
    QUEUE_PROBLEM,
    REPORT,
    SUFFIXES,
    mark_failed,
)
from coimpact.models import Project, User
from coimpact.reports.periods import choose_period, period_named
from coimpact.services import audit

log = logging.getLogger(__name__)

STATUS_TEXT = {
    JobStatus.QUEUED: "Waiting to start",
    JobStatus.RUNNING: "Being made",
    JobStatus.DONE: "Ready to download",
    JobStatus.FAILED: "Could not be made",
}
STALE_TEXT = "Stopped without finishing"


def _store() -> JobStore:
    return JobStore.for_app(current_app)


def _submit(app, store: JobStore, job: Job) -> None:
    try:
        submit(app, job.id)
    except Exception:  # Redis down, queue misconfigured: the job cannot run
        log.exception("export job %s could not be queued", job.id)
        mark_failed(store, job, QUEUE_PROBLEM)


def _visible_job(job_id: str) -> Job:
    job = _store().load(job_id)
    if job is None or job.kind not in KINDS:
        abort(404)
    require_visible(job.project_id)
    return job


def _when(value: str | None, zone: bool = True) -> str:
    """A job's time (kept as ISO text in UTC) as people read times everywhere else."""
    return uk_datetime(datetime.fromisoformat(value), zone=zone) if value else ""


def _requester(job: Job) -> str:
    user = db.session.get(User, job.requested_by) if job.requested_by else None
    return user.email if user else "a former member of staff"


class ExportView(ProtectedView):
    """/admin/exports/: projects to export; /admin/exports/<project_id>: one project's page;
    /admin/exports/job/<job_id>: progress; …/download: the workbook."""

    def _render(self, template: str, status: int = 200, **context):
        page = self.render(
            template,
            status_text=STATUS_TEXT,
            stale_text=STALE_TEXT,
            when=_when,
            names=NAMES,
            **context,
        )
        return page, status

    def _status_page(self, job: Job, gone: bool = False):
        stale = job.is_stale()
        return self._render(
            "admin/exports/status.html",
            410 if gone else 200,
            job=job,
            project=db.session.get(Project, job.project_id),
            stale=stale,
            gone=gone,
            # Refreshing stops once there is nothing more to wait for.
            working=not (gone or stale or job.finished),
            requester=_requester(job),
        )

    @expose("/")
    def index(self):
        return self.render("admin/exports/index.html", projects=visible_projects(current_user))

    @expose(f"/<int(max={MAX_ROW_ID}):project_id>", methods=("GET",))
    def project(self, project_id: int):
        project = visible_project(project_id)
        return self._render(
            "admin/exports/project.html",
            project=project,
            choice=choose_period(project.id),
            jobs=_store().for_project(project.id),
            requester=_requester,
        )

    @expose(f"/<int(max={MAX_ROW_ID}):project_id>", methods=("POST",))
    def start(self, project_id: int):
        # CSRF is checked by the app-wide CSRFProtect before we get here.
        project = visible_project(project_id)
        # A named reporting period of the project, or all time ("" or a name that is not one).
        period = period_named(project.id, request.form.get("period"))
        # Which button was pressed: the workbook (also when none is said), or a report.
        kind = request.form.get("kind") or KIND
        if kind not in KINDS:
            abort(400)
        store = _store()
        running = store.active_for_project(project.id, kind)
        if running is not None:
            flash(f"A {NAMES[kind]} for this project is already being made: here it is.", "info")
            return redirect(url_for(".status", job_id=running.id), 303)
        job = new_export_job(store, project, current_user, period, kind)
        audit.record(
            "export",
            project_id=project.id,
            target=job.id,
            detail={
                "step": "started",
                "rows": job.rows,
                "via": "admin",
                **({"format": FORMATS[kind]} if kind != KIND else {}),
                **({"period": period.name} if period is not None else {}),
            },
        )
        # Started once the request has committed: the job's own session then finds its start
        # in the audit log, and on SQLite does not wait for this request's write lock.
        app = current_app._get_current_object()
        after_commit(lambda: _submit(app, store, job))
        return redirect(url_for(".status", job_id=job.id), 303)

    @expose("/job/<job_id>")
    def status(self, job_id: str):
        return self._status_page(_visible_job(job_id))

    @expose("/job/<job_id>/download")
    def download(self, job_id: str):
        job = _visible_job(job_id)
        if job.status != JobStatus.DONE:
            return redirect(url_for(".status", job_id=job.id))
        path = _store().result_path(job)
        project = db.session.get(Project, job.project_id)
        if path is None or not path.is_file() or project is None:
            # Purged after the retention, or the project itself is gone.
            return self._status_page(job, gone=True)
        audit.record(
            "export",
            project_id=project.id,
            target=job.id,
            detail={"step": "downloaded", "rows": job.rows},
        )
        day = (job.finished_at or job.created_at)[:10]
        what = {KIND: "", REPORT: "-report", EASY_REPORT: "-easy-read"}[job.kind]
        response = send_file(
            path,
            mimetype=MEDIA_TYPES[job.kind],
            as_attachment=True,
            download_name=f"{project.slug}{what}-{day}{SUFFIXES[job.kind]}",
            conditional=False,
            etag=False,
            max_age=0,
        )
        # A file of personal data must not stay in a shared computer's browser cache.
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
