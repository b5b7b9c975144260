"""The indicator registry: the seed's nutshell from the demo data through the
command, the JSON endpoint's access rules, narrowing to units, and a bounded
number of queries."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import Unit, User
from reports import indicators

pytestmark = pytest.mark.django_db

SEED_NUTSHELL = {
    "groups": 7,
    "group_participants": 45,
    "group_sessions": 60,
    "developer_client_meetings": 3,
    "popup_events": 11,
    "outreach_visits": 95,
    "outreach_people_met": 392,
    "trainings": 4,
    "training_days": 8,
    "workshops": 6,
    "measures_trialled": 3,
    "satisfaction_respondents": 100,
    "satisfaction_mean": 4.2,
}


@pytest.fixture
def demo(settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=StringIO())


def run_command(*args) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_the_command_gives_the_seeds_nutshell_from_the_demo(demo):
    figures = json.loads(
        run_command("--from", "2018-02-01", "--to", "2019-12-31", "--json", "--set", "nutshell")
    )
    assert {code: figures[code] for code in SEED_NUTSHELL} == SEED_NUTSHELL
    assert figures["followers"] > 200


def test_calendar_years_give_the_seeds_assessment_counts(demo):
    def completed(year):
        figures = json.loads(
            run_command("--from", f"{year}-01-01", "--to", f"{year}-12-31", "--json")
        )
        return figures["assessments_completed"]

    assert 145 <= completed(2017) <= 155
    assert completed(2019) == 326


def test_narrowing_to_a_unit_changes_unit_figures_not_area_ones(demo):
    area_wide = json.loads(run_command("--from", "2018-02-01", "--to", "2019-12-31", "--json"))
    juva = json.loads(
        run_command("--from", "2018-02-01", "--to", "2019-12-31", "--unit", "juva-as", "--json")
    )
    assert juva["assessments_completed"] < area_wide["assessments_completed"]
    assert juva["workshops"] == area_wide["workshops"] == 6


def test_the_command_refuses_bad_input(demo):
    with pytest.raises(CommandError):
        run_command("--from", "2019-12-31", "--to", "2019-01-01")
    with pytest.raises(CommandError):
        run_command("--from", "2019-01-01", "--to", "2019-12-31", "--unit", "ei-ole")


def test_every_indicator_has_a_label_definition_and_source():
    for indicator in indicators.INDICATORS:
        assert indicator.label and indicator.definition
        assert indicator.source in indicators.SOURCES
    assert len(indicators.REGISTRY) == len(indicators.INDICATORS)


def test_one_unit_month_runs_in_a_bounded_number_of_queries(demo, django_assert_max_num_queries):
    user = User.objects.get(username="koordinaattori")
    unit = Unit.objects.get(code="mikkeli-as")
    with django_assert_max_num_queries(20):
        figures = indicators.compute(
            user=user,
            start=datetime.date(2019, 3, 1),
            end=datetime.date(2019, 3, 31),
            unit_ids=[unit.pk],
        )
    assert set(figures) == set(indicators.REGISTRY)


def test_json_endpoint_access(client, alice, supervisor, coordinator, unit_b):
    url = reverse("reports:indicators_json")
    period = {"alku": "2019-01-01", "loppu": "2019-12-31"}
    assert client.get(url, period).status_code == 302  # anonymous: to the login page
    client.force_login(alice)
    assert client.get(url, period).status_code == 403  # a worker
    client.force_login(supervisor)
    response = client.get(url, period)
    assert response.status_code == 200
    assert set(response.json()["figures"]) == set(indicators.REGISTRY)
    assert client.get(url, {**period, "yksikko": unit_b.code}).status_code == 404
    assert client.get(url, {"alku": "x", "loppu": "2019-12-31"}).status_code == 400
    client.force_login(coordinator)
    assert client.get(url, {**period, "yksikko": unit_b.code}).status_code == 200


def test_dashboard_shows_trends_and_unit_comparison_of_the_demo(client, demo):
    supervisor = User.objects.get(username="esihenkilo")
    client.force_login(supervisor)
    response = client.get(reverse("reports:dashboard"), {"vuosi": "2019"})
    assert response.status_code == 200
    trends = response.context["trends"]
    assert len(trends) == 12
    assert sum(row["assessments_completed"] for row in trends) == sum(
        row["assessments_completed"] for row in response.context["comparison"]
    )
    assert b'<svg class="chart chart-wide"' in response.content
    narrowed = client.get(reverse("reports:dashboard"), {"vuosi": "2019", "yksikko": "mikkeli-as"})
    assert [row["unit"] for row in narrowed.context["comparison"]] == ["Mikkelin aikuissosiaalityö"]


def test_json_figures_leave_the_unit_only_through_disclosure_control(
    client, supervisor, coordinator, unit_a, unit_b, alice, client_of_a
):
    from clients import services as client_services
    from clients.models import InitiationChannel

    client_services.initiation_record(
        client=client_of_a,
        by=alice,
        initiated_on=datetime.date(2019, 5, 2),
        channel=InitiationChannel.OWN_CONTACT,
    )
    url = reverse("reports:indicators_json")
    period = {"alku": "2019-01-01", "loppu": "2019-12-31"}
    client.force_login(supervisor)  # own unit, on screen: the true small count
    assert client.get(url, period).json()["figures"]["initiations"] == 1
    client.force_login(coordinator)  # the area, unit B included: a count under 5 is hidden
    figures = client.get(url, period).json()["figures"]
    assert figures["initiations"] == "<5"
    assert figures["outreach_visits"] == 0  # a true zero reveals nobody


def test_dashboard_hides_small_counts_from_a_coordinator_only(
    client, supervisor, coordinator, unit_b, alice, client_of_a
):
    from clients import services as client_services
    from clients.models import InitiationChannel

    client_of_a.date_of_birth = datetime.date(1940, 1, 1)
    client_of_a.save()
    client_services.initiation_record(
        client=client_of_a,
        by=alice,
        initiated_on=datetime.date(2019, 5, 2),
        channel=InitiationChannel.OWN_CONTACT,
    )
    url = reverse("reports:dashboard")
    client.force_login(supervisor)
    [row] = client.get(url, {"vuosi": "2019"}).context["compliance"]
    assert (row["statutory"], row["overdue"]) == (1, 1)
    client.force_login(coordinator)
    [row] = client.get(url, {"vuosi": "2019"}).context["compliance"]
    assert str(row["statutory"]) == "<5" and str(row["overdue"]) == "<5"
    assert row["on_time"] == 0  # a true zero is shown


def test_observations_opened_and_closed_in_the_demo(demo):
    figures = json.loads(
        run_command("--from", "2018-02-01", "--to", "2019-12-31", "--json", "--set", "monthly")
    )
    assert figures["observations_opened"] > 0
    assert 0 < figures["observations_closed"] <= figures["observations_opened"]


def test_print_hides_small_counts_of_people_but_not_of_events(coordinator, unit_a):
    figures = {"group_participants": 3, "trainings": 4, "developer_client_meetings": 3}
    shown = indicators.disclosed(figures, user=coordinator, unit_ids=[unit_a.pk], purpose="print")
    assert str(shown["group_participants"]) == "<5"
    assert (shown["trainings"], shown["developer_client_meetings"]) == (4, 3)
    people = {i.code for i in indicators.INDICATORS if i.counts_people}
    assert {"group_participants", "outreach_people_met", "esf_participants_women"} <= people
    assert not {"trainings", "workshops", "outreach_visits", "followers"} & people
