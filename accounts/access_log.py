"""The access log (käyttöloki): who processed which client's data, and why.

The client data act (703/2023, §11) gives a client the right to know who has
processed their data.  Every view, export or print of client-level data
writes one row here, and so does every refused attempt.  A row holds no copy
of the data itself, only what identifies the event.

Rows are append-only.  The ORM refuses updates and deletes (model and queryset
alike), the admin is read-only, and on PostgreSQL a trigger refuses UPDATE and
DELETE even from raw SQL (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("view")
    LIST = "list", _("shown in a list")
    CREATE = "create", _("create")
    CHANGE = "change", _("change")
    EXPORT = "export", _("export")
    PRINT = "print", _("print")


class AccessBasis(models.TextChoices):
    """Why the user could see the client (or that they could not)."""

    CLIENT_RELATIONSHIP = "client_relationship", _("client relationship of the unit")
    REASON_GIVEN = "reason_given", _("reason given")
    NONE = "none", _("no basis: refused")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an access-log row."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One processing event of one client's data, or a refused attempt."""

    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_log_entries",
        verbose_name=_("user"),
        editable=False,
    )
    # Snapshots: the log must say what was true at the time, even after the
    # user changes role or unit.
    username = models.CharField(_("username"), max_length=150, editable=False)
    role = models.CharField(_("role"), max_length=20, editable=False)
    user_units = models.CharField(_("units of the user"), max_length=500, editable=False)
    client_id = models.BigIntegerField(_("client"), null=True, editable=False)
    client_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("unit of the client"),
        editable=False,
    )
    record_type = models.CharField(_("record type"), max_length=100, editable=False)
    record_id = models.BigIntegerField(_("record"), null=True, editable=False)
    action = models.CharField(
        _("action"), max_length=10, choices=AccessAction.choices, editable=False
    )
    basis = models.CharField(_("basis"), max_length=30, choices=AccessBasis.choices, editable=False)
    reason = models.TextField(_("reason"), blank=True, editable=False)
    view_name = models.CharField(_("view"), max_length=200, editable=False)
    ip_address = models.GenericIPAddressField(_("address"), null=True, editable=False)
    allowed = models.BooleanField(_("allowed"), editable=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            # The client's own report (§11) and the supervisor's review.
            models.Index(fields=["client_id", "at"], name="accesslog_client_at"),
            models.Index(fields=["user", "at"], name="accesslog_user_at"),
            models.Index(fields=["client_unit", "at"], name="accesslog_unit_at"),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} #{self.record_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")
