"""The stored analysis (structural.AnalysisCount, refreshed by
structural/analysis_summary.py, read behind FIGURES_FROM_SUMMARY): for any
period, viewer, unit and subgroup the analysis page gets exactly the figures
of the raw counting, whole months from the summary and the rest raw; a month
not stored is counted raw, never read as zeros; a stored month is as fresh as
its last refresh."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Area, Role, Unit, User
from accounts.tests.factories import UserFactory
from reports import summary
from reports.generator import generate
from structural import analysis
from structural.analysis import SUBGROUPS, Scope
from structural.analysis_summary import analysis_refresh, analysis_tidy, months_missing
from structural.models import AnalysisCount, AnalysisMonth
from structural.tests.test_analysis import completed

pytestmark = pytest.mark.django_db


def report(settings, viewer, scope, *, stored):
    settings.FIGURES_FROM_SUMMARY = stored
    return analysis.analysis_report(user=viewer, scope=scope, purpose="screen")


def without_freshness(figures: dict) -> dict:
    return {
        key: value for key, value in figures.items() if key not in ("refreshed_at", "counted_now")
    }


def assert_stored_equals_raw(settings, viewers, scopes):
    """Every figure equal, and not a comparison of zeros."""
    for viewer in viewers:
        for scope in scopes:
            raw = report(settings, viewer, scope, stored=False)
            stored = report(settings, viewer, scope, stored=True)
            # Read from the summary whenever the period holds a whole month.
            whole_month = (scope.end - scope.start).days > 31
            assert (stored["refreshed_at"] is not None) == whole_month, scope
            assert without_freshness(stored) == without_freshness(raw), (viewer, scope)
            if whole_month:
                assert isinstance(raw["total"], int) and raw["total"] > 0, (viewer, scope)
                assert any(row["count"] for _title, rows, _n in raw["mentions"] for row in rows)


def refresh(months):
    for month in months:
        analysis_refresh(month=month)


def scopes(unit_ids=()):
    # Whole months, partial first and last months, and one day.
    periods = [
        (datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)),
        (datetime.date(2018, 2, 1), datetime.date(2019, 12, 31)),
        (datetime.date(2019, 2, 14), datetime.date(2019, 11, 3)),
        (datetime.date(2019, 3, 5), datetime.date(2019, 3, 28)),
    ]
    return [
        Scope(start, end, unit_ids, subgroup)
        for start, end in periods
        for subgroup in ("", *SUBGROUPS)
    ]


def test_the_stored_analysis_gives_the_raw_figures_on_the_demo_data(settings):
    settings.DEMO_DATA_ALLOWED = True
    call_command("load_demo", stdout=io.StringIO())
    area = Area.objects.get(code="essote")
    unit = Unit.objects.filter(area=area).order_by("pk").first()
    refresh(summary.months_between(datetime.date(2018, 1, 1), datetime.date(2019, 12, 1)))
    coordinator = UserFactory(role=Role.COORDINATOR, area=area)
    supervisor = User.objects.get(username="esihenkilo")
    assert_stored_equals_raw(settings, [coordinator, supervisor], scopes())
    assert_stored_equals_raw(settings, [coordinator], scopes((unit.pk,))[:5])
    # The seed's 2019 figures, from the summary (structural/tests/test_analysis.py).
    settings.FIGURES_FROM_SUMMARY = True
    figures = analysis.analysis_figures(user=coordinator, scope=scopes()[0])
    assert figures["totals"]["sex"].count == 326
    assert figures["totals"]["support_needs"].count == 855


def test_the_stored_analysis_gives_the_raw_figures_on_generated_data(settings, reference_data):
    generate(scale=0.05, seed=5)
    area = Area.objects.get()
    refresh(summary.months_between(datetime.date(2017, 1, 1), datetime.date(2019, 12, 1)))
    coordinator = UserFactory(role=Role.COORDINATOR, area=area)
    assert_stored_equals_raw(settings, [coordinator], scopes())


@pytest.fixture
def may_2019(area, unit_a, alice):
    for age in (30, 40, 50, 60, 70, 80):
        completed(unit_a, alice, on=datetime.date(2019, 5, 10), age=age, sex="female")
    return Scope(datetime.date(2019, 5, 1), datetime.date(2019, 5, 31))


def test_a_month_not_stored_is_counted_raw_never_read_as_zeros(settings, area, may_2019):
    coordinator = UserFactory(role=Role.COORDINATOR, area=area)
    settings.FIGURES_FROM_SUMMARY = True
    sources = analysis.sources(may_2019)
    assert sources.stored_months == () and sources.raw_days == ((may_2019.start, may_2019.end),)
    assert analysis.analysis_report(user=coordinator, scope=may_2019)["total"] == 6
    analysis_refresh(month=datetime.date(2019, 5, 1))
    sources = analysis.sources(may_2019)
    assert sources.stored_months == (datetime.date(2019, 5, 1),) and sources.raw_days == ()
    assert analysis.analysis_report(user=coordinator, scope=may_2019)["total"] == 6
    # The switch off: everything raw.
    settings.FIGURES_FROM_SUMMARY = False
    assert analysis.sources(may_2019).stored_months == ()


def test_a_stored_month_is_as_fresh_as_its_last_refresh(settings, area, unit_a, alice, may_2019):
    coordinator = UserFactory(role=Role.COORDINATOR, area=area)
    analysis_refresh(month=datetime.date(2019, 5, 1))
    completed(unit_a, alice, on=datetime.date(2019, 5, 20), age=44, sex="male")
    assert report(settings, coordinator, may_2019, stored=False)["total"] == 7
    stored = report(settings, coordinator, may_2019, stored=True)
    assert stored["total"] == 6 and stored["refreshed_at"] is not None
    analysis_refresh(month=datetime.date(2019, 5, 1))
    assert report(settings, coordinator, may_2019, stored=True)["total"] == 7


def test_the_refresh_replaces_the_month_whole(area, unit_a, may_2019):
    analysis_refresh(month=datetime.date(2019, 5, 17))
    rows = AnalysisCount.objects.filter(month=datetime.date(2019, 5, 1))
    first = rows.count()
    sex_row = rows.get(subgroup="", dimension="sex")
    assert (sex_row.count, sex_row.age_count, sex_row.age_sum) == (6, 6, 330)
    assert (sex_row.age_min, sex_row.age_max) == (30, 80)
    analysis_refresh(month=datetime.date(2019, 5, 1))
    assert rows.count() == first
    assert AnalysisMonth.objects.get().month == datetime.date(2019, 5, 1)
    assert months_missing([datetime.date(2019, 4, 1), datetime.date(2019, 5, 1)]) == [
        datetime.date(2019, 4, 1)
    ]


def test_the_figures_take_one_statement_whatever_the_source(settings, area, may_2019):
    coordinator = UserFactory(role=Role.COORDINATOR, area=area)
    analysis_refresh(month=datetime.date(2019, 5, 1))
    settings.FIGURES_FROM_SUMMARY = True
    # Stored May plus raw days on both sides of it.
    scope = Scope(datetime.date(2019, 4, 20), datetime.date(2019, 6, 10))
    with CaptureQueriesContext(connection) as queries:
        analysis.analysis_figures(user=coordinator, scope=scope)
    # The stored months, the viewer's units, then the figures with their
    # memory setting (SET LOCAL), in a savepoint of the test's transaction.
    statements = [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 4 and statements[2].startswith("SET LOCAL work_mem")


def test_the_page_says_how_fresh_the_stored_figures_are(client, settings, supervisor, may_2019):
    analysis_refresh(month=datetime.date(2019, 5, 1))
    settings.FIGURES_FROM_SUMMARY = True
    client.force_login(supervisor)
    url = reverse("structural:analysis")
    whole = client.get(url, {"alku": "2019-05-01", "loppu": "2019-05-31"})
    assert whole.context["report"]["total"] == 6
    assert 'id="figures-freshness"' in whole.content.decode()
    assert not whole.context["report"]["counted_now"]
    wider = client.get(url, {"alku": "2019-04-15", "loppu": "2019-06-15"})
    assert wider.context["report"]["counted_now"]
    raw = client.get(url, {"alku": "2019-05-02", "loppu": "2019-05-31"})
    assert 'id="figures-freshness"' not in raw.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_stored_counts_are_tidied_after_a_refresh_outside_a_transaction(
    reference_data, area, may_2019
):
    analysis_refresh(month=datetime.date(2019, 5, 1))
    analysis_refresh(month=datetime.date(2019, 5, 1))
    assert analysis_tidy()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_dead_tup, last_vacuum IS NOT NULL FROM pg_stat_user_tables"
            " WHERE relname = %s",
            [AnalysisCount._meta.db_table],
        )
        _dead, vacuumed = cursor.fetchone()
    assert vacuumed
    # Inside a transaction it cannot run, and says so.
    with transaction.atomic():
        assert not analysis_tidy()
