"""python manage.py retention [--apply] [--today YYYY-MM-DD]

Reports, per kind of record, how many are past their retention period
(clients/retention.py, with the provisions they come from).  With --apply it
anonymises the clients past their period and deletes the break-the-glass
grants and the login records past theirs; the access log is only reported
(it is append-only).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from clients import retention


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Report records past their retention period; with --apply, anonymise or delete them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="Anonymise and delete what is past its period."
        )
        parser.add_argument(
            "--today", type=_day, help="Count periods as on this day (default: today)."
        )

    def handle(self, *args, apply, today, **options):
        for row in retention.retention_report(today):
            rule = row["rule"]
            period = f"{rule.years} v" if rule.years else "pysyvä"
            count = "–" if row["count"] is None else row["count"]
            certain = "" if rule.certain else " (varmistettava)"
            self.stdout.write(
                f"{rule.code}: {count} past period [{period}, {rule.action}]{certain}"
            )
            self.stdout.write(f"    {rule.source}")
        if not apply:
            self.stdout.write("Nothing changed (use --apply to anonymise and delete).")
            return
        done = retention.retention_apply(today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymised {done['client_records']} clients; "
                f"deleted {done['break_glass_grants']} break-the-glass grants and "
                f"{done['login_records']} login records."
            )
        )
