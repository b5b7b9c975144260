"""A coordinator in a real browser builds the March 2019 monthly report for
the area, follows its progress, opens it and downloads the PDF.

The build runs on a real Celery worker (the `celery_worker` fixture): the
worker is a thread of the test process and uses the same test database as
live_server, and the test is transactional, so the worker sees the run that
the browser's request committed.  axe-core checks both pages."""

import datetime
import subprocess

import pytest

from outreach.tests.factories import OutreachVisitFactory
from reports import services, tasks  # noqa: F401  (the worker learns the tasks)
from reports.models import ReportRun, RunStatus
from tests.browser import axe_violations, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], violations


def test_coordinator_builds_the_march_2019_report_and_downloads_it(
    page,
    live_server,
    celery_worker,
    reference_data,
    coordinator,
    unit_a,
    unit_b,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    OutreachVisitFactory.create_batch(6, unit=unit_a, date=datetime.date(2019, 3, 14), people_met=4)
    OutreachVisitFactory.create_batch(2, unit=unit_b, date=datetime.date(2019, 3, 20), people_met=5)

    log_in(page, live_server, coordinator.username)
    page.goto(f"{live_server.url}/raportit/")
    page.locator("a[href='/raportit/ajot/']").click()
    page.wait_for_url("**/raportit/ajot/")
    accessible(page)

    form = page.locator("#monthly-report-form")
    form.locator("select[name=year]").select_option("2019")
    form.locator("select[name=month]").select_option("3")
    form.locator("select[name=scope]").select_option("area")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/raportit/ajot/*/")
    run = ReportRun.objects.get()
    assert page.url.endswith(f"/raportit/ajot/{run.pk}/")

    # The page follows the build and shows the report when it is ready.
    page.locator("#report-figures").wait_for(timeout=60_000)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.scope_key == "area:testialue"
    accessible(page)
    screenshot(page, "monthly-report")
    visits = page.locator("tr[data-indicator=outreach_visits] td").first
    assert visits.inner_text() == "8"
    people = page.locator("tr[data-indicator=outreach_people_met] td").first
    assert people.inner_text() == "34"

    with page.expect_download() as download_info:
        page.locator("#run-downloads a[data-format=pdf]").click()
    download = download_info.value
    assert download.suggested_filename == "kuukausiraportti_2019-03_testialue.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", download.path(), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Maaliskuu 2019" in text and "Testialue" in text
    assert any(line.rstrip().endswith(" 34") or " 34 " in line for line in text.splitlines())

    # The runs page lists the finished run with its downloads.
    page.goto(f"{live_server.url}/raportit/ajot/")
    assert page.locator(f"#report-runs a[href='/raportit/ajot/{run.pk}/lataa/pdf/']").count() == 1
    accessible(page)
    screenshot(page, "report-runs")


def test_the_run_page_follows_a_build_by_itself(
    page, live_server, coordinator, area, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # A run waiting for a worker (none runs in this test: the test moves it on).
    run = ReportRun.objects.create(
        kind="monthly",
        period_start=datetime.date(2019, 3, 1),
        period_end=datetime.date(2019, 3, 31),
        area=area,
        trigger="schedule",
    )
    log_in(page, live_server, coordinator.username)
    page.goto(f"{live_server.url}/raportit/ajot/{run.pk}/")
    progress = page.locator("#run-progress")
    assert progress.get_attribute("value") == "0"
    # Without JavaScript the link refreshes the page by hand.
    assert page.locator("[data-run-refresh]").get_attribute("href") == f"/raportit/ajot/{run.pk}/"
    accessible(page)

    # A worker takes it and reports its progress: the bar moves by itself.
    claimed = services.report_run_claim(run_id=run.pk)
    services.report_run_progress(run_id=run.pk, percent=40)
    page.wait_for_function("document.getElementById('run-progress').value === 40")
    assert page.locator("#run-progress").text_content() == "40 %"

    # When the build is done the page shows the report.
    services.report_run_build(run=claimed)
    page.locator("#report-figures").wait_for(timeout=15_000)
    assert page.locator("#run-progress").count() == 0
    assert page.locator("#run-downloads a").count() == 3
