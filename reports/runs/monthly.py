"""The monthly indicator report: its figures, and its PDF, XLSX and CSV.

Assembling is `monthly_figures`: the registry's figures (reports/indicators.py)
for the month and the scope, as a coordinator of the area sees them, passed
through disclosure control for print (a document leaves the unit, so small
counts are always hidden).  The result is plain JSON, stored on the run, so
that the browser view and the three files show exactly the same figures.

Rendering is `monthly_files`: the labels and definitions come from the
registry, in Finnish (the task renders under the site's language).
"""

import csv
import datetime
import io
from collections.abc import Callable

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.disclosure import Suppressed
from accounts.models import Area, Role, Unit, User
from essote_sos.pdf import render_pdf
from reports import indicators

# The report's sections, in order: each indicator appears in the first one
# whose set it belongs to.  The ESF participant indicators (dozens of
# breakdowns by sex, nearly all hidden at a unit-month's size) have their own
# page (reports:esf) rather than a place here.
SECTIONS = (
    (indicators.MONTHLY, _("Monthly indicators")),
    (indicators.NUTSHELL, _("Project figures of the month")),
)
REPORT_SETS = frozenset(name for name, _title in SECTIONS)


def report_viewer(area: Area) -> User:
    """An unsaved coordinator of the area: it sees exactly the area's figures,
    whoever (or whatever schedule) asked for the report."""
    return User(username="report-run", role=Role.COORDINATOR, area=area)


def monthly_figures(
    *, area: Area, unit: Unit | None, start: datetime.date, end: datetime.date
) -> dict:
    """{indicator code: value} for the period and scope, as printable JSON:
    a hidden figure is its text ("<5"), a missing one None."""
    viewer = report_viewer(area)
    codes = [i.code for i in indicators.INDICATORS if REPORT_SETS.intersection(i.sets)]
    figures = indicators.compute(
        user=viewer, start=start, end=end, unit_ids=[unit.pk] if unit else None, codes=codes
    )
    unit_ids = [unit.pk] if unit else list(area.units.values_list("pk", flat=True))
    shown = indicators.disclosed(figures, user=viewer, unit_ids=unit_ids, purpose="print")
    return {code: _json_value(value) for code, value in shown.items()}


def _json_value(value):
    if isinstance(value, Suppressed):
        return str(value)
    if value is None or isinstance(value, int | float):
        return value
    # Decimal and the like: a number all the same.
    return float(value)


def report_sections(figures: dict) -> list[dict]:
    """The stored figures in the report's order, with label and definition.

    A code that the registry no longer knows is still shown, under its code,
    so an old run never loses a figure it was built with.
    """
    sections = []
    placed = set()
    for set_name, title in SECTIONS:
        rows = [
            {
                "code": indicator.code,
                "label": str(indicator.label),
                "definition": str(indicator.definition),
                "value": figures[indicator.code],
            }
            for indicator in indicators.INDICATORS
            if set_name in indicator.sets
            and indicator.code in figures
            and indicator.code not in placed
        ]
        placed.update(row["code"] for row in rows)
        if rows:
            sections.append({"title": str(title), "rows": rows})
    others = [code for code in figures if code not in placed]
    if others:
        sections.append(
            {
                "title": gettext("Other figures"),
                "rows": [
                    {"code": code, "label": code, "definition": "", "value": figures[code]}
                    for code in others
                ],
            }
        )
    return sections


def format_figure(value) -> str:
    """A figure as a Finnish reader reads it: 1 234 and 4,2; "–" for none."""
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return formats.number_format(value, 1, use_l10n=True, force_grouping=True)


def scope_name(run) -> str:
    return run.unit.name if run.unit_id else run.area.name


def period_name(run) -> str:
    """ "maaliskuu 2019" for a month, "1.2.2018–31.12.2019" otherwise."""
    start, end = run.period_start, run.period_end
    whole_month = start.day == 1 and (end + datetime.timedelta(days=1)).day == 1
    if whole_month and (start.year, start.month) == (end.year, end.month):
        return formats.date_format(start, "F Y").capitalize()
    short = "SHORT_DATE_FORMAT"
    return f"{formats.date_format(start, short)}–{formats.date_format(end, short)}"


