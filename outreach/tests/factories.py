import datetime

import factory

from accounts.tests.factories import AreaFactory, MunicipalityFactory, UnitFactory, UserFactory
from clients.tests.factories import ClientFactory
from outreach.models import (
    ClientMet,
    OutreachVisit,
    PartnerKind,
    PartnerOrganisation,
    VisitKind,
)


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Kumppani {n} ry")
    kind = PartnerKind.THIRD_SECTOR


class OutreachVisitFactory(factory.django.DjangoModelFactory):
    """A partner visit of a unit in 2019; OutreachVisitFactory(workers=[...],
    partners=[...]) sets the many-to-many fields."""

    class Meta:
        model = OutreachVisit
        skip_postgeneration_save = True

    kind = VisitKind.PARTNER_VISIT
    date = datetime.date(2019, 5, 15)
    place = "Toimintakeskus"
    unit = factory.SubFactory(UnitFactory)
    municipality = factory.SubFactory(
        MunicipalityFactory, area=factory.SelfAttribute("..unit.area")
    )
    people_met = 3
    new_contacts = 0
    recorded_by = factory.SubFactory(UserFactory, area=factory.SelfAttribute("..unit.area"))

    @factory.post_generation
    def workers(self, create, extracted, **kwargs):
        if create:
            self.workers.set(extracted or [self.recorded_by])

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class ClientMetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientMet

    visit = factory.SubFactory(OutreachVisitFactory)
    client = factory.SubFactory(ClientFactory, unit=factory.SelfAttribute("..visit.unit"))
    recorded_by = factory.SelfAttribute("visit.recorded_by")
