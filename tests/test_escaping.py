"""What participants type is shown as text everywhere and never runs: answers, a participant's
name and evidence cut from them, carrying script, event-handler, `javascript:` and template
payloads, through every admin page that shows them (lists, details, edit forms, evidence pages,
suggestions, dashboard, reviews, "you said, we did", paper entry), the public pages that show
them back, and the workbook (plain text cells: no formula, no hyperlink).

Pages are read with a real HTML parser (lxml): no script element, event handler or link from a
payload exists in the document, and the payload itself is there as text."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pytest

from coimpact.models import Role
from tests.admin_helpers import post_form
from tests.conftest import csrf_token
from tests.evidence_helpers import answer_of, hidden, items, linked_project, respond
from tests.feedback_helpers import choose, fresh, make_page, publish
from tests.hostile_helpers import assert_whole_page
from tests.public_helpers import GOOD_ANSWERS, easy_post, easy_start, post_standard
from tests.workbook_helpers import all_cells, export_bytes, open_workbook

# Every payload carries "alert(47…": anything live built from one would contain it.
PAYLOAD = (
    "<script>alert(4711)</script>"
    '"><img src=x onerror=alert(4712)>'
    "'><svg onload=alert(4713)>"
    "</textarea>"
    '<a href="javascript:alert(4714)">x</a>'
    " {{7*7}} {% if true %}if{% endif %} ${7*7}"
)
JS_URL = "javascript:alert(4715)//"
NAME = '"><b onmouseover=alert(4716)>Sam</b>'
TITLE = "<script>alert(4717)</script><img src=x onerror=alert(4718)>"
LIVE = "alert(47"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "data", "xlink:href"}


def parse(html: str):
    return lxml.html.document_fromstring(html)


def assert_inert(html: str) -> None:
    """Nothing in the page came alive from a payload: no script with its code, no event handler,
    style or URL attribute carrying it (text and form values may hold it: they are inert)."""
    root = parse(html)
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        if element.tag == "script":
            assert LIVE not in (element.text or "") and LIVE not in element.get("src", "")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or name == "style":
                assert LIVE not in value, (element.tag, name, value)
            if name in URL_ATTRIBUTES and LIVE in value:
                # Only inside a URL of this site, percent-encoded (a search kept in a link).
                assert value.startswith("/") and not value.startswith("//"), (element.tag, value)
                assert "<" not in value and " " not in value, (element.tag, value)
        assert not (element.tag == "img" and element.get("src") == "x")
        assert element.tag not in ("svg", "b") or not any(
            LIVE in v for v in element.attrib.values()
        )


def shown(html: str) -> str:
    """What a person sees: the page's text and the values in its form fields."""
    root = parse(html)
    values = [i.get("value") or "" for i in root.iter("input")]
    return "\n".join([root.text_content(), *values])


def field(html: str, name: str) -> str:
    """The value a form field holds as the browser reads it (an input's value, a textarea's
    text)."""
    root = parse(html)
    (element,) = root.xpath("//*[@name=$name]", name=name)
    if element.tag == "textarea":
        # A browser drops one newline straight after <textarea> (WTForms writes one there).
        return re.sub(r"^\r?\n", "", element.text or "")
    return element.get("value") or ""


@pytest.fixture
def world(client, make_project, make_form, make_user, login):
    """A project whose responses carry the payloads, with evidence cut from one (approved,
    counted for an indicator, on a published "you said, we did" page) and a review."""
    setup = linked_project(make_project, make_form)
    login(make_user(Role.STAFF, projects=[setup.project]))
    named = respond(
        client,
        setup.token,
        q_story=PAYLOAD,
        q_name_of_group=JS_URL,
        quote_permission="named",
        participant_name=NAME,
    )
    other = respond(client, setup.token, q_story=PAYLOAD + " again", quote_permission="anonymous")
    story = answer_of(named, "story")
    cut = post_form(
        client,
        f"/admin/evidence/cut/{story.id}",
        {
            "kind": "quote",
            "title": TITLE,
            "excerpt": PAYLOAD,
            "indicators": [str(setup.indicator.id)],
        },
    )
    assert cut.status_code == 303, cut.status_code
    (item,) = items()
    approve = f"/admin/evidence/{item.id}/approve"
    seen = hidden(client.get(approve).text, "seen")
    assert post_form(client, approve, {"seen": seen, "keep_as_is": "y"}).status_code == 303
    board = f"/admin/dashboard/{setup.project.id}"
    review = post_form(
        client,
        f"{board}/review/{setup.indicator.id}",
        {"period": "2025-26", "status": "partly", "narrative": PAYLOAD},
    )
    assert review.status_code == 303, review.status_code
    page = make_page(setup.link, title=TITLE, wanted_text=PAYLOAD)
    assert choose(client, page.id, [item]).status_code in (302, 303)
    assert publish(client, page.id).status_code in (302, 303)
    return {
        "setup": setup,
        "named": named,
        "other": other,
        "item": item,
        "page": page,
        "board": board,
        "public": f"/s/{fresh(page.id).token}",
    }


