"""The demo workbook printed by LibreOffice (shared design workbook.md, "It prints"): every
page A4, landscape but for Easy read; no text under 9 pt (charts included), Easy read at 14 pt
and up; headings repeated on each page of a long or wide
sheet; the Theory of Change's seven columns across one page. One conversion for all of it."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.print_helpers import printed_pages, soffice, to_pdf

PROJECT = "Short breaks, our way"
A4 = (841.9, 595.3)  # points, landscape


@pytest.fixture
def pages(make_app, tmp_path):
    soffice()  # skip (or fail in CI) before seeding anything
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"))
    with app.app_context():
        runner = app.test_cli_runner()
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
        out = tmp_path / "demo.xlsx"
        result = runner.invoke(args=["export", "demo", "--out", str(out)])
        assert result.exit_code == 0, result.output
    return printed_pages(to_pdf(out, tmp_path), PROJECT)


def test_the_workbook_prints_legibly(pages):
    by_sheet: dict[str, list] = defaultdict(list)
    for page in pages:
        by_sheet[page.sheet].append(page)
    assert "About" in by_sheet and "Easy read" in by_sheet and "" not in by_sheet

    for page in pages:
        size = (page.width, page.height) if page.landscape else (page.height, page.width)
        assert size == pytest.approx(A4, abs=2), page.number
        assert page.landscape == (page.sheet != "Easy read"), (page.number, page.sheet)
        # The design asks for about 9 pt; charts' labels included.
        assert min(page.body_sizes) >= 9.0, (page.number, page.sheet, min(page.body_sizes))
    assert min(s for p in by_sheet["Easy read"] for s in p.body_sizes) >= 14

    # A section sheet is split across pages by column groups, never shrunk onto one: each
    # page repeats the header row and the two refs.
    achievements = by_sheet["Achievements"]
    assert len(achievements) >= 2
    for page in achievements:
        assert "Outcome" in page.text and "Indicator ref" in page.text, page.number
    # Pages of columns that read together: the figures; the narrative with its evidence.
    assert any("Baseline" in p.text and "Status" in p.text for p in achievements)
    assert any("Narrative" in p.text and "Key quotes" in p.text for p in achievements)
    # A long Responses sheet repeats its header on every page; answers print in words.
    responses = by_sheet["Responses - After the meeting"]
    assert len(responses) >= 2
    assert all("Response ref" in page.text for page in responses)
    assert any("Strongly agree" in page.text for page in responses)
    # The Theory of Change: inputs to impact and evaluation & feedback, side by side.
    toc = by_sheet["Theory of Change"][0].text
    for heading in ("Inputs", "Outputs", "Achievements", "Impact", "Evaluation & feedback"):
        assert heading in toc
