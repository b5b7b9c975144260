"""Exports of list pages to CSV and XLSX, built once for every app.

A list view adds `ExportMixin` and declares its columns; the page then offers
"Lataa CSV" and "Lataa XLSX" (`?muoto=csv|xlsx` on the page's own address,
so the file holds exactly the rows of the page's scope and filters, every
page of them).  The columns use the same stable codes as the bulk import
(docs/import.md), so an exported file imports back to the same data:
codes of code lists and choices rather than their labels, unit and
municipality codes, client numbers, group codes, usernames.

The module is in `accounts` because every app may import it (`reports`,
which holds the import, is imported by nobody).

Safety:
* an export of client-level records writes one access-log row (action
  "export") for every record in the file, in one insert;
* a text cell that a spreadsheet would read as a formula (starting with
  = + - @, or a tab or carriage return that some programs skip before one)
  gets a leading apostrophe, so that opening the file never runs anything;
* the file name says what and when, never whom.
"""

import csv
import datetime
import decimal
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.access import ClientRecord
from accounts.access_log import AccessAction
from accounts.services import access_log_record

EXPORT_PARAM = "muoto"
CSV, XLSX = "csv", "xlsx"
FORMATS = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Characters that make a spreadsheet cell a formula (or, for tab and CR,
# that some spreadsheets skip before looking for one): OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Several values in one cell (leaders, partners, codes of a multi-choice).
MULTI_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """One column of an export (and of the import of the same kind).

    `code` is the stable name that the import recognises; `label` the header
    the user reads (translated); `value` an attribute path ("unit.code") or a
    function of the row.
    """

    code: str
    label: Any
    value: str | Callable[[Any], Any] | None = None

    def of(self, row) -> Any:
        accessor = self.value or self.code
        if callable(accessor):
            return accessor(row)
        value = row
        for part in accessor.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value


def yes_no(value: bool | None) -> str:
    """A boolean as the import reads it back ("kyllä"/"ei" in Finnish)."""
    if value is None:
        return ""
    return gettext("yes") if value else gettext("no")


def joined(values: Iterable) -> str:
    """Several values in one cell, in a stable order."""
    return MULTI_SEPARATOR.join(sorted(str(value) for value in values))


def neutralise(text: str) -> str:
    """A text cell that no spreadsheet will run as a formula."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell_value(value) -> Any:
    """What goes into a cell: numbers and dates as themselves (real cells in
    XLSX), everything else as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float | decimal.Decimal | datetime.date):
        if isinstance(value, datetime.datetime):
            # Spreadsheets know no time zones: local time, as the page shows it.
            return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
        return value
    return neutralise(str(value))


def table(rows: Iterable, columns: Sequence[Column]) -> Iterable[list]:
    """The header row, then one list of cell values per row."""
    yield [str(column.label) for column in columns]
    for row in rows:
        yield [cell_value(column.of(row)) for column in columns]


def csv_bytes(rows: Iterable[list]) -> bytes:
    """CSV for Finnish Excel: UTF-8 with a byte-order mark, or Excel reads
    the file as Windows-1252 and garbles ä and ö; `;` between cells, because
    Excel in a Finnish locale, where the comma is the decimal separator,
    splits columns at semicolons and would put a comma-separated row into
    one cell.  Dates are written as ISO 8601 (2019-03-31), which Excel reads
    as dates in any locale and the import reads back exactly."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [value.isoformat() if isinstance(value, datetime.date) else value for value in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Iterable[list], *, title: str) -> bytes:
    """XLSX with real number and date cells (write-only mode: constant memory
    per row, fast for large lists)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "data")
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if index == 0:
                cell.font = bold
            elif isinstance(value, datetime.datetime):
                cell.number_format = "d.m.yyyy h:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "d.m.yyyy"
            elif isinstance(value, str):
                # Text stays text: Excel would otherwise turn "00100" into 100.
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(
    *, rows: Iterable, columns: Sequence[Column], fmt: str, name: str
) -> HttpResponse:
    """The file as a download.  `name` is what the file holds ("asiakkaat"),
    never whose data it holds; the date is added."""
    data = table(rows, columns)
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    body = csv_bytes(data) if fmt == CSV else xlsx_bytes(data, title=name)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A file of client data is not kept in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


class ExportMixin:
    """CSV and XLSX downloads of a list view, at `?muoto=csv|xlsx`.

    The export runs the view's own `get_queryset()` (so the same scope and
    filters), without paging, and evaluates it once: a constant number of
    queries whatever the length of the list, provided `export_queryset()`
    joins or prefetches what the columns read.

    Put it before the view's access mixin: `class V(ExportMixin, ScopedRecordMixin, ListView)`.
    """

    export_columns: ClassVar[Sequence[Column]]
    export_name: ClassVar[str]
    # A view whose page shows no list of its own, only the download.
    export_only: ClassVar[bool] = False

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get(EXPORT_PARAM)
        if fmt is None and not self.export_only:
            return super().get(request, *args, **kwargs)
        if fmt not in FORMATS:
            raise Http404
        rows = list(self.export_queryset(self.get_queryset()))
        self.export_log(rows)
        return export_response(
            rows=rows, columns=self.get_export_columns(), fmt=fmt, name=self.export_name
        )

    def export_queryset(self, queryset):
        """The rows to export; add select_related/prefetch_related here."""
        return queryset

    def get_export_columns(self) -> Sequence[Column]:
        return self.export_columns

    def export_log_records(self, rows: list) -> list:
        """The client-level records that the file holds (for the access log)."""
        return [row for row in rows if isinstance(row, ClientRecord)]

    def export_log(self, rows: list) -> None:
        records = self.export_log_records(rows)
        if records:
            access_log_record(request=self.request, records=records, action=AccessAction.EXPORT)

    def export_links(self) -> dict[str, str]:
        """The page's own address with `muoto=csv` / `muoto=xlsx`: the same
        filters, every page."""
        links = {}
        for fmt in FORMATS:
            query = self.request.GET.copy()
            query.pop("page", None)
            query[EXPORT_PARAM] = fmt
            links[fmt] = f"{self.request.path}?{query.urlencode()}"
        return links

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_links"] = self.export_links()
        return context


def _field_value(name: str, field) -> Callable[[Any], Any]:
    if field.many_to_many:
        return lambda row: joined(_code_of(item) for item in getattr(row, name).all())
    if field.is_relation:
        return lambda row: _code_of(getattr(row, name))
    return lambda row: getattr(row, name)


def _code_of(related) -> Any:
    """A related row by its stable code: a code, a username, else its name."""
    if related is None:
        return None
    for attribute in ("code", "username", "client_number", "name"):
        if hasattr(related, attribute):
            return getattr(related, attribute)
    return str(related)


def model_columns(model, names: Sequence[str]) -> list[Column]:
    """Columns for model fields by name: the field's verbose name as the
    header; choices as their stored code; a related row by its code
    (unit, municipality, code-list code), username or name."""
    columns = []
    for name in names:
        field = model._meta.get_field(name)
        columns.append(Column(name, field.verbose_name, _field_value(name, field)))
    return columns


# Labels shared by several apps' export columns.
UNIT = _("unit")
MUNICIPALITY = _("municipality")
