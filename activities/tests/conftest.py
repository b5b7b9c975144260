"""Fixtures of the activities tests: besides alice and bob of the shared
conftest, a worker of another area (the boundary of area-wide records)."""

import pytest

from accounts.tests.factories import AreaFactory, UnitFactory, UserFactory


@pytest.fixture
def other_area():
    return AreaFactory(name="Toinen alue", code="toinen-alue")


@pytest.fixture
def outsider(other_area):
    """A social worker of another area."""
    unit = UnitFactory(area=other_area, name="Toisen alueen yksikkö", code="toinen-yksikko")
    return UserFactory(username="olli", area=other_area, units=[unit])
