"""Functional client groups: sessions, enrolment, attendance, feedback."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "groups"
    verbose_name = _("Functional groups")

    def ready(self):
        # Registers the client's groups on the client timeline (clients/timeline.py).
        from groups import selectors  # noqa: F401
