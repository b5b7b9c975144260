"""The access choke point: for every view, one user who may, one from
another unit who may not (404, and logged), and an anonymous one."""

import pytest
from django.urls import reverse

from accounts.access import (
    FIGURE_UNIT_IDS_MAX,
    client_units,
    figure_scope,
    figure_unit_ids,
    figure_unit_list,
    figure_units,
)
from accounts.access_log import AccessAction, AccessBasis, AccessLogEntry
from clients.models import Client

pytestmark = pytest.mark.django_db


def detail_url(client):
    return reverse("clients:detail", args=[client.client_number])


def test_worker_opens_client_of_own_unit_and_it_is_logged(client, alice, client_of_a):
    client.force_login(alice)
    response = client.get(detail_url(client_of_a))
    assert response.status_code == 200
    assert client_of_a.last_name in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.client_id, entry.client_unit_id) == (
        alice,
        client_of_a.pk,
        client_of_a.unit_id,
    )
    assert entry.action == AccessAction.VIEW
    assert entry.basis == AccessBasis.CLIENT_RELATIONSHIP
    assert entry.allowed is True
    assert entry.view_name == "clients:detail"
    assert entry.record_type == "clients.client"
    assert entry.user_units == "yksikko-a"
    assert entry.ip_address == "127.0.0.1"


def test_worker_of_another_unit_gets_404_and_the_attempt_is_logged(client, bob, client_of_a):
    client.force_login(bob)
    response = client.get(detail_url(client_of_a))
    assert response.status_code == 404
    assert client_of_a.last_name not in response.content.decode()
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.client_id, entry.allowed) == (bob, client_of_a.pk, False)
    assert entry.basis == AccessBasis.NONE


