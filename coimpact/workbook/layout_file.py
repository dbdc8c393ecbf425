"""Reading an organisation's workbook-layout.json and applying it to the default layout
(`workbook/layout.py`): titles, headings, widths and labels; never sheet names.

The app's settings come in as arguments (`current_layout(config, instance_path)`), so the
reader works the same from a request, a background job or the command line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from coimpact.workbook.layout import (
    Column,
    SheetLayout,
    WorkbookLayout,
    WorkbookLayoutError,
    default_layout,
)

LAYOUT_FILE = "workbook-layout.json"
SETTING = "COIMPACT_WORKBOOK_LAYOUT"
MAX_HEADING = 255
MIN_WIDTH, MAX_WIDTH = 2, 255


def current_layout(config: Mapping[str, Any], instance_path: str | os.PathLike) -> WorkbookLayout:
    """The default layout with the organisation's override file applied, if there is one.
    `config` is the app's settings and `instance_path` its instance folder."""
    return read_layout(default_layout(), layout_path(config, instance_path))


def layout_path(config: Mapping[str, Any], instance_path: str | os.PathLike) -> Path | None:
    """The override file to use: the configured one (which must exist), else the instance
    folder's workbook-layout.json when present, else None."""
    configured = config.get(SETTING) or os.environ.get(SETTING)
    instance = Path(instance_path)
    if configured:
        path = Path(configured)
        path = path if path.is_absolute() else instance / path
        if not path.is_file():
            raise WorkbookLayoutError(f"{SETTING} names {path}, which is not a file.")
        return path
    default = instance / LAYOUT_FILE
    return default if default.is_file() else None


def read_layout(default: WorkbookLayout, path: Path | None) -> WorkbookLayout:
    """`default` with the override file at `path` applied (None: no file). Read on every
    export, so an edited file takes effect without a restart."""
    if path is None:
        return default
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookLayoutError(f"{path}: cannot be read ({exc}).") from None
    except json.JSONDecodeError as exc:
        raise WorkbookLayoutError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    try:
        return apply_overrides(default, data, str(path))
    except WorkbookLayoutError as exc:
        raise WorkbookLayoutError(f"{path}: {exc}") from None


def _text(value: Any, where: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WorkbookLayoutError(f"{where} must be a non-empty string.")
    if len(value) > limit:
        raise WorkbookLayoutError(f"{where} is longer than {limit} characters.")
    return value.strip()


def _width(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WorkbookLayoutError(f"{where} must be a number.")
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise WorkbookLayoutError(f"{where} must be between {MIN_WIDTH} and {MAX_WIDTH}.")
    return float(value)


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WorkbookLayoutError(f"{where} must be a JSON object.")
    return {k: v for k, v in value.items() if not k.startswith("_")}


def _column(column: Column, spec: Any, where: str) -> Column:
    if isinstance(spec, str):
        return replace(column, heading=_text(spec, where, MAX_HEADING))
    spec = _object(spec, where)
    unknown = set(spec) - {"heading", "width"}
    if unknown:
        raise WorkbookLayoutError(
            f"{where}: unknown setting '{sorted(unknown)[0]}' (use 'heading' and 'width')."
        )
    if "heading" in spec:
        column = replace(column, heading=_text(spec["heading"], f"{where}.heading", MAX_HEADING))
    if "width" in spec:
        column = replace(column, width=_width(spec["width"], f"{where}.width"))
    return column


def _sheet(sheet: SheetLayout, spec: Any, where: str) -> SheetLayout:
    spec = _object(spec, where)
    if "name" in spec:
        raise WorkbookLayoutError(
            f"{where}.name: sheet names are fixed (other tools rely on them); "
            "change the sheet's 'title' instead."
        )
    unknown = set(spec) - {"title", "columns", "labels"}
    if unknown:
        raise WorkbookLayoutError(
            f"{where}: unknown setting '{sorted(unknown)[0]}' (use 'title', 'columns', 'labels')."
        )
    if "title" in spec:
        sheet = replace(sheet, title=_text(spec["title"], f"{where}.title", 200))
    columns = {c.key: c for c in sheet.columns}
    for key, column_spec in _object(spec.get("columns", {}), f"{where}.columns").items():
        if key not in columns:
            raise WorkbookLayoutError(
                f"{where}.columns: no column '{key}' (known: {', '.join(columns)})."
            )
        columns[key] = _column(columns[key], column_spec, f"{where}.columns.{key}")
    labels = dict(sheet.labels)
    for key, text in _object(spec.get("labels", {}), f"{where}.labels").items():
        if key not in labels:
            known = ", ".join(labels) or "none"
            raise WorkbookLayoutError(f"{where}.labels: no label '{key}' (known: {known}).")
        labels[key] = _text(text, f"{where}.labels.{key}", 2000)
    return replace(sheet, columns=tuple(columns.values()), labels=MappingProxyType(labels))


def apply_overrides(layout: WorkbookLayout, data: Any, source: str = "") -> WorkbookLayout:
    """A copy of `layout` with the overrides in `data` (the parsed JSON) applied. Sheets are
    named as on their tabs ("Responses" for the per-form sheets)."""
    by_name = {sheet.name: sheet.key for sheet in layout.sheets.values()}
    sheets = dict(layout.sheets)
    for name, spec in _object(data, "the file").items():
        if name not in by_name:
            raise WorkbookLayoutError(f"no sheet called '{name}' (known: {', '.join(by_name)}).")
        key = by_name[name]
        sheets[key] = _sheet(sheets[key], spec, f"'{name}'")
    return WorkbookLayout(sheets, source)
