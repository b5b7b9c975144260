"""The demo's assessments reproduce the project's published analysis.

DOMAIN.md, "Analysis of the service-need assessments": the figures are
computed here from the database with the ORM, over the assessments completed
in 2019, and compared as the report rounds them (whole per cents, whole
years).  Definitions: without vocational education = education 0, 1 or 2;
unemployed = labour-market status 1; no health problem = illness 0 only.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone

from accounts.models import Role, ServiceLine, User
from assessments import selectors
from assessments.models import Measurement, ServiceNeedAssessment
from clients.crypto import decrypt_identity_code
from clients.identity_code import parse_identity_code
from clients.models import Client, ClientPlan, Initiation, SupportPersonService

pytestmark = pytest.mark.django_db

NO_VOCATIONAL = Q(education__code__in=["0", "1", "2"])
UNEMPLOYED = Q(labour_market_status__code="1")


@pytest.fixture
def demo(settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())


def pct(part: int, whole: int) -> int:
    return round(100 * part / whole)


def has_illness(*codes):
    return Exists(
        ServiceNeedAssessment.illnesses.through.objects.filter(
            serviceneedassessment=OuterRef("pk"), code__code__in=codes
        )
    )


def completed_in(year: int):
    return ServiceNeedAssessment.objects.filter(status="completed", completed_on__year=year)


def figures(queryset) -> dict:
    return queryset.aggregate(
        n=Count("pk"),
        men=Count("pk", filter=Q(sex_at_completion="male")),
        women=Count("pk", filter=Q(sex_at_completion="female")),
        age=Avg("age_at_completion"),
        youngest=Min("age_at_completion"),
        oldest=Max("age_at_completion"),
        no_vocational=Count("pk", filter=NO_VOCATIONAL),
        basic_only=Count("pk", filter=Q(education__code="1")),
        unemployed=Count("pk", filter=UNEMPLOYED),
        pension=Count("pk", filter=Q(labour_market_status__code="2")),
        substance=Count("pk", filter=has_illness("1")),
        mental=Count("pk", filter=has_illness("2")),
        # No health problem: "no illness" is the only code given.
        healthy=Count("pk", filter=has_illness("0") & ~has_illness("1", "2", "3")),
    )


def test_assessment_counts_doubled_from_2017_to_2019(demo):
    assert 145 <= completed_in(2017).count() <= 155
    assert completed_in(2019).count() == 326
    assert not completed_in(2019).filter(completed_on__gt=datetime.date(2019, 12, 17)).exists()


def test_2019_sex_and_age_match_the_report(demo):
    assessments = completed_in(2019)
    total = figures(assessments)
    assert pct(total["men"], total["n"]) == 66
    assert pct(total["women"], total["n"]) == 34
    assert round(total["age"]) == 43
    assert (total["youngest"], total["oldest"]) == (18, 86)

    lines = {
        row["unit_at_completion__service_line"]: row
        for row in assessments.values("unit_at_completion__service_line").annotate(
            n=Count("pk"),
            women=Count("pk", filter=Q(sex_at_completion="female")),
            age=Avg("age_at_completion"),
        )
    }
    adult = lines[ServiceLine.ADULT_SOCIAL_WORK]
    mhsa = lines[ServiceLine.MENTAL_HEALTH_SUBSTANCE_ABUSE]
    assert pct(adult["women"], adult["n"]) == 38
    assert pct(mhsa["women"], mhsa["n"]) == 29
    assert round(mhsa["age"]) == 40

    units = {
        row["unit_at_completion__code"]: row
        for row in assessments.values("unit_at_completion__code").annotate(
            n=Count("pk"),
            women=Count("pk", filter=Q(sex_at_completion="female")),
            age=Avg("age_at_completion"),
        )
    }
    assert len(units) == 8
    assert pct(units["juva-as"]["women"], units["juva-as"]["n"]) == 75
    for code, row in units.items():
        if code != "juva-as":
            assert 26 <= pct(row["women"], row["n"]) <= 40, code
    assert round(units["puumala-as"]["age"]) == 56
    assert max(units.values(), key=lambda row: row["age"]) is units["puumala-as"]
    assert round(units["mikkeli-as"]["age"]) == 41


def test_2019_education_work_and_health_match_the_report(demo):
    assessments = completed_in(2019)
    total = figures(assessments)
    assert pct(total["no_vocational"], total["n"]) == 45
    assert pct(total["basic_only"], total["n"]) == 42
    assert pct(total["healthy"], total["n"]) == 5

    without = figures(assessments.filter(NO_VOCATIONAL))
    assert round(without["age"]) == 37
    assert pct(without["unemployed"], without["n"]) == 50
    assert pct(without["pension"], without["n"]) == 30
    assert pct(without["healthy"], without["n"]) == 4
    assert pct(without["substance"], without["n"]) == 53
    assert pct(without["mental"], without["n"]) == 52

    young = figures(assessments.filter(age_at_completion__lt=35))
    assert pct(young["no_vocational"], young["n"]) == 55

    unemployed = figures(assessments.filter(UNEMPLOYED))
    assert round(unemployed["age"]) == 38
    assert pct(unemployed["no_vocational"], unemployed["n"]) == 48
    assert pct(unemployed["substance"], unemployed["n"]) == 64
    assert pct(unemployed["mental"], unemployed["n"]) == 46


def test_2019_support_needs_match_the_report(demo):
    selections = ServiceNeedAssessment.support_needs.through.objects.filter(
        serviceneedassessment__in=completed_in(2019)
    )
    assert selections.count() == 855
    ranking = selections.values("code__code").annotate(n=Count("pk")).order_by("-n")
    assert {row["code__code"] for row in ranking[:2]} == {"8", "3"}
    assert set(selections.values_list("code__code_list__key", flat=True)) == {"support_need"}


def test_completed_assessments_are_consistent_with_their_clients(demo):
    assessments = ServiceNeedAssessment.objects.filter(status="completed").select_related(
        "client", "started_by", "completed_by"
    )
    members = {
        (unit_id, user_id)
        for user_id, unit_id in User.units.through.objects.values_list("user_id", "unit_id")
    }
    for assessment in assessments:
        client = assessment.client
        assert assessment.started_on <= assessment.completed_on
        assert assessment.age_at_completion == client.age_on(assessment.completed_on)
        assert assessment.sex_at_completion == client.sex
        assert assessment.unit_at_completion_id == client.unit_id
        assert assessment.municipality_at_completion_id == client.municipality_id
        for worker in (assessment.started_by, assessment.completed_by):
            assert worker.role == Role.WORKER
            assert (client.unit_id, worker.pk) in members
    for field in ServiceNeedAssessment.CODE_FIELDS:
        assert not assessments.filter(**{f"{field}__isnull": True}).exists(), field
    for field, list_key in ServiceNeedAssessment.MULTI_CODE_FIELDS.items():
        assert not assessments.filter(**{f"{field}__isnull": True}).exists(), field
        through = getattr(ServiceNeedAssessment, field).through
        assert set(through.objects.values_list("code__code_list__key", flat=True)) == {list_key}


def test_demo_loads_idempotently_with_temporary_identity_codes(demo, settings):
    models = (Client, Initiation, ServiceNeedAssessment, ClientPlan, Measurement, User)
    before = {model.__name__: model.objects.count() for model in models}
    before["support persons"] = SupportPersonService.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    after = {model.__name__: model.objects.count() for model in models}
    after["support persons"] = SupportPersonService.objects.count()
    assert after == before

    tokens = Client.objects.filter(client_number__startswith="D").values_list(
        "client_number", "identity_code_token", "date_of_birth"
    )
    assert len(tokens) > 600
    for number, token, born in tokens:
        code = parse_identity_code(decrypt_identity_code(token))
        assert 900 <= code.individual_number <= 999, number
        assert code.date_of_birth == born, number


def test_demo_has_measures_support_persons_and_running_deadlines(demo):
    counts = dict(
        Measurement.objects.values_list("measure__code").annotate(n=Count("pk")).order_by()
    )
    assert 28 <= counts["kykyviisari"] <= 32
    assert counts["esy"] >= 2 and counts["ahm"] >= 2
    repeated = (
        Measurement.objects.filter(measure__code="kykyviisari")
        .values("client")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
    )
    assert repeated.count() >= 10

    services = SupportPersonService.objects.all()
    assert services.count() == 5
    for service in services:
        assert service.starts_on.year == service.ends_on.year == 2019
        assert 3 <= (service.ends_on - service.starts_on).days // 30 <= 6

    today = timezone.localdate()
    juva = User.objects.get(username="juva.tyontekija")
    assert selectors.deadline_counts(user=juva, today=today)["due_soon"] >= 1
    worker = User.objects.get(username="sosiaalityontekija")
    assert selectors.deadline_counts(user=worker, today=today)["overdue"] >= 1

    supervisor = User.objects.get(username="esihenkilo")
    compliance = selectors.statutory_compliance(
        user=supervisor,
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 12, 31),
        today=today,
    )
    assert sum(row["on_time"] for row in compliance) > sum(row["late"] for row in compliance) > 0
