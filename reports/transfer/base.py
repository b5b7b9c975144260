"""Running an importer over a file: all of it is saved, or none of it.

1. the header is matched to the importer's columns (by code, or by the
   column's label in Finnish, Swedish or English);
2. every row is checked with the same forms, model validation and services
   that the pages use; every bad row is reported with its line (header =
   line 1), the column as the file names it, and the reason in the
   portal's language;
3. only when no row has an error, everything is written in one transaction,
   in bulk where the kind allows; a rule that only the write can check (a
   service refusing) is reported the same way and the whole transaction is
   rolled back.

No error message repeats an identity code: the messages are the forms'
fixed texts and name the line and the column, not the value.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from reports.transfer.reader import FileError, read_table

LANGUAGES = ("fi", "sv", "en")
YES = {"kyllä", "k", "ja", "j", "yes", "y", "true", "1", "x", "tosi"}
NO = {"ei", "e", "nej", "n", "no", "false", "0", "epätosi"}
# Above this a cell is refused before any form sees it.
MAX_CELL = 10_000
# How often the progress callback is told (rows).
PROGRESS_EVERY = 200


@dataclass(frozen=True)
class ImportColumn:
    code: str
    label: Any
    required: bool = False


@dataclass
class RowError:
    line: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "message": self.message}


class RowErrors(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


class SeenInFile:
    """Keys met earlier in the file, each with the line of its first row, so
    that a repeat is reported naming that line.  `message` has a %(line)s."""

    def __init__(self, message):
        self.message = message
        self.lines: dict = {}

    def repeat(self, row: "Row", column: str, key) -> "RowError | None":
        """Note the key on this row; the error if an earlier row had it."""
        first = self.lines.setdefault(key, row.line)
        return row.error(column, self.message % {"line": first}) if first != row.line else None


@dataclass
class Row:
    """One row of the file: its line and its cells by column code."""

    line: int
    values: dict[str, str]
    headers: dict[str, str]  # column code → the header as the file spells it

    def get(self, code: str) -> str:
        return self.values.get(code, "")

    def error(self, code: str, message) -> RowError:
        return RowError(self.line, self.headers.get(code, code), str(message))


@dataclass
class ImportResult:
    total_rows: int = 0
    saved_rows: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


class Importer:
    """One kind of import.  Subclasses declare `columns` and implement
    `check(row)` (returns the item to write, or raises RowErrors) and
    `write(items)` (returns the number of rows saved; raises RowErrors if a
    service refuses)."""

    kind: ClassVar[str]
    columns: ClassVar[Sequence[ImportColumn]]
    # Columns that an export has but the import leaves out (figures).
    ignored: ClassVar[Sequence[ImportColumn]] = ()
    # Column codes made of a prefix and a number (survey statements).
    numbered: ClassVar[Sequence[str]] = ()

    def __init__(self, *, user):
        self.user = user

    # --- Header ---------------------------------------------------------------

    def header_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for column in self.columns:
            names[_normal(column.code)] = column.code
            for language in LANGUAGES:
                with translation.override(language):
                    names.setdefault(_normal(column.label), column.code)
        for column in self.ignored:
            names[_normal(column.code)] = ""
            for language in LANGUAGES:
                with translation.override(language):
                    names.setdefault(_normal(column.label), "")
        return names

    def match_header(self, header: list[str]) -> list[str]:
        """Column code of each header cell ("" for an ignored one); every
        problem is reported on line 1."""
        names = self.header_names()
        codes, errors, seen = [], [], set()
        numbered = re.compile(rf"^({'|'.join(self.numbered)})([0-9]+)\b") if self.numbered else None
        for cell in header:
            key = _normal(cell)
            code = names.get(key)
            if code is None and key:
                first = key.split(" ", 1)[0]
                code = names.get(first)
                if code is None and numbered is not None and numbered.match(first):
                    code = numbered.match(first).group(0)
            if code is None:
                if key:
                    errors.append(RowError(1, cell[:100], _("Unknown column. See docs/import.md.")))
                codes.append("")
                continue
            if code and code in seen:
                errors.append(RowError(1, cell[:100], _("The column appears twice.")))
            seen.add(code)
            codes.append(code)
        for column in self.columns:
            if column.required and column.code not in seen:
                errors.append(RowError(1, column.code, _("A required column is missing.")))
        if errors:
            raise RowErrors(errors)
        return codes

    # --- Rows -----------------------------------------------------------------

    def prepare(self, rows: list[Row]) -> None:
        """Load what the rows refer to, once, before checking them."""

    def check(self, row: Row) -> Any:
        raise NotImplementedError

    def write(self, items: list) -> int:
        raise NotImplementedError

    # --- Helpers for the importers ----------------------------------------------

    @staticmethod
    def form_errors(row: Row, form, fields: dict[str, str] | None = None) -> list[RowError]:
        """A form's errors as row errors; `fields` maps form field → column."""
        fields = fields or {}
        errors = []
        for name, messages in form.errors.items():
            column = fields.get(name, name) if name != "__all__" else ""
            errors += [row.error(column, message) for message in messages]
        return errors

    @staticmethod
    def validation_errors(row: Row, error: ValidationError, fields=None) -> list[RowError]:
        fields = fields or {}
        if hasattr(error, "error_dict"):
            return [
                row.error(fields.get(name, name) if name != "__all__" else "", message)
                for name, messages in error.message_dict.items()
                for message in messages
            ]
        return [row.error("", message) for message in error.messages]

    @staticmethod
    def yes_no(row: Row, code: str, errors: list) -> bool | None:
        value = _normal(row.get(code))
        if value == "":
            return None
        if value in YES:
            return True
        if value in NO:
            return False
        errors.append(row.error(code, _('Write "kyllä" or "ei".')))
        return None

    @staticmethod
    def many(value: str) -> list[str]:
        return [part.strip() for part in re.split(r"[;\n]", value) if part.strip()]

    def log_request(self):
        """A stand-in request for the access log: the import has no web
        request of its own (it runs in a worker or a command)."""
        return SimpleNamespace(
            user=self.user, META={}, path_info=f"import:{self.kind}", resolver_match=None
        )


