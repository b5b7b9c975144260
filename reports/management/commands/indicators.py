"""python manage.py indicators --from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE ...] [--json]

Prints the registry's figures (reports/indicators.py) for a period, for the
whole area or some of its units.  The command sees the figures a coordinator
of the area sees.
"""

import datetime
import json as json_module

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Area, Role, Unit, User
from reports import indicators


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Print the indicator figures for a period."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, type=_day)
        parser.add_argument("--to", dest="end", required=True, type=_day)
        parser.add_argument("--unit", dest="units", action="append", default=[])
        parser.add_argument("--area", help="Area code; needed when there are several.")
        parser.add_argument(
            "--set",
            dest="indicator_set",
            choices=[indicators.NUTSHELL, indicators.MONTHLY, indicators.ESF],
        )
        parser.add_argument("--json", action="store_true", help="One JSON object by code.")

    def handle(self, *args, start, end, units, area, indicator_set, json, **options):
        if end < start:
            raise CommandError("--to is before --from.")
        viewer = self.area_viewer(area)
        unit_ids = []
        for code in units:
            unit = Unit.objects.filter(code=code, area=viewer.area).first()
            if unit is None:
                raise CommandError(f"No unit {code} in the area {viewer.area.code}.")
            unit_ids.append(unit.pk)
        figures = indicators.compute(
            user=viewer, start=start, end=end, unit_ids=unit_ids, indicator_set=indicator_set
        )
        if json:
            self.stdout.write(_dumps(figures))
            return
        for code, value in figures.items():
            label = indicators.REGISTRY[code].label
            self.stdout.write(f"{code:<36} {'' if value is None else value!s:>8}  {label}")

    def area_viewer(self, code):
        areas = Area.objects.all() if code is None else Area.objects.filter(code=code)
        found = list(areas[:2])
        if len(found) != 1:
            raise CommandError("Name the area with --area." if found else "No such area.")
        # An unsaved coordinator of the area: it sees exactly the area's figures.
        return User(username="indicators-command", role=Role.COORDINATOR, area=found[0])


def _dumps(figures: dict) -> str:
    return json_module.dumps(figures, ensure_ascii=False, indent=2, sort_keys=True)
