"""The stored summary of figures (reports/summary.py, reports.UnitMonthFigures,
read by indicators.compute behind FIGURES_FROM_SUMMARY): for a calendar month
it gives exactly the raw aggregation's figures, on the demo data and on
generated data; it is as fresh as its last refresh; the Celery task and the
nightly schedule refresh it."""

import datetime
import io
import time

import pytest
from django.core.management import call_command

from accounts.models import Area, Role, Unit, User
from clients import services as client_services
from clients.models import InitiationChannel
from clients.tests.factories import ClientFactory
from essote_sos.celery import BEAT_SCHEDULE
from reports import indicators, summary, tasks
from reports.generator import generate
from reports.models import UnitMonthFigures
from structural.models import AnalysisMonth

pytestmark = pytest.mark.django_db


def monthly(settings, viewer, month, *, stored: bool) -> dict:
    first, last = summary.month_bounds(month)
    settings.FIGURES_FROM_SUMMARY = stored
    return indicators.compute(user=viewer, start=first, end=last, indicator_set=indicators.MONTHLY)


def assert_summary_gives_the_raw_figures(settings, viewers, months):
    for month in months:
        assert summary.summary_refresh(month=month) == Unit.objects.count()
    seen = dict.fromkeys(indicators.SUMMARY_CODES, 0)
    for viewer in viewers:
        for month in months:
            raw = monthly(settings, viewer, month, stored=False)
            first, last = summary.month_bounds(month)
            settings.FIGURES_FROM_SUMMARY = True
            assert indicators.summary_figures(user=viewer, start=first, end=last) is not None
            assert monthly(settings, viewer, month, stored=True) == raw, (viewer, month)
            for code in seen:
                seen[code] += raw[code]
    # Not a comparison of zeros: every stored figure was non-zero somewhere.
    assert all(seen.values()), seen


