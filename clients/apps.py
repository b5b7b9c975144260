"""Clients and their case process under the Social Welfare Act."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "clients"
    verbose_name = _("Clients")

    def ready(self):
        # Registers this app's part of the client timeline (clients/timeline.py)
        # and plugs break-the-glass grants into the access choke point
        # (accounts/access.py).
        from clients import break_glass, selectors  # noqa: F401
