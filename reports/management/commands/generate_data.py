"""python manage.py generate_data --scale N [--seed S] [--append]

Fills a fresh, migrated PostgreSQL database with synthetic data: scale 1 is
about Essote (3,333 clients), scale 150 all of Finland's adult social work
(500,000 clients in 21 wellbeing services counties); see reports/generator/
and docs/performance.md.

Refuses to run unless DEBUG or DEMO_DATA_ALLOWED is on (the same rule as
load_demo: synthetic people have no place in a production database), refuses
a database that already holds data unless --append is given, and always
refuses one that already holds generated data.  Nothing is ever deleted.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import Area
from reports.generator import DEFAULT_END, DEFAULT_START, RefusedError, generate
from reports.generator.organisation import CODE_PREFIX


class Command(BaseCommand):
    help = "Fill the database with synthetic data at a scale (1: Essote, 150: Finland)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, required=True, help="1 = Essote, 150 = Finland.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--append",
            action="store_true",
            help="Add generated data to a database that already has some (e.g. the demo).",
        )
        parser.add_argument(
            "--without-identity-codes",
            action="store_true",
            help="Leave the clients without identity codes (faster: no encryption).",
        )
        parser.add_argument(
            "--keep-existing",
            action="store_true",
            help="If the database already holds generated data, keep it and do nothing "
            "(make bench SCALE=N runs again on the same data).",
        )
        parser.add_argument("--from", dest="start", default=DEFAULT_START.isoformat())
        parser.add_argument("--to", dest="end", default=DEFAULT_END.isoformat())

    def handle(self, *args, scale, seed, append, without_identity_codes, start, end, **options):
        if options["keep_existing"] and Area.objects.filter(code__startswith=CODE_PREFIX).exists():
            self.stdout.write("The database already holds generated data: kept as it is.")
            return
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "Generated data is synthetic people: it loads only with DEBUG on or "
                "DEMO_DATA_ALLOWED=true, never into a production database."
            )
        if connection.vendor != "postgresql":
            raise CommandError("The generator writes with PostgreSQL COPY: use PostgreSQL.")
        if scale <= 0:
            raise CommandError("The scale must be above zero.")
        try:
            start, end = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        except ValueError as error:
            raise CommandError(f"A date is not YYYY-MM-DD: {error}") from error
        if end <= start:
            raise CommandError("The period ends before it starts.")
        self.stdout.write(
            f"Generating scale {scale:g} (seed {seed}) for {start.isoformat()}–{end.isoformat()} "
            f"into the database {connection.settings_dict['NAME']}"
        )
        try:
            summary = generate(
                scale=scale,
                seed=seed,
                append=append,
                identity_codes=not without_identity_codes,
                start=start,
                end=end,
                out=self.stdout,
            )
        except (RefusedError, ValueError) as error:
            raise CommandError(str(error)) from error
        width = max(len(name) for name in summary.rows)
        self.stdout.write("Rows written per table:")
        for name, count in sorted(summary.rows.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {name:<{width}}  {count:>12,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.clients:,} clients in {summary.areas} areas and "
                f"{summary.units} units, {sum(summary.rows.values()):,} rows in "
                f"{summary.seconds:.0f} s."
            )
        )
