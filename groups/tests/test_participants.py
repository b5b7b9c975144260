"""Who counts as a participant, and the other figures of groups
(groups/selectors.py): counted in the database, within the user's scope."""

import datetime

import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory
from clients.tests.factories import ClientFactory
from groups import selectors
from groups.models import EnrollmentStatus, FunctionalGroup, GroupKind, SessionStatus
from groups.tests.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    FeedbackFactory,
    FunctionalGroupFactory,
    GroupSessionFactory,
)

pytestmark = pytest.mark.django_db


def count_of(group, **period) -> int:
    groups = FunctionalGroup.objects.filter(pk=group.pk)
    return selectors.participant_counts(groups, **period).get().participant_count


def came(enrollment, session, present=True):
    return AttendanceFactory(enrollment=enrollment, session=session, present=present)


def test_participant_needs_one_attended_session(group_of_a):
    session = GroupSessionFactory(group=group_of_a)
    came_once = EnrollmentFactory(group=group_of_a)
    came(came_once, session)
    EnrollmentFactory(group=group_of_a)  # signed up, never came
    absent = EnrollmentFactory(group=group_of_a)
    came(absent, session, present=False)

    assert count_of(group_of_a) == 1
    assert list(selectors.participants(FunctionalGroup.objects.all())) == [came_once]


def test_dropping_out_after_one_session_still_counts(group_of_a):
    first, second = GroupSessionFactory.create_batch(2, group=group_of_a)
    left = EnrollmentFactory(
        group=group_of_a,
        status=EnrollmentStatus.DROPPED_OUT,
        dropped_out_on=second.date,
        drop_out_reason="Ei kokenut ryhmää omakseen.",
    )
    came(left, first)
    assert count_of(group_of_a) == 1


def test_cancelled_and_planned_sessions_count_for_nothing(group_of_a):
    cancelled = GroupSessionFactory(
        group=group_of_a, status=SessionStatus.CANCELLED, cancel_reason="Ohjaaja sairastui."
    )
    planned = GroupSessionFactory(group=group_of_a, status=SessionStatus.PLANNED)
    came(EnrollmentFactory(group=group_of_a), cancelled)
    came(EnrollmentFactory(group=group_of_a), planned)

    assert count_of(group_of_a) == 0
    annotated = selectors.sessions_held_counts(FunctionalGroup.objects.all()).get()
    assert annotated.sessions_held == 0


def test_a_client_in_two_groups_counts_in_each_and_once_among_distinct(unit_a, alice, supervisor):
    person = ClientFactory(unit=unit_a)
    groups = FunctionalGroupFactory.create_batch(2, unit=unit_a)
    for group in groups:
        came(EnrollmentFactory(group=group, client=person), GroupSessionFactory(group=group))
    came(EnrollmentFactory(group=groups[1]), GroupSessionFactory(group=groups[1]))

    assert [count_of(group) for group in groups] == [1, 2]
    assert selectors.participant_total(user=supervisor) == 3
    assert selectors.distinct_participants(user=supervisor) == 2


def test_presence_at_another_groups_session_does_not_count(unit_a):
    group, other = FunctionalGroupFactory.create_batch(2, unit=unit_a)
    # A row that the service would refuse: the session is not of the group.
    came(EnrollmentFactory(group=group), GroupSessionFactory(group=other))
    assert count_of(group) == 0


def test_the_period_is_the_day_of_the_session(group_of_a):
    early = GroupSessionFactory(group=group_of_a, date=datetime.date(2019, 2, 1))
    late = GroupSessionFactory(group=group_of_a, date=datetime.date(2019, 5, 1))
    came(EnrollmentFactory(group=group_of_a), early)
    came(EnrollmentFactory(group=group_of_a), late)
    spring = {"start": datetime.date(2019, 4, 1), "end": datetime.date(2019, 6, 30)}

    assert count_of(group_of_a) == 2
    assert count_of(group_of_a, **spring) == 1
    annotated = selectors.sessions_held_counts(FunctionalGroup.objects.all(), **spring).get()
    assert annotated.sessions_held == 1


def test_groups_held_need_a_held_session_in_the_period(unit_a, supervisor):
    held = FunctionalGroupFactory(unit=unit_a)
    GroupSessionFactory(group=held, date=datetime.date(2019, 3, 1))
    GroupSessionFactory(
        group=FunctionalGroupFactory(unit=unit_a),
        status=SessionStatus.CANCELLED,
        cancel_reason="Ei osallistujia.",
    )
    FunctionalGroupFactory(unit=unit_a)  # no sessions at all

    assert selectors.groups_held(user=supervisor) == 1
    assert selectors.groups_held(user=supervisor, start=datetime.date(2019, 4, 1)) == 0
    assert selectors.sessions_held_total(user=supervisor) == 1


