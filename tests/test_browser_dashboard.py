"""A supervisor and a coordinator read their figures in a real browser, on
the demo data: the dashboard with its trends, comparison and compliance
tables, the ESF indicators and the coordinator's reports page.  axe-core
checks every page."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.tests.factories import TEST_PASSWORD
from tests.browser import axe_violations, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], violations


@pytest.fixture
def demo(settings, reference_data):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=StringIO())
    for user in User.objects.filter(username__in=["esihenkilo", "koordinaattori"]):
        user.set_password(TEST_PASSWORD)
        user.save()


def test_supervisor_reads_the_dashboard_of_2019(page, live_server, demo):
    log_in(page, live_server, "esihenkilo")
    page.wait_for_url("**/raportit/tilannekuva/")
    page.get_by_label("Vuosi").select_option("2019")
    page.get_by_role("button", name="Näytä").click()
    page.wait_for_url("**vuosi=2019**")
    accessible(page)
    screenshot(page, "supervisor-dashboard")

    # The charts come with their tables for screen readers.
    assert page.locator("svg.chart").count() >= 1
    assert page.get_by_role("table").count() >= 3
    compliance = page.get_by_role(
        "heading", name="Arviointien lakisääteinen aloitus (sosiaalihuoltolain 36 §)"
    )
    assert compliance.is_visible()

    page.get_by_label("Yksikkö").select_option(label="Mikkelin aikuissosiaalityö")
    page.get_by_role("button", name="Näytä").click()
    page.wait_for_url("**yksikko=mikkeli-as**")
    accessible(page)

    page.get_by_role("link", name="ESR-osallistujaindikaattorit").click()
    page.wait_for_url("**/raportit/esf/")
    accessible(page)
    assert page.get_by_role("row", name="Osallistujat").is_visible()


def test_coordinator_reads_the_areas_figures(page, live_server, demo):
    log_in(page, live_server, "koordinaattori")
    page.wait_for_url("**/raportit/")
    accessible(page)
    screenshot(page, "coordinator-reports")

    page.get_by_role("link", name="ESR-osallistujaindikaattorit").click()
    page.wait_for_url("**/raportit/esf/")
    page.get_by_label("Alkaen").fill("2018-02-01")
    page.get_by_label("Saakka").fill("2019-12-31")
    page.get_by_role("button", name="Näytä").click()
    page.wait_for_url("**alku=2018-02-01**")
    accessible(page)
    screenshot(page, "coordinator-esf")
    participants = page.get_by_role("row", name="Osallistujat")
    assert "45" in participants.inner_text()

    page.goto(f"{live_server.url}/raportit/tilannekuva/?vuosi=2019")
    accessible(page)
