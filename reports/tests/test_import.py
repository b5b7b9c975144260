"""Bulk import: every bad row reported, nothing saved from a file with errors."""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.tests.factories import MunicipalityFactory, UserFactory
from clients.models import Client
from clients.tests.factories import ClientFactory
from groups.models import Attendance, Enrollment, FunctionalGroup, GroupSession, SessionStatus
from groups.tests.factories import FunctionalGroupFactory
from outreach.models import OutreachVisit
from outreach.tests.factories import PartnerOrganisationFactory
from reports.models import ImportKind, ImportRun, RunStatus
from reports.tests.transfer_helpers import csv_file, xlsx_file
from reports.transfer.base import run_import
from reports.transfer.importers import importer_for

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "import-examples"
VISIT_HEADER = [
    "date",
    "kind",
    "unit",
    "municipality",
    "place",
    "people_met",
    "new_contacts",
    "partners",
    "workers",
    "notes",
]


def do_import(kind, user, data, name="tiedosto.csv", **kwargs):
    with translation.override("fi"):
        return run_import(importer_for(kind, user=user), data=data, filename=name, **kwargs)


@pytest.fixture
def municipality(area, unit_a):
    municipality = MunicipalityFactory(area=area, code="491", name="Mikkeli")
    unit_a.municipalities.add(municipality)
    return municipality


@pytest.fixture
def partner(area, municipality):
    return PartnerOrganisationFactory(area=area, name="Mielenmaja ry")


def visit_row(day="2019-03-05", people="12", new="2", **overrides):
    row = {
        "date": day,
        "kind": "partner_visit",
        "unit": "yksikko-a",
        "municipality": "491",
        "place": "Toimintakeskus",
        "people_met": people,
        "new_contacts": new,
        "partners": "Mielenmaja ry",
        "workers": "cora",
        "notes": "",
    }
    row.update(overrides)
    return [row[name] for name in VISIT_HEADER]


# --- Outreach visits -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("build", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_a_valid_file_of_visits_is_saved_with_partners_and_workers(build, coordinator, partner):
    data = build([VISIT_HEADER, visit_row(), visit_row(day="2019-03-06", workers="")])
    result = do_import(
        ImportKind.OUTREACH_VISITS, coordinator, data, name=f"x.{build.__name__[:4]}"
    )
    assert result.errors == []
    assert result.saved_rows == 2
    visits = list(OutreachVisit.objects.order_by("date"))
    assert [v.people_met for v in visits] == [12, 12]
    assert list(visits[0].partners.all()) == [partner]
    # No workers named: the importing user went, as on the page.
    assert list(visits[1].workers.all()) == [coordinator]


@pytest.mark.django_db
@pytest.mark.parametrize("build", [csv_file, xlsx_file], ids=["csv", "xlsx"])
def test_one_bad_row_among_good_ones_saves_nothing(build, coordinator, partner):
    rows = [VISIT_HEADER] + [visit_row(day=f"2019-03-{d:02d}") for d in range(1, 11)]
    rows[6] = visit_row(people="3", new="9")  # line 7: more new contacts than people met
    before = OutreachVisit.objects.count()
    result = do_import(
        ImportKind.OUTREACH_VISITS, coordinator, build(rows), name=f"x.{build.__name__[:4]}"
    )
    assert OutreachVisit.objects.count() == before == 0
    assert result.saved_rows == 0
    assert [(e["line"], e["field"]) for e in result.errors] == [(7, "new_contacts")]
    assert result.errors[0]["message"]


@pytest.mark.django_db
def test_every_bad_row_is_listed_with_its_line_and_column(coordinator, partner):
    rows = [
        VISIT_HEADER,
        visit_row(),
        visit_row(day="2099-01-01"),  # 3: future
        visit_row(people="kaksitoista"),  # 4: not a number
        visit_row(unit="ei-ole"),  # 5: unknown unit
        visit_row(partners="Tuntematon ry"),  # 6: unknown partner
        visit_row(kind="juhla"),  # 7: no such kind
        visit_row(workers="bob-ei-ole"),  # 8: unknown user
    ]
    result = do_import(ImportKind.OUTREACH_VISITS, coordinator, csv_file(rows))
    lines = {(e["line"], e["field"]) for e in result.errors}
    assert {
        (3, "date"),
        (4, "people_met"),
        (5, "unit"),
        (6, "partners"),
        (7, "kind"),
        (8, "workers"),
    } <= lines
    assert 2 not in {e["line"] for e in result.errors}
    assert OutreachVisit.objects.count() == 0


