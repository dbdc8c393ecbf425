"""Publishing forms: a published form is frozen into a numbered version so that answers given
to it keep their meaning after staff edit the form."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from coimpact.domain.question_types import MAX_EASY_READ_OPTIONS, STAFF_OPTION_TYPES
from coimpact.domain.snapshots import form_snapshot
from coimpact.extensions import db
from coimpact.models import (
    Form,
    FormStatus,
    FormVersion,
    Question,
    QuestionOption,
    QuestionType,
    User,
)
from coimpact.services import audit


class FormError(ValueError):
    """A form that cannot be published as it stands; the message is for people."""


def easy_read_gaps(form: Form) -> list[str]:
    """Keys of live questions (or `key:code` of options) that have no easy-read wording yet.

    Easy-read wording is written by people; the admin shows these before publishing, and the
    public page falls back to the standard wording for them.
    """
    gaps: list[str] = []
    for question in form.live_questions:
        if not question.text_easy.strip():
            gaps.append(question.key)
        gaps.extend(
            f"{question.key}:{option.code}"
            for option in question.options
            if not option.retired and not option.label_easy.strip()
        )
    return gaps


def publish_form(form: Form, actor: User | None = None) -> FormVersion:
    """Freeze the form as it is now into a new FormVersion and open it for answers.

    If the form has not changed since its last published version, that version is reused (and
    the form reopened) rather than numbered again, so publishing twice is harmless. Raises
    FormError when the form has no live question or a choice question has no live option.
    Flushes; the request commits. (Scales and yes / not sure / no need no option rows: their
    answers are built in.)
    """
    questions = form.live_questions
    if not questions:
        raise FormError("Add at least one question before publishing the form.")
    for question in questions:
        if question.type in STAFF_OPTION_TYPES and not any(
            not option.retired for option in question.options
        ):
            raise FormError(f"The question '{question.key}' needs at least one answer option.")

    snapshot = form_snapshot(form)
    latest = form.versions[-1] if form.versions else None
    if latest is not None and latest.number == form.version and latest.snapshot == snapshot:
        form.status = FormStatus.OPEN
        db.session.flush()
        return latest

    version = FormVersion(
        form=form,
        number=form.version + 1,
        snapshot=snapshot,
        published_by_id=actor.id if actor is not None else None,
    )
    db.session.add(version)
    form.version = version.number
    form.status = FormStatus.OPEN
    db.session.flush()
    audit.record(
        "form_published",
        actor=actor,
        project_id=form.project_id,
        target=f"form {form.id} v{version.number}",
    )
    return version


# --- Building and changing forms in the admin ------------------------------------------------
# Once a key or an option code has been published, answers refer to it for ever: these helpers
# tell the admin what is fixed, and change the form without ever breaking an earlier answer.

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_]+$")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
CODE_MAX = 40


def latest_version(form: Form) -> FormVersion | None:
    return form.versions[-1] if form.versions else None


def has_unpublished_changes(form: Form) -> bool:
    """True when a published form's live questions or wording differ from its latest version."""
    latest = latest_version(form)
    return latest is not None and latest.snapshot != form_snapshot(form)


def published_keys(form: Form) -> set[str]:
    """Question keys that appear in any published version of the form: fixed for ever."""
    return {q["key"] for version in form.versions for q in version.snapshot.get("questions", [])}


def published_codes(form: Form, key: str) -> set[str]:
    """Option codes of the question `key` that appear in any published version: fixed too."""
    return {
        option["code"]
        for version in form.versions
        for q in version.snapshot.get("questions", [])
        if q["key"] == key
        for option in q.get("options", [])
    }


def _field_names(key: str, qtype: QuestionType | str) -> set[str]:
    # The names the participant form gives a question's inputs (see forms/participant.py).
    if QuestionType(qtype) == QuestionType.BEFORE_AFTER:
        return {f"q_{key}_before", f"q_{key}_after"}
    return {f"q_{key}"}


def key_problem(form: Form, key: str, qtype: QuestionType | str, question_id: int | None) -> str:
    """Why `key` cannot be used for a question of `form` ('' when it can). Keys of removed
    questions stay taken, so an old answer never meets a new question under its key."""
    if not KEY_PATTERN.match(key or ""):
        return "Use letters, digits and underscores only, with no spaces."
    names = _field_names(key, qtype)
    for other in form.questions:
        if other.id is not None and other.id == question_id:
            continue
        if other.key == key:
            return "Another question of this form (perhaps a removed one) already has this key."
        if names & _field_names(other.key, other.type):
            return f"This key clashes with the question '{other.key}': choose another."
    return ""


# Words that say little about what a question asks: left out of a key made from its wording.
KEY_SKIP_WORDS = frozenset(
    "a an and are at be been did do does for from had has have how i in is it me my of on or "
    "our that the this to us was we were what when which who why will with would you your".split()
)
KEY_FROM_WORDING_MAX = 30


