"""The demo's activities reproduce the final report's nutshell figures
through the selectors, for the demo coordinator, and load idempotently."""

import datetime
import io

import pytest
from django.core.management import call_command

from accounts.models import User
from activities import selectors
from activities.models import (
    FollowerCount,
    MediaItem,
    ParticipationEvent,
    ParticipationKind,
    Training,
    TrainingDay,
    Workshop,
)

pytestmark = pytest.mark.django_db

PROJECT = {"start": datetime.date(2018, 2, 1), "end": datetime.date(2019, 12, 31)}


def activity_rows() -> dict:
    models = (Workshop, Training, TrainingDay, ParticipationEvent, MediaItem, FollowerCount)
    return {model.__name__: model.objects.count() for model in models}


def test_demo_activities_give_the_reports_figures(settings):
    settings.DEMO_DATA_ALLOWED = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = activity_rows()
    call_command("load_demo", stdout=io.StringIO())
    coordinator = User.objects.get(username="koordinaattori")

    assert activity_rows() == first
    assert selectors.training_count(user=coordinator, **PROJECT) == 4
    assert selectors.training_days(user=coordinator, **PROJECT) == 8
    assert selectors.workshop_count(user=coordinator, **PROJECT) == 6
    afternoon = {
        "user": coordinator,
        "start": datetime.date(2018, 6, 6),
        "end": datetime.date(2018, 6, 6),
        "kind": ParticipationKind.CLIENT_AFTERNOON,
    }
    assert selectors.participation_event_count(**afternoon) == 1
    assert selectors.participation_participants(**afternoon) == 21
    assert (
        selectors.participation_event_count(
            user=coordinator, kind=ParticipationKind.SURVEY, **PROJECT
        )
        == 1
    )
    assert (
        selectors.participation_event_count(
            user=coordinator, kind=ParticipationKind.CONTEST, **PROJECT
        )
        == 1
    )
    media = selectors.media_item_count(user=coordinator, **PROJECT)
    assert all(media[kind] >= 1 for kind in ("tv", "radio", "newspaper", "blog"))
    followers = selectors.latest_follower_count(
        user=coordinator, channel="Facebook", on=PROJECT["end"]
    )
    assert followers.followers > 200
    dialogism = Training.objects.get(name="Dialogisuus")
    assert (dialogism.started, dialogism.finished, dialogism.days.count()) == (17, 13, 4)
    assert "6 workshops, 4 trainings over 8 training days" in out.getvalue()
