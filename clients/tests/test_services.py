"""Writes of the clients app (clients/services.py) and the reads they feed."""

import re
from datetime import date

import pytest
from django.db import connection

from clients import services
from clients.crypto import decrypt_identity_code, identity_code_digest
from clients.identity_code import compute_check_character
from clients.models import Client, Code, Initiation, InitiationChannel
from clients.selectors import identity_code_duplicates
from clients.tests.factories import ClientFactory
from clients.timeline import client_timeline

pytestmark = pytest.mark.django_db

INITIATED_ON = date(2019, 4, 18)  # Thursday before Easter: Good Friday and Easter Monday follow
START_7_WORKING_DAYS = "shl36_start_7_working_days"
COMPLETION_3_MONTHS = "shl36_completion_3_months_child"


def make_code(ddmmyy: str, sign: str, number: str) -> str:
    return f"{ddmmyy}{sign}{number}{compute_check_character(ddmmyy, number)}"


# A temporary code (individual number 900-999).
CODE = make_code("010190", "-", "955")


def raw_row_texts(pk: int) -> list[str]:
    """Every column of the client's row as PostgreSQL renders it in text."""
    with connection.cursor() as cursor:
        columns = [
            column.name
            for column in connection.introspection.get_table_description(cursor, "clients_client")
        ]
        selected = ", ".join(f"{connection.ops.quote_name(name)}::text" for name in columns)
        cursor.execute(f"SELECT {selected} FROM clients_client WHERE id = %s", [pk])
        row = cursor.fetchone()
    assert row is not None
    assert len(row) == len(columns)
    return [value for value in row if value is not None]


def record_initiation(client, by, initiated_on=INITIATED_ON, **fields):
    fields.setdefault("channel", InitiationChannel.OWN_CONTACT)
    return services.initiation_record(client=client, by=by, initiated_on=initiated_on, **fields)


# --- Identity code at rest ---------------------------------------------------


def test_client_create_stores_the_identity_code_only_encrypted(unit_a):
    client = services.client_create(
        unit=unit_a,
        first_name="Testi",
        last_name="Salattu",
        identity_code=CODE,
        date_of_birth=date(1990, 1, 1),
    )

    texts = raw_row_texts(client.pk)
    assert client.client_number in texts  # the row really was read
    for secret in (CODE, CODE[:10], "010190955"):
        assert not any(secret in text for text in texts), secret
    assert decrypt_identity_code(client.identity_code_token) == CODE
    assert client.identity_code_digest == identity_code_digest(CODE)


def test_client_create_without_identity_code_leaves_token_and_digest_empty(unit_a):
    client = services.client_create(unit=unit_a, first_name="Testi", last_name="Ilman")
    assert client.identity_code_token == ""
    assert client.identity_code_digest == ""
    assert not client.has_identity_code


def test_client_create_draws_a_random_pseudonymous_client_number(unit_a):
    numbers = {
        services.client_create(unit=unit_a, first_name="Testi", last_name=f"N{i}").client_number
        for i in range(5)
    }
    assert len(numbers) == 5
    assert all(re.fullmatch(r"A\d{7}", number) for number in numbers)


def test_client_create_draws_again_when_the_number_is_taken(unit_a, monkeypatch):
    ClientFactory(unit=unit_a, client_number="A0000001")
    drawn = iter(["A0000001", "A0000002"])
    monkeypatch.setattr(services, "new_client_number", lambda: next(drawn))

    client = services.client_create(unit=unit_a, first_name="Testi", last_name="Toinen")

    assert client.client_number == "A0000002"
    assert Client.objects.count() == 2


# --- client_update -------------------------------------------------------------


def test_client_update_saves_and_increments_the_version(client_of_a):
    updated = services.client_update(client=client_of_a, expected_version=1, phone="040 123 4567")
    assert updated.version == 2
    client_of_a.refresh_from_db()
    assert (client_of_a.phone, client_of_a.version) == ("040 123 4567", 2)


def test_client_update_with_a_stale_version_is_refused_and_changes_nothing(client_of_a):
    services.client_update(client=client_of_a, expected_version=1, phone="040 111")
    with pytest.raises(services.ConcurrentEditError):
        services.client_update(client=client_of_a, expected_version=1, phone="050 222")
    client_of_a.refresh_from_db()
    assert (client_of_a.phone, client_of_a.version) == ("040 111", 2)


