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
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
RAW_QUERIES = 26
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
    # A fixed number of queries: the 4 of the monthly figures counted raw
    # (each figure by month, and the unit comparison's three added up in one
    # statement) become 3 summed from the summary in the database (the
    # completeness check, by month, by unit), whatever the number of units
    # and months; the viewer's units are read once for the page either way
    # (accounts.access.figure_scope).
    settings.FIGURES_FROM_SUMMARY = False
    with django_assert_num_queries(RAW_QUERIES):
        dashboard(client, coordinator, settings, stored=False)
    with django_assert_num_queries(RAW_QUERIES - 1):
        dashboard(client, coordinator, settings, stored=True)
    # Logging in as another user first ends the coordinator's session (9
    # more: the old session's row and list entry deleted, a new one made).
    with django_assert_num_queries(RAW_QUERIES - 1 + 9):
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


# --- The statutory-compliance table -------------------------------------------
#
# The demo's 2019 initiations under the limit all started (on time or late);
# `unstarted` adds some that did not, so that "overdue" and "running" are
# counted too.

OUTCOMES = ("initiations", "statutory", "on_time", "late", "overdue", "running")


def aged_initiation(unit, on: datetime.date):
    """An initiation of a client aged 79: under the 7-working-day limit."""
    from clients import services as client_services
    from clients.models import InitiationChannel

    worker = User.objects.get(username="esihenkilo")
    person = client_services.client_create(
        unit=unit,
        first_name="Vanha",
        last_name=f"Asiakas {on:%Y%m%d}",
        date_of_birth=datetime.date(1940, 1, 1),
        responsible_worker=worker,
    )
    initiation = client_services.initiation_record(
        client=person, by=worker, initiated_on=on, channel=InitiationChannel.OWN_CONTACT
    )
    assert initiation.assessment_start_due_on is not None
    return initiation


@pytest.fixture
def unstarted(demo):
    """Not started: two in March 2019 (units of the supervisor and the
    coordinator), one in October and one on 27 December (its limit in
    January 2020)."""
    supervisor_unit = Unit.objects.get(name="Mikkelin aikuissosiaalityö")
    other_unit = Unit.objects.get(name="Juvan aikuissosiaalityö")
    return {
        "march": aged_initiation(supervisor_unit, datetime.date(2019, 3, 12)),
        "march_other": aged_initiation(other_unit, datetime.date(2019, 3, 14)),
        "october": aged_initiation(other_unit, datetime.date(2019, 10, 8)),
        "december": aged_initiation(supervisor_unit, datetime.date(2019, 12, 27)),
    }


def compliance(user, settings, *, stored, today=datetime.date(2020, 1, 20), unit=None):
    """The table before disclosure control, as the dashboard gets it."""
    settings.FIGURES_FROM_SUMMARY = stored
    viewer = indicators.figure_viewer(user, [unit.pk] if unit else None)
    return selectors.dashboard_figures(
        user=viewer, start=datetime.date(2019, 1, 1), end=YEAR_END, today=today
    )


def test_the_compliance_table_reads_the_summary_and_shows_the_same_counts(
    client, settings, unstarted
):
    refresh(YEAR_2019, datetime.datetime(2020, 1, 20, 1, 45, tzinfo=HELSINKI))
    coordinator = User.objects.get(username="koordinaattori")
    supervisor = User.objects.get(username="esihenkilo")
    unit = Unit.objects.get(name="Mikkelin aikuissosiaalityö")
    seen = {}
    for user, params in (
        (coordinator, {}),
        (supervisor, {}),
        (coordinator, {"yksikko": unit.code}),
    ):
        counted = compliance(user, settings, stored=False, unit=unit if params else None)
        read = compliance(user, settings, stored=True, unit=unit if params else None)
        assert counted["compliance_refreshed_at"] is None
        assert read["compliance_refreshed_at"] == datetime.datetime(
            2020, 1, 20, 1, 45, tzinfo=HELSINKI
        )
        assert read["compliance_counted"] == []
        assert read["compliance"] == counted["compliance"], (user, params)
        for outcome in OUTCOMES:
            seen[outcome] = sum(row[outcome] for row in counted["compliance"])
        # Not a comparison of zeros: every outcome but running (all limits
        # of 2019 have passed by 20 January 2020) is non-zero.
        assert all(seen[outcome] for outcome in OUTCOMES if outcome != "running"), (user, seen)
        # The page, after disclosure control, and its note of freshness.
        raw = dashboard(client, user, settings, stored=False, **params)
        page = dashboard(client, user, settings, stored=True, **params)
        assert page.context["compliance"] == raw.context["compliance"]
        assert b'id="compliance-freshness"' not in raw.content
        assert b'id="compliance-freshness"' in page.content
    # The benchmark's hand-written floor agrees (it asserts so before timing).
    from reports import benchmark_floor as floor

    settings.FIGURES_FROM_SUMMARY = True
    year = {
        "start": datetime.date(2019, 1, 1),
        "end": YEAR_END,
        "today": datetime.date(2020, 1, 20),
    }
    portal = floor.dashboard_portal(user=coordinator, **year)
    assert portal["compliance"] == [
        [row["client__unit__name"], *(row[outcome] for outcome in OUTCOMES)]
        for row in compliance(coordinator, settings, stored=True)["compliance"]
    ]
    units = floor.viewer_units(coordinator)
    assert floor.differences(portal, floor.dashboard_floor(unit_ids=units, **year)) == []
    # The coordinator sees more units than the supervisor.
    assert len(compliance(coordinator, settings, stored=True)["compliance"]) > len(
        compliance(supervisor, settings, stored=True)["compliance"]
    )

    # Queries: the table from the summary takes as many as counted raw (one
    # sum per unit in the database instead of the raw count; the summary's
    # state of the months is read once for the monthly figures and the
    # table), and a month counted raw beside the summary is added up with
    # the stored ones in the same statement.  (The whole page's count is
    # pinned by the first test of this module.)
    def queries():
        with CaptureQueriesContext(connection) as done:
            dashboard(client, coordinator, settings, stored=True)
        return len(done)

    from_summary = queries()
    row = UnitMonthFigures.objects.get(month=datetime.date(2019, 10, 1), unit=unit)
    del row.figures["running"]
    row.save()
    assert queries() == from_summary
    # No month with the table's outcomes: the table counted raw, the monthly
    # figures still from the summary.
    for row in UnitMonthFigures.objects.all():
        del row.figures["late"]
        row.save()
    assert queries() == from_summary