@pytest.mark.django_db
def test_a_unit_outside_the_users_units_is_refused(coordinator, partner, unit_b):
    result = do_import(
        ImportKind.OUTREACH_VISITS,
        coordinator,
        csv_file([VISIT_HEADER, visit_row(unit=unit_b.code)]),
    )
    assert [(e["line"], e["field"]) for e in result.errors] == [(2, "unit")]
    assert OutreachVisit.objects.count() == 0


@pytest.mark.django_db
def test_headers_may_be_the_finnish_labels_and_comma_separated(coordinator, partner):
    with translation.override("fi"):
        from outreach.exports import VISIT_COLUMNS

        header = [str(column.label) for column in VISIT_COLUMNS]
    data = csv_file([header, visit_row()], delimiter=",", bom=False)
    result = do_import(ImportKind.OUTREACH_VISITS, coordinator, data)
    assert result.errors == [] and result.saved_rows == 1


@pytest.mark.django_db
def test_unknown_and_missing_columns_are_reported_on_line_1(coordinator):
    result = do_import(
        ImportKind.OUTREACH_VISITS,
        coordinator,
        csv_file([["date", "mystery"], ["2019-01-01", "x"]]),
    )
    assert all(e["line"] == 1 for e in result.errors)
    assert {"mystery", "kind", "place", "people_met"} <= {e["field"] for e in result.errors}


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_refused_clearly(coordinator):
    result = do_import(ImportKind.OUTREACH_VISITS, coordinator, "päivä;x\n".encode("cp1252"))
    assert result.errors[0]["line"] == 1 and "UTF-8" in result.errors[0]["message"]


@pytest.mark.django_db
def test_dry_run_saves_nothing(coordinator, partner):
    result = do_import(
        ImportKind.OUTREACH_VISITS, coordinator, csv_file([VISIT_HEADER, visit_row()]), dry_run=True
    )
    assert result.errors == [] and result.saved_rows == 1
    assert OutreachVisit.objects.count() == 0


# --- Clients ---------------------------------------------------------------------------

CLIENT_HEADER = [
    "client_number",
    "last_name",
    "first_name",
    "identity_code",
    "date_of_birth",
    "sex",
    "unit",
    "highest_care_allowance",
]
CODE = "010190-900R"  # a temporary individual number (900-999)


@pytest.mark.django_db
def test_clients_are_imported_with_encrypted_identity_codes(coordinator, unit_a):
    from clients.crypto import decrypt_identity_code, identity_code_digest
    from clients.identity_code import compute_check_character

    code = f"010190-900{compute_check_character('010190', '900')}"
    data = csv_file(
        [
            CLIENT_HEADER,
            ["", "Virtanen", "Testi", code, "", "female", "yksikko-a", "ei"],
            ["X1234567", "Korhonen", "Koe", "", "1980-02-03", "", "yksikko-a", "kyllä"],
        ]
    )
    result = do_import(ImportKind.CLIENTS, coordinator, data)
    assert result.errors == [] and result.saved_rows == 2
    first = Client.objects.get(last_name="Virtanen")
    assert first.client_number and first.client_number != "X1234567"
    assert first.date_of_birth == datetime.date(1990, 1, 1)
    assert code not in first.identity_code_token
    assert decrypt_identity_code(first.identity_code_token) == code
    assert first.identity_code_digest == identity_code_digest(code)
    second = Client.objects.get(client_number="X1234567")
    assert second.highest_care_allowance is True and second.sex == "unknown"


@pytest.mark.django_db
def test_a_bad_identity_code_is_reported_without_repeating_it(coordinator, unit_a, capsys):
    bad = "311390-999X"  # no 31st of the 13th month
    data = csv_file([CLIENT_HEADER, ["", "Virtanen", "Testi", bad, "", "", "yksikko-a", ""]])
    result = do_import(ImportKind.CLIENTS, coordinator, data)
    assert [(e["line"], e["field"]) for e in result.errors] == [(2, "identity_code")]
    assert bad not in str(result.errors) and bad[:6] not in str(result.errors)
    assert Client.objects.count() == 0


