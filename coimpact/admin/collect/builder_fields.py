"""Fields of the form builder: opening dates, the symbol picker and rows of answer options.

Option rows are a plain list of sub-forms rather than flask-admin's inline models: new rows
must work without JavaScript (spare empty rows are always offered), a published option's code
must stay as it is, and removing a published option retires it instead of deleting it.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from flask import url_for
from flask_admin.form.widgets import RenderTemplateWidget
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.utils import unset_value
from wtforms.validators import Length, NumberRange, Optional, Regexp
from wtforms.widgets import Select

from coimpact.admin.base import row_id
from coimpact.domain.readable import UK, in_uk
from coimpact.domain.symbols import SYMBOLS, symbol_names, symbol_path
from coimpact.extensions import db
from coimpact.models import Question, QuestionOption
from coimpact.services.form_publishing import (
    CODE_MAX,
    CODE_PATTERN,
    new_option_code,
    published_codes,
    remove_option,
)

SPARE_ROWS = 3
MAX_ROWS = 60  # far more than any question needs; a bigger post is cut, not processed


class UKDateTimeField(DateTimeLocalField):
    """A date and time typed and shown in UK time, stored as UTC (the columns refuse naive
    values). A browser's own date picker, so no script is needed."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(label, validators or [Optional()], **kwargs)

    def process_data(self, value):
        # Staff are in the UK: "closes at 17:00" means 17:00 on their clocks, summer or not.
        self.data = in_uk(value).replace(tzinfo=None) if value else None

    def populate_obj(self, obj, name):
        value = self.data.replace(tzinfo=UK).astimezone(UTC) if self.data else None
        setattr(obj, name, value)


def symbol_choices() -> list[SelectChoice]:
    """Every shipped symbol, named with its alt text so the choice reads without the picture."""
    return [SelectChoice("", "No picture")] + [
        SelectChoice(name, f"{name}: {SYMBOLS[name]}") for name in symbol_names()
    ]


def _picture(name: str, size: int, css: str = "") -> Markup:
    src = url_for("static", filename=symbol_path(name))
    return Markup('<img class="{}" src="{}" alt="" width="{}" height="{}">').format(
        css, src, size, size
    )


def symbol_gallery() -> Markup:
    """Every shipped picture with its name and description, folded away until asked for."""
    items = Markup("").join(
        Markup("<li>{}<span><strong>{}</strong><br><small>{}</small></span></li>").format(
            _picture(name, 48), name, SYMBOLS[name]
        )
        for name in symbol_names()
    )
    return Markup(
        '<details class="fb-gallery"><summary>See all {} pictures</summary>'
        '<ul class="fb-gallery-list">{}</ul></details>'
    ).format(len(SYMBOLS), items)


class SymbolSelect(Select):
    """A select of symbols followed by the chosen picture (as saved: it does not change while
    choosing, which would need JavaScript) and, for a question, every picture to choose from."""

    def __call__(self, field, **kwargs):
        html = super().__call__(field, **kwargs)
        if field.data in SYMBOLS:
            html += _picture(field.data, 48, "fb-symbol-current")
        if field.gallery:
            html += symbol_gallery()
        return html


class SymbolField(SelectField):
    widget = SymbolSelect()

    def __init__(self, label=None, validators=None, gallery=False, **kwargs):
        kwargs.setdefault("choices", symbol_choices())
        kwargs.setdefault("default", "")
        super().__init__(label, validators, **kwargs)
        self.gallery = gallery

    def process_data(self, value):
        # Rows store "" for no picture; None would match no choice.
        super().process_data(value or "")


def easy_read_args(wording: str, symbol: str, what: str) -> dict[str, dict]:
    """form_args for an easy-read wording and its symbol (the aim, an outcome, an indicator),
    written by people for co-assessors: never machine-made, and optional until then (the
    admin says where one is missing)."""
    return {
        wording: {
            "label": "Easy-read wording",
            "description": f"{what.capitalize()} in easy read: short sentences, everyday words. "
            "Co-assessors read this; until it is written they see the standard wording.",
        },
        symbol: {
            "label": "Symbol",
            "description": f"The picture shown beside {what} in easy read.",
        },
    }


class ShownTypeField(HiddenField):
    """The type of question whose fields the page shows, posted back so that a type changed
    on the page re-shows it with the new type's fields first. Not a column: sets nothing."""

    def populate_obj(self, obj, name):
        pass


