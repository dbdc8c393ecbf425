"""Hostile input for the property-based tests: strategies that draw the text people (and bots)
send, and the checks every reply must pass (a whole page, and whole responses or none)."""

from __future__ import annotations

import operator
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from coimpact.extensions import db
from coimpact.models import Answer, Draft, Response

# Hypothesis keeps a cache of constants it found in the code under test; keep it out of the
# checkout (CI or a developer may point it elsewhere).
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", str(Path(tempfile.gettempdir()) / "coimpact-hypothesis")
)

# Modest example counts so each file runs in seconds on either database. No example database:
# nothing is written under the checkout (a failure prints the example and its seed instead).
HOSTILE = settings(
    max_examples=50,
    deadline=None,
    database=None,
    print_blob=True,  # a failure prints the line that replays it (@reproduce_failure)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that has broken web forms before: controls (NUL, lone CR, vertical tab from Word, NEL),
# zero-width and bidirectional marks, the astral planes (emoji, maths digits, tags, private
# use), non-characters, digits of other scripts, combining marks, and injection look-alikes.
SPECIAL = [
    "\x00",
    "a\x00b",
    "\r",
    "\n",
    "\r\n",
    "\t",
    "\x0b",
    "\x0c",
    "\x1c\x1d\x1e\x1f",
    "\x7f",
    "\x85",
    "\u2028\u2029",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u202e",
    "\u2066\u2069",
    "\u061c",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\U0001f600",
    "\U0001f469\u200d\U0001f467",
    "\U0001d7d9\U0001d7da",
    "\U000e0041",
    "\U0010fffd",
    "\ufffd",
    "\uffff",
    "\u0661\u0662",
    "\u00b9\u00b2",
    "\u216b",
    "e\u0301",
    "\u0130",
    " ",
    "\u3000",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "' OR '1'='1",
    "%00",
    "%s%n",
    "../../etc/passwd",
    ";",
    "a;b",
    "=1+1",
    "1e999",
    "nan",
    "-inf",
    "1_000",
    "0x10",
    "1,5",
    "-0",
]

# Every plane and every category except lone surrogates, which cannot travel as UTF-8 at all.
CHARS = st.characters(exclude_categories=("Cs",))

short_text = st.one_of(
    st.text(CHARS, max_size=40),
    st.sampled_from(SPECIAL),
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(CHARS, max_size=5)), max_size=8).map(
        "".join
    ),
    st.integers(-(10**40), 10**40).map(str),
    st.floats().map(str),
)
hostile_text = st.one_of(
    short_text,
    # Very long: past every length limit, and sometimes past the request size limit.
    st.builds(operator.mul, st.text(CHARS, min_size=1, max_size=3), st.integers(100, 30_000)),
)

# A field sent once, or repeated (a list sends the name once per item).
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=4))

# Names of fields nobody asked for.
extra_names = st.one_of(
    st.text(CHARS, min_size=1, max_size=20),
    st.sampled_from(["q_unknown", "Q_STORY", "q_story[]", "id", "project_id", "is_spam", "ref"]),
)


def without_nul(text: str) -> str:
    """The documented normalisation of a text field (see `coimpact/forms/participant.py`)."""
    return text.replace("\x00", "")


@dataclass(frozen=True)
class Counts:
    responses: int
    answers: int
    drafts: int


def counts() -> Counts:
    db.session.rollback()  # a fresh look at what the app's requests committed

    def n(model) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))

    return Counts(n(Response), n(Answer), n(Draft))


def newest_response() -> Response:
    db.session.rollback()
    return db.session.scalars(sa.select(Response).order_by(Response.id.desc())).first()


def stored_answers(response: Response) -> dict[str, tuple]:
    return {
        a.question_key: (a.value_text, a.value_number, a.value_before, a.option_codes)
        for a in response.answers
    }


REDIRECTS = {301, 302, 303, 307, 308}


def assert_whole_page(reply) -> None:
    """A redirect with somewhere to go, or a complete HTML page: doctype, a title, a heading in
    its main part, and the closing tag (nothing cut off by an error half-way)."""
    if reply.status_code in REDIRECTS:
        assert reply.headers.get("Location"), reply.status_code
        return
    assert reply.mimetype == "text/html", (reply.status_code, reply.mimetype)
    body = reply.get_data(as_text=True)
    assert body.lstrip().lower().startswith("<!doctype html>"), body[:200]
    assert body.rstrip().endswith("</html>"), body[-200:]
    root = lxml.html.document_fromstring(body)
    assert (root.findtext(".//title") or "").strip(), "page has no title"
    heading = root.find(".//main//h1")
    assert heading is not None and heading.text_content().strip(), "page has no heading"