class _Rollback(Exception):
    pass


def run_import(
    importer: Importer,
    *,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Read, check and (unless there are errors or `dry_run`) save a file."""
    result = ImportResult()
    try:
        table = read_table(data, filename)
    except FileError as error:
        result.errors = [RowError(error.line, "", error.message).as_dict()]
        return result
    result.total_rows = len(table.rows)
    try:
        codes = importer.match_header(table.header)
    except RowErrors as refused:
        result.errors = [e.as_dict() for e in refused.errors]
        return result
    spelled = {code: cell for code, cell in zip(codes, table.header, strict=False) if code}
    rows: list[Row] = []
    errors: list[RowError] = []
    for line, cells in table.rows:
        if len(cells) > len(codes) and any(cells[len(codes) :]):
            errors.append(RowError(line, "", _("The row has more cells than the header.")))
            continue
        long = [code for code, cell in zip(codes, cells, strict=False) if len(cell) > MAX_CELL]
        if long:
            errors += [
                RowError(line, spelled.get(code, code), _("The cell is too long.")) for code in long
            ]
            continue
        values = {code: cell for code, cell in zip(codes, cells, strict=False) if code}
        rows.append(Row(line, values, spelled))

    # The checks only read, outside the transaction, so that the progress
    # written meanwhile is visible to the status page; the writes are one
    # transaction, rolled back on any refusal (or in a dry run).
    importer.prepare(rows)
    items = []
    for index, row in enumerate(rows, start=1):
        try:
            items.append(importer.check(row))
        except RowErrors as refused:
            errors += refused.errors
        except ValidationError as refused:
            errors += importer.validation_errors(row, refused)
        if progress and index % PROGRESS_EVERY == 0:
            progress(index, result.total_rows)
    if not errors:
        try:
            with transaction.atomic():
                result.saved_rows = importer.write(items)
                if dry_run:
                    raise _Rollback
        except _Rollback:
            pass
        except RowErrors as refused:
            errors += refused.errors
        except IntegrityError:
            errors.append(
                RowError(0, "", _("The data changed while the file was imported. Import it again."))
            )
    if errors:
        result.saved_rows = 0
    if progress:
        progress(result.total_rows, result.total_rows)
    errors.sort(key=lambda error: (error.line, error.field))
    result.errors = [error.as_dict() for error in errors]
    return result
