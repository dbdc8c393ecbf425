"""The `flask --app app …` commands (see the CLI table in the design contracts)."""

from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from coimpact.database import schema_behind, unit_of_work
from coimpact.domain.periods import Period, PeriodError, period_from_options
from coimpact.domain.readable import UK, plural, uk_date
from coimpact.extensions import db
from coimpact.models import CoassessorRole, Project, Role
from coimpact.reports.counts import project_counts
from coimpact.reports.periods import named_as
from coimpact.services.accounts import AccountError, create_user
from coimpact.services.coassessors import DEFAULT_DAYS, MAX_DAYS


class OneLineErrors(click.Command):
    """Bad arguments give one clear line on stderr, not a page of usage."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            error = click.ClickException(f"{exc.format_message()} (see --help)")
            error.exit_code = 2
            raise error from None


def command(name: str):
    """A CLI command that runs inside the app context, reports bad arguments in one line, and
    is one unit of work: what it changed is committed when it ends, and nothing is if it fails
    (`database.unit_of_work`). What the command returns is printed after the commit, so that
    "Created …" is never said of something a failed commit did not keep."""

    def wrap(fn):
        @functools.wraps(fn)
        def committed(*args, **kwargs):
            try:
                with unit_of_work():
                    said = fn(*args, **kwargs)
            except (sa.exc.OperationalError, sa.exc.ProgrammingError):
                behind = schema_behind(current_app.extensions["migrate"].directory)
                if behind is None:
                    raise
                raise click.ClickException(behind) from None
            if said:
                click.echo(said)

        return click.command(name, cls=OneLineErrors)(with_appcontext(committed))

    return wrap


def period_options(fn):
    """`--from DATE` and `--to DATE`: ISO dates, inclusive, in UK time; passed on as `period`
    (a Period, or None when neither is given)."""
    fn = click.option(
        "--to",
        "period_to",
        metavar="DATE",
        help="The last day to include (YYYY-MM-DD, UK time, inclusive).",
    )(fn)
    return click.option(
        "--from",
        "period_from",
        metavar="DATE",
        help="The first day to include (YYYY-MM-DD, UK time).",
    )(fn)


def read_period(period_from: str | None, period_to: str | None) -> Period | None:
    try:
        return period_from_options(period_from, period_to)
    except PeriodError as exc:
        raise click.ClickException(str(exc)) from None


def project_by_slug(slug: str) -> Project:
    project = db.session.scalar(sa.select(Project).where(Project.slug == slug))
    if project is None:
        raise click.ClickException(f"No project with the slug '{slug}'.")
    return project


@command("init-db")
def init_db() -> None:
    """Create the database, or upgrade it to the latest schema."""
    upgrade()
    click.echo("Database is up to date.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        raise click.ClickException("No password given on standard input.")
    return line.rstrip("\r\n")


@command("create-user")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.STAFF.value,
    show_default=True,
    help="admin: everything; staff: their projects; viewer: read and export only.",
)
@click.option("--name", default="", help="The person's name, shown in the admin.")
@click.option("--project", "projects", multiple=True, metavar="SLUG", help="Add to a project.")
def create_user_command(email: str, role: str, name: str, projects: tuple[str, ...]) -> str:
    """Create a staff login. The password is prompted (or read from standard input)."""
    from coimpact.services.accounts import add_member

    members_of = [project_by_slug(slug) for slug in projects]
    password = _read_password()
    try:
        user = create_user(email, password, role, name=name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    for project in members_of:
        add_member(user, project)
    db.session.flush()
    return f"Created {user.email} ({user.role.value})."


@command("create-project")
@click.argument("slug")
@click.option("--name", required=True, help="The project's name, as people know it.")
@click.option("--organisation", default="", help="Who runs it.")
@click.option(
    "--starter",
    is_flag=True,
    help="Fill its Theory of Change from SCIE's starter set, to edit with the group.",
)
def create_project_command(slug: str, name: str, organisation: str, starter: bool) -> str:
    """Make a project (empty, or from the starter set). SLUG is its short name in links."""
    from coimpact.services.projects import ProjectError, create_project

    try:
        project, summary = create_project(
            slug, name, organisation=organisation, starter_set=starter
        )
    except ProjectError as exc:
        raise click.ClickException(str(exc)) from None
    said = f"Created the project {project.name} ({project.slug})."
    if summary is not None:
        said += (
            f"\nStarted from SCIE's starter set: {summary.elements} elements, "
            f"{summary.outcomes} outcomes and {summary.indicators} indicators."
        )
    return said


@command("summary")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@period_options
def summary(slug: str, as_json: bool, period_from: str | None, period_to: str | None) -> None:
    """Print a project's headline counts (responses and evidence of a period with --from/--to)."""
    period = read_period(period_from, period_to)
    project = project_by_slug(slug)
    if period is not None:
        period = named_as(project.id, period)  # "2026-27 (1 Apr 2026 to 31 Mar 2027)"
    counts = project_counts(db.session, project, period)
    if as_json:
        said = {"project": project.slug, "name": project.name, **counts}
        if period is not None:
            said["period"] = period.name or None
            said["from"] = period.start.isoformat() if period.start else None
            said["to"] = period.end.isoformat() if period.end else None
        click.echo(json.dumps(said))
        return
    click.echo(f"{project.name} ({project.slug})")
    if period is not None:
        click.echo(f"  period: {period.label}")
    for key, value in counts.items():
        click.echo(f"  {key.replace('_', ' ')}: {value}")


