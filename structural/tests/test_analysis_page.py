"""The analysis page: who may open it, and disclosure control of its figures."""

import datetime

import pytest
from django.urls import reverse

from accounts.disclosure import is_suppressed
from accounts.models import Role
from accounts.tests.factories import UserFactory
from structural.tests.test_analysis import completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_assessments(unit_a, alice):
    day = datetime.date(2019, 5, 1)
    for age in (30, 40, 50):
        completed(unit_a, alice, on=day, age=age, sex="male")


def page(client, **params):
    return client.get(
        reverse("structural:analysis"), {"alku": "2019-01-01", "loppu": "2019-12-31", **params}
    )


def test_access(client, alice, supervisor):
    assert page(client).status_code == 302
    client.force_login(alice)
    assert page(client).status_code == 403
    client.force_login(supervisor)
    assert page(client).status_code == 200


def test_a_supervisor_sees_small_counts_of_own_units(client, supervisor, three_assessments):
    client.force_login(supervisor)
    report = page(client).context["report"]
    assert report["total"] == 3 and not report["suppressed"]
    assert report["age_overall"]["mean"] == 40.0


def test_a_coordinator_sees_small_counts_suppressed(client, area, three_assessments):
    client.force_login(UserFactory(role=Role.COORDINATOR, area=area))
    response = page(client)
    report = response.context["report"]
    assert report["suppressed"] and is_suppressed(report["total"])
    assert is_suppressed(report["age_overall"]["mean"])
    assert is_suppressed(report["age_overall"]["oldest"])
    assert "&lt;5" in response.content.decode()


def test_the_export_hides_small_counts_even_for_the_supervisor(
    client, supervisor, three_assessments
):
    client.force_login(supervisor)
    response = client.get(
        reverse("structural:analysis_export"), {"alku": "2019-01-01", "loppu": "2019-12-31"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[1].endswith(";<5")
    assert ";3" not in response.content.decode()