def test_the_groups_figures_take_two_queries_and_count_each_group_once(
    unit_a, unit_b, supervisor, django_assert_num_queries
):
    twice = FunctionalGroupFactory(unit=unit_a)
    GroupSessionFactory(group=twice, date=datetime.date(2019, 3, 1))
    GroupSessionFactory(group=twice, date=datetime.date(2019, 3, 8))
    once = FunctionalGroupFactory(unit=unit_a, kind=GroupKind.REHABILITATIVE_WORK)
    GroupSessionFactory(group=once, date=datetime.date(2019, 3, 15))
    developers = FunctionalGroupFactory(unit=unit_a, kind=GroupKind.DEVELOPER_CLIENT)
    GroupSessionFactory(group=developers, date=datetime.date(2019, 3, 20))
    elsewhere = FunctionalGroupFactory(unit=unit_b)
    GroupSessionFactory(group=elsewhere, date=datetime.date(2019, 3, 1))

    # the held sessions' three figures in one query, the participants in one
    with django_assert_num_queries(2):
        figures = selectors.group_figures(user=supervisor)
    assert (figures["groups_held"], figures["sessions_held"]) == (2, 3)
    assert figures["developer_client_meetings"] == 1
    after_march_1 = {"start": datetime.date(2019, 3, 2), "end": datetime.date(2019, 3, 31)}
    assert selectors.held_session_totals(user=supervisor, **after_march_1) == {
        "sessions_held": 2,
        "groups_held": 2,
        "developer_client_meetings": 1,
    }


def test_the_developer_client_group_is_not_a_functional_group(unit_a, supervisor):
    developers = FunctionalGroupFactory(unit=unit_a, kind=GroupKind.DEVELOPER_CLIENT)
    member = EnrollmentFactory(group=developers)
    for _meeting in range(3):
        came(member, GroupSessionFactory(group=developers))
    GroupSessionFactory(
        group=developers, status=SessionStatus.CANCELLED, cancel_reason="Tila oli varattu."
    )

    figures = selectors.group_figures(user=supervisor)
    assert figures == {
        "groups_held": 0,
        "participants": 0,
        "distinct_participants": 0,
        "sessions_held": 0,
        "developer_client_meetings": 3,
    }
    assert count_of(developers) == 1  # its own page still counts its members


def test_figures_cover_the_units_the_user_may_see(area, unit_a, unit_b, supervisor, bob):
    for unit in (unit_a, unit_b):
        group = FunctionalGroupFactory(unit=unit)
        came(EnrollmentFactory(group=group), GroupSessionFactory(group=group))
    coordinator = UserFactory(role=Role.COORDINATOR, area=area, units=[unit_a])
    administrator = UserFactory(role=Role.ADMINISTRATOR, area=None)

    assert selectors.participant_total(user=supervisor) == 1
    assert selectors.participant_total(user=bob) == 1
    # A coordinator reports on the whole area.
    assert selectors.participant_total(user=coordinator) == 2
    assert selectors.participant_total(user=administrator) == 0


def test_group_list_counts_without_a_query_per_group(alice, unit_a, django_assert_num_queries):
    for n in range(3):
        group = FunctionalGroupFactory(unit=unit_a)
        session = GroupSessionFactory(group=group)
        GroupSessionFactory(group=group)
        for _person in range(n):
            came(EnrollmentFactory(group=group), session)
    with django_assert_num_queries(1):
        rows = list(selectors.group_list(user=alice))
    assert sorted((g.sessions_held, g.participant_count) for g in rows) == [
        (2, 0),
        (2, 1),
        (2, 2),
    ]


def test_feedback_summary_keeps_the_low_ratings_visible(group_of_a):
    for rating in (5, 5, 4, 1, None):
        FeedbackFactory(group=group_of_a, rating=rating)
    FeedbackFactory(group=group_of_a, rating=1, given_by="leader")  # not a participant's rating
    summary = selectors.feedback_summary(group=group_of_a)
    assert summary["count"] == 6
    assert summary["rated"] == 4
    assert summary["mean_rating"] == pytest.approx(3.75)
    assert summary["ratings"] == [(1, 1), (2, 0), (3, 0), (4, 1), (5, 2)]
