"""The client's access-log report (703/2023 §11) and the supervisor's review
of access to their units' clients."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.access_log import AccessAction, AccessBasis, AccessLogEntry
from accounts.models import Role
from accounts.tests.factories import UserFactory
from clients import access_review, break_glass
from clients.models import MotherTongue
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=2))  # Helsinki in winter
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=TZ)


def log(user, client, at, *, action=AccessAction.VIEW, allowed=True, basis=None, reason=""):
    basis = basis or (AccessBasis.CLIENT_RELATIONSHIP if allowed else AccessBasis.NONE)
    return AccessLogEntry.objects.create(
        at=at,
        user=user,
        username=user.username,
        role=user.role,
        user_units=",".join(u.code for u in user.units.all()),
        client_id=client.pk,
        client_unit_id=client.unit_id,
        record_type="clients.client",
        record_id=client.pk,
        action=action,
        basis=basis,
        reason=reason,
        view_name="clients:detail",
        allowed=allowed,
    )


def report_url(client):
    return reverse("clients:access_report", args=[client.client_number])


def pdf_url(client):
    return reverse("clients:access_report_pdf", args=[client.client_number])


# --- the client's report ------------------------------------------------------


def test_the_report_covers_two_years_of_allowed_processing(alice, bob, client_of_a):
    log(alice, client_of_a, NOW - datetime.timedelta(days=1))
    log(alice, client_of_a, NOW - datetime.timedelta(days=1, hours=1))  # same day: one line
    log(alice, client_of_a, NOW - datetime.timedelta(days=2), action=AccessAction.EXPORT)
    log(bob, client_of_a, NOW - datetime.timedelta(days=3), allowed=False)  # refused: not listed
    log(
        bob,
        client_of_a,
        NOW - datetime.timedelta(days=3),
        basis=AccessBasis.REASON_GIVEN,
        reason="Päivystys",
    )
    log(alice, client_of_a, datetime.datetime(2024, 3, 9, 12, tzinfo=TZ))  # over two years ago
    log(alice, client_of_a, datetime.datetime(2024, 3, 10, 12, tzinfo=TZ))  # exactly two years
    report = access_review.client_access_report(client=client_of_a, today=NOW.date())
    assert report["start"] == datetime.date(2024, 3, 10)
    lines = report["lines"]
    assert [(line["day"], line["times"]) for line in lines] == [
        (datetime.date(2026, 3, 9), 2),
        (datetime.date(2026, 3, 8), 1),
        (datetime.date(2026, 3, 7), 1),
        (datetime.date(2024, 3, 10), 1),
    ]
    reason_line = lines[2]
    assert (reason_line["basis"], reason_line["reason"]) == (AccessBasis.REASON_GIVEN, "Päivystys")
    assert reason_line["units"] == "Yksikkö B"
    assert [line["action"] for line in report["disclosures"]] == [AccessAction.EXPORT]
    assert report["users"] == 2


def test_the_report_runs_two_queries(alice, client_of_a, django_assert_num_queries):
    for days in range(30):
        log(alice, client_of_a, NOW - datetime.timedelta(days=days))
    with django_assert_num_queries(2):
        report = access_review.client_access_report(client=client_of_a, today=NOW.date())
    assert len(report["lines"]) == 30


def test_a_worker_of_the_unit_sees_the_report_and_the_view_is_logged(client, alice, client_of_a):
    log(alice, client_of_a, NOW - datetime.timedelta(days=1))
    client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        client.force_login(alice)
        response = client.get(report_url(client_of_a))
    assert response.status_code == 200
    # Yesterday's read, and producing this very report today.
    lines = response.context["report"]["lines"]
    assert [(line["day"], line["action"]) for line in lines] == [
        (NOW.date(), AccessAction.VIEW),
        (NOW.date() - datetime.timedelta(days=1), AccessAction.VIEW),
    ]
    assert AccessLogEntry.objects.filter(
        user=alice,
        client_id=client_of_a.pk,
        action=AccessAction.VIEW,
        view_name="clients:access_report",
    ).exists()


def test_the_pdf_names_the_client_and_is_logged_as_a_print(client, alice, client_of_a):
    log(alice, client_of_a, NOW - datetime.timedelta(days=1))
    with time_machine.travel(NOW, tick=False):
        client.force_login(alice)
        response = client.get(pdf_url(client_of_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The name is in the document only, never in the address.
    assert client_of_a.last_name not in pdf_url(client_of_a)
    assert "kayttolokiote.pdf" in response["Content-Disposition"]
    printed = AccessLogEntry.objects.get(action=AccessAction.PRINT)
    assert (printed.user, printed.client_id, printed.basis) == (
        alice,
        client_of_a.pk,
        AccessBasis.CLIENT_RELATIONSHIP,
    )


@pytest.mark.parametrize(
    ("tongue", "language"), [(MotherTongue.FINNISH, "fi"), (MotherTongue.SWEDISH, "sv")]
)
def test_the_pdf_is_in_finnish_or_in_swedish_for_a_swedish_speaker(
    client, alice, client_of_a, monkeypatch, tongue, language
):
    from django.template.loader import render_to_string
    from django.utils import translation

    client_of_a.mother_tongue = tongue
    client_of_a.save()
    rendered = {}

    def fake_render_pdf(template_name, context):
        rendered["language"] = translation.get_language()
        rendered["html"] = render_to_string(template_name, context)
        return b"%PDF-fake"

    monkeypatch.setattr("clients.views_privacy.render_pdf", fake_render_pdf)
    client.force_login(alice)
    with translation.override("en"):
        assert client.get(pdf_url(client_of_a)).status_code == 200
    assert rendered["language"] == language
    assert f'lang="{language}"' in rendered["html"]
    assert client_of_a.last_name in rendered["html"]
    assert client_of_a.client_number in rendered["html"]


def test_a_worker_of_another_unit_gets_404_and_the_attempt_is_logged(client, bob, client_of_a):
    client.force_login(bob)
    for url in (report_url(client_of_a), pdf_url(client_of_a)):
        assert client.get(url).status_code == 404
    refused = AccessLogEntry.objects.filter(user=bob, client_id=client_of_a.pk, allowed=False)
    assert refused.count() == 2
    assert not AccessLogEntry.objects.filter(action=AccessAction.PRINT, allowed=True).exists()


def test_a_coordinator_and_anonymous_cannot_produce_it(client, coordinator, client_of_a):
    assert client.get(report_url(client_of_a)).status_code == 302
    client.force_login(coordinator)
    assert client.get(report_url(client_of_a)).status_code == 403


def test_the_client_page_links_to_the_report(client, alice, client_of_a):
    client.force_login(alice)
    assert (
        report_url(client_of_a)
        in client.get(reverse("clients:detail", args=[client_of_a.client_number])).content.decode()
    )


# --- the supervisor's review --------------------------------------------------


@pytest.fixture
def caseload(alice, unit_a):
    """Forty clients of alice's own caseload in unit A."""
    return [ClientFactory(unit=unit_a, responsible_worker=alice) for _ in range(40)]


