"""`flask --app app report SLUG --out PATH [--from --to] [--easy-read]` (contracts.md): a PDF
for funders or, with --easy-read, for participants; read back with pdfplumber."""

from __future__ import annotations

import pdfplumber
import pytest
import sqlalchemy as sa

from coimpact.extensions import db
from coimpact.models import AuditEvent


@pytest.fixture
def demo(make_app, tmp_path):
    app = make_app(COIMPACT_DEMO_PASSWORD_FILE=str(tmp_path / "demo-password"))
    with app.app_context():
        runner = app.test_cli_runner()
        assert runner.invoke(args=["seed-demo"]).exit_code == 0
        yield runner


def text_of(path) -> tuple[str, dict]:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages), pdf.metadata


@pytest.mark.parametrize("easy", [False, True])
def test_report_writes_a_titled_pdf_and_prints_its_path(demo, tmp_path, easy):
    out = tmp_path / "made" / ("easy.pdf" if easy else "report.pdf")
    args = ["report", "demo", "--out", str(out), "--from", "2026-04-01", "--to", "2027-03-31"]
    result = demo.invoke(args=args + (["--easy-read"] if easy else []))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert out.read_bytes().startswith(b"%PDF")
    text, meta = text_of(out)
    assert "Short breaks, our way" in meta["Title"] and "Short breaks, our way" in text
    event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "export" and event.detail["format"].startswith("pdf")
    assert not list(out.parent.glob(".*.part"))  # written whole, under its own name


def test_report_refuses_in_one_line(demo, tmp_path):
    result = demo.invoke(args=["report", "nope", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "No project with the slug 'nope'." in result.stderr
