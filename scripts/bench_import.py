"""Time a 10,000-row import (issue 7: under a minute).

    DATABASE_URL=postgres://... .venv/bin/python scripts/bench_import.py \
        [--kind outreach_visits|clients] [--rows 10000] [--keep]

Makes a throw-away area, unit, municipality, partner, worker and
coordinator, writes a CSV file of N valid rows, imports it through the same
`run_import` the page and the command use, and prints the time and the rows
saved.  Everything runs in one transaction that is rolled back at the end
(unless --keep): an import of clients writes the append-only access log,
whose rows could not be deleted afterwards.

The clients file is a realistic mix: every other row has an identity code
(checked, encrypted and looked up for duplicates), every third a client
number of its own (the rest are drawn), every row a responsible worker.
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

from accounts.models import Area, Municipality, Role, Title, Unit, User  # noqa: E402
from clients.identity_code import compute_check_character  # noqa: E402
from outreach.models import PartnerKind, PartnerOrganisation  # noqa: E402
from reports.models import ImportKind  # noqa: E402
from reports.transfer.base import run_import  # noqa: E402
from reports.transfer.importers import IMPORTERS, importer_for  # noqa: E402

HEADER = [column.code for column in IMPORTERS["outreach_visits"].columns]
KINDS = ["partner_visit", "popup", "mass_event", "home_visit"]


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()


def visits_file(rows: int) -> bytes:
    return csv_bytes(
        [HEADER]
        + [
            [
                f"2019-{1 + n % 12:02d}-{1 + n % 28:02d}",
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
            for n in range(rows)
        ]
    )


CLIENT_HEADER = [column.code for column in IMPORTERS["clients"].columns]
SEXES = ["female", "male", "other", "unknown"]


def identity_code(n: int) -> str:
    """A valid, distinct identity code with a temporary individual number
    (900-999), which no real person has."""
    day = 1 + n % 28
    month = 1 + (n // 28) % 12
    year = 40 + (n // 336) % 60
    ddmmyy = f"{day:02d}{month:02d}{year:02d}"
    individual = f"{900 + (n // 20160) % 100:03d}"
    return f"{ddmmyy}-{individual}{compute_check_character(ddmmyy, individual)}"


def clients_file(rows: int) -> bytes:
    return csv_bytes(
        [CLIENT_HEADER]
        + [
            [
                f"B{n:07d}" if n % 3 == 0 else "",
                f"Sukunimi{n}",
                f"Etunimi{n % 97}",
                identity_code(n) if n % 2 == 0 else "",
                "" if n % 2 == 0 else f"19{50 + n % 50}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                SEXES[n % 4],
                "fi" if n % 10 else "sv",
                "998",
                "bench-unit",
                "bench-worker",
                "kyllä" if n % 17 == 0 else "ei",
                f"040 {n:07d}",
                "",
                f"Testikatu {n % 200}",
                "50100",
                "Mikkeli",
            ]
            for n in range(rows)
        ]
    )


FILES = {ImportKind.OUTREACH_VISITS: visits_file, ImportKind.CLIENTS: clients_file}


class _Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=list(FILES), default=ImportKind.OUTREACH_VISITS)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    data = FILES[args.kind](args.rows)

    try:
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
            worker, _ = User.objects.get_or_create(
                username="bench-worker",
                defaults={"role": Role.WORKER, "title": Title.SOCIAL_WORKER, "area": area},
            )
            worker.units.add(unit)
            PartnerOrganisation.objects.get_or_create(
                area=area, name="Bench ry", defaults={"kind": PartnerKind.OTHER}
            )

            started = time.perf_counter()
            with translation.override("fi"):
                result = run_import(
                    importer_for(args.kind, user=user), data=data, filename="bench.csv"
                )
            elapsed = time.perf_counter() - started
            print(
                f"{args.kind}: {args.rows} rows ({len(data) / 1024:.0f} KiB): {elapsed:.1f} s, "
                f"{result.saved_rows} saved, {len(result.errors)} errors"
            )
            if result.errors:
                print(result.errors[:5])
            if not args.keep:
                raise _Rollback
    except _Rollback:
        pass
    sys.exit(1 if result.errors else 0)


if __name__ == "__main__":
    main()