class OptionForm(Form):
    id = HiddenField()
    code = StringField(
        "Code",
        validators=[
            Optional(),
            Length(max=CODE_MAX),
            Regexp(CODE_PATTERN, message="Letters, digits, - and _ only."),
        ],
    )
    label = StringField("Answer", validators=[Length(max=300)])
    label_easy = StringField("Easy-read answer", validators=[Length(max=300)])
    symbol = SymbolField("Picture")
    order = IntegerField("Order", validators=[Optional(), NumberRange(min=1, max=999)])
    remove = BooleanField("Remove")


def _blank(row: OptionForm) -> bool:
    return not any(
        (getattr(row, name).data or "").strip() for name in ("code", "label", "label_easy")
    )


class OptionRows(FieldList):
    """The answer options of a single- or several-choice question, as table rows."""

    widget = RenderTemplateWidget("admin/forms/option_rows.html")

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("max_entries", MAX_ROWS)
        super().__init__(FormField(OptionForm), label, validators, min_entries=0, **kwargs)
        self.locked: dict[int, str] = {}  # option id -> its published code
        self.retired: list[QuestionOption] = []
        self.retired_codes: set[str] = set()
        # Set by the view for scales and yes / not sure / no: fixed answers, shown read-only.
        self.fixed_choices: list[dict[str, str]] | None = None

    def process(self, formdata, data=unset_value, extra_filters=None):
        options = list(data) if data not in (unset_value, None) else []
        if options:
            question = options[0].question
            published = published_codes(question.form, question.key)
            self.locked = {o.id: o.code for o in options if o.code in published}
        self.retired = [o for o in options if o.retired]
        self.retired_codes = {o.code for o in self.retired}
        live = [o for o in options if not o.retired]
        super().process(formdata, live, extra_filters)
        if not formdata:
            for number, entry in enumerate(self.entries, start=1):
                entry.form.order.data = number
            for _ in range(SPARE_ROWS):
                self.append_entry()

    def option_id(self, row: OptionForm) -> int | None:
        try:
            return row_id(row.id.data)
        except ValueError:
            return None

    def is_locked(self, row: OptionForm) -> bool:
        return self.option_id(row) in self.locked

    def _active(self) -> list[Any]:
        if self.fixed_choices is not None:
            return []
        # Empty new rows are spares; an existing answer emptied out must say what it is.
        return [
            e
            for e in self.entries
            if not e.form.remove.data and (self.option_id(e.form) or not _blank(e.form))
        ]

    def validate(self, form, extra_validators=()):
        self.errors = []
        valid = True
        seen: set[str] = set()
        for entry in self._active():
            row = entry.form
            valid = entry.validate(form) and valid
            code = (row.code.data or "").strip()
            original = self.locked.get(self.option_id(row))
            if original is not None and code != original:
                row.code.errors.append("Fixed once published: earlier answers use this code.")
            elif code and code in seen:
                row.code.errors.append("Two answers have this code.")
            elif code and original is None and code in self.retired_codes:
                row.code.errors.append("Used before by a removed answer: choose another.")
            if not (row.label.data or "").strip():
                row.label.errors.append("Write the answer as people will read it.")
            seen.add(code)
            if row.code.errors or row.label.errors:
                valid = False
        self.errors = [e.errors for e in self.entries if e.errors]
        return valid

    def populate_obj(self, obj: Question, name: str) -> None:
        if self.fixed_choices is not None:
            return
        with db.session.no_autoflush:
            published = published_codes(obj.form, obj.key) if obj.form is not None else set()
            # Live options only: a removed one stays as it is, whatever is posted.
            existing = {o.id: o for o in obj.options if o.id is not None and not o.retired}
            order: list[tuple[int, int, QuestionOption]] = []
            for index, entry in enumerate(self.entries):
                row = entry.form
                option = existing.get(self.option_id(row))
                if option is None:
                    if row.remove.data or _blank(row):
                        continue
                    option = QuestionOption(code="")
                    obj.options.append(option)
                elif row.remove.data:
                    remove_option(option, published)
                    continue
                if option.code not in published:
                    taken = {o.code for o in obj.options if o is not option}
                    code = (row.code.data or "").strip()
                    option.code = code or new_option_code(row.label.data or "", taken)
                option.label = row.label.data.strip()
                option.label_easy = (row.label_easy.data or "").strip()
                option.symbol = row.symbol.data or ""
                order.append((row.order.data or index + 1, index, option))
            posted = {id(o) for _, _, o in order}
            for option in obj.options:
                if not option.retired and id(option) not in posted:
                    order.append((option.position + 1, len(order), option))
            for position, (_, _, option) in enumerate(sorted(order, key=lambda t: t[:2])):
                option.position = position
