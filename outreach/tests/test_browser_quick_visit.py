"""A social instructor at a pop-up event, phone in hand, logs the visit and
the head-count in half a minute.  axe-core checks the quick form, the visit
and the list; the page fits a phone's width and its buttons are big."""

import pytest
from django.utils import timezone

from outreach.models import OutreachVisit, VisitKind
from tests.browser import axe_violations, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
# WCAG 2.5.5 (target size): at least 44 by 44 CSS pixels.
TOUCH_TARGET = 44


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], violations


def test_worker_logs_a_popup_event_on_a_phone(page, live_server, alice, municipality_a, partner):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, alice.username)
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/jalkautuminen/")
    page.locator("main a[href='/jalkautuminen/uusi/']").click()
    page.wait_for_url("**/jalkautuminen/uusi/")
    accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The defaults: today, the unit's first municipality, the user as the worker.
    assert page.locator("input[name=date]").input_value() == timezone.localdate().isoformat()
    assert page.locator("select[name=municipality]").input_value() == str(municipality_a.pk)
    assert page.locator("select[name=workers]").evaluate(
        "select => [...select.selectedOptions].map(option => option.value)"
    ) == [str(alice.pk)]

    popup = page.locator("input[name=kind][value=popup]")
    button = page.locator(f"label[for={popup.get_attribute('id')}]")
    box = button.bounding_box()
    assert box["height"] >= TOUCH_TARGET and box["width"] >= TOUCH_TARGET
    button.click()
    assert popup.is_checked()
    head_count = page.locator("input[name=people_met]")
    assert head_count.get_attribute("inputmode") == "numeric"
    head_count.fill("14")
    page.locator("input[name=place]").fill("Siekkilä")
    screenshot(page, "outreach-quick-form")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/jalkautuminen/*/")
    visit = OutreachVisit.objects.get()
    assert (visit.kind, visit.people_met, visit.place) == (VisitKind.POPUP, 14, "Siekkilä")
    assert (visit.unit, visit.municipality) == (alice.units.get(), municipality_a)
    assert list(visit.workers.all()) == [alice]
    accessible(page)

    page.goto(f"{live_server.url}/jalkautuminen/")
    assert page.locator(f"main a[href='/jalkautuminen/{visit.pk}/']").is_visible()
    accessible(page)
    screenshot(page, "outreach-list-phone")


def test_a_negative_head_count_is_shown_next_to_the_field(page, live_server, alice, municipality_a):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, alice.username)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/jalkautuminen/uusi/")
    page.locator("label[for=id_kind_0]").click()
    page.locator("input[name=people_met]").fill("-5")
    page.locator("input[name=place]").fill("Mielenmaja")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("input[name=people_met].is-invalid").is_visible()
    assert page.locator("#error_1_id_people_met").is_visible()
    assert not OutreachVisit.objects.exists()
    accessible(page)
