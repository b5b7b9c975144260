"""The synthetic data generator (reports/generator/) and the floor of the
benchmark (reports/benchmark_floor.py), on a small scale: the data is
consistent, the registry counts what the generator wrote, the hand-written
SQL gives the registry's figures, and the refusal rules hold."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F

from accounts.models import Area, Role, Unit, User
from assessments.models import AssessmentStatus, ServiceNeedAssessment
from clients.crypto import decrypt_identity_code, identity_code_digest
from clients.identity_code import validate_identity_code
from clients.models import Client, Initiation
from groups.models import Attendance, Enrollment, SessionStatus
from outreach.models import OutreachVisit
from reports import benchmark_floor as floor
from reports.generator import RefusedError, client_count, generate
from reports.generator.organisation import CODE_PREFIX, areas_for

START, END = datetime.date(2017, 1, 1), datetime.date(2019, 12, 31)


@pytest.fixture
def generated(reference_data):
    return generate(scale=0.02, seed=7)


def test_scale_sets_the_clients_and_the_counties():
    assert client_count(1) == 3333
    assert client_count(150) == 500_000
    assert client_count(0.01) == 33
    assert areas_for(0.01) == areas_for(1) == 1
    assert areas_for(10) == 2
    assert areas_for(150) == 21


def test_the_registry_counts_the_clients_the_generator_reports(generated):
    assert generated.clients == client_count(0.02) == Client.objects.count()
    assert generated.rows["clients_client"] == Client.objects.count()
    assert generated.rows["assessments_serviceneedassessment"] == (
        ServiceNeedAssessment.objects.count()
    )
    area = Area.objects.get()
    assert area.name == "Etelä-Savon hyvinvointialue"
    assert area.code.startswith(CODE_PREFIX)
    viewer = floor.area_viewer(area)
    counted = sum(row["client_count"] for row in floor.client_count_by_unit(user=viewer))
    assert counted == generated.clients


def test_generated_records_are_consistent(generated):
    # Every assessment's client and initiation exist and belong together.
    assessments = ServiceNeedAssessment.objects.all()
    assert assessments.exists()
    assert not assessments.exclude(client__in=Client.objects.all()).exists()
    assert not assessments.exclude(initiation__client=F("client")).exists()
    completed = assessments.filter(status=AssessmentStatus.COMPLETED)
    assert completed.exists()
    # The snapshot at completion is the client's.
    assert not completed.exclude(unit_at_completion=F("client__unit")).exists()
    assert not completed.exclude(sex_at_completion=F("client__sex")).exists()
    assert not completed.filter(completed_on__lt=F("started_on")).exists()
    assert not assessments.filter(started_on__lt=F("initiation__initiated_on")).exists()
    assert not completed.filter(completed_on__gt=END).exists()
    # The code lists: the analysis counts mentions of every completed one.
    assert ServiceNeedAssessment.support_needs.through.objects.count() >= completed.count()
    # Statutory limits where the law sets them: aged 75 or over on the day.
    for initiation in Initiation.objects.select_related("client"):
        aged = initiation.client.age_on(initiation.initiated_on) >= 75
        if aged or initiation.client.highest_care_allowance:
            assert initiation.assessment_start_due_on > initiation.initiated_on
        else:
            assert initiation.assessment_start_due_on is None
    # Groups: members of the group's unit; attendance at held sessions only.
    assert Enrollment.objects.exists()
    assert not Enrollment.objects.exclude(client__unit=F("group__unit")).exists()
    assert not Attendance.objects.exclude(session__status=SessionStatus.HELD).exists()
    assert not Attendance.objects.exclude(session__group=F("enrollment__group")).exists()
    assert not OutreachVisit.objects.filter(new_contacts__gt=F("people_met")).exists()
    # Staff of every unit: workers with titles and a supervisor.
    for unit in Unit.objects.all():
        assert unit.members.filter(role=Role.WORKER).exclude(title="").count() >= 3
        assert unit.members.filter(role=Role.SUPERVISOR).exists()
    assert User.objects.filter(role=Role.COORDINATOR).count() == 1


def test_identity_codes_are_valid_temporary_codes(generated):
    clients = Client.objects.exclude(identity_code_token="")
    assert clients.count() == generated.clients
    codes = set()
    for client in clients:
        code = decrypt_identity_code(client.identity_code_token)
        validate_identity_code(code)
        assert 900 <= int(code[7:10]) <= 999
        assert code[:6] == client.date_of_birth.strftime("%d%m%y")
        assert client.identity_code_digest == identity_code_digest(code)
        codes.add(code)
    assert len(codes) == clients.count()


class _Rollback(Exception):
    pass


def _generated_rows(seed):
    """What a run writes (less the randomised tokens), then rolled back."""
    try:
        with transaction.atomic():
            generate(scale=0.01, seed=seed)
            rows = (
                list(Client.objects.order_by("client_number").values_list(
                    "client_number", "first_name", "last_name", "date_of_birth", "sex",
                    "unit__code", "identity_code_digest")),
                list(ServiceNeedAssessment.objects.order_by("pk").values_list(
                    "client__client_number", "status", "started_on", "completed_on",
                    "education__code")),
                list(Attendance.objects.order_by("pk").values_list(
                    "enrollment__client__client_number", "session__date", "present")),
            )  # fmt: skip
            raise _Rollback
    except _Rollback:
        return rows


def test_the_same_seed_gives_the_same_data(reference_data):
    first = _generated_rows(3)
    assert first == _generated_rows(3)
    assert first != _generated_rows(4)


def test_floor_equals_the_registry_on_generated_data(generated):
    area = Area.objects.get()
    viewer = floor.area_viewer(area)
    units = floor.viewer_units(viewer)
    unit = Unit.objects.order_by("pk").first()
    month = floor.month_of(datetime.date(2019, 10, 1))

    for start, end in [month, (START, END)]:
        portal = floor.monthly_portal(user=viewer, start=start, end=end, unit_ids=[unit.pk])
        floor_figures = floor.monthly_floor(
            unit_ids=[unit.pk], area_ids=[area.pk], start=start, end=end
        )
        assert floor.differences(portal, floor_figures) == []
        national = floor.national_monthly_portal(start=start, end=end)
        assert (
            floor.differences(
                national,
                floor.monthly_floor(unit_ids=None, area_ids=[area.pk], start=start, end=end),
            )
            == []
        )
    whole = floor.monthly_portal(user=viewer, start=START, end=END)
    assert whole["assessments_completed"] > 0
    assert whole["group_participants"] > 0
    assert whole["outreach_visits"] > 0

    today = datetime.date(2020, 1, 15)
    dashboard = floor.dashboard_portal(user=viewer, start=START, end=END, today=today)
    assert dashboard["trends"] and dashboard["compliance"]
    assert (
        floor.differences(
            dashboard, floor.dashboard_floor(unit_ids=units, start=START, end=END, today=today)
        )
        == []
    )

    analysed = floor.analysis_portal(user=viewer, start=START, end=END)
    assert analysed["total"] > 0
    assert (
        floor.differences(analysed, floor.analysis_floor(unit_ids=units, start=START, end=END))
        == []
    )


def test_the_floor_notices_a_difference(generated):
    area = Area.objects.get()
    viewer = floor.area_viewer(area)
    before = floor.monthly_portal(user=viewer, start=START, end=END)
    OutreachVisit.objects.filter(pk=OutreachVisit.objects.order_by("pk").first().pk).update(
        people_met=F("people_met") + 1
    )
    after = floor.monthly_floor(unit_ids=None, area_ids=[area.pk], start=START, end=END)
    assert floor.differences(before, after) == [
        f"outreach_people_met: portal {before['outreach_people_met']!r} ≠ floor "
        f"{before['outreach_people_met'] + 1!r}"
    ]


def test_the_benchmark_runs_and_checks_its_floors(generated):
    out = io.StringIO()
    call_command(
        "benchmark", runs=1, heavy_runs=1, skip_final_report=True, stdout=out, stderr=io.StringIO()
    )
    table = out.getvalue()
    for target in ("supervisor dashboard", "coordinator dashboard",
                   "supervisor, year in progress", "coordinator, year in progress",
                   "monthly set, one unit", "monthly set, national", "analysis page"):  # fmt: skip
        line = next(line for line in table.splitlines() if line.startswith(target))
        assert "MET" in line or "GAP" in line


# --- Refusals -------------------------------------------------------------------


def test_the_command_refuses_without_demo_data_allowed(settings, reference_data):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="DEMO_DATA_ALLOWED"):
        call_command("generate_data", scale=0.01, stdout=io.StringIO())
    assert not Client.objects.exists()


def test_the_command_refuses_a_database_with_data_unless_appending(
    settings, reference_data, client_of_a
):
    settings.DEMO_DATA_ALLOWED = True
    with pytest.raises(CommandError, match="--append"):
        call_command("generate_data", scale=0.01, stdout=io.StringIO())
    assert Client.objects.count() == 1
    out = io.StringIO()
    call_command("generate_data", scale=0.01, append=True, stdout=out)
    assert "Generated 33 clients" in out.getvalue()
    assert Client.objects.count() == 34
    assert Client.objects.filter(pk=client_of_a.pk).exists()


def test_a_second_run_is_refused_even_when_appending(generated):
    with pytest.raises(RefusedError, match="already holds generated data"):
        generate(scale=0.01, append=True)
    assert Client.objects.count() == generated.clients


def test_the_command_refuses_a_scale_of_zero(settings, reference_data):
    settings.DEMO_DATA_ALLOWED = True
    with pytest.raises(CommandError, match="above zero"):
        call_command("generate_data", scale=0, stdout=io.StringIO())
