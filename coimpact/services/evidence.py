"""Evidence items: cut from answers, checked and approved, linked to outcomes, flagged, deleted.

Every function here is one complete staff action: it checks what it is given, writes, records
what needs recording in the audit log (ids and refs only, never a person's words) and flushes;
the request commits.
Evidence that did not come through a form is added here too (`add_other_evidence`), its files
checked and kept by `uploads.py`; approval and linking are in `evidence_approval.py`, and the
links suggested by questions' indicators in `suggestions.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from coimpact.database import after_commit, after_rollback
from coimpact.domain.excerpts import has_words, is_trim_of
from coimpact.domain.pii import Finding
from coimpact.domain.question_types import AnswerValue, display_answer
from coimpact.domain.readable import in_uk
from coimpact.extensions import db
from coimpact.models import Answer, EvidenceItem, EvidenceKind, EvidenceStatus, QuestionType, User
from coimpact.reports.rules import QUOTE_KINDS
from coimpact.services import audit
from coimpact.services.evidence_refs import take_evidence_numbers
from coimpact.services.uploads import CheckedUpload, remove_stored, store

# Dates on evidence are the day as people in the UK lived it, not the UTC day.
# What staff add themselves, apart from anything a form collected.
OTHER_KINDS = (
    EvidenceKind.OBSERVATION,
    EvidenceKind.COUNT,
    EvidenceKind.DOCUMENT,
    EvidenceKind.PHOTO,
)
FILE_KINDS = frozenset({EvidenceKind.DOCUMENT, EvidenceKind.PHOTO})


class EvidenceError(ValueError):
    """A change staff asked for that cannot be made; the message says why, in plain words."""


class PersonalDetailsFound(EvidenceError):
    """Approval refused: the text still looks like it holds personal details."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("The text looks like it holds personal details. Check it first.")
        self.findings = findings


def snapshot_question(answer: Answer) -> dict[str, Any] | None:
    """The question as the response's form version published it (None if the snapshot lacks
    it): answers are read against what the person saw, not the form as it is now."""
    questions = answer.response.form_version.snapshot.get("questions", [])
    return next((q for q in questions if q.get("key") == answer.question_key), None)


def answer_type(answer: Answer) -> QuestionType | None:
    """The type of question an answer was given to: the question's own (fixed once it was
    published), else the snapshot's; None when neither can be read."""
    if answer.question is not None:
        return answer.question.type
    question = snapshot_question(answer)
    try:
        return QuestionType(question["type"]) if question else None
    except (KeyError, ValueError):
        return None


def answer_value(answer: Answer) -> AnswerValue:
    return AnswerValue(
        value_text=answer.value_text,
        value_number=answer.value_number,
        value_before=answer.value_before,
        option_codes=answer.option_codes,
    )


def words_of(question: dict[str, Any] | None, value: AnswerValue) -> str:
    """An answer in words; stored values as they are where the question cannot be read."""
    if question is not None:
        try:
            return display_answer(question, value)
        except (KeyError, ValueError):
            pass  # a snapshot in a layout this code cannot read
    if value.value_text:
        return value.value_text
    if value.value_number is not None:
        return f"{value.value_number:g}"
    return (value.option_codes or "").replace(";", ", ")


def answer_words(answer: Answer) -> str:
    return words_of(snapshot_question(answer), answer_value(answer))


def kinds_for(question_type: QuestionType | str | None) -> list[EvidenceKind]:
    """What evidence an answer to this type of question can become; the first is the default."""
    if question_type == QuestionType.SHORT_TEXT:
        return [EvidenceKind.QUOTE, EvidenceKind.STORY]
    if question_type == QuestionType.STORY:
        return [EvidenceKind.STORY, EvidenceKind.QUOTE]
    if question_type == QuestionType.NUMBER:
        return [EvidenceKind.COUNT]
    return [EvidenceKind.RATING]


def answer_kinds(answer: Answer) -> list[EvidenceKind]:
    question = snapshot_question(answer)
    return kinds_for(question.get("type") if question else None)


def cut_source(answer: Answer) -> str:
    """Where an answer came from, in words that identify no one: the form and the link."""
    response = answer.response
    via = response.share_link.label if response.share_link else "entered from paper"
    return f"{response.form.title}, {via}"


