"""Sessions: ended after 30 minutes without activity and 12 hours after
login, with time frozen; a user's list of their own sessions, and ending
them; passwords."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse

from accounts.tests.factories import TEST_PASSWORD
from accounts.tests.two_factor_helpers import verify_client_session
from accounts.user_sessions import UserSession, browser_summary

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
CHROME_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def ended(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_the_limits_are_settings():
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_a_session_ends_after_30_minutes_without_activity(client, alice, clock):
    client.force_login(alice)
    page = reverse("clients:list")
    clock.shift(timedelta(minutes=29, seconds=59))
    assert client.get(page).status_code == 200
    # The limit counts from the latest request, not from the login.
    clock.shift(timedelta(minutes=29, seconds=59))
    assert client.get(page).status_code == 200
    clock.shift(timedelta(minutes=30))
    response = client.get(page)
    assert ended(response)
    assert response.url == f"{reverse('login')}?next=/asiakkaat/"
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(shown) == 1 and "30" in shown[0]
    assert not UserSession.objects.filter(user=alice).exists()
    assert Session.objects.count() == 0
    # Nothing of the old session is left to come back to.
    assert ended(client.get(page))


def test_requests_within_a_minute_of_the_last_stamp_write_nothing(
    client, alice, clock, django_assert_num_queries
):
    client.force_login(alice)
    page = reverse("sessions")
    stamped = client.session["_session_last_seen_at"]
    clock.shift(timedelta(seconds=59))
    # the session, the user and the listed sessions: no write
    with django_assert_num_queries(3):
        assert client.get(page).status_code == 200
    assert client.session["_session_last_seen_at"] == stamped
    clock.shift(timedelta(seconds=1))
    # A minute after the stamp it is renewed: the session row is written
    # (a savepoint, the update, its release), and so is the list's time.
    with django_assert_num_queries(7):
        assert client.get(page).status_code == 200
    assert client.session["_session_last_seen_at"] == stamped + 60


def test_the_idle_limit_counts_from_the_stamp_never_later_than_30_minutes(client, alice, clock):
    client.force_login(alice)
    page = reverse("clients:list")
    clock.shift(timedelta(seconds=40))
    assert client.get(page).status_code == 200  # not stamped: within the minute
    # 30 minutes after the stamp, 29 min 20 s after the last request: ended,
    # up to a minute early, never late.
    clock.shift(timedelta(minutes=29, seconds=20))
    assert ended(client.get(page))


@override_settings(SESSION_IDLE_TIMEOUT=5 * 60)
def test_a_short_idle_limit_is_stamped_more_often(client, alice, clock):
    client.force_login(alice)
    page = reverse("clients:list")
    clock.shift(timedelta(seconds=10))  # a thirtieth of 5 minutes
    assert client.get(page).status_code == 200
    clock.shift(timedelta(minutes=4, seconds=59))
    assert client.get(page).status_code == 200


def test_a_session_ends_12_hours_after_login_however_active(client, alice, clock):
    client.force_login(alice)
    page = reverse("clients:list")
    for _ in range(28):  # a request every 25 minutes: 11 h 40 min
        clock.shift(timedelta(minutes=25))
        assert client.get(page).status_code == 200
    clock.shift(timedelta(minutes=19, seconds=59))
    assert client.get(page).status_code == 200
    clock.shift(timedelta(seconds=1))  # 12 hours after login
    response = client.get(page)
    assert ended(response)
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(shown) == 1 and "12" in shown[0]


def test_a_signed_in_session_without_stamps_is_ended(client, alice):
    client.force_login(alice)
    session = client.session
    for key in ("_session_started_at", "_session_last_seen_at"):
        del session[key]
    session.save()
    assert ended(client.get(reverse("clients:list")))


def test_an_anonymous_visitor_is_not_affected(client, db, clock):
    clock.shift(timedelta(days=1))
    assert client.get(reverse("login")).status_code == 200


def log_in(browser, user, **headers):
    """The password through the real login page, then the second factor."""
    response = browser.post(
        reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, **headers
    )
    assert response.status_code == 302
    verify_client_session(browser, user)


def test_a_user_sees_their_own_sessions_with_the_current_one_marked(
    client, alice, bob, clock, django_assert_num_queries
):
    log_in(Client(), alice, HTTP_USER_AGENT=CHROME_MAC, REMOTE_ADDR="198.51.100.9")
    log_in(Client(), bob, HTTP_USER_AGENT=FIREFOX)
    clock.shift(timedelta(minutes=5))
    log_in(client, alice, HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="192.0.2.33")

    # session, user, the listed sessions (the session is not written again
    # within a minute of its last stamp)
    with django_assert_num_queries(3):
        response = client.get(reverse("sessions"))
    sessions = response.context["sessions"]
    assert [s.user_id for s in sessions] == [alice.pk, alice.pk]
    assert sessions[0].session_id == client.session.session_key
    assert sessions[0].started_at == START + timedelta(minutes=5)
    html = response.content.decode()
    assert html.count('class="badge') == 1
    for text in ("Firefox 128, Windows", "192.0.2.33", "Chrome 126, macOS", "198.51.100.9"):
        assert text in html
    # The session key is a secret: it is not on the page.
    for s in sessions:
        assert s.session_id not in html


def test_the_listed_address_is_the_one_behind_the_proxy(alice):
    with override_settings(TRUSTED_PROXY_COUNT=1):
        browser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
        browser.post(
            reverse("login"),
            {"username": "alice", "password": TEST_PASSWORD},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9",
        )
    assert UserSession.objects.get(user=alice).ip_address == "198.51.100.9"


def test_the_listed_activity_follows_requests_at_most_once_a_minute(client, alice, clock):
    client.force_login(alice)
    row = UserSession.objects.get(user=alice)
    clock.shift(timedelta(seconds=30))
    client.get(reverse("sessions"))
    row.refresh_from_db()
    assert row.last_activity == START
    clock.shift(timedelta(seconds=31))
    client.get(reverse("sessions"))
    row.refresh_from_db()
    assert row.last_activity == START + timedelta(seconds=61)


def test_a_user_ends_another_of_their_sessions(client, alice, clock):
    phone = Client()
    phone.force_login(alice)
    client.force_login(alice)
    other = UserSession.objects.get(session_id=phone.session.session_key)
    response = client.post(reverse("session_end", args=[other.pk]))
    assert response.status_code == 302 and response.url == reverse("sessions")
    assert not Session.objects.filter(session_key=other.session_id).exists()
    assert not UserSession.objects.filter(pk=other.pk).exists()
    assert ended(phone.get(reverse("clients:list")))
    assert client.get(reverse("clients:list")).status_code == 200


def test_ending_the_current_session_logs_out(client, alice):
    client.force_login(alice)
    current = UserSession.objects.get(session_id=client.session.session_key)
    response = client.post(reverse("session_end", args=[current.pk]))
    assert response.status_code == 302
    assert not UserSession.objects.filter(user=alice).exists()
    assert ended(client.get(reverse("clients:list")))


def test_a_user_cannot_end_another_users_session(client, alice, bob):
    bobs_browser = Client()
    bobs_browser.force_login(bob)
    bobs = UserSession.objects.get(user=bob)
    client.force_login(alice)
    assert client.post(reverse("session_end", args=[bobs.pk])).status_code == 404
    assert UserSession.objects.filter(pk=bobs.pk).exists()
    assert bobs_browser.get(reverse("clients:list")).status_code == 200
    # bob does not see alice's sessions either.
    listed = bobs_browser.get(reverse("sessions")).context["sessions"]
    assert {s.user_id for s in listed} == {bob.pk}


def test_the_session_pages_need_login_and_a_post(client, alice):
    assert client.get(reverse("sessions")).url.startswith(reverse("login"))
    assert client.post(reverse("session_end", args=[1])).url.startswith(reverse("login"))
    client.force_login(alice)
    own = UserSession.objects.get(user=alice)
    assert client.get(reverse("session_end", args=[own.pk])).status_code == 405


def test_logging_out_removes_the_session_from_the_list(client, alice):
    client.force_login(alice)
    assert UserSession.objects.filter(user=alice).count() == 1
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=alice).exists()


def test_sessions_past_a_limit_are_not_listed(client, alice, clock):
    stale = Client()
    stale.force_login(alice)
    clock.shift(timedelta(minutes=45))
    client.force_login(alice)
    listed = client.get(reverse("sessions")).context["sessions"]
    assert [s.session_id for s in listed] == [client.session.session_key]


def test_changing_the_password_ends_the_other_sessions(client, alice):
    phone = Client()
    phone.force_login(alice)
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Pitkä-uusi-salasana-2026",
            "new_password2": "Pitkä-uusi-salasana-2026",
        },
    )
    assert response.status_code == 302
    assert ended(phone.get(reverse("clients:list")))
    assert client.get(reverse("clients:list")).status_code == 200
    assert [s.session_id for s in UserSession.objects.filter(user=alice)] == [
        client.session.session_key
    ]


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Lyhyt-123", "password_too_short"),
        ("123456789012345", "password_entirely_numeric"),
        ("password12345", "password_too_common"),
    ],
)
def test_weak_passwords_are_refused(client, alice, password, reason):
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert reason in [e.code for e in response.context["form"].errors.as_data()["new_password2"]]


def test_password_validators_are_configured():
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    assert settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] == 12


@pytest.mark.parametrize(
    ("agent", "summary"),
    [
        (FIREFOX, "Firefox 128, Windows"),
        (CHROME_MAC, "Chrome 126, macOS"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
            "Edge 126, Windows",
        ),
        ("", ""),
    ],
)
def test_browser_summary(agent, summary):
    assert browser_summary(agent) == summary
