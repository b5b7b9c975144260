"""The assessment analysis: each figure on a small hand-made data set, and the
seed's 2019 figures on the demo data."""

import datetime

import pytest
from django.core.management import call_command

from accounts.models import Role, ServiceLine, User
from accounts.tests.factories import UnitFactory, UserFactory
from assessments.models import AssessmentStatus, ServiceNeedAssessment
from clients.models import Code
from clients.tests.factories import ClientFactory
from structural import analysis
from structural.analysis import Scope

pytestmark = pytest.mark.django_db

YEAR_2019 = Scope(start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31))


def code(list_key, value):
    return Code.objects.get(code_list__key=list_key, code=value)


def completed(
    unit, worker, *, on, age, sex, education="3", labour="4", illnesses=("2",), needs=("3",)
):
    assessment = ServiceNeedAssessment.objects.create(
        client=ClientFactory(unit=unit),
        started_on=on,
        completed_on=on,
        status=AssessmentStatus.COMPLETED,
        started_by=worker,
        completed_by=worker,
        age_at_completion=age,
        sex_at_completion=sex,
        unit_at_completion=unit,
        education=code("education", education),
        labour_market_status=code("labour_market_status", labour),
    )
    assessment.illnesses.set([code("illness", c) for c in illnesses])
    assessment.support_needs.set([code("support_need", c) for c in needs])
    return assessment


@pytest.fixture
def data(area, unit_a, alice):
    mipa = UnitFactory(
        area=area, name="Mipä", service_line=ServiceLine.MENTAL_HEALTH_SUBSTANCE_ABUSE
    )
    day = datetime.date(2019, 5, 1)
    completed(
        unit_a,
        alice,
        on=day,
        age=30,
        sex="male",
        education="1",
        labour="1",
        illnesses=("1", "2"),
        needs=("3", "8"),
    )
    completed(unit_a, alice, on=day, age=50, sex="female", illnesses=("0",), needs=("1",))
    completed(
        mipa, alice, on=day, age=40, sex="male", education="2", labour="1", needs=("3", "8", "2")
    )
    # Outside the period, and a draft: neither counts.
    completed(unit_a, alice, on=datetime.date(2018, 12, 31), age=99, sex="male")
    ServiceNeedAssessment.objects.create(
        client=ClientFactory(unit=unit_a), started_on=day, started_by=alice
    )
    return mipa


def coordinator_of(area):
    return UserFactory(role=Role.COORDINATOR, area=area)


def test_counts_only_completed_assessments_of_the_period(area, data):
    user = coordinator_of(area)
    assert analysis.assessment_count(user=user, scope=YEAR_2019) == 3


def test_sex_split_overall_by_service_line_and_unit(area, data):
    split = analysis.sex_split(user=coordinator_of(area), scope=YEAR_2019)
    assert {r["sex_at_completion"]: r["count"] for r in split["overall"]} == {
        "male": 2,
        "female": 1,
    }
    by_line = {
        (r["unit_at_completion__service_line"], r["sex_at_completion"]): r["count"]
        for r in split["by_service_line"]
    }
    assert by_line == {("adult", "female"): 1, ("adult", "male"): 1, ("mhsa", "male"): 1}


def test_age_mean_and_range(area, data):
    ages = analysis.age_summary(user=coordinator_of(area), scope=YEAR_2019)["overall"]
    assert ages == {"count": 3, "mean": 40.0, "youngest": 30, "oldest": 50}


def test_mentions_count_every_code_named(area, data):
    user = coordinator_of(area)
    needs = {
        r["code"]: r["count"]
        for r in analysis.mention_distribution(user=user, scope=YEAR_2019, field="support_needs")
    }
    assert needs == {"1": 1, "2": 1, "3": 2, "8": 2}
    assert analysis.mention_total(user=user, scope=YEAR_2019, field="support_needs") == 6
    assert analysis.without_health_problem(user=user, scope=YEAR_2019) == 1


def test_subgroups_narrow_every_figure(area, data):
    user = coordinator_of(area)
    scope = Scope(YEAR_2019.start, YEAR_2019.end, subgroup="without_vocational_education")
    assert analysis.assessment_count(user=user, scope=scope) == 2
    unemployed = Scope(YEAR_2019.start, YEAR_2019.end, subgroup="unemployed")
    assert analysis.age_summary(user=user, scope=unemployed)["overall"]["mean"] == 35.0
    education = analysis.code_distribution(user=user, scope=YEAR_2019, field="education")
    assert [(r["code"], r["count"]) for r in education] == [("1", 1), ("2", 1), ("3", 1)]


def test_a_worker_sees_figures_of_own_units_only(alice, bob, data):
    assert analysis.assessment_count(user=alice, scope=YEAR_2019) == 2
    assert analysis.assessment_count(user=bob, scope=YEAR_2019) == 0


def test_the_demo_gives_the_seeds_2019_analysis(settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo")
    user = User.objects.get(username="koordinaattori")
    assert analysis.assessment_count(user=user, scope=YEAR_2019) == 326
    split = {
        r["sex_at_completion"]: r["count"]
        for r in analysis.sex_split(user=user, scope=YEAR_2019)["overall"]
    }
    assert round(100 * split["male"] / 326) == 66
    ages = analysis.age_summary(user=user, scope=YEAR_2019)["overall"]
    assert (round(ages["mean"]), ages["youngest"], ages["oldest"]) == (43, 18, 86)
    assert analysis.mention_total(user=user, scope=YEAR_2019, field="support_needs") == 855
    without = Scope(YEAR_2019.start, YEAR_2019.end, subgroup="without_vocational_education")
    assert round(100 * analysis.assessment_count(user=user, scope=without) / 326) == 45
    assert round(100 * analysis.without_health_problem(user=user, scope=YEAR_2019) / 326) == 5
