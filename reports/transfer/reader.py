"""Reading an import file: CSV (`;` or `,`, UTF-8 with or without a
byte-order mark) or XLSX (the first sheet), into rows of text cells.

Line numbers are those the user sees: the header is line 1, and in a CSV
file a cell with line breaks inside quotes makes the next row's number
jump, as in a text editor.
"""

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.exports import FORMULA_STARTS

# Cells longer than this are refused rather than read into memory whole.
csv.field_size_limit(1_000_000)


class FileError(Exception):
    """The file as a whole cannot be read (line 1 or no line)."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line number, cells)


def cell_text(value) -> str:
    """A cell as text: dates as ISO 8601, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # An export's neutralised cell ('=...) reads back as it was.
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _is_empty(cells: list[str]) -> bool:
    return not any(cells)


def read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(
            _('The file is not UTF-8 text. Save it as "CSV UTF-8" and try again.')
        ) from error
    if "\x00" in text:
        raise FileError(_("The file is not a CSV file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    line = 1
    try:
        for cells in reader:
            cells = [cell_text(cell) for cell in cells]
            if header is None:
                header = cells
            elif not _is_empty(cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise FileError(
            _("The CSV file is broken: %(reason)s") % {"reason": error}, line
        ) from error
    if not header or _is_empty(header):
        raise FileError(_("The file is empty: the first line must name the columns."))
    return Table(header, rows)


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileError(_("The file is not an XLSX workbook that can be read.")) from error
    try:
        sheet = workbook.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            if header is None:
                header = cells
            elif not _is_empty(cells):
                rows.append((line, cells))
    finally:
        workbook.close()
    if not header:
        raise FileError(_("The file is empty: the first line must name the columns."))
    return Table(header, rows)


def read_table(data: bytes, filename: str) -> Table:
    """The file's header and rows, by its name's ending (or its content)."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        return read_xlsx(data)
    return read_csv(data)


def iter_cells(table: Table) -> Iterator[tuple[int, list[str]]]:
    yield from table.rows
