"""Paper copies of a published form version, standard or easy read: the version's questions
(its snapshot, as the online pages serve it), the consent wording of the online pages, tick
boxes of 12 mm or more, writing lines, "Did someone help you fill this in?", and on every page
the copy's own reference (`domain/paper_refs.py`) that paper entry asks for."""

from __future__ import annotations

from typing import Any

from flask import render_template

from coimpact.forms.field_helpers import FIELD_HELPERS
from coimpact.forms.published import Host
from coimpact.models import FormVersion
from coimpact.printed.pdf import render_pdf

TEMPLATE = "printed/paper_form.html"


def _context(version: FormVersion, easy: bool, refs: list[str]) -> dict[str, Any]:
    return {
        "snapshot": version.snapshot,
        "version_number": version.number,
        "host": Host.of(version.form.project),
        "easy": easy,
        "refs": refs,
        **FIELD_HELPERS,
    }


def build(version: FormVersion, easy: bool, refs: list[str]) -> bytes:
    """One copy of `version` per reference in `refs`, each starting on a new page, as PDF."""
    return render_pdf(TEMPLATE, **_context(version, easy, refs))


def preview(version: FormVersion, easy: bool, ref: str) -> str:
    """The same as an HTML page (one copy), for the browser to show and print."""
    return render_template(TEMPLATE, **_context(version, easy, [ref]))
