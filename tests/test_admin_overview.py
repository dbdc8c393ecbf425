"""The project overview grid, the admin home page, and new projects from SCIE's starter set."""

import re

import sqlalchemy as sa
from markupsafe import escape

from coimpact.domain import starter_set as starter
from coimpact.extensions import db
from coimpact.models import (
    AuditEvent,
    ElementKind,
    Indicator,
    MeasureKind,
    Outcome,
    Project,
    Role,
    Section,
    TocElement,
)
from coimpact.services.projects import apply_starter_set
from coimpact.services.theory import add_indicator, add_outcome
from tests.admin_helpers import column_html, count, outcome_refs, post_form

COLUMNS = [
    "Problem and aim",
    "Inputs",
    "Activities",
    "Outputs",
    "Achievements",
    "Benefits",
    "Impact",
    "Evaluation &amp; feedback",
]


def test_overview_shows_the_whole_chain(client, make_project, make_user, login):
    project = make_project(
        name="Respite easy read",
        problem="Respite information is hard to read.\nFamilies miss out.",
        aim="People with a learning disability shape respite services.",
    )
    for kind, text in [
        (ElementKind.INPUT, "Members' lived experience"),
        (ElementKind.ACTIVITY, "Monthly workshops"),
        (ElementKind.OUTPUT, "12 meetings held"),
        (ElementKind.ASSUMPTION, "The council will listen"),
        (ElementKind.ENABLER, "Accessible venue"),
    ]:
        db.session.add(TocElement(project=project, kind=kind, text=text))
    a1 = add_outcome(project, Section.ACHIEVEMENT, "Leaflet rewritten in easy read")
    add_indicator(a1, "Leaflets rewritten", MeasureKind.COUNT, baseline="0", target="3")
    b1 = add_outcome(project, Section.BENEFIT, "Members feel more confident", "Group members")
    add_indicator(b1, "Confidence rating", MeasureKind.BEFORE_AFTER, "2.1 of 3", "2.6 of 3")
    i1 = add_outcome(project, Section.IMPACT, "People shape commissioning")
    add_outcome(project, Section.PROCESS, "Members felt listened to", unexpected=True)
    a1.contributes_to.append(i1)
    db.session.commit()
    login(make_user(Role.VIEWER, projects=[project]))

    page = client.get(f"/admin/overview/{project.id}")
    assert page.status_code == 200
    html = page.text
    headings = re.findall(r'<h2 class="card-header toc-head" id="col-[^"]+">([^<]+)</h2>', html)
    assert headings == COLUMNS + ["Assumptions", "Enablers"]
    assert "Respite information is hard to read." in column_html(html, "context")
    assert "shape respite services" in column_html(html, "context")
    assert "Members&#39; lived experience" in column_html(html, "input")
    assert "Monthly workshops" in column_html(html, "activity")
    assert "12 meetings held" in column_html(html, "output")
    achievements = column_html(html, "achievement")
    assert '<span class="toc-ref">A1</span> Leaflet rewritten in easy read' in achievements
    assert '<span class="toc-iref">A1.1</span> Leaflets rewritten' in achievements
    assert re.search(
        r"0 <span aria-hidden=\"true\">→</span><span class=\"sr-only\">to</span> 3", achievements
    )
    assert 'href="#outcome-I1"' in achievements  # A1 leads to I1
    benefits = column_html(html, "benefit")
    assert "B1</span> Members feel more confident" in benefits and "Group members" in benefits
    assert "B1.1</span> Confidence rating" in benefits and "Before and after change" in benefits
    assert "2.1 of 3" in benefits and "2.6 of 3" in benefits
    assert "I1</span> People shape commissioning" in column_html(html, "impact")
    process = column_html(html, "process")
    assert "E1</span> Members felt listened to" in process and "Unexpected" in process
    assert "The council will listen" in column_html(html, "assumption")
    assert "Accessible venue" in column_html(html, "enabler")


