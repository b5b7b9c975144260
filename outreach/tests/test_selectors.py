"""The figures of outreach: what counts, in whose scope, in which period."""

import datetime

import pytest

from outreach import selectors
from outreach.models import VisitKind
from outreach.tests.factories import OutreachVisitFactory

pytestmark = pytest.mark.django_db

YEAR_2019 = {"start": datetime.date(2019, 1, 1), "end": datetime.date(2019, 12, 31)}


@pytest.fixture
def visits(unit_a, unit_b, unit_c, municipality_a, municipality_b, alice, bob, carol):
    """Unit A: two visits of 2019 (6 + 5 people) and one of 2018 (9);
    unit B: one of 2019 (4); another area's unit C: one of 2019 (20)."""
    a = {"unit": unit_a, "municipality": municipality_a, "recorded_by": alice}
    OutreachVisitFactory(**a, date=datetime.date(2019, 3, 1), people_met=6, new_contacts=2)
    OutreachVisitFactory(
        **a, date=datetime.date(2019, 12, 31), people_met=5, kind=VisitKind.POPUP, new_contacts=1
    )
    OutreachVisitFactory(**a, date=datetime.date(2018, 12, 31), people_met=9, kind=VisitKind.POPUP)
    OutreachVisitFactory(
        unit=unit_b,
        municipality=municipality_b,
        recorded_by=bob,
        date=datetime.date(2019, 1, 1),
        people_met=4,
        kind=VisitKind.POPUP,
    )
    OutreachVisitFactory(
        unit=unit_c, recorded_by=carol, date=datetime.date(2019, 6, 1), people_met=20
    )


def test_people_met_is_the_sum_of_head_counts_in_the_period_and_scope(visits, supervisor):
    # The 2018 visit is outside the period; unit B's and the other area's
    # are outside the supervisor's figures.
    assert selectors.people_met_total(user=supervisor, **YEAR_2019) == 6 + 5


def test_a_visit_of_another_unit_is_outside_a_supervisors_figures(visits, supervisor, unit_b):
    assert selectors.visit_count(user=supervisor, **YEAR_2019, unit=unit_b) == 0


def test_a_coordinator_sees_the_whole_areas_totals_but_not_another_area(visits, coordinator):
    assert selectors.people_met_total(user=coordinator, **YEAR_2019) == 6 + 5 + 4
    assert selectors.visit_count(user=coordinator, **YEAR_2019) == 3


def test_the_period_includes_both_ends_and_may_be_open(visits, supervisor):
    assert selectors.visit_count(user=supervisor, **YEAR_2019) == 2
    assert selectors.visit_count(user=supervisor, start=None, end=None) == 3
    assert (
        selectors.people_met_total(user=supervisor, start=None, end=datetime.date(2018, 12, 31))
        == 9
    )


def test_popup_events_are_visits_of_that_kind_and_among_the_visits(visits, coordinator):
    assert selectors.popup_event_count(user=coordinator, **YEAR_2019) == 2
    assert selectors.visit_count(user=coordinator, **YEAR_2019, kind=VisitKind.POPUP) == 2
    assert selectors.visit_count(user=coordinator, **YEAR_2019) == 3


def test_new_contacts_are_summed(visits, supervisor):
    assert selectors.new_contacts_total(user=supervisor, **YEAR_2019) == 3


def test_a_worker_counts_their_own_units_visits(visits, alice, bob):
    assert selectors.people_met_total(user=alice, **YEAR_2019) == 11
    assert selectors.people_met_total(user=bob, **YEAR_2019) == 4


def test_an_administrator_sees_no_figures(visits, administrator):
    assert selectors.outreach_summary(user=administrator, start=None, end=None) == {
        "visits": 0,
        "popup_events": 0,
        "people_met": 0,
        "new_contacts": 0,
    }


def test_the_summary_is_one_query_and_agrees_with_the_single_figures(
    visits, coordinator, django_assert_num_queries
):
    with django_assert_num_queries(1):
        summary = selectors.outreach_summary(user=coordinator, **YEAR_2019)
    assert summary == {
        "visits": selectors.visit_count(user=coordinator, **YEAR_2019),
        "popup_events": selectors.popup_event_count(user=coordinator, **YEAR_2019),
        "people_met": selectors.people_met_total(user=coordinator, **YEAR_2019),
        "new_contacts": selectors.new_contacts_total(user=coordinator, **YEAR_2019),
    }


def test_breakdowns_by_kind_and_municipality(
    visits, coordinator, municipality_a, municipality_b, django_assert_num_queries
):
    with django_assert_num_queries(1):
        by_kind = selectors.figures_by_kind(user=coordinator, **YEAR_2019)
    assert [row["kind"] for row in by_kind] == list(VisitKind.values)
    counts = {row["kind"]: (row["visits"], row["people_met"]) for row in by_kind}
    assert counts == {
        VisitKind.PARTNER_VISIT: (1, 6),
        VisitKind.POPUP: (2, 9),
        VisitKind.MASS_EVENT: (0, 0),
        VisitKind.HOME_VISIT: (0, 0),
    }

    by_municipality = selectors.figures_by_municipality(user=coordinator, **YEAR_2019)
    assert [
        (row["municipality__name"], row["visits"], row["people_met"]) for row in by_municipality
    ] == [("Aakkola", 2, 11), ("Ceelä", 1, 4)]
    filtered = selectors.figures_by_municipality(
        user=coordinator, **YEAR_2019, municipality=municipality_b
    )
    assert [row["municipality__name"] for row in filtered] == ["Ceelä"]
