"""Service-need assessments: drafts, completion and its lock, amendments,
optimistic locking, deadlines and compliance, outcome measures."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.access_log import AccessLogEntry
from assessments import selectors, services
from assessments.models import Amendment, AssessmentStatus, OutcomeMeasure, ServiceNeedAssessment
from clients import services as client_services
from clients.models import Code, InitiationChannel, Sex
from clients.services import ConcurrentEditError

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2019, 6, 10)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2019, 6, 10, 9, 0, tzinfo=datetime.UTC)):
        yield


def first(list_key):
    return Code.objects.of(list_key).first()


def complete_fields() -> tuple[dict, dict]:
    plain = {
        "professional_conclusion": "Tarvitsee sosiaaliohjausta.",
        "housing_type": first("housing_type"),
        "education": first("education"),
        "labour_market_status": first("labour_market_status"),
        "income_sufficiency": first("income_sufficiency"),
        "violence": first("violence_experience"),
    }
    many = {"support_needs": [first("support_need")], "illnesses": [first("illness")]}
    return plain, many


def post_data(assessment, **overrides) -> dict:
    plain, many = complete_fields()
    data = {name: value.pk if hasattr(value, "pk") else value for name, value in plain.items()}
    data.update({name: [code.pk for code in codes] for name, codes in many.items()})
    data["version"] = assessment.version
    data["completed_on"] = TODAY.isoformat()
    data.update(overrides)
    return data


@pytest.fixture
def draft(client_of_a, alice):
    client_of_a.date_of_birth = datetime.date(1980, 1, 1)
    client_of_a.sex = Sex.FEMALE
    client_of_a.save()
    client_services.initiation_record(
        client=client_of_a,
        by=alice,
        initiated_on=datetime.date(2019, 6, 3),
        channel=InitiationChannel.OWN_CONTACT,
    )
    return services.assessment_start(
        client=client_of_a, by=alice, started_on=datetime.date(2019, 6, 5)
    )


def test_starting_an_assessment_links_it_to_the_latest_initiation(client, alice, client_of_a):
    initiation = client_services.initiation_record(
        client=client_of_a,
        by=alice,
        initiated_on=datetime.date(2019, 6, 3),
        channel=InitiationChannel.OWN_CONTACT,
    )
    client.force_login(alice)
    url = reverse("assessments:start", args=[client_of_a.client_number])
    response = client.post(url, {"started_on": "2019-06-04"})
    assessment = ServiceNeedAssessment.objects.get()
    assert response.url == reverse("assessments:edit", args=[assessment.pk])
    assert (assessment.initiation, assessment.status) == (initiation, AssessmentStatus.DRAFT)


def test_start_refuses_a_future_date(client, alice, client_of_a):
    client.force_login(alice)
    url = reverse("assessments:start", args=[client_of_a.client_number])
    response = client.post(url, {"started_on": "2019-06-11"})
    assert response.status_code == 200
    assert "started_on" in response.context["form"].errors
    assert not ServiceNeedAssessment.objects.exists()


def test_worker_of_another_unit_cannot_open_the_assessment(client, bob, draft):
    client.force_login(bob)
    for name in ("assessments:edit", "assessments:detail", "assessments:amend"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    refused = AccessLogEntry.objects.filter(user=bob, allowed=False)
    assert refused.count() == 3
    assert set(refused.values_list("record_type", flat=True)) == {
        "assessments.serviceneedassessment"
    }


def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(reverse("assessments:edit", args=[draft.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_saving_a_draft_keeps_it_open_and_logs_the_change(client, alice, draft):
    client.force_login(alice)
    url = reverse("assessments:edit", args=[draft.pk])
    response = client.post(url, {**post_data(draft), "save": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT
    assert draft.professional_conclusion == "Tarvitsee sosiaaliohjausta."
    assert draft.version == 2
    assert AccessLogEntry.objects.filter(user=alice, action="change", record_id=draft.pk).exists()


def test_a_concurrent_save_is_refused_and_nothing_is_overwritten(client, alice, draft):
    stale_version = draft.version
    plain, many = complete_fields()
    services.assessment_save(
        assessment=draft,
        expected_version=stale_version,
        fields={**plain, "client_view": "Ensimmäinen tallennus"},
        many=many,
    )
    client.force_login(alice)
    response = client.post(
        reverse("assessments:edit", args=[draft.pk]),
        {**post_data(draft, version=stale_version), "client_view": "Toinen", "save": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    draft.refresh_from_db()
    assert draft.client_view == "Ensimmäinen tallennus"


def test_completion_needs_the_counted_fields_but_keeps_the_draft(client, alice, draft):
    client.force_login(alice)
    data = post_data(draft, housing_type="", support_needs=[], complete="1")
    response = client.post(reverse("assessments:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT
    assert draft.professional_conclusion == "Tarvitsee sosiaaliohjausta."  # typed text kept
    assert response.context["form"].non_field_errors()


def test_completing_locks_the_assessment_with_a_snapshot(client, alice, draft, unit_a):
    client.force_login(alice)
    response = client.post(
        reverse("assessments:edit", args=[draft.pk]), post_data(draft, complete="1")
    )
    assert response.url == reverse("assessments:detail", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.COMPLETED
    assert draft.completed_on == TODAY and draft.completed_by == alice
    assert (draft.age_at_completion, draft.sex_at_completion) == (39, Sex.FEMALE)
    assert draft.unit_at_completion == unit_a
    # Locked: the edit page sends to the detail page, and a POST changes nothing.
    assert client.get(reverse("assessments:edit", args=[draft.pk])).status_code == 302
    client.post(
        reverse("assessments:edit", args=[draft.pk]),
        post_data(draft, client_view="myöhemmin", save="1"),
    )
    draft.refresh_from_db()
    assert draft.client_view == ""


def test_completion_date_cannot_precede_the_start(alice, draft):
    plain, many = complete_fields()
    draft = services.assessment_save(
        assessment=draft, expected_version=draft.version, fields=plain, many=many
    )
    with pytest.raises(ValidationError):
        services.assessment_complete(
            assessment=draft,
            by=alice,
            completed_on=datetime.date(2019, 6, 1),
            expected_version=draft.version,
        )


@pytest.fixture
def completed(alice, draft):
    plain, many = complete_fields()
    draft = services.assessment_save(
        assessment=draft, expected_version=draft.version, fields=plain, many=many
    )
    return services.assessment_complete(
        assessment=draft, by=alice, completed_on=TODAY, expected_version=draft.version
    )


def test_an_amendment_records_who_when_why_and_what(client, alice, completed):
    client.force_login(alice)
    other_housing = Code.objects.of("housing_type").last()
    data = post_data(completed, housing_type=other_housing.pk, reason="Väärä asumismuoto")
    response = client.post(reverse("assessments:amend", args=[completed.pk]), data)
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert (amendment.by, amendment.reason) == (alice, "Väärä asumismuoto")
    assert list(amendment.changes.values()) == [[str(first("housing_type")), str(other_housing)]]
    completed.refresh_from_db()
    assert completed.housing_type == other_housing
    assert completed.status == AssessmentStatus.COMPLETED


def test_an_amendment_needs_a_reason_and_a_change(client, alice, completed):
    client.force_login(alice)
    url = reverse("assessments:amend", args=[completed.pk])
    assert "reason" in client.post(url, post_data(completed)).context["form"].errors
    response = client.post(url, post_data(completed, reason="Ei muutosta"))
    assert response.context["form"].non_field_errors()
    assert not Amendment.objects.exists()


def test_the_timeline_shows_the_assessment(client, alice, completed):
    client.force_login(alice)
    response = client.get(reverse("clients:detail", args=[completed.client.client_number]))
    kinds = [event.kind for event in response.context["timeline"]]
    assert kinds.count("assessment") == 2  # started and completed
    assert "initiation" in kinds


def old_client(unit, worker, number, born):
    return client_services.client_create(
        unit=unit,
        first_name="Vanha",
        last_name=f"Asiakas {number}",
        date_of_birth=born,
        responsible_worker=worker,
    )


def test_my_deadlines_show_overdue_and_due_soon_with_constant_queries(
    client, alice, unit_a, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            person = old_client(unit_a, alice, i, datetime.date(1940, 1, 1))
            client_services.initiation_record(
                client=person,
                by=alice,
                initiated_on=datetime.date(2019, 5, 20) if i % 2 else datetime.date(2019, 6, 4),
                channel=InitiationChannel.OWN_CONTACT,
            )

    add(2)
    client.force_login(alice)
    url = reverse("assessments:my_work")
    # (the session is not written again within a minute of login)
    with django_assert_num_queries(10) as captured:
        response = client.get(url)
    assert response.context["counts"] == {"overdue": 1, "due_soon": 1}
    add(6)
    with django_assert_num_queries(len(captured.captured_queries)):
        response = client.get(url)
    assert response.context["counts"] == {"overdue": 4, "due_soon": 4}


def test_a_started_assessment_stops_the_start_clock(alice, unit_a):
    person = old_client(unit_a, alice, 1, datetime.date(1940, 1, 1))
    initiation = client_services.initiation_record(
        client=person,
        by=alice,
        initiated_on=datetime.date(2019, 5, 20),
        channel=InitiationChannel.OWN_CONTACT,
    )
    services.assessment_start(
        client=person, by=alice, started_on=datetime.date(2019, 5, 22), initiation=initiation
    )
    assert not selectors.my_deadlines(user=alice, today=TODAY).exists()


def test_compliance_counts_each_outcome_of_the_start_limit(supervisor, alice, unit_a):
    # Each initiation is under the 7-working-day limit (aged 79).
    cases = {
        "on_time": (datetime.date(2019, 5, 2), datetime.date(2019, 5, 6)),
        "late": (datetime.date(2019, 5, 2), datetime.date(2019, 5, 31)),
        "overdue": (datetime.date(2019, 5, 20), None),
        "running": (datetime.date(2019, 6, 7), None),
    }
    for i, (initiated, started) in enumerate(cases.values()):
        person = old_client(unit_a, alice, i, datetime.date(1940, 1, 1))
        initiation = client_services.initiation_record(
            client=person, by=alice, initiated_on=initiated, channel=InitiationChannel.OWN_CONTACT
        )
        if started:
            services.assessment_start(
                client=person, by=alice, started_on=started, initiation=initiation
            )
    young = old_client(unit_a, alice, 9, datetime.date(1990, 1, 1))
    client_services.initiation_record(
        client=young, by=alice, initiated_on=TODAY, channel=InitiationChannel.OWN_CONTACT
    )
    [row] = selectors.statutory_compliance(
        user=supervisor, start=datetime.date(2019, 1, 1), end=TODAY, today=TODAY
    )
    assert row == {
        "client__unit__name": "Yksikkö A",
        "initiations": 5,
        "statutory": 4,
        "on_time": 1,
        "late": 1,
        "overdue": 1,
        "running": 1,
    }
    # The same counts over all the user's units, in one query.
    totals = selectors.statutory_compliance_totals(
        user=supervisor, start=datetime.date(2019, 1, 1), end=TODAY, today=TODAY
    )
    assert totals == {key: value for key, value in row.items() if key != "client__unit__name"}


def test_a_measurement_scores_every_area_within_the_scale(client, alice, client_of_a):
    measure = OutcomeMeasure.objects.get(code="kykyviisari")
    areas = list(measure.areas.all())
    client.force_login(alice)
    url = reverse("assessments:measure", args=[client_of_a.client_number, "kykyviisari"])
    data = {"measured_on": "2019-03-01", **{f"area_{a.pk}": "5" for a in areas}}
    data[f"area_{areas[0].pk}"] = "11"
    response = client.post(url, data)
    assert response.status_code == 200
    assert f"area_{areas[0].pk}" in response.context["form"].errors
    assert not client_of_a.measurements.exists()

    data[f"area_{areas[0].pk}"] = "4"
    assert client.post(url, data).status_code == 302
    data.update({"measured_on": "2019-06-01", f"area_{areas[0].pk}": "7.5"})
    assert client.post(url, data).status_code == 302

    [history] = selectors.measurement_history(client_of_a)
    assert history["dates"] == [datetime.date(2019, 3, 1), datetime.date(2019, 6, 1)]
    assert history["areas"][0]["scores"] == [Decimal("4.0"), Decimal("7.5")]
    assert history["areas"][0]["change"] == Decimal("3.5")
    page = client.get(reverse("clients:detail", args=[client_of_a.client_number]))
    assert b"<svg" in page.content


def test_unknown_measure_is_404(client, alice, client_of_a):
    client.force_login(alice)
    url = reverse("assessments:measure", args=[client_of_a.client_number, "ei-ole"])
    assert client.get(url).status_code == 404


def test_measurement_of_a_client_of_another_unit_is_404(client, bob, client_of_a):
    client.force_login(bob)
    url = reverse("assessments:measure", args=[client_of_a.client_number, "kykyviisari"])
    assert client.get(url).status_code == 404


def test_a_draft_cannot_be_amended(alice, draft):
    with pytest.raises(ValidationError):
        services.assessment_amend(assessment=draft, by=alice, reason="x", fields={}, many={})


def test_save_of_a_locked_assessment_is_refused(completed):
    with pytest.raises(ValidationError):
        services.assessment_save(
            assessment=completed, expected_version=completed.version, fields={}, many={}
        )


def test_stale_completion_is_refused(alice, draft):
    plain, many = complete_fields()
    saved = services.assessment_save(
        assessment=draft, expected_version=draft.version, fields=plain, many=many
    )
    with pytest.raises(ConcurrentEditError):
        services.assessment_complete(
            assessment=saved, by=alice, completed_on=TODAY, expected_version=saved.version - 1
        )


def test_the_form_offers_every_code_of_each_list(client, alice, draft):
    client.force_login(alice)
    form = client.get(reverse("assessments:edit", args=[draft.pk])).context["form"]
    html = str(form["support_needs"])
    assert html.count('type="checkbox"') == Code.objects.of("support_need").count() == 10
    housing = str(form["housing_type"])
    assert housing.count('type="radio"') == Code.objects.of("housing_type").count() + 1


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("assessments:start", "client"),
        ("assessments:measure", "measure"),
        ("assessments:detail", "assessment"),
        ("assessments:edit", "assessment"),
        ("assessments:amend", "assessment"),
    ],
)
def test_access_matrix_of_every_assessment_view(client, alice, bob, draft, name, kind):
    number = draft.client.client_number
    args = {"client": [number], "measure": [number, "kykyviisari"], "assessment": [draft.pk]}
    url = reverse(name, args=args[kind])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code in (200, 302)  # a draft's detail sends to editing
    assert AccessLogEntry.objects.filter(user=bob, allowed=False).count() == 1
    assert AccessLogEntry.objects.filter(user=alice, allowed=True).exists()


def test_autosave_saves_the_draft_and_returns_the_new_version(client, alice, draft):
    client.force_login(alice)
    url = reverse("assessments:edit", args=[draft.pk])
    response = client.post(url, {**post_data(draft), "client_view": "Kesken", "autosave": "1"})
    assert response.status_code == 200
    assert response.json()["version"] == draft.version + 1
    draft.refresh_from_db()
    assert draft.client_view == "Kesken" and draft.status == AssessmentStatus.DRAFT
    stale = client.post(url, {**post_data(draft, version=1), "autosave": "1"})
    assert stale.status_code == 409 and stale.json()["message"]


def test_an_assessment_straddling_a_months_end_starts_in_one_month_and_completes_in_the_next(
    alice, supervisor, client_of_a
):
    """Started 28 May, completed 10 June: May counts it started, June completed."""
    client_services.initiation_record(
        client=client_of_a,
        by=alice,
        initiated_on=datetime.date(2019, 5, 27),
        channel=InitiationChannel.OWN_CONTACT,
    )
    draft = services.assessment_start(
        client=client_of_a, by=alice, started_on=datetime.date(2019, 5, 28)
    )
    plain, many = complete_fields()
    draft = services.assessment_save(
        assessment=draft, expected_version=draft.version, fields=plain, many=many
    )
    services.assessment_complete(
        assessment=draft, by=alice, completed_on=TODAY, expected_version=draft.version
    )

    may = selectors.assessment_figures(
        user=supervisor, start=datetime.date(2019, 5, 1), end=datetime.date(2019, 5, 31)
    )
    june = selectors.assessment_figures(
        user=supervisor, start=datetime.date(2019, 6, 1), end=datetime.date(2019, 6, 30)
    )
    assert may == {"started": 1, "completed": 0}
    assert june == {"started": 0, "completed": 1}
    by_month = selectors.completed_by_month(
        user=supervisor, start=datetime.date(2019, 5, 1), end=datetime.date(2019, 6, 30)
    )
    assert [(row["month"].month, row["count"]) for row in by_month] == [(6, 1)]
