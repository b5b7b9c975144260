"""The figures of the activities app, each against its definition
(activities/selectors.py): what counts, in which period, for whom."""

import datetime

import pytest

from activities import selectors
from activities.models import MediaKind, ParticipationKind
from activities.tests.factories import (
    FollowerCountFactory,
    MediaItemFactory,
    ParticipationEventFactory,
    TrainingFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Y2018 = {"start": D(2018, 1, 1), "end": D(2018, 12, 31)}
Y2019 = {"start": D(2019, 1, 1), "end": D(2019, 12, 31)}
PROJECT = {"start": D(2018, 2, 1), "end": D(2019, 12, 31)}


def test_a_training_with_days_in_two_years_counts_in_both_and_its_days_in_their_own(alice):
    TrainingFactory(
        area=alice.area, days=[D(2018, 9, 20), D(2018, 11, 15), D(2019, 2, 7), D(2019, 5, 9)]
    )
    TrainingFactory(area=alice.area, days=[D(2019, 3, 26), D(2019, 3, 27)])

    assert selectors.training_count(user=alice, **Y2018) == 1
    assert selectors.training_count(user=alice, **Y2019) == 2
    assert selectors.training_count(user=alice, **PROJECT) == 2
    assert selectors.training_days(user=alice, **Y2018) == 2
    assert selectors.training_days(user=alice, **Y2019) == 4
    assert selectors.training_days(user=alice, **PROJECT) == 6


def test_a_training_counts_only_by_its_days(alice):
    TrainingFactory(area=alice.area, days=[D(2017, 12, 31)])
    TrainingFactory(area=alice.area)  # no days recorded yet

    assert selectors.training_count(user=alice, **Y2018) == 0
    assert selectors.training_days(user=alice, **Y2018) == 0


def test_the_period_includes_both_ends(alice):
    WorkshopFactory(area=alice.area, held_on=D(2018, 1, 1))
    WorkshopFactory(area=alice.area, held_on=D(2018, 12, 31))
    WorkshopFactory(area=alice.area, held_on=D(2019, 1, 1))
    TrainingFactory(area=alice.area, days=[D(2018, 12, 31)])

    assert selectors.workshop_count(user=alice, **Y2018) == 2
    assert selectors.training_count(user=alice, **Y2018) == 1
    assert selectors.training_days(user=alice, **Y2018) == 1


def test_figures_are_of_the_users_own_area_only(alice, bob, outsider, administrator):
    for area in (alice.area, outsider.area):
        WorkshopFactory(area=area, held_on=D(2018, 6, 12))
        TrainingFactory(area=area, days=[D(2018, 10, 24)])
        ParticipationEventFactory(area=area, participants=21)
        MediaItemFactory(area=area, published_on=D(2018, 11, 7))
        FollowerCountFactory(area=area, counted_on=D(2018, 12, 31))

    for user in (alice, bob, outsider):  # bob: another unit, the same area
        assert selectors.workshop_count(user=user, **Y2018) == 1
        assert selectors.training_count(user=user, **Y2018) == 1
        assert selectors.training_days(user=user, **Y2018) == 1
        assert selectors.participation_event_count(user=user, **Y2018) == 1
        assert selectors.participation_participants(user=user, **Y2018) == 21
        assert sum(selectors.media_item_count(user=user, **Y2018).values()) == 1
        assert len(selectors.latest_follower_counts(user=user, on=D(2019, 1, 1))) == 1
    # The administrator manages users, not the area's activities.
    assert selectors.workshop_count(user=administrator, **Y2018) == 0
    assert selectors.training_days(user=administrator, **Y2018) == 0
    assert (
        selectors.latest_follower_count(user=administrator, channel="Facebook", on=D(2019, 1, 1))
        is None
    )


def test_participants_are_the_sum_of_known_head_counts(alice):
    ParticipationEventFactory(area=alice.area, held_on=D(2018, 6, 6), participants=21)
    ParticipationEventFactory(
        area=alice.area, kind=ParticipationKind.SURVEY, held_on=D(2018, 10, 31), participants=None
    )
    ParticipationEventFactory(
        area=alice.area, kind=ParticipationKind.CONTEST, held_on=D(2019, 5, 31), participants=9
    )

    assert selectors.participation_event_count(user=alice, **Y2018) == 2
    assert selectors.participation_participants(user=alice, **Y2018) == 21
    assert selectors.participation_event_count(user=alice, **PROJECT) == 3
    assert selectors.participation_participants(user=alice, **PROJECT) == 30
    assert (
        selectors.participation_participants(
            user=alice, kind=ParticipationKind.CLIENT_AFTERNOON, **PROJECT
        )
        == 21
    )
    assert (
        selectors.participation_event_count(user=alice, kind=ParticipationKind.SURVEY, **PROJECT)
        == 1
    )
    assert selectors.participation_participants(user=alice, **Y2019 | {"end": D(2019, 1, 1)}) == 0


def test_media_items_are_counted_by_kind_with_every_kind_present(alice):
    MediaItemFactory(area=alice.area, kind=MediaKind.RADIO, published_on=D(2019, 4, 11))
    MediaItemFactory(area=alice.area, kind=MediaKind.TV, published_on=D(2019, 4, 11))
    MediaItemFactory(area=alice.area, kind=MediaKind.BLOG, published_on=D(2019, 10, 2))
    MediaItemFactory(area=alice.area, kind=MediaKind.BLOG, published_on=D(2018, 11, 7))

    counts = selectors.media_item_count(user=alice, **Y2019)

    assert counts == {
        "tv": 1,
        "radio": 1,
        "newspaper": 0,
        "blog": 1,
        "social_media": 0,
        "other": 0,
    }


def test_the_latest_follower_count_is_the_last_one_on_or_before_the_day(alice):
    for day, followers in [(D(2018, 6, 30), 42), (D(2019, 6, 30), 171), (D(2019, 12, 31), 205)]:
        FollowerCountFactory(area=alice.area, counted_on=day, followers=followers)
    FollowerCountFactory(area=alice.area, channel="Instagram", counted_on=D(2020, 1, 5))

    def latest(channel, on):
        count = selectors.latest_follower_count(user=alice, channel=channel, on=on)
        return count and count.followers

    assert latest("Facebook", D(2018, 6, 29)) is None
    assert latest("Facebook", D(2018, 6, 30)) == 42
    assert latest("Facebook", D(2019, 12, 30)) == 171
    assert latest("Facebook", D(2019, 12, 31)) == 205
    assert latest(" facebook ", D(2025, 1, 1)) == 205
    assert latest("Instagram", D(2019, 12, 31)) is None
    assert [
        (c.channel, c.followers)
        for c in selectors.latest_follower_counts(user=alice, on=D(2019, 12, 31))
    ] == [("Facebook", 205)]
    assert [c.channel for c in selectors.latest_follower_counts(user=alice, on=D(2020, 2, 1))] == [
        "Facebook",
        "Instagram",
    ]


def test_activity_years_are_the_years_with_any_record(alice, outsider):
    WorkshopFactory(area=alice.area, held_on=D(2018, 4, 27))
    TrainingFactory(area=alice.area, days=[D(2019, 2, 7)])
    FollowerCountFactory(area=alice.area, counted_on=D(2019, 12, 31))
    WorkshopFactory(area=outsider.area, held_on=D(2016, 1, 1))

    assert selectors.activity_years(user=alice) == [2019, 2018]
