"""`flask --app app coassessor-link SLUG [--label TEXT] [--role …] [--days N]`: makes a
co-assessor of the project and prints its link as a full URL on its own line, once; only a
hash of the token is stored, and the link stops working when revoked."""

from __future__ import annotations

import re

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import AuditEvent, Coassessor, CoassessorRole
from coimpact.models.coassessment import coassessor_token_hash
from coimpact.services.coassessors import revoke

URL_LINE = re.compile(r"^https://impact\.example\.org/c/([A-Za-z0-9_-]{43})$")


def people() -> list[Coassessor]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Coassessor).order_by(Coassessor.id)))


def test_prints_one_url_line_and_keeps_only_the_hash(make_app, make_project):
    app = make_app(COIMPACT_BASE_URL="https://impact.example.org/")
    with app.app_context():
        project = make_project(slug="harbour")
        result = app.test_cli_runner().invoke(
            args=["coassessor-link", "harbour", "--label", "Member 3", "--role", "carer"]
        )
        assert result.exit_code == 0, result.output
        urls = [line for line in result.output.splitlines() if "/c/" in line]
        assert len(urls) == 1
        token = URL_LINE.match(urls[0]).group(1)
        (person,) = people()
        assert person.project_id == project.id and person.label == "Member 3"
        assert person.role == CoassessorRole.CARER
        assert person.token_hash != token and person.token_hash == coassessor_token_hash(token)
        assert (person.expires_at - person.created_at).days == 90
        assert person.revoked_at is None and person.usable_at(person.created_at)
        events = db.session.scalars(sa.select(AuditEvent)).all()
        assert [e.action for e in events] == ["coassessor_invited"]
        assert all(token not in f"{e.target}{e.detail}" for e in events)

        revoke(person)
        db.session.commit()
        (person,) = people()
        assert person.revoked_at is not None and not person.usable_at(person.created_at)
        # Its link signs nobody in.
        assert app.test_client().get(f"/c/{token}").status_code in (404, 410)


def test_defaults_and_days(runner, make_project):
    make_project(slug="harbour")
    result = runner.invoke(args=["coassessor-link", "harbour", "--days", "7"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1].startswith("http://127.0.0.1:5000/c/")
    (person,) = people()
    assert person.role == CoassessorRole.LIVED_EXPERIENCE
    assert (person.expires_at - person.created_at).days == 7


def test_errors_say_one_line(runner, make_project):
    make_project(slug="harbour")
    for args in (
        ["coassessor-link", "nowhere"],
        ["coassessor-link", "harbour", "--days", "0"],
        ["coassessor-link", "harbour", "--role", "boss"],
        ["coassessor-link", "harbour", "--label", "   "],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert len(result.output.strip().splitlines()) == 1, result.output
    assert not people()