def test_overview_escapes_what_people_typed(client, make_project, make_user, login):
    project = make_project(name="<b>Bold</b> project", aim="<script>alert(1)</script>")
    add_outcome(project, Section.BENEFIT, "<img src=x onerror=alert(1)>")
    db.session.commit()
    login(make_user(Role.STAFF, projects=[project]))
    html = client.get(f"/admin/overview/{project.id}").text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html and "<b>Bold</b>" not in html
    home = client.get("/admin/").text
    assert "<b>Bold</b>" not in home and "&lt;b&gt;Bold&lt;/b&gt; project" in home


def test_empty_overview_says_so_and_staff_get_edit_links(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.STAFF, projects=[project]))
    html = client.get(f"/admin/overview/{project.id}").text
    assert html.count("No outcomes yet.") == 4
    assert f"/admin/projects/edit/?id={project.id}" in html
    assert f"/admin/outcomes/new/?project_id={project.id}" in html
    # The "add outcome" link starts the form in this project.
    form = client.get(f"/admin/outcomes/new/?project_id={project.id}").text
    assert f"New outcome in {project.name}" in form


def test_home_lists_own_projects_with_links_to_their_overview(
    client, make_project, make_user, login
):
    mine, other = make_project(name="Mine"), make_project(name="Not mine")
    add_outcome(mine, Section.IMPACT, "Change")
    db.session.commit()
    login(make_user(Role.STAFF, projects=[mine]))
    home = client.get("/admin/").text
    assert f'href="/admin/overview/{mine.id}"' in home
    assert f'href="/admin/overview/{other.id}"' not in home and "Not mine" not in home
    assert client.get(f"/admin/overview/{other.id}").status_code == 404


def test_new_project_from_the_starter_set_fills_all_four_sections(client, make_user, login):
    login(make_user(Role.ADMIN))
    response = post_form(
        client,
        "/admin/projects/new/",
        {"name": "Carers' voice", "slug": "carers-voice", "starter_set": "starter"},
    )
    project = db.session.scalar(sa.select(Project).where(Project.slug == "carers-voice"))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/overview/{project.id}"
    outcomes = db.session.scalars(sa.select(Outcome).where(Outcome.project_id == project.id))
    sections = {o.section for o in outcomes}
    assert sections == set(Section)
    refs = outcome_refs(project)
    assert {"A1", "A2", "B1", "B4", "I1", "E1", "E4"} <= set(refs)
    kinds = set(
        db.session.scalars(sa.select(TocElement.kind).where(TocElement.project_id == project.id))
    )
    assert kinds == set(ElementKind)
    indicators = db.session.scalars(
        sa.select(Indicator).join(Outcome).where(Outcome.project_id == project.id)
    ).all()
    assert len(indicators) == sum(len(o.indicators) for o in starter.OUTCOMES)
    assert all(i.baseline and i.target and i.method for i in indicators)
    assert {i.measure for i in indicators} == set(MeasureKind)
    html = client.get(response.headers["Location"]).text
    assert "Started from SCIE" in html
    for prefix in "ABIE":
        assert f'<span class="toc-ref">{prefix}1</span>' in html
    assert "Reciprocity" in html and "confident" in html
    assert db.session.scalar(
        sa.select(AuditEvent.id).where(
            AuditEvent.action == "project_created", AuditEvent.project_id == project.id
        )
    )


def test_new_project_without_the_starter_set_starts_empty(client, make_user, login):
    login(make_user(Role.ADMIN))
    response = post_form(
        client, "/admin/projects/new/", {"name": "Blank", "slug": "blank", "starter_set": "empty"}
    )
    assert response.status_code == 302
    assert count(Project) == 1 and count(Outcome) == 0 and count(TocElement) == 0


def starter_lines() -> list[str]:
    """Every line the starter set adds, read from its one definition."""
    lines = [text for texts in starter.ELEMENTS.values() for text in texts]
    for outcome in starter.OUTCOMES:
        lines.append(outcome.statement)
        lines.extend(i.statement for i in outcome.indicators)
    return lines


