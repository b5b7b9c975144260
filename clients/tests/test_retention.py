"""Retention: periods as data with their sources, the report and --apply of
`manage.py retention`, and anonymised clients still counting in the figures."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.access_log import AccessLogEntry
from accounts.models import Role, User
from clients import break_glass, retention
from clients.crypto import encrypt_identity_code, identity_code_digest
from clients.identity_code import compute_check_character
from clients.models import BreakGlassGrant, Client, ClientPlan, Closure, Code, Initiation
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2036, 6, 1)


def test_every_rule_names_its_source_and_period():
    for rule in retention.RULES:
        assert rule.source and rule.records
        assert rule.action in {
            retention.ANONYMISE,
            retention.DELETE,
            retention.KEEP,
            retention.REPORT_ONLY,
        }
        assert (rule.years is None) == (rule.action == retention.KEEP)
    # 703/2023 annex: services for people of working age and substance-abuse
    # services, 10 years from the closing of the matter.
    assert retention.RULE["client_records"].years == 10
    assert "703/2023" in retention.RULE["client_records"].source


def closure_reason():
    return Code.objects.filter(code_list__key="closure_reason").first()


def make_closed(client, *, initiated, closed, by):
    Initiation.objects.create(client=client, by=by, initiated_on=initiated, channel="own_contact")
    Closure.objects.create(client=client, by=by, closed_on=closed, reason=closure_reason())


@pytest.fixture
def clients(unit_a, alice):
    code = "010190-955" + compute_check_character("010190", "955")
    old = ClientFactory(
        unit=unit_a,
        responsible_worker=alice,
        date_of_birth=datetime.date(1980, 5, 3),
        phone="040 123 4567",
        email="asiakas@example.invalid",
        street_address="Katu 1",
        postal_code="50100",
        post_office="Mikkeli",
        identity_code_token=encrypt_identity_code(code),
        identity_code_digest=identity_code_digest(code),
    )
    make_closed(
        old, initiated=datetime.date(2019, 1, 10), closed=datetime.date(2026, 5, 31), by=alice
    )
    ClientPlan.objects.create(
        client=old,
        by=alice,
        drawn_up_on=datetime.date(2019, 2, 1),
        goals="Raitis",
        agreed_services="AA",
    )
    recent = ClientFactory(unit=unit_a, date_of_birth=datetime.date(1980, 5, 3))
    make_closed(
        recent, initiated=datetime.date(2019, 1, 10), closed=datetime.date(2026, 6, 1), by=alice
    )
    reopened = ClientFactory(unit=unit_a, date_of_birth=datetime.date(1980, 5, 3))
    make_closed(
        reopened, initiated=datetime.date(2019, 1, 10), closed=datetime.date(2020, 1, 1), by=alice
    )
    Initiation.objects.create(
        client=reopened, by=alice, initiated_on=datetime.date(2021, 1, 1), channel="own_contact"
    )
    archived = ClientFactory(unit=unit_a, date_of_birth=datetime.date(1980, 5, 28))
    make_closed(
        archived, initiated=datetime.date(2019, 1, 10), closed=datetime.date(2020, 1, 1), by=alice
    )
    open_client = ClientFactory(unit=unit_a)
    return {
        "old": old,
        "recent": recent,
        "reopened": reopened,
        "archived": archived,
        "open": open_client,
    }


def test_only_clients_closed_ten_years_ago_are_past_the_period(clients):
    past = set(retention.clients_past_retention(TODAY))
    # Closed 31.5.2026: ten years have passed on 1.6.2036; closed 1.6.2026:
    # not yet.  Reopened after a closure: open.  Born on the 28th: archived.
    assert past == {clients["old"]}
    assert set(retention.archive_sample_past_retention(TODAY)) == {clients["archived"]}


def test_the_command_reports_without_changing_anything(clients):
    out = StringIO()
    call_command("retention", "--today", TODAY.isoformat(), stdout=out)
    text = out.getvalue()
    assert "client_records: 1 past period" in text
    assert "archive_sample: 1 past period" in text
    assert "703/2023" in text
    assert Client.objects.filter(anonymised_at__isnull=False).count() == 0


def test_apply_anonymises_the_client_and_the_free_text_of_their_records(clients, alice):
    old = clients["old"]
    call_command("retention", "--apply", "--today", TODAY.isoformat(), stdout=StringIO())
    old.refresh_from_db()
    assert old.anonymised_at is not None
    for field in retention.CLIENT_ERASED:
        assert getattr(old, field) == "", field
    # Kept: the birth year, sex, unit, municipality, the dates and codes.
    assert old.date_of_birth == datetime.date(1980, 1, 1)
    assert old.unit_id == clients["recent"].unit_id
    assert old.responsible_worker == alice
    plan = ClientPlan.objects.get(client=old)
    assert (plan.goals, plan.agreed_services) == (retention.ERASED_TEXT, retention.ERASED_TEXT)
    assert plan.drawn_up_on == datetime.date(2019, 2, 1)
    assert Closure.objects.get(client=old).closed_on == datetime.date(2026, 5, 31)
    # Nobody else is touched, and a second run changes nothing.
    assert Client.objects.filter(anonymised_at__isnull=False).count() == 1
    clients["recent"].refresh_from_db()
    assert clients["recent"].last_name
    assert retention.retention_apply(TODAY)["client_records"] == 0


def test_apply_deletes_grants_past_their_period_and_keeps_the_log(alice, client_of_b):
    import time_machine

    with time_machine.travel(datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC), tick=False):
        old = break_glass.grant_create(user=alice, client=client_of_b, reason="Vanha syy")
        old_entry = AccessLogEntry.objects.create(
            user=alice,
            username="alice",
            role=Role.WORKER,
            user_units="yksikko-a",
            client_id=client_of_b.pk,
            client_unit_id=client_of_b.unit_id,
            record_type="clients.client",
            record_id=client_of_b.pk,
            action="view",
            basis="reason_given",
            reason="Vanha syy",
            view_name="clients:detail",
            allowed=True,
        )
    with time_machine.travel(datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC), tick=False):
        new = break_glass.grant_create(user=alice, client=client_of_b, reason="Uusi syy")
    done = retention.retention_apply(datetime.date(2032, 6, 1))
    assert done["break_glass_grants"] == 1
    assert list(BreakGlassGrant.objects.all()) == [new]
    assert old.pk not in BreakGlassGrant.objects.values_list("pk", flat=True)
    # The log is past its 12 years on 1.6.2032 too, but only reported: append-only.
    report = {
        row["rule"].code: row["count"]
        for row in retention.retention_report(datetime.date(2032, 6, 1))
    }
    assert report["access_log"] == 1
    assert AccessLogEntry.objects.filter(pk=old_entry.pk).exists()


def test_anonymised_clients_still_count_in_every_figure(settings):
    """The registry's figures of the demo are the same before and after every
    client is anonymised."""
    from reports import indicators

    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=StringIO())
    coordinator = User.objects.filter(role=Role.COORDINATOR).first()
    period = {"start": datetime.date(2018, 1, 1), "end": datetime.date(2020, 12, 31)}
    before = indicators.compute(user=coordinator, **period)
    assert any(value for value in before.values() if isinstance(value, int))
    monthly_before = indicators.compute(
        user=coordinator, start=datetime.date(2019, 3, 1), end=datetime.date(2019, 3, 31)
    )
    anonymised = retention.clients_anonymise(client_ids=Client.objects.values_list("pk", flat=True))
    assert anonymised == Client.objects.count() > 0
    assert not Client.objects.exclude(last_name="").exists()
    after = indicators.compute(user=coordinator, **period)
    monthly_after = indicators.compute(
        user=coordinator, start=datetime.date(2019, 3, 1), end=datetime.date(2019, 3, 31)
    )
    assert after == before
    assert monthly_after == monthly_before


def test_apply_deletes_login_records_past_their_period(alice):
    """The login records (django-axes) are kept as long as the access log
    and then deleted; the report counts them first."""
    import time_machine
    from axes.models import AccessLog

    def login(year):
        # attempt_time is set on saving, to the moment of the login.
        with time_machine.travel(datetime.datetime(year, 1, 1, 12, tzinfo=datetime.UTC)):
            return AccessLog.objects.create(
                username=alice.username, ip_address="192.0.2.10", user_agent="Testiselain"
            )

    old, new = login(2020), login(2030)
    assert retention.RULE["login_records"].years == retention.RULE["access_log"].years == 12
    report = {
        row["rule"].code: row["count"]
        for row in retention.retention_report(datetime.date(2032, 6, 1))
    }
    assert report["login_records"] == 1
    out = StringIO()
    call_command("retention", "--apply", "--today", "2032-06-01", stdout=out)
    assert "1 login records" in out.getvalue()
    assert list(AccessLog.objects.all()) == [new]
    assert not AccessLog.objects.filter(pk=old.pk).exists()
