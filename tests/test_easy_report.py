"""The easy-read report for participants, "What you told us and what we did", as the people who
receive it get it: the PDF that `flask report --easy-read` writes, read back with pdfplumber, and
the admin's printable page through the HTTP client. Checked against easy-read.md: 14 pt or
larger, symbols (with their words for a screen reader), short sentences; and against the
workbook's rules: no words a person did not let us share, no figure for fewer than 5 people."""

from __future__ import annotations

import re

import lxml.html
import pdfplumber
import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import FeedbackPage, Form, Outcome, Project, QuotePermission, Role, ShareLink
from coimpact.printed.easy_report import DID_WE, NEXT_STEPS
from coimpact.printed.pdf import BASE_URL, RefusedFetch, static_only
from coimpact.services.accounts import add_member, create_user
from coimpact.services.feedback import publish, set_items
from tests.conftest import PASSWORD
from tests.feedback_helpers import add_quote, sign_in

PERIOD = ["--from", "2026-04-01", "--to", "2027-03-31"]
SHARED = "Now I chair the Tuesday meeting and I am proud."
NAMELESS = "The meetings are shorter so I can stay."
WITHHELD = "Please keep these WITHHELD-WORDS to yourselves."
WANTED = "We wanted meetings to be better.\nMeetings were too long."
CHANGED = "- Meetings are 1 hour now.\n- We have a break in the middle."
DOING = "We will meet every 2 weeks.\nWe will ask you again in June."
# An indicator of the demo with answers from fewer than 5 people in 2026-27.
FEW = "People who tried the new leaflet say it is easy to understand."
# Each result's indicator wording, written by people (the first line beside its symbol).
RESULT_WORDING = ".//div[contains(@class, 'er-result')]/div[@class='er-words']/p[1]"
LONGEST = 20  # words: easy read asks for about 15; nothing the report writes comes near 20


@pytest.fixture
def demo(make_app, tmp_path):
    """The demo project, with a published "you said, we did" page whose chosen quotes have
    each permission: with a name, without one, and "no" (withdrawn after it was chosen)."""
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"))
    with app.app_context():
        runner = app.test_cli_runner()
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
        project = db.session.scalars(sa.select(Project).where(Project.slug == "demo")).one()
        link = db.session.scalars(
            sa.select(ShareLink).join(Form).where(Form.project_id == project.id)
        ).first()
        quotes = [
            add_quote(link, SHARED, QuotePermission.NAMED, "Robin Q."),
            add_quote(link, NAMELESS, QuotePermission.ANONYMOUS),
            add_quote(link, WITHHELD, QuotePermission.ANONYMOUS),
        ]
        page = FeedbackPage(
            project_id=project.id,
            wanted_text=WANTED,
            changed_text=CHANGED,
            doing_text=DOING,
        )
        db.session.add(page)
        db.session.commit()
        set_items(page, [q.id for q in quotes], None)
        publish(page, None)
        # The third person then takes their permission back: their words must go everywhere.
        quotes[2].response.quote_permission = QuotePermission.NO
        db.session.commit()
        yield app, runner, project


def write_pdf(runner, tmp_path) -> tuple[list[dict], str, list]:
    """The easy-read PDF for 2026-27: its pages' chars, its text (whitespace made single)
    and its structure tree's figures."""
    out = tmp_path / "easy.pdf"
    result = runner.invoke(args=["report", "demo", "--out", str(out), "--easy-read", *PERIOD])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
        figures = [f for page in pdf.pages for f in _figures(page.structure_tree)]
        curves = sum(len(page.curves) for page in pdf.pages)
    assert curves  # the symbols are drawn (WeasyPrint draws SVG as vector paths, not images)
    return chars, text, figures


def _figures(tree: list[dict]) -> list[dict]:
    found = []
    for node in tree:
        if node.get("type") == "Figure":
            found.append(node)
        found += _figures(node.get("children", []))
    return found


def test_the_pdf_is_large_print_with_symbols_and_the_points(demo, tmp_path):
    _, runner, _ = demo
    chars, text, figures = write_pdf(runner, tmp_path)

    small = {round(c["size"], 1) for c in chars if c["size"] < 14}
    assert chars and not small, f"text under 14 pt: {sorted(small)}"
    body = [c for c in chars if c["text"].strip()]
    assert sum(c["size"] >= 15.9 for c in body) > len(body) / 2  # the body is 16 pt

    for words in (
        "What you told us and what we did",
        "Short breaks, our way",
        "It is about 1 April 2026 to 31 March 2027.",
        # The "you said, we did" page's points, each its own line or list item.
        "We wanted meetings to be better.",
        "Meetings are 1 hour now.",
        "We have a break in the middle.",
        "We will meet every 2 weeks.",
        # The outcomes in their easy-read wording, with whether we did them.
        "Members feel listened to. Their ideas make a difference.",
        DID_WE[None][0],
        "What happens next",
    ):
        assert words in text, words
    assert NEXT_STEPS[0] not in text  # the page says what happens next, so no stock words

    # Symbols left of the words, each tagged as a figure with its words for a screen reader.
    alts = [f.get("alt_text", "") for f in figures]
    assert len(alts) >= 15 and all(alts), alts
    assert "A person speaking up" in alts and "A thumbs up for thank you" in alts
    assert any(re.fullmatch(r"(About )?\d+ out of \d+ people", alt) for alt in alts)


