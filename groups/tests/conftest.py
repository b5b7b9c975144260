"""Fixtures of the groups tests: a group of unit A led by alice, with a
session and alice's client enrolled; a group of unit B for bob."""

import pytest

from groups.tests.factories import EnrollmentFactory, FunctionalGroupFactory, GroupSessionFactory


@pytest.fixture
def group_of_a(unit_a, alice):
    return FunctionalGroupFactory(unit=unit_a, leaders=[alice], name="Kädentaidot")


@pytest.fixture
def group_of_b(unit_b, bob):
    return FunctionalGroupFactory(unit=unit_b, leaders=[bob], name="Puutyöt")


@pytest.fixture
def session_of_a(group_of_a):
    return GroupSessionFactory(group=group_of_a, status="planned")


@pytest.fixture
def enrollment_of_a(group_of_a, client_of_a, alice):
    return EnrollmentFactory(group=group_of_a, client=client_of_a, recorded_by=alice)