@pytest.mark.django_db
def test_a_second_record_of_the_same_person_is_refused(coordinator, unit_a):
    from clients.identity_code import compute_check_character

    code = f"020290-901{compute_check_character('020290', '901')}"
    data = csv_file(
        [
            CLIENT_HEADER,
            ["", "A", "B", code, "", "", "yksikko-a", ""],
            ["", "C", "D", code, "", "", "yksikko-a", ""],
        ]
    )
    result = do_import(ImportKind.CLIENTS, coordinator, data)
    assert [(e["line"], e["field"]) for e in result.errors] == [(3, "identity_code")]
    assert code not in str(result.errors)
    assert Client.objects.count() == 0


def valid_code(n: int) -> str:
    """A distinct valid identity code with a temporary individual number."""
    from clients.identity_code import compute_check_character

    ddmmyy, individual = f"{1 + n % 28:02d}0{1 + n // 28 % 9}85", f"{900 + n // 252:03d}"
    return f"{ddmmyy}-{individual}{compute_check_character(ddmmyy, individual)}"


@pytest.mark.django_db
def test_an_identity_code_registered_in_the_users_units_is_refused(
    coordinator, unit_a, unit_b, area
):
    from clients.crypto import encrypt_identity_code, identity_code_digest

    mine, elsewhere = valid_code(1), valid_code(2)
    for code, unit in ((mine, unit_a), (elsewhere, unit_b)):
        ClientFactory(
            unit=unit,
            identity_code_token=encrypt_identity_code(code),
            identity_code_digest=identity_code_digest(code),
        )
    # Lower case and spaces around it: the same person once normalised.
    rows = [
        CLIENT_HEADER,
        ["", "A", "B", f" {mine.lower()} ", "", "", "yksikko-a", ""],
        ["", "C", "D", elsewhere, "", "", "yksikko-a", ""],
    ]
    result = do_import(ImportKind.CLIENTS, coordinator, csv_file(rows))
    assert [(e["line"], e["field"]) for e in result.errors] == [(2, "identity_code")]
    assert mine not in str(result.errors)
    assert Client.objects.count() == 2
    # Another unit's client is not the user's to know of: as on the page,
    # only a record in the user's own units is refused.
    result = do_import(ImportKind.CLIENTS, coordinator, csv_file([rows[0], rows[2]]))
    assert result.errors == [] and Client.objects.get(last_name="C").unit == unit_a


@pytest.mark.django_db
def test_choices_of_a_client_row_are_the_pages(coordinator, unit_a, unit_b, area, alice, bob):
    header = ["last_name", "first_name", "unit", "responsible_worker", "date_of_birth"]
    rows = [
        header,
        ["A", "B", "yksikko-a", "alice", "1980-01-01"],
        ["C", "D", "yksikko-b", "", ""],  # 3: not the coordinator's unit
        ["E", "F", "yksikko-a", "bob", ""],  # 4: a worker of another unit
        ["G", "H", "yksikko-a", "cora", ""],  # 5: not a worker
        ["I", "J", "yksikko-a", "", "1980-02-30"],  # 6: no such day
    ]
    result = do_import(ImportKind.CLIENTS, coordinator, csv_file(rows))
    assert [(e["line"], e["field"]) for e in result.errors] == [
        (3, "unit"),
        (4, "responsible_worker"),
        (5, "responsible_worker"),
        (6, "date_of_birth"),
    ]
    assert all(e["message"] for e in result.errors)
    assert Client.objects.count() == 0
    result = do_import(ImportKind.CLIENTS, coordinator, csv_file(rows[:2]))
    assert result.errors == [] and Client.objects.get().responsible_worker == alice


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [ImportKind.CLIENTS, ImportKind.OUTREACH_VISITS])
def test_a_large_file_runs_as_many_queries_as_a_small_one(
    kind, coordinator, partner, alice, django_assert_max_num_queries
):
    """The clients and outreach visits, which come in thousands, are
    checked against what was loaded once and written in bulk."""

    def rows(count, offset):
        if kind == ImportKind.CLIENTS:
            return [CLIENT_HEADER + ["responsible_worker", "municipality"]] + [
                [
                    f"Q{offset + n:07d}" if n % 2 else "",
                    "Sukunimi",
                    f"Etunimi {n}",
                    valid_code(offset + n) if n % 3 else "",
                    "",
                    "female",
                    "yksikko-a",
                    "ei",
                    "alice",
                    "491",
                ]
                for n in range(count)
            ]
        return [VISIT_HEADER] + [visit_row(day=f"2019-03-{1 + n % 28:02d}") for n in range(count)]

    with django_assert_max_num_queries(40) as small:
        assert do_import(kind, coordinator, csv_file(rows(5, 0))).errors == []
    with django_assert_max_num_queries(len(small.captured_queries)):
        result = do_import(kind, coordinator, csv_file(rows(120, 1000)))
    assert result.errors == [] and result.saved_rows == 120


