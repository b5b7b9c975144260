"""A worker's day in a real browser: register a client, record the
initiation, complete a structured assessment, add a client plan and a
Kykyviisari measurement, and see the deadline.  axe-core checks every page."""

import datetime

import pytest
from django.utils import timezone

from clients.identity_code import compute_check_character
from clients.models import Client
from tests.browser import axe_violations, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], violations


def test_worker_registers_a_client_and_completes_an_assessment(
    page, live_server, alice, reference_data, settings
):
    settings.AUTOSAVE_INTERVAL_SECONDS = 1
    log_in(page, live_server, alice.username)
    page.wait_for_url("**/arvioinnit/omat/")

    # Register a 76-year-old: the 7-working-day limit of SHL §36 applies.
    born = timezone.localdate().replace(year=timezone.localdate().year - 76) - datetime.timedelta(
        days=10
    )
    ddmmyy = born.strftime("%d%m%y")
    code = f"{ddmmyy}-957{compute_check_character(ddmmyy, '957')}"
    page.get_by_role("link", name="Lisää asiakas").click()
    page.wait_for_url("**/asiakkaat/uusi/")
    accessible(page)
    page.locator("input[name=first_name]").fill("Selma")
    page.locator("input[name=last_name]").fill("Selainkoe")
    page.locator("input[name=identity_code]").fill(code.lower())
    screenshot(page, "client-form")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url("**/asiakkaat/A*/")
    client = Client.objects.get(last_name="Selainkoe")
    assert client.date_of_birth == born
    assert code not in page.url and code not in page.content()
    accessible(page)

    # The initiation starts the statutory clock.
    page.get_by_role("link", name="Vireilletulo", exact=True).click()
    page.wait_for_url(f"**/asiakkaat/{client.client_number}/*/uusi/")
    accessible(page)
    page.get_by_label("asiakkaan oma yhteydenotto").check()
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(f"**/asiakkaat/{client.client_number}/")
    initiation = client.initiations.get()
    assert initiation.assessment_start_due_on is not None

    # The worker's home shows the running deadline.
    page.goto(f"{live_server.url}/arvioinnit/omat/")
    assert page.get_by_role("cell", name="Selainkoe Selma").is_visible()
    accessible(page)

    # The structured assessment, completed and locked.
    page.goto(f"{live_server.url}/asiakkaat/{client.client_number}/")
    page.get_by_role("link", name="Palvelutarpeen arviointi").click()
    page.get_by_role("button", name="Aloita").click()
    page.wait_for_url("**/arvioinnit/*/muokkaa/")
    accessible(page)
    page.locator("textarea[name=professional_conclusion]").fill("Sosiaaliohjaus ja asumisen tuki.")
    # The draft is saved in the background: nothing is lost if the browser closes.
    page.get_by_role("status").filter(has_text="Luonnos tallennettu").wait_for()
    assert client.assessments.get().professional_conclusion == "Sosiaaliohjaus ja asumisen tuki."
    for name in (
        "housing_type",
        "education",
        "labour_market_status",
        "income_sufficiency",
        "violence",
    ):
        page.locator(f"input[name={name}]").nth(1).check()
    page.locator("input[name=support_needs]").nth(2).check()
    page.locator("input[name=illnesses]").first.check()
    screenshot(page, "assessment-form")
    page.get_by_role("button", name="Merkitse arviointi valmiiksi").click()
    page.wait_for_url("**/arvioinnit/*/")
    assessment = client.assessments.get()
    assert assessment.status == "completed"
    assert assessment.started_on <= initiation.assessment_start_due_on
    accessible(page)

    # A client plan and a Kykyviisari measurement, shown on the client page.
    page.goto(f"{live_server.url}/asiakkaat/{client.client_number}/asiakassuunnitelma/uusi/")
    page.locator("textarea[name=goals]").fill("Asunto kuntoon.")
    page.locator("textarea[name=agreed_services]").fill("Sosiaaliohjaus")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(f"**/asiakkaat/{client.client_number}/")
    page.get_by_role("link", name="Kykyviisari").click()
    page.wait_for_url(f"**/arvioinnit/mittaus/{client.client_number}/*/")
    for field in page.locator("input[name^=area_]").all():
        field.fill("6")
    page.get_by_role("button", name="Tallenna").click()
    page.wait_for_url(f"**/asiakkaat/{client.client_number}/")
    assert page.locator("svg.chart").count() == 1
    assert client.plans.count() == 1 and client.measurements.count() == 1
    accessible(page)
    screenshot(page, "client-page")