def key_from_wording(form: Form, text: str, qtype: QuestionType | str, question_id=None) -> str:
    """A key for a question whose key was left empty: the main words of its wording as a short
    slug ("Did you feel listened to?" gives feel_listened), made unique within the form by the
    rules `key_problem` checks (a number is added: feel_listened_2)."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)
    base = ""
    for word in [w for w in words if w not in KEY_SKIP_WORDS] or words:
        longer = f"{base}_{word}" if base else word[:KEY_FROM_WORDING_MAX]
        if len(longer) > KEY_FROM_WORDING_MAX:
            break
        base = longer
    base = base or "question"
    key, n = base, 2
    while key_problem(form, key, qtype, question_id):
        key, n = f"{base}_{n}", n + 1
    return key


def next_position(form: Form) -> int:
    """Where a new or restored question goes: after every other question of the form."""
    return max((q.position for q in form.questions if q.id is not None), default=-1) + 1


def move_question(question: Question, step: int) -> bool:
    """Swap a live question with its neighbour above (step -1) or below (step +1).

    Positions are renumbered 0, 1, 2 … first, so equal positions cannot block a move. Returns
    False (and changes nothing) at either end. Flushes; the request commits.
    """
    live = question.form.live_questions
    if question not in live:
        return False
    here = live.index(question)
    there = here + step
    if step not in (-1, 1) or not 0 <= there < len(live):
        return False
    live[here], live[there] = live[there], live[here]
    for position, item in enumerate(live):
        item.position = position
    db.session.flush()
    return True


def remove_question(question: Question) -> bool:
    """Take a question off its form. A question that was ever published is retired (kept, so
    that earlier answers still read); one that never was is deleted. Returns True if retired.
    Flushes; the request commits."""
    if question.key in published_keys(question.form):
        question.retired = True
        db.session.flush()
        return True
    question.form.questions.remove(question)
    db.session.flush()
    return False


def restore_question(question: Question) -> None:
    """Put a retired question back on its form, at the end. Flushes; the request commits."""
    if question.retired:
        question.retired = False
        question.position = next_position(question.form)
        db.session.flush()


def remove_option(option: QuestionOption, published: set[str]) -> bool:
    """Take an answer option off its question: retired if its code was published (`published`,
    from `published_codes`), deleted otherwise. Returns True if retired. Does not flush."""
    if option.code in published:
        option.retired = True
        return True
    option.question.options.remove(option)
    return False


def new_option_code(label: str, taken: set[str]) -> str:
    """A readable code for a new option, made from its label and unused by the question (codes
    are what answers store and exports show, so 'bus' reads better than '3')."""
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:30] or "option"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


@dataclass(frozen=True)
class FormWarning:
    """Something staff should see before publishing; `blocking` ones stop publishing."""

    key: str
    message: str
    blocking: bool = False


def form_warnings(form: Form) -> list[FormWarning]:
    """What to check before publishing, apart from missing easy-read wording (easy_read_gaps):
    choice questions without options (publishing refuses them), more options than easy read
    allows, and questions without a picture."""
    warnings: list[FormWarning] = []
    for question in form.live_questions:
        if question.type in STAFF_OPTION_TYPES:
            n = sum(1 for option in question.options if not option.retired)
            if n == 0:
                warnings.append(
                    FormWarning(question.key, "has no answer options yet: add some.", blocking=True)
                )
            elif n > MAX_EASY_READ_OPTIONS:
                warnings.append(
                    FormWarning(
                        question.key,
                        f"has {n} answer options. Easy read allows at most "
                        f"{MAX_EASY_READ_OPTIONS}: think about fewer, or splitting the question.",
                    )
                )
        if not question.symbol:
            warnings.append(FormWarning(question.key, "has no picture for easy read."))
    return warnings


def close_form(form: Form, actor: User | None = None) -> None:
    """Stop the form taking answers through any of its links. Its versions and answers stay.
    Raises FormError unless the form is open. Audited. Flushes; the request commits."""
    if form.status != FormStatus.OPEN:
        raise FormError("Only an open form can be closed.")
    form.status = FormStatus.CLOSED
    audit.record("form_closed", actor=actor, project_id=form.project_id, target=f"form {form.id}")
    db.session.flush()


def reopen_form(form: Form, actor: User | None = None) -> None:
    """Take answers again, on the latest published version (changes made since stay unpublished
    until staff publish them). Raises FormError for a form never published. Audited."""
    if latest_version(form) is None:
        raise FormError("This form has never been published: publish it to open it.")
    if form.status == FormStatus.OPEN:
        return
    form.status = FormStatus.OPEN
    audit.record(
        "form_reopened",
        actor=actor,
        project_id=form.project_id,
        target=f"form {form.id} v{form.version}",
    )
    db.session.flush()
