"""Break the glass: a worker opens a client of another unit only by giving a
reason; the access is time-limited, names one client, every read is logged
with the reason, and the client's unit's supervisor reviews it."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.access import client_path
from accounts.access_log import AccessAction, AccessBasis, AccessLogEntry
from accounts.models import Role
from accounts.tests.factories import AreaFactory, UnitFactory, UserFactory
from clients import break_glass
from clients.crypto import encrypt_identity_code, identity_code_digest
from clients.identity_code import compute_check_character
from clients.models import BreakGlassGrant, Client, ClientPlan, Initiation
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)
REASON = "Päivystys: asiakas soitti kriisissä, oma työntekijä ei tavoitettavissa."
CODE = f"010190-955{compute_check_character('010190', '955')}"


def detail_url(client):
    return reverse("clients:detail", args=[client.client_number])


def search(http, q):
    """POST a search as the list page does; return the key of the kept search."""
    response = http.post(reverse("clients:list"), {"q": q})
    assert response.status_code == 302
    return re.search(r"haku=([\w-]+)", response["Location"]).group(1)


def break_glass_url(key):
    return f"{reverse('clients:break_glass')}?haku={key}"


@pytest.fixture
def coded_client_of_b(unit_b, bob):
    return ClientFactory(
        unit=unit_b,
        responsible_worker=bob,
        identity_code_token=encrypt_identity_code(CODE),
        identity_code_digest=identity_code_digest(CODE),
    )


def test_the_client_path_of_each_kind_of_record():
    assert client_path(Client) == "pk"
    assert client_path(ClientPlan) == "client"
    assert client_path(BreakGlassGrant) is None


def test_a_search_by_identity_code_offers_to_open_a_client_of_another_unit(
    client, alice, coded_client_of_b
):
    client.force_login(alice)
    key = search(client, CODE)
    page = client.get(f"{reverse('clients:list')}?haku={key}")
    assert page.context["break_glass_units"] == [coded_client_of_b.unit.name]
    # Nothing of the client but the unit is shown before the reason is given.
    assert coded_client_of_b.last_name not in page.content.decode()


def test_a_search_by_name_offers_nothing(client, alice, client_of_b):
    client.force_login(alice)
    key = search(client, client_of_b.last_name)
    page = client.get(f"{reverse('clients:list')}?haku={key}")
    assert not page.context.get("break_glass_units")
    assert client.get(break_glass_url(key)).status_code == 404


def test_a_client_of_another_area_cannot_be_opened(client, alice):
    elsewhere = ClientFactory(unit=UnitFactory(area=AreaFactory()))
    client.force_login(alice)
    key = search(client, elsewhere.client_number)
    assert client.get(break_glass_url(key)).status_code == 404


def test_without_a_reason_nothing_is_opened(client, alice, client_of_b):
    client.force_login(alice)
    key = search(client, client_of_b.client_number)
    form = client.get(break_glass_url(key))
    assert form.status_code == 200
    response = client.post(
        break_glass_url(key), {"client": client_of_b.client_number, "reason": "  "}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not BreakGlassGrant.objects.exists()
    assert client.get(detail_url(client_of_b)).status_code == 404


def test_a_reason_opens_the_one_client_for_a_limited_time_and_every_read_is_logged(
    client, alice, client_of_b, unit_b, settings
):
    settings.BREAK_GLASS_DURATION_MINUTES = 60
    other_of_b = ClientFactory(unit=unit_b)
    plan = ClientPlan.objects.create(
        client=client_of_b, by=alice, drawn_up_on=NOW.date(), goals="x", agreed_services="y"
    )
    client.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        key = search(client, client_of_b.client_number)
        response = client.post(
            break_glass_url(key), {"client": client_of_b.client_number, "reason": REASON}
        )
        assert response.status_code == 302
        assert response["Location"] == detail_url(client_of_b)
        grant = BreakGlassGrant.objects.get()
        assert (grant.user, grant.client, grant.client_unit) == (alice, client_of_b, unit_b)
        assert grant.expires_at == NOW + datetime.timedelta(minutes=60)

        page = client.get(detail_url(client_of_b))
        assert page.status_code == 200
        assert page.context["break_glass_reason"] == REASON
        # The grant names one client: the unit's other clients stay closed.
        assert client.get(detail_url(other_of_b)).status_code == 404
        # The choke point lets the client's other records through too.
        assert ClientPlan.objects.restrict(alice).filter(pk=plan.pk).exists()
        # But printing the client's access-log report stays with the unit.
        report = reverse("clients:access_report", args=[client_of_b.client_number])
        assert client.get(report).status_code == 404

    read = AccessLogEntry.objects.filter(
        user=alice, client_id=client_of_b.pk, allowed=True, action=AccessAction.VIEW
    ).get()
    assert read.basis == AccessBasis.REASON_GIVEN
    assert read.reason == REASON

    # One minute before the end the client is still open; at the end, not.
    # (A fresh login each time: the session's idle limit is shorter.)
    with time_machine.travel(NOW + datetime.timedelta(minutes=59), tick=False):
        client.force_login(alice)
        assert client.get(detail_url(client_of_b)).status_code == 200
    with time_machine.travel(NOW + datetime.timedelta(minutes=60), tick=False):
        client.force_login(alice)
        assert client.get(detail_url(client_of_b)).status_code == 404
        assert not Client.objects.restrict(alice).filter(pk=client_of_b.pk).exists()
        refused = AccessLogEntry.objects.filter(user=alice, allowed=False).latest("id")
        assert refused.client_id == client_of_b.pk
        assert refused.basis == AccessBasis.NONE


def test_a_grant_lets_the_user_record_a_step_logged_with_the_reason(
    client, alice, bob, client_of_b
):
    with time_machine.travel(NOW, tick=False):
        break_glass.grant_create(user=alice, client=client_of_b, reason=REASON)
        client.force_login(alice)
        url = reverse("clients:step", args=[client_of_b.client_number, "asiakassuunnitelma"])
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "drawn_up_on": "2026-03-10",
                "goals": "Asunto",
                "agreed_services": "Tuki",
                "by": bob.pk,
            },
        )
        assert response.status_code == 302, response.context["form"].errors
    assert ClientPlan.objects.filter(client=client_of_b).exists()
    change = AccessLogEntry.objects.get(user=alice, action=AccessAction.CHANGE)
    assert (change.basis, change.reason) == (AccessBasis.REASON_GIVEN, REASON)


def test_an_ended_grant_gives_no_access(alice, client_of_b):
    with time_machine.travel(NOW, tick=False):
        grant = break_glass.grant_create(user=alice, client=client_of_b, reason=REASON)
        assert Client.objects.restrict(alice).filter(pk=client_of_b.pk).exists()
        BreakGlassGrant.objects.filter(pk=grant.pk).update(ended_at=timezone.now())
        assert not Client.objects.restrict(alice).filter(pk=client_of_b.pk).exists()


def test_a_grant_is_only_for_its_holder(alice, bob, client_of_b, unit_b, area):
    colleague = UserFactory(area=area, units=[alice.units.get()])
    with time_machine.travel(NOW, tick=False):
        break_glass.grant_create(user=alice, client=client_of_b, reason=REASON)
        assert not Client.objects.restrict(colleague).filter(pk=client_of_b.pk).exists()


def test_a_coordinator_and_an_administrator_cannot_break_the_glass(
    client, coordinator, administrator, client_of_b
):
    for user in (coordinator, administrator):
        client.force_login(user)
        assert client.get(reverse("clients:break_glass")).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(reverse("clients:break_glass")).status_code == 302


def test_grants_do_not_widen_aggregate_figures_or_other_grants(alice, client_of_b):
    with time_machine.travel(NOW, tick=False):
        break_glass.grant_create(user=alice, client=client_of_b, reason=REASON)
        # A grant is not a way to see other users' grants on the client.
        assert not BreakGlassGrant.objects.restrict(alice).exists()
        # Exports and prints stay with the unit.
        assert not Client.objects.restrict(alice, AccessAction.EXPORT).exists()


def test_the_supervisor_of_the_clients_unit_reviews_the_grant(
    client, alice, client_of_b, unit_b, area
):
    supervisor_b = UserFactory(role=Role.SUPERVISOR, area=area, units=[unit_b])
    with time_machine.travel(NOW, tick=False):
        grant = break_glass.grant_create(user=alice, client=client_of_b, reason=REASON)
        client.force_login(alice)
        client.get(detail_url(client_of_b))
        client.force_login(supervisor_b)
        page = client.get(reverse("clients:access_review"))
        assert page.status_code == 200
        (shown,) = page.context["grants"]
        assert shown == grant and shown.reads == 1
        assert any(item["kind"] == "reason_given" for item in page.context["unusual"])
        response = client.post(reverse("clients:grant_review", args=[grant.pk]))
        assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.reviewed_by == supervisor_b and grant.reviewed_at == NOW


def test_another_units_supervisor_cannot_see_or_review_the_grant(
    client, alice, client_of_b, supervisor
):
    with time_machine.travel(NOW, tick=False):
        grant = break_glass.grant_create(user=alice, client=client_of_b, reason=REASON)
        client.force_login(supervisor)  # unit A's supervisor; the client is of unit B
        page = client.get(reverse("clients:access_review"))
        assert page.context["grants"] == []
        assert client.post(reverse("clients:grant_review", args=[grant.pk])).status_code == 404
    grant.refresh_from_db()
    assert grant.reviewed_at is None


def test_a_worker_cannot_review_grants(client, alice, bob, client_of_b):
    grant = break_glass.grant_create(user=alice, client=client_of_b, reason=REASON)
    client.force_login(bob)
    assert client.post(reverse("clients:grant_review", args=[grant.pk])).status_code == 403
    assert client.get(reverse("clients:access_review")).status_code == 403


def test_initiations_of_a_granted_client_show_in_the_choke_point(alice, client_of_b):
    Initiation.objects.create(client=client_of_b, by=alice, initiated_on=NOW.date())
    assert not Initiation.objects.restrict(alice).exists()
    with time_machine.travel(NOW, tick=False):
        break_glass.grant_create(user=alice, client=client_of_b, reason=REASON)
        assert Initiation.objects.restrict(alice).count() == 1
