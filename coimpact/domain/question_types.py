"""What each question type asks for, offers and stores. Plain Python: the public forms, the
staff's paper entry, results and exports all read answers through here.

A published form is served from its version's snapshot (see `domain/snapshots.py`), so the
functions here take the snapshot's plain dicts, never live rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coimpact.models.enums import QuestionType

TEXT_LIMITS = {QuestionType.SHORT_TEXT: 500, QuestionType.STORY: 10_000}
NUMBER_LIMITS = (-1_000_000, 1_000_000)


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    label_easy: str
    symbol: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "label": self.label,
            "label_easy": self.label_easy,
            "symbol": self.symbol,
        }


# Scales have fixed codes so answers from every version and both variants merge in results.
FACES_3 = (
    Choice("1", "Not good", "Not good", "sad"),
    Choice("2", "OK", "OK", "ok"),
    Choice("3", "Good", "Good", "happy"),
)
AGREE_5 = (
    Choice("1", "Strongly disagree", "No, not at all", "very-sad"),
    Choice("2", "Disagree", "No", "sad"),
    Choice("3", "Not sure", "Not sure", "ok"),
    Choice("4", "Agree", "Yes", "happy"),
    Choice("5", "Strongly agree", "Yes, a lot", "very-happy"),
)
FEELING_5 = (
    Choice("1", "Very bad", "Very bad", "very-sad"),
    Choice("2", "Bad", "Bad", "sad"),
    Choice("3", "OK", "OK", "ok"),
    Choice("4", "Good", "Good", "happy"),
    Choice("5", "Very good", "Very good", "very-happy"),
)
YES_NOT_SURE_NO = (
    Choice("yes", "Yes", "Yes", "yes"),
    Choice("not_sure", "Not sure", "Not sure", "not-sure"),
    Choice("no", "No", "No", "no"),
)
BUILT_IN_CHOICES: dict[QuestionType, tuple[Choice, ...]] = {
    QuestionType.PICTURE_SCALE: FACES_3,
    QuestionType.SCALE_5: AGREE_5,
    QuestionType.YES_NO: YES_NOT_SURE_NO,
    QuestionType.BEFORE_AFTER: FEELING_5,
}
# The answer that counts as agreeing when an indicator reports "share of people who agree".
AGREE_CODES: dict[QuestionType, frozenset[str]] = {
    QuestionType.PICTURE_SCALE: frozenset({"3"}),
    QuestionType.SCALE_5: frozenset({"4", "5"}),
    QuestionType.YES_NO: frozenset({"yes"}),
}
CHOICE_TYPES = frozenset(
    {
        QuestionType.SINGLE_CHOICE,
        QuestionType.MULTI_CHOICE,
        QuestionType.PICTURE_SCALE,
        QuestionType.SCALE_5,
        QuestionType.YES_NO,
    }
)
STAFF_OPTION_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE})
FREE_TEXT_TYPES = frozenset({QuestionType.SHORT_TEXT, QuestionType.STORY})
MAX_EASY_READ_OPTIONS = 5


def choices_for(question: dict[str, Any]) -> list[dict[str, str]]:
    """The options a question offers: staff-written for choice questions, fixed for scales."""
    qtype = QuestionType(question["type"])
    if qtype in STAFF_OPTION_TYPES:
        return [o for o in question.get("options", []) if not o.get("retired")]
    return [c.as_dict() for c in BUILT_IN_CHOICES.get(qtype, ())]


def wording(item: dict[str, Any], field: str, easy: bool) -> str:
    """Easy-read wording where people wrote it, else the standard wording (never a blank)."""
    if easy and (item.get(f"{field}_easy") or "").strip():
        return item[f"{field}_easy"]
    return item.get(field) or ""


def option_label(question: dict[str, Any], code: str, easy: bool = False) -> str:
    for choice in choices_for(question) + list(question.get("options", [])):
        if choice["code"] == code:
            return wording(choice, "label", easy)
    return code  # an option removed since: its code still reads


@dataclass
class AnswerValue:
    """An answer as stored: see `models.Answer` for the columns."""

    value_text: str | None = None
    value_number: float | None = None
    value_before: float | None = None
    option_codes: str | None = None

    @property
    def is_empty(self) -> bool:
        return (
            not self.value_text
            and self.value_number is None
            and self.value_before is None
            and not self.option_codes
        )


def to_answer(question: dict[str, Any], raw: Any) -> AnswerValue:
    """Turn a validated form value into stored columns. `raw` is a str, list of codes, number,
    or a (before, after) pair for before-and-after questions."""
    qtype = QuestionType(question["type"])
    if raw in (None, "", [], ()):
        return AnswerValue()
    if qtype in FREE_TEXT_TYPES:
        return AnswerValue(value_text=str(raw).strip() or None)
    if qtype == QuestionType.NUMBER:
        return AnswerValue(value_number=float(raw))
    if qtype == QuestionType.MULTI_CHOICE:
        # Each code once, in the order sent: a box posted twice is still one person's answer
        # (and a crafted post repeating it must not outgrow the column or the counts).
        codes = list(dict.fromkeys(c for c in raw if c))
        return AnswerValue(option_codes=";".join(codes) or None)
    if qtype == QuestionType.BEFORE_AFTER:
        before, after = raw
        return AnswerValue(
            value_before=float(before) if before not in (None, "") else None,
            value_number=float(after) if after not in (None, "") else None,
        )
    code = str(raw)
    numeric = qtype in (QuestionType.PICTURE_SCALE, QuestionType.SCALE_5)
    return AnswerValue(option_codes=code, value_number=float(code) if numeric else None)


def display_answer(question: dict[str, Any], answer: AnswerValue, easy: bool = False) -> str:
    """The answer in words, as a person reads it on a check page, in the admin or in a sheet."""
    qtype = QuestionType(question["type"])
    if qtype in FREE_TEXT_TYPES:
        return answer.value_text or ""
    if qtype == QuestionType.NUMBER:
        return "" if answer.value_number is None else f"{answer.value_number:g}"
    if qtype == QuestionType.BEFORE_AFTER:
        if answer.value_before is None and answer.value_number is None:
            return ""
        before = (
            option_label(question, f"{answer.value_before:g}", easy)
            if (answer.value_before is not None)
            else "–"
        )
        after = (
            option_label(question, f"{answer.value_number:g}", easy)
            if (answer.value_number is not None)
            else "–"
        )
        return f"Before: {before}. Now: {after}."
    codes = [c for c in (answer.option_codes or "").split(";") if c]
    return ", ".join(option_label(question, c, easy) for c in codes)
