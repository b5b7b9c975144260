import factory

from accounts.models import Area, Municipality, Role, ServiceLine, Title, Unit, User

TEST_PASSWORD = "testi-salasana-2026"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Alue {n}")
    code = factory.Sequence(lambda n: f"alue-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Kunta {n}")
    code = factory.Sequence(lambda n: f"{900 + n % 100:03d}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Yksikkö {n}")
    code = factory.Sequence(lambda n: f"yksikko-{n}")
    service_line = ServiceLine.ADULT_SOCIAL_WORK


class UserFactory(factory.django.DjangoModelFactory):
    """A worker of one unit unless told otherwise: UserFactory(units=[...])."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"kayttaja{n}")
    first_name = "Testi"
    last_name = factory.Sequence(lambda n: f"Käyttäjä {n}")
    role = Role.WORKER
    title = factory.LazyAttribute(lambda u: Title.SOCIAL_WORKER if u.role == Role.WORKER else "")
    area = factory.SubFactory(AreaFactory)
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)
