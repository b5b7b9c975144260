"""Two-factor login in tests: real TOTP codes from a user's device, and a
session marked as having passed the second factor for tests that log in
with `client.force_login` (conftest.py wraps it with `verify_client_session`)."""

import secrets
import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp

from accounts.two_factor import StaffTOTPDevice, encrypt_totp_key


def confirmed_device(user) -> StaffTOTPDevice:
    """The user's authenticator app, enrolled (created if need be)."""
    device, _created = StaffTOTPDevice.objects.get_or_create(
        user=user,
        defaults={
            "name": "Authenticator app",
            "confirmed": True,
            "encrypted_key": encrypt_totp_key(secrets.token_bytes(20)),
        },
    )
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


def code_at(device: StaffTOTPDevice, t: int) -> str:
    return f"{hotp(device.secret, t, digits=device.digits):0{device.digits}d}"


def current_code(device: StaffTOTPDevice) -> str:
    """The code an authenticator app shows now, as the server will accept it:
    a step later than the last code accepted (no replay), waiting for the
    clock if a test has just used the next step's code too."""
    device.refresh_from_db()
    now_t = int(time.time()) // device.step
    t = max(now_t, device.last_t + 1)
    while t > int(time.time()) // device.step + device.drift + device.tolerance:
        time.sleep(0.5)
    return code_at(device, t)


def verify_client_session(client, user) -> None:
    """Mark the test client's session as having passed the second factor,
    as django_otp.login() does after a correct code."""
    device = confirmed_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
