"""Checking that a quote is a faithful cut of what the person said. Plain Python.

Staff may trim an answer to the part that matters, but never put words in a person's mouth. An
excerpt passes when, ignoring differences in whitespace, its pieces appear in the original in
the same order, where:
- an ellipsis ("…" or "...") marks a cut: anything may have been left out there;
- a redaction marker such as "[phone number removed]" (the markers `pii.redact` writes) stands
  for a short stretch of the original that was taken out to protect the person.
Nothing else may differ: no added words, no changed spelling, no changed case.
"""

from __future__ import annotations

import re

from coimpact.domain.pii import LABELS

ELLIPSIS = "…"
# Staff type three dots as often as the ellipsis character; both mark a cut.
_CUT_RE = re.compile(r"\s*(?:…|\.\.\.)\s*")
REDACTION_MARKERS = tuple(f"[{label.split(' ', 1)[1]} removed]" for label in LABELS.values())
_MARKER_RE = re.compile("|".join(re.escape(m) for m in REDACTION_MARKERS))
# How much of the original one marker may stand for: a name, an address, a number. Longer
# removals should be cuts ("…"), which say openly that something was left out.
_MARKER_SPAN = r".{1,120}?"


def _literal(text: str) -> str:
    """A regex for `text` where any run of whitespace matches any other run of whitespace."""
    return "".join(
        r"\s+" if chunk.isspace() else re.escape(chunk)
        for chunk in re.split(r"(\s+)", text)
        if chunk
    )


def _fragment_pattern(fragment: str) -> re.Pattern[str]:
    parts, last = [], 0
    for match in _MARKER_RE.finditer(fragment):
        parts.append(_literal(fragment[last : match.start()]))
        parts.append(_MARKER_SPAN)
        last = match.end()
    parts.append(_literal(fragment[last:]))
    return re.compile("".join(parts), re.DOTALL)


def has_words(excerpt: str) -> bool:
    """Whether anything of the person's own words is left once cuts and markers are taken out."""
    bare = _MARKER_RE.sub(" ", _CUT_RE.sub(" ", excerpt or ""))
    return any(ch.isalnum() for ch in bare)


def is_trim_of(excerpt: str, original: str) -> bool:
    """Whether `excerpt` is `original` trimmed, cut at ellipses, or with details redacted.

    Each piece between cuts is searched for after the end of the previous one, so pieces must
    keep their order. A search per piece (rather than one pattern with gaps) keeps the work
    linear in the number of pieces, however many cuts staff make.
    """
    if not has_words(excerpt):
        return False
    position = 0
    for fragment in _CUT_RE.split(excerpt.strip()):
        if not fragment.strip():
            continue  # an ellipsis at the very start or end
        match = _fragment_pattern(fragment.strip()).search(original or "", position)
        if match is None:
            return False
        position = match.end()
    return True