# --- Groups, sessions, attendance --------------------------------------------------------


@pytest.mark.django_db
def test_groups_sessions_and_attendance_chain_by_codes(coordinator, unit_a, municipality, alice):
    groups = csv_file(
        [
            ["code", "name", "kind", "unit", "municipality", "starts_on", "ends_on", "leaders"],
            [
                "SK-1",
                "Kevätryhmä",
                "social_rehabilitation",
                "yksikko-a",
                "491",
                "2019-01-07",
                "2019-05-31",
                "cora;alice",
            ],
        ]
    )
    assert do_import(ImportKind.GROUPS, coordinator, groups).errors == []
    group = FunctionalGroup.objects.get(code="SK-1")
    assert set(group.leaders.values_list("username", flat=True)) == {"cora", "alice"}
    sessions = csv_file(
        [
            ["group", "date", "duration_minutes", "topic", "status", "cancel_reason"],
            ["SK-1", "2019-01-14", "120", "Tutustuminen", "planned", ""],
            ["SK-1", "21.1.2019", "120", "", "cancelled", "Ohjaaja sairas"],
        ]
    )
    result = do_import(ImportKind.SESSIONS, coordinator, sessions)
    assert result.errors == [] and result.saved_rows == 2
    client = ClientFactory(unit=unit_a, client_number="A0000001")
    Enrollment.objects.create(
        group=group, client=client, signed_up_on=datetime.date(2019, 1, 7), recorded_by=alice
    )
    attendance = csv_file(
        [
            ["group", "date", "client_number", "present"],
            ["SK-1", "2019-01-14", "A0000001", "kyllä"],
        ]
    )
    result = do_import(ImportKind.ATTENDANCE, coordinator, attendance)
    assert result.errors == [] and result.saved_rows == 1
    # The service's rules hold: a planned session with someone present is held.
    assert GroupSession.objects.get(date=datetime.date(2019, 1, 14)).status == SessionStatus.HELD
    # Attendance at the cancelled session is refused by the service, and nothing is saved.
    refused = csv_file(
        [
            ["group", "date", "client_number", "present"],
            ["SK-1", "2019-01-21", "A0000001", "kyllä"],
            ["SK-1", "2019-01-14", "A0000099", "kyllä"],
        ]
    )
    result = do_import(ImportKind.ATTENDANCE, coordinator, refused)
    assert [(e["line"], e["field"]) for e in result.errors] == [(3, "client_number")]
    result = do_import(ImportKind.ATTENDANCE, coordinator, refused[: refused.rindex(b"SK-1", 0)])
    assert [(e["line"], e["field"]) for e in result.errors] == [(2, "date")]
    assert Attendance.objects.count() == 1


@pytest.mark.django_db
def test_a_session_twice_on_one_day_is_refused(coordinator, unit_a, municipality):
    FunctionalGroupFactory(unit=unit_a, municipality=municipality, code="SK-2")
    sessions = csv_file(
        [
            ["group", "date", "duration_minutes"],
            ["SK-2", "2019-02-04", "90"],
            ["SK-2", "2019-02-04", "90"],
            ["EI-OLE", "2019-02-05", "90"],
            ["SK-2", "2020-02-05", "90"],
        ]
    )
    result = do_import(ImportKind.SESSIONS, coordinator, sessions)
    assert [(e["line"], e["field"]) for e in result.errors] == [
        (3, "date"),
        (4, "group"),
        (5, "date"),
    ]
    assert GroupSession.objects.count() == 0


# --- Example files, command, hostile input --------------------------------------------------


