"""Two-factor login (TOTP): enrolment at first login, the code at every login,
recovery codes, secrets encrypted at rest, an administrator's reset, and the
middleware that keeps every page (the admin too) behind it."""

import base64
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP

from accounts.tests.two_factor_helpers import code_at, confirmed_device
from accounts.two_factor import (
    RecoveryCode,
    RecoveryCodeDevice,
    StaffTOTPDevice,
    decrypt_totp_key,
    recovery_codes_generate,
)
from accounts.user_sessions import UserSession

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def app_code(device: StaffTOTPDevice) -> str:
    """What an authenticator app shows now: RFC 6238 from the decrypted key."""
    device.refresh_from_db()
    totp = TOTP(decrypt_totp_key(device.encrypted_key), step=30, digits=6)
    return f"{totp.token():06d}"


def verified(client) -> bool:
    return bool(client.session.get(DEVICE_ID_SESSION_KEY))


def test_first_login_enrols_with_a_real_totp_code_and_shows_recovery_codes(client, alice, frozen):
    client.force_login_password_only(alice)
    response = client.get(reverse("clients:list"))
    assert response.status_code == 302
    assert response.url == f"{reverse('two_factor_enrol')}?next=%2Fasiakkaat%2F"

    page = client.get(response.url)
    assert page.status_code == 200
    device = StaffTOTPDevice.objects.get(user=alice)
    assert device.confirmed is False
    html = page.content.decode()
    assert "<svg" in html  # the QR code, inline
    shown_key = re.search(r'id="two-factor-key">([A-Z2-7 ]+)<', html)[1].replace(" ", "")
    assert base64.b32decode(shown_key + "=" * (-len(shown_key) % 8)) == device.secret
    # A reload keeps the same secret: an already scanned QR code stays valid.
    client.get(response.url)
    assert StaffTOTPDevice.objects.get(user=alice).encrypted_key == device.encrypted_key

    done = client.post(
        reverse("two_factor_enrol"), {"otp_token": app_code(device), "next": "/asiakkaat/"}
    )
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code) for code in codes)
    assert 'href="/asiakkaat/"' in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed is True
    assert verified(client)
    assert client.get(reverse("clients:list")).status_code == 200


def test_a_wrong_code_is_refused_at_enrolment(client, alice, frozen):
    client.force_login_password_only(alice)
    client.get(reverse("two_factor_enrol"))
    device = StaffTOTPDevice.objects.get(user=alice)
    right = app_code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor_enrol"), {"otp_token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]
    device.refresh_from_db()
    assert device.confirmed is False
    assert not verified(client)
    assert RecoveryCodeDevice.objects.filter(user=alice).count() == 0
    assert client.get(reverse("clients:list")).status_code == 302


