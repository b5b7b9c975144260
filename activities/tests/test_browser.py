"""A coordinator records a workshop in a real browser; axe-core checks the
index, the form (also with its errors) and the saved workshop.

Locators use field names and addresses, not labels, so the test holds
whichever language the catalogue gives the page."""

import datetime

import pytest

from activities.models import Workshop
from activities.tests.factories import FollowerCountFactory, TrainingFactory
from tests.browser import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], violations


def test_coordinator_records_a_workshop(page, live_server, coordinator):
    TrainingFactory(area=coordinator.area, days=[datetime.date(2019, 3, 26)])
    FollowerCountFactory(area=coordinator.area, counted_on=datetime.date(2019, 12, 31))
    log_in(page, live_server, coordinator.username)
    page.wait_for_url("**/raportit/")

    page.goto(f"{live_server.url}/toiminta/?start=2019-01-01&end=2019-12-31")
    accessible(page)

    page.locator("main a[href='/toiminta/tyopajat/uusi/']").first.click()
    page.wait_for_url("**/toiminta/tyopajat/uusi/")
    accessible(page)
    form = page.locator("main form[method=post]")
    # Nothing filled in: the errors are shown on the fields, and still accessible.
    form.locator("button[type=submit]").click()
    page.locator("#id_topic.is-invalid").wait_for()
    accessible(page)

    form.locator("input[name=held_on]").fill("2019-01-22")
    form.locator("input[name=topic]").fill("Rakenteellinen sosiaalityö")
    form.locator("input[name=participants]").fill("25")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/toiminta/tyopajat/*/")

    workshop = Workshop.objects.get()
    assert (workshop.area_id, workshop.held_on, workshop.participants) == (
        coordinator.area_id,
        datetime.date(2019, 1, 22),
        25,
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Rakenteellinen sosiaalityö"
    accessible(page)