@pytest.fixture
def example_world(area, unit_a, coordinator, alice, reference_data):
    """What the example files in docs/import-examples refer to."""
    from outreach.models import PartnerKind, PartnerOrganisation
    from structural.models import OpenQuestion, Statement, Survey, SurveyRound

    mikkeli = MunicipalityFactory(area=area, code="491", name="Mikkeli")
    unit_a.municipalities.add(mikkeli)
    UserFactory(username="sosiaalityontekija", area=area, units=[unit_a])
    PartnerOrganisation.objects.create(
        area=area, name="Mielenmaja ry", kind=PartnerKind.THIRD_SECTOR
    )
    PartnerOrganisation.objects.create(
        area=area, name="Mikkelin seurakunta", kind=PartnerKind.PARISH
    )
    survey = Survey.objects.create(area=area, name="Asiakastyytyväisyys")
    for n in range(1, 4):
        Statement.objects.create(survey=survey, order=n, text=f"Väite {n}")
    OpenQuestion.objects.create(survey=survey, order=1, text="Mitä muuta?")
    SurveyRound.objects.create(
        survey=survey,
        name="Maaliskuu 2019",
        opens_on=datetime.date(2019, 3, 1),
        closes_on=datetime.date(2019, 3, 31),
        token="esimerkki-kierros-2019-03",
    )


@pytest.mark.django_db
def test_the_example_files_import_cleanly_in_order(example_world, coordinator):
    order = [
        "clients",
        "assessments",
        "groups",
        "sessions",
        "attendance",
        "outreach_visits",
        "survey_answers",
    ]
    assert sorted(order) == sorted(ImportKind.values)
    for kind in order:
        path = EXAMPLES / f"{kind}.csv"
        if kind == "attendance":
            # Attendance needs the example clients enrolled in the example group.
            group = FunctionalGroup.objects.get(code="ESIM-SK-1")
            for client in Client.objects.filter(client_number__startswith="E"):
                Enrollment.objects.create(
                    group=group,
                    client=client,
                    signed_up_on=group.starts_on,
                    recorded_by=coordinator,
                )
        result = do_import(kind, coordinator, path.read_bytes(), name=path.name)
        assert result.errors == [], (kind, result.errors)
        assert result.saved_rows > 0, kind


@pytest.mark.django_db
def test_the_command_prints_every_error_and_exits_non_zero(tmp_path, coordinator, partner, capsys):
    path = tmp_path / "kaynnit.csv"
    path.write_bytes(
        csv_file([VISIT_HEADER, visit_row(), visit_row(people="x"), visit_row(kind="y")])
    )
    with pytest.raises(CommandError):
        call_command("import_data", "outreach_visits", str(path), "--user", "cora")
    err = capsys.readouterr().err
    assert "kaynnit.csv:3: [people_met]" in err and "kaynnit.csv:4: [kind]" in err
    assert OutreachVisit.objects.count() == 0
    path.write_bytes(csv_file([VISIT_HEADER, visit_row()]))
    call_command("import_data", "outreach_visits", str(path), "--user", "cora", "--dry-run")
    assert OutreachVisit.objects.count() == 0
    call_command("import_data", "outreach_visits", str(path), "--user", "cora")
    assert OutreachVisit.objects.count() == 1


HOSTILE = st.one_of(
    st.text(max_size=50),
    st.sampled_from(
        [
            "=cmd|' /C calc'!A0",
            "+1+1",
            "@SUM(1)",
            "-2",
            "<script>alert(1)</script>",
            "\x00",
            "\x1b[31m",
            "x" * 20000,
            "9" * 40,
            "2019-02-30",
            "NaN",
            'ä;ö,"',
            "'=1",
        ]
    ),
)


IMPORT_ORDER = [
    "clients",
    "assessments",
    "groups",
    "sessions",
    "attendance",
    "outreach_visits",
    "survey_answers",
]


def saved_state() -> tuple:
    """What any import may write: a file that is refused must leave all of
    it as it was (a half-saved file would change a count)."""
    from assessments.models import ServiceNeedAssessment
    from structural.models import Answer, OpenAnswer, Response

    return (
        Client.objects.count(),
        ServiceNeedAssessment.objects.count(),
        ServiceNeedAssessment.objects.filter(completed_on__isnull=False).count(),
        FunctionalGroup.objects.count(),
        GroupSession.objects.count(),
        GroupSession.objects.filter(status=SessionStatus.HELD).count(),
        Enrollment.objects.filter(status="active").count(),
        Attendance.objects.count(),
        Attendance.objects.filter(present=True).count(),
        OutreachVisit.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
        OpenAnswer.objects.count(),
    )