def test_client_update_keeps_replaces_or_removes_the_identity_code(unit_a):
    client = services.client_create(
        unit=unit_a, first_name="Testi", last_name="Koodi", identity_code=CODE
    )
    services.client_update(client=client, expected_version=1, identity_code=None, phone="1")
    assert decrypt_identity_code(client.identity_code_token) == CODE

    other = make_code("020290", "-", "966")
    services.client_update(client=client, expected_version=2, identity_code=other)
    assert decrypt_identity_code(client.identity_code_token) == other
    assert client.identity_code_digest == identity_code_digest(other)

    services.client_update(client=client, expected_version=3, identity_code="")
    client.refresh_from_db()
    assert (client.identity_code_token, client.identity_code_digest) == ("", "")


def test_client_update_of_date_of_birth_refreshes_the_due_dates(alice, unit_a):
    client = ClientFactory(unit=unit_a, date_of_birth=date(1979, 1, 1))
    initiation = record_initiation(client, alice)
    assert initiation.assessment_start_due_on is None

    services.client_update(client=client, expected_version=1, date_of_birth=date(1943, 1, 1))
    initiation.refresh_from_db()
    assert initiation.assessment_start_due_on == date(2019, 5, 2)
    assert START_7_WORKING_DAYS in initiation.deadline_rules

    services.client_update(client=client, expected_version=2, date_of_birth=date(1979, 1, 1))
    initiation.refresh_from_db()
    assert initiation.assessment_start_due_on is None
    assert initiation.deadline_rules == ""


def test_client_update_of_highest_care_allowance_refreshes_the_due_dates(alice, unit_a):
    client = ClientFactory(unit=unit_a, date_of_birth=date(1979, 1, 1))
    initiation = record_initiation(client, alice)

    services.client_update(client=client, expected_version=1, highest_care_allowance=True)

    initiation.refresh_from_db()
    assert initiation.assessment_start_due_on == date(2019, 5, 2)
    assert initiation.deadline_rules == START_7_WORKING_DAYS


def test_client_update_of_other_fields_leaves_the_due_dates_alone(alice, unit_a):
    client = ClientFactory(unit=unit_a, date_of_birth=date(1943, 1, 1))
    initiation = record_initiation(client, alice)
    # Move the stored date so that a refresh would show.
    Initiation.objects.filter(pk=initiation.pk).update(assessment_start_due_on=date(2019, 6, 1))

    services.client_update(client=client, expected_version=1, phone="040 1")

    initiation.refresh_from_db()
    assert initiation.assessment_start_due_on == date(2019, 6, 1)


# --- Duplicates ------------------------------------------------------------------


def test_clients_with_identity_code_finds_every_unit_and_excludes_the_client_itself(unit_a, unit_b):
    first = services.client_create(unit=unit_a, first_name="A", last_name="A", identity_code=CODE)
    second = services.client_create(unit=unit_b, first_name="B", last_name="B", identity_code=CODE)

    assert set(services.clients_with_identity_code(CODE)) == {first, second}
    assert list(services.clients_with_identity_code(CODE, exclude=first)) == [second]
    assert identity_code_duplicates(first) == 1


def test_clients_with_identity_code_tells_century_signs_apart(unit_a):
    services.client_create(unit=unit_a, first_name="A", last_name="A", identity_code=CODE)
    assert not services.clients_with_identity_code(CODE.replace("-", "Y")).exists()


def test_client_without_identity_code_has_no_duplicates(unit_a):
    services.client_create(unit=unit_a, first_name="A", last_name="A")
    lone = services.client_create(unit=unit_a, first_name="B", last_name="B")
    assert identity_code_duplicates(lone) == 0


# --- The client process ------------------------------------------------------------


def test_initiation_of_a_76_year_old_gets_the_7_working_day_start(alice, unit_a):
    client = ClientFactory(unit=unit_a, date_of_birth=date(1943, 1, 1))

    initiation = record_initiation(client, alice)

    # 7 working days after Thu 18.4.2019, skipping Easter and 1 May.
    assert initiation.assessment_start_due_on == date(2019, 5, 2)
    assert initiation.assessment_completion_due_on is None
    assert initiation.deadline_rules == START_7_WORKING_DAYS


