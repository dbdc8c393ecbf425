"""The demo project behind `flask --app app seed-demo`: created once, with an admin login whose
random password lives in the instance folder, never in the repository."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from coimpact.auth.passwords import verify_password
from coimpact.demo.build import build_project
from coimpact.demo.theory import SLUG
from coimpact.extensions import db
from coimpact.models import Form, Project, Role, ShareLink, User
from coimpact.services.accounts import add_member, create_user, set_password

DEMO_ADMIN_EMAIL = "demo-admin@example.org"
PASSWORD_FILE_NAME = "demo-admin-password"  # noqa: S105 (a file name, not a secret)


@dataclass
class DemoLogin:
    email: str
    password: str | None  # None when it cannot be shown (changed by someone since)
    note: str = ""


@dataclass
class DemoSeed:
    project: Project
    created: bool
    login: DemoLogin


@dataclass
class PublicLink:
    form_title: str
    label: str
    url: str  # the standard wording; the easy-read page is this plus "/easy"

    @property
    def easy_url(self) -> str:
        return f"{self.url}/easy"


def password_file() -> Path:
    """Where the demo admin's password is kept (tests point COIMPACT_DEMO_PASSWORD_FILE away)."""
    configured = current_app.config.get("COIMPACT_DEMO_PASSWORD_FILE")
    if configured:
        return Path(configured)
    return Path(current_app.instance_path) / PASSWORD_FILE_NAME


def _read_password(path: Path) -> str | None:
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None


def _write_password(path: Path, password: str) -> None:
    # Written readable by the owner alone, and through a temporary file so that a crash never
    # leaves half a password behind.
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(password + "\n")
    os.replace(temporary, path)


def ensure_demo_admin() -> tuple[User, DemoLogin]:
    """Find or create demo-admin@example.org with the password kept in the instance folder.

    The password file is written before the account is committed: if the commit fails, the next
    run creates the account with the same password, so the printed login stays true.
    """
    path = password_file()
    stored = _read_password(path)
    user = db.session.scalar(sa.select(User).where(User.email == DEMO_ADMIN_EMAIL))
    if user is None:
        password = stored or secrets.token_urlsafe(15)
        if stored is None:
            _write_password(path, password)
        user = create_user(DEMO_ADMIN_EMAIL, password, Role.ADMIN, name="Demo admin")
        return user, DemoLogin(DEMO_ADMIN_EMAIL, password)
    if stored is None:
        # The account exists but its password was never kept here (or the file was deleted):
        # give it a fresh one so the login printed below works.
        password = secrets.token_urlsafe(15)
        _write_password(path, password)
        set_password(user, password)
        note = f"{path} was missing, so the demo admin was given a new password."
        return user, DemoLogin(DEMO_ADMIN_EMAIL, password, note)
    if verify_password(user.password_hash, stored):
        return user, DemoLogin(DEMO_ADMIN_EMAIL, stored)
    note = "The demo admin's password has been changed since it was generated, so it is not shown."
    return user, DemoLogin(DEMO_ADMIN_EMAIL, None, note)


def seed_demo() -> DemoSeed:
    """Create the demo project (slug `demo`) and its admin unless they exist. Flushes; the
    command commits.

    Running it again changes nothing: an existing demo project is left exactly as it is.
    """
    admin, login = ensure_demo_admin()
    project = db.session.scalar(sa.select(Project).where(Project.slug == SLUG))
    created = project is None
    if project is None:
        project = build_project(admin)
    add_member(admin, project, actor=admin)
    db.session.flush()
    return DemoSeed(project=project, created=created, login=login)


def public_links(project: Project, base_url: str) -> list[PublicLink]:
    """The project's open share links as full URLs, in the order the forms were made."""
    rows = db.session.execute(
        sa.select(Form.title, ShareLink.label, ShareLink.token)
        .join(ShareLink.form)
        .where(Form.project_id == project.id, ShareLink.is_open.is_(True))
        .order_by(Form.id, ShareLink.id)
    )
    base = base_url.rstrip("/")
    return [PublicLink(title, label, f"{base}/f/{token}") for title, label, token in rows]
