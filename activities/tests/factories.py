import datetime

import factory

from accounts.tests.factories import AreaFactory
from activities.models import (
    FollowerCount,
    MediaItem,
    MediaKind,
    ParticipationEvent,
    ParticipationKind,
    Training,
    TrainingDay,
    Workshop,
)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    area = factory.SubFactory(AreaFactory)
    held_on = datetime.date(2019, 1, 22)
    topic = factory.Sequence(lambda n: f"Työpaja {n}")
    participants = 20


class TrainingFactory(factory.django.DjangoModelFactory):
    """A training; TrainingFactory(days=[date, ...]) gives it its days."""

    class Meta:
        model = Training
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Valmennus {n}")
    provider = "XAMK"
    started = 17
    finished = 13

    @factory.post_generation
    def days(self, create, extracted, **kwargs):
        if create and extracted:
            for day in extracted:
                TrainingDay.objects.create(training=self, held_on=day)


class ParticipationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParticipationEvent

    area = factory.SubFactory(AreaFactory)
    kind = ParticipationKind.CLIENT_AFTERNOON
    held_on = datetime.date(2018, 6, 6)
    title = factory.Sequence(lambda n: f"Asiakasiltapäivä {n}")
    participants = 21


class MediaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaItem

    area = factory.SubFactory(AreaFactory)
    kind = MediaKind.NEWSPAPER
    published_on = datetime.date(2019, 4, 10)
    outlet = "Paikallislehti"
    title = factory.Sequence(lambda n: f"Uutinen {n}")


class FollowerCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowerCount

    area = factory.SubFactory(AreaFactory)
    channel = "Facebook"
    counted_on = datetime.date(2019, 12, 31)
    followers = 205
