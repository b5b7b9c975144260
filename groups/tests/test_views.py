"""The group pages: who may open them, what they write to the access log,
and how many queries they take.

Assertions are on status codes, the database, form error keys and the
response context, not on translated text.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.access_log import AccessAction, AccessLogEntry
from accounts.tests.factories import MunicipalityFactory
from clients.tests.factories import ClientFactory
from groups.models import (
    Attendance,
    Enrollment,
    EnrollmentStatus,
    Feedback,
    FunctionalGroup,
    GroupKind,
    GroupSession,
    SessionStatus,
)
from groups.tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    FeedbackFactory,
    FunctionalGroupFactory,
    GroupSessionFactory,
)

pytestmark = pytest.mark.django_db


# --- Who may open what --------------------------------------------------------
# (The parameter is not called "page": that is pytest-playwright's fixture,
# and using its name would move these tests among the browser tests.)


def urls_of(group, session, enrollment) -> dict[str, str]:
    """Every page of one group of unit A, by URL name."""
    return {
        "detail": reverse("groups:detail", args=[group.pk]),
        "update": reverse("groups:update", args=[group.pk]),
        "session_create": reverse("groups:session_create", args=[group.pk]),
        "enroll": reverse("groups:enroll", args=[group.pk]),
        "feedback": reverse("groups:feedback", args=[group.pk]),
        "session_update": reverse("groups:session_update", args=[session.pk]),
        "attendance": reverse("groups:attendance", args=[session.pk]),
        "enrollment_update": reverse("groups:enrollment_update", args=[enrollment.pk]),
        "drop_out": reverse("groups:drop_out", args=[enrollment.pk]),
    }


PAGES = [
    "detail",
    "update",
    "session_create",
    "enroll",
    "feedback",
    "session_update",
    "attendance",
    "enrollment_update",
    "drop_out",
]


@pytest.mark.parametrize("name", PAGES)
def test_a_worker_of_the_unit_may_open_every_page_of_its_group(
    client, alice, group_of_a, session_of_a, enrollment_of_a, name
):
    client.force_login(alice)
    url = urls_of(group_of_a, session_of_a, enrollment_of_a)[name]
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_a_worker_of_another_unit_gets_404_and_changes_nothing(
    client, bob, group_of_a, session_of_a, enrollment_of_a, name
):
    client.force_login(bob)
    url = urls_of(group_of_a, session_of_a, enrollment_of_a)[name]
    assert client.get(url).status_code == 404
    if name != "detail":  # the group page takes no POST
        assert client.post(url, {"present": [enrollment_of_a.pk]}).status_code == 404
    assert not Attendance.objects.exists()
    assert GroupSession.objects.get().status == SessionStatus.PLANNED


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_log_in(client, group_of_a, session_of_a, enrollment_of_a, name):
    url = urls_of(group_of_a, session_of_a, enrollment_of_a)[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["groups:list", "groups:create"])
def test_list_and_create_need_login_and_a_role_with_client_data(client, alice, administrator, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(administrator)
    assert client.get(reverse(name)).status_code == 403
    client.force_login(alice)
    assert client.get(reverse(name)).status_code == 200


def test_the_list_shows_only_groups_of_the_users_units(client, alice, group_of_a, group_of_b):
    client.force_login(alice)
    response = client.get(reverse("groups:list"))
    assert list(response.context["groups"]) == [group_of_a]


def test_an_enrolled_client_of_another_unit_is_shown_as_a_number_only(
    client, alice, group_of_a, enrollment_of_a, client_of_b
):
    EnrollmentFactory(group=group_of_a, client=client_of_b)
    client.force_login(alice)
    response = client.get(reverse("groups:detail", args=[group_of_a.pk]))
    assert response.context["enrollments"] == [enrollment_of_a]
    assert response.context["hidden_enrollments"] == 1
    assert client_of_b.last_name not in response.content.decode()


def test_an_enrollment_of_bobs_client_is_404_to_alice_and_logged_as_refused(
    client, alice, group_of_a, client_of_b
):
    hidden = EnrollmentFactory(group=group_of_a, client=client_of_b)
    client.force_login(alice)
    assert client.get(reverse("groups:enrollment_update", args=[hidden.pk])).status_code == 404
    refused = AccessLogEntry.objects.get(allowed=False)
    assert (refused.client_id, refused.record_type) == (client_of_b.pk, "groups.enrollment")


def test_the_list_filters_by_period_unit_municipality_and_kind(client, alice, unit_a, area):
    spring = FunctionalGroupFactory(
        unit=unit_a, starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2019, 5, 31)
    )
    autumn = FunctionalGroupFactory(
        unit=unit_a,
        starts_on=datetime.date(2019, 9, 1),
        ends_on=datetime.date(2019, 12, 31),
        kind=GroupKind.REHABILITATIVE_WORK,
        municipality=MunicipalityFactory(area=area),
    )
    client.force_login(alice)

    def shown(**criteria):
        return list(client.get(reverse("groups:list"), criteria).context["groups"])

    # A group is in the period when its own period overlaps it.
    assert shown(period_from="2019-05-01", period_until="2019-08-31") == [spring]
    assert shown(period_from="2019-05-31") == [autumn, spring]
    assert shown(period_until="2018-12-31") == []
    assert shown(kind=GroupKind.REHABILITATIVE_WORK) == [autumn]
    assert shown(municipality=spring.municipality_id) == [spring]
    assert shown(unit=unit_a.pk) == [autumn, spring]


def test_the_list_pages_keep_the_filter(client, alice, unit_a):
    FunctionalGroupFactory.create_batch(26, unit=unit_a)
    client.force_login(alice)
    response = client.get(reverse("groups:list"), {"kind": GroupKind.SOCIAL_REHABILITATION})
    assert response.context["page_obj"].has_next()
    assert "?kind=social_rehabilitation&amp;page=2" in response.content.decode()


def test_the_client_page_shows_the_clients_groups(client, alice, group_of_a, enrollment_of_a):
    AttendanceFactory(enrollment=enrollment_of_a, session=GroupSessionFactory(group=group_of_a))
    client.force_login(alice)
    response = client.get(reverse("clients:detail", args=[enrollment_of_a.client.client_number]))
    events = [e for e in response.context["timeline"] if e.kind == "group"]
    assert [(e.on, e.url) for e in events] == [
        (enrollment_of_a.signed_up_on, reverse("groups:detail", args=[group_of_a.pk]))
    ]
    _kind, _status, attended = events[0].details
    assert attended[1] == "1"


# --- The access log -----------------------------------------------------------


def logged(action) -> list[tuple[int, str]]:
    return sorted(
        AccessLogEntry.objects.filter(action=action, allowed=True).values_list(
            "client_id", "record_type"
        )
    )


def test_the_group_page_logs_every_enrolled_client_shown(
    client, alice, group_of_a, enrollment_of_a, unit_a
):
    other = EnrollmentFactory(group=group_of_a, client=ClientFactory(unit=unit_a))
    client.force_login(alice)
    client.get(reverse("groups:detail", args=[group_of_a.pk]))
    assert logged(AccessAction.LIST) == sorted(
        [(enrollment_of_a.client_id, "groups.enrollment"), (other.client_id, "groups.enrollment")]
    )


def test_the_attendance_grid_logs_a_list_on_get_and_a_change_on_post(
    client, alice, session_of_a, enrollment_of_a
):
    client.force_login(alice)
    url = reverse("groups:attendance", args=[session_of_a.pk])
    client.get(url)
    assert logged(AccessAction.LIST) == [(enrollment_of_a.client_id, "groups.enrollment")]
    client.post(url, {"present": [enrollment_of_a.pk]})
    assert logged(AccessAction.CHANGE) == [(enrollment_of_a.client_id, "groups.enrollment")]


def test_the_enrollment_form_logs_the_clients_it_lists_and_the_one_it_enrolls(
    client, alice, group_of_a, client_of_a, client_of_b
):
    client.force_login(alice)
    url = reverse("groups:enroll", args=[group_of_a.pk])
    response = client.get(url)
    assert list(response.context["form"].fields["client"].queryset) == [client_of_a]
    assert logged(AccessAction.LIST) == [(client_of_a.pk, "clients.client")]
    response = client.post(url, {"client": client_of_a.pk, "signed_up_on": "2019-01-10"})
    assert response.status_code == 302
    enrollment = Enrollment.objects.get()
    assert (enrollment.group, enrollment.client, enrollment.recorded_by) == (
        group_of_a,
        client_of_a,
        alice,
    )
    assert logged(AccessAction.CREATE) == [(client_of_a.pk, "groups.enrollment")]


# --- Writing through the pages ---------------------------------------------


def test_a_worker_founds_a_group_in_own_unit(client, alice, unit_a, area):
    municipality = MunicipalityFactory(area=area)
    client.force_login(alice)
    response = client.post(
        reverse("groups:create"),
        {
            "name": "Luontoryhmä",
            "kind": GroupKind.REHABILITATIVE_WORK,
            "unit": unit_a.pk,
            "municipality": municipality.pk,
            "place": "Lähiluonto",
            "starts_on": "2019-04-01",
            "ends_on": "2019-06-14",
            "leaders": [alice.pk],
            "external_instructors": "Eräopas",
        },
    )
    group = FunctionalGroup.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("groups:detail", args=[group.pk])
    assert list(group.leaders.all()) == [alice]


def test_a_worker_cannot_found_a_group_in_another_unit(client, bob, unit_a, area):
    client.force_login(bob)
    response = client.post(
        reverse("groups:create"),
        {
            "name": "Luontoryhmä",
            "kind": GroupKind.REHABILITATIVE_WORK,
            "unit": unit_a.pk,
            "municipality": MunicipalityFactory(area=area).pk,
            "starts_on": "2019-04-01",
            "ends_on": "2019-06-14",
            "leaders": [bob.pk],
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not FunctionalGroup.objects.exists()


def test_saving_attendance_marks_the_planned_session_held_and_the_client_active(
    client, alice, session_of_a, enrollment_of_a, group_of_a, unit_a
):
    absent = EnrollmentFactory(group=group_of_a, client=ClientFactory(unit=unit_a))
    client.force_login(alice)
    response = client.post(
        reverse("groups:attendance", args=[session_of_a.pk]), {"present": [enrollment_of_a.pk]}
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("enrollment_id", "present")) == {
        enrollment_of_a.pk: True,
        absent.pk: False,
    }
    session_of_a.refresh_from_db()
    assert session_of_a.status == SessionStatus.HELD
    enrollment_of_a.refresh_from_db()
    absent.refresh_from_db()
    assert (enrollment_of_a.status, absent.status) == (
        EnrollmentStatus.ACTIVE,
        EnrollmentStatus.SIGNED_UP,
    )

    # Saving again corrects the same rows: still one per client and session.
    client.post(reverse("groups:attendance", args=[session_of_a.pk]), {"present": [absent.pk]})
    assert dict(Attendance.objects.values_list("enrollment_id", "present")) == {
        enrollment_of_a.pk: False,
        absent.pk: True,
    }


def test_the_grid_leaves_out_who_dropped_out_before_the_session(
    client, alice, group_of_a, enrollment_of_a, unit_a
):
    session = GroupSessionFactory(group=group_of_a, date=datetime.date(2019, 3, 1))
    EnrollmentFactory(
        group=group_of_a,
        client=ClientFactory(unit=unit_a),
        status=EnrollmentStatus.DROPPED_OUT,
        dropped_out_on=datetime.date(2019, 2, 1),
        drop_out_reason="Muutti pois.",
    )
    later = EnrollmentFactory(
        group=group_of_a,
        client=ClientFactory(unit=unit_a),
        status=EnrollmentStatus.DROPPED_OUT,
        dropped_out_on=datetime.date(2019, 3, 2),
        drop_out_reason="Ei kokenut ryhmää omakseen.",
    )
    client.force_login(alice)
    response = client.get(reverse("groups:attendance", args=[session.pk]))
    assert {row.pk for row in response.context["rows"]} == {enrollment_of_a.pk, later.pk}


def test_a_drop_out_is_recorded_with_its_day_and_reason(client, alice, enrollment_of_a):
    client.force_login(alice)
    response = client.post(
        reverse("groups:drop_out", args=[enrollment_of_a.pk]),
        {"dropped_out_on": "2019-02-15", "drop_out_reason": "Ei kokenut ryhmää omakseen."},
    )
    assert response.status_code == 302
    enrollment_of_a.refresh_from_db()
    assert enrollment_of_a.status == EnrollmentStatus.DROPPED_OUT
    assert enrollment_of_a.dropped_out_on == datetime.date(2019, 2, 15)


def test_the_esf_start_and_exit_forms_are_saved_on_the_enrollment(client, alice, enrollment_of_a):
    client.force_login(alice)
    url = reverse("groups:enrollment_update", args=[enrollment_of_a.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {
        "status": EnrollmentStatus.COMPLETED,
        "labour_market_status": "long_term_unemployed",
        "months_unemployed": "26",
        "education_level": "isced_1_2",
        "disability": "undisclosed",
        "exit_recorded_on": "2019-06-01",
        "exit_job_searching": "yes",
    }
    assert client.post(url, data).status_code == 302
    enrollment_of_a.refresh_from_db()
    assert enrollment_of_a.status == EnrollmentStatus.COMPLETED
    assert enrollment_of_a.months_unemployed == 26
    assert enrollment_of_a.disability == "undisclosed"
    assert enrollment_of_a.exit_job_searching == "yes"


def test_the_age_group_is_worked_out_at_sign_up(client, alice, group_of_a, unit_a):
    young = ClientFactory(unit=unit_a, date_of_birth=datetime.date(1995, 6, 1))
    client.force_login(alice)
    client.post(
        reverse("groups:enroll", args=[group_of_a.pk]),
        {"client": young.pk, "signed_up_on": "2019-01-10", "age_group": "over_54"},
    )
    assert Enrollment.objects.get().age_group == "under_25"


def test_feedback_is_recorded_without_naming_a_client(client, alice, group_of_a, session_of_a):
    client.force_login(alice)
    response = client.post(
        reverse("groups:feedback", args=[group_of_a.pk]),
        {
            "given_by": "participant",
            "session": session_of_a.pk,
            "received_on": "2019-03-01",
            "rating": "5",
            "text": "Koira auttoi olemaan ryhmässä.",
        },
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.session, feedback.recorded_by) == (5, session_of_a, alice)
    assert not [f.name for f in Feedback._meta.get_fields() if f.name == "client"]


# --- Query counts ----------------------------------------------------------


def make_groups(unit, n):
    for _ in range(n):
        group = FunctionalGroupFactory(unit=unit)
        session = GroupSessionFactory(group=group)
        AttendanceFactory(enrollment=EnrollmentFactory(group=group), session=session)
        FeedbackFactory(group=group)


def test_the_group_list_uses_a_constant_number_of_queries(
    client, alice, unit_a, django_assert_num_queries
):
    make_groups(unit_a, 2)
    client.force_login(alice)
    url = reverse("groups:list")
    # session, user, count, the page of groups with their counts, the units
    # and municipalities of the filter (the session is not written again
    # within a minute of login)
    with django_assert_num_queries(6):
        response = client.get(url, {"kind": GroupKind.SOCIAL_REHABILITATION})
    assert len(response.context["groups"]) == 2
    make_groups(unit_a, 10)
    with django_assert_num_queries(6):
        response = client.get(url, {"kind": GroupKind.SOCIAL_REHABILITATION})
    assert len(response.context["groups"]) == 12
    assert {g.participant_count for g in response.context["groups"]} == {1}


def test_the_group_page_uses_a_constant_number_of_queries(
    client, alice, group_of_a, unit_a, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            session = GroupSessionFactory(group=group_of_a)
            enrollment = EnrollmentFactory(group=group_of_a, client=ClientFactory(unit=unit_a))
            AttendanceFactory(enrollment=enrollment, session=session)
            FeedbackFactory(group=group_of_a, session=session, rating=4)

    add(1)
    client.force_login(alice)
    url = reverse("groups:detail", args=[group_of_a.pk])
    # session, user, the group with its counts, leaders, sessions, the
    # enrollments, the hidden ones, feedback and its summary, the user's units
    # and the log insert (the session is not written again within a minute)
    with django_assert_num_queries(11) as captured:
        client.get(url)
    add(5)
    with django_assert_num_queries(len(captured.captured_queries)):
        response = client.get(url)
    assert response.context["group"].participant_count == 6


def test_saving_attendance_of_30_clients_takes_a_bounded_number_of_queries(
    client, alice, group_of_a, unit_a, django_assert_max_num_queries
):
    session = GroupSessionFactory(group=group_of_a, status=SessionStatus.PLANNED)
    enrollments = [
        EnrollmentFactory(group=group_of_a, client=ClientFactory(unit=unit_a)) for _ in range(30)
    ]
    client.force_login(alice)
    url = reverse("groups:attendance", args=[session.pk])
    present = [e.pk for e in enrollments[::2]]
    # session, user, the session, the sheet, the ticked ones; the upsert, the
    # session held, the clients active, the user's units and the log insert,
    # in one transaction (2 savepoints here): 14, the same for 3 clients as
    # for 30 (the session is not written again within a minute of login)
    with django_assert_max_num_queries(14):
        response = client.post(url, {"present": present})
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session).count() == 30
    assert Attendance.objects.filter(session=session, present=True).count() == 15
    assert AccessLogEntry.objects.filter(action=AccessAction.CHANGE).count() == 30
