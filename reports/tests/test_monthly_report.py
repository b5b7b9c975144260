"""The monthly indicator report: its figures under disclosure control, and
its PDF (read back with pdftotext), XLSX and CSV; a real worker builds it."""

import csv
import datetime
import io
import subprocess
import time

import pytest
from openpyxl import load_workbook

from outreach.models import VisitKind
from outreach.tests.factories import OutreachVisitFactory
from reports import indicators, services, tasks  # noqa: F401  (the worker learns the tasks)
from reports.models import ReportKind, ReportRun, RunStatus, Trigger
from reports.runs import monthly

MARCH = (datetime.date(2019, 3, 1), datetime.date(2019, 3, 31))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def march_visits(unit_a, unit_b):
    """Unit A: 7 visits in March 2019 meeting 9 people each (63); unit B: 2
    visits meeting 2 each (4); one visit of unit A in April, outside the month."""
    OutreachVisitFactory.create_batch(
        7, unit=unit_a, date=datetime.date(2019, 3, 12), people_met=9, kind=VisitKind.PARTNER_VISIT
    )
    OutreachVisitFactory.create_batch(2, unit=unit_b, date=datetime.date(2019, 3, 20), people_met=2)
    OutreachVisitFactory(unit=unit_a, date=datetime.date(2019, 4, 1), people_met=50)


@pytest.mark.django_db
def test_unit_figures_are_the_registrys_with_small_counts_hidden(unit_a, unit_b, march_visits):
    figures = monthly.monthly_figures(area=unit_a.area, unit=unit_a, start=MARCH[0], end=MARCH[1])
    assert figures["outreach_visits"] == 7
    assert figures["outreach_people_met"] == 63
    assert figures["assessments_completed"] == 0  # zero reveals nobody: published
    assert set(indicators.REGISTRY[code].code for code in figures) == set(figures)
    assert {i.code for i in indicators.INDICATORS if "monthly" in i.sets} <= set(figures)

    unit_b_figures = monthly.monthly_figures(
        area=unit_b.area, unit=unit_b, start=MARCH[0], end=MARCH[1]
    )
    # A document is always suppressed: 4 people met is hidden; 2 visits, a
    # count of events that identifies nobody, is not (reports/indicators.py).
    assert unit_b_figures["outreach_people_met"] == "<5"
    assert unit_b_figures["outreach_visits"] == 2


@pytest.mark.django_db
def test_area_figures_cover_every_unit(unit_a, unit_b, march_visits):
    figures = monthly.monthly_figures(area=unit_a.area, unit=None, start=MARCH[0], end=MARCH[1])
    assert figures["outreach_visits"] == 9
    assert figures["outreach_people_met"] == 67


def built_run(run_id) -> ReportRun:
    return ReportRun.objects.select_related("area", "unit").get(pk=run_id)


def wait_until_finished(run_id, timeout=60) -> ReportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = built_run(run_id)
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            return run
        time.sleep(0.2)
    raise AssertionError(f"the run is still {run.status} after {timeout} s")


def pdf_text(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def line_of(text: str, label: str) -> str:
    lines = [line for line in text.splitlines() if label in line]
    assert lines, f"{label!r} is not in the document"
    return lines[0]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_the_monthly_report(
    celery_worker, reference_data, media, unit_a, unit_b, march_visits, coordinator
):
    run = services.report_run_request(
        kind=ReportKind.MONTHLY,
        period_start=MARCH[0],
        period_end=MARCH[1],
        area=unit_a.area,
        unit=unit_a,
        trigger=Trigger.USER,
        by=coordinator,
    )
    run = wait_until_finished(run.pk)
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.progress == 100 and run.attempts == 1
    assert run.started_at <= run.finished_at
    assert run.figures["outreach_visits"] == 7

    text = pdf_text(run.pdf.read())
    (media / "monthly.txt").write_text(text)
    assert "Yksikkö A" in text and "Maaliskuu 2019" in text
    visits_label = str(indicators.REGISTRY["outreach_visits"].label)
    people_label = str(indicators.REGISTRY["outreach_people_met"].label)
    assert line_of(text, visits_label).split()[-1] == "7" or " 7 " in line_of(text, visits_label)
    assert " 63 " in line_of(text, people_label) + " "
    # Page numbers from the @page counters, and the font embedded by name.
    assert "1 / 1" in text or "1 / 2" in text
    fonts = subprocess.run(["pdffonts", "-"], input=run.pdf.open("rb").read(), capture_output=True)
    embedded = [line for line in fonts.stdout.decode().splitlines() if "DejaVu-Sans" in line]
    assert embedded and all(line.split()[-5] == "yes" for line in embedded)  # the "emb" column

    # The workbook: numbers in number cells, the definitions beside them.
    sheet = load_workbook(io.BytesIO(run.xlsx.read())).active
    rows = {row[3]: row for row in sheet.iter_rows(values_only=True) if row and len(row) > 3}
    assert rows["outreach_visits"][1] == 7 and isinstance(rows["outreach_visits"][1], int)
    assert rows["outreach_visits"][2] == str(indicators.REGISTRY["outreach_visits"].definition)
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width

    # The CSV as Finnish Excel reads it: a BOM, ";" between columns.
    data = run.csv.read()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    by_code = {row[3]: row for row in table[1:]}
    assert by_code["outreach_people_met"][5] == "63"
    assert by_code["outreach_visits"][:3] == ["1.3.2019", "31.3.2019", "Yksikkö A"]


@pytest.mark.django_db
def test_decimals_are_written_the_finnish_way():
    assert monthly.format_figure(4.25) in ("4,2", "4,3")
    assert monthly.format_figure(12345) == "12\xa0345"
    assert monthly.format_figure(None) == "–"
    assert monthly.format_figure("<5") == "<5"


@pytest.mark.django_db
def test_csv_and_xlsx_of_a_run(unit_a, march_visits):
    run = ReportRun(
        kind=ReportKind.MONTHLY,
        period_start=MARCH[0],
        period_end=MARCH[1],
        area=unit_a.area,
        unit=None,
        trigger=Trigger.SCHEDULE,
    )
    figures = monthly.monthly_figures(area=unit_a.area, unit=None, start=MARCH[0], end=MARCH[1])
    figures["satisfaction_mean"] = 4.2
    context = monthly.document_context(run, figures)
    table = list(
        csv.reader(
            io.StringIO(monthly.monthly_csv(run, context).decode("utf-8-sig")), delimiter=";"
        )
    )
    values = {row[3]: row[5] for row in table[1:]}
    assert values["satisfaction_mean"] == "4,2"
    assert values["outreach_visits"] == "9"
    assert all(len(row) == 7 for row in table)

    sheet = load_workbook(io.BytesIO(monthly.monthly_xlsx(context))).active
    cells = {row[3].value: row[1] for row in sheet.iter_rows(min_row=8) if row[3].value}
    assert cells["satisfaction_mean"].value == 4.2
    assert cells["satisfaction_mean"].number_format == "0.0"
    assert cells["outreach_visits"].value == 9
    assert sheet.freeze_panes == "A8"
