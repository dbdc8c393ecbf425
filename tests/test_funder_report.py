"""The PDF report for funders: made through `flask --app app report` for the demo and for a
project built here, and through the admin as a background job; read back with pdfplumber
(text, sizes, metadata) and checked against the workbook's own reads and rules."""

from __future__ import annotations

import io
import re
from datetime import date

import pdfplumber
import pytest
import sqlalchemy as sa
from pdfminer.pdftypes import resolve1

from coimpact.domain.periods import Period
from coimpact.extensions import db
from coimpact.jobs import JobStatus, JobStore
from coimpact.models import (
    AuditEvent,
    ElementKind,
    IndicatorReview,
    Judgement,
    ReviewStatus,
    Role,
    Section,
    TocElement,
)
from coimpact.models.types import utcnow
from coimpact.reports.assessment_periods import assessment_period
from coimpact.services.theory import add_outcome
from coimpact.workbook.data import load_project_data
from coimpact.workbook.layout import default_layout
from tests.conftest import csrf_token
from tests.results_fixture import OUTCOME_HTML, SPAM, STORY_1, STORY_2, STORY_3, STORY_6, build
from tests.test_coassess_admin import coassessors_answer
from tests.test_export_jobs import app, demo, download_of, sign_in, wait_for  # noqa: F401

YEAR = ["--from", "2026-04-01", "--to", "2027-03-31"]
SHARED = "The leaflet is much better now zq-91"
UNSHARED = "A private reason of mine zq-92"
NARRATIVE = "Staff wrote this narrative about stories zq-93"
MIN_SIZE_PT = 10


def squeezed(text: str) -> str:
    """Text without its white space: a PDF wraps lines where it likes."""
    return re.sub(r"\s+", "", text)


def read_pdf(source) -> tuple[str, list[str], dict, float]:
    """The whole text, each page's text, the metadata and the smallest character size."""
    with pdfplumber.open(source) as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
        smallest = min(c["size"] for page in pdf.pages for c in page.chars)
        return "\n".join(pages), pages, pdf.metadata, smallest


def table_cells(source) -> set[str]:
    """The text of every table cell, white space squeezed out: text that wraps inside a cell
    comes out of the page's text interleaved with the cells beside it."""
    with pdfplumber.open(source) as pdf:
        return {
            squeezed(cell)
            for page in pdf.pages
            for table in page.extract_tables()
            for row in table
            for cell in row
            if cell
        }


def tagged(source) -> dict:
    """The document's language, whether it is marked as tagged, and its structure elements in
    reading order as (type, alternate text)."""
    with pdfplumber.open(source) as pdf:
        catalog = pdf.doc.catalog
        elements: list[tuple[str, str | None]] = []

        def walk(nodes):
            for node in nodes:
                elements.append((node["type"], node.get("alt_text")))
                walk(node.get("children", []))

        walk(pdf.structure_tree)
        return {
            "lang": resolve1(catalog.get("Lang")),
            "marked": resolve1(catalog.get("MarkInfo", {})).get("Marked"),
            "elements": elements,
        }


