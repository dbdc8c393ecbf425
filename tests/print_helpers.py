"""Printing a workbook as LibreOffice does, for tests that measure the printed pages.

`to_pdf` converts with `soffice --headless --convert-to pdf`; `printed_pages` reads each page
back with pdfplumber: its size, the sheet named in its footer, its words and the sizes of its
text. Where LibreOffice is missing the caller's test skips, saying how to install it; with
COIMPACT_REQUIRE_PRINT=1 (CI) it fails instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

INSTALL = "apt-get install -y --no-install-recommends libreoffice-calc fonts-crosextra-carlito"
MARGIN_BAND = 45  # points at the top and bottom of a page where the header and footer print
_PAGE_NUMBER = re.compile(r" Page \d+ of \d+$")


def soffice() -> str:
    """The LibreOffice command, or skip (fail under COIMPACT_REQUIRE_PRINT=1)."""
    found = shutil.which("soffice")
    if found:
        return found
    message = f"LibreOffice (soffice) not found, so the printed workbook is not checked: {INSTALL}"
    if os.environ.get("COIMPACT_REQUIRE_PRINT") == "1":
        pytest.fail(f"{message} (COIMPACT_REQUIRE_PRINT=1, so this fails instead of skipping)")
    pytest.skip(message)


def to_pdf(workbook: Path, out_dir: Path) -> Path:
    """Print `workbook` to a PDF in `out_dir` as LibreOffice Calc does."""
    command = soffice()
    # Its own profile folder: a second LibreOffice running at once would otherwise wait.
    profile = (out_dir / "lo-profile").as_uri()
    subprocess.run(  # noqa: S603 - a fixed command on a file the test wrote
        [
            command,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / (workbook.stem + ".pdf")


@dataclass
class Page:
    number: int
    width: float
    height: float
    sheet: str
    text: str
    body_sizes: list[float]  # every character's size, header and footer left out

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def printed_pages(pdf_path: Path, project: str) -> list[Page]:
    """Each page; its sheet read from the footer ("<project> <sheet> Page n of m")."""
    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            band = (0, page.height - MARGIN_BAND, page.width, page.height)
            footer = page.crop(band).extract_text() or ""
            sheet = _PAGE_NUMBER.sub("", footer.strip()).removeprefix(project).strip()
            body = [
                c["size"]
                for c in page.chars
                if MARGIN_BAND < c["top"] < page.height - MARGIN_BAND and c["text"].strip()
            ]
            pages.append(
                Page(
                    number,
                    float(page.width),
                    float(page.height),
                    sheet,
                    text,
                    body,
                )
            )
    return pages
