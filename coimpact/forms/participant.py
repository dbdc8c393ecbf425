"""The participant form, built from a published form's snapshot (indico's `make_survey_form`).

Standard and easy read use the same fields and validators; they differ in wording and template.
The easy-read variant builds the form for one step's questions at a time.
"""

from __future__ import annotations

import copy
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from coimpact.domain.question_types import (
    NUMBER_LIMITS,
    TEXT_LIMITS,
    choices_for,
    to_answer,
    wording,
)
from coimpact.domain.recognition import CODE_MAX, CODE_QUESTION, CODE_QUESTION_EASY
from coimpact.models.enums import QuestionType, QuotePermission
from coimpact.web.input_text import without_nul
from coimpact.web.recently_used import RecentlyUsed

NAME_LIMIT = 120

MESSAGES = {
    # (standard, easy read)
    "choose": ("Choose an answer.", "Please choose an answer."),
    "choose_some": ("Choose at least one answer.", "Please choose at least one answer."),
    "write": ("Write your answer.", "Please write your answer."),
    "number": ("Enter a number, like 3.", "Please write a number, like 3."),
    "too_long": (
        "Your answer is too long: keep it under {n} characters.",
        "Your answer is too long. Please make it shorter.",
    ),
    "range": ("Enter a number from {lo} to {hi}.", "Please write a number from {lo} to {hi}."),
    "consent": (
        "Say whether you agree to take part.",
        "Please say if you want to take part.",
    ),
    "quotes": (
        "Say whether we may use your words.",
        "Please say if we can use your words.",
    ),
    "name": (
        "Write the name you want us to use, or choose another answer.",
        "Please write your name. Or choose a different answer.",
    ),
    "before": ("Choose how things were before.", "Please choose how it was before."),
    "after": ("Choose how things are now.", "Please choose how it is now."),
}


def message(key: str, easy: bool, **values: Any) -> str:
    return MESSAGES[key][1 if easy else 0].format(**values)


