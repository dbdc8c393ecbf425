"""Questions for test forms: one place that knows how a question of each type is made."""

from __future__ import annotations

from coimpact.extensions import db
from coimpact.models import Form, Question, QuestionOption, QuestionType

CHOICE_TYPES = (QuestionType.SINGLE_CHOICE, QuestionType.MULTI_CHOICE)

# One question of every type: (key, type, required). tests/public_helpers.GOOD_ANSWERS answers it.
EVERY_TYPE = [
    ("name_of_group", QuestionType.SHORT_TEXT, False),
    ("story", QuestionType.STORY, False),
    ("venue", QuestionType.SINGLE_CHOICE, True),
    ("topics", QuestionType.MULTI_CHOICE, False),
    ("feeling", QuestionType.PICTURE_SCALE, True),
    ("listened", QuestionType.SCALE_5, True),
    ("again", QuestionType.YES_NO, False),
    ("meetings", QuestionType.NUMBER, False),
    ("confidence", QuestionType.BEFORE_AFTER, False),
]


def add_questions(
    form: Form,
    specs: list[tuple[str, QuestionType, bool]],
    text: str = "Standard wording for {key}?",
    option: str = "Option {code}",
) -> None:
    """Add a question per (key, type, required), in order; choice questions get options a, b
    and c; `text` and `option` word them ({key} and {code} filled in)."""
    for position, (key, qtype, required) in enumerate(specs):
        question = Question(
            form=form,
            key=key,
            type=qtype,
            text=text.format(key=key),
            text_easy=f"Easy words for {key}?",
            required=required,
            position=position,
            symbol="meeting",
            min_value=0 if qtype == QuestionType.NUMBER else None,
            max_value=100 if qtype == QuestionType.NUMBER else None,
        )
        if qtype in CHOICE_TYPES:
            for i, code in enumerate(("a", "b", "c")):
                question.options.append(
                    QuestionOption(
                        code=code,
                        label=option.format(code=code),
                        label_easy=f"Easy {code}",
                        position=i,
                    )
                )
        db.session.add(question)
