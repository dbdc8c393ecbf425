"""Building a Theory of Change in the admin: outcome and indicator refs, sections, elements,
links between outcomes, and the project settings."""

import re
from datetime import date

import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import AuditEvent, ElementKind, Outcome, Project, Role, TocElement
from tests.admin_helpers import (
    build_theory,
    count,
    indicator_refs,
    outcome_refs,
    post_form,
    token_from,
)


def new_outcome(client, project, section, statement, **extra):
    return post_form(
        client,
        f"/admin/outcomes/new/?project_id={project.id}",
        {"section": section, "statement": statement, **extra},
    )


def outcome_by_statement(statement: str) -> Outcome:
    db.session.expire_all()
    return db.session.scalar(sa.select(Outcome).where(Outcome.statement == statement))


def test_new_outcomes_get_the_next_ref_of_their_section(client, make_project, make_user, login):
    project = make_project()
    build_theory(project)  # A1
    login(make_user(Role.STAFF, projects=[project]))
    for section, statement in [
        ("benefit", "Members feel more confident"),
        ("benefit", "Members trust the workers"),
        ("achievement", "The leaflet was rewritten"),
        ("impact", "People shape commissioning"),
        ("process", "Members felt listened to"),
    ]:
        assert new_outcome(client, project, section, statement).status_code == 302
    assert outcome_refs(project) == ["A1", "A2", "B1", "B2", "I1", "E1"]
    # Refs are not renumbered: with B1 gone, B2 stays B2 and the next benefit is B3.
    b1 = outcome_by_statement("Members feel more confident")
    token = token_from(client, "/admin/outcomes/")
    assert (
        client.post("/admin/outcomes/delete/", data={"id": b1.id, "csrf_token": token}).status_code
        == 302
    )
    new_outcome(client, project, "benefit", "Members feel better")
    assert outcome_refs(project) == ["A1", "A2", "B2", "B3", "I1", "E1"]


def test_refs_are_counted_per_project(client, make_project, make_user, login):
    first, second = make_project(), make_project()
    build_theory(first)
    login(make_user(Role.ADMIN))
    new_outcome(client, second, "achievement", "Second project's first achievement")
    assert outcome_refs(second) == ["A1"]