@command("seed-demo")
@click.option(
    "--responses",
    "target",
    type=click.IntRange(min=0),
    metavar="N",
    help="Top the demo project up to N responses with synthetic ones (for benchmarks).",
)
def seed_demo_command(target: int | None) -> str:
    """Create the demo project (slug demo) and its admin login; running it again changes nothing.

    Prints the admin login and every public form link as a full URL on its own line.
    """
    # Imported here, not at the top: the demo's data is only needed when this command runs.
    from coimpact.demo.seed import public_links, seed_demo

    seeded = seed_demo()
    project = seeded.project
    if seeded.created:
        said = [f"Created the demo project '{project.name}' (slug {project.slug})."]
    else:
        said = [f"The demo project (slug {project.slug}) is already there; left as it was."]
    if target is not None:
        _top_up(project, target)

    base_url = current_app.config["COIMPACT_BASE_URL"].rstrip("/")
    login = seeded.login
    said += [
        "",
        f"Sign in at {base_url}/login",
        f"  email:    {login.email}",
        f"  password: {login.password if login.password else '(not shown)'}",
    ]
    if login.note:
        said.append(f"  {login.note}")
    said += ["", "Public form links (standard wording, then easy read):"]
    for link in public_links(project, base_url):
        said += [f"{link.form_title} - {link.label}:", link.url, link.easy_url]
    return "\n".join(said)


def _top_up(project: Project, target: int) -> None:
    from coimpact.demo.bulk import count_responses, top_up

    missing = target - count_responses(project)
    if missing <= 0:
        click.echo(
            f"The demo project already has {plural(target, 'response')} or more; none added."
        )
        return
    try:
        if sys.stdout.isatty():
            with click.progressbar(length=missing, label="Adding responses") as bar:
                added = top_up(project, target, on_batch=bar.update)
        else:
            added = top_up(project, target)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    rate = added.added / added.seconds if added.seconds else 0
    click.echo(
        f"Added {plural(added.added, 'synthetic response')} ({plural(added.answers, 'answer')}) "
        f"in {added.seconds:.1f} s ({rate:,.0f} responses a second)."
    )


def out_option(fn):
    """`--out PATH`: the file to write, or a folder to write the usual name into."""
    return click.option(
        "--out",
        type=click.Path(path_type=Path),
        help="The file to write, or a folder for the usual name (default: COIMPACT_EXPORT_DIR).",
    )(fn)