def test_browsing_many_clients_outside_ones_caseload_is_unusual(alice, unit_a, area, caseload):
    colleague = UserFactory(area=area, units=[unit_a])
    others = [ClientFactory(unit=unit_a, responsible_worker=colleague) for _ in range(12)]
    day = NOW - datetime.timedelta(days=1)
    # Alice reads 11 clients of a colleague in a day: max(10, 40 × 0.25) = 10.
    for other in others[:11]:
        log(alice, other, day)
    # Her own caseload does not count, however many she reads.
    for own in caseload:
        log(alice, own, day)
    # The colleague reads 12 of their own clients: not unusual.
    for other in others:
        log(colleague, other, day)
    # Lines of a list do not count.
    for own in caseload:  # 40 clients outside the colleague's caseload, only listed
        log(colleague, own, day, action=AccessAction.LIST)
    items = access_review.unusual_access(units=[unit_a], start=day.date(), end=NOW.date())
    browsing = [item for item in items if item["kind"] == "outside_caseload"]
    assert [(item["username"], item["count"], item["threshold"]) for item in browsing] == [
        ("alice", 11, 10)
    ]


def test_the_threshold_grows_with_the_caseload(alice, unit_a, area, caseload):
    caseload += [ClientFactory(unit=unit_a, responsible_worker=alice) for _ in range(20)]
    colleague = UserFactory(area=area, units=[unit_a])
    others = [ClientFactory(unit=unit_a, responsible_worker=colleague) for _ in range(14)]
    day = NOW - datetime.timedelta(days=1)
    for other in others:  # 14 < ceil(60 × 0.25) = 15
        log(alice, other, day)
    items = access_review.unusual_access(units=[unit_a], start=day.date(), end=NOW.date())
    assert not [item for item in items if item["kind"] == "outside_caseload"]