def test_the_summary_gives_the_raw_figures_on_the_demo_data(settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    area = Area.objects.get(code="essote")
    supervisor = User.objects.get(username="esihenkilo")
    unit = Unit.objects.filter(area=area).order_by("pk").first()
    viewers = [
        summary._area_viewer(area),
        supervisor,
        indicators.figure_viewer(summary._area_viewer(area), [unit.pk]),
    ]
    months = [datetime.date(2019, m, 1) for m in range(1, 13)] + [datetime.date(2018, 3, 1)]
    assert_summary_gives_the_raw_figures(settings, viewers, months)


def test_the_summary_gives_the_raw_figures_on_generated_data(settings, reference_data):
    generate(scale=0.05, seed=11)
    area = Area.objects.get()
    unit = Unit.objects.order_by("pk").first()
    viewers = [
        summary._area_viewer(area),
        indicators.figure_viewer(summary._area_viewer(area), [unit.pk]),
    ]
    months = [datetime.date(year, m, 1) for year in (2017, 2018, 2019) for m in range(1, 13)]
    assert_summary_gives_the_raw_figures(settings, viewers, months)


def test_whole_months_add_up_to_the_raw_figures_of_the_period_on_the_demo_data(
    settings, django_assert_max_num_queries
):
    """A period of whole months (the final report's, a quarter): the figures
    that add up over months come from the summary, the counts of distinct
    clients are counted raw, and together they equal the raw computation."""
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    area = Area.objects.get(code="essote")
    viewers = [summary._area_viewer(area), User.objects.get(username="esihenkilo")]
    for month in summary.months_between(datetime.date(2018, 2, 1), datetime.date(2019, 12, 1)):
        summary.summary_refresh(month=month)
    periods = [
        (datetime.date(2018, 2, 1), datetime.date(2019, 12, 31)),
        (datetime.date(2019, 1, 1), datetime.date(2019, 3, 31)),
    ]
    for viewer in viewers:
        for start, end in periods:
            settings.FIGURES_FROM_SUMMARY = False
            raw = indicators.compute(user=viewer, start=start, end=end)
            settings.FIGURES_FROM_SUMMARY = True
            stored = indicators.summary_figures(user=viewer, start=start, end=end)
            assert stored is not None
            assert set(indicators.OVER_MONTHS_CODES) <= set(stored)
            assert "group_participants" not in stored and "support_person_clients" not in stored
            assert indicators.compute(user=viewer, start=start, end=end) == raw, (viewer, start)
            # Not a comparison of zeros.
            assert all(raw[code] for code in indicators.OVER_MONTHS_CODES), raw
    # The sources the summary answers for are not run: fewer statements.
    settings.FIGURES_FROM_SUMMARY = False
    start, end = periods[0]
    with django_assert_max_num_queries(100) as counted:
        indicators.compute(user=viewers[0], start=start, end=end, indicator_set=indicators.MONTHLY)
    settings.FIGURES_FROM_SUMMARY = True
    with django_assert_max_num_queries(len(counted.captured_queries) - 4):
        indicators.compute(user=viewers[0], start=start, end=end, indicator_set=indicators.MONTHLY)
    # A month of the period without its rows: everything counted raw.
    UnitMonthFigures.objects.filter(month=datetime.date(2018, 7, 1)).delete()
    assert indicators.summary_figures(user=viewers[0], start=start, end=end) is None


def test_the_summary_answers_only_for_stored_whole_calendar_months(settings, area, unit_a):
    settings.FIGURES_FROM_SUMMARY = True
    viewer = summary._area_viewer(area)
    march = (datetime.date(2019, 3, 1), datetime.date(2019, 3, 31))
    assert indicators.summary_figures(user=viewer, start=march[0], end=march[1]) is None
    summary.summary_refresh(month=datetime.date(2019, 3, 17))
    assert indicators.summary_figures(user=viewer, start=march[0], end=march[1]) is not None
    # Not whole calendar months, or a month not stored (April): counted raw.
    for start, end in [
        (datetime.date(2019, 3, 1), datetime.date(2019, 3, 30)),
        (datetime.date(2019, 3, 1), datetime.date(2019, 4, 30)),
        (datetime.date(2019, 3, 2), datetime.date(2019, 4, 1)),
    ]:
        assert indicators.summary_figures(user=viewer, start=start, end=end) is None
    # A unit without its row (added after the refresh): counted raw.
    Unit.objects.create(area=area, name="Uusi yksikkö", code="uusi")
    assert indicators.summary_figures(user=viewer, start=march[0], end=march[1]) is None
    settings.FIGURES_FROM_SUMMARY = False
    summary.summary_refresh(month=march[0])
    assert indicators.summary_figures(user=viewer, start=march[0], end=march[1]) is None


def test_the_summary_is_as_fresh_as_its_last_refresh(settings, area, unit_a, alice):
    viewer = summary._area_viewer(area)
    march = datetime.date(2019, 3, 1)
    summary.summary_refresh(month=march)

    def record():
        client_services.initiation_record(
            client=ClientFactory(unit=unit_a),
            by=alice,
            initiated_on=datetime.date(2019, 3, 12),
            channel=InitiationChannel.OWN_CONTACT,
        )

    record()
    assert monthly(settings, viewer, march, stored=False)["initiations"] == 1
    assert monthly(settings, viewer, march, stored=True)["initiations"] == 0
    summary.summary_refresh(month=march)
    assert monthly(settings, viewer, march, stored=True)["initiations"] == 1
    assert UnitMonthFigures.objects.filter(month=march).count() == Unit.objects.count()


def test_the_nightly_refresh_covers_the_previous_and_the_current_month():
    assert summary.months_to_refresh(today=datetime.date(2020, 1, 3)) == [
        datetime.date(2019, 12, 1),
        datetime.date(2020, 1, 1),
    ]
    assert BEAT_SCHEDULE["figures-summary"]["task"] == "reports.tasks.figures_summary_refresh"


def test_the_weekly_sweep_covers_this_year_and_the_previous_one():
    months = summary.months_to_sweep(today=datetime.date(2020, 3, 8))
    assert months[0] == datetime.date(2019, 1, 1) and months[-1] == datetime.date(2020, 3, 1)
    assert len(months) == 15
    sweep = BEAT_SCHEDULE["figures-summary-sweep"]
    assert sweep["task"] == "reports.tasks.figures_summary_refresh"
    assert sweep["kwargs"] == {"sweep": True}


def test_a_late_entry_into_an_older_month_reaches_the_summary_with_the_sweep(
    settings, area, unit_a, alice
):
    """A visit of January recorded in March: the nightly refresh (February
    and March) does not see it, the Sunday sweep does."""
    import time_machine

    from outreach.tests.factories import OutreachVisitFactory

    viewer = summary._area_viewer(area)
    january = datetime.date(2020, 1, 1)
    with time_machine.travel(datetime.datetime(2020, 2, 2, 1, 45), tick=False):
        tasks.figures_summary_refresh()  # January and February
    OutreachVisitFactory(unit=unit_a, date=datetime.date(2020, 1, 15), people_met=3)
    with time_machine.travel(datetime.datetime(2020, 3, 8, 1, 45), tick=False):
        tasks.figures_summary_refresh()  # February and March: January not again
    assert monthly(settings, viewer, january, stored=True)["outreach_visits"] == 0
    assert monthly(settings, viewer, january, stored=False)["outreach_visits"] == 1
    with time_machine.travel(datetime.datetime(2020, 3, 8, 3, 30), tick=False):
        tasks.figures_summary_refresh(sweep=True)
    assert monthly(settings, viewer, january, stored=True)["outreach_visits"] == 1


@pytest.mark.django_db(transaction=True)
def test_the_task_refreshes_a_month_in_a_worker(celery_worker, reference_data, area, unit_a):
    tasks.figures_summary_refresh.delay("2019-05-20")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not AnalysisMonth.objects.exists():
        time.sleep(0.2)
    # The assessment analysis of the month is refreshed with it.
    assert AnalysisMonth.objects.get().month == datetime.date(2019, 5, 1)
    row = UnitMonthFigures.objects.get(unit=unit_a)
    assert row.month == datetime.date(2019, 5, 1)
    assert set(indicators.SUMMARY_CODES) | set(summary.COMPLIANCE_KEYS.values()) == set(row.figures)
    assert User.objects.filter(role=Role.COORDINATOR, username="figures-summary").count() == 0


def test_the_command_fills_the_months_of_a_period_and_can_skip_the_stored_ones(
    area, unit_a, unit_b
):
    def run(*args) -> str:
        out = io.StringIO()
        call_command("figures_summary", *args, stdout=out)
        return out.getvalue()

    assert "3 months refreshed" in run("--from", "2019-01", "--to", "2019-03")
    stored = UnitMonthFigures.objects.values_list("month", flat=True).distinct()
    assert sorted(stored) == [datetime.date(2019, m, 1) for m in (1, 2, 3)]
    assert UnitMonthFigures.objects.count() == 3 * Unit.objects.count()
    assert AnalysisMonth.objects.count() == 3

    # A unit added later lacks its rows: only those months count as missing.
    Unit.objects.create(area=area, name="Uusi yksikkö", code="uusi")
    UnitMonthFigures.objects.filter(month=datetime.date(2019, 2, 1)).delete()
    months = summary.months_between(datetime.date(2019, 1, 5), datetime.date(2019, 4, 20))
    assert len(months) == 4
    assert summary.months_missing(months) == months  # every month lacks the new unit
    assert "4 months refreshed" in run("--from", "2019-01", "--to", "2019-04", "--missing-only")
    assert summary.months_missing(months) == []
    assert AnalysisMonth.objects.count() == 4
    assert "0 months refreshed" in run("--from", "2019-01", "--to", "2019-04", "--missing-only")


def test_the_command_refuses_a_bad_period():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("figures_summary", "--from", "2019-05", "--to", "2019-01")
    with pytest.raises(CommandError):
        call_command("figures_summary", "--from", "toukokuu", "--to", "2019-01")
