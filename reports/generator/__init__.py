"""Synthetic data at a chosen scale, for measuring the portal at the size of
one county or of the whole country (`manage.py generate_data`,
docs/performance.md).

Scale 1 is about Essote: 3,333 clients with about 13,000 service-need
assessments, 20,000 group attendances and 2,000 outreach visits over the
period.  Scale 150 is all of Finland's adult social work: 500,000 clients,
about 2 million assessments, 3 million attendances and 300,000 outreach
visits across the 21 wellbeing services counties.  Fractional scales (0.01)
make small, fast data sets for tests.

Rows are written with PostgreSQL COPY inside one transaction: a run either
loads everything or nothing.  The same seed gives the same rows, except the
identity-code tokens, which Fernet encrypts with a fresh random IV each time
(they decrypt to the same codes).
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction

from accounts.models import Area
from clients.models import Client
from reports.generator import activity, clients, organisation
from reports.generator.loader import Loader

CLIENTS_PER_SCALE = 500_000 / organisation.NATIONAL_SCALE
DEFAULT_START = datetime.date(2017, 1, 1)
DEFAULT_END = datetime.date(2019, 12, 31)


class RefusedError(Exception):
    """The database is not one to generate into (the message says why)."""


@dataclass
class Summary:
    scale: float
    seed: int
    areas: int
    units: int
    clients: int
    rows: dict[str, int]
    seconds: float


def client_count(scale: float) -> int:
    return max(1, round(scale * CLIENTS_PER_SCALE))


def check_target(*, append: bool) -> None:
    """Refuse a database that already holds data (unless appending), or one
    that already holds generated data (always)."""
    if Area.objects.filter(code__startswith=organisation.CODE_PREFIX).exists():
        raise RefusedError(
            "The database already holds generated data. Generate into a fresh database."
        )
    if not append and (Area.objects.exists() or Client.objects.exists()):
        raise RefusedError(
            "The database is not empty. Generate into a fresh, migrated database, or add "
            "--append to add generated data beside what is there."
        )


def generate(
    *,
    scale: float,
    seed: int = 1,
    append: bool = False,
    identity_codes: bool = True,
    start: datetime.date = DEFAULT_START,
    end: datetime.date = DEFAULT_END,
    out=None,
) -> Summary:
    """Fill the database with generated data; return what was written."""
    if scale <= 0:
        raise ValueError("The scale must be above zero.")
    if end <= start:
        raise ValueError("The period ends before it starts.")
    total = client_count(scale)
    rng = random.Random(seed)
    with transaction.atomic():
        check_target(append=append)
        loader = Loader(out)
        deferred = loader.defer_foreign_key_checks()
        areas = organisation.build(loader, clients=total, scale=scale)
        loader.report(f"organisation: {len(areas)} areas")
        people = clients.prepare(loader, rng, start=start, end=end, identity_codes=identity_codes)
        work = activity.prepare(loader, rng, start=start, end=end)
        done, next_report = 0, max(1, total // 20)
        for area in areas:
            partners = activity.area_partners(work, area)
            activity.area_records(work, area, partners)
            per_unit = organisation.share_out(area.clients, [1] * len(area.units))
            for unit, count in zip(area.units, per_unit, strict=True):
                unit_clients = clients.unit_clients(people, unit, count)
                if unit_clients:
                    activity.unit_groups(work, unit, unit_clients)
                    activity.unit_outreach(work, unit, unit_clients, partners)
                done += count
                if done >= next_report:
                    loader.report(f"{done:,}/{total:,} clients")
                    next_report += max(1, total // 20)
        loader.finish()
        loader.report("written")
        if deferred:
            broken = loader.verify_foreign_keys()
            if broken:
                # Rolls the whole load back: nothing half-consistent stays.
                raise RuntimeError(f"Generated rows break foreign keys: {', '.join(broken)}")
            loader.report("foreign keys verified")
    rows = loader.counts()
    with connection.cursor() as cursor:
        for name in rows:
            cursor.execute(f'ANALYZE "{name}"')
    loader.report("analysed")
    return Summary(
        scale=scale,
        seed=seed,
        areas=len(areas),
        units=sum(len(a.units) for a in areas),
        clients=total,
        rows=rows,
        seconds=loader.elapsed(),
    )
