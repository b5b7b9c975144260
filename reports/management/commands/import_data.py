"""python manage.py import_data KIND FILE --user USERNAME [--dry-run]

Imports a CSV or XLSX file (docs/import.md) as the given user: within that
user's units and area, through the same checks as the import page.  Every
bad row is printed with its line; a file with errors saves nothing and the
command exits with status 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accounts.models import User
from reports.models import ImportKind
from reports.transfer.base import run_import
from reports.transfer.importers import importer_for


class Command(BaseCommand):
    help = (
        "Import clients, assessments, groups, sessions, attendance, outreach visits "
        "or survey answers from CSV or XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file")
        parser.add_argument(
            "--user",
            help="Import as this user (required): the rows are checked against the "
            "user's units and area and recorded in the user's name.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and save nothing."
        )
        parser.add_argument(
            "--language", default="fi", help="Language of the messages (fi, sv, en)."
        )

    def handle(self, *args, kind, file, user, dry_run, language, **options):
        if not user:
            raise CommandError(
                "Give --user USERNAME: an import is checked against a user's units "
                "and recorded in their name."
            )
        try:
            importer_user = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist as error:
            raise CommandError(f"No active user {user!r}.") from error
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with translation.override(language):
            result = run_import(
                importer_for(kind, user=importer_user),
                data=path.read_bytes(),
                filename=path.name,
                dry_run=dry_run,
            )
            for error in result.errors:
                column = f" [{error['field']}]" if error["field"] else ""
                self.stderr.write(f"{path.name}:{error['line']}:{column} {error['message']}")
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} errors in {result.total_rows} rows: nothing was saved."
            )
        verb = "would be saved (dry run)" if dry_run else "saved"
        self.stdout.write(f"{result.saved_rows} of {result.total_rows} rows {verb}.")
