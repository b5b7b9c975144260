"""Fixtures of the structural tests, on top of the project's alice, bob & co.

carol works in another area.
"""

import pytest
from django.core.cache import cache

from accounts.tests.factories import AreaFactory, MunicipalityFactory, UnitFactory, UserFactory
from structural.tests.factories import (
    ObservationFactory,
    OpenQuestionFactory,
    StatementFactory,
    SurveyFactory,
    SurveyRoundFactory,
)


@pytest.fixture(autouse=True)
def _clean_cache():
    """The flood counters live in the cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_area():
    return AreaFactory(name="Toinen alue", code="toinen-alue")


@pytest.fixture
def carol(other_area):
    """A worker of another area."""
    unit = UnitFactory(area=other_area, name="Yksikkö C", code="yksikko-c")
    return UserFactory(username="carol", area=other_area, units=[unit])


@pytest.fixture
def municipality(area):
    return MunicipalityFactory(area=area, name="Aakkola", code="801")


@pytest.fixture
def observation(area, alice):
    return ObservationFactory(area=area, recorded_by=alice)


@pytest.fixture
def survey(area):
    return SurveyFactory(area=area, name="Asiakastyytyväisyys")


@pytest.fixture
def statements(survey):
    return [StatementFactory(survey=survey, order=i, text=f"Väittämä {i}") for i in (1, 2, 3)]


@pytest.fixture
def question(survey):
    return OpenQuestionFactory(survey=survey, order=1, text="Mitä muuta?")


@pytest.fixture
def survey_round(survey, statements, question):
    return SurveyRoundFactory(survey=survey)
