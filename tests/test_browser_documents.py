"""Issue 7's "done when", in a real browser on the demo data: the coordinator
writes a section of the final report, builds the monthly report of March 2019
and the final report of the whole project on a real Celery worker, follows
them to the end and downloads both PDFs, whose text (read back with
pdftotext) shows the figures; then imports a spreadsheet of outreach visits,
and a spreadsheet with a bad row that is refused with its line and reason in
Finnish.  axe-core checks every page.

The worker is a thread of the test process on the same test database as
live_server; the tests are transactional, so the worker sees what the
browser's requests committed."""

import datetime
import io
import re
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD
from outreach.exports import VISIT_COLUMNS
from outreach.models import OutreachVisit
from reports import tasks  # noqa: F401  (the worker learns the report tasks)
from reports.indicators import REGISTRY, compute
from reports.models import ImportRun, ReportKind, ReportNarrative, ReportRun, RunStatus
from reports.runs.monthly import format_figure
from reports.transfer import tasks as transfer_tasks  # noqa: F401  (and the import task)
from tests.browser import axe_violations, log_in, screenshot, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR = "koordinaattori"
SUPERVISOR = "esihenkilo"  # of mikkeli-as and mikkeli-mipa
# The seed's nutshell for the project, 1.2.2018–31.12.2019 (the demo data
# reproduces it; reports/tests/test_final_report.py checks the same figures
# on the in-process render).
SEED_NUTSHELL = {
    "groups": "7",
    "group_participants": "45",
    "group_sessions": "60",
    "popup_events": "11",
    "outreach_visits": "95",
    "outreach_people_met": "392",
    "trainings": "4",
    "training_days": "8",
    "workshops": "6",
    "measures_trialled": "3",
    "satisfaction_respondents": "100",
    "satisfaction_mean": "4,2",
}
BUILD_TIMEOUT_MS = 120_000


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], violations