class FriendlyRadioField(RadioField):
    """A radio group whose 'not a valid choice' reads like a person wrote it."""

    def __init__(self, *args, invalid_message: str = "Choose an answer.", **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def pre_validate(self, form):
        if self.data is not None and self.data not in {c.value for c in self.choices}:
            raise StopValidation(self.invalid_message)


class FriendlyMultiField(SelectMultipleField):
    def __init__(self, *args, invalid_message: str = "Choose an answer.", **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def pre_validate(self, form):
        allowed = {c.value for c in self.choices}
        if any(value not in allowed for value in self.data or []):
            raise StopValidation(self.invalid_message)


class NumberText(StringField):
    """A number typed as text (`inputmode="decimal"`), so a typo is kept and shown back."""

    def __init__(self, *args, lo: float, hi: float, easy: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.lo, self.hi, self.easy = lo, hi, easy

    def post_validate(self, form, validation_stopped):
        if validation_stopped or not (self.data or "").strip():
            return
        try:
            number = float(self.data.strip().replace(",", ""))
        except ValueError:
            self.errors.append(message("number", self.easy))
            return
        if not (self.lo <= number <= self.hi) or number != number:
            self.errors.append(message("range", self.easy, lo=f"{self.lo:g}", hi=f"{self.hi:g}"))


class ParticipantForm(FlaskForm):
    """Base of every built participant form; `questions` holds the snapshot dicts it asks."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            # Whatever is typed (answers, name, the hidden key) loses any NUL before it is
            # validated: the database could not store it, and nobody means one.
            if issubclass(unbound_field.field_class, StringField):
                filters = [*unbound_field.kwargs.get("filters", ()), without_nul]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)

    questions: list[dict[str, Any]] = []
    easy: bool = False
    # A trap for bots: hidden from people (and from screen readers) by the template and CSS.
    website = StringField("Leave this empty", validators=[Optional(), Length(max=200)])

    def question_fields(self, question: dict[str, Any]) -> list[Field]:
        key = question["key"]
        if question["type"] == QuestionType.BEFORE_AFTER:
            return [self[f"q_{key}_before"], self[f"q_{key}_after"]]
        return [self[f"q_{key}"]]

    def answer_for(self, question: dict[str, Any]):
        fields = self.question_fields(question)
        if question["type"] == QuestionType.BEFORE_AFTER:
            return to_answer(question, (fields[0].data, fields[1].data))
        data = fields[0].data
        if question["type"] == QuestionType.NUMBER and data:
            data = data.strip().replace(",", "")
        return to_answer(question, data)

    def answers(self) -> dict[str, Any]:
        """The answers given, by question key (empty answers left out)."""
        result = {}
        for question in self.questions:
            value = self.answer_for(question)
            if not value.is_empty:
                result[question["key"]] = value
        return result

    @property
    def is_spam(self) -> bool:
        return bool((self.website.data or "").strip())


def _question_fields(question: dict[str, Any], easy: bool) -> dict[str, Field]:
    qtype = QuestionType(question["type"])
    key, label = question["key"], wording(question, "text", easy)
    required = bool(question.get("required"))

    def presence(kind: str) -> list:
        return [InputRequired(message(kind, easy))] if required else [Optional()]

    choices = [SelectChoice(c["code"], wording(c, "label", easy)) for c in choices_for(question)]
    invalid = message("choose", easy)
    if qtype in TEXT_LIMITS:
        limit = TEXT_LIMITS[qtype]
        return {
            f"q_{key}": StringField(
                label,
                validators=[
                    *presence("write"),
                    Length(max=limit, message=message("too_long", easy, n=limit)),
                ],
            )
        }
    if qtype == QuestionType.NUMBER:
        lo = question.get("min_value")
        hi = question.get("max_value")
        return {
            f"q_{key}": NumberText(
                label,
                validators=[*presence("number"), Length(max=30, message=message("number", easy))],
                lo=NUMBER_LIMITS[0] if lo is None else lo,
                hi=NUMBER_LIMITS[1] if hi is None else hi,
                easy=easy,
            )
        }
    if qtype == QuestionType.MULTI_CHOICE:
        return {
            f"q_{key}": FriendlyMultiField(
                label,
                choices=choices,
                validators=presence("choose_some"),
                invalid_message=invalid,
            )
        }
    if qtype == QuestionType.BEFORE_AFTER:
        return {
            f"q_{key}_{part}": FriendlyRadioField(
                label,
                choices=choices,
                validators=presence(part),
                invalid_message=invalid,
            )
            for part in ("before", "after")
        }
    return {
        f"q_{key}": FriendlyRadioField(
            label, choices=choices, validators=presence("choose"), invalid_message=invalid
        )
    }


def _needed_when_taking_part(form, field) -> None:
    """Whether we may quote someone only matters to someone taking part. Asked unless they said
    no (which stops the form before it is validated): a page sent with neither answer lists both
    problems at once, not this one only after the person has fixed the first."""
    if form.consent.data != "no" and not field.data:
        raise StopValidation(message("quotes", form.easy))
    if not field.data:
        field.errors[:] = []
        raise StopValidation()


def _validate_name(form, field) -> None:
    if form.quote_permission.data == QuotePermission.NAMED and not (field.data or "").strip():
        raise ValidationError(message("name", form.easy))


def _consent_fields(easy: bool) -> dict[str, Field]:
    return {
        "consent": FriendlyRadioField(
            "Do you agree to take part?",
            choices=[SelectChoice("yes", "Yes, I agree"), SelectChoice("no", "No, I do not agree")],
            validators=[InputRequired(message("consent", easy))],
            invalid_message=message("consent", easy),
        ),
        "quote_permission": FriendlyRadioField(
            "Can we use your words when we tell people about the project?",
            choices=[
                SelectChoice(QuotePermission.NO.value, "No"),
                SelectChoice(QuotePermission.ANONYMOUS.value, "Yes, but do not use my name"),
                SelectChoice(QuotePermission.NAMED.value, "Yes, and you can use my name"),
            ],
            validators=[_needed_when_taking_part],
            invalid_message=message("quotes", easy),
        ),
        "participant_name": StringField(
            "Your name",
            validators=[
                _validate_name,
                Length(max=NAME_LIMIT, message=message("too_long", easy, n=NAME_LIMIT)),
            ],
        ),
    }


def _supported_field(easy: bool) -> dict[str, Field]:
    return {
        "supported": FriendlyRadioField(
            "Did someone help you fill this in?",
            choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
            validators=[Optional()],
            invalid_message=message("choose", easy),
        )
    }


def _recognition_field(easy: bool) -> dict[str, Field]:
    """The optional code a participant makes up to be recognised in a later round."""
    return {
        "recognition_code": StringField(
            CODE_QUESTION_EASY if easy else CODE_QUESTION,
            filters=[lambda value: value.strip() if isinstance(value, str) else value],
            validators=[
                Optional(),
                Length(
                    max=CODE_MAX,
                    message=(
                        "Your code is too long. Please make it shorter."
                        if easy
                        else f"Your code is too long: keep it under {CODE_MAX} characters."
                    ),
                ),
            ],
        )
    }


def make_participant_form(
    questions: list[dict[str, Any]],
    *,
    easy: bool,
    consent: bool = False,
    supported: bool = False,
    submission_id: bool = False,
    recognition: bool = False,
    **form_kwargs: Any,
) -> ParticipantForm:
    """Build and instantiate the form for `questions` (snapshot dicts), optionally with the
    consent step, the "did someone help you?" question and the idempotency key."""
    # Keyed by the questions' whole content, so an edited question can never reuse a class.
    key = (_content_key(questions), easy, consent, supported, submission_id, recognition)
    form_class = _classes.get(key)
    if form_class is None:
        form_class = _build_class(questions, easy, consent, supported, submission_id, recognition)
        _classes.put(key, form_class)
    return form_class(**form_kwargs)


def _content_key(questions: list[dict[str, Any]]) -> str:
    """`repr(questions)`, worked out once per list: a published version's questions are one
    list that every request shares (`participation.PublishedVersion`, read-only), and its repr
    cost a tenth of building the form. The list is kept with its repr, so its id cannot be
    taken by another list while the entry lives."""
    found = _reprs.get(id(questions))
    if found is not None and found[0] is questions:
        return found[1]
    text = repr(questions)
    _reprs.put(id(questions), (questions, text))
    return text


_reprs: RecentlyUsed[tuple[list[dict[str, Any]], str]] = RecentlyUsed(256)

# Built form classes. Building one (and WTForms' first sort of its fields) costs as much as
# using it, and every page of a published form asks for the same one.
_classes: RecentlyUsed[type[ParticipantForm]] = RecentlyUsed(1024)


def _build_class(
    questions: list[dict[str, Any]],
    easy: bool,
    consent: bool,
    supported: bool,
    submission_id: bool,
    recognition: bool = False,
) -> type[ParticipantForm]:
    attrs: dict[str, Any] = {"questions": copy.deepcopy(questions), "easy": easy}
    if consent:
        attrs.update(_consent_fields(easy))
    for question in questions:
        attrs.update(_question_fields(question, easy))
    if supported:
        attrs.update(_supported_field(easy))
    if recognition:
        attrs.update(_recognition_field(easy))
    if submission_id:
        attrs["submission_id"] = HiddenField(validators=[Length(max=64)])
    return type("BuiltParticipantForm", (ParticipantForm,), attrs)
