"""Writing one sheet of a write-only workbook so that it looks finished: styles, widths, a bold
frozen header, print settings. Every value passes through `cells.cell_value` here.

openpyxl's write-only sheets stream rows to a temporary file, so a sheet's look (widths, frozen
panes, sheet properties) must be set before its first row; the rest (filters, merged cells,
page setup) is written when the workbook is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from coimpact.workbook.cells import cell_value, header_footer_text, safe_text
from coimpact.workbook.layout import Column

DEFAULT_POINTS = 11.0  # Calibri 11, openpyxl's default font
DEFAULT_WIDTH = 8.43  # Excel's default column width
DEFAULT_ROW = 15.0  # points
MAX_ROW = 409.0  # Excel's tallest row
BODY_FONT = "Calibri"  # the workbook's default font: named, or readers pick their own
EASY_FONT = "Arial"  # the sans serif easy-read guidance asks for
# Printing (see shared design workbook.md, "It prints"): A4 with half-inch side margins leaves
# this many points across the page; a column of width w prints about 5.6 w points wide (as
# measured in LibreOffice with Calibri's metric twin, Carlito; Excel's is a little narrower).
PRINTABLE_POINTS = {"landscape": 770.0, "portrait": 523.0}
PRINTABLE_HEIGHT = {"landscape": 487.0, "portrait": 734.0}  # less the 0.75-inch top and bottom
MIN_FIT = 0.82  # fit a sheet to the page width only while 11 pt text stays at 9 pt or more
WIDE_SCALE = 85  # a sheet wider than that prints at 85 % (11 pt text at 9.35 pt), over pages
# Characters per unit of column width, per font (units count Calibri's digit width).
CHARS_PER_UNIT = {BODY_FONT: 1.15, EASY_FONT: 1.0}
_TOP = Alignment(vertical="top")
_WRAP = Alignment(wrap_text=True, vertical="top")
# Numbers and dates sit at the right of their cells, where the eye compares them.
_RIGHT = Alignment(horizontal="right", vertical="top")
_STYLES: dict[str, dict[str, Any]] = {
    "title": {"font": Font(name=BODY_FONT, bold=True, size=16), "alignment": _TOP},
    "heading": {"font": Font(name=BODY_FONT, bold=True, size=12), "alignment": _WRAP},
    # Not wrapped: a short title that may run on across the empty cells beside it.
    "subtitle": {"font": Font(name=BODY_FONT, bold=True, size=12), "alignment": _TOP},
    "header": {
        "font": Font(name=BODY_FONT, bold=True),
        "fill": PatternFill("solid", fgColor="DCE6F1"),
        "alignment": _WRAP,
        "border": Border(bottom=Side(style="thin")),
    },
    "label": {"font": Font(name=BODY_FONT, bold=True), "alignment": _WRAP},
    "note": {"font": Font(name=BODY_FONT, italic=True, color="595959"), "alignment": _WRAP},
    "text": {"alignment": _TOP},
    "wrap": {"alignment": _WRAP},
    "date": {"alignment": _RIGHT, "number_format": "dd mmm yyyy"},
    "datetime": {"alignment": _RIGHT, "number_format": "dd mmm yyyy hh:mm"},
    "integer": {"alignment": _RIGHT, "number_format": "0"},
    "number": {"alignment": _RIGHT, "number_format": "General"},
    "decimal": {"alignment": _RIGHT, "number_format": "0.0"},
    "percent": {"alignment": _RIGHT, "number_format": "0%"},
    "money": {"alignment": _RIGHT, "number_format": '"£"#,##0.00'},
    # Responses rows: most of their cells are written unstyled (it is much faster at 100,000
    # rows), so their styled cells keep Excel's default bottom alignment to line up with them.
    "row_datetime": {"number_format": "dd mmm yyyy hh:mm"},
    "row_wrap": {"alignment": Alignment(wrap_text=True)},
    # The codes block: numbers and words side by side read as columns only when centred.
    "row_code": {"alignment": Alignment(horizontal="center")},
    # Easy read: Mencap's minimum is 14 pt; headings larger and bold, never italics.
    "easy_title": {"font": Font(name=EASY_FONT, bold=True, size=24), "alignment": _WRAP},
    "easy_heading": {"font": Font(name=EASY_FONT, bold=True, size=18), "alignment": _WRAP},
    "easy_text": {"font": Font(name=EASY_FONT, size=14), "alignment": _WRAP},
}


class Styles:
    """The workbook's cell styles, registered once and copied onto each new cell. Remembers
    which of them wrap text and at what size, to size rows (see `row_height`)."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self._arrays: dict[str, StyleArray] = {}
        self.wrapping: set[int] = set()  # alignment ids that wrap
        self.sizes: dict[int, float] = {}  # font id -> points
        self.narrowness: dict[int, float] = {}  # font id -> characters per width unit

    def array(self, ws: Worksheet, name: str) -> StyleArray:
        if name not in self._arrays:
            template = Cell(ws, row=1, column=1)
            for attribute, value in _STYLES[name].items():
                setattr(template, attribute, value)
            array = template._style
            if template.alignment.wrap_text:
                self.wrapping.add(array.alignmentId)
            font = template.font
            self.sizes[array.fontId] = float(font.sz or DEFAULT_POINTS)
            self.narrowness[array.fontId] = CHARS_PER_UNIT.get(font.name, 1.0)
            self._arrays[name] = array
        return self._arrays[name]


