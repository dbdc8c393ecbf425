"""List filters that need no joins and offer no other project's names.

flask-admin computes a filter's drop-down options once, when the app starts, for everyone: a
drop-down of projects would show every project's name to every user. Project filters here are
typed ("name contains"), and each filter is a plain SQL condition, usually a subquery, so it
cannot collide with the joins flask-admin adds for sorting.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from flask_admin.model.filters import BaseFilter

from coimpact.models import Project

Condition = Callable[[Any], sa.ColumnElement[bool]]


class ConditionFilter(BaseFilter):
    """A filter whose SQL condition is built from the value the user chose or typed."""

    def __init__(
        self,
        name: str,
        condition: Condition,
        options: Sequence[tuple[str, str]] | None = None,
        operation: str = "equals",
        clean: Callable[[str], Any] = str,
    ) -> None:
        super().__init__(name, options=list(options) if options else None)
        self._condition = condition
        self._operation = operation
        self._clean = clean

    def validate(self, value: str) -> bool:
        # Unknown choices would reach the database as an invalid enumeration value.
        if self.options:
            return value in {key for key, _label in self.options}
        return bool(value.strip())

    def clean(self, value: str) -> Any:
        return self._clean(value.strip())

    def apply(self, query, value, alias=None):
        return query.filter(self._condition(value))

    def operation(self) -> str:
        return self._operation


def choice_filter(name: str, column: Any, enum_cls: type[StrEnum], labels=None) -> BaseFilter:
    """Equals-one-of for an enumeration column, with its labels as the options."""
    names = labels or {m: getattr(m, "label", m.value) for m in enum_cls}
    return ConditionFilter(
        name,
        lambda value: column == value,
        options=[(m.value, names[m]) for m in enum_cls],
        clean=enum_cls,
    )


def yes_no_filter(name: str, column: Any) -> BaseFilter:
    return ConditionFilter(
        name,
        lambda value: column == value,
        options=[("1", "Yes"), ("0", "No")],
        clean=lambda v: v == "1",
    )


def project_name_filter(scope: Condition) -> BaseFilter:
    """Rows of projects whose name contains the typed text; `scope` maps project ids to rows."""
    return ConditionFilter(
        "Project",
        lambda value: scope(
            sa.select(Project.id).where(Project.name.icontains(value, autoescape=True))
        ),
        operation="contains",
    )


def text_filter(name: str, column: Any) -> BaseFilter:
    return ConditionFilter(
        name, lambda value: column.icontains(value, autoescape=True), operation="contains"
    )
