import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.identity_code import compute_check_character
from structural import services
from structural.models import Observation, ObservationFollowUp, ObservationStatus
from structural.selectors_observations import observation_overview
from structural.tests.factories import ObservationFactory, theme

pytestmark = pytest.mark.django_db


def identity_code(ddmmyy="010190", sign="-", number="999") -> str:
    """A valid temporary identity code (individual number 900-999)."""
    return f"{ddmmyy}{sign}{number}{compute_check_character(ddmmyy, number)}"


def observation_data(**overrides):
    return {
        "title": "Asunnottomuus keskustassa",
        "theme": theme("2").pk,
        "description": "Yhä useampi asiakas on ilman vakituista asuntoa.",
        "municipality": "",
        "unit": "",
        "clients_concerned": "4",
        "recorded_on": "2019-03-01",
        **overrides,
    }


# --- Client identities in the texts ------------------------------------------


@pytest.mark.parametrize(
    "code",
    [identity_code(), identity_code("010105", "A", "902"), identity_code("010105", "A").lower()],
)
def test_identity_codes_are_found_in_text(code):
    assert services.identity_codes_in(f"Asiakas ({code}) kävi.") == [code]


def test_an_invalid_check_character_is_not_an_identity_code():
    code = identity_code()
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert services.identity_codes_in(f"Numero {wrong} ei ole tunnus.") == []


@pytest.mark.parametrize("field", ["title", "description"])
def test_an_identity_code_in_an_observation_is_refused_and_nothing_saved(client, alice, field):
    client.force_login(alice)
    code = identity_code("150585", "-", "931").lower()
    data = observation_data(**{field: f"Asiakas {code} on vailla asuntoa"})
    response = client.post(reverse("structural:observation_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[field][0] == str(services.IDENTITY_CODE_MESSAGE)
    assert code not in errors[field][0]
    assert not Observation.objects.exists()


def test_the_service_refuses_an_identity_code_whoever_calls(alice):
    with pytest.raises(services.ValidationError):
        services.observation_create(
            recorded_by=alice,
            title="Havainto",
            description=f"Tunnus {identity_code()}",
            theme=theme(),
        )
    assert not Observation.objects.exists()


def test_a_follow_up_with_an_identity_code_is_refused(client, alice, observation):
    client.force_login(alice)
    url = reverse("structural:followup_create", args=[observation.pk])
    response = client.post(url, {"on": "2019-03-05", "text": f"Soitin {identity_code()}"})
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not ObservationFollowUp.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tapasin asiakkaan Matti Virtanen torilla.", ["Matti Virtanen"]),
        ("Asiakas Virtanen M. kertoi asunnosta.", ["Virtanen M."]),
        ("Asunnottomuus Mikkelissä kasvaa.", []),  # sentence start: not counted
        ("Asiakkaita on paljon. Kela Mikkeli ei vastaa.", []),
        ("yksinäisyys on yleistä ikääntyvillä", []),
    ],
)
def test_name_like_phrases(text, expected):
    assert services.name_like_phrases(text) == expected


def test_a_name_like_text_needs_the_confirmation(client, alice):
    client.force_login(alice)
    data = observation_data(description="Keskustelin asiakkaan Matti Virtanen kanssa.")
    response = client.post(reverse("structural:observation_create"), data)
    assert response.status_code == 200
    assert "confirm_no_identification" in response.context["form"].errors
    assert "Matti Virtanen" in response.content.decode()
    assert not Observation.objects.exists()

    data["confirm_no_identification"] = "on"
    response = client.post(reverse("structural:observation_create"), data)
    observation = Observation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("structural:observation_detail", args=[observation.pk])
    assert observation.area == alice.area
    assert observation.recorded_by == alice
    assert observation.status == ObservationStatus.RECORDED


def test_an_observation_can_be_edited(client, alice, observation):
    client.force_login(alice)
    url = reverse("structural:observation_update", args=[observation.pk])
    response = client.post(url, observation_data(title="Uusi otsikko"))
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.title == "Uusi otsikko"


# --- The workflow ------------------------------------------------------------


