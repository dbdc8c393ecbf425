"""The question page fitted to the type of question: only the fields that type uses, what it
offers people, and what its answers can give the indicators it is linked to.

Without JavaScript the type is chosen first (a page of its own, /admin/questions/new/ without
`?type=`), and changing it later on the question page re-shows the page with the new type's
fields, keeping what was typed and saving nothing, before it can be saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import request
from markupsafe import Markup
from wtforms.validators import InputRequired

from coimpact.admin.collect.builder_fields import SPARE_ROWS
from coimpact.domain.measures import can_use, link_problem, measures_using
from coimpact.domain.question_types import (
    BUILT_IN_CHOICES,
    MAX_EASY_READ_OPTIONS,
    STAFF_OPTION_TYPES,
    TEXT_LIMITS,
    choices_for,
)
from coimpact.models import Indicator, Question, QuestionType

WHAT_PEOPLE_DO = {
    QuestionType.SHORT_TEXT: "People answer in a few words of their own "
    f"(up to {TEXT_LIMITS[QuestionType.SHORT_TEXT]:,} characters).",
    QuestionType.STORY: "People tell a story in their own words "
    f"(up to {TEXT_LIMITS[QuestionType.STORY]:,} characters).",
    QuestionType.SINGLE_CHOICE: "People choose one of the answers you write "
    f"(easy read allows at most {MAX_EASY_READ_OPTIONS}).",
    QuestionType.MULTI_CHOICE: "People tick any of the answers you write "
    f"(easy read allows at most {MAX_EASY_READ_OPTIONS}).",
    QuestionType.PICTURE_SCALE: "People choose one of three faces.",
    QuestionType.SCALE_5: "People say how much they agree.",
    QuestionType.YES_NO: "People answer yes, not sure or no.",
    QuestionType.NUMBER: "People give a number; you can set the lowest and highest.",
    QuestionType.BEFORE_AFTER: "People rate how things were before and how they are now, on "
    "the same scale.",
}


@dataclass(frozen=True)
class TypeChoice:
    """One type of question as the type page offers it."""

    type: QuestionType
    does: str  # what people do
    answers: str  # its fixed answers, if it has them
    gives: str  # the kinds of measure its answers can give


def type_choices() -> list[TypeChoice]:
    return [
        TypeChoice(
            qtype,
            WHAT_PEOPLE_DO[qtype],
            ", ".join(c.label for c in BUILT_IN_CHOICES.get(qtype, ())),
            ", ".join(m.label for m in measures_using(qtype)),
        )
        for qtype in QuestionType
    ]


def unused_fields(qtype: QuestionType) -> set[str]:
    """The question page's fields a question of `qtype` has no use for."""
    unused = set()
    if qtype not in STAFF_OPTION_TYPES and qtype not in BUILT_IN_CHOICES:
        unused.add("options")  # free text and numbers offer no answers at all
    if qtype != QuestionType.NUMBER:
        unused |= {"min_value", "max_value"}
    return unused


def as_type(value) -> QuestionType | None:
    try:
        return QuestionType(value)
    except ValueError:
        return None


def chosen_type(form, question: Question | None) -> QuestionType | None:
    """The type the page is for: what was posted, else `?type=`, else the question's own."""
    if "type" not in form:  # published: the type is fixed
        return question.type
    if request.method == "POST":
        return as_type(form.type.data) or (question.type if question is not None else None)
    asked = as_type(request.args.get("type"))
    if asked is not None:
        form.type.data = asked
        return asked
    return question.type if question is not None else None


def fit_to_type(form, qtype: QuestionType | None) -> None:
    """Leave only the fields `qtype` uses, show a scale's fixed answers, and say beside the
    indicators which of them its answers can feed."""
    # A key left empty is made from the wording (QuestionView.prepare), so it is not required.
    if "key" in form:
        form.key.validators = [v for v in form.key.validators if not isinstance(v, InputRequired)]
        form.key.flags.required = False
    form.shown_type.data = qtype.value if qtype else ""
    form.chosen_type = qtype
    if qtype is None:
        return
    for name in unused_fields(qtype):
        if name in form:
            del form[name]
    if "options" in form:
        if qtype in STAFF_OPTION_TYPES:
            if not form.options.entries:  # arriving from another type: rows to fill in
                for _ in range(SPARE_ROWS):
                    form.options.append_entry()
        else:
            form.options.fixed_choices = choices_for({"type": qtype.value})
    label = form.indicators.get_label
    form.indicators.get_label = lambda i: _indicator_choice(label(i), i, qtype)
    gives = ", ".join(f"“{m.label}”" for m in measures_using(qtype))
    form.indicators.description = Markup(
        "Answers to this question arrive as suggested evidence for these. Answers to a {} "
        "question can give an indicator measured as {}; the others say so beside them."
    ).format(qtype.label.lower(), gives)


def _indicator_choice(label: str, indicator: Indicator, qtype: QuestionType) -> str:
    measure = indicator.measure.label
    if can_use(indicator.measure, qtype):
        return f"{label} · {measure}"
    return f"{label} · {measure}: cannot use these answers"


def type_changed(form) -> bool:
    """The type was changed on a page showing another type's fields (posted back as
    `shown_type`): re-show the page for the new type rather than save it."""
    shown = (form.shown_type.raw_data or [""])[0] if "shown_type" in form else ""
    return bool(shown) and form.chosen_type is not None and shown != form.chosen_type.value


def link_problems(question: Question, indicators: list[Indicator]) -> list[str]:
    """What to tell staff about `indicators` newly measured by `question`."""
    problems = (link_problem(i.measure, question.type, i.ref) for i in indicators)
    return [p for p in problems if p]