def test_new_project_form_asks_how_to_start_and_previews_the_starter_set(client, make_user, login):
    login(make_user(Role.ADMIN))
    html = client.get("/admin/projects/new/").text
    choice = html[html.index('<fieldset class="form-group starter-choice"') :]
    choice = choice[: choice.index("</fieldset>")]
    assert "<legend" in choice and "How do you want to start" in choice
    radios = re.findall(r'<input[^>]*type="radio"[^>]*>', choice)
    assert len(radios) == 2 and all('name="starter_set"' in r for r in radios)
    assert {re.search(r'value="([^"]+)"', r).group(1) for r in radios} == {"empty", "starter"}
    assert not any("checked" in r for r in radios)  # nothing chosen for them
    preview = choice[choice.index('<details class="starter-preview">') :]
    for line in starter_lines():
        assert str(escape(line)) in preview, line
    for kind in ElementKind:
        assert f"<h3>{kind.label}</h3>" in preview
    for section in Section:
        assert f"<h3>{escape(section.label)}</h3>" in preview
    elements = sum(len(texts) for texts in starter.ELEMENTS.values())
    indicators = sum(len(o.indicators) for o in starter.OUTCOMES)
    assert (
        f"{len(starter.OUTCOMES)} outcomes with {indicators} indicators, and {elements} inputs"
        in preview
    )


def test_a_new_project_waits_for_the_starter_choice(client, make_user, login):
    login(make_user(Role.ADMIN))
    for choice, message in (
        ({}, "Choose how to start: empty, or from SCIE&#39;s starter set."),
        ({"starter_set": "maybe"}, "Not a valid choice"),
    ):
        data = {"name": "Blank", "slug": "b", **choice}
        page = post_form(client, "/admin/projects/new/", data)
        assert page.status_code == 200
        # Said beside the choice, which points to it; and what was typed is still there.
        assert 'aria-describedby="starter_set-error"' in page.text
        error = re.search(r'id="starter_set-error">(.*?)</p>', page.text, re.S)
        assert error and message in error.group(1)
        assert 'value="Blank"' in page.text
    assert count(Project) == 0


def test_an_empty_projects_overview_offers_the_starter_set(client, make_project, make_user, login):
    project, other = make_project(), make_project()
    login(make_user(Role.STAFF, projects=[project]))
    url = f"/admin/overview/{project.id}"
    html = client.get(url).text
    assert f'action="/admin/overview/{project.id}/starter"' in html
    for line in starter_lines():
        assert str(escape(line)) in html, line
    added = post_form(client, f"{url}/starter", {}, token_url=url)
    assert added.status_code == 303 and added.headers["Location"] == url
    elements = sum(len(texts) for texts in starter.ELEMENTS.values())
    assert count(TocElement) == elements and count(Outcome) == len(starter.OUTCOMES)
    assert "Started from SCIE" in client.get(url).text
    # Once it has a Theory of Change the offer goes, and a second press adds nothing.
    assert f"/admin/overview/{project.id}/starter" not in client.get(url).text
    again = post_form(client, f"{url}/starter", {}, token_url=url)
    assert again.status_code == 303
    assert count(TocElement) == elements and count(Outcome) == len(starter.OUTCOMES)
    assert "nothing was added" in client.get(url).text
    # Not theirs: not found; and viewers change nothing.
    assert post_form(client, f"/admin/overview/{other.id}/starter", {}, url).status_code == 404
    assert db.session.scalar(
        sa.select(AuditEvent.id).where(
            AuditEvent.action == "starter_set_added", AuditEvent.project_id == project.id
        )
    )


def test_viewers_cannot_add_the_starter_set(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.VIEWER, projects=[project]))
    url = f"/admin/overview/{project.id}"
    assert "/starter" not in client.get(url).text
    assert post_form(client, f"{url}/starter", {}, token_url=url).status_code == 403
    assert count(TocElement) == 0 and count(Outcome) == 0


def test_starter_set_can_be_added_to_a_project_that_has_outcomes(make_project):
    project = make_project()
    add_outcome(project, Section.ACHIEVEMENT, "Already there")
    db.session.commit()
    summary = apply_starter_set(project)
    db.session.commit()
    achievements = [r for r in outcome_refs(project) if r.startswith("A")]
    assert achievements == ["A1", "A2", "A3"]  # the starter's two follow the existing A1
    assert summary.outcomes == len(starter.OUTCOMES)
    assert summary.elements == sum(len(texts) for texts in starter.ELEMENTS.values())
