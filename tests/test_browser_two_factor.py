"""Two-factor login in a real browser: a worker's first login enrols an
authenticator app (the QR code, the key, a real TOTP code), sees the
recovery codes once, and the next login asks for a code.  axe-core checks
every page of it."""

import base64

import pytest
from django_otp.oath import TOTP

from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.two_factor_helpers import current_code
from accounts.two_factor import StaffTOTPDevice
from tests.browser import axe_violations, screenshot, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page):
    violations = axe_violations(page)
    assert violations == [], violations


def password(page, live_server, username):
    page.goto(f"{live_server.url}/kirjaudu/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()


def enter_code(page, code):
    page.locator("input[name=otp_token]").fill(code)
    submit(page, page.locator("form:has(input[name=otp_token]) button[type=submit]"))


def test_a_worker_enrols_and_logs_in_with_totp(page, live_server, alice):
    password(page, live_server, alice.username)
    page.wait_for_url("**/kaksivaiheinen/kayttoonotto/*")
    assert page.locator(".two-factor-qr svg").is_visible()
    accessible(page)
    screenshot(page, "two-factor-enrolment")

    device = StaffTOTPDevice.objects.get(user=alice)
    key_on_page = page.locator("#two-factor-key").inner_text().replace(" ", "")
    assert key_on_page == device.secret_base32

    # A wrong code first: refused, with the error next to the field.
    enter_code(page, "000000" if current_code(device) != "000000" else "111111")
    assert "/kaksivaiheinen/kayttoonotto/" in page.url
    assert page.locator(".invalid-feedback").is_visible()
    accessible(page)

    page.wait_for_timeout(1100)  # the 1-second wait after a wrong code
    enter_code(page, current_code(device))
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    accessible(page)
    page.locator("#recovery-codes-continue").click()
    page.wait_for_url("**/arvioinnit/omat/")

    # Log out; the next login asks for a code from the app.
    page.locator("header .dropdown-toggle").click()
    page.locator("header form[action='/kirjaudu-ulos/'] button").click()
    page.wait_for_url("**/kirjaudu/")
    password(page, live_server, alice.username)
    page.wait_for_url("**/kaksivaiheinen/tunnistus/*")
    accessible(page)
    enter_code(page, current_code(device))
    page.wait_for_url("**/arvioinnit/omat/")

    # The session list shows this browser's session.
    page.goto(f"{live_server.url}/istunnot/")
    assert page.locator("table tbody tr").count() == 1
    accessible(page)

    # A new phone: the worker replaces the app from the recovery codes page.
    page.goto(f"{live_server.url}/kaksivaiheinen/varakoodit/")
    accessible(page)
    page.get_by_role("link", name="Vaihda todennussovellus").click()
    page.wait_for_url("**/kaksivaiheinen/vaihda-sovellus/")
    accessible(page)
    screenshot(page, "two-factor-replace")
    key = page.locator("#two-factor-key").inner_text().replace(" ", "")
    new_app = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)), step=30, digits=6)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("input[name=otp_token]").fill(f"{new_app.token():06d}")
    submit(page, page.get_by_role("button", name="Vaihda sovellus"))
    assert page.locator("#recovery-codes li").count() == 10
    accessible(page)
    assert StaffTOTPDevice.objects.get(user=alice).secret_base32 == key


def test_the_lockout_page_is_accessible(page, live_server, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_server.url}/kirjaudu/")
        page.get_by_label("Käyttäjätunnus").fill(alice.username)
        page.get_by_label("Salasana").fill("väärä-salasana-123")
        submit(page, page.get_by_role("button", name="Kirjaudu sisään"))
    assert page.locator("h1").count() == 1
    assert "/kirjaudu/" in page.url and page.locator("input[name=password]").count() == 0
    accessible(page)
    screenshot(page, "login-locked")
