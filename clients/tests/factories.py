import factory

from accounts.tests.factories import UnitFactory
from clients.models import Client


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    client_number = factory.Sequence(lambda n: f"T{n:07d}")
    first_name = "Testi"
    last_name = factory.Sequence(lambda n: f"Asiakas {n}")
    unit = factory.SubFactory(UnitFactory)
