"""Replacing one's authenticator app (a new phone, or a lost one after a
recovery code): the password and a code from the new app swap the device,
new recovery codes replace the old, and the user's other sessions end;
anything wrong changes nothing."""

import base64
import logging
import re
import time

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.two_factor_helpers import confirmed_device, current_code
from accounts.two_factor import (
    REPLACEMENT_KEY_SESSION,
    RecoveryCode,
    StaffTOTPDevice,
    recovery_codes_generate,
)

pytestmark = pytest.mark.django_db

URL = reverse("two_factor_replace")


def shown_key(response) -> bytes:
    html = response.content.decode()
    key = re.search(r'id="two-factor-key">([A-Z2-7 ]+)<', html)[1].replace(" ", "")
    return base64.b32decode(key + "=" * (-len(key) % 8))


def new_app_code(key: bytes) -> str:
    return f"{TOTP(key, step=30, digits=6).token():06d}"


def replace(client, password, code):
    return client.post(URL, {"password": password, "otp_token": code})


def test_the_password_and_a_code_from_the_new_app_replace_the_old_app(client, alice, caplog):
    client.force_login(alice)
    old_device = confirmed_device(alice)
    old_codes = recovery_codes_generate(user=alice)
    elsewhere = Client()
    elsewhere.force_login(alice)
    assert elsewhere.get(reverse("clients:list")).status_code == 200

    page = client.get(URL)
    assert page.status_code == 200
    key = shown_key(page)
    assert "<svg" in page.content.decode()
    # A reload shows the same key: a scanned QR code stays valid.
    assert shown_key(client.get(URL)) == key
    assert key != old_device.secret

    # A wrong password, or a code not from the new app: nothing changes.
    wrong_password = client.post(
        URL, {"password": "väärä-salasana", "otp_token": new_app_code(key)}
    )
    assert wrong_password.status_code == 200
    assert wrong_password.context["form"].errors["password"] == ["Salasana ei ole oikein."]
    wrong_code = client.post(
        URL, {"password": TEST_PASSWORD, "otp_token": current_code(old_device)}
    )
    assert wrong_code.status_code == 200
    assert "otp_token" in wrong_code.context["form"].errors
    assert list(StaffTOTPDevice.objects.filter(user=alice)) == [old_device]
    assert StaffTOTPDevice.objects.get(user=alice).encrypted_key == old_device.encrypted_key

    with caplog.at_level(logging.WARNING, logger="essote_sos.security"):
        done = client.post(URL, {"password": TEST_PASSWORD, "otp_token": new_app_code(key)})
    assert done.status_code == 200
    new_codes = done.context["codes"]
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert "Uusi sovellus on nyt käytössä" in done.content.decode()
    device = StaffTOTPDevice.objects.get(user=alice)
    assert device.pk != old_device.pk and device.confirmed and device.secret == key
    # This session goes on, verified with the new app; the other one ended.
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert REPLACEMENT_KEY_SESSION not in client.session
    assert client.get(reverse("clients:list")).status_code == 200
    assert elsewhere.get(reverse("clients:list")).status_code == 302
    assert RecoveryCode.objects.filter(device__user=alice).count() == 10
    assert f"authenticator app replaced by user id={alice.pk}" in caplog.text
    # The same code cannot be used again (its time step is spent).
    assert device.last_t >= 0


def test_the_old_app_no_longer_logs_in_and_the_new_one_does(client, alice):
    client.force_login(alice)
    old_device = confirmed_device(alice)
    old_code = current_code(old_device)
    key = shown_key(client.get(URL))
    client.post(URL, {"password": TEST_PASSWORD, "otp_token": new_app_code(key)})

    login = Client()
    login.post(reverse("login"), {"username": alice.username, "password": TEST_PASSWORD})
    verify = reverse("two_factor_verify")
    refused = login.post(verify, {"otp_token": old_code})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert DEVICE_ID_SESSION_KEY not in login.session
    new_device = StaffTOTPDevice.objects.get(user=alice)
    # After the wrong code's wait (django-otp's throttling), the new app's code.
    with time_machine.travel(time.time() + 60):
        accepted = login.post(verify, {"otp_token": current_code(new_device)})
    assert accepted.status_code == 302
    assert login.session[DEVICE_ID_SESSION_KEY] == new_device.persistent_id


def test_without_an_app_there_is_nothing_to_replace(client, alice, settings):
    settings.TWO_FACTOR_REQUIRED = False
    client.force_login_password_only(alice)
    StaffTOTPDevice.objects.filter(user=alice).delete()
    response = client.get(URL)
    assert response.status_code == 302 and response.url == reverse("two_factor_enrol")


def test_wrong_passwords_count_towards_the_login_lockout(client, alice, settings):
    client.force_login(alice)
    confirmed_device(alice)
    key = shown_key(client.get(URL))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(URL, {"password": "väärä-salasana", "otp_token": new_app_code(key)})
    attempt = AccessAttempt.objects.get(username=alice.username)
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    # Locked: even the right password is refused now, and nothing changed.
    response = client.post(URL, {"password": TEST_PASSWORD, "otp_token": new_app_code(key)})
    assert "codes" not in (response.context or {})
    assert StaffTOTPDevice.objects.get(user=alice).secret != key
