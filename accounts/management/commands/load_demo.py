"""python manage.py load_demo: the synthetic demo installation.

Each app that has demo data keeps it in its own `demo.py` with a
`load_demo(out)` function; they run in INSTALLED_APPS order, so an app's
demo may use the demo of the apps above it.  Running it twice changes
nothing: every row is found by a natural key before it is created.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load the synthetic demo data (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "The demo data sets known passwords. It loads only with DEBUG on "
                "or DEMO_DATA_ALLOWED=true."
            )
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if find_spec(module_name) is None:
                    continue
                import_module(module_name).load_demo(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