def cut_from_answer(
    answer: Answer,
    kind: EvidenceKind | str,
    excerpt: str | None,
    actor: User,
    title: str = "",
) -> EvidenceItem:
    """Make an evidence item from an answer: the whole answer, or a trim of it.

    `excerpt` must be a faithful cut of the answer in words (see `excerpts.is_trim_of`); None
    takes the whole answer (the only choice when staff may not see the words). The answer
    itself is never changed; the item keeps a link back to it and to its response.
    """
    kind = EvidenceKind(kind)
    if kind not in answer_kinds(answer):
        raise EvidenceError("That kind of evidence does not fit this answer.")
    words = answer_words(answer)
    text = words if excerpt is None else excerpt.strip()
    if not is_trim_of(text, words):
        raise EvidenceError(
            "The excerpt must be the person's own words: you can shorten it, mark cuts with "
            "“…” and remove personal details, but not add or change words."
        )
    response = answer.response
    (ref_number,) = take_evidence_numbers(response.project_id, 1)
    item = EvidenceItem(
        project_id=response.project_id,
        ref_number=ref_number,
        kind=kind,
        title=title.strip(),
        text=text,
        # No value: the answer's own number or rating already counts in the results, and a
        # value here would count it a second time.
        value_number=None,
        answer_id=answer.id,
        response_id=response.id,
        occurred_on=in_uk(response.submitted_at).date(),
        source=cut_source(answer),
        status=EvidenceStatus.DRAFT,
        created_by_id=actor.id,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        "evidence_cut",
        actor=actor,
        project_id=item.project_id,
        target=item.ref,
        detail={"answer_id": answer.id, "response_id": response.id, "kind": kind.value},
    )
    db.session.flush()
    return item


def add_other_evidence(
    project_id: int,
    kind: EvidenceKind | str,
    actor: User,
    *,
    title: str,
    text: str = "",
    value_number: float | None = None,
    occurred_on: date | None = None,
    source: str = "",
    upload: CheckedUpload | None = None,
) -> EvidenceItem:
    """Add evidence that did not come through a form: an observation, a count, a document or
    a photo (an upload already passed `uploads.check_upload`; photos must be images).

    The file is written first and removed again if the row is not kept (the request's changes
    are rolled back, not committed), so neither a row without its file nor (as far as the disk
    allows) a file without its row is left.
    """
    kind = EvidenceKind(kind)
    if kind not in OTHER_KINDS:
        raise EvidenceError("Choose an observation, a count, a document or a photo.")
    if not title.strip():
        raise EvidenceError("Give the evidence a title.")
    if kind == EvidenceKind.COUNT and value_number is None:
        raise EvidenceError("A count needs its number.")
    if upload is not None:
        if kind not in FILE_KINDS:
            raise EvidenceError("Files can be attached to documents and photos only.")
        if kind == EvidenceKind.PHOTO and not upload.file_type.image:
            raise EvidenceError("A photo must be a PNG, JPEG or WebP image.")
    file_key = store(upload) if upload is not None else None
    if file_key:
        after_rollback(lambda: remove_stored(file_key))
    (ref_number,) = take_evidence_numbers(project_id, 1)
    item = EvidenceItem(
        project_id=project_id,
        ref_number=ref_number,
        kind=kind,
        title=title.strip(),
        text=(text or "").strip(),
        value_number=value_number,
        occurred_on=occurred_on,
        source=(source or "").strip(),
        status=EvidenceStatus.DRAFT,
        created_by_id=actor.id,
        file_key=file_key,
        file_name=upload.original_name if upload else None,
        file_mime=upload.file_type.mime if upload else None,
        file_size=len(upload.data) if upload else None,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(
        "evidence_added",
        actor=actor,
        project_id=project_id,
        target=item.ref,
        detail={"kind": kind.value, "file": file_key is not None},
    )
    db.session.flush()
    return item


def update_item(
    item: EvidenceItem,
    actor: User,
    *,
    title: str,
    text: str | None,
    occurred_on: date | None,
    source: str,
    value_number: float | None,
    most_significant: bool,
    unexpected: bool,
) -> bool:
    """Save an item's details and flags. `text` None leaves the words alone (staff who may not
    see them cannot edit them). Words cut from an answer may only be trimmed or redacted.

    Returns True when changed words sent an approved item back to draft: what was approved
    is no longer what would be shown, so it is checked again.
    """
    back_to_draft = False
    if text is not None and text.strip() != item.text:
        text = text.strip()
        if item.answer_id is not None:
            if not is_trim_of(text, answer_words(item.answer)):
                raise EvidenceError(
                    "The words must stay a cut of the person's answer: shorten them, mark cuts "
                    "with “…” or remove personal details, but do not add or change words."
                )
        elif not has_words(text) and item.kind in QUOTE_KINDS:
            raise EvidenceError("A quote or story needs some words.")
        item.text = text
        if item.status == EvidenceStatus.APPROVED:
            item.status, item.approved_by_id, item.approved_at = EvidenceStatus.DRAFT, None, None
            back_to_draft = True
    item.title = title.strip()
    item.occurred_on = occurred_on
    item.source = source.strip()
    if item.answer_id is None:  # an answer's own value is read from the answer
        item.value_number = value_number
    item.most_significant = most_significant
    item.unexpected = unexpected
    db.session.flush()
    return back_to_draft


def delete_item(item: EvidenceItem, actor: User) -> None:
    """Delete an item, its links and its stored file. Flushes; the request commits, and only
    then is the file removed, so a change that is rolled back never leaves a row pointing at
    nothing."""
    file_key = item.file_key
    audit.record(
        "evidence_deleted",
        actor=actor,
        project_id=item.project_id,
        target=item.ref,
        detail={"kind": EvidenceKind(item.kind).value, "had_file": file_key is not None},
    )
    db.session.delete(item)
    db.session.flush()
    if file_key:
        after_commit(lambda: remove_stored(file_key))
