"""Time the figures pages, the indicator sets and the final report on the
data in the database, each against its floor.

    python manage.py benchmark [--runs N] [--heavy-runs N]
                               [--from YYYY-MM-DD --to YYYY-MM-DD]

Each target runs once to warm up, then N times; the table gives the median
and the 95th percentile of the wall time in the server (a page: the whole
request through middleware, view and template, in-process), the number of
queries of one run, and the floor: the same figures computed by hand-written
SQL (reports/benchmark_floor.py), timed the same way, with the ratio of the
target's median to the floor's.  Before timing, the floor's figures are
asserted equal to the portal's, so the floor is honest.

Every target is then printed against the targets of a national installation
(issue 9, at scale 150): a page within 2x its floor with a p95 of at most
300 ms, the national monthly indicator set in at most 5 s, the final report
in at most 5 s and 300 MB (peak memory of a fresh process building it).

It reads only: run it on the demo data (`make bench`) or on generated data
(`make bench SCALE=N`, docs/performance.md).  Speed is measured here, never
in timed tests.
"""

import datetime
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Area, Role, Unit, User
from reports import benchmark_floor as floor
from reports import indicators, summary
from structural import analysis_summary

PAGE_P95_MS = 300
PAGE_FLOOR_RATIO = 2
NATIONAL_MS = 5000
REPORT_MS = 5000
REPORT_MB = 300
NAME_WIDTH = 30
HEADER = (
    f"{'target':<{NAME_WIDTH}}  median ms    p95 ms  queries  floor ms  x floor  against the target"
)


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass
class Target:
    name: str
    run: object
    floor: object = None  # a callable giving the floor's figures
    kind: str = "other"  # "page", "national", "report" or "other"
    runs: int | None = None


@dataclass
class Result:
    target: Target
    median: float
    p95: float
    queries: int | str
    floor_median: float | None = None
    peak_mb: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.median / self.floor_median if self.floor_median else None

    def verdict(self) -> str:
        gaps = []
        kind = self.target.kind
        if kind == "page":
            if self.p95 > PAGE_P95_MS:
                gaps.append(f"p95 {self.p95:.0f} ms > {PAGE_P95_MS} ms")
            if self.ratio is not None and self.ratio > PAGE_FLOOR_RATIO:
                gaps.append(f"{self.ratio:.1f}x floor > {PAGE_FLOOR_RATIO}x")
        elif kind == "national":
            if self.p95 > NATIONAL_MS:
                gaps.append(f"p95 {self.p95 / 1000:.1f} s > {NATIONAL_MS / 1000:.0f} s")
        elif kind == "report":
            if self.p95 > REPORT_MS:
                gaps.append(f"p95 {self.p95 / 1000:.1f} s > {REPORT_MS / 1000:.0f} s")
            if self.peak_mb is not None and self.peak_mb > REPORT_MB:
                gaps.append(f"peak {self.peak_mb:.0f} MB > {REPORT_MB} MB")
        else:
            return "(no target)"
        return "MET" if not gaps else "GAP: " + "; ".join(gaps)


