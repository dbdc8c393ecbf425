"""Spotting text that looks like personal details, so staff can redact it before a quote is
approved. Plain Python; it flags, it never changes text by itself."""

from __future__ import annotations

import re
from dataclasses import dataclass

PATTERNS: dict[str, re.Pattern[str]] = {
    "name": re.compile(
        r"\b(?:my name is|my name's|i am called|i'm called|call me)\s+"
        r"([A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?)",
        re.IGNORECASE,
    ),
    "email": re.compile(r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b"),
    # UK numbers: 07xxx xxxxxx mobiles, 01/02/03 landlines, +44 forms; spaces or dashes allowed.
    "phone": re.compile(r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s\-]?\d){8,9}(?!\d)"),
    # Full UK postcodes, e.g. SW1A 1AA, M1 1AE, B33 8TH, CR2 6XH, DN55 1PT.
    "postcode": re.compile(
        r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b",
        re.IGNORECASE,
    ),
    # NHS numbers: 10 digits, often written 3-3-4.
    "nhs_number": re.compile(r"(?<!\d)\d{3}[\s\-]?\d{3}[\s\-]?\d{4}(?!\d)"),
}

LABELS = {
    "name": "a name",
    "email": "an email address",
    "phone": "a phone number",
    "postcode": "a postcode",
    "nhs_number": "an NHS number",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def find_personal_details(text: str) -> list[Finding]:
    """Everything in `text` that looks like a personal detail, in order of position."""
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(text or ""):
            start, end = match.span(1) if kind == "name" else match.span()
            if any(s < end and start < e for s, e in taken):
                continue  # a phone number is not also an NHS number
            taken.append((start, end))
            findings.append(Finding(kind, start, end, text[start:end]))
    return sorted(findings, key=lambda f: f.start)


def redact(text: str, findings: list[Finding] | None = None) -> str:
    """`text` with each finding replaced by a marker such as [phone number removed]."""
    findings = find_personal_details(text) if findings is None else findings
    out, last = [], 0
    for f in findings:
        out.append(text[last : f.start])
        out.append(f"[{f.label.split(' ', 1)[1]} removed]")
        last = f.end
    out.append(text[last:])
    return "".join(out)