def test_access_outside_working_hours_and_refusals_are_unusual(alice, bob, client_of_a, unit_a):
    evening = datetime.datetime(2026, 3, 9, 21, 30, tzinfo=TZ)  # Monday 21:30
    saturday = datetime.datetime(2026, 3, 7, 11, 0, tzinfo=TZ)
    office = datetime.datetime(2026, 3, 9, 9, 0, tzinfo=TZ)
    log(alice, client_of_a, evening)
    log(alice, client_of_a, saturday)
    log(alice, client_of_a, office)
    log(bob, client_of_a, office, allowed=False)
    items = access_review.unusual_access(
        units=[unit_a], start=datetime.date(2026, 3, 1), end=NOW.date()
    )
    kinds = sorted((item["kind"], item["username"], item["day"]) for item in items)
    assert kinds == [
        ("after_hours", "alice", datetime.date(2026, 3, 7)),
        ("after_hours", "alice", datetime.date(2026, 3, 9)),
        ("refused", "bob", datetime.date(2026, 3, 9)),
    ]


def test_the_review_page_shows_the_units_access_in_a_fixed_number_of_queries(
    client, supervisor, alice, bob, client_of_a, client_of_b, caseload, django_assert_num_queries
):
    for own in caseload:
        log(alice, own, NOW - datetime.timedelta(hours=1))
    log(bob, client_of_a, NOW - datetime.timedelta(hours=2), allowed=False)
    log(bob, client_of_b, NOW - datetime.timedelta(hours=2))  # another unit: not shown
    with time_machine.travel(NOW, tick=False):
        client.force_login(supervisor)
        client.get(reverse("clients:access_review"))  # warm the session
        # (the session itself is not written again within a minute)
        with django_assert_num_queries(8):
            page = client.get(reverse("clients:access_review"))
    assert page.status_code == 200
    by_user = {row["username"]: row for row in page.context["by_user"]}
    assert by_user["alice"]["clients"] == 40
    assert by_user["bob"]["refused"] == 1 and by_user["bob"]["events"] == 1
    assert [entry.user for entry in page.context["refused"]] == [bob]


def test_the_review_period_is_a_filter(client, supervisor, alice, client_of_a):
    log(alice, client_of_a, datetime.datetime(2026, 1, 15, 10, tzinfo=TZ))
    log(alice, client_of_a, datetime.datetime(2026, 3, 9, 10, tzinfo=TZ))
    with time_machine.travel(NOW, tick=False):
        client.force_login(supervisor)
        page = client.get(
            reverse("clients:access_review"), {"start": "2026-01-01", "end": "2026-01-31"}
        )
        assert page.context["by_user"][0]["events"] == 1
        bad = client.get(
            reverse("clients:access_review"), {"start": "2026-02-01", "end": "2026-01-01"}
        )
        assert bad.status_code == 200 and bad.context["form"].errors


def test_only_supervisors_review(client, alice, coordinator, administrator):
    assert client.get(reverse("clients:access_review")).status_code == 302
    for user in (alice, coordinator, administrator):
        client.force_login(user)
        assert client.get(reverse("clients:access_review")).status_code == 403


def test_grants_listed_on_the_review_are_logged(client, alice, client_of_b, unit_b, area):
    supervisor_b = UserFactory(role=Role.SUPERVISOR, area=area, units=[unit_b])
    with time_machine.travel(NOW, tick=False):
        grant = break_glass.grant_create(user=alice, client=client_of_b, reason="Päivystys yöllä")
        client.force_login(supervisor_b)
        client.get(reverse("clients:access_review"))
    assert AccessLogEntry.objects.filter(
        user=supervisor_b,
        record_type="clients.breakglassgrant",
        record_id=grant.pk,
        action=AccessAction.LIST,
    ).exists()
