"""Time a 10,000-row import of outreach visits (issue 7: under a minute).

    DATABASE_URL=postgres://... .venv/bin/python scripts/bench_import.py [--rows 10000] [--keep]

Makes a throw-away area, unit, municipality, partner and coordinator,
writes a CSV file of N valid visits, imports it through the same
`run_import` the page and the command use, prints the time and the rows
saved, and (unless --keep) deletes what it made.
"""

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essote_sos.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import translation  # noqa: E402

from accounts.models import Area, Municipality, Role, Unit, User  # noqa: E402
from outreach.models import OutreachVisit, PartnerKind, PartnerOrganisation  # noqa: E402
from reports.models import ImportKind  # noqa: E402
from reports.transfer.base import run_import  # noqa: E402
from reports.transfer.importers import importer_for  # noqa: E402

HEADER = [
    "date",
    "kind",
    "unit",
    "municipality",
    "place",
    "people_met",
    "new_contacts",
    "partners",
    "workers",
    "notes",
]
KINDS = ["partner_visit", "popup", "mass_event", "home_visit"]


def make_file(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for n in range(rows):
        day = f"2019-{1 + n % 12:02d}-{1 + n % 28:02d}"
        writer.writerow(
            [
                day,
                KINDS[n % 4],
                "bench-unit",
                "998",
                f"Paikka {n % 50}",
                5 + n % 20,
                n % 5,
                "Bench ry",
                "bench-cora",
                "",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    with transaction.atomic():
        area, _ = Area.objects.get_or_create(code="bench-area", defaults={"name": "Bench area"})
        municipality, _ = Municipality.objects.get_or_create(
            code="998", defaults={"name": "Bench", "area": area}
        )
        unit, _ = Unit.objects.get_or_create(
            code="bench-unit", defaults={"name": "Bench unit", "area": area}
        )
        unit.municipalities.add(municipality)
        user, _ = User.objects.get_or_create(
            username="bench-cora", defaults={"role": Role.COORDINATOR, "area": area}
        )
        user.units.add(unit)
        PartnerOrganisation.objects.get_or_create(
            area=area, name="Bench ry", defaults={"kind": PartnerKind.OTHER}
        )

    data = make_file(args.rows)
    started = time.perf_counter()
    with translation.override("fi"):
        result = run_import(
            importer_for(ImportKind.OUTREACH_VISITS, user=user), data=data, filename="bench.csv"
        )
    elapsed = time.perf_counter() - started
    print(
        f"{args.rows} rows ({len(data) / 1024:.0f} KiB): {elapsed:.1f} s, "
        f"{result.saved_rows} saved, {len(result.errors)} errors"
    )
    if result.errors:
        print(result.errors[:5])
    if not args.keep:
        with transaction.atomic():
            OutreachVisit.objects.filter(unit=unit).delete()
            PartnerOrganisation.objects.filter(area=area).delete()
            user.delete()
            unit.delete()
            municipality.delete()
            area.delete()
    sys.exit(1 if result.errors else 0)


if __name__ == "__main__":
    main()
