"""Who works where: users, roles, areas, municipalities, units, the access log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Staff and organisation")

    def ready(self):
        # The project's own deploy checks are registered with the first app.
        from essote_sos import checks  # noqa: F401
