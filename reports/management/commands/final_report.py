"""python manage.py final_report --from YYYY-MM-DD --to YYYY-MM-DD --output FILE.pdf [--area CODE]

Builds the PDF final report synchronously: the same document as the report
run the coordinator starts in the browser (reports/final_report/document.py).
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Area
from reports.final_report.document import final_report_pdf


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Build the PDF final report of an area for a period."
    # The system checks (migrations, deploy settings) add seconds and
    # concern the server, not a report built from the database as it is.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, type=_day)
        parser.add_argument("--to", dest="end", required=True, type=_day)
        parser.add_argument("--output", required=True, type=Path, help="The PDF file to write.")
        parser.add_argument("--area", help="Area code; needed when there are several.")

    def handle(self, *args, start, end, output, area, **options):
        if end < start:
            raise CommandError("--to is before --from.")
        areas = Area.objects.all() if area is None else Area.objects.filter(code=area)
        found = list(areas[:2])
        if len(found) != 1:
            raise CommandError("Name the area with --area." if found else "No such area.")
        if not output.parent.is_dir():
            raise CommandError(f"No such directory: {output.parent}")
        pdf = final_report_pdf(area=found[0], start=start, end=end)
        # Written whole or not at all: a half-written file never looks like a report.
        partial = output.with_name(output.name + ".part")
        partial.write_bytes(pdf)
        partial.replace(output)
        self.stdout.write(f"{output}: {len(pdf)} bytes")