def make_report(app, tmp_path, slug: str, *args: str):  # noqa: F811
    out = tmp_path / f"{slug}.pdf"
    result = app.test_cli_runner().invoke(args=["report", slug, "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def test_demo_report_has_every_outcome_result_and_the_previous_period(app, demo, tmp_path):  # noqa: F811
    out = make_report(app, tmp_path, "demo", *YEAR)
    text, pages, meta, smallest = read_pdf(out)
    flat = squeezed(text)
    year = Period(date(2026, 4, 1), date(2027, 3, 31))
    data = load_project_data(demo, default_layout(), utcnow(), "test", year)
    assert data.period.name == "2026-27" and data.previous.name == "2025-26"

    assert "2026-27 (1 Apr 2026 to 31 Mar 2027)" in text  # the period, on the cover
    cells = table_cells(out)
    assert squeezed("Previous: 2025-26") in cells  # the column beside every result
    for outcome in data.outcomes:
        assert squeezed(f"{outcome.ref} {outcome.statement}") in flat, outcome.ref
        for indicator in outcome.indicators:
            assert squeezed(f"{indicator.ref} {indicator.statement}") in flat, indicator.ref
            result = data.results[indicator.id].headline(indicator.measure)
            previous, _ = data.compared(indicator)
            assert squeezed(result) in cells, (indicator.ref, result)
            assert squeezed(previous) in cells, (indicator.ref, previous)

    # Tagged, titled and in a language a screen reader can speak; print sizes A4, >= 10 pt.
    tags = tagged(out)
    assert tags["lang"] == b"en" and tags["marked"]
    levels = [int(kind[1]) for kind, _ in tags["elements"] if re.fullmatch(r"H[1-6]", kind)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels  # no gaps
    figures = [alt for kind, alt in tags["elements"] if kind == "Figure"]
    assert figures and all(alt and alt.startswith("Bar chart") for alt in figures)
    assert {"Table", "TH", "TD"} <= {kind for kind, _ in tags["elements"]}
    assert meta["Title"] == (
        "Short breaks, our way: impact report, 2026-27 (1 Apr 2026 to 31 Mar 2027)"
    )
    assert smallest >= MIN_SIZE_PT - 0.05, smallest
    with pdfplumber.open(out) as pdf:
        width, height = pdf.pages[0].width, pdf.pages[0].height
        assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
    # Every page after the cover has the running header and its number.
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        if number > 1:
            assert page.startswith("Short breaks, our way – 2026-27"), page[:80]
    # The parts come in the order the contents promise.
    order = ["The Theory of Change", "Achievements", "Benefits", "Impact",
             "Evaluation & feedback", "Involvement",
             "The method and the numbers behind every figure"]  # fmt: skip
    firsts = [next(i for i, page in enumerate(pages[1:], 2) if title in page) for title in order]
    assert firsts == sorted(firsts)
    method = text[text.index("The method and the numbers behind every figure", 2000) :]
    assert "fewer than 5" in method  # the small-number rule, as the workbook words it
    assert "Lived-experience time" in text and "Who took part" in pages[0]


@pytest.fixture
def built(app, make_form):  # noqa: F811
    """results_fixture's project (a quote whose author said no, spam, a draft quote), with a
    staff review and co-assessors' words, one shared and one not."""
    found = build(app, make_form)
    project = found["project"]
    period = assessment_period(project.id)
    db.session.add(
        IndicatorReview(
            indicator=found["indicators"]["I1.1"],
            period=period,
            status=ReviewStatus.PARTLY,
            narrative=NARRATIVE,
        )
    )
    db.session.commit()
    coassessors_answer(
        project,
        found["outcomes"]["A1"],
        period,
        [(Judgement.YES, SHARED, True), (Judgement.A_BIT, UNSHARED, False)],
    )
    return found


def test_words_nobody_may_read_stay_out_of_the_report(app, built, tmp_path):  # noqa: F811
    project = built["project"]
    text, _, meta, smallest = read_pdf(make_report(app, tmp_path, project.slug))
    flat = squeezed(text)
    assert project.name in meta["Title"]
    assert smallest >= MIN_SIZE_PT - 0.05
    # Approved quotes, as their authors allowed: without a name, and with one.
    assert squeezed(STORY_1) in flat
    assert squeezed(STORY_3) in flat and "Ali" in text
    # "No" to quoting: not one distinctive word of it, anywhere. Spam and drafts neither.
    for word in ("neighbour", "Pat", "shouts"):
        assert word not in text, word
    assert STORY_2 not in text and SPAM not in text and squeezed(STORY_6) not in flat
    # Staff-written text is printed as text, never as markup.
    assert squeezed(f"B1 {OUTCOME_HTML}") in flat
    # The staff review, and the co-assessors' view: shared words only, the rest counted.
    assert squeezed(NARRATIVE) in flat and "Partly achieved" in text
    assert squeezed(SHARED) in flat and "zq-92" not in text
    assert "The co-assessors' view" in text
    assert squeezed("1 said yes, 1 said a bit") in flat
    assert squeezed("Co-assessed by 2 people with lived experience") in flat
    for ref in ("A1", "B1", "I1", "E1", "A1.1", "A1.2", "B1.1", "B1.2", "I1.1", "E1.1", "E1.2"):
        assert ref in text


def start(client, project_id: int, kind: str, period: str = "2026-27") -> str:
    page = client.get(f"/admin/exports/{project_id}")
    assert "Create the PDF report" in page.text and "Create the easy-read report" in page.text
    sent = client.post(
        f"/admin/exports/{project_id}",
        data={"csrf_token": csrf_token(page.text), "kind": kind, "period": period},
    )
    assert sent.status_code == 303, sent.text
    return re.search(r"/admin/exports/job/([A-Za-z0-9_-]+)$", sent.headers["Location"]).group(1)


def report_events() -> list[AuditEvent]:
    db.session.rollback()  # the job thread wrote some of them in its own session
    query = sa.select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def test_admin_makes_the_pdf_report_in_the_background(app, demo, client, make_user, login):  # noqa: F811
    store = JobStore.for_app(app)
    viewer = make_user(Role.VIEWER, projects=[demo])  # least privilege: reading is enough
    login(viewer)
    job_id = start(client, demo.id, "report")
    job = wait_for(store, job_id)
    assert job.status == JobStatus.DONE, job.error
    assert job.kind == "report" and job.period == "2026-27"

    status = client.get(f"/admin/exports/job/{job_id}")
    assert "Download the PDF report" in status.text and "PDF report of Short breaks" in status.text
    download = download_of(client, job_id)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    day = job.finished_at[:10]
    assert download.headers["Content-Disposition"] == f"attachment; filename=demo-report-{day}.pdf"
    assert download.headers["Cache-Control"] == "no-store"
    text, pages, meta, _ = read_pdf(io.BytesIO(download.data))
    assert "2026-27" in meta["Title"] and pages[1].startswith("Short breaks, our way – 2026-27")

    # Kept on the project's page beside the workbooks, for every member to fetch again.
    listed = client.get(f"/admin/exports/{demo.id}").text
    assert f"/admin/exports/job/{job_id}/download" in listed and "PDF report" in listed
    steps = [(e.detail["step"], e.detail.get("format")) for e in report_events()]
    assert steps == [("started", "pdf"), ("finished", "pdf"), ("downloaded", None)]
    assert all(e.actor_id == viewer.id and e.target == job_id for e in report_events())


def test_admin_makes_the_easy_read_report_too(app, demo, client, make_user, login):  # noqa: F811
    store = JobStore.for_app(app)
    login(make_user(Role.STAFF, projects=[demo]))
    job_id = start(client, demo.id, "easy-report")
    job = wait_for(store, job_id)
    assert job.status == JobStatus.DONE, job.error
    assert "Download the easy-read report" in client.get(f"/admin/exports/job/{job_id}").text
    download = download_of(client, job_id)
    assert download.mimetype == "application/pdf" and download.data.startswith(b"%PDF")
    assert "demo-easy-read-" in download.headers["Content-Disposition"]


def test_report_jobs_are_members_only(app, demo, client, make_user, login, make_project):  # noqa: F811
    store = JobStore.for_app(app)
    member = make_user(Role.STAFF, projects=[demo])
    outsider = make_user(Role.STAFF, projects=[make_project()])
    login(member)
    job_id = start(client, demo.id, "report")
    assert wait_for(store, job_id).status == JobStatus.DONE
    page = client.get(f"/admin/exports/{demo.id}")
    bad = client.post(
        f"/admin/exports/{demo.id}", data={"csrf_token": csrf_token(page.text), "kind": "zip"}
    )
    assert bad.status_code == 400
    other = sign_in(app, outsider.email)
    for url in (f"/admin/exports/job/{job_id}", f"/admin/exports/job/{job_id}/download"):
        assert other.get(url).status_code == 404


def test_a_theory_of_change_too_tall_for_a_page_loses_nothing(app, make_project, tmp_path):  # noqa: F811
    """Forty long inputs do not fit side by side on a page: the boxes are stacked and run on."""
    project = make_project(name="Tall theory")
    words = "with a description long enough to wrap over several lines of its box"
    for n in range(40):
        kind = ElementKind.INPUT if n < 30 else ElementKind.OUTPUT
        db.session.add(TocElement(project=project, kind=kind, text=f"Item {n} {words}", position=n))
    add_outcome(project, Section.IMPACT, "Everything changes for the better")
    db.session.commit()
    text, pages, _, _ = read_pdf(make_report(app, tmp_path, project.slug))
    assert all(f"Item {n} with" in text for n in range(40))
    assert "I1 Everything changes for the better" in text
    assert len(pages) > 4
