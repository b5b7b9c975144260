import datetime

import factory

from accounts.tests.factories import AreaFactory, UserFactory
from clients.models import Code
from structural.models import (
    THEME_CODE_LIST,
    Observation,
    OpenQuestion,
    Statement,
    Survey,
    SurveyRound,
)


def theme(code: str = "1") -> Code:
    """A theme of the code list seeded by structural/migrations/0002."""
    return Code.objects.get(code_list__key=THEME_CODE_LIST, code=code)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    area = factory.SubFactory(AreaFactory)
    title = factory.Sequence(lambda n: f"Havainto {n}")
    description = "Asunnottomuus on kasvanut keskustan alueella."
    theme = factory.LazyFunction(theme)
    clients_concerned = 3
    recorded_by = factory.SubFactory(UserFactory, area=factory.SelfAttribute("..area"))
    recorded_on = datetime.date(2019, 3, 1)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Kysely {n}")


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Väittämä {n}")


class OpenQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpenQuestion

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Kysymys {n}")


class SurveyRoundFactory(factory.django.DjangoModelFactory):
    """An open round: from a month ago to a month ahead."""

    class Meta:
        model = SurveyRound

    survey = factory.SubFactory(SurveyFactory)
    name = "Maaliskuu 2019"
    opens_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
