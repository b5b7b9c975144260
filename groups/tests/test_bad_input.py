"""Bad input gets a clear error next to its field, and nothing is saved: in
the forms, and again in the services for every other caller."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from clients.tests.factories import ClientFactory
from groups import services
from groups.models import (
    Attendance,
    Enrollment,
    EnrollmentStatus,
    Feedback,
    GroupSession,
    SessionStatus,
)
from groups.tests.factories import AttendanceFactory, EnrollmentFactory, GroupSessionFactory

pytestmark = pytest.mark.django_db


def session_data(**changes):
    data = {
        "date": "2019-03-05",
        "duration_minutes": "120",
        "topic": "Keramiikka",
        "place": "Ryhmätila",
        "status": SessionStatus.PLANNED,
        "cancel_reason": "",
    }
    return {**data, **changes}


def errors_of(response) -> dict:
    return response.context["form"].errors


def test_a_session_outside_the_groups_period_is_refused(client, alice, group_of_a):
    client.force_login(alice)
    response = client.post(
        reverse("groups:session_create", args=[group_of_a.pk]), session_data(date="2019-07-01")
    )
    assert response.status_code == 200
    assert list(errors_of(response)) == ["date"]
    assert not GroupSession.objects.exists()

    with pytest.raises(ValidationError) as refused:
        services.session_create(
            group=group_of_a, date=datetime.date(2018, 12, 31), duration_minutes=60
        )
    assert list(refused.value.error_dict) == ["date"]
    assert not GroupSession.objects.exists()


def test_a_session_is_not_cancelled_without_a_reason(client, alice, session_of_a):
    client.force_login(alice)
    url = reverse("groups:session_update", args=[session_of_a.pk])
    response = client.post(
        url, session_data(date=session_of_a.date.isoformat(), status=SessionStatus.CANCELLED)
    )
    assert list(errors_of(response)) == ["cancel_reason"]
    session_of_a.refresh_from_db()
    assert session_of_a.status == SessionStatus.PLANNED

    with pytest.raises(ValidationError) as refused:
        services.session_update(session=session_of_a, status=SessionStatus.CANCELLED)
    assert list(refused.value.error_dict) == ["cancel_reason"]
    assert GroupSession.objects.get().status == SessionStatus.PLANNED


def test_a_session_with_clients_present_cannot_be_cancelled(
    client, alice, session_of_a, enrollment_of_a
):
    AttendanceFactory(session=session_of_a, enrollment=enrollment_of_a)
    client.force_login(alice)
    response = client.post(
        reverse("groups:session_update", args=[session_of_a.pk]),
        session_data(
            date=session_of_a.date.isoformat(),
            status=SessionStatus.CANCELLED,
            cancel_reason="Sairastuminen.",
        ),
    )
    assert list(errors_of(response)) == ["status"]
    assert GroupSession.objects.get().status == SessionStatus.PLANNED


def test_attendance_for_a_client_not_enrolled_in_the_group_is_refused(
    client, alice, session_of_a, enrollment_of_a, unit_a
):
    elsewhere = EnrollmentFactory(client=ClientFactory(unit=unit_a))  # another group
    client.force_login(alice)
    response = client.post(
        reverse("groups:attendance", args=[session_of_a.pk]),
        {"present": [enrollment_of_a.pk, elsewhere.pk]},
    )
    assert response.status_code == 200
    assert list(errors_of(response)) == ["present"]
    assert not Attendance.objects.exists()
    assert GroupSession.objects.get(pk=session_of_a.pk).status == SessionStatus.PLANNED

    with pytest.raises(ValidationError) as refused:
        services.attendance_record(
            session=session_of_a,
            enrollments=[enrollment_of_a, elsewhere],
            present=[elsewhere.pk],
            by=alice,
        )
    assert list(refused.value.error_dict) == ["present"]
    assert not Attendance.objects.exists()


def test_a_cancelled_session_takes_no_attendance(client, alice, group_of_a, enrollment_of_a):
    cancelled = GroupSessionFactory(
        group=group_of_a, status=SessionStatus.CANCELLED, cancel_reason="Tila varattu."
    )
    client.force_login(alice)
    response = client.post(
        reverse("groups:attendance", args=[cancelled.pk]), {"present": [enrollment_of_a.pk]}
    )
    assert list(errors_of(response)) == ["present"]
    assert not Attendance.objects.exists()


def test_a_rating_above_5_is_refused(client, alice, group_of_a):
    client.force_login(alice)
    response = client.post(
        reverse("groups:feedback", args=[group_of_a.pk]),
        {"given_by": "participant", "received_on": "2019-03-01", "rating": "6", "text": "Hyvä."},
    )
    assert list(errors_of(response)) == ["rating"]
    assert not Feedback.objects.exists()


def test_feedback_on_another_groups_session_is_refused(alice, group_of_a, group_of_b):
    other = GroupSessionFactory(group=group_of_b)
    with pytest.raises(ValidationError) as refused:
        services.feedback_record(
            group=group_of_a,
            by=alice,
            session=other,
            given_by="leader",
            received_on=datetime.date(2019, 3, 1),
            text="Hyvä.",
        )
    assert list(refused.value.error_dict) == ["session"]
    assert not Feedback.objects.exists()


def test_a_group_cannot_end_before_it_starts(client, alice, group_of_a):
    client.force_login(alice)
    url = reverse("groups:update", args=[group_of_a.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data |= {"starts_on": "2019-06-01", "ends_on": "2019-05-01"}
    response = client.post(url, data)
    assert list(errors_of(response)) == ["ends_on"]
    group_of_a.refresh_from_db()
    assert group_of_a.ends_on == datetime.date(2019, 6, 30)


def test_a_group_period_cannot_leave_its_sessions_outside(client, alice, group_of_a):
    GroupSessionFactory(group=group_of_a, date=datetime.date(2019, 6, 15))
    client.force_login(alice)
    url = reverse("groups:update", args=[group_of_a.pk])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in ((n, form[n].value()) for n in form.fields)}
    data |= {"ends_on": "2019-05-31"}
    response = client.post(url, data)
    assert list(errors_of(response)) == ["starts_on"]
    group_of_a.refresh_from_db()
    assert group_of_a.ends_on == datetime.date(2019, 6, 30)


def test_months_unemployed_only_for_the_unemployed(client, alice, group_of_a, client_of_a):
    client.force_login(alice)
    response = client.post(
        reverse("groups:enroll", args=[group_of_a.pk]),
        {
            "client": client_of_a.pk,
            "signed_up_on": "2019-01-10",
            "labour_market_status": "employed",
            "months_unemployed": "12",
        },
    )
    assert list(errors_of(response)) == ["months_unemployed"]
    assert not Enrollment.objects.exists()


def test_a_client_is_enrolled_in_a_group_once(client, alice, group_of_a, enrollment_of_a):
    client.force_login(alice)
    response = client.post(
        reverse("groups:enroll", args=[group_of_a.pk]),
        {"client": enrollment_of_a.client_id, "signed_up_on": "2019-01-10"},
    )
    assert list(errors_of(response)) == ["client"]
    with pytest.raises(ValidationError) as refused:
        services.enrollment_create(
            group=group_of_a,
            client=enrollment_of_a.client,
            signed_up_on=datetime.date(2019, 1, 10),
            by=alice,
        )
    assert list(refused.value.error_dict) == ["client"]
    assert Enrollment.objects.count() == 1


def test_a_client_of_another_unit_cannot_be_signed_up(client, alice, group_of_a, client_of_b):
    client.force_login(alice)
    response = client.post(
        reverse("groups:enroll", args=[group_of_a.pk]),
        {"client": client_of_b.pk, "signed_up_on": "2019-01-10"},
    )
    assert list(errors_of(response)) == ["client"]
    assert not Enrollment.objects.exists()


def test_a_drop_out_needs_a_reason_and_a_day_after_signing_up(client, alice, enrollment_of_a):
    client.force_login(alice)
    url = reverse("groups:drop_out", args=[enrollment_of_a.pk])
    response = client.post(url, {"dropped_out_on": "2019-01-01", "drop_out_reason": ""})
    assert set(errors_of(response)) == {"dropped_out_on", "drop_out_reason"}
    enrollment_of_a.refresh_from_db()
    assert enrollment_of_a.status == EnrollmentStatus.SIGNED_UP
    assert enrollment_of_a.dropped_out_on is None


def test_a_drop_out_cannot_come_before_a_session_attended(
    client, alice, group_of_a, enrollment_of_a
):
    attended = GroupSessionFactory(group=group_of_a, date=datetime.date(2019, 3, 1))
    AttendanceFactory(session=attended, enrollment=enrollment_of_a)
    client.force_login(alice)
    response = client.post(
        reverse("groups:drop_out", args=[enrollment_of_a.pk]),
        {"dropped_out_on": "2019-02-15", "drop_out_reason": "Muutti."},
    )
    assert list(errors_of(response)) == ["dropped_out_on"]
    assert Enrollment.objects.get().status == EnrollmentStatus.SIGNED_UP


def test_dropping_out_is_not_a_status_to_pick_without_its_day(alice, enrollment_of_a):
    with pytest.raises(ValidationError) as refused:
        services.enrollment_update(enrollment=enrollment_of_a, status=EnrollmentStatus.DROPPED_OUT)
    assert list(refused.value.error_dict) == ["status"]
    assert Enrollment.objects.get().status == EnrollmentStatus.SIGNED_UP


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        ("session", {"status": SessionStatus.CANCELLED, "cancel_reason": ""}),
        ("session", {"duration_minutes": 0}),
        ("feedback", {"rating": 6}),
        ("enrollment", {"status": EnrollmentStatus.DROPPED_OUT, "drop_out_reason": ""}),
        ("group", {"ends_on": datetime.date(2018, 12, 31)}),
    ],
)
def test_the_database_refuses_what_the_forms_refuse(group_of_a, alice, model, fields):
    """Bulk writes (the demo) skip the model's validation: the constraints
    still hold."""
    make = {
        "session": lambda: GroupSession(group=group_of_a, date=group_of_a.starts_on,
                                        duration_minutes=60),
        "feedback": lambda: Feedback(group=group_of_a, given_by="participant", text="Hyvä.",
                                     received_on=group_of_a.starts_on, recorded_by=alice),
        "enrollment": lambda: Enrollment(group=group_of_a, client=ClientFactory(),
                                         signed_up_on=group_of_a.starts_on, recorded_by=alice,
                                         dropped_out_on=group_of_a.starts_on),
        "group": lambda: group_of_a,
    }[model]  # fmt: skip
    record = make()
    for name, value in fields.items():
        setattr(record, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()