class Command(BaseCommand):
    help = "Time the dashboards, the analysis page, the indicator sets and the final report."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument(
            "--heavy-runs",
            type=int,
            default=5,
            help="Runs of the national indicator set and the final report.",
        )
        parser.add_argument("--from", dest="start", default="2018-02-01")
        parser.add_argument("--to", dest="end", default="2019-12-31")
        parser.add_argument("--skip-final-report", action="store_true")
        parser.add_argument(
            "--from-summary",
            action="store_true",
            help="Refresh the stored summary of figures for the month of --to (and any "
            "month of the period without rows) and the stored analysis for the months of "
            "the period that lack it, then read whole months' additive figures from them "
            "(FIGURES_FROM_SUMMARY).",
        )
        # Internal: build the final report in this (fresh) process and print
        # its timings and peak memory as JSON.
        parser.add_argument("--probe-final-report", type=int, metavar="AREA_ID", help="internal")

    def handle(self, *args, runs, heavy_runs, start, end, skip_final_report, **options):
        start, end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        if options["probe_final_report"]:
            self.probe_final_report(options["probe_final_report"], start, end, heavy_runs)
            return
        self.heavy_runs = heavy_runs
        # Every force_login is a "successful login" line otherwise.
        logging.getLogger("axes").setLevel(logging.WARNING)
        self.stdout.write(self.describe_data())
        if options["from_summary"]:
            # The month of --to is refreshed; the other months of the period,
            # which the dashboards (its last year) and the final report and the
            # indicators of the whole period read, only where a unit lacks its
            # row.
            period = summary.months_between(start, end)
            months = sorted({*summary.months_missing(period[:-1]), period[-1]})
            began = time.perf_counter()
            for first in months:
                summary.summary_refresh(month=first)
            self.stdout.write(
                f"Summary refreshed for {len(months)} months of the period in "
                f"{time.perf_counter() - began:.1f} s; figures of whole months read from it."
            )
            # The analysis (page and final report) reads the whole period.
            months = analysis_summary.months_missing(summary.months_between(start, end))
            began = time.perf_counter()
            for first in months:
                analysis_summary.analysis_refresh(month=first)
            analysis_summary.analysis_tidy()
            self.stdout.write(
                f"Analysis summary refreshed for {len(months)} months of the period in "
                f"{time.perf_counter() - began:.1f} s."
            )
            settings.FIGURES_FROM_SUMMARY = True
        self.stdout.write("")
        self.stdout.write(HEADER)
        results = []
        for target in self.targets(start, end):
            results.append(self.measure(target, target.runs or runs))
            self.stdout.write(self.row(results[-1]))
        if not skip_final_report:
            results.append(self.final_report(start, end, heavy_runs))
            self.stdout.write(self.row(results[-1]))
        self.print_notes(results)

    # --- What is measured ---------------------------------------------------

    def describe_data(self) -> str:
        from assessments.models import ServiceNeedAssessment
        from clients.models import Client
        from groups.models import Attendance
        from outreach.models import OutreachVisit

        counts = {
            "areas": Area.objects.count(),
            "units": Unit.objects.count(),
            "clients": Client.objects.count(),
            "assessments": ServiceNeedAssessment.objects.count(),
            "attendances": Attendance.objects.count(),
            "outreach visits": OutreachVisit.objects.count(),
        }
        return (
            f"Database {connection.settings_dict['NAME']}: "
            + ", ".join(f"{n:,} {name}" for name, n in counts.items())
            + f"\nPostgreSQL: {self.pg_settings()}"
        )

    def pg_settings(self) -> str:
        with connection.cursor() as cursor:
            shown = []
            for name in ("server_version", "shared_buffers", "work_mem", "effective_cache_size"):
                cursor.execute(f"SHOW {name}")
                shown.append(f"{name}={cursor.fetchone()[0]}")
        return ", ".join(shown)

    def viewers(self):
        """The coordinator of the area with the most units (the heaviest
        area-wide figures) and a supervisor of that area."""
        area = (
            Area.objects.filter(users__role=Role.COORDINATOR, users__is_active=True)
            .annotate(n=Count("units", distinct=True))
            .order_by("-n", "pk")
            .first()
        )
        if area is None:
            raise CommandError("No coordinator in the database: load the demo or generate data.")
        active = User.objects.filter(area=area, is_active=True).order_by("pk")
        coordinator = active.filter(role=Role.COORDINATOR).first()
        supervisor = active.filter(role=Role.SUPERVISOR).first()
        if supervisor is None:
            raise CommandError("No supervisor in the area of the coordinator.")
        return area, coordinator, supervisor

    def targets(self, start, end):
        area, coordinator, supervisor = self.viewers()
        unit = Unit.objects.filter(members=supervisor).order_by("pk").first()
        month_start, month_end = floor.month_of(end)
        today = timezone.localdate()
        year_start = datetime.date(end.year, 1, 1)
        year_end = min(datetime.date(end.year, 12, 31), today)
        period = {"alku": start.isoformat(), "loppu": end.isoformat()}
        all_areas = list(Area.objects.values_list("pk", flat=True))

        def page(user, name, params=None):
            client = Client()
            client.force_login(user)
            url = reverse(name)

            def get():
                response = client.get(url, params or {})
                if response.status_code != 200:
                    raise CommandError(f"{name} answered {response.status_code}")

            return get

        def checked(name, portal, floor_figures):
            """The floor, after checking once that it equals the portal."""
            found = floor.differences(portal(), floor_figures())
            if found:
                raise CommandError(f"The floor of {name} is not equal: " + "; ".join(found))
            return floor_figures

        def dashboard(user, end=year_end, today=today):
            units = floor.viewer_units(user)
            return checked(
                f"the dashboard of {user.username} to {end}",
                lambda: floor.dashboard_portal(user=user, start=year_start, end=end, today=today),
                lambda: floor.dashboard_floor(
                    unit_ids=units, start=year_start, end=end, today=today
                ),
            )

        # This year's dashboard, the one a supervisor opens by default, as
        # it stands on the 20th of the month of --to: its whole months from
        # the summary (with --from-summary), the month in progress counted
        # raw beside them.  The page takes its day from the clock, so the
        # figures are timed through the selectors the page calls
        # (floor.dashboard_portal), without the request.
        in_progress = min(end, end.replace(day=20))

        def year_in_progress(user):
            return lambda: floor.dashboard_portal(
                user=user, start=year_start, end=in_progress, today=in_progress
            )

        yield Target(
            "supervisor dashboard",
            page(supervisor, "reports:dashboard", {"vuosi": end.year}),
            dashboard(supervisor),
            "page",
        )
        yield Target(
            "coordinator dashboard",
            page(coordinator, "reports:dashboard", {"vuosi": end.year}),
            dashboard(coordinator),
            "page",
        )
        for role, user in (("supervisor", supervisor), ("coordinator", coordinator)):
            yield Target(
                f"{role}, year in progress",
                year_in_progress(user),
                dashboard(user, end=in_progress, today=in_progress),
                "page",
            )
        yield Target(
            "monthly set, one unit",
            lambda: floor.monthly_portal(
                user=coordinator, start=month_start, end=month_end, unit_ids=[unit.pk]
            ),
            checked(
                "the monthly set of one unit",
                lambda: floor.monthly_portal(
                    user=coordinator, start=month_start, end=month_end, unit_ids=[unit.pk]
                ),
                lambda: floor.monthly_floor(
                    unit_ids=[unit.pk], area_ids=[area.pk], start=month_start, end=month_end
                ),
            ),
            "page",
        )
        yield Target(
            "monthly set, national",
            lambda: floor.national_monthly_portal(start=month_start, end=month_end),
            checked(
                "the national monthly set",
                lambda: floor.national_monthly_portal(start=month_start, end=month_end),
                lambda: floor.monthly_floor(
                    unit_ids=None, area_ids=all_areas, start=month_start, end=month_end
                ),
            ),
            "national",
            self.heavy_runs,
        )
        analysis_units = floor.viewer_units(coordinator)
        yield Target(
            "analysis page",
            page(coordinator, "structural:analysis", period),
            checked(
                "the analysis page",
                lambda: floor.analysis_portal(user=coordinator, start=start, end=end),
                lambda: floor.analysis_floor(unit_ids=analysis_units, start=start, end=end),
            ),
            "page",
        )
        yield Target(
            "indicators, area, whole period",
            lambda: indicators.compute(user=coordinator, start=start, end=end),
        )
        yield Target("coordinator reports page", page(coordinator, "reports:index"))
        yield Target("ESF indicators page", page(coordinator, "reports:esf", period))
        yield Target("indicators JSON", page(coordinator, "reports:indicators_json", period))

    # --- Timing -----------------------------------------------------------------

    def timed(self, call, runs) -> list[float]:
        call()  # warm up: templates compiled, connections open, caches filled
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            call()
            timings.append((time.perf_counter() - began) * 1000)
        return timings

    def measure(self, target: Target, runs: int) -> Result:
        timings = self.timed(target.run, runs)
        with CaptureQueriesContext(connection) as queries:
            target.run()
        floor_median = None
        if target.floor is not None:
            floor_median = statistics.median(self.timed(target.floor, runs))
        return Result(
            target,
            statistics.median(timings),
            percentile(timings, 0.95),
            len(queries),
            floor_median,
        )

    # --- The final report, in a fresh process -----------------------------------

    def final_report(self, start, end, runs) -> Result:
        area, _coordinator, _supervisor = self.viewers()
        target = Target("final report (PDF)", None, kind="report")
        command = [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "benchmark",
            f"--probe-final-report={area.pk}",
            f"--from={start.isoformat()}",
            f"--to={end.isoformat()}",
            f"--heavy-runs={runs}",
        ]
        # The probe reads the stored summaries exactly when this run does.
        environment = {**os.environ, "FIGURES_FROM_SUMMARY": str(settings.FIGURES_FROM_SUMMARY)}
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
        if done.returncode != 0:
            raise CommandError(f"The final report failed to build:\n{done.stderr[-3000:]}")
        probe = json.loads(done.stdout.strip().splitlines()[-1])
        return Result(
            target,
            statistics.median(probe["timings"]),
            percentile(probe["timings"], 0.95),
            probe["queries"],
            peak_mb=probe["peak_rss_mb"],
            note=(
                f"peak RSS {probe['peak_rss_mb']:.0f} MB (process at start "
                f"{probe['start_rss_mb']:.0f} MB), Python heap peak "
                f"{probe['python_peak_mb']:.0f} MB, PDF {probe['pdf_kb']:.0f} kB"
            ),
        )

    def probe_final_report(self, area_id, start, end, runs) -> None:
        from reports.final_report.document import final_report_pdf

        def rss_mb():
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        area = Area.objects.get(pk=area_id)
        start_rss = rss_mb()
        with CaptureQueriesContext(connection) as queries:
            pdf = final_report_pdf(area=area, start=start, end=end)  # also the warm-up
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            final_report_pdf(area=area, start=start, end=end)
            timings.append((time.perf_counter() - began) * 1000)
        peak_rss = rss_mb()
        tracemalloc.start()
        final_report_pdf(area=area, start=start, end=end)
        _current, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.stdout.write(
            json.dumps(
                {
                    "timings": timings,
                    "queries": len(queries),
                    "peak_rss_mb": peak_rss,
                    "start_rss_mb": start_rss,
                    "python_peak_mb": python_peak / 2**20,
                    "pdf_kb": len(pdf) / 1024,
                }
            )
        )

    # --- The table ------------------------------------------------------------------

    def row(self, r: Result) -> str:
        floor_ms = f"{r.floor_median:8.1f}" if r.floor_median is not None else f"{'–':>8}"
        ratio = f"{r.ratio:7.1f}" if r.ratio is not None else f"{'–':>7}"
        return (
            f"{r.target.name:<{NAME_WIDTH}}  {r.median:9.1f}  {r.p95:8.1f}  {r.queries!s:>7}  "
            f"{floor_ms}  {ratio}  {r.verdict()}"
        )

    def print_notes(self, results: list[Result]) -> None:
        for r in results:
            if r.note:
                self.stdout.write(f"{r.target.name}: {r.note}")
        self.stdout.write(
            f"Targets (issue 9, at scale 150): a page within {PAGE_FLOOR_RATIO}x its floor and "
            f"p95 <= {PAGE_P95_MS} ms; the national monthly set <= {NATIONAL_MS / 1000:.0f} s; "
            f"the final report <= {REPORT_MS / 1000:.0f} s and <= {REPORT_MB} MB."
        )
