"""Time the figures pages and the indicator sets on the data in the database.

    python manage.py benchmark [--runs N] [--from YYYY-MM-DD --to YYYY-MM-DD]

Each target runs once to warm up, then N times; the table gives the median
and the 95th percentile of the wall time in the server (a page: the whole
request through middleware, view and template, in-process) and the number of
queries of one run.  It reads only: run it on the demo data (`make bench`) or
on a generated data set.  Speed is measured here, never in timed tests.
"""

import datetime
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, Unit, User
from reports import indicators


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Time the dashboards, the analysis page and the indicator sets."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument("--from", dest="start", default="2018-02-01")
        parser.add_argument("--to", dest="end", default="2019-12-31")

    def handle(self, *args, runs, start, end, **options):
        start, end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        rows = [self.measure(name, target, runs) for name, target in self.targets(start, end)]
        width = max(len(row[0]) for row in rows)
        self.stdout.write(f"{'target':<{width}}  median ms  p95 ms  queries")
        for name, median, p95, queries in rows:
            self.stdout.write(f"{name:<{width}}  {median:9.1f}  {p95:6.1f}  {queries:7d}")

    def targets(self, start, end):
        coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).first()
        supervisor = User.objects.filter(role=Role.SUPERVISOR, is_active=True).first()
        unit = Unit.objects.filter(members=supervisor).order_by("pk").first()
        month_start = datetime.date(end.year, end.month, 1)
        period = {"alku": start.isoformat(), "loppu": end.isoformat()}

        def page(user, name, params=None):
            client = Client()
            client.force_login(user)
            url = reverse(name)

            def get():
                response = client.get(url, params or {})
                assert response.status_code == 200, (name, response.status_code)

            return get

        yield (
            "indicators, area, whole period",
            lambda: indicators.compute(user=coordinator, start=start, end=end),
        )
        yield (
            "indicators, one unit-month",
            lambda: indicators.compute(
                user=coordinator, start=month_start, end=end, unit_ids=[unit.pk]
            ),
        )
        yield "supervisor dashboard", page(supervisor, "reports:dashboard", {"vuosi": end.year})
        yield "coordinator dashboard", page(coordinator, "reports:dashboard", {"vuosi": end.year})
        yield "coordinator reports page", page(coordinator, "reports:index")
        yield "ESF indicators page", page(coordinator, "reports:esf", period)
        yield "analysis page", page(coordinator, "structural:analysis")
        yield "indicators JSON", page(coordinator, "reports:indicators_json", period)

    def measure(self, name, target, runs):
        target()  # warm up: templates compiled, connections open
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            target()
            timings.append((time.perf_counter() - began) * 1000)
        with CaptureQueriesContext(connection) as queries:
            target()
        return name, statistics.median(timings), percentile(timings, 0.95), len(queries)
