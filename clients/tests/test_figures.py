"""The client process's figures (clients.selectors.case_figures): what each
counts, by the client's unit, in a fixed number of queries."""

import datetime

import pytest

from accounts.access import figure_scope
from clients.models import ClientPlan, Initiation, InitiationChannel, SupportPersonService
from clients.selectors import case_figures
from clients.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

D = datetime.date
MAY = {"start": D(2019, 5, 1), "end": D(2019, 5, 31)}


def initiate(client, on, by):
    return Initiation.objects.create(
        client=client, by=by, initiated_on=on, channel=InitiationChannel.OWN_CONTACT
    )


@pytest.fixture
def may_records(unit_a, unit_b, alice):
    """Unit A: a client new in May (two initiations in May), a returning
    client (first initiated in 2018, again in May), a client first initiated
    in June; a plan and a support person in May.  Unit B: a client new in
    May, which unit A's viewers do not count."""
    new = ClientFactory(unit=unit_a)
    initiate(new, D(2019, 5, 3), alice)
    initiate(new, D(2019, 5, 20), alice)
    returning = ClientFactory(unit=unit_a)
    initiate(returning, D(2018, 11, 5), alice)
    initiate(returning, D(2019, 5, 31), alice)
    later = ClientFactory(unit=unit_a)
    initiate(later, D(2019, 6, 1), alice)
    ClientPlan.objects.create(
        client=new, by=alice, drawn_up_on=D(2019, 5, 28), goals="-", agreed_services="-"
    )
    SupportPersonService.objects.create(
        client=returning, by=alice, provider="-", starts_on=D(2019, 4, 1), hours_per_month=4
    )
    SupportPersonService.objects.create(
        client=returning, by=alice, provider="-", starts_on=D(2019, 5, 10), hours_per_month=2
    )
    elsewhere = ClientFactory(unit=unit_b)
    initiate(elsewhere, D(2019, 5, 15), alice)


def test_new_clients_are_those_whose_first_initiation_lies_in_the_period(
    supervisor, may_records, django_assert_num_queries
):
    # Initiations and new clients from one grouped pass, plans, support persons.
    with django_assert_num_queries(3):
        figures = case_figures(user=supervisor, **MAY)
    assert figures == {
        # the new client's two and the returning client's one
        "initiations": 3,
        # the returning client was new in 2018, the later one in June
        "new_clients": 1,
        "client_plans": 1,
        # two services of one client: one client
        "support_person_clients": 1,
    }
    assert case_figures(user=supervisor, start=D(2018, 11, 1), end=D(2018, 11, 30)) == {
        "initiations": 1,
        "new_clients": 1,
        "client_plans": 0,
        "support_person_clients": 0,
    }


def test_the_figures_are_the_same_for_a_scope_of_the_viewer(
    supervisor, coordinator, may_records, django_assert_num_queries
):
    for user in (supervisor, coordinator):
        scope = figure_scope(user)
        with django_assert_num_queries(3):
            scoped = case_figures(user=scope, **MAY)
        assert scoped == case_figures(user=user, **MAY)
    # The coordinator sees the area: unit B's new client too.
    assert case_figures(user=coordinator, **MAY)["new_clients"] == 2


def test_a_viewer_without_units_counts_nothing(administrator, may_records):
    assert case_figures(user=administrator, **MAY) == {
        "initiations": 0,
        "new_clients": 0,
        "client_plans": 0,
        "support_person_clients": 0,
    }
