"""The `flask --app app …` commands (see the CLI table in the design contracts)."""

from __future__ import annotations

import json
import sys

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext
from flask_migrate import upgrade

from .extensions import db
from .models import Project, Role
from .services.accounts import AccountError, create_user
from .stats import project_counts


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
    """A CLI command that runs inside the app context and reports bad arguments in one line."""

    def wrap(fn):
        return click.command(name, cls=OneLineErrors)(with_appcontext(fn))

    return wrap


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
def create_user_command(email: str, role: str, name: str, projects: tuple[str, ...]) -> None:
    """Create a staff login. The password is prompted (or read from standard input)."""
    from .services.accounts import add_member

    members_of = [project_by_slug(slug) for slug in projects]
    password = _read_password()
    try:
        user = create_user(email, password, role, name=name)
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    for project in members_of:
        add_member(user, project)
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role.value}).")


@command("summary")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def summary(slug: str, as_json: bool) -> None:
    """Print a project's headline counts."""
    project = project_by_slug(slug)
    counts = project_counts(db.session, project)
    if as_json:
        click.echo(json.dumps({"project": project.slug, "name": project.name, **counts}))
        return
    click.echo(f"{project.name} ({project.slug})")
    for key, value in counts.items():
        click.echo(f"  {key.replace('_', ' ')}: {value}")


def register_cli(app: Flask) -> None:
    for cmd in (init_db, create_user_command, summary):
        app.cli.add_command(cmd)
