"""The forms of the evidence pages. Each carries Flask-WTF's CSRF token; choices are set per
request from rows the signed-in user may change, so a posted id outside them is refused."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from coimpact.admin.evidence.common import KIND_LABELS
from coimpact.models import EvidenceKind
from coimpact.services.evidence import OTHER_KINDS
from coimpact.services.uploads import ACCEPTED_EXTENSIONS

# A story answer holds up to 10,000 characters; staff notes get the same room.
TEXT_MAX = 10_000


def kind_choices(kinds) -> list[SelectChoice]:
    return [SelectChoice(k.value, KIND_LABELS[EvidenceKind(k)]) for k in kinds]


class CutForm(FlaskForm):
    kind = SelectField("Kind of evidence", validators=[InputRequired()])
    title = StringField(
        "Title (optional)",
        validators=[Optional(), Length(max=200)],
        description="A few words that say what this shows, for lists and the workbook.",
    )
    excerpt = TextAreaField(
        "Words to keep",
        validators=[Optional(), Length(max=TEXT_MAX)],
        description="Shorten it to the part that matters. Mark a cut in the middle with “…”. "
        "You cannot add or change words; personal details can be removed before approval.",
    )
    # Ticked boxes, not a multiple select: usable without a mouse or a modifier key.
    indicators = SelectMultipleField(
        "Count it for",
        coerce=str,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class OtherEvidenceForm(FlaskForm):
    # The project is not a field: it is the create page's own (admin/scoped.py).
    kind = SelectField(
        "Kind of evidence", choices=kind_choices(OTHER_KINDS), validators=[InputRequired()]
    )
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    text = TextAreaField(
        "Description or notes",
        validators=[Optional(), Length(max=TEXT_MAX)],
        description="What was seen or counted, or what the document or photo shows.",
    )
    value_number = FloatField(
        "Number (for a count)", validators=[Optional()], description="For example 12 meetings."
    )
    occurred_on = DateField("Date", validators=[Optional()])
    source = StringField(
        "Source",
        validators=[Optional(), Length(max=300)],
        description="Who or where it came from, e.g. “Co-production lead's notes”.",
    )
    upload = FileField(
        "File (for a document or photo)",
        description="PDF, Word (.docx) or OpenDocument (.odt) documents; PNG, JPEG or WebP photos.",
        render_kw={"accept": ",".join(ACCEPTED_EXTENSIONS)},
    )


class EditForm(FlaskForm):
    title = StringField("Title", validators=[Optional(), Length(max=200)])
    text = TextAreaField("Words", validators=[Optional(), Length(max=TEXT_MAX)])
    value_number = FloatField("Number", validators=[Optional()])
    occurred_on = DateField("Date", validators=[Optional()])
    source = StringField("Source", validators=[Optional(), Length(max=300)])
    most_significant = BooleanField(
        "Most significant change",
        description="One of the stories that best shows what changed for people.",
    )
    unexpected = BooleanField("Unexpected outcome", description="A change nobody planned for.")


class ApproveForm(FlaskForm):
    keep_as_is = BooleanField("I have checked the highlighted text: keep it as it is")
    # What the page showed; approving text that changed since would approve unseen words.
    seen = HiddenField()


class LinkForm(FlaskForm):
    target = SelectField("Outcome or indicator", validators=[InputRequired()])