def test_a_wrong_code_is_refused_at_login(client, alice, frozen):
    device = confirmed_device(alice)
    client.force_login_password_only(alice)
    wrong = f"{(int(app_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor_verify"), {"otp_token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["otp_token"]
    assert not verified(client)
    assert client.get(reverse("clients:list")).status_code == 302


def test_the_right_code_logs_in_and_goes_to_the_page_asked_for(client, alice, frozen):
    device = confirmed_device(alice)
    client.force_login_password_only(alice)
    response = client.get(reverse("clients:list"))
    assert response.url == f"{reverse('two_factor_verify')}?next=%2Fasiakkaat%2F"
    done = client.post(response.url, {"otp_token": app_code(device), "next": "/asiakkaat/"})
    assert done.status_code == 302 and done.url == "/asiakkaat/"
    assert verified(client)


def test_next_may_not_lead_off_the_portal(client, alice, frozen):
    device = confirmed_device(alice)
    client.force_login_password_only(alice)
    done = client.post(
        reverse("two_factor_verify"),
        {"otp_token": app_code(device), "next": "https://phish.example/"},
    )
    assert done.url == reverse("home")


def test_a_code_cannot_be_replayed(client, alice, frozen):
    device = confirmed_device(alice)
    code = app_code(device)
    client.force_login_password_only(alice)
    assert client.post(reverse("two_factor_verify"), {"otp_token": code}).status_code == 302
    client.post(reverse("logout"))

    # Someone who saw the code over the user's shoulder, within its 30 seconds.
    client.force_login_password_only(alice)
    frozen.shift(timedelta(seconds=5))
    response = client.post(reverse("two_factor_verify"), {"otp_token": code})
    assert response.status_code == 200 and not verified(client)
    # The app's next code (after the refusal's 1-second wait) works.
    frozen.shift(timedelta(seconds=30))
    assert (
        client.post(reverse("two_factor_verify"), {"otp_token": app_code(device)}).status_code
        == 302
    )


def test_codes_of_one_step_either_side_are_accepted_and_no_further(client, alice, frozen):
    device = confirmed_device(alice)
    now_t = int(NOON.timestamp()) // 30
    assert device.verify_token(code_at(device, now_t + 2)) is False
    frozen.shift(timedelta(seconds=10))  # past the refusal's wait
    assert device.verify_token(code_at(device, now_t - 1)) is True
    # An earlier step than the one accepted is a replay, even within tolerance.
    frozen.shift(timedelta(seconds=1))
    assert device.verify_token(code_at(device, now_t - 1)) is False


def test_wrong_codes_make_the_next_try_wait(client, alice, frozen):
    device = confirmed_device(alice)
    client.force_login_password_only(alice)
    for _ in range(3):
        client.post(reverse("two_factor_verify"), {"otp_token": "000000"})
    # Three failures: 4 seconds' wait, even for the right code.
    response = client.post(reverse("two_factor_verify"), {"otp_token": app_code(device)})
    assert response.status_code == 200 and not verified(client)
    frozen.shift(timedelta(seconds=5))
    response = client.post(reverse("two_factor_verify"), {"otp_token": app_code(device)})
    assert response.status_code == 302 and verified(client)


def test_a_recovery_code_works_once(client, alice, frozen):
    confirmed_device(alice)
    codes = recovery_codes_generate(user=alice)
    client.force_login_password_only(alice)
    response = client.post(reverse("two_factor_verify"), {"otp_token": codes[0].upper()})
    assert response.status_code == 302 and verified(client)
    assert RecoveryCode.objects.filter(device__user=alice, used_at__isnull=True).count() == 9
    client.post(reverse("logout"))

    client.force_login_password_only(alice)
    frozen.shift(timedelta(minutes=1))
    response = client.post(reverse("two_factor_verify"), {"otp_token": codes[0]})
    assert response.status_code == 200 and not verified(client)
    frozen.shift(timedelta(minutes=1))
    response = client.post(reverse("two_factor_verify"), {"otp_token": codes[1]})
    assert response.status_code == 302 and verified(client)


def test_new_recovery_codes_replace_the_old_ones(client, alice, frozen):
    confirmed_device(alice)
    old = recovery_codes_generate(user=alice)
    client.force_login(alice)
    response = client.post(reverse("recovery_codes"))
    new = response.context["codes"]
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    client.force_login_password_only(alice)
    assert client.post(reverse("two_factor_verify"), {"otp_token": old[0]}).status_code == 200
    frozen.shift(timedelta(minutes=1))
    assert client.post(reverse("two_factor_verify"), {"otp_token": new[0]}).status_code == 302


def test_the_totp_secret_is_not_stored_in_plain_text(alice):
    device = confirmed_device(alice)
    secret = device.secret
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT encrypted_key FROM {StaffTOTPDevice._meta.db_table} WHERE id = %s",
            [device.pk],
        )
        (raw,) = cursor.fetchone()
    for form in (secret.hex(), base64.b32encode(secret).decode().rstrip("=")):
        assert form.lower() not in raw.lower()
    assert raw.startswith("gAAAAA")  # a Fernet token
    assert decrypt_totp_key(raw) == secret


def test_recovery_codes_are_stored_only_as_keyed_hashes(alice):
    codes = recovery_codes_generate(user=alice)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT code_hash FROM {RecoveryCode._meta.db_table}")
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 10
    for code in codes:
        plain = code.replace("-", "")
        assert all(plain not in value and code not in value for value in stored)


