"""The ESF participant indicators page and the registry's ESF set on the
demo data: who may see them, what they show, and disclosure control."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.disclosure import SUPPRESSED
from accounts.models import User
from groups.esf import ESF_INDICATORS, LabourMarketStatus
from groups.tests.factories import FunctionalGroupFactory
from groups.tests.test_esf_indicators import participant

pytestmark = pytest.mark.django_db

URL = "reports:esf"


@pytest.fixture
def demo(settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=StringIO())


def test_access(client, alice, supervisor, coordinator):
    url = reverse(URL)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(alice)
    assert client.get(url).status_code == 403  # a worker sees no figures pages
    for user in (supervisor, coordinator):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_the_demo_projects_participants_by_gender(demo):
    out = StringIO()
    call_command(
        "indicators",
        "--from",
        "2018-02-01",
        "--to",
        "2019-12-31",
        "--set",
        "esf",
        "--json",
        stdout=out,
    )
    figures = json.loads(out.getvalue())
    # Every demo participant took part in one group: the 45 of the seed, once each.
    assert figures["esf_participants"] == 45
    assert (
        figures["esf_participants_women"]
        + figures["esf_participants_men"]
        + figures["esf_participants_other"]
        == 45
    )
    assert figures["esf_unemployed"] >= figures["esf_long_term_unemployed"] > 0


def test_the_page_shows_every_indicator_in_total_and_by_gender(client, demo):
    client.force_login(User.objects.get(username="esihenkilo"))
    response = client.get(reverse(URL), {"alku": "2018-02-01", "loppu": "2019-12-31"})
    rows = response.context["rows"]
    assert len(rows) == len(ESF_INDICATORS)
    participants = rows[0]
    assert participants["total"] == sum(participants["parts"])
    assert '<th scope="row"' in response.content.decode()


def test_a_period_that_ends_before_it_starts_gets_a_finnish_field_error(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse(URL), {"alku": "2019-12-31", "loppu": "2019-01-01"})
    assert response.status_code == 200
    assert "rows" not in response.context
    assert response.context["form"].errors["loppu"] == ["Jakson loppu on ennen sen alkua."]


def test_small_cells_are_hidden_from_a_coordinator_outside_the_unit(
    client, unit_a, unit_b, supervisor, coordinator
):
    group = FunctionalGroupFactory(unit=unit_b)
    for _ in range(6):
        participant(group, labour_market_status=LabourMarketStatus.UNEMPLOYED)
    participant(group, sex="male", labour_market_status=LabourMarketStatus.UNEMPLOYED)
    period = {"alku": "2019-01-01", "loppu": "2019-12-31"}

    client.force_login(coordinator)  # works in unit A, sees the whole area's figures
    unemployed = client.get(reverse(URL), period).context["rows"][1]
    assert unemployed["total"] == 7
    # One man: hidden, and so is the women's cell it could be worked out from.
    assert unemployed["parts"][1] == SUPPRESSED
    assert SUPPRESSED in (unemployed["parts"][0], unemployed["parts"][2])
