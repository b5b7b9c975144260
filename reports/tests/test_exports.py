"""Exports of the list pages: scope, formats, formula injection, the access
log, constant queries, and the round trip export → import."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.access_log import AccessAction, AccessLogEntry
from accounts.exports import Column, csv_bytes, neutralise, table, xlsx_bytes
from accounts.tests.factories import MunicipalityFactory, UserFactory
from clients.models import Client
from clients.tests.factories import ClientFactory
from groups.models import FunctionalGroup, GroupSession
from groups.tests.factories import FunctionalGroupFactory
from outreach.models import OutreachVisit
from outreach.tests.factories import OutreachVisitFactory, PartnerOrganisationFactory
from reports.models import ImportKind
from reports.transfer.base import run_import
from reports.transfer.importers import importer_for


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def visits(area, unit_a, unit_b, coordinator):
    mikkeli = MunicipalityFactory(area=area, code="491")
    unit_a.municipalities.add(mikkeli)
    partner = PartnerOrganisationFactory(area=area, name="Mielenmaja ry")
    own = [
        OutreachVisitFactory(
            unit=unit_a,
            municipality=mikkeli,
            date=datetime.date(2019, 3, day),
            people_met=day,
            new_contacts=1,
            recorded_by=coordinator,
            workers=[coordinator],
            partners=[partner],
            notes='=HYPERLINK("http://x")' if day == 2 else "",
        )
        for day in (1, 2, 3)
    ]
    other = OutreachVisitFactory(unit=unit_b, municipality=mikkeli, recorded_by=coordinator)
    return own, other


# --- The generic part ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_cells_get_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


def test_other_cells_and_real_numbers_are_left_alone():
    assert neutralise("Mikkeli") == "Mikkeli"
    rows = list(
        table(
            [{"n": -5, "d": datetime.date(2019, 3, 1)}],
            [Column("n", "n", lambda r: r["n"]), Column("d", "d", lambda r: r["d"])],
        )
    )
    assert rows[1] == [-5, datetime.date(2019, 3, 1)]


def test_xlsx_has_real_date_and_number_cells_and_neutralised_text():
    data = xlsx_bytes([["a", "b", "c"], [datetime.date(2019, 3, 1), 12, "'=1+1"]], title="t")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].is_date and sheet["A2"].value.date() == datetime.date(2019, 3, 1)
    assert sheet["B2"].value == 12 and sheet["B2"].data_type == "n"
    assert sheet["C2"].data_type == "s" and sheet["C2"].value == "'=1+1"


def test_csv_is_utf8_with_bom_and_semicolons():
    assert csv_bytes([["ä", datetime.date(2019, 3, 1)]]) == "\ufeffä;2019-03-01\r\n".encode()


# --- A list page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_visit_export_has_the_rows_of_the_page_and_no_more(client, coordinator, visits):
    client.force_login(coordinator)
    url = reverse("outreach:list")
    page = client.get(url)
    assert "muoto=csv" in page.content.decode()
    rows = read_csv(client.get(url, {"muoto": "csv"}))
    assert len(rows) == 1 + 3  # unit B's visit is outside the coordinator's units
    # The filter of the page applies.
    filtered = read_csv(
        client.get(url, {"muoto": "csv", "alku": "2019-03-02", "loppu": "2019-03-31"})
    )
    assert len(filtered) in (3, 4)
    injected = [row for row in rows if any(cell.startswith("'=") for cell in row)]
    assert len(injected) == 1


@pytest.mark.django_db
def test_export_file_name_has_no_personal_data(client, coordinator, visits):
    client.force_login(coordinator)
    response = client.get(reverse("outreach:list"), {"muoto": "xlsx"})
    assert response["Content-Disposition"].startswith('attachment; filename="jalkautumiset-')
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 4


@pytest.mark.django_db
def test_an_unknown_format_is_not_found(client, coordinator, visits):
    client.force_login(coordinator)
    assert client.get(reverse("outreach:list"), {"muoto": "pdf"}).status_code == 404


@pytest.mark.django_db
def test_export_runs_a_constant_number_of_queries(
    client, coordinator, visits, django_assert_max_num_queries, area, unit_a
):
    client.force_login(coordinator)
    url = reverse("outreach:list")
    with django_assert_max_num_queries(12) as few:
        client.get(url, {"muoto": "csv"})
    for day in range(10, 25):
        OutreachVisitFactory(
            unit=unit_a,
            municipality=visits[0][0].municipality,
            date=datetime.date(2019, 4, day),
            recorded_by=coordinator,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"muoto": "csv"})


@pytest.mark.django_db
def test_anonymous_and_other_roles(client, administrator, visits):
    url = reverse("outreach:list")
    assert client.get(url, {"muoto": "csv"}).status_code == 302
    client.force_login(administrator)
    assert client.get(url, {"muoto": "csv"}).status_code == 403


# --- Client data ------------------------------------------------------------------------


@pytest.mark.django_db
def test_client_export_writes_the_access_log_for_every_client(client, alice, unit_a, client_of_b):
    mine = [ClientFactory(unit=unit_a, responsible_worker=alice) for _ in range(3)]
    client.force_login(alice)
    before = AccessLogEntry.objects.count()
    rows = read_csv(client.get(reverse("clients:list"), {"muoto": "csv"}))
    assert {row[0] for row in rows[1:]} == {c.client_number for c in mine}
    logged = AccessLogEntry.objects.filter(action=AccessAction.EXPORT)
    assert AccessLogEntry.objects.count() - before == 3
    assert set(logged.values_list("client_id", flat=True)) == {c.pk for c in mine}
    # The identity code is never exported.
    assert (
        "identity" not in " ".join(rows[0]).lower()
        and "henkilötunnus" not in " ".join(rows[0]).lower()
    )


@pytest.mark.django_db
def test_group_tables_export_within_scope(client, alice, bob, unit_a, area):
    group = FunctionalGroupFactory(
        unit=unit_a, municipality=MunicipalityFactory(area=area), code="SK-9"
    )
    GroupSession.objects.create(group=group, date=datetime.date(2019, 2, 4), duration_minutes=90)
    url = reverse("groups:sessions_export", args=[group.pk])
    client.force_login(bob)
    assert client.get(url, {"muoto": "csv"}).status_code == 404
    client.force_login(alice)
    rows = read_csv(client.get(url, {"muoto": "csv"}))
    assert rows[1][:2] == ["SK-9", "2019-02-04"]


# --- Round trip ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_visits_export_then_import_gives_the_same_data(client, coordinator, visits, fmt):
    def snapshot():
        return sorted(
            (
                v.date,
                v.kind,
                v.unit_id,
                v.municipality_id,
                v.place,
                v.people_met,
                v.new_contacts,
                v.notes,
                tuple(sorted(p.pk for p in v.partners.all())),
                tuple(sorted(w.pk for w in v.workers.all())),
            )
            for v in OutreachVisit.objects.restrict(coordinator)
        )

    client.force_login(coordinator)
    before = snapshot()
    data = client.get(reverse("outreach:list"), {"muoto": fmt}).content
    OutreachVisit.objects.restrict(coordinator).delete()
    with translation.override("fi"):
        result = run_import(
            importer_for(ImportKind.OUTREACH_VISITS, user=coordinator),
            data=data,
            filename=f"x.{fmt}",
        )
    assert result.errors == []
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_clients_and_groups_export_then_import_give_the_same_data(
    client, coordinator, area, unit_a, fmt
):
    mikkeli = MunicipalityFactory(area=area, code="491")
    worker = UserFactory(username="tyontekija", area=area, units=[unit_a])
    for n in range(3):
        ClientFactory(
            unit=unit_a,
            responsible_worker=worker,
            municipality=mikkeli,
            first_name=f"=Etu{n}",
            date_of_birth=datetime.date(1980, 1, 1 + n),
            sex="female",
            phone="+358 40 1",
            highest_care_allowance=n == 1,
            postal_code="50100",
        )
    group = FunctionalGroupFactory(
        unit=unit_a, municipality=mikkeli, code="SK-RT", leaders=[coordinator, worker]
    )
    client.force_login(coordinator)

    fields = [
        "client_number",
        "first_name",
        "last_name",
        "date_of_birth",
        "sex",
        "mother_tongue",
        "municipality_id",
        "unit_id",
        "responsible_worker_id",
        "highest_care_allowance",
        "phone",
        "email",
        "postal_code",
    ]
    clients_before = sorted(Client.objects.values_list(*fields))
    group_before = (
        group.code,
        group.name,
        group.kind,
        group.unit_id,
        group.starts_on,
        group.ends_on,
        sorted(group.leaders.values_list("pk", flat=True)),
    )
    client_file = client.get(reverse("clients:list"), {"muoto": fmt}).content
    group_file = client.get(reverse("groups:list"), {"muoto": fmt}).content
    Client.objects.all().delete()
    FunctionalGroup.objects.all().delete()
    with translation.override("fi"):
        for kind, data in ((ImportKind.CLIENTS, client_file), (ImportKind.GROUPS, group_file)):
            result = run_import(
                importer_for(kind, user=coordinator), data=data, filename=f"x.{fmt}"
            )
            assert result.errors == [], (kind, result.errors)
    assert sorted(Client.objects.values_list(*fields)) == clients_before
    group = FunctionalGroup.objects.get()
    assert (
        group.code,
        group.name,
        group.kind,
        group.unit_id,
        group.starts_on,
        group.ends_on,
        sorted(group.leaders.values_list("pk", flat=True)),
    ) == group_before


def import_file(kind, user, data, fmt):
    with translation.override("fi"):
        return run_import(importer_for(kind, user=user), data=data, filename=f"x.{fmt}")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sessions_and_attendance_export_then_import_give_the_same_data(
    client, coordinator, area, unit_a, fmt
):
    from groups.models import Attendance, Enrollment, SessionStatus
    from groups.services import attendance_record

    mikkeli = MunicipalityFactory(area=area, code="491")
    group = FunctionalGroupFactory(
        unit=unit_a, municipality=mikkeli, code="SK-RT", leaders=[coordinator]
    )
    enrollments = [
        Enrollment.objects.create(
            group=group,
            client=ClientFactory(unit=unit_a),
            signed_up_on=datetime.date(2019, 1, 7),
            recorded_by=coordinator,
        )
        for _ in range(3)
    ]
    sessions = [
        GroupSession.objects.create(
            group=group,
            date=datetime.date(2019, 1, 14 + 7 * n),
            duration_minutes=90 + 30 * n,
            topic=f"=Aihe {n}" if n == 1 else f"Aihe {n}",
            place="Toimintakeskus",
        )
        for n in range(3)
    ]
    sessions.append(
        GroupSession.objects.create(
            group=group,
            date=datetime.date(2019, 2, 11),
            duration_minutes=90,
            status=SessionStatus.CANCELLED,
            cancel_reason="Ohjaaja sairastui",
        )
    )
    # Attendance at the first two sessions (which makes them held); the third stays planned.
    for session, present in zip(sessions[:2], [enrollments[:2], enrollments[1:]], strict=True):
        attendance_record(
            session=session,
            enrollments=enrollments,
            present={e.pk for e in present},
            by=coordinator,
        )

    def snapshot():
        return (
            sorted(
                GroupSession.objects.filter(group=group).values_list(
                    "date", "duration_minutes", "topic", "place", "status", "cancel_reason"
                )
            ),
            sorted(
                Attendance.objects.filter(session__group=group).values_list(
                    "session__date", "enrollment__client__client_number", "present"
                )
            ),
            sorted(Enrollment.objects.filter(group=group).values_list("pk", "status")),
        )

    before = snapshot()
    assert len(before[1]) == 6 and before[0][2][4] == SessionStatus.PLANNED
    client.force_login(coordinator)
    session_file = client.get(
        reverse("groups:sessions_export", args=[group.pk]), {"muoto": fmt}
    ).content
    attendance_file = client.get(
        reverse("groups:attendance_export", args=[group.pk]), {"muoto": fmt}
    ).content
    GroupSession.objects.filter(group=group).delete()  # and their attendance
    assert Attendance.objects.count() == 0
    for kind, data in (
        (ImportKind.SESSIONS, session_file),
        (ImportKind.ATTENDANCE, attendance_file),
    ):
        result = import_file(kind, coordinator, data, fmt)
        assert result.errors == [], (kind, result.errors)
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_survey_answers_export_then_import_give_the_same_data(client, coordinator, area, fmt):
    from structural.models import Answer, OpenAnswer, Response
    from structural.services import response_create
    from structural.tests.factories import (
        OpenQuestionFactory,
        StatementFactory,
        SurveyFactory,
        SurveyRoundFactory,
    )

    survey = SurveyFactory(area=area)
    statements = [StatementFactory(survey=survey, order=n) for n in range(1, 5)]
    questions = [OpenQuestionFactory(survey=survey, order=n) for n in range(1, 3)]
    round = SurveyRoundFactory(survey=survey)
    answers = [
        ("adult", [5, 4, None, 3], ["Hyvä palvelu; kiitos.", ""]),
        ("mhsa", [1, None, None, 2], ["", '=HYPERLINK("x")']),
        ("not_said", [None, None, None, None], ["Rivi 1\nRivi 2", "ääkköset"]),
        ("adult", [5, 4, None, 3], ["Hyvä palvelu; kiitos.", ""]),
    ]
    for line, values, texts in answers:
        response_create(
            round=round,
            service_line=line,
            values=dict(zip(statements, values, strict=True)),
            open_answers=dict(zip(questions, texts, strict=True)),
        )

    def snapshot():
        responses = Response.objects.filter(round=round)
        return sorted(
            (
                response.service_line,
                tuple(
                    Answer.objects.filter(response=response, statement=s)
                    .values_list("value", flat=True)
                    .first()
                    for s in statements
                ),
                tuple(
                    OpenAnswer.objects.filter(response=response, question=q)
                    .values_list("text", flat=True)
                    .first()
                    or ""
                    for q in questions
                ),
            )
            for response in responses
        )

    before = snapshot()
    assert len(before) == 4
    client.force_login(coordinator)
    data = client.get(
        reverse("structural:survey_responses_export", args=[round.pk]), {"muoto": fmt}
    ).content
    Response.objects.filter(round=round).delete()
    result = import_file(ImportKind.SURVEY_ANSWERS, coordinator, data, fmt)
    assert result.errors == [] and result.saved_rows == 4
    assert snapshot() == before
