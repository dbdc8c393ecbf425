"""Relationship select fields for the admin forms.

flask-admin's QuerySelectField yields plain tuples with model objects as labels, which WTForms
3.3 deprecates (and our test suite turns warnings into errors); these yield WTForms `Choice`s
with text labels and otherwise behave exactly like flask-admin's, including refusing any
submitted id that is not among the field's own choices.

They are drawn with the browser's own controls, not flask-admin's select2 (3.5): a select2 box
does not shrink below its options' width (it pushed forms to 1265 px on a 320 px phone), and
its keyboard and screen-reader support falls short of a native select or a checkbox.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_admin.contrib.sqla.fields import QuerySelectField, QuerySelectMultipleField
from markupsafe import Markup
from wtforms import IntegerField
from wtforms.fields.choices import Choice
from wtforms.widgets import CheckboxInput, Select

_BOX = Markup('<div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>')
_GROUP = Markup('<div class="coimpact-checkboxes" id="{}" role="group" aria-label="{}">{}</div>')
_NONE = Markup('<p class="text-muted mb-0">Nothing to choose from yet.</p>')


class CheckboxList:
    """Several choices as ticked boxes in a named group: every one reachable with Tab and
    ticked with Space, no modifier key or mouse needed, and each line wraps on a narrow screen."""

    def __call__(self, field, **kwargs) -> Markup:
        # flask-admin's render kwargs ("form-control") are for a single input: not used here.
        boxes = Markup("").join(
            _BOX.format(option(class_="form-check-input"), option.id, option.label.text)
            for option in field
        )
        return _GROUP.format(field.id, field.label.text, boxes or _NONE)


class RowSelectField(QuerySelectField):
    widget = Select()

    def iter_choices(self) -> Iterator[Choice]:  # type: ignore[override]
        if self.allow_blank:
            yield Choice("__None", self.blank_text, self.data is None, {})
        for pk, obj in self._get_object_list():
            yield Choice(pk, str(self.get_label(obj)), obj == self.data, {})


class ChosenRowField(RowSelectField):
    """A required choice among rows that starts at an empty "Choose …" entry, so nothing is
    picked for anyone who does not pick: flask-admin drops the empty entry of a required
    relationship, which leaves its first row (somebody's first project) preselected. Give it a
    DataRequired validator with a message saying what to choose."""

    def __init__(self, *args, blank_text: str = "Choose one", **kwargs):
        kwargs.update(allow_blank=True, blank_text=blank_text)
        super().__init__(*args, **kwargs)


class RowSelectMultipleField(QuerySelectMultipleField):
    widget = CheckboxList()
    option_widget = CheckboxInput()

    def iter_choices(self) -> Iterator[Choice]:  # type: ignore[override]
        selected = self.data or []
        for pk, obj in self._get_object_list():
            yield Choice(pk, str(self.get_label(obj)), obj in selected, {})

    def pre_validate(self, form) -> None:
        # flask-admin checks for unknown submitted ids before resolving them, so an id outside
        # the choices was silently dropped; resolve first so it is refused with a message.
        _ = self.data
        super().pre_validate(form)


class PositionField(IntegerField):
    """An order number that may be left empty (the row then goes at the end): flask-admin
    would otherwise pre-fill the column's default of 0 and put every new row first."""

    def __init__(self, *args, default=None, **kwargs):
        super().__init__(*args, **kwargs)