def suppression_note() -> str:
    threshold = getattr(settings, "DISCLOSURE_THRESHOLD", 5)
    return gettext(
        "<%(threshold)s: a figure hidden to protect privacy. Counts from 1 to %(below)s are "
        "hidden in every printed report and export, and so are shares and means computed "
        "from such small groups."
    ) % {"threshold": threshold, "below": threshold - 1}


def document_context(run, figures: dict) -> dict:
    sections = report_sections(figures)
    for section in sections:
        for row in section["rows"]:
            row["shown"] = format_figure(row["value"])
    return {
        "title": gettext("Monthly indicator report"),
        "scope": scope_name(run),
        "scope_kind": gettext("Unit") if run.unit_id else gettext("Area"),
        "area": run.area.name,
        "period": period_name(run),
        "built_at": formats.date_format(timezone.localtime(), "SHORT_DATETIME_FORMAT"),
        "sections": sections,
        "suppression_note": suppression_note(),
    }


def monthly_files(*, run, figures: dict, progress: Callable[[float], None]) -> dict[str, bytes]:
    """{"pdf": …, "xlsx": …, "csv": …} of the report."""
    context = document_context(run, figures)
    files = {"pdf": render_pdf("reports/documents/monthly.html", context)}
    progress(70)
    files["xlsx"] = monthly_xlsx(context)
    progress(85)
    files["csv"] = monthly_csv(run, context)
    return files


def monthly_xlsx(context: dict) -> bytes:
    """The report as a workbook: a heading, then one row per indicator with
    the value in a number cell, so that it can be summed and charted."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Monthly report")[:31]
    sheet.append([context["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([context["scope_kind"], context["scope"]])
    sheet.append([gettext("Period"), context["period"]])
    sheet.append([gettext("Built"), context["built_at"]])
    sheet.append([context["suppression_note"]])
    sheet.append([])
    header = [gettext("Indicator"), gettext("Value"), gettext("Definition"), gettext("Code")]
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for section in context["sections"]:
        sheet.append([section["title"]])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, italic=True)
        for row in section["rows"]:
            sheet.append([row["label"], row["value"], row["definition"], row["code"]])
            value = sheet.cell(row=sheet.max_row, column=2)
            if isinstance(row["value"], int):
                value.number_format = "#,##0"
            elif isinstance(row["value"], float):
                value.number_format = "0.0"
            else:
                # "<5" and "–": text, right-aligned among the numbers.
                value.alignment = Alignment(horizontal="right")
            sheet.cell(row=sheet.max_row, column=3).alignment = Alignment(
                wrap_text=True, vertical="top"
            )
            sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(vertical="top")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    for column, width in zip("ABCD", (46, 10, 80, 34), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def monthly_csv(run, context: dict) -> bytes:
    """The report as CSV for Finnish Excel.

    Excel opens a double-clicked CSV in the Windows locale: in Finland it
    splits columns at ";" (the comma is the decimal separator) and reads the
    file as UTF-8 only when it begins with a byte-order mark; without one,
    "ä" and "ö" come out garbled.  Decimals are written with a comma for the
    same reason.  Each row carries the period and scope so that the rows of
    several reports can be pasted together.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            gettext("Period start"),
            gettext("Period end"),
            gettext("Scope"),
            gettext("Code"),
            gettext("Indicator"),
            gettext("Value"),
            gettext("Definition"),
        ]
    )
    start = formats.date_format(run.period_start, "SHORT_DATE_FORMAT")
    end = formats.date_format(run.period_end, "SHORT_DATE_FORMAT")
    for section in context["sections"]:
        for row in section["rows"]:
            value = row["value"]
            if value is None:
                text = ""
            elif isinstance(value, float):
                text = formats.number_format(value, 1, use_l10n=True)
            else:
                text = str(value)
            writer.writerow(
                [start, end, context["scope"], row["code"], row["label"], text, row["definition"]]
            )
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
