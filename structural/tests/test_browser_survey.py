"""A client answers the anonymous satisfaction survey on a phone, in a real
browser, without logging in; axe-core checks the form, its errors and the
thank-you page."""

import pytest
from django.urls import reverse

from structural.models import Response
from tests.browser import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], violations


def test_a_client_answers_the_survey_on_a_phone(page, live_server, survey_round, statements):
    page.set_viewport_size(PHONE)
    url = f"{live_server.url}{reverse('structural:survey_public', args=[survey_round.token])}"
    page.goto(url)
    assert page.get_by_role("heading", name="Asiakastyytyväisyys").is_visible()
    accessible(page)

    # Every statement is a group of five radio buttons reachable by keyboard.
    first = page.get_by_role("group", name="Väittämä 1")
    first.get_by_label("5").check()
    page.get_by_role("group", name="Väittämä 2").get_by_label("4").check()
    # The third statement is skipped: allowed.
    page.get_by_label("Mitä muuta?").fill("Sain apua nopeasti.")
    screenshot(page, "survey-phone")
    page.get_by_role("button", name="Lähetä").click()

    page.wait_for_url("**?kiitos=1")
    assert page.get_by_role("status").inner_text() == "Kiitos vastauksestasi!"
    accessible(page)
    response = Response.objects.get()
    assert response.entered_by is None
    assert [a.value for a in response.answers.order_by("statement__order")] == [5, 4, None]
