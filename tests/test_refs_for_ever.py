"""Refs that mean one thing for ever: an outcome or indicator ref (A1, B3, A1.2) is never handed
out again once used, even after the item is deleted, whichever way it was added or removed."""

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Indicator, Outcome, Role, Section
from coimpact.services.theory import add_indicator, add_outcome
from tests.admin_helpers import build_theory, indicator_refs, outcome_refs, post_form, token_from


def delete(client, url: str, item_id: int) -> None:
    token = token_from(client, url)
    response = client.post(f"{url}delete/", data={"id": item_id, "csrf_token": token})
    assert response.status_code == 302


def test_a_deleted_b3_never_comes_back(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    for statement in ("One", "Two", "Three"):
        response = post_form(
            client,
            f"/admin/outcomes/new/?project_id={project.id}",
            {"section": "benefit", "statement": statement},
        )
        assert response.status_code == 302
    assert outcome_refs(project) == ["B1", "B2", "B3"]
    b3 = db.session.scalar(sa.select(Outcome).where(Outcome.statement == "Three"))
    delete(client, "/admin/outcomes/", b3.id)
    assert outcome_refs(project) == ["B1", "B2"]
    post_form(
        client,
        f"/admin/outcomes/new/?project_id={project.id}",
        {"section": "benefit", "statement": "Four"},
    )
    db.session.expire_all()
    assert outcome_refs(project) == ["B1", "B2", "B4"]


def test_a_deleted_indicator_ref_never_comes_back(client, make_project, make_user, login):
    project = make_project()
    theory = build_theory(project)  # A1 with A1.1
    outcome = theory["outcome"]
    login(make_user(Role.STAFF, projects=[project]))
    post_form(
        client,
        "/admin/indicators/new/",
        {"outcome": outcome.id, "statement": "Leaflets used", "measure": "count"},
    )
    assert indicator_refs(outcome.id) == ["A1.1", "A1.2"]
    a12 = db.session.scalar(sa.select(Indicator).where(Indicator.statement == "Leaflets used"))
    delete(client, "/admin/indicators/", a12.id)
    post_form(
        client,
        "/admin/indicators/new/",
        {"outcome": outcome.id, "statement": "Leaflets read", "measure": "count"},
    )
    db.session.expire_all()
    assert indicator_refs(outcome.id) == ["A1.1", "A1.3"]


def test_the_service_never_reuses_either(app, make_project):
    project = make_project()
    first = add_outcome(project, Section.IMPACT, "First")
    second = add_outcome(project, Section.IMPACT, "Second")
    for n in range(3):
        add_indicator(second, f"Indicator {n}")
    db.session.commit()
    last_indicator = second.indicators[-1]
    db.session.delete(last_indicator)
    db.session.commit()
    assert add_indicator(second, "Again").ref == "I2.4"
    db.session.delete(second)
    db.session.commit()
    assert add_outcome(project, Section.IMPACT, "Third").ref == "I3"
    # Other sections and projects keep their own numbers.
    assert add_outcome(project, Section.ACHIEVEMENT, "Elsewhere").ref == "A1"
    assert add_outcome(make_project(), Section.IMPACT, "Other project").ref == "I1"
    assert first.ref == "I1"


def test_the_migration_fills_the_high_water_marks_from_existing_rows(make_app):
    from tests.test_migrations import logging_left_alone

    app = make_app(create_schema=False)
    with app.app_context():

        def run(*args: str) -> None:
            with logging_left_alone():
                result = app.test_cli_runner().invoke(args=list(args))
            assert result.exit_code == 0, result.output

        run("db", "upgrade", "0004")
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO projects (id, slug, name, organisation, problem, aim,"
                    " lived_experience, evidence_counter, created_at)"
                    " VALUES (1001, 'older', 'Older', '', '', '', '', 0, '2026-01-01 00:00:00')"
                )
            )
            # Explicit ids well above the sequences' next values (PostgreSQL does not move them).
            for ref in (1, 3):
                connection.execute(
                    sa.text(
                        "INSERT INTO outcomes (id, project_id, section, ref_number, statement,"
                        " who_benefits, unexpected, created_at) VALUES"
                        " (:id, 1001, 'benefit', :ref, 'B', '', false, '2026-01-01 00:00:00')"
                    ),
                    {"id": 1000 + ref, "ref": ref},
                )
            connection.execute(
                sa.text(
                    "INSERT INTO indicators (outcome_id, ref_number, statement, measure,"
                    " baseline, target, method, owner)"
                    " VALUES (1003, 2, 'B3.2', 'count', '', '', '', '')"
                )
            )
        run("init-db")
        project = db.session.get(Outcome, 1003).project
        b3 = db.session.get(Outcome, 1003)
        assert b3.indicator_counter == 2
        db.session.delete(b3)
        db.session.commit()
        assert add_outcome(project, Section.BENEFIT, "New").ref == "B4"
        b1 = db.session.get(Outcome, 1001)
        assert add_indicator(b1, "First of B1").ref == "B1.1"
        db.session.rollback()