def admin_pages(w) -> dict[str, list[str]]:
    """Each admin page that shows a payload, with the payloads it must show as text."""
    item, page, setup = w["item"], w["page"], w["setup"]
    other_story = answer_of(w["other"], "story")
    return {
        f"/admin/responses/details/?id={w['named'].id}": [PAYLOAD, JS_URL, NAME],
        f"/admin/responses/?search={quote(PAYLOAD)}": [PAYLOAD],  # the search box echoes it
        "/admin/evidence/": [PAYLOAD, TITLE, NAME],
        f"/admin/evidence/?search={quote(PAYLOAD)}": [PAYLOAD],
        f"/admin/evidence/{item.id}": [PAYLOAD, TITLE],
        f"/admin/evidence/edit/?id={item.id}": [PAYLOAD, TITLE],
        f"/admin/evidence/{item.id}/approve": [PAYLOAD],
        f"/admin/evidence/cut/{other_story.id}": [PAYLOAD + " again"],
        f"/admin/evidence/suggestions/?project_id={setup.project.id}": [PAYLOAD + " again"],
        w["board"]: [PAYLOAD, NAME],
        f"{w['board']}/review/{setup.indicator.id}?period=2025-26": [PAYLOAD],
        "/admin/reviews/": ["{{7*7}}"],
        f"/admin/feedback-pages/details/?id={page.id}": [TITLE, PAYLOAD],
        f"/admin/feedback-pages/quotes/?id={page.id}": [PAYLOAD, NAME],
        f"/admin/feedback-pages/preview/?id={page.id}": [TITLE, PAYLOAD, NAME],
        f"/admin/feedback-pages/edit/?id={page.id}": [TITLE, PAYLOAD],
    }


def test_admin_pages_show_answers_and_evidence_as_text(client, world):
    for url, needles in admin_pages(world).items():
        reply = client.get(url)
        assert reply.status_code == 200, (url, reply.status_code)
        assert_inert(reply.text)
        text = shown(reply.text)
        for needle in needles:
            assert needle in text, (url, needle)


def test_edit_forms_hold_the_exact_words(client, world):
    item, page = world["item"], world["page"]
    evidence = client.get(f"/admin/evidence/edit/?id={item.id}").text
    assert field(evidence, "text") == PAYLOAD  # "</textarea>" inside did not close the box
    assert field(evidence, "title") == TITLE
    feedback = client.get(f"/admin/feedback-pages/edit/?id={page.id}").text
    assert field(feedback, "title") == TITLE and field(feedback, "wanted_text") == PAYLOAD
    cut = client.get(f"/admin/evidence/cut/{answer_of(world['other'], 'story').id}").text
    assert field(cut, "excerpt") == PAYLOAD + " again"


def test_reflected_arguments_stay_text(client, world):
    """Query arguments shown back on a page (a period to review, a filter) are text too."""
    setup = world["setup"]
    url = f"{world['board']}/review/{setup.indicator.id}?period={quote(TITLE)}"
    reply = client.get(url)
    assert reply.status_code == 200
    assert_inert(reply.text)
    period = field(reply.text, "period")
    assert period and TITLE.startswith(period)
    for url in (
        f"/admin/responses/?flt0_0={quote(PAYLOAD)}",
        f"/admin/evidence/suggestions/?project_id={setup.project.id}&form_id={quote(PAYLOAD)}",
        f"/admin/paper/?form_id={quote(PAYLOAD)}",
    ):
        reply = client.get(url)
        assert reply.status_code in (200, 302, 400, 404), (url, reply.status_code)
        if reply.status_code == 200:
            assert_inert(reply.text)