def test_only_words_people_let_us_share(demo, tmp_path):
    _, runner, _ = demo
    _, text, _ = write_pdf(runner, tmp_path)
    assert SHARED in text and "From Robin Q." in text
    assert NAMELESS in text and text.count("From ") == text.count("From Robin Q.")
    assert "WITHHELD-WORDS" not in text


def test_fewer_than_5_people_show_no_figures(demo, tmp_path):
    _, runner, _ = demo
    _, text, _ = write_pdf(runner, tmp_path)
    after = text.split(FEW, 1)[1]
    assert after.lstrip().startswith("Fewer than 5 people answered. So we do not show the numbers.")
    # Where there are enough people, the numbers are in words: "4 out of 9 people said yes."
    assert re.search(r"\d+ out of \d+ people said yes\.", text)


def test_an_outcome_without_easy_read_wording_shows_the_standard_one(demo, tmp_path):
    _, runner, project = demo
    outcome = db.session.scalars(
        sa.select(Outcome).where(Outcome.project_id == project.id).order_by(Outcome.id)
    ).first()
    outcome.statement_easy, outcome.symbol = "", ""
    db.session.commit()
    _, text, figures = write_pdf(runner, tmp_path)
    assert " ".join(outcome.statement.split()) in text  # never a blank
    assert all(f.get("alt_text") for f in figures)  # and a symbol all the same


def signed_in(app, project: Project | None, role: Role = Role.VIEWER):
    """A client signed in through the login form as a new user of `role` (of `project`)."""
    user = create_user(f"{role.value}-{id(project)}@example.org", PASSWORD, role)
    if project is not None:
        add_member(user, project)
    db.session.commit()
    return sign_in(app, user)


def test_the_printable_page_in_the_admin(demo):
    app, _, project = demo
    client = signed_in(app, project)
    board = client.get(f"/admin/dashboard/{project.id}?period=2026-27")
    assert board.status_code == 200
    link = f"/admin/dashboard/{project.id}/easy-read?period=2026-27"
    assert link.replace("&", "&amp;") in board.text

    shown = client.get(link)
    assert shown.status_code == 200
    root = lxml.html.document_fromstring(shown.text)
    report = root.xpath("//article[@class='easy-report']")[0]
    text = " ".join(report.text_content().split())
    assert "What you told us and what we did" in text and "Meetings are 1 hour now." in text
    assert SHARED in text and "WITHHELD-WORDS" not in shown.text
    assert len(root.xpath("//h1")) == 1
    assert all(img.get("alt") for img in report.xpath(".//img"))
    assert "/static/css/easy-report.css" in shown.text  # the print stylesheet

    # Short sentences: every line the report writes itself (people's own words aside: quotes,
    # the page's points, the outcomes' wording) has no sentence over LONGEST words.
    theirs = {SHARED, NAMELESS, *WANTED.split("\n"), *DOING.split("\n")}
    theirs |= {h.text_content().strip() for h in report.xpath(".//h3")}
    theirs |= {p.text_content().strip() for p in report.xpath(RESULT_WORDING)}
    theirs |= {p.text_content().strip() for p in report.xpath(".//p[@class='er-project']")}
    long, checked = [], 0
    for element in report.xpath(".//h1|.//h2|.//p|.//li|.//figcaption"):
        line = " ".join(element.text_content().split())
        if line in theirs or not line:
            continue
        sentences = re.split(r"(?<=[.!?])\s+", line)
        checked += len(sentences)
        long += [s for s in sentences if len(s.split()) > LONGEST]
    assert checked > 30 and not long, long


def test_the_printable_page_is_for_the_projects_people_only(demo):
    app, _, project = demo
    client = signed_in(app, None, Role.STAFF)  # staff of no project: "not there", as elsewhere
    assert client.get(f"/admin/dashboard/{project.id}/easy-read").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/static/symbols/star.svg",  # another host
        "https://coimpact.invalid/admin/",  # not a static file
        "https://coimpact.invalid/static/../../app.py",  # out of the static folder
        "file:///etc/passwd",
    ],
)
def test_the_pdf_fetches_the_apps_static_files_only(app, url):
    fetcher = static_only()
    assert fetcher.fetch(BASE_URL + "static/symbols/star.svg").read().startswith(b"<svg")
    with pytest.raises(RefusedFetch):
        fetcher.fetch(url)