def test_outcome_list_shows_refs_and_section_labels(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    new_outcome(client, project, "process", "Meetings were accessible")
    new_outcome(client, project, "benefit", "Members feel more confident")
    page = client.get("/admin/outcomes/").text
    assert "Evaluation &amp; feedback" in page and "Benefits" in page
    refs = re.findall(r'<td class="col-ref">\s*([A-Z]\d+)\s*</td>', page)
    sections = re.findall(r'<td class="col-section">\s*([^<]+?)\s*</td>', page)
    assert refs == ["B1", "E1"] and sections == ["Benefits", "Evaluation &amp; feedback"]
    # Sorted by section by default: benefits before evaluation & feedback.
    assert page.index("Members feel more confident") < page.index("Meetings were accessible")
    # Filter by section (the second filter of the list).
    only_process = client.get("/admin/outcomes/?flt0_1=process").text
    assert "Meetings were accessible" in only_process
    assert "Members feel more confident" not in only_process
    # An unknown section is ignored with a message, not a server error.
    assert client.get("/admin/outcomes/?flt0_1=bogus").status_code == 200


def test_indicators_added_inline_get_refs_under_their_outcome(
    client, make_project, make_user, login
):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    response = new_outcome(
        client,
        project,
        "benefit",
        "Members feel more confident",
        **{
            "indicators-0-statement": "Confidence rating before and after",
            "indicators-0-measure": "before_after",
            "indicators-0-baseline": "2.1",
            "indicators-0-target": "3.0",
            "indicators-1-statement": "Stories of speaking up",
            "indicators-1-measure": "quotes",
        },
    )
    assert response.status_code == 302
    outcome = outcome_by_statement("Members feel more confident")
    assert indicator_refs(outcome.id) == ["B1.1", "B1.2"]
    first = outcome.indicators[0]
    assert (first.baseline, first.target, first.measure.value) == ("2.1", "3.0", "before_after")
    # Adding one more on the edit page continues the numbering.
    data = {"statement": outcome.statement}
    for n, indicator in enumerate(outcome.indicators):
        data |= {
            f"indicators-{n}-id": str(indicator.id),
            f"indicators-{n}-statement": indicator.statement,
            f"indicators-{n}-measure": indicator.measure.value,
        }
    data |= {"indicators-2-statement": "Share who agree", "indicators-2-measure": "percent_agree"}
    assert post_form(client, f"/admin/outcomes/edit/?id={outcome.id}", data).status_code == 302
    assert indicator_refs(outcome.id) == ["B1.1", "B1.2", "B1.3"]


def test_indicators_view_gives_the_next_ref(client, make_project, make_user, login):
    project = make_project()
    theory = build_theory(project)  # A1 with A1.1
    login(make_user(Role.STAFF, projects=[project]))
    response = post_form(
        client,
        "/admin/indicators/new/",
        {"outcome": theory["outcome"].id, "statement": "Leaflets used", "measure": "count"},
    )
    assert response.status_code == 302
    assert indicator_refs(theory["outcome"].id) == ["A1.1", "A1.2"]
    listing = client.get("/admin/indicators/").text
    assert "A1.2" in listing and "Leaflets used" in listing


def test_edit_cannot_move_an_outcome_or_change_its_section(client, make_project, make_user, login):
    first, second = make_project(), make_project()
    theory = build_theory(first)
    login(make_user(Role.STAFF, projects=[first, second]))
    outcome = theory["outcome"]
    page = client.get(f"/admin/outcomes/edit/?id={outcome.id}").text
    assert 'name="project"' not in page and 'name="section"' not in page
    response = post_form(
        client,
        f"/admin/outcomes/edit/?id={outcome.id}",
        {"statement": "Same outcome", "project": second.id, "section": "impact"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Outcome, outcome.id)
    assert (moved.project_id, moved.ref) == (first.id, "A1")


def test_outcomes_contribute_to_outcomes_of_their_project(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    new_outcome(client, project, "impact", "People shape commissioning")
    impact = outcome_by_statement("People shape commissioning")
    new_outcome(client, project, "achievement", "Leaflet rewritten", contributes_to=impact.id)
    achievement = outcome_by_statement("Leaflet rewritten")
    assert [o.ref for o in achievement.contributes_to] == ["I1"]
    overview = client.get(f"/admin/overview/{project.id}").text
    assert 'href="#outcome-I1"' in overview
    # An outcome cannot contribute to itself.
    response = post_form(
        client,
        f"/admin/outcomes/edit/?id={impact.id}",
        {"statement": impact.statement, "contributes_to": impact.id},
    )
    assert response.status_code == 200
    assert outcome_by_statement("People shape commissioning").contributes_to == []


def test_elements_are_ordered_and_appended(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    for text in ("Members' time", "Facilitator's time"):
        response = post_form(
            client, f"/admin/elements/new/?project_id={project.id}", {"kind": "input", "text": text}
        )
        assert response.status_code == 302
    post_form(
        client,
        f"/admin/elements/new/?project_id={project.id}",
        {"kind": "input", "text": "Venue", "position": "0"},
    )
    db.session.expire_all()
    rows = db.session.scalars(
        sa.select(TocElement).order_by(TocElement.position, TocElement.id)
    ).all()
    assert [(e.text, e.position) for e in rows] == [
        ("Members' time", 0),
        ("Venue", 0),
        ("Facilitator's time", 1),
    ]
    assert {e.kind for e in rows} == {ElementKind.INPUT}
    assert "Input" in client.get("/admin/elements/").text


def test_project_settings_are_checked(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.ADMIN))
    bad_slug = post_form(
        client, f"/admin/projects/edit/?id={project.id}", {"name": "X", "slug": "Not OK!"}
    )
    assert bad_slug.status_code == 200 and "lower-case letters" in bad_slug.text
    new = {"name": "New", "slug": "new-one", "starter_set": "empty"}
    backwards = post_form(
        client,
        "/admin/projects/new/",
        new | {"first_period_start": "2026-04-01", "first_period_end": "2025-04-01"},
    )
    assert backwards.status_code == 200 and "cannot end before it starts" in backwards.text
    half = post_form(client, "/admin/projects/new/", new | {"first_period_start": "2026-04-01"})
    assert half.status_code == 200 and "Give both the first and the last day" in half.text
    assert count(Project) == 1  # neither half-made project was kept
    taken = make_project(slug="taken")
    duplicate = post_form(
        client, f"/admin/projects/edit/?id={project.id}", {"name": "X", "slug": taken.slug}
    )
    assert duplicate.status_code == 200
    db.session.expire_all()
    assert db.session.get(Project, project.id).slug == project.slug
    assert count(Project) == 2


def test_a_new_project_gets_its_first_reporting_period(client, make_user, login):
    login(make_user(Role.ADMIN))
    made = post_form(
        client,
        "/admin/projects/new/",
        {
            "name": "Year one",
            "slug": "year-one",
            "starter_set": "empty",
            "first_period_start": "2026-04-01",
            "first_period_end": "2027-03-31",
        },
    )
    assert made.status_code == 302, made.text
    project = db.session.scalar(sa.select(Project).where(Project.slug == "year-one"))
    assert [(p.name, p.start_date, p.end_date) for p in project.periods] == [
        ("2026-27", date(2026, 4, 1), date(2027, 3, 31))
    ]
    listed = client.get("/admin/projects/").text
    assert "2026-27" in listed


def test_admin_deletes_a_project_with_its_theory(client, make_project, make_user, login):
    doomed, kept = make_project(slug="doomed"), make_project(slug="kept")
    build_theory(doomed)
    build_theory(kept)
    login(make_user(Role.ADMIN))
    token = token_from(client, "/admin/projects/")
    response = client.post("/admin/projects/delete/", data={"id": doomed.id, "csrf_token": token})
    assert response.status_code == 302
    assert count(Project) == 1 and count(Outcome) == 1 and count(TocElement) == 1
    assert outcome_refs(kept) == ["A1"]
    assert (
        db.session.scalar(
            sa.select(AuditEvent.target).where(AuditEvent.action == "project_deleted")
        )
        == "doomed"
    )