def test_paper_entry_gives_the_words_back_as_typed(client, world):
    """A refused paper entry (a required answer missing) shows every answer again, inert."""
    form_id = world["setup"].link.form_id
    page = client.get(f"/admin/paper/{form_id}").text
    data = {
        **GOOD_ANSWERS,
        "variant": "standard",
        "share_link": "",
        "q_story": PAYLOAD,
        "q_name_of_group": JS_URL,
        "quote_permission": "named",
        "participant_name": NAME,
        "q_venue": "",
        "csrf_token": csrf_token(page),
        "submission_id": hidden(page, "submission_id"),
    }
    reply = client.post(f"/admin/paper/{form_id}", data=data)
    assert reply.status_code == 422
    assert_inert(reply.text)
    assert field(reply.text, "q_story") == PAYLOAD
    assert field(reply.text, "q_name_of_group") == JS_URL
    assert field(reply.text, "participant_name") == NAME


def test_public_pages_show_the_words_back_inert(client, world):
    token = world["setup"].token
    # The published "you said, we did" page.
    public = client.get(world["public"])
    assert public.status_code == 200
    assert_whole_page(public)
    assert_inert(public.text)
    for needle in (TITLE, PAYLOAD, NAME):
        assert needle in shown(public.text), needle
    # The standard form refused (a required answer missing): every answer back in its box.
    answers = {
        **GOOD_ANSWERS,
        "q_story": PAYLOAD,
        "q_name_of_group": JS_URL,
        "quote_permission": "named",
        "participant_name": NAME,
        "q_venue": "",
    }
    refused = post_standard(client, token, answers)
    assert refused.status_code == 422
    assert_inert(refused.text)
    assert field(refused.text, "q_story") == PAYLOAD
    assert field(refused.text, "q_name_of_group") == JS_URL
    assert field(refused.text, "participant_name") == NAME
    # Easy read: a refused page keeps the words; the check page reads every answer back.
    easy_start(client, token)
    base = f"/f/{token}/easy"
    agree = {"consent": "yes", "quote_permission": "named", "participant_name": NAME}
    assert easy_post(client, f"{base}/agree", agree).status_code == 303
    too_long = easy_post(client, f"{base}/1", {"q_name_of_group": PAYLOAD * 3})
    assert too_long.status_code == 422
    assert_inert(too_long.text)
    assert field(too_long.text, "q_name_of_group") == PAYLOAD * 3
    assert easy_post(client, f"{base}/1", {"q_name_of_group": JS_URL}).status_code == 303
    assert easy_post(client, f"{base}/2", {"q_story": PAYLOAD}).status_code == 303
    check = client.get(f"{base}/check")
    assert check.status_code == 200
    assert_inert(check.text)
    for needle in (PAYLOAD, JS_URL, NAME):
        assert needle in shown(check.text), needle


def test_workbook_keeps_payloads_as_plain_text(world):
    book = open_workbook(export_bytes(world["setup"].project))
    carrying = [c for c in all_cells(book) if isinstance(c.value, str) and LIVE in c.value]
    values = {c.value for c in carrying}
    for payload in (PAYLOAD, JS_URL, NAME, TITLE):
        assert payload in values, payload  # exactly as typed, no prefix, nothing cut
    for cell in carrying:
        assert cell.data_type == "s", (cell.parent.title, cell.coordinate)
        assert cell.hyperlink is None, (cell.parent.title, cell.coordinate)
    assert not [c.coordinate for c in all_cells(book) if c.data_type == "f"]


TEMPLATES = Path(__file__).resolve().parent.parent / "coimpact" / "templates"


def test_templates_never_turn_escaping_off():
    """`|safe` only after `tojson` (which escapes <, > and & itself); no `autoescape false`.
    Python's `Markup(...)` on anything but a literal is caught by ruff (rule S704)."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"\|\s*safe\b", text):
            if not re.search(r"\|\s*tojson\s*$", text[: match.start()]):
                found.append(f"{path.relative_to(TEMPLATES)}: |safe")
        if re.search(r"autoescape\s+(false|False)", text):
            found.append(f"{path.relative_to(TEMPLATES)}: autoescape false")
    assert found == []