def test_the_workflow_steps(client, alice, supervisor, observation):
    from outreach.tests.factories import PartnerOrganisationFactory

    partner = PartnerOrganisationFactory(area=alice.area, name="Mikalo")
    client.force_login(alice)

    def step(name, data):
        url = reverse("structural:observation_step", args=[observation.pk, name])
        return client.post(url, data)

    # The steps go in order: no action before the supervisor is informed.
    response = step(
        "action",
        {
            "action_agreed": "Yhteistyö vuokranantajan kanssa.",
            "responsible": supervisor.pk,
            "action_agreed_on": "2019-03-20",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    observation.refresh_from_db()
    assert observation.action_agreed_on is None

    assert step("raised", {"raised_in_team_on": "2019-03-05"}).status_code == 302
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.RAISED
    assert observation.raised_by == alice

    # Not before the previous step, not in the future.
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    for day in ("2019-03-04", future):
        response = step(
            "supervisor", {"supervisor_informed": supervisor.pk, "supervisor_informed_on": day}
        )
        assert "supervisor_informed_on" in response.context["form"].errors
    response = step(
        "supervisor",
        {"supervisor_informed": supervisor.pk, "supervisor_informed_on": "2019-03-06"},
    )
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.SUPERVISOR_INFORMED
    assert observation.supervisor_informed == supervisor

    response = step(
        "action",
        {
            "action_agreed": "Yhteistyö vuokranantajan kanssa.",
            "partners": [partner.pk],
            "responsible": supervisor.pk,
            "action_agreed_on": "2019-03-20",
        },
    )
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.ACTION_AGREED
    assert list(observation.partners.all()) == [partner]
    assert observation.responsible == supervisor

    response = client.post(
        reverse("structural:followup_create", args=[observation.pk]),
        {"on": "2019-04-20", "text": "Vuokranantaja lupasi yhteyshenkilön."},
    )
    assert response.status_code == 302
    assert observation.follow_ups.get().by == alice

    response = step("close", {"closed_on": "2019-06-01", "outcome": "Toimintamalli sovittu."})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == ObservationStatus.CLOSED
    assert observation.closed_by == alice
    annotated = Observation.objects.with_status().get(pk=observation.pk)
    assert annotated.current_status == ObservationStatus.CLOSED

    detail = client.get(reverse("structural:observation_detail", args=[observation.pk]))
    assert detail.status_code == 200
    assert "Vuokranantaja lupasi yhteyshenkilön." in detail.content.decode()


def test_an_unknown_step_is_404(client, alice, observation):
    client.force_login(alice)
    url = reverse("structural:observation_step", args=[observation.pk, "unknown"])
    assert client.get(url).status_code == 404


# --- Who sees observations ---------------------------------------------------


def observation_urls(observation):
    return [
        reverse("structural:observation_detail", args=[observation.pk]),
        reverse("structural:observation_update", args=[observation.pk]),
        reverse("structural:observation_step", args=[observation.pk, "raised"]),
        reverse("structural:followup_create", args=[observation.pk]),
    ]


def test_every_member_of_staff_of_the_area_sees_an_observation(client, bob, observation):
    """bob works in another unit of the same area: observations are area-wide."""
    client.force_login(bob)
    for url in observation_urls(observation):
        assert client.get(url).status_code == 200
    response = client.get(reverse("structural:observations"))
    assert list(response.context["observations"]) == [observation]


def test_a_user_of_another_area_gets_404(client, carol, observation):
    client.force_login(carol)
    for url in observation_urls(observation):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("structural:observation_step", args=[observation.pk, "raised"]),
        {"raised_in_team_on": "2019-03-05"},
    )
    assert response.status_code == 404
    assert list(client.get(reverse("structural:observations")).context["observations"]) == []


def test_anonymous_is_sent_to_login(client, observation):
    for url in [
        reverse("structural:observations"),
        reverse("structural:overview"),
        reverse("structural:observation_create"),
        *observation_urls(observation),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response.url


def test_an_administrator_gets_403(client, administrator, observation):
    client.force_login(administrator)
    for url in [
        reverse("structural:observations"),
        reverse("structural:overview"),
        reverse("structural:observation_create"),
        *observation_urls(observation),
    ]:
        assert client.get(url).status_code == 403


# --- List and overview -------------------------------------------------------


@pytest.fixture
def observations(area, alice, supervisor, other_area, carol):
    day = datetime.date(2019, 3, 1)
    raised = {"raised_in_team_on": day, "raised_by": alice}
    informed = {**raised, "supervisor_informed": supervisor, "supervisor_informed_on": day}
    return {
        "loneliness_recorded": ObservationFactory(area=area, theme=theme("1"), recorded_by=alice),
        "loneliness_raised": ObservationFactory(
            area=area, theme=theme("1"), recorded_by=alice, **raised
        ),
        "homelessness_raised": ObservationFactory(
            area=area, theme=theme("2"), recorded_by=alice, **raised
        ),
        "homelessness_informed": ObservationFactory(
            area=area, theme=theme("2"), recorded_by=alice, **informed
        ),
        "homelessness_closed": ObservationFactory(
            area=area,
            theme=theme("2"),
            recorded_by=alice,
            closed_on=day,
            recorded_on=datetime.date(2018, 6, 1),
        ),
        "other_area": ObservationFactory(area=other_area, theme=theme("2"), recorded_by=carol),
    }


def test_the_overview_counts_by_theme_and_status(observations, supervisor):
    overview = observation_overview(user=supervisor)
    statuses = [s.value for s in overview.statuses]
    assert statuses == ["recorded", "raised", "supervisor_informed", "action_agreed", "closed"]
    rows = {row.theme.code: row for row in overview.rows}
    assert rows["1"].counts == [1, 1, 0, 0, 0]
    assert rows["2"].counts == [0, 1, 1, 0, 1]  # the other area's is not counted
    assert rows["3"].counts == [0, 0, 0, 0, 0]
    assert overview.column_totals == [1, 2, 1, 0, 1]
    assert overview.total == 5

    in_2019 = observation_overview(user=supervisor, start=datetime.date(2019, 1, 1))
    assert in_2019.total == 4
    only_homelessness = observation_overview(user=supervisor, theme=theme("2"))
    assert only_homelessness.total == 3


def test_the_overview_is_one_query_for_the_counts(
    observations, supervisor, django_assert_num_queries
):
    # One query for the counts, one for the themes of the rows.
    with django_assert_num_queries(2):
        observation_overview(user=supervisor)


def test_the_overview_page(client, observations, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("structural:overview"))
    assert response.status_code == 200
    assert response.context["overview"].total == 5


def test_the_list_filters_by_status_and_theme(client, observations, alice):
    client.force_login(alice)
    url = reverse("structural:observations")
    response = client.get(url, {"status": "raised"})
    assert {o.pk for o in response.context["observations"]} == {
        observations["loneliness_raised"].pk,
        observations["homelessness_raised"].pk,
    }
    response = client.get(url, {"theme": theme("2").pk, "status": "closed"})
    assert [o.pk for o in response.context["observations"]] == [
        observations["homelessness_closed"].pk
    ]


# --- The project's rules, on this app's URLs ---------------------------------
