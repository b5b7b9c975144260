"""reports.sums: per-unit figures of several sources added up in the
database in one statement, equal to counting the whole at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UnitFactory
from outreach import selectors as outreach
from outreach.tests.factories import OutreachVisitFactory
from reports.sums import Source, added_by_unit

pytestmark = pytest.mark.django_db

JANUARY = (datetime.date(2019, 1, 1), datetime.date(2019, 1, 31))
FEBRUARY = (datetime.date(2019, 2, 1), datetime.date(2019, 2, 28))


def visits(coordinator, period):
    start, end = period
    return outreach.figures_by_unit(user=coordinator, start=start, end=end)


def test_two_periods_added_up_equal_the_period_counted_at_once(coordinator, area, unit_a, unit_b):
    UnitFactory(area=area, name="Yksikkö C", code="yksikko-c")  # no visits: left out
    OutreachVisitFactory.create_batch(2, unit=unit_a, date=datetime.date(2019, 1, 10), people_met=3)
    OutreachVisitFactory(unit=unit_a, date=datetime.date(2019, 2, 5), people_met=4)
    OutreachVisitFactory(unit=unit_b, date=datetime.date(2019, 2, 20), people_met=7)
    figures = {"visits": "visits", "people_met": "people_met"}
    with CaptureQueriesContext(connection) as done:
        added = added_by_unit(
            [
                Source(visits(coordinator, JANUARY), "unit_name", figures),
                Source(visits(coordinator, FEBRUARY), "unit_name", figures),
            ],
            ["visits", "people_met"],
            unit="unit",
            keep_if=["visits"],
        )
    assert len(done) == 1
    at_once = visits(coordinator, (JANUARY[0], FEBRUARY[1]))
    assert added == [
        {"unit": row["unit_name"], "visits": row["visits"], "people_met": row["people_met"]}
        for row in at_once
    ]
    assert added == [
        {"unit": "Yksikkö A", "visits": 3, "people_met": 10},
        {"unit": "Yksikkö B", "visits": 1, "people_met": 7},
    ]
    assert all(type(row["visits"]) is int for row in added)


def test_a_figure_a_source_does_not_give_is_zero_and_keep_if_decides_the_rows(
    coordinator, unit_a, unit_b
):
    OutreachVisitFactory(unit=unit_a, date=datetime.date(2019, 1, 10), people_met=0)
    OutreachVisitFactory(unit=unit_b, date=datetime.date(2019, 1, 11), people_met=2)
    sources = [
        Source(visits(coordinator, JANUARY), "unit_name", {"visits": "visits"}),
        Source(visits(coordinator, JANUARY), "unit_name", {"people_met": "people_met"}),
    ]
    figures = ["visits", "people_met"]
    assert added_by_unit(sources, figures, unit="unit", keep_if=["people_met"]) == [
        {"unit": "Yksikkö B", "visits": 1, "people_met": 2}
    ]
    assert added_by_unit(sources, figures, unit="unit", keep_if=figures) == [
        {"unit": "Yksikkö A", "visits": 1, "people_met": 0},
        {"unit": "Yksikkö B", "visits": 1, "people_met": 2},
    ]
    assert added_by_unit([], figures, unit="unit", keep_if=figures) == []