@pytest.fixture
def world_before(request, example_world, coordinator):
    """The example files of the kinds that `kind` refers to, imported: the
    kind's own example file is then a valid base to mutate."""
    kind = request.param
    for earlier in IMPORT_ORDER[: IMPORT_ORDER.index(kind) + 1]:
        if earlier == "attendance":
            # Attendance needs the example clients enrolled in the example group.
            group = FunctionalGroup.objects.get(code="ESIM-SK-1")
            for client in Client.objects.filter(client_number__startswith="E"):
                Enrollment.objects.create(
                    group=group,
                    client=client,
                    signed_up_on=group.starts_on,
                    recorded_by=coordinator,
                )
        if earlier != kind:
            path = EXAMPLES / f"{earlier}.csv"
            assert do_import(earlier, coordinator, path.read_bytes(), name=path.name).errors == []
    from reports.transfer.reader import read_table

    path = EXAMPLES / f"{kind}.csv"
    table = read_table(path.read_bytes(), path.name)
    return kind, [table.header, *[cells for _line, cells in table.rows]]


@pytest.mark.django_db
@pytest.mark.parametrize("world_before", IMPORT_ORDER, indirect=True)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 30), HOSTILE), min_size=0, max_size=6
    ),
    extra=st.lists(st.lists(HOSTILE, min_size=0, max_size=25), min_size=0, max_size=3),
)
def test_hostile_cells_never_crash_nor_half_save(world_before, coordinator, changes, extra):
    """Every import kind: a valid example file with cells replaced by
    hostile values (formulas, control characters, huge or absurd values),
    and rows of such values added, is either saved whole or not at all, and
    every error names a line and a reason."""
    kind, base = world_before
    rows = [list(row) for row in base]
    for row, column, value in changes:
        cells = rows[1 + row % (len(rows) - 1)]
        cells[column % len(cells)] = value
    rows += extra
    before = saved_state()
    result = do_import(kind, coordinator, csv_file([[str(c) for c in row] for row in rows]))
    if result.errors:
        assert saved_state() == before
        assert result.saved_rows == 0
    else:
        assert result.saved_rows == result.total_rows
    for error in result.errors:
        assert isinstance(error["line"], int) and error["line"] >= 0
        assert error["message"] and len(error["message"]) < 500


# --- The pages and the task ---------------------------------------------------------------


@pytest.mark.django_db
def test_only_coordinators_may_import(client, alice, coordinator):
    url = reverse("reports:import")
    assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_run_is_seen_only_by_who_started_it(client, coordinator, area, unit_a):
    other = UserFactory(username="toinen", role="coordinator", area=area, units=[unit_a])
    run = ImportRun.objects.create(
        kind=ImportKind.CLIENTS, original_name="x.csv", requested_by=other
    )
    client.force_login(coordinator)
    assert client.get(reverse("reports:import_status", args=[run.pk])).status_code == 404
    assert client.get(reverse("reports:import_progress", args=[run.pk])).status_code == 404
    client.force_login(other)
    assert (
        client.get(reverse("reports:import_progress", args=[run.pk])).json()["status"] == "queued"
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_imports_an_uploaded_file_and_reports_progress(
    client, coordinator, partner, celery_worker, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rows = [VISIT_HEADER] + [
        visit_row(day=f"2019-0{1 + n % 9}-{1 + n % 28:02d}") for n in range(450)
    ]
    client.force_login(coordinator)
    upload = SimpleUploadedFile("Virtanen Matti.csv", csv_file(rows), content_type="text/csv")
    response = client.post(reverse("reports:import"), {"kind": "outreach_visits", "file": upload})
    run = ImportRun.objects.get()
    assert response.status_code == 302
    for _ in range(300):
        run.refresh_from_db()
        if run.status in (RunStatus.SUCCEEDED, RunStatus.FAILED):
            break
        import time

        time.sleep(0.1)
    assert run.status == RunStatus.SUCCEEDED, run.errors
    assert run.processed_rows == run.total_rows == 450 and run.saved_rows == 450
    assert OutreachVisit.objects.count() == 450
    # The stored file is deleted once processed, and was never stored under the person's name.
    assert not run.file
    page = client.get(reverse("reports:import_status", args=[run.pk]))
    assert "450" in page.content.decode()
    status = client.get(reverse("reports:import_progress", args=[run.pk])).json()
    assert (status["processed_rows"], status["progress"], status["finished"]) == (450, 100, True)
