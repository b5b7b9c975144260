"""A supervisor opens the analysis and reads a chart and its table."""

import datetime

import pytest

from structural.tests.test_analysis import completed
from tests.browser import axe_violations, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_reads_the_analysis(
    page, live_server, supervisor, unit_a, alice, reference_data
):
    for age, education in ((25, "1"), (38, "1"), (47, "3"), (61, "4"), (33, "2"), (52, "3")):
        completed(
            unit_a, alice, on=datetime.date(2019, 4, 1), age=age, sex="male", education=education
        )
    log_in(page, live_server, supervisor.username)
    page.wait_for_url("**/raportit/tilannekuva/")
    page.get_by_role("link", name="Palvelutarpeen arviointien analyysi").click()
    page.locator("#id_alku").fill("2019-01-01")
    page.locator("#id_loppu").fill("2019-12-31")
    page.get_by_role("button", name="Näytä").click()
    page.wait_for_url("**/rakenteellinen/analyysi/?*")
    education = page.get_by_role("region", name="Koulutus")
    assert education.get_by_role("img", name="koulutus").count() == 1
    assert (
        education.get_by_role("row", name="Vain perusaste").get_by_role("cell").first.inner_text()
        == "2"
    )
    violations = axe_violations(page)
    assert violations == [], violations
    screenshot(page, "analysis")
