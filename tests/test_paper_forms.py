"""Printable paper copies of a published form (issue 17), made from the form's page in the admin
and read back with pdfplumber; then one copy's answers entered in the admin with its reference."""

from __future__ import annotations

import io
import re
from collections import defaultdict

import pdfplumber
import pytest
import sqlalchemy as sa

from coimpact.domain.paper_refs import copy_refs, paper_key, parse_ref
from coimpact.domain.question_types import choices_for, wording
from coimpact.extensions import db
from coimpact.models import AuditEvent, Form, Response, Role
from tests.conftest import csrf_token
from tests.public_helpers import GOOD_ANSWERS

MM = 72 / 25.4  # points in a millimetre
REF = re.compile(r"P-[2-9A-Z]{4}-\d{4}")
# What the consent macro (templates/public/_consent.html) asks, standard then easy read.
CONSENT_WORDS = {
    False: [
        "Do you agree to take part?",
        "Can we use your words when we tell people about the project?",
        "Yes, but do not use my name",
        "Only the project team can read them.",
    ],
    True: ["Do you want to take part?", "Can we use your words?", "Yes, but not my name"],
}


@pytest.fixture
def link(make_form):
    return make_form(title="After the meeting")


@pytest.fixture
def staff(link, make_user, login):
    user = make_user(Role.STAFF, projects=[link.form.project])
    login(user)
    return user


def snapshot_of(link) -> dict:
    return link.form.versions[-1].snapshot


def print_copies(client, form_id: int, variant: str, copies) -> object:
    page = client.get(f"/admin/forms/print/?id={form_id}")
    assert page.status_code == 200 and "Print paper copies" in page.text
    data = {"csrf_token": csrf_token(page.text), "id": form_id, "variant": variant}
    return client.post("/admin/forms/print/", data={**data, "copies": str(copies)})


def copies_of(pdf) -> dict[str, list]:
    """The PDF's pages by the one reference each carries, in order."""
    pages = defaultdict(list)
    for page in pdf.pages:
        refs = set(REF.findall(page.extract_text()))
        assert len(refs) == 1, refs  # every page names its copy, and only its copy
        pages[refs.pop()].append(page)
    return pages


def squeezed(text: str) -> str:
    return " ".join(text.split())


def has_words(words: str, text: str) -> bool:
    """Whether `words` are all in `text`: standard answers sit three to a row, so a long one
    wraps, and the text read back interleaves lines of neighbouring answers."""
    return words in text or set(words.split()) <= set(text.split())


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy"])
def test_each_copy_asks_the_published_questions_with_big_boxes_and_its_own_reference(
    client, link, staff, easy
):
    snapshot = snapshot_of(link)
    response = print_copies(client, link.form_id, "easy" if easy else "standard", 3)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    with pdfplumber.open(io.BytesIO(response.data)) as pdf:
        assert wording(snapshot, "title", easy) in pdf.metadata["Title"]
        copies = copies_of(pdf)
        refs = list(copies)
        # Three copies, one after another, each with its own reference of the same batch.
        assert len(refs) == 3 and refs == copy_refs(refs[0][2:6], 3)
        seen = [REF.search(page.extract_text())[0] for page in pdf.pages]
        assert seen == sorted(seen)
        for pages in copies.values():
            text = squeezed(" ".join(page.extract_text() for page in pages))
            # Every question of the version, in order, its key shown for data entry.
            at = 0
            for question in snapshot["questions"]:
                words = squeezed(wording(question, "text", easy))
                at = text.index(words, at)
                assert f"Office use: {question['key']}" in text[at:]
                for option in choices_for(question):
                    assert has_words(wording(option, "label", easy), text[at:]), option
            for words in [*CONSENT_WORDS[easy], "Did someone help you fill this in?"]:
                assert has_words(words, text), words
            # Tick boxes big enough for shaky hands: a box per answer one may tick.
            boxes = [
                r
                for page in pages
                for r in page.rects
                if 12 * MM - 0.5 <= r["width"] <= 20 * MM and 12 * MM - 0.5 <= r["height"]
            ]
            offered = sum(
                len(choices_for(q)) * (2 if q["type"] == "before_after" else 1)
                for q in snapshot["questions"]
            )
            assert len(boxes) >= offered + 2 + 3 + 2  # + take part, quoting, helped
            # Easy read is 14 pt or more, standard 11 pt, but for the small office-use marks.
            keys = {q["key"] for q in snapshot["questions"]}
            smallest = 14 if easy else 11
            for page in pages:
                for word in page.extract_words(extra_attrs=["size"]):
                    if word["size"] < smallest - 0.05:
                        assert word["text"] in keys | {"Office", "use:"}, word
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "paper_copies_printed")
    ).one()
    assert event.detail["copies"] == 3 and event.detail["batch"] == refs[0][2:6]