def style_id(ws: Worksheet, styles: Styles, style: str) -> int:
    """The workbook's number for one of the named styles (what a cell's XML refers to)."""
    return Cell(ws, row=1, column=1, style_array=styles.array(ws, style)).style_id


def styled(ws: Worksheet, styles: Styles, value: Any, style: str) -> Cell:
    """A cell holding `value` (made safe) in one of the named styles; text is typed as text."""
    cell = Cell(ws, row=1, column=1, style_array=styles.array(ws, style))
    value = cell_value(value)
    if value is not None:
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    return cell


class SheetWriter:
    """One sheet: configured for screen and print on creation, then filled row by row."""

    def __init__(
        self,
        workbook: Workbook,
        styles: Styles,
        name: str,
        print_title: str,
        project: str,
        orientation: str = "landscape",
    ) -> None:
        self.ws = workbook.create_sheet(safe_text(name))
        self.styles = styles
        self.row_count = 0
        self.width = 0
        self.widths: list[float] = []
        self.repeat_columns = 1  # printed on every page of a sheet too wide for one
        self.page_starts: set[int] = set()  # 0-based columns that start a printed page
        self._on_page = 0.0  # points of rows on the current printed page, at 100 % (estimated)
        self._table_header: int | None = None
        self.orientation = orientation
        setup = self.ws.page_setup
        setup.orientation = orientation
        setup.paperSize = 9  # A4
        self.ws.page_margins = PageMargins(
            left=0.5, right=0.5, top=0.75, bottom=0.75, header=0.3, footer=0.3
        )
        self.ws.oddHeader.left.text = header_footer_text(print_title)
        self.ws.oddHeader.right.text = header_footer_text(project)
        # The footer names the project and the sheet ("&A"), so a loose page finds its place.
        self.ws.oddFooter.left.text = header_footer_text(project)
        self.ws.oddFooter.center.text = "&A"
        self.ws.oddFooter.right.text = "Page &P of &N"
        for part in (self.ws.oddHeader, self.ws.oddFooter):
            for item in (part.left, part.center, part.right):
                item.size = 11  # printed at no less than 9.35 pt (see WIDE_SCALE)

    def set_widths(self, widths: Sequence[float]) -> None:
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        self.widths = list(widths)
        self.width = max(self.width, len(widths))

    def freeze(self, cell: str, header_rows: str | None = None) -> None:
        """Freeze the rows above and the columns left of `cell`; those columns are the ones
        repeated on each printed page of a wide sheet, as `header_rows` are down the pages."""
        self.ws.freeze_panes = cell
        letters, _ = coordinate_from_string(cell)
        self.repeat_columns = max(1, column_index_from_string(letters) - 1)
        if header_rows:
            self.ws.print_title_rows = header_rows

    def cell(self, value: Any, style: str) -> Cell:
        return styled(self.ws, self.styles, value, style)

    def append(
        self, cells: Iterable[Any], height: float | None = None, measure: bool = True
    ) -> None:
        """Write a row of prepared cells (or None for a gap), tall enough for its wrapped
        text; `height` in points overrides the estimate (for merged cells, or rows the
        caller measured itself: `measure=False`)."""
        if not isinstance(cells, list):
            cells = list(cells)
        self.row_count += 1
        if height is None and measure:
            height = self.row_height(cells)
        self._on_page += height or DEFAULT_ROW
        if self._on_page > PRINTABLE_HEIGHT[self.orientation]:  # this row starts a new page
            self._on_page = height or DEFAULT_ROW
        if height:
            self.ws.row_dimensions[self.row_count].height = height
        self.ws.append(cells)
        if height and self.row_count in self.ws.row_dimensions:
            # The row is on disk already; forgetting its height keeps memory flat.
            del self.ws.row_dimensions[self.row_count]

    def row_height(self, cells: Sequence[Any]) -> float | None:
        """Points enough to show every wrapped text of the row, or None for the default.

        Excel and LibreOffice do not size rows to wrapped text when they open a file, so
        without this long answers would print as one cut-off line.
        """
        tallest = 0.0
        for index, cell in enumerate(cells):
            if not isinstance(cell, Cell) or not isinstance(cell._value, str):
                continue
            style = cell._style
            if style.alignmentId not in self.styles.wrapping:
                continue
            width = self.widths[index] if index < len(self.widths) else DEFAULT_WIDTH
            points = self.styles.sizes.get(style.fontId, DEFAULT_POINTS)
            per_unit = self.styles.narrowness.get(style.fontId, CHARS_PER_UNIT[BODY_FONT])
            tallest = max(tallest, text_height(cell._value, width, points, per_unit))
        return tallest if tallest > DEFAULT_ROW else None

    def keep_together(self, points: float) -> None:
        """Start a new printed page here unless `points` more of rows fit on this one, so that
        a heading is not left alone at the foot of a page (for sheets printed at 100 %)."""
        if self._on_page and self._on_page + points > PRINTABLE_HEIGHT[self.orientation]:
            self.ws.row_breaks.append(Break(id=self.row_count))
            self._on_page = 0.0

    def line(self, *pairs: tuple[Any, str], height: float | None = None) -> None:
        """A row of (value, style) pairs."""
        self.append([self.cell(value, style) for value, style in pairs], height)

    def blank(self) -> None:
        self.append([])

    def merge_across(self, first_column: int, last_column: int) -> None:
        """Merge the row just written from `first_column` to `last_column` (1-based)."""
        row = self.row_count
        self.ws.merged_cells.add(
            f"{get_column_letter(first_column)}{row}:{get_column_letter(last_column)}{row}"
        )

    # --- tables: a header row, then one row per item --------------------------------------

    def start_table(
        self,
        columns: Sequence[Column],
        freeze_columns: int = 1,
        comments: Sequence[str | None] = (),
    ) -> None:
        """Widths from the layout, then a bold header row, frozen and repeated on every page.
        Call before any other row of the sheet."""
        self.set_widths([c.width for c in columns])
        header_row = self.row_count + 1
        self.freeze(
            f"{get_column_letter(freeze_columns + 1)}{header_row + 1}", f"{header_row}:{header_row}"
        )
        self.header((c.heading for c in columns), comments)
        self._table_header = header_row

    def table_header(self, columns: Sequence[Column]) -> None:
        """The header row of a table that starts below other rows (widths and frozen panes set
        by the caller before the first row): filter buttons go from here."""
        self.header(c.heading for c in columns)
        self._table_header = self.row_count

    def header(self, headings: Iterable[str], comments: Sequence[str | None] = ()) -> None:
        cells = []
        for index, heading in enumerate(headings):
            cell = self.cell(heading, "header")
            note = comments[index] if index < len(comments) else None
            if note:
                cell.comment = Comment(safe_text(note), "coimpact", width=300, height=120)
            cells.append(cell)
        self.width = max(self.width, len(cells))
        self.append(cells)

    def row(self, columns: Sequence[Column], values: Sequence[Any]) -> None:
        """A table row: each value styled by its column's kind."""
        self.append(
            self.cell(value, column.kind) for column, value in zip(columns, values, strict=True)
        )

    def finish(self) -> None:
        """Add the filter buttons over the table (once its length is known), and set how the
        sheet prints."""
        if self._table_header is not None and self.width:
            last = get_column_letter(self.width)
            self.ws.auto_filter.ref = (
                f"A{self._table_header}:{last}{max(self.row_count, self._table_header)}"
            )
        self.print_layout()

    def print_layout(self) -> None:
        """Print legibly: a sheet that fits the page width at 100 % prints as it is; one that
        fits when shrunk a little is fitted to the width (never to one page: it runs on down
        as many pages as it needs); a wider one prints at WIDE_SCALE across several pages,
        broken between columns so that each page holds whole columns, with the frozen
        (reference) columns repeated at the left of every page."""
        setup = self.ws.page_setup
        page = PRINTABLE_POINTS[self.orientation]
        widths = [printed_points(w) for w in self.widths]
        total = sum(widths)
        if total <= page:
            return
        if page / total >= MIN_FIT:
            setup.fitToWidth = 1
            setup.fitToHeight = 0  # as many pages down as needed
            self.ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            return
        setup.scale = WIDE_SCALE
        repeat = min(self.repeat_columns, len(widths) - 1)
        self.ws.print_title_cols = f"A:{get_column_letter(repeat)}"
        # Room left beside the repeated columns, a little short of the estimate to be safe.
        room = 0.97 * page * 100 / WIDE_SCALE - sum(widths[:repeat])
        used = 0.0
        for index in range(repeat, len(widths)):
            if used and (index in self.page_starts or used + widths[index] > room):
                # A break after column `index` (0-based: the last column of the page before).
                self.ws.col_breaks.append(Break(id=index))
                used = 0.0
            used += widths[index]


def printed_points(width: float) -> float:
    """How wide a column of `width` units prints, in points at 100 %."""
    return 5.6 * width


def text_height(
    text: str,
    width: float,
    points: float = DEFAULT_POINTS,
    per_unit: float = CHARS_PER_UNIT[BODY_FONT],
) -> float:
    """Row height in points that shows all of `text` wrapped in a column `width` units wide
    (a rough measure: average letters are narrower than the digit Excel's widths count)."""
    per_line = max(1, int(width * per_unit * DEFAULT_POINTS / points))
    lines = sum(max(1, -(-len(part) // per_line)) for part in (text or "").split("\n"))
    return min(MAX_ROW, lines * max(DEFAULT_ROW, points * 1.4))