@pytest.mark.parametrize(
    "path",
    ["/", "/asiakkaat/", "/istunnot/", "/salasana/", "/admin/", "/admin/accounts/user/"],
)
def test_every_page_waits_for_the_second_factor(client, administrator, path):
    confirmed_device(administrator)
    client.force_login_password_only(administrator)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))


def test_a_user_without_an_app_is_sent_to_enrolment_first(client, alice):
    client.force_login_password_only(alice)
    response = client.get(reverse("home"))
    assert response.url == reverse("two_factor_enrol")


def test_the_admin_opens_after_the_second_factor(client, administrator, frozen):
    device = confirmed_device(administrator)
    client.force_login_password_only(administrator)
    assert client.get("/admin/").status_code == 302
    client.post(reverse("two_factor_verify"), {"otp_token": app_code(device)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("name", ["login", "health", "robots"])
def test_public_pages_stay_open_during_login(client, alice, name):
    client.force_login_password_only(alice)
    assert client.get(reverse(name)).status_code in (200, 302)
    assert not reverse(name).startswith("/kaksivaiheinen/")
    response = client.get(reverse(name))
    assert "kaksivaiheinen" not in response.get("Location", "")


def test_logging_out_is_possible_before_the_second_factor(client, alice):
    client.force_login_password_only(alice)
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_a_user_with_an_app_cannot_enrol_another_without_a_reset(client, alice):
    confirmed_device(alice)
    client.force_login_password_only(alice)
    response = client.get(reverse("two_factor_enrol"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))
    assert StaffTOTPDevice.objects.filter(user=alice).count() == 1


def test_the_steps_of_login_need_a_password_first(client, db):
    for name in ("two_factor_enrol", "two_factor_verify", "recovery_codes"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_administrators_reset_forces_enrolment_again(client, administrator, alice, frozen):
    confirmed_device(alice)
    recovery_codes_generate(user=alice)
    from django.test import Client

    alices_browser = Client()
    alices_browser.force_login(alice)
    assert alices_browser.get(reverse("clients:list")).status_code == 200

    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [alice.pk]},
    )
    assert response.status_code == 302
    assert not StaffTOTPDevice.objects.filter(user=alice).exists()
    assert not RecoveryCodeDevice.objects.filter(user=alice).exists()
    assert not UserSession.objects.filter(user=alice).exists()
    entry = LogEntry.objects.get(object_id=str(alice.pk))
    assert entry.user == administrator and "two-factor" in entry.change_message

    # Alice's open session has ended; her next login goes to enrolment.
    assert alices_browser.get(reverse("clients:list")).url.startswith(reverse("login"))
    alices_browser.force_login_password_only(alice)
    assert alices_browser.get(reverse("home")).url == reverse("two_factor_enrol")


def test_only_an_administrator_may_reset(client, supervisor, alice):
    confirmed_device(alice)
    client.force_login(supervisor)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [alice.pk]},
    )
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert StaffTOTPDevice.objects.filter(user=alice).exists()


@override_settings(TWO_FACTOR_REQUIRED=False)
def test_when_two_factor_is_off_every_page_says_so(client, alice):
    client.force_login_password_only(alice)
    for name in ("clients:list", "sessions", "login"):
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200
        assert 'id="two-factor-off-banner"' in response.content.decode()


def test_when_two_factor_is_on_no_banner(client, alice):
    client.force_login(alice)
    assert 'id="two-factor-off-banner"' not in client.get(reverse("clients:list")).content.decode()


def test_recovery_code_page_for_anonymous_bob_and_alice(client, alice, bob):
    confirmed_device(alice)
    recovery_codes_generate(user=alice)
    client.force_login(alice)
    assert client.get(reverse("recovery_codes")).context["remaining"] == 10
    client.force_login(bob)  # bob has no recovery codes of his own
    assert client.get(reverse("recovery_codes")).context["remaining"] == 0


def test_the_header_offers_no_pages_before_the_second_factor(client, alice):
    client.force_login_password_only(alice)
    html = client.get(reverse("two_factor_enrol")).content.decode()
    assert 'id="main-nav"' not in html and reverse("clients:list") not in html
    assert f'action="{reverse("logout")}"' in html
    client.force_login(alice)
    assert 'id="main-nav"' in client.get(reverse("sessions")).content.decode()