def test_a_month_whose_limits_were_running_at_the_refresh_is_counted_raw(
    client, settings, unstarted
):
    # December refreshed on the 31st: the limit of the 27th runs until January.
    refresh(YEAR_2019[:11], datetime.datetime(2020, 1, 20, 1, 45, tzinfo=HELSINKI))
    refresh(YEAR_2019[11:], datetime.datetime(2019, 12, 31, 1, 45, tzinfo=HELSINKI))
    december = UnitMonthFigures.objects.filter(month=datetime.date(2019, 12, 1))
    assert sum(row.figures["running"] for row in december) == 1
    coordinator = User.objects.get(username="koordinaattori")
    counted = compliance(coordinator, settings, stored=False)
    read = compliance(coordinator, settings, stored=True)
    assert read["compliance_counted"] == [datetime.date(2019, 12, 1)]
    assert read["compliance"] == counted["compliance"]
    # On 20 January it is overdue, which the stored December does not know.
    assert sum(row["overdue"] for row in counted["compliance"]) == 4
    assert sum(row["running"] for row in counted["compliance"]) == 0
    page = dashboard(client, coordinator, settings, stored=True)
    assert "12/2019" in page.content.decode()
    # Refreshed after its limits passed, December is read from the summary.
    refresh(YEAR_2019[11:], datetime.datetime(2020, 1, 20, 2, tzinfo=HELSINKI))
    read = compliance(coordinator, settings, stored=True)
    assert read["compliance_counted"] == []
    assert read["compliance"] == counted["compliance"]


def test_a_row_without_the_compliance_outcomes_counts_its_month_raw(settings, unstarted):
    """A row written before the summary stored the table's outcomes: its
    month is counted raw, never read as zeros."""
    refresh(YEAR_2019, datetime.datetime(2020, 1, 20, 1, 45, tzinfo=HELSINKI))
    coordinator = User.objects.get(username="koordinaattori")
    counted = compliance(coordinator, settings, stored=False)
    march, october = datetime.date(2019, 3, 1), datetime.date(2019, 10, 1)
    for month in (march, october):
        row = UnitMonthFigures.objects.get(month=month, unit=unstarted["october"].client.unit)
        assert row.figures["compliance_initiations"] > 0  # zeros would show
        del row.figures["running" if month == march else "compliance_initiations"]
        row.save()
    read = compliance(coordinator, settings, stored=True)
    # Two months apart, counted raw in one query.
    assert read["compliance_counted"] == [march, october]
    assert read["compliance"] == counted["compliance"]
    assert summary.months_missing(YEAR_2019) == [march, october]
    # Every row of the year as written before: everything counted raw.
    for row in UnitMonthFigures.objects.all():
        row.figures = {
            code: value
            for code, value in row.figures.items()
            if code not in ("compliance_initiations", "late", "overdue", "running")
        }
        row.save()
    read = compliance(coordinator, settings, stored=True)
    assert read["compliance_refreshed_at"] is None
    assert read["compliance"] == counted["compliance"]
    # The monthly figures still read the summary (their codes are there).
    assert read["refreshed_at"] is not None


def test_a_start_recorded_after_the_refresh_shows_after_the_next_refresh(settings, unstarted):
    from assessments import services as assessment_services

    refresh(YEAR_2019, datetime.datetime(2020, 1, 20, 1, 45, tzinfo=HELSINKI))
    coordinator = User.objects.get(username="koordinaattori")
    before = compliance(coordinator, settings, stored=False)
    initiation = unstarted["march"]
    assessment_services.assessment_start(
        client=initiation.client,
        by=User.objects.get(username="esihenkilo"),
        started_on=datetime.date(2020, 1, 20),
        initiation=initiation,
    )
    counted = compliance(coordinator, settings, stored=False)
    name = initiation.client.unit.name

    def cell(table, outcome):
        [row] = [row for row in table["compliance"] if row["client__unit__name"] == name]
        return row[outcome]

    assert cell(counted, "late") == cell(before, "late") + 1
    assert cell(counted, "overdue") == cell(before, "overdue") - 1
    # Until March is refreshed, the summary still has it overdue.
    assert compliance(coordinator, settings, stored=True)["compliance"] == before["compliance"]
    refresh([datetime.date(2019, 3, 1)], datetime.datetime(2020, 1, 21, 1, 45, tzinfo=HELSINKI))
    read = compliance(coordinator, settings, stored=True, today=datetime.date(2020, 1, 21))
    assert read["compliance"] == counted["compliance"]
    assert read["compliance_refreshed_at"] == datetime.datetime(2020, 1, 20, 1, 45, tzinfo=HELSINKI)