def pdftotext(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def flat(text: str) -> str:
    """Text with hyphenated line ends joined and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub("\u2010\n", "", text))


@pytest.fixture
def demo(settings, reference_data, tmp_path):
    settings.DEMO_DATA_ALLOWED = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    for user in User.objects.filter(username__in=[COORDINATOR, SUPERVISOR]):
        user.set_password(TEST_PASSWORD)
        user.save()
    return User.objects.get(username=COORDINATOR)


def wait_for_run(page, kind):
    """The run page of the run just requested, once the build has finished
    (the page follows the build by itself and reloads)."""
    page.wait_for_url("**/raportit/ajot/*/")
    run = ReportRun.objects.get(kind=kind)
    assert page.url.endswith(f"/raportit/ajot/{run.pk}/")
    page.locator("#run-downloads a[data-format=pdf]").wait_for(timeout=BUILD_TIMEOUT_MS)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    return run


def download_pdf(page, expected_name):
    with page.expect_download() as download_info:
        page.locator("#run-downloads a[data-format=pdf]").click()
    download = download_info.value
    assert download.suggested_filename == expected_name
    return download.path()


def test_coordinator_writes_builds_and_downloads_the_reports(
    page, live_server, celery_worker, demo
):
    log_in(page, live_server, COORDINATOR)
    page.goto(f"{live_server.url}/raportit/")
    accessible(page)

    # --- A narrative section: a draft, then published --------------------------------
    page.locator("a[href='/raportit/loppuraportti/tekstit/']").click()
    page.wait_for_url("**/raportit/loppuraportti/tekstit/")
    accessible(page)
    screenshot(page, "final-report-texts")
    page.locator("a[href='/raportit/loppuraportti/tekstit/conclusions/']").click()
    page.wait_for_url("**/tekstit/conclusions/")
    accessible(page)
    published = "Selaintestin johtopäätös: rakenteellinen sosiaalityö vakiintui osaksi arkea."
    box = page.get_by_role("textbox", name="Teksti")
    box.fill(published)
    submit(page, page.get_by_role("button", name="Tallenna luonnos"))
    assert page.get_by_text("Luonnos tallennettiin.").is_visible()
    narrative = ReportNarrative.objects.get(area__code="essote", section="conclusions")
    assert narrative.draft == published and published not in narrative.text
    accessible(page)
    submit(page, page.get_by_role("button", name="Tallenna ja julkaise"))
    assert page.get_by_text("Luku tallennettiin ja julkaistiin.").is_visible()
    narrative.refresh_from_db()
    assert narrative.text == published and narrative.published_at is not None
    accessible(page)
    # A later draft is saved but does not print until it is published.
    unpublished = "Julkaisematon luonnos, jota raportti ei tulosta."
    page.get_by_role("textbox", name="Teksti").fill(unpublished)
    submit(page, page.get_by_role("button", name="Tallenna luonnos"))
    narrative.refresh_from_db()
    assert (narrative.draft, narrative.text) == (unpublished, published)
    accessible(page)
    screenshot(page, "final-report-text-edit")

    # --- The monthly report of March 2019 for the whole area ---------------------------
    page.goto(f"{live_server.url}/raportit/ajot/")
    accessible(page)
    form = page.locator("#monthly-report-form")
    form.locator("select[name=year]").select_option("2019")
    form.locator("select[name=month]").select_option("3")
    form.locator("select[name=scope]").select_option("area")
    form.locator("button[type=submit]").click()
    monthly = wait_for_run(page, ReportKind.MONTHLY)
    accessible(page)
    # The page shows the registry's figures of March 2019 (print-suppressed).
    march = compute(user=demo, start=datetime.date(2019, 3, 1), end=datetime.date(2019, 3, 31))
    visits = page.locator("tr[data-indicator=outreach_visits] td").first.inner_text()
    assert visits == format_figure(monthly.figures["outreach_visits"])
    assert march["outreach_visits"] >= 5 and visits == str(march["outreach_visits"])
    path = download_pdf(page, "kuukausiraportti_2019-03_essote.pdf")
    text = pdftotext(path)
    assert "Maaliskuu 2019" in text and "Essote" in text
    with translation.override("fi"):
        label = re.escape(str(REGISTRY["outreach_visits"].label))
    assert re.search(rf"{label}\s+{march['outreach_visits']}\b", flat(text))

    # --- The final report of the whole project -----------------------------------------
    page.goto(f"{live_server.url}/raportit/ajot/")
    form = page.locator("#final-report-form")
    assert form.locator("input[name=start]").input_value() == "2018-02-01"
    assert form.locator("input[name=end]").input_value() == "2019-12-31"
    form.locator("input[name=start]").fill("2018-02-01")
    form.locator("input[name=end]").fill("2019-12-31")
    form.locator("button[type=submit]").click()
    final = wait_for_run(page, ReportKind.FINAL)
    assert (final.period_start, final.period_end) == (
        datetime.date(2018, 2, 1),
        datetime.date(2019, 12, 31),
    )
    assert page.locator("[data-run-label]").inner_text().strip() == "Valmis"
    accessible(page)
    screenshot(page, "final-report-run")
    path = download_pdf(page, "loppuraportti_2018-02-01_2019-12-31_essote.pdf")
    pages = pdftotext(path).split("\f")
    with translation.override("fi"):
        nutshell_heading = translation.gettext("The project in a nutshell")
        labels = {code: str(REGISTRY[code].label) for code in SEED_NUTSHELL}
    # The nutshell's page: the one that starts with its heading (not the contents).
    nutshell = next(
        p
        for p in pages
        if nutshell_heading in [line.strip() for line in p.splitlines() if line.strip()][:3]
    )
    for code, value in SEED_NUTSHELL.items():
        pattern = rf"^\s*{re.escape(labels[code])}\s+{re.escape(value)}\s*$"
        assert re.search(pattern, nutshell, re.MULTILINE), (code, value)
    # The published text prints; the later draft does not.
    whole = flat("\f".join(pages))
    assert published in whole and unpublished not in whole

    # Both runs are listed with their downloads.
    page.goto(f"{live_server.url}/raportit/ajot/")
    for run in (monthly, final):
        link = f"#report-runs a[href='/raportit/ajot/{run.pk}/lataa/pdf/']"
        assert page.locator(link).count() == 1
    accessible(page)


# --- Import of outreach visits ------------------------------------------------------------


def visits_workbook(rows: list[list]) -> bytes:
    """An XLSX file as a coordinator would make it: the Finnish column
    headers of the visits export, one visit a row."""
    with translation.override("fi"):
        header = [str(column.label) for column in VISIT_COLUMNS]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Jalkautumiset"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def visit(day: int, place: str, people: int, new: int) -> list:
    """One visit of the demo's Mikkeli unit, in the columns' order."""
    values = {
        "date": datetime.date(2020, 1, day),
        "kind": "popup",
        "unit": "mikkeli-as",
        "municipality": "491",
        "place": place,
        "people_met": people,
        "new_contacts": new,
        "partners": "Mielenmaja",
        "workers": "koordinaattori;sosiaaliohjaaja",
        "notes": "Selaintesti",
    }
    return [values[column.code] for column in VISIT_COLUMNS]


def upload(page, live_server, path):
    page.goto(f"{live_server.url}/raportit/tuonti/")
    page.locator("select[name=kind]").select_option("outreach_visits")
    page.locator("input[name=file]").set_input_files(str(path))
    page.get_by_role("button", name="Tuo", exact=True).click()
    page.wait_for_url("**/raportit/tuonti/*/")
    run = ImportRun.objects.latest("pk")
    assert page.url.endswith(f"/raportit/tuonti/{run.pk}/")
    return run


def test_coordinator_imports_a_spreadsheet_of_outreach_visits(
    page, live_server, celery_worker, demo, tmp_path
):
    rows = [
        visit(7, "Kauppatori", 14, 3),
        visit(8, "Kirjasto", 9, 2),
        visit(9, "Asukastupa", 11, 0),
    ]
    good = tmp_path / "jalkautumiset-tammikuu.xlsx"
    good.write_bytes(visits_workbook(rows))
    january = {"date__range": (datetime.date(2020, 1, 1), datetime.date(2020, 1, 31))}
    assert not OutreachVisit.objects.filter(**january).exists()
    visits_before = OutreachVisit.objects.count()

    log_in(page, live_server, COORDINATOR)
    page.goto(f"{live_server.url}/raportit/")
    page.locator("a[href='/raportit/tuonti/']").click()
    page.wait_for_url("**/raportit/tuonti/")
    accessible(page)
    screenshot(page, "import")
    run = upload(page, live_server, good)
    # The status page follows the run by itself and shows the rows saved.
    done = page.get_by_role("status").filter(has_text="riviä tallennettiin")
    done.wait_for(timeout=60_000)
    assert done.inner_text().strip() == "3 riviä tallennettiin."
    accessible(page)
    screenshot(page, "import-done")
    run.refresh_from_db()
    assert (run.status, run.total_rows, run.saved_rows, run.errors) == (
        RunStatus.SUCCEEDED,
        3,
        3,
        [],
    )
    saved = OutreachVisit.objects.filter(**january).order_by("date")
    assert OutreachVisit.objects.count() == visits_before + 3
    assert [(v.place, v.people_met, v.new_contacts, v.kind) for v in saved] == [
        ("Kauppatori", 14, 3, "popup"),
        ("Kirjasto", 9, 2, "popup"),
        ("Asukastupa", 11, 0, "popup"),
    ]
    first = saved[0]
    assert first.unit.code == "mikkeli-as" and first.municipality.code == "491"
    assert [p.name for p in first.partners.all()] == ["Mielenmaja"]
    assert sorted(w.username for w in first.workers.all()) == ["koordinaattori", "sosiaaliohjaaja"]
    assert first.recorded_by == demo

    # A file with one bad row (line 3: more new contacts than people met):
    # the line and the reason in Finnish, and nothing saved.
    bad = tmp_path / "jalkautumiset-helmikuu.xlsx"
    bad.write_bytes(
        visits_workbook(
            [
                visit(20, "Tori", 10, 1),
                visit(21, "Kirkko", 3, 9),
                visit(22, "Koulu", 8, 2),
            ]
        )
    )
    run = upload(page, live_server, bad)
    alert = page.get_by_role("alert").filter(has_text="Mitään ei tallennettu")
    alert.wait_for(timeout=60_000)
    accessible(page)
    screenshot(page, "import-refused")
    cells = page.locator("table tbody tr").first.locator("td").all_inner_texts()
    assert page.locator("table tbody tr").count() == 1
    assert cells == [
        "3",
        "uudet kontaktit",
        "Uusia kontakteja ei voi olla enemmän kuin kohdattuja ihmisiä.",
    ]
    run.refresh_from_db()
    assert (run.status, run.saved_rows) == (RunStatus.FAILED, 0)
    assert OutreachVisit.objects.count() == visits_before + 3
    assert not OutreachVisit.objects.filter(place__in=["Tori", "Kirkko", "Koulu"]).exists()

    # The import page lists both runs.
    page.goto(f"{live_server.url}/raportit/tuonti/")
    listed = page.locator("table tbody").inner_text()
    assert "jalkautumiset-tammikuu.xlsx" in listed and "jalkautumiset-helmikuu.xlsx" in listed
    accessible(page)


# --- A supervisor's reports -----------------------------------------------------------------


def test_supervisor_finds_and_downloads_their_units_reports(page, live_server, celery_worker, demo):
    """The scheduled monthly reports of the supervisor's units are one click
    away in the main navigation; the area's and other units' are not shown."""
    from accounts.models import Unit
    from reports import services
    from reports.models import Trigger

    area = demo.area
    march = {"period_start": datetime.date(2019, 3, 1), "period_end": datetime.date(2019, 3, 31)}
    runs = {
        code: services.report_run_request(
            kind=ReportKind.MONTHLY,
            area=area,
            unit=Unit.objects.get(code=code) if code else None,
            trigger=Trigger.SCHEDULE,
            **march,
        )
        for code in ("mikkeli-as", "juva-as", None)
    }
    for _ in range(600):
        if not ReportRun.objects.exclude(status=RunStatus.SUCCEEDED).exists():
            break
        page.wait_for_timeout(100)
    assert set(ReportRun.objects.values_list("status", flat=True)) == {RunStatus.SUCCEEDED}

    log_in(page, live_server, SUPERVISOR)
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Raportit").click()
    page.wait_for_url("**/raportit/ajot/")
    accessible(page)
    screenshot(page, "supervisor-report-runs")
    assert page.locator("#monthly-report-form, #final-report-form").count() == 0
    links = page.locator("#report-runs a[href$='/lataa/pdf/']")
    assert links.count() == 1
    assert links.first.get_attribute("href") == f"/raportit/ajot/{runs['mikkeli-as'].pk}/lataa/pdf/"
    page.locator(f"#report-runs a[href='/raportit/ajot/{runs['mikkeli-as'].pk}/']").click()
    page.wait_for_url(f"**/raportit/ajot/{runs['mikkeli-as'].pk}/")
    page.locator("#report-figures").wait_for()
    accessible(page)
    path = download_pdf(page, "kuukausiraportti_2019-03_mikkeli-as.pdf")
    assert "Mikkelin aikuissosiaalityö" in pdftotext(path)
    # Another unit's run and the area's answer as if they did not exist.
    for other in (runs["juva-as"], runs[None]):
        response = page.goto(f"{live_server.url}/raportit/ajot/{other.pk}/")
        assert response.status == 404
