"""Refresh the stored summaries of figures and of the assessment analysis for
a range of months.

    python manage.py figures_summary --from YYYY-MM --to YYYY-MM [--missing-only]

The nightly task keeps the previous and the current month fresh; this fills
older months (after an installation, an import of old records or a change of
a definition) and refreshes them whole, month by month (reports/summary.py,
structural/analysis_summary.py).
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from reports import summary
from structural import analysis_summary


def month(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(f"{value}-01" if len(value) == 7 else value)
    except ValueError:
        raise CommandError(f"Give a month as YYYY-MM, not {value!r}.") from None


class Command(BaseCommand):
    help = "Refresh the stored summary of figures for the months of a period."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, type=month)
        parser.add_argument("--to", dest="end", required=True, type=month)
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Only the months that lack a row for some unit, or their analysis.",
        )

    def handle(self, *args, start, end, missing_only, **options):
        if end < start:
            raise CommandError("--to is before --from.")
        months = summary.months_between(start, end)
        if missing_only:
            months = sorted(
                set(summary.months_missing(months)) | set(analysis_summary.months_missing(months))
            )
        for first in months:
            began = time.perf_counter()
            written = summary.summary_refresh(month=first)
            rows = analysis_summary.analysis_refresh(month=first)
            self.stdout.write(
                f"{first:%Y-%m}: {written} units, {rows} analysis rows"
                f" in {time.perf_counter() - began:.1f} s"
            )
        if months:
            analysis_summary.analysis_tidy()
        self.stdout.write(f"{len(months)} months refreshed.")
