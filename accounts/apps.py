"""Who works where: users, roles, areas, municipalities, units, the access log."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Staff and organisation")

    def ready(self):
        # The project's own deploy checks are registered with the first app.
        # Every way of logging in (the login page, the admin's, the test
        # client) sends user_logged_in: the session is stamped and listed.
        from django.contrib.auth.signals import user_logged_in

        from accounts.user_sessions import on_user_logged_in
        from essote_sos import checks  # noqa: F401

        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts.user_session_start")
