"""A group leader marks attendance on a phone: the grid fits a 375 px wide
screen, each client is one big touch target, one tap on save writes all rows.
axe-core checks the group pages and the grid.

Locators use names and URLs, not the interface's words: the Finnish
catalogue of these pages is added separately."""

import pytest

from clients.tests.factories import ClientFactory
from groups.models import Attendance, SessionStatus
from groups.tests.factories import EnrollmentFactory, GroupSessionFactory
from tests.browser import axe_violations, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
# WCAG 2.5.5 (AAA) asks 44 × 44 CSS pixels of a touch target; aim at it.
TOUCH_TARGET_PX = 44


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], violations


def fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px"


def test_a_leader_marks_attendance_on_a_phone(page, live_server, alice, group_of_a, unit_a):
    session = GroupSessionFactory(
        group=group_of_a, status=SessionStatus.PLANNED, topic="Keramiikka"
    )
    enrollments = [
        EnrollmentFactory(
            group=group_of_a,
            client=ClientFactory(unit=unit_a, last_name=f"Osallistuja{n}", first_name="Testi"),
            recorded_by=alice,
        )
        for n in range(6)
    ]
    page.set_viewport_size(PHONE)
    log_in(page, live_server, alice.username)
    page.wait_for_url("**/arvioinnit/omat/")

    page.goto(f"{live_server.url}/ryhmat/")
    page.get_by_role("link", name=group_of_a.name).click()
    page.wait_for_url(f"**/ryhmat/{group_of_a.pk}/")
    accessible(page)
    page.locator(f"a[href='/ryhmat/kerrat/{session.pk}/lasnaolo/']").click()
    page.wait_for_url(f"**/ryhmat/kerrat/{session.pk}/lasnaolo/")
    accessible(page)
    fits_the_screen(page)

    came = enrollments[:4]
    for enrollment in came:
        target = page.locator(f"label[for='present-{enrollment.pk}']")
        box = target.bounding_box()
        assert box["height"] >= TOUCH_TARGET_PX and box["width"] >= PHONE["width"] / 2
        target.click()
    for enrollment in came:
        assert page.locator(f"#present-{enrollment.pk}").is_checked()
    screenshot(page, "group-attendance-phone")
    page.locator("form.attendance-grid button[type=submit]").click()

    page.wait_for_url(f"**/ryhmat/{group_of_a.pk}/")
    accessible(page)
    fits_the_screen(page)
    marks = dict(Attendance.objects.filter(session=session).values_list("enrollment", "present"))
    assert marks == {e.pk: e in came for e in enrollments}
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD


def test_the_group_list_and_forms_are_accessible_on_a_phone(
    page, live_server, alice, group_of_a, session_of_a, enrollment_of_a, client_of_a
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, alice.username)
    page.wait_for_url("**/arvioinnit/omat/")
    for path in (
        "/ryhmat/",
        "/ryhmat/uusi/",
        f"/ryhmat/{group_of_a.pk}/kerrat/uusi/",
        f"/ryhmat/{group_of_a.pk}/ilmoittautuminen/uusi/",
        f"/ryhmat/{group_of_a.pk}/palaute/uusi/",
        f"/ryhmat/kerrat/{session_of_a.pk}/muokkaa/",
        f"/ryhmat/ilmoittautumiset/{enrollment_of_a.pk}/muokkaa/",
        f"/ryhmat/ilmoittautumiset/{enrollment_of_a.pk}/keskeytys/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_role("heading", level=1).is_visible(), path
        accessible(page)
    screenshot(page, "group-drop-out")