def test_a_copy_entered_with_its_reference_is_one_response_under_the_printed_keys(
    client, link, staff
):
    response = print_copies(client, link.form_id, "standard", 2)
    with pdfplumber.open(io.BytesIO(response.data)) as pdf:
        copies = copies_of(pdf)
        first, second = list(copies)
        text = " ".join(page.extract_text() for page in copies[first])
    printed_keys = re.findall(r"Office use: (\S+)", text)

    def enter(ref: str):
        page = client.get(f"/admin/paper/{link.form_id}").text
        assert "Reference on the paper copy" in page
        key = re.search(r'name="submission_id" value="([^"]*)"', page).group(1)
        data = {**GOOD_ANSWERS, "variant": "standard", "share_link": "", "paper_ref": ref}
        return client.post(
            f"/admin/paper/{link.form_id}",
            data={**data, "csrf_token": csrf_token(page), "submission_id": key},
        )

    # Typed as people type what they read off paper: small letters, a space for a dash.
    saved = enter(first.lower().replace("-", " ", 1))
    assert saved.status_code == 303
    (stored,) = db.session.scalars(sa.select(Response)).all()
    assert [a.question_key for a in stored.answers] == printed_keys
    assert printed_keys == [q["key"] for q in snapshot_of(link)["questions"]]
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "response_entered")
    ).one()
    assert event.detail["paper_ref"] == first

    again = enter(first)  # the same copy, picked up again from the pile
    assert again.status_code == 303 and again.headers["Location"] == saved.headers["Location"]
    assert (
        f"Paper copy {first} was already entered as {stored.ref}"
        in client.get(again.headers["Location"]).text
    )
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 1

    assert enter(second).status_code == 303  # another copy is another response
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 2

    wrong = enter("P-12")
    assert wrong.status_code == 422 and "like P-7K3M-0012" in wrong.text
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == 2


def test_the_print_page_refuses_bad_numbers_and_unpublished_forms(client, link, staff):
    # Who may print (staff of the project; not viewers or outsiders): test_access_walk.py.
    page = client.get(f"/admin/forms/edit/?id={link.form_id}").text
    assert f"/admin/forms/print/?id={link.form_id}" in page
    for copies in ("0", "26", "ten"):
        refused = print_copies(client, link.form_id, "standard", copies)
        assert refused.status_code == 422 and "from 1 to 25" in refused.text
    preview = client.get(f"/admin/forms/print/preview/?id={link.form_id}&variant=easy")
    assert preview.status_code == 200 and "P-SAMPLE" in preview.text
    assert "Easy words for venue?" in preview.text and "paper_form.css" in preview.text
    assert parse_ref("P-SAMPLE") is None  # a preview's copy cannot be entered by reference

    draft = Form(project=link.form.project, title="Not yet")
    db.session.add(draft)
    db.session.commit()
    assert client.get(f"/admin/forms/print/?id={draft.id}").status_code == 404


def test_references_read_as_typed_and_keys_belong_to_one_form():
    assert parse_ref(" p-7k3m-oo12 ") == "P-7K3M-0012"
    assert parse_ref("P7K3M0012") == "P-7K3M-0012"
    assert parse_ref("P-7K3M-12") is None and parse_ref("P-0K3M-0012") is None
    refs = copy_refs("7K3M", 25)
    assert len(set(refs)) == 25 and refs[-1] == "P-7K3M-0025"
    key = paper_key("secret", 1, "P-7K3M-0012")
    assert len(key) == 64 and key != paper_key("secret", 2, "P-7K3M-0012")
    with pytest.raises(ValueError):
        copy_refs("7K3M", 26)
