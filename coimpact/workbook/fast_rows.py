"""Writing the Responses rows of a write-only sheet quickly: one XML element per row.

openpyxl's write-only sheet turns every value into a Cell object, re-checks it and writes it
as its own XML fragment; at 100,000 responses × 20 questions that is most of the export's time
(measured: about 60%). Rows of plain values that `cells.cell_value` has already made safe (text
cleaned and never a formula, numbers, datetimes) need none of that, so this writes them
straight into openpyxl's own stream for the sheet, which keeps managing everything else (the
header row with its notes, column widths, filters, print settings, the file itself).

This leans on three internals of openpyxl 3.1 (`_values_to_row`, `_writer`, `write_row`),
pinned in requirements.txt; `tests/test_workbook_safety.py` reopens every sheet written this way.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.xml.functions import XML_NS, Element, SubElement

_SPACE = f"{{{XML_NS}}}space"


class PlainRow(list):
    """A row of safe, plain values (None for an empty cell) and its height in points."""

    height: float | None = None


class FastRows:
    """Routes PlainRow rows of one write-only sheet to a fast writer; any other row (the
    header, with its notes) still goes through openpyxl's own."""

    def __init__(self, ws: WriteOnlyWorksheet, width: int, styles: dict[int, int]) -> None:
        """`styles` maps a 0-based column to the workbook style id its cells take."""
        ws._get_writer()  # the sheet's top (views, widths) is written by now
        self.letters = [get_column_letter(n) for n in range(1, width + 1)]
        self.styles = {column: str(style) for column, style in styles.items()}
        self.epoch = ws.parent.epoch
        values_to_row = ws._values_to_row
        write_row = ws._writer.write_row

        def to_row(values, row_idx):
            return values if isinstance(values, PlainRow) else values_to_row(values, row_idx)

        def write(xf, row, row_idx):
            if isinstance(row, PlainRow):
                xf.write(self.element(row, row_idx))
            else:
                write_row(xf, row, row_idx)

        ws._values_to_row = to_row
        ws._writer.write_row = write

    def element(self, row: PlainRow, row_idx: int):
        number = str(row_idx)
        attributes = {"r": number}
        if row.height:
            attributes.update(ht=f"{row.height:g}", customHeight="1")
        element = Element("row", attributes)
        for column, value in enumerate(row):
            if value is None:
                continue
            cell: dict[str, str] = {"r": self.letters[column] + number}
            style = self.styles.get(column)
            if style is not None:
                cell["s"] = style
            self._value(SubElement(element, "c", cell), value)
        return element

    def _value(self, c, value: Any) -> None:
        if isinstance(value, str):
            c.set("t", "inlineStr")
            text = SubElement(SubElement(c, "is"), "t")
            text.text = value
            if value != value.strip():
                text.set(_SPACE, "preserve")
            return
        c.set("t", "n")
        if isinstance(value, datetime | date):
            value = to_excel(value, self.epoch)
        SubElement(c, "v").text = f"{value:.16g}"  # as openpyxl writes numbers
