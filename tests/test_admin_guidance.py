"""Guidance where the Theory of Change work is done: the overview page and the element, outcome
and indicator forms explain the parts and SCIE's four sections from coimpact/domain/guidance.py, and
empty sections say what belongs there and offer to add one, in the right project and section."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from markupsafe import escape

from coimpact.domain import guidance
from coimpact.extensions import db
from coimpact.models import ElementKind, Role, Section, TocElement
from coimpact.services.theory import add_indicator, add_outcome
from tests.admin_helpers import build_theory, column_html


def shown(text: str) -> str:
    """`text` as Jinja's autoescaping writes it into a page."""
    return str(escape(text))


def hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', html)]


def links_to(html: str, path: str) -> list[dict[str, list[str]]]:
    """The query of every link in `html` to `path`."""
    return [parse_qs(urlsplit(h).query) for h in hrefs(html) if urlsplit(h).path == path]


def panel(html: str) -> str:
    """The help panel beside a create or edit form."""
    match = re.search(r'<aside class="guide".*?</aside>', html, re.S)
    assert match, "no help panel on the page"
    return match.group(0)


def focus(html: str) -> str:
    match = re.search(r'<p class="guide-focus">(.*?)</p>', panel(html), re.S)
    return match.group(1) if match else ""


def explains(html: str, term: guidance.Term) -> bool:
    return shown(term.meaning) in html and shown(term.example) in html


def introduces(html: str, term: guidance.Term) -> bool:
    """What the part being added is, in a line, with its example: the panel's unfolded part."""
    return shown(term.hint) in html


@pytest.fixture
def staff(make_project, make_user, login):
    project = make_project(name="Second project")
    login(make_user(Role.STAFF, projects=[project]))
    return project


def test_overview_explains_the_sections_the_parts_and_outcome_versus_indicator(client, staff):
    html = client.get(f"/admin/overview/{staff.id}").text
    guide = html[html.index('<details class="toc-guide">') :]
    guide = guide[: guide.index("</details>")]
    assert shown(guidance.THEORY_OF_CHANGE) in guide
    for term in (*guidance.SECTIONS.values(), *guidance.ELEMENTS.values()):
        assert explains(guide, term), term.name
    for term in (guidance.OUTCOME, guidance.INDICATOR, guidance.PROBLEM, guidance.AIM):
        assert explains(guide, term), term.name
    assert shown(guidance.OUTCOME_VS_INDICATOR) in guide
    # Each column says under its heading what belongs in it.
    for section, term in guidance.SECTIONS.items():
        assert f'<p class="toc-hint">{shown(term.gist)}.</p>' in column_html(html, section.value)
    for kind, term in guidance.ELEMENTS.items():
        assert f'<p class="toc-hint">{shown(term.gist)}.</p>' in column_html(html, kind.value)


def test_empty_sections_say_what_belongs_there_and_offer_add_one_here(client, staff):
    html = client.get(f"/admin/overview/{staff.id}").text
    back = f"/admin/overview/{staff.id}"
    for section, term in guidance.SECTIONS.items():
        column = column_html(html, section.value)
        assert "No outcomes yet." in column and shown(term.example) in column
        assert "Add one here" in column
        assert links_to(column, "/admin/outcomes/new/") == [
            {"project_id": [str(staff.id)], "section": [section.value], "url": [back]}
        ]
    for kind, term in guidance.ELEMENTS.items():
        column = column_html(html, kind.value)
        assert "None yet." in column and shown(term.example) in column
        assert links_to(column, "/admin/elements/new/") == [
            {"project_id": [str(staff.id)], "kind": [kind.value], "url": [back]}
        ]
    problem_and_aim = column_html(html, "context")
    assert shown(guidance.PROBLEM.example) in problem_and_aim
    assert shown(guidance.AIM.example) in problem_and_aim


def test_columns_with_rows_offer_to_add_another(client, staff):
    build_theory(staff)  # an input and outcome A1
    html = client.get(f"/admin/overview/{staff.id}").text
    achievements = column_html(html, "achievement")
    assert "No outcomes yet." not in achievements
    assert f">Add {guidance.SECTIONS[Section.ACHIEVEMENT].one}</a>" in achievements
    assert [q["section"] for q in links_to(achievements, "/admin/outcomes/new/")] == [
        ["achievement"]
    ]
    inputs = column_html(html, "input")
    assert "None yet." not in inputs and ">Add an input</a>" in inputs
    assert [q["kind"] for q in links_to(inputs, "/admin/elements/new/")] == [["input"]]


