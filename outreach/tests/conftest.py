"""Fixtures of the outreach tests, on top of the project's alice, bob & co.

Unit A works in two municipalities (Aakkola, Beetala: the first by name is
the default of its visits), unit B in one; carol works in another area.
"""

import pytest

from accounts.tests.factories import AreaFactory, MunicipalityFactory, UnitFactory, UserFactory
from outreach.tests.factories import OutreachVisitFactory, PartnerOrganisationFactory


@pytest.fixture
def municipality_a(area, unit_a):
    municipality = MunicipalityFactory(area=area, name="Aakkola", code="801")
    second = MunicipalityFactory(area=area, name="Beetala", code="802")
    unit_a.municipalities.set([second, municipality])
    return municipality


@pytest.fixture
def municipality_b(area, unit_b):
    municipality = MunicipalityFactory(area=area, name="Ceelä", code="803")
    unit_b.municipalities.set([municipality])
    return municipality


@pytest.fixture
def other_area():
    return AreaFactory(name="Toinen alue", code="toinen-alue")


@pytest.fixture
def unit_c(other_area):
    return UnitFactory(area=other_area, name="Yksikkö C", code="yksikko-c")


@pytest.fixture
def carol(other_area, unit_c):
    """A worker of another area."""
    return UserFactory(username="carol", area=other_area, units=[unit_c])


@pytest.fixture
def partner(area, municipality_a):
    return PartnerOrganisationFactory(area=area, name="Mielenmaja", municipality=municipality_a)


@pytest.fixture
def visit_of_a(unit_a, municipality_a, alice, partner):
    return OutreachVisitFactory(
        unit=unit_a,
        municipality=municipality_a,
        recorded_by=alice,
        people_met=6,
        new_contacts=2,
        partners=[partner],
    )


@pytest.fixture
def visit_of_b(unit_b, municipality_b, bob):
    return OutreachVisitFactory(
        unit=unit_b, municipality=municipality_b, recorded_by=bob, people_met=4
    )