def test_missing_client_gives_the_same_404_without_a_log_row(client, bob, client_of_a):
    client.force_login(bob)
    response = client.get(reverse("clients:detail", args=["A0000000"]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("name", ["clients:list", "clients:mine", "clients:detail"])
def test_anonymous_is_sent_to_login(client, client_of_a, name):
    args = [client_of_a.client_number] if name == "clients:detail" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not AccessLogEntry.objects.exists()


def test_client_list_shows_own_units_only_and_logs_every_row(
    client, alice, client_of_a, client_of_b, unit_a
):
    other_of_a = Client.objects.create(
        client_number="T9999999", first_name="Toinen", last_name="Asiakas", unit=unit_a
    )
    client.force_login(alice)
    response = client.get(reverse("clients:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert client_of_a.client_number in page and other_of_a.client_number in page
    assert client_of_b.client_number not in page
    logged = set(AccessLogEntry.objects.values_list("client_id", "action"))
    assert logged == {(client_of_a.pk, "list"), (other_of_a.pk, "list")}


def test_my_clients_lists_the_workers_own_caseload(client, alice, client_of_a, unit_a):
    Client.objects.create(client_number="T8888888", first_name="E", last_name="Muu", unit=unit_a)
    client.force_login(alice)
    response = client.get(reverse("clients:mine"))
    assert response.status_code == 200
    assert [c.pk for c in response.context["clients"]] == [client_of_a.pk]
    assert "Omat asiakkaat ja määräajat" in response.content.decode()


def test_client_list_uses_a_constant_number_of_queries(
    client, alice, unit_a, django_assert_num_queries
):
    for n in range(30):
        Client.objects.create(
            client_number=f"T{n:07d}", first_name="A", last_name=f"B{n}", unit=unit_a
        )
    client.force_login(alice)
    # session, user, count, page of clients, the user's units for the log,
    # one insert for every log row and the units of the search form: the same
    # with 30 clients as with one.  The session is not written again within a
    # minute of login (accounts/user_sessions.py).
    with django_assert_num_queries(7):
        response = client.get(reverse("clients:list"))
    assert len(response.context["clients"]) == 30


def test_coordinator_sees_client_records_of_own_units_only(
    client, coordinator, client_of_a, client_of_b
):
    client.force_login(coordinator)
    assert client.get(detail_url(client_of_a)).status_code == 200
    assert client.get(detail_url(client_of_b)).status_code == 404


def test_coordinator_sees_figures_of_the_whole_area(coordinator, unit_a, unit_b):
    assert set(figure_units(coordinator)) == {unit_a, unit_b}
    assert set(client_units(coordinator)) == {unit_a}


def test_supervisor_sees_own_units_records(client, supervisor, client_of_a, client_of_b):
    client.force_login(supervisor)
    assert client.get(detail_url(client_of_a)).status_code == 200
    assert client.get(detail_url(client_of_b)).status_code == 404


def test_administrator_sees_no_client_data(client, administrator, client_of_a):
    client.force_login(administrator)
    assert client.get(detail_url(client_of_a)).status_code == 403
    assert client.get(reverse("clients:list")).status_code == 403
    assert not client_units(administrator).exists()


def test_inactive_user_sees_nothing(alice, client_of_a):
    alice.is_active = False
    assert not Client.objects.restrict(alice).exists()


def test_unit_of_another_area_is_never_in_a_coordinators_figures(coordinator):
    from accounts.tests.factories import UnitFactory

    elsewhere = UnitFactory()
    assert elsewhere not in figure_units(coordinator)


def test_a_figure_scope_holds_the_same_units_read_once(
    supervisor, coordinator, administrator, unit_a, unit_b, django_assert_num_queries
):
    from accounts.tests.factories import UnitFactory

    UnitFactory()  # another area's
    for user in (supervisor, coordinator, administrator):
        # one query (none for an administrator, who sees no unit's figures)
        with django_assert_num_queries(0 if user is administrator else 1):
            scope = figure_scope(user)
        with django_assert_num_queries(0):
            listed = figure_unit_list(scope)
            ids = figure_unit_ids(scope)
            assert figure_scope(scope) is scope
        assert listed == list(figure_units(user).order_by("name"))
        assert ids == [unit.pk for unit in listed]
        # A copy: the user is not changed.
        assert not hasattr(user, "_figure_units")
    assert figure_unit_list(figure_scope(coordinator)) == [unit_a, unit_b]
    assert figure_unit_list(figure_scope(administrator)) == []


def test_a_narrowed_scope_keeps_only_the_chosen_units(coordinator, unit_a, unit_b):
    from reports.indicators import figure_viewer

    narrowed = figure_viewer(figure_scope(coordinator), [unit_b.pk])
    assert figure_unit_list(narrowed) == [unit_b]
    assert figure_unit_ids(narrowed) == [unit_b.pk]
    assert list(figure_units(narrowed)) == [unit_b]
    # Narrowing never widens: a unit outside the user's is not added.
    from accounts.tests.factories import UnitFactory

    elsewhere = UnitFactory()
    assert figure_unit_list(figure_viewer(figure_scope(coordinator), [elsewhere.pk])) == []


def test_many_units_stay_a_subquery(coordinator, area):
    from accounts.tests.factories import UnitFactory

    UnitFactory.create_batch(FIGURE_UNIT_IDS_MAX, area=area)
    scope = figure_scope(coordinator)
    assert len(figure_unit_list(scope)) > FIGURE_UNIT_IDS_MAX
    # The lookup by area, whose plans were measured at national scale.
    ids = figure_unit_ids(scope)
    assert not isinstance(ids, list)
    assert set(ids.values_list("pk", flat=True)) == {u.pk for u in figure_unit_list(scope)}


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("alice", "assessments:my_work"),
        ("supervisor", "reports:dashboard"),
        ("coordinator", "reports:index"),
        ("administrator", "administration"),
    ],
)
def test_home_sends_each_role_to_its_own_page(client, request, user_fixture, expected):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(expected)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("name", "allowed", "refused"),
    [
        ("reports:dashboard", ["supervisor", "coordinator"], ["alice", "administrator"]),
        ("reports:index", ["coordinator"], ["alice", "supervisor", "administrator"]),
        ("administration", ["administrator"], ["alice", "supervisor", "coordinator"]),
    ],
)
def test_role_pages_answer_only_their_roles(client, request, name, allowed, refused):
    for user_fixture in allowed:
        client.force_login(request.getfixturevalue(user_fixture))
        assert client.get(reverse(name)).status_code == 200, user_fixture
    for user_fixture in refused:
        client.force_login(request.getfixturevalue(user_fixture))
        assert client.get(reverse(name)).status_code == 403, user_fixture
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_dashboard_counts_clients_per_unit_in_the_database(
    client, supervisor, client_of_a, client_of_b, django_assert_num_queries
):
    client.force_login(supervisor)
    # session, user, the user's units (read once for the page: the unit
    # choices and every figure's filter), the user's units for disclosure
    # control, the client counts, the statutory compliance, the three
    # monthly figures, each added up in the database by month, and the unit
    # comparison, the three added up by unit in one statement: the same
    # however much data there is.  The session is not written again within
    # a minute of login.
    with django_assert_num_queries(10):
        response = client.get(reverse("reports:dashboard"))
    assert response.context["units"] == [
        {"code": "yksikko-a", "name": "Yksikkö A", "client_count": 1}
    ]


def test_coordinator_report_page_covers_the_area_with_small_counts_hidden(
    client, coordinator, client_of_a, client_of_b
):
    client.force_login(coordinator)
    response = client.get(reverse("reports:index"))
    assert [str(row["client_count"]) for row in response.context["units"]] == ["<5", "<5"]


def test_dashboard_shows_the_chosen_year_and_ignores_a_bad_one(client, supervisor):
    client.force_login(supervisor)
    this_year = client.get(reverse("reports:dashboard")).context["year"]
    assert (
        client.get(reverse("reports:dashboard"), {"vuosi": this_year - 7}).context["year"]
        == this_year - 7
    )
    for bad in ("x", "1900", str(this_year + 1)):
        assert client.get(reverse("reports:dashboard"), {"vuosi": bad}).context["year"] == this_year
