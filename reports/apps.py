"""Indicators, monthly reports, dashboards, exports and the final report."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # The import task lives in a subpackage that Celery's autodiscovery
        # (which looks for reports.tasks) does not reach.
        from reports.transfer import tasks  # noqa: F401
