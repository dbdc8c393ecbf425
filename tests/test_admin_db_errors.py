"""A save the database refuses: staff get a plain message, and neither the page nor the log
carries the statement or the values typed (flask-admin's own handler shows both)."""

import logging

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import Outcome, Role
from tests.admin_helpers import build_theory, post_form

REFUSAL = "REFUSED-BY-THE-DATABASE"
TYPED = "Words-only-the-staff-member-typed-7731"


def refuse_outcome_updates() -> None:
    """A real refusal from the database itself: a trigger that fails every update."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(
            sa.text(
                "CREATE TRIGGER refuse BEFORE UPDATE ON outcomes "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
        )
    else:
        db.session.execute(
            sa.text(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$ LANGUAGE plpgsql"
            )
        )
        db.session.execute(
            sa.text(
                "CREATE TRIGGER refuse BEFORE UPDATE ON outcomes "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        )
    db.session.commit()


def test_a_refused_save_says_so_plainly_and_leaks_nothing(
    client, make_project, make_user, login, caplog
):
    project = make_project()
    outcome = build_theory(project)["outcome"]
    before = outcome.statement
    login(make_user(Role.STAFF, projects=[project]))
    refuse_outcome_updates()

    with caplog.at_level(logging.DEBUG):
        response = post_form(client, f"/admin/outcomes/edit/?id={outcome.id}", {"statement": TYPED})
    page = (
        client.get(f"/admin/outcomes/edit/?id={outcome.id}").text
        if response.status_code == 302
        else response.text
    )

    assert response.status_code in (200, 302)
    assert "could not be saved" in page
    for leak in (REFUSAL, "UPDATE outcomes", "[SQL:"):
        assert leak not in page
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert TYPED not in logged and "UPDATE outcomes" not in logged
    db.session.expire_all()
    assert db.session.get(Outcome, outcome.id).statement == before


def test_a_search_holding_nul_is_a_friendly_400_on_every_database(
    client, make_project, make_user, login
):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    for url in (
        "/admin/responses/?search=a%00b",
        "/admin/outcomes/?flt0_0=%00",
        "/admin/evidence/?a%00=1",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "Something went wrong with that request" in response.text
    assert client.get("/admin/responses/?search=ab").status_code == 200
