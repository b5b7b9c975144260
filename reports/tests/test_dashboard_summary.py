"""The dashboards' monthly figures read from the stored summary
(reports/selectors.py stored_figures, FIGURES_FROM_SUMMARY): the same figures
as counted raw, in a fixed number of queries, with their freshness on the
page; a missing row, or the switch off, counts raw."""

import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Area, Unit, User
from reports import indicators, selectors, summary
from reports.models import UnitMonthFigures

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
YEAR_2019 = [datetime.date(2019, month, 1) for month in range(1, 13)]
YEAR_END = datetime.date(2019, 12, 31)
# The coordinator's dashboard counted raw, the whole request (session, user,
# units, figures, template).
RAW_QUERIES = 37
KEYS = ("assessments_completed", "group_sessions", "outreach_visits", "people_met")


@pytest.fixture
def demo(settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())


def refresh(months, at):
    with time_machine.travel(at, tick=False):
        for month in months:
            assert summary.summary_refresh(month=month) == Unit.objects.count()


def dashboard(client, user, settings, *, stored, today=datetime.date(2020, 1, 20), **params):
    settings.FIGURES_FROM_SUMMARY = stored
    client.force_login(user)
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(12), HELSINKI)):
        response = client.get(reverse("reports:dashboard"), {"vuosi": "2019", **params})
    assert response.status_code == 200
    return response


def figures(response):
    return response.context["trends"], response.context["comparison"]


def test_the_dashboards_read_the_summary_and_show_the_same_figures(
    client, settings, demo, django_assert_num_queries
):
    refresh(YEAR_2019, datetime.datetime(2020, 1, 20, 1, 45, tzinfo=HELSINKI))
    coordinator = User.objects.get(username="koordinaattori")
    supervisor = User.objects.get(username="esihenkilo")
    unit = Unit.objects.filter(area=coordinator.area).order_by("pk").first()
    for user, params in (
        (coordinator, {}),
        (supervisor, {}),
        (coordinator, {"yksikko": unit.code}),
    ):
        raw = dashboard(client, user, settings, stored=False, **params)
        assert raw.context["figures_refreshed_at"] is None
        assert b'id="figures-freshness"' not in raw.content
        stored = dashboard(client, user, settings, stored=True, **params)
        assert figures(stored) == figures(raw), (user, params)
        # The same before disclosure control, and not a comparison of zeros.
        viewer = indicators.figure_viewer(user, [unit.pk] if params else None)
        year = {"user": viewer, "start": datetime.date(2019, 1, 1), "end": YEAR_END}
        settings.FIGURES_FROM_SUMMARY = False
        counted = selectors.dashboard_figures(**year)
        settings.FIGURES_FROM_SUMMARY = True
        read = selectors.dashboard_figures(**year)
        assert read["refreshed_at"] is not None
        assert (read["trends"], read["comparison"]) == (counted["trends"], counted["comparison"])
        for key in KEYS:
            assert sum(row[key] for row in counted["trends"]) > 0, (user, key)
        assert counted["comparison"]
        assert stored.context["figures_refreshed_at"] is not None
        assert b'id="figures-freshness"' in stored.content
        assert "20.1.2020" in stored.content.decode()
        assert "01.45" in stored.content.decode()
    # The oldest refresh among the rows used is shown.
    UnitMonthFigures.objects.filter(month=datetime.date(2019, 6, 1)).update(
        refreshed_at=datetime.datetime(2020, 1, 19, 23, 5, tzinfo=HELSINKI)
    )
    page = dashboard(client, coordinator, settings, stored=True)
    assert page.context["figures_refreshed_at"] == datetime.datetime(
        2020, 1, 19, 23, 5, tzinfo=HELSINKI
    )
    assert "23.05" in page.content.decode()
    # A fixed number of queries: 6 of the monthly figures counted raw become
    # 4 summed from the summary in the database (the viewer's units, the
    # completeness check, by month, by unit), whatever the number of units
    # and months.
    settings.FIGURES_FROM_SUMMARY = False
    with django_assert_num_queries(RAW_QUERIES):
        dashboard(client, coordinator, settings, stored=False)
    with django_assert_num_queries(RAW_QUERIES - 2):
        dashboard(client, coordinator, settings, stored=True)
    with django_assert_num_queries(RAW_QUERIES - 2):
        dashboard(client, supervisor, settings, stored=True)


def test_a_missing_row_or_the_switch_off_counts_raw(client, settings, demo):
    refresh(YEAR_2019, datetime.datetime(2020, 1, 20, 1, 45, tzinfo=HELSINKI))
    coordinator = User.objects.get(username="koordinaattori")
    viewer_area = Area.objects.get(pk=coordinator.area_id)
    raw = dashboard(client, coordinator, settings, stored=False)
    # One unit's row of one month is missing: everything is counted raw.
    UnitMonthFigures.objects.filter(
        month=datetime.date(2019, 3, 1), unit=Unit.objects.filter(area=viewer_area).first()
    ).delete()
    settings.FIGURES_FROM_SUMMARY = True
    start, end = datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)
    assert selectors.stored_figures(user=coordinator, start=start, end=end) is None
    page = dashboard(client, coordinator, settings, stored=True)
    assert figures(page) == figures(raw)
    assert page.context["figures_refreshed_at"] is None
    assert b'id="figures-freshness"' not in page.content
    # With every row there again but the switch off: raw.
    refresh([datetime.date(2019, 3, 1)], datetime.datetime(2020, 1, 20, 2, tzinfo=HELSINKI))
    settings.FIGURES_FROM_SUMMARY = False
    assert selectors.stored_figures(user=coordinator, start=start, end=end) is None
    settings.FIGURES_FROM_SUMMARY = True
    assert selectors.stored_figures(user=coordinator, start=start, end=end) is not None
    # Not from the first of a month: raw.
    assert selectors.stored_figures(user=coordinator, start=start.replace(day=2), end=end) is None


def test_an_unfinished_month_is_counted_raw_beside_the_summary(client, settings, demo):
    """This year's dashboard ends today: its whole months come from the
    summary and the current month is counted, so a record of today shows."""
    refresh(YEAR_2019[:5], datetime.datetime(2019, 6, 1, 1, 45, tzinfo=HELSINKI))
    coordinator = User.objects.get(username="koordinaattori")
    today = datetime.date(2019, 6, 20)
    raw = dashboard(client, coordinator, settings, stored=False, today=today)
    stored = dashboard(client, coordinator, settings, stored=True, today=today)
    assert figures(stored) == figures(raw)
    assert len(stored.context["trends"]) == 6
    assert stored.context["figures_counted_from"] == datetime.date(2019, 6, 1)
    assert sum(row["assessments_completed"] for row in stored.context["trends"][5:]) > 0
    # Without the rows of one of the whole months: raw.
    UnitMonthFigures.objects.filter(month=datetime.date(2019, 5, 1)).delete()
    assert (
        dashboard(client, coordinator, settings, stored=True, today=today).context[
            "figures_refreshed_at"
        ]
        is None
    )
