"""Writes of the activities app: the rules of a row hold, and a refused
write leaves nothing behind."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from activities import services
from activities.forms import TrainingDaysField
from activities.models import FollowerCount, MediaItem, Training, TrainingDay, Workshop
from activities.tests.factories import FollowerCountFactory, TrainingFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.datetime(2019, 6, 10, 9, 0, tzinfo=datetime.UTC)


def training_fields(**changes):
    fields = {
        "name": "Dialogisuus",
        "provider": "Osaamiskeskus ISO",
        "started": 17,
        "finished": 13,
        "notes": "",
    }
    return fields | changes


def test_a_training_is_recorded_with_its_days(area):
    training = services.training_record(
        area=area, days=[D(2019, 2, 7), D(2018, 9, 20)], **training_fields()
    )

    assert list(training.days.values_list("held_on", flat=True)) == [D(2018, 9, 20), D(2019, 2, 7)]


def test_more_finishing_than_starting_is_refused_and_nothing_is_saved(area):
    with pytest.raises(ValidationError) as refused:
        services.training_record(
            area=area, days=[D(2019, 3, 26)], **training_fields(started=13, finished=17)
        )

    assert "finished" in refused.value.message_dict
    assert not Training.objects.exists()
    assert not TrainingDay.objects.exists()


def test_the_database_refuses_more_finishing_than_starting(area):
    with pytest.raises(IntegrityError):
        Training.objects.create(area=area, name="Ohi palvelun", started=1, finished=2)


def test_a_training_needs_a_day_and_nothing_is_saved_without_one(area):
    with pytest.raises(ValidationError) as refused:
        services.training_record(area=area, days=[], **training_fields())

    assert "days" in refused.value.message_dict
    assert not Training.objects.exists()


def test_updating_a_training_replaces_its_days(area):
    training = TrainingFactory(area=area, days=[D(2019, 3, 26), D(2019, 3, 27)])
    kept = training.days.get(held_on=D(2019, 3, 26))

    services.training_update(
        training=training, days=[D(2019, 3, 26), D(2019, 4, 2)], **training_fields()
    )

    assert list(training.days.values_list("held_on", flat=True)) == [D(2019, 3, 26), D(2019, 4, 2)]
    assert training.days.get(held_on=D(2019, 3, 26)).pk == kept.pk


def test_a_refused_training_update_changes_nothing(area):
    training = TrainingFactory(area=area, started=17, finished=13, days=[D(2019, 3, 26)])

    with pytest.raises(ValidationError):
        services.training_update(
            training=training, days=[D(2019, 5, 5)], **training_fields(finished=18)
        )

    training.refresh_from_db()
    assert training.finished == 13
    assert list(training.days.values_list("held_on", flat=True)) == [D(2019, 3, 26)]


def test_the_same_workshop_twice_is_refused(area):
    WorkshopFactory(area=area, held_on=D(2019, 1, 22), topic="Rakenteellinen sosiaalityö")

    with pytest.raises(ValidationError):
        services.workshop_record(
            area=area, held_on=D(2019, 1, 22), topic="Rakenteellinen sosiaalityö"
        )

    assert Workshop.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_workshop_may_be_planned_ahead_but_counted_only_once_held(area):
    services.workshop_record(area=area, held_on=D(2019, 9, 1), topic="Tuleva työpaja")

    with pytest.raises(ValidationError) as refused:
        services.workshop_record(
            area=area, held_on=D(2019, 9, 2), topic="Toinen tuleva", participants=12
        )

    assert "participants" in refused.value.message_dict
    assert Workshop.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_follower_count_cannot_be_dated_in_the_future(area):
    """Decision: a count is an observation, so tomorrow's is refused;
    today's is fine."""
    services.follower_count_record(
        area=area, channel="Facebook", counted_on=D(2019, 6, 10), followers=171
    )

    with pytest.raises(ValidationError) as refused:
        services.follower_count_record(
            area=area, channel="Facebook", counted_on=D(2019, 6, 11), followers=172
        )

    assert "counted_on" in refused.value.message_dict
    assert FollowerCount.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_media_item_cannot_be_dated_in_the_future(area):
    with pytest.raises(ValidationError) as refused:
        services.media_item_record(
            area=area, kind="radio", published_on=D(2019, 6, 11), outlet="Yle", title="Huomenna"
        )

    assert "published_on" in refused.value.message_dict
    assert not MediaItem.objects.exists()


def test_a_channel_keeps_the_spelling_it_already_has(area):
    FollowerCountFactory(area=area, channel="Facebook", counted_on=D(2019, 6, 30))

    count = services.follower_count_record(
        area=area, channel="  facebook ", counted_on=D(2019, 9, 30), followers=189
    )

    assert count.channel == "Facebook"
    with pytest.raises(ValidationError):
        services.follower_count_record(
            area=area, channel="FACEBOOK", counted_on=D(2019, 9, 30), followers=190
        )


# --- The days field of the training form --------------------------------------------


def test_the_days_field_reads_one_day_per_line():
    field = TrainingDaysField()

    assert field.clean("20.9.2018\n 15.11.2018 \n\n7.2.2019, 9.5.2019") == [
        D(2018, 9, 20),
        D(2018, 11, 15),
        D(2019, 2, 7),
        D(2019, 5, 9),
    ]


@pytest.mark.parametrize("entry", ["31.2.2019", "2019-02-07", "7.2.19", "7/2/2019", "huomenna"])
def test_the_days_field_names_a_bad_date(entry):
    with pytest.raises(ValidationError) as refused:
        TrainingDaysField().clean(f"20.9.2018\n{entry}")

    assert [error.code for error in refused.value.error_list] == ["invalid_day"]
    assert entry in refused.value.messages[0]


def test_the_days_field_refuses_a_day_given_twice_and_no_days():
    with pytest.raises(ValidationError) as refused:
        TrainingDaysField().clean("26.3.2019\n26.03.2019")
    assert [error.code for error in refused.value.error_list] == ["repeated_day"]

    with pytest.raises(ValidationError) as refused:
        TrainingDaysField().clean("  \n ")
    assert [error.code for error in refused.value.error_list] == ["required"]