def test_viewers_get_the_guidance_but_no_add_links(client, make_project, make_user, login):
    project = make_project()
    login(make_user(Role.VIEWER, projects=[project]))
    html = client.get(f"/admin/overview/{project.id}").text
    assert shown(guidance.OUTCOME_VS_INDICATOR) in html
    assert "No outcomes yet." in html and "Add one here" not in html
    assert "/admin/outcomes/new/" not in html and "/admin/elements/new/" not in html
    assert "/starter" not in html


def test_each_add_link_opens_a_form_whose_help_is_about_that_section(client, staff):
    html = client.get(f"/admin/overview/{staff.id}").text
    for section, term in guidance.SECTIONS.items():
        (link,) = [
            h
            for h in hrefs(column_html(html, section.value))
            if h.startswith("/admin/outcomes/new/")
        ]
        form = client.get(link)
        assert form.status_code == 200
        assert shown(term.name) in focus(form.text) and introduces(focus(form.text), term)
        # The other sections are there too, folded away, and what an outcome is.
        for other in guidance.SECTIONS.values():
            assert explains(panel(form.text), other)
        assert shown(guidance.OUTCOME_VS_INDICATOR) in panel(form.text)


def test_outcome_form_without_a_section_explains_all_four(client, staff):
    for url in (
        f"/admin/outcomes/new/?project_id={staff.id}",
        f"/admin/outcomes/new/?project_id={staff.id}&section=nonsense",
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert focus(page.text) == ""
        for term in guidance.SECTIONS.values():
            assert explains(panel(page.text), term)
        # The section choice and the statement say it in a line each, from the same text.
        assert shown(guidance.section_line()) in page.text
        assert shown(guidance.OUTCOME.hint) in page.text


def test_outcome_edit_form_explains_its_own_section_and_its_indicators(client, staff):
    impact = add_outcome(staff, Section.IMPACT, "People shape commissioning")
    add_indicator(impact, "Decisions made with the group")
    db.session.commit()
    page = client.get(f"/admin/outcomes/edit/?id={impact.id}").text
    assert introduces(focus(page), guidance.SECTIONS[Section.IMPACT])
    assert explains(panel(page), guidance.INDICATOR)
    # The indicator rows edited on the outcome's page carry the indicator's hint.
    assert shown(guidance.INDICATOR.hint) in page


def test_element_forms_explain_the_part_being_added_and_all_five(client, staff):
    page = client.get(f"/admin/elements/new/?project_id={staff.id}&kind=enabler").text
    assert introduces(focus(page), guidance.ELEMENTS[ElementKind.ENABLER])
    for term in guidance.ELEMENTS.values():
        assert explains(panel(page), term)
    assert shown(guidance.element_line()) in page
    element = TocElement(project=staff, kind=ElementKind.OUTPUT, text="12 meetings")
    db.session.add(element)
    db.session.commit()
    edit = client.get(f"/admin/elements/edit/?id={element.id}").text
    assert introduces(focus(edit), guidance.ELEMENTS[ElementKind.OUTPUT])
    plain = client.get(f"/admin/elements/new/?project_id={staff.id}").text
    assert focus(plain) == "" and explains(panel(plain), guidance.ELEMENTS[ElementKind.INPUT])


def test_indicator_forms_say_what_an_indicator_is_and_how_it_differs(client, staff):
    theory = build_theory(staff)
    for url in ("/admin/indicators/new/", f"/admin/indicators/edit/?id={theory['indicator'].id}"):
        page = client.get(url).text
        assert focus(page) == shown(guidance.OUTCOME_VS_INDICATOR)
        assert explains(panel(page), guidance.INDICATOR)
        assert explains(panel(page), guidance.SECTIONS[Section.BENEFIT])
        assert shown(guidance.INDICATOR.hint) in page


def test_forms_without_guidance_have_no_panel(client, make_user, login):
    login(make_user(Role.ADMIN))
    page = client.get("/admin/users/new/").text
    assert '<aside class="guide"' not in page and "<form" in page
