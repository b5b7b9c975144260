"""Lockout after repeated failed logins (django-axes): by username and by
address, the address found through TRUSTED_PROXY_COUNT proxies by the same
rule as the access log's, and a cool-off counted from the latest failure."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
PROXY = "10.0.0.2"


def attempt(
    client, username, password="väärä-salasana-123", *, address="192.0.2.10", forwarded=None
):
    """A login POST as it reaches Django (REMOTE_ADDR, and X-Forwarded-For
    when behind the proxy), from a browser not logged in."""
    client.cookies.clear()
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def locked(response) -> bool:
    return response.status_code == 429 and "accounts/lockout.html" in [
        t.name for t in response.templates
    ]


def logged_in(response) -> bool:
    return response.status_code == 302


def test_the_limits_are_settings():
    assert LIMIT == 5
    assert timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username"], ["ip_address"]]
    assert settings.AXES_CLIENT_IP_CALLABLE == "accounts.services.client_ip"


def test_a_wrong_password_shows_the_form_again(client, alice):
    response = attempt(client, "alice")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_right_password_still_logs_in(client, alice):
    assert logged_in(attempt(client, "alice", TEST_PASSWORD))


def test_failures_from_many_addresses_lock_the_username(client, alice, bob):
    for n in range(LIMIT - 1):
        assert not locked(attempt(client, "alice", address=f"192.0.2.{n + 1}"))
    # The fifth failure locks.
    assert locked(attempt(client, "alice", address="192.0.2.5"))
    # Even the right password, from an address never seen, is refused.
    response = attempt(client, "alice", TEST_PASSWORD, address="198.51.100.7")
    assert locked(response)
    assert "_auth_user_id" not in client.session
    # Another user from one of those addresses is not affected.
    assert logged_in(attempt(client, "bob", TEST_PASSWORD, address="192.0.2.1"))


def test_failures_for_many_usernames_lock_the_address(client, bob):
    for n in range(LIMIT):
        attempt(client, f"arvaus{n}", address="192.0.2.50")
    assert locked(attempt(client, "bob", TEST_PASSWORD, address="192.0.2.50"))
    assert logged_in(attempt(client, "bob", TEST_PASSWORD, address="192.0.2.51"))


def test_the_lockout_page_carries_the_security_headers(client, alice):
    for _ in range(LIMIT):
        attempt(client, "alice")
    response = attempt(client, "alice")
    assert locked(response)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    # It does not say whether the username exists.
    assert "alice" not in response.content.decode()


def test_the_admins_login_counts_too(client, administrator):
    for _ in range(LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "adam", "password": "väärä-salasana-123"},
            REMOTE_ADDR="192.0.2.60",
        )
    assert locked(attempt(client, "adam", TEST_PASSWORD, address="192.0.2.61"))


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_address_the_proxy_saw_is_locked(client, bob):
    """The proxy appends the address it saw; whatever the client wrote to the
    left of it is ignored, so changing it does not dodge the lock."""
    for n in range(LIMIT):
        attempt(client, f"arvaus{n}", address=PROXY, forwarded=f"10.9.9.{n}, 203.0.113.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
    response = attempt(
        client, "bob", TEST_PASSWORD, address=PROXY, forwarded="198.51.100.99, 203.0.113.7"
    )
    assert locked(response)
    # The proxy's own address is not what gets locked: others behind it log in.
    assert logged_in(attempt(client, "bob", TEST_PASSWORD, address=PROXY, forwarded="203.0.113.8"))


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_spoofed_address_does_not_lock_out_its_owner(client, bob):
    """An attacker who writes someone else's address into X-Forwarded-For
    locks only their own real address."""
    for n in range(LIMIT):
        attempt(client, f"arvaus{n}", address=PROXY, forwarded="203.0.113.50, 198.51.100.1")
    assert logged_in(attempt(client, "bob", TEST_PASSWORD, address=PROXY, forwarded="203.0.113.50"))
    assert locked(attempt(client, "bob", TEST_PASSWORD, address=PROXY, forwarded="198.51.100.1"))


def test_the_lock_ends_after_the_cool_off_counted_from_the_last_failure(client, alice):
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(LIMIT):
            attempt(client, "alice")
        clock.shift(timedelta(minutes=10))
        # An attempt during the lock is refused and starts the wait again.
        assert locked(attempt(client, "alice", TEST_PASSWORD))
        clock.shift(timedelta(minutes=14, seconds=59))
        assert locked(attempt(client, "alice", TEST_PASSWORD, address="192.0.2.99"))
        clock.shift(timedelta(minutes=15, seconds=1))
        assert logged_in(attempt(client, "alice", TEST_PASSWORD, address="192.0.2.98"))


def test_failures_older_than_the_cool_off_are_forgotten(client, alice):
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(LIMIT - 1):
            attempt(client, "alice")
        clock.shift(timedelta(minutes=16))
        attempt(client, "alice")
        assert logged_in(attempt(client, "alice", TEST_PASSWORD))
