import datetime

import factory

from accounts.tests.factories import MunicipalityFactory, UnitFactory, UserFactory
from clients.tests.factories import ClientFactory
from groups.models import (
    Attendance,
    Enrollment,
    Feedback,
    FeedbackGiver,
    FunctionalGroup,
    GroupKind,
    GroupSession,
    SessionStatus,
)


class FunctionalGroupFactory(factory.django.DjangoModelFactory):
    """A social rehabilitation group of spring 2019: FunctionalGroupFactory(leaders=[...])."""

    class Meta:
        model = FunctionalGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Ryhmä {n}")
    kind = GroupKind.SOCIAL_REHABILITATION
    unit = factory.SubFactory(UnitFactory)
    municipality = factory.SubFactory(
        MunicipalityFactory, area=factory.SelfAttribute("..unit.area")
    )
    starts_on = datetime.date(2019, 1, 1)
    ends_on = datetime.date(2019, 6, 30)
    place = "Ryhmätila"

    @factory.post_generation
    def leaders(self, create, extracted, **kwargs):
        if create and extracted:
            self.leaders.set(extracted)


class GroupSessionFactory(factory.django.DjangoModelFactory):
    """A held session; its date falls within the group's period."""

    class Meta:
        model = GroupSession

    group = factory.SubFactory(FunctionalGroupFactory)
    date = factory.Sequence(lambda n: datetime.date(2019, 2, 1) + datetime.timedelta(days=n % 60))
    duration_minutes = 120
    status = SessionStatus.HELD


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    group = factory.SubFactory(FunctionalGroupFactory)
    client = factory.SubFactory(ClientFactory, unit=factory.SelfAttribute("..group.unit"))
    signed_up_on = datetime.date(2019, 1, 15)
    recorded_by = factory.SubFactory(UserFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrollment = factory.SubFactory(EnrollmentFactory)
    session = factory.SubFactory(
        GroupSessionFactory, group=factory.SelfAttribute("..enrollment.group")
    )
    present = True
    recorded_by = factory.SelfAttribute("enrollment.recorded_by")


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    group = factory.SubFactory(FunctionalGroupFactory)
    given_by = FeedbackGiver.PARTICIPANT
    received_on = datetime.date(2019, 3, 1)
    text = "Hyvä ryhmä."
    recorded_by = factory.SubFactory(UserFactory)
