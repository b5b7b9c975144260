"""The access log is append-only: no ORM path, no admin page and (on
PostgreSQL) no raw SQL changes or deletes a row."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from accounts.access_log import AccessLogEntry, AppendOnlyError
from accounts.services import access_log_record, client_ip

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(alice, client_of_a):
    request = RequestFactory().get("/asiakkaat/")
    request.user = alice
    return access_log_record(request=request, records=[client_of_a], action="view")[0]


def test_saving_an_existing_row_is_refused(entry):
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_deleting_a_row_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(allowed=False)
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.bulk_update([entry], ["allowed"])
    assert AccessLogEntry.objects.filter(pk=entry.pk, allowed=True).exists()


def test_raw_sql_cannot_change_or_delete_a_row(entry):
    for statement in (
        "UPDATE accounts_accesslogentry SET allowed = false",
        "DELETE FROM accounts_accesslogentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AccessLogEntry.objects.get(pk=entry.pk).allowed is True


def test_the_log_holds_no_copy_of_client_data(entry, client_of_a):
    values = [str(v) for v in AccessLogEntry.objects.values().get(pk=entry.pk).values()]
    assert client_of_a.last_name not in " ".join(values)
    assert client_of_a.client_number not in " ".join(values)


def test_admin_shows_the_log_read_only(client, administrator, entry):
    client.force_login(administrator)
    change_url = reverse("admin:accounts_accesslogentry_change", args=[entry.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(change_url, {"reason": "x"}).status_code == 403
    delete_url = reverse("admin:accounts_accesslogentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:accounts_accesslogentry_add")).status_code == 403
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1", "10.0.0.1"),
        (1, "198.51.100.7", "10.0.0.1", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "10.0.0.1", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "10.0.0.1", "198.51.100.7"),
        (2, "", "10.0.0.1", "10.0.0.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(
    settings, proxies, forwarded, remote, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected
