"""Relationship select fields for the admin forms.

flask-admin's QuerySelectField yields plain tuples with model objects as labels, which WTForms
3.3 deprecates (and our test suite turns warnings into errors); these yield WTForms `Choice`s
with text labels and otherwise behave exactly like flask-admin's, including refusing any
submitted id that is not among the field's own choices.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_admin.contrib.sqla.fields import QuerySelectField, QuerySelectMultipleField
from wtforms import IntegerField
from wtforms.fields.choices import Choice


class RowSelectField(QuerySelectField):
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