@contextmanager
def _written_whole(target: Path) -> Iterator[IO[bytes]]:
    """A file to write `target` through: made under a temporary name (readable by us alone:
    exports hold personal data) and renamed when the block ends, so no one ever opens half a
    file; removed if the block fails. A folder that cannot be written is one line of error."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as exc:
        raise click.ClickException(f"Cannot write to {target.parent}: {exc.strerror}.") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(temporary, target)
    except OSError as exc:
        raise click.ClickException(f"Cannot write {target}: {exc.strerror or exc}.") from None
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def _audit_written(project: Project, target: Path, fmt: str, period: Period | None) -> None:
    """An export made from the command line, in the audit log (the file's name, never a path)."""
    from coimpact.services import audit

    audit.record(
        "export",
        project_id=project.id,
        target=target.name[:200],
        detail={
            "generated_by": "command line",
            "format": fmt,
            **({"period": period.dates} if period is not None else {}),
        },
    )
    db.session.flush()


@command("export")
@click.argument("slug")
@out_option
@period_options
def export_command(
    slug: str, out: Path | None, period_from: str | None, period_to: str | None
) -> None:
    """Write the project's funder workbook (.xlsx) and print its path; with --from/--to, for
    that period only."""
    from coimpact.workbook.build import export_workbook
    from coimpact.workbook.layout import WorkbookLayoutError

    period = read_period(period_from, period_to)
    project = project_by_slug(slug)
    target = _export_target(project.slug, out)
    try:
        with _written_whole(target) as fh, _progress_bar("Writing the workbook") as progress:
            export_workbook(
                project.id, fh, generated_by="command line", progress=progress, period=period
            )
    except (WorkbookLayoutError, LookupError) as exc:
        raise click.ClickException(str(exc)) from None
    _audit_written(project, target, "xlsx", period)
    click.echo(str(target))


@command("report")
@click.argument("slug")
@out_option
@period_options
@click.option(
    "--easy-read",
    "easy_read",
    is_flag=True,
    help='The easy-read report for participants ("What you told us and what we did").',
)
def report_command(
    slug: str, out: Path | None, period_from: str | None, period_to: str | None, easy_read: bool
) -> None:
    """Write the project's PDF report for funders (or, with --easy-read, for participants) and
    print its path; with --from/--to, for that period only."""
    from coimpact.printed import easy_report, funder_report

    period = read_period(period_from, period_to)
    project = project_by_slug(slug)
    target = _export_target(project.slug, out, suffix="-easy-read.pdf" if easy_read else ".pdf")
    build = easy_report.build if easy_read else funder_report.build
    data = build(project, period, generated_by="command line")
    with _written_whole(target) as fh:
        fh.write(data)
    _audit_written(project, target, "pdf-easy-read" if easy_read else "pdf", period)
    click.echo(str(target))


@contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a bar on a terminal; None when output is piped or logged."""
    if not sys.stdout.isatty():
        yield None
        return
    # No ETA: long jobs start slowly (the first workbook sheets) before the rows flow.
    with click.progressbar(length=1, label=label, show_eta=False) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        yield progress


def _export_target(slug: str, out: Path | None, suffix: str = ".xlsx") -> Path:
    """--out as given (a folder gets the usual name inside it), else the usual name in
    COIMPACT_EXPORT_DIR: <slug>-<YYYYMMDD-HHMM><suffix> in UK time, with -2, -3 … if taken."""
    if out is not None and not out.is_dir():
        return out
    folder = out if out is not None else Path(current_app.config["COIMPACT_EXPORT_DIR"])
    stamp = datetime.now(UK).strftime("%Y%m%d-%H%M")
    target, n = folder / f"{slug}-{stamp}{suffix}", 2
    while target.exists():
        target, n = folder / f"{slug}-{stamp}-{n}{suffix}", n + 1
    return target


@command("coassessor-link")
@click.argument("slug")
@click.option(
    "--label", default="Co-assessor", show_default=True, help='A first name or "Member 3".'
)
@click.option(
    "--role",
    type=click.Choice([r.value for r in CoassessorRole]),
    default=CoassessorRole.LIVED_EXPERIENCE.value,
    show_default=True,
    help="Counted by role, never by name.",
)
@click.option(
    "--days",
    type=click.IntRange(min=1, max=MAX_DAYS),
    default=DEFAULT_DAYS,
    show_default=True,
    help="How many days the link works.",
)
def coassessor_link_command(slug: str, label: str, role: str, days: int) -> str:
    """Make a co-assessor's personal link for the project and print it as a full URL. It is
    shown this once: only a fingerprint of it is kept."""
    from coimpact.services.coassessors import invite

    project = project_by_slug(slug)
    try:
        made = invite(project, label, role, days)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    # The URL alone on its last line, for scripts; printed after the commit (see `command`).
    until = uk_date(made.coassessor.expires_at)
    return f"Link for {made.coassessor.label}, working until {until}:\n{made.url}"


@command("erase")
@click.argument("ref")
@click.option("--reason", default="", help="Why (kept in the audit log; no personal details).")
def erase_command(ref: str, reason: str) -> str:
    """Erase one response by its reference (R-…) and everything derived from it."""
    from coimpact.services.erasure import ErasureError, erase_response

    try:
        erased = erase_response(ref, reason=reason)
    except ErasureError as exc:
        raise click.ClickException(str(exc)) from None
    return (
        f"Erased {ref.strip().upper()}: {plural(erased.answers, 'answer')}, "
        f"{plural(erased.evidence_items, 'evidence item')}."
    )


@command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=1), required=True, metavar="DAYS")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def purge_command(days: int, yes: bool) -> str:
    """Delete responses (and unfinished drafts) older than a retention period, in days."""
    from coimpact.services.erasure import purge_older_than

    if not yes and not click.confirm(f"Delete every response older than {plural(days, 'day')}?"):
        raise click.ClickException("Nothing deleted.")
    erased = purge_older_than(days)
    return (
        f"Purged {plural(erased.responses, 'response')} ({plural(erased.answers, 'answer')}, "
        f"{plural(erased.evidence_items, 'evidence item')}) older than {plural(days, 'day')}."
    )


@command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Copy the SQLite database to PATH while the app keeps running (PostgreSQL: use pg_dump)."""
    from coimpact.services.backup import BackupError, backup_sqlite

    with _progress_bar("Backing up") as progress:
        try:
            made = backup_sqlite(path, progress=progress)
        except BackupError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{made.path} ({plural(made.bytes, 'byte')})")


def register_cli(app: Flask) -> None:
    for cmd in (
        init_db,
        create_user_command,
        create_project_command,
        summary,
        seed_demo_command,
        export_command,
        report_command,
        coassessor_link_command,
        erase_command,
        purge_command,
        backup_command,
    ):
        app.cli.add_command(cmd)