def test_initiation_of_an_ordinary_40_year_old_gets_no_due_dates(alice, unit_a):
    client = ClientFactory(unit=unit_a, date_of_birth=date(1979, 1, 1))

    initiation = record_initiation(client, alice)

    assert initiation.assessment_start_due_on is None
    assert initiation.assessment_completion_due_on is None
    assert initiation.deadline_rules == ""


def test_initiation_of_a_client_without_date_of_birth_gets_no_due_dates(alice, unit_a):
    initiation = record_initiation(ClientFactory(unit=unit_a), alice)
    assert initiation.deadline_rules == ""


def test_special_support_of_a_child_adds_the_3_month_completion(alice, unit_a):
    client = ClientFactory(unit=unit_a, date_of_birth=date(2003, 1, 1))
    initiation = record_initiation(client, alice)
    assert initiation.deadline_rules == ""

    step = services.special_support_record(
        initiation=initiation,
        by=alice,
        assessed_on=date(2019, 4, 25),
        needs_special_support=True,
        grounds="Perustelut",
    )

    assert step.client == client
    initiation.refresh_from_db()
    assert initiation.assessment_start_due_on == date(2019, 5, 2)
    assert initiation.assessment_completion_due_on == date(2019, 7, 18)
    assert initiation.deadline_rules == f"{START_7_WORKING_DAYS},{COMPLETION_3_MONTHS}"


def test_special_support_of_an_adult_adds_no_due_dates(alice, unit_a):
    client = ClientFactory(unit=unit_a, date_of_birth=date(1979, 1, 1))
    initiation = record_initiation(client, alice)

    services.special_support_record(
        initiation=initiation,
        by=alice,
        assessed_on=date(2019, 4, 25),
        needs_special_support=True,
        grounds="Perustelut",
    )

    initiation.refresh_from_db()
    assert initiation.deadline_rules == ""


def test_special_support_no_for_a_child_adds_no_due_dates(alice, unit_a):
    client = ClientFactory(unit=unit_a, date_of_birth=date(2003, 1, 1))
    initiation = record_initiation(client, alice)

    services.special_support_record(
        initiation=initiation,
        by=alice,
        assessed_on=date(2019, 4, 25),
        needs_special_support=False,
        grounds="Perustelut",
    )

    initiation.refresh_from_db()
    assert initiation.assessment_completion_due_on is None
    assert initiation.deadline_rules == ""


def test_refreshing_the_due_dates_is_idempotent(alice, unit_a):
    client = ClientFactory(unit=unit_a, date_of_birth=date(1943, 1, 1))
    initiation = record_initiation(client, alice)

    services.client_refresh_deadlines(client=client)
    services.client_refresh_deadlines(client=client)

    initiation.refresh_from_db()
    assert initiation.assessment_start_due_on == date(2019, 5, 2)
    assert initiation.deadline_rules == START_7_WORKING_DAYS


def test_every_step_appears_in_the_client_timeline(alice, client_of_a):
    initiation = record_initiation(
        client_of_a,
        alice,
        channel=InitiationChannel.NOTICE,
        notifier=Code.objects.of("notifier").first(),
    )
    services.urgency_record(
        initiation=initiation, by=alice, assessed_on=date(2019, 4, 18), immediate_need=False
    )
    services.special_support_record(
        initiation=initiation,
        by=alice,
        assessed_on=date(2019, 4, 19),
        needs_special_support=False,
        grounds="Ei tarvetta",
    )
    services.client_plan_record(
        client=client_of_a,
        by=alice,
        drawn_up_on=date(2019, 5, 1),
        goals="Tavoitteet",
        agreed_services="Palvelut",
    )
    services.closure_record(
        client=client_of_a,
        by=alice,
        closed_on=date(2019, 6, 1),
        reason=Code.objects.of("closure_reason").first(),
    )

    kinds = [event.kind for event in client_timeline(client_of_a)]

    # Newest first; urgency and initiation share a day, the later step first.
    assert kinds == ["closure", "plan", "special-support", "urgency", "initiation"]
