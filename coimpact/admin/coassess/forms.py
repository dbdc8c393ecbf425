"""The forms of the co-assessment pages (every one posts with a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from coimpact.domain.coassessment import QUESTION
from coimpact.models import CoassessorRole, Judgement
from coimpact.services.assessment_log import DECISION_LIMIT, MOST_IN_A_GROUP, WORDS_LIMIT
from coimpact.services.coassessors import DEFAULT_DAYS, LABEL_LIMIT, MAX_DAYS


class InviteForm(FlaskForm):
    label = StringField(
        "Label",
        validators=[
            InputRequired('Give the co-assessor a label: a first name or "Member 3".'),
            Length(max=LABEL_LIMIT, message=f"Keep the label under {LABEL_LIMIT} characters."),
        ],
        description='A first name or "Member 3", as the person prefers. Only staff see it.',
    )
    role = SelectField(
        "Role",
        choices=[SelectChoice(r.value, r.label) for r in CoassessorRole],
        default=CoassessorRole.LIVED_EXPERIENCE.value,
        description="Counted by role (never by name) where the workbook says who took part.",
    )
    days = IntegerField(
        "The link works for this many days",
        default=DEFAULT_DAYS,
        validators=[
            InputRequired("Say how many days the link works, for example 90."),
            NumberRange(min=1, max=MAX_DAYS, message=f"Choose from 1 to {MAX_DAYS} days."),
        ],
    )


class DecisionForm(FlaskForm):
    period = HiddenField()
    decided_on = DateField(
        "Date of the decision", validators=[InputRequired("Give the date, like 14 May 2026.")]
    )
    outcome = SelectField("About an outcome (optional)", coerce=str, validate_choice=True)
    decision = TextAreaField(
        "What was decided",
        validators=[
            InputRequired("Write what was decided."),
            Length(max=DECISION_LIMIT, message=f"Keep it under {DECISION_LIMIT:,} characters."),
        ],
    )


def _count(judgement: Judgement) -> IntegerField:
    return IntegerField(
        f"How many said {judgement.label.lower()}"
        if judgement != Judgement.NOT_SURE
        else "How many were not sure",
        default=0,
        validators=[
            Optional(),
            NumberRange(min=0, max=MOST_IN_A_GROUP, message="Write a number, 0 or more."),
        ],
    )


class GroupForm(FlaskForm):
    """The group's answers to the easy-read question, as counts, and the group's words."""

    question = QUESTION
    held_on = DateField("Date of the meeting", validators=[InputRequired("Give the date.")])
    yes = _count(Judgement.YES)
    a_bit = _count(Judgement.A_BIT)
    no = _count(Judgement.NO)
    not_sure = _count(Judgement.NOT_SURE)
    words = TextAreaField(
        "What the group said (if they want)",
        validators=[Length(max=WORDS_LIMIT, message=f"Keep it under {WORDS_LIMIT:,} characters.")],
    )
    words_shared = BooleanField("The group says we may share their words")

    def counts(self) -> dict[Judgement, int]:
        return {j: getattr(self, j.value).data or 0 for j in Judgement}
