"""Service-need assessments, statutory deadlines and outcome measures."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("Service-need assessments")

    def ready(self):
        # Registers this app's part of the client timeline (clients/timeline.py).
        from assessments import selectors  # noqa: F401
