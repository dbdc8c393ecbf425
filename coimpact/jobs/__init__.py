"""Background jobs without a job table: state in files under the instance folder (`store`), the
export job itself (`export`), and where it runs: a thread, or RQ on Redis (`runners`)."""

from coimpact.jobs.export import ExportFailed, new_export_job, run_export
from coimpact.jobs.runners import queue_mode, submit
from coimpact.jobs.store import Job, JobStatus, JobStore

__all__ = [
    "ExportFailed",
    "Job",
    "JobStatus",
    "JobStore",
    "new_export_job",
    "queue_mode",
    "run_export",
    "submit",
]
