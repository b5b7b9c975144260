"""Break the glass: a time-limited right to open one client outside one's units.

A worker who must open the record of a client of another unit (an urgent
case on call, a client who moved) gives a reason.  The grant names the one
client, lasts a limited time (settings.BREAK_GLASS_DURATION_MINUTES), is
written to the access log with its reason on every read, and the client's
unit's supervisor sees it.  Rows are never edited after the grant except to
end it early.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import ClientRecord, ScopedQuerySet


class BreakGlassGrantQuerySet(ScopedQuerySet):
    def in_force(self, at=None):
        """Grants valid at the given moment (now by default)."""
        at = at or timezone.now()
        return self.filter(granted_at__lte=at, expires_at__gt=at, ended_at__isnull=True)


class BreakGlassGrant(ClientRecord):
    """One user's time-limited access to one client outside their units.

    A grant is itself client data (its reason may say why the client needed
    help): it is scoped to the client's unit at the time of the grant, whose
    supervisor reviews it, and a grant never extends to other grants.
    """

    access_unit_path = "client_unit"
    access_client_path = None

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="break_glass_grants",
        verbose_name=_("user"),
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.CASCADE,
        related_name="break_glass_grants",
        verbose_name=_("client"),
    )
    # The client's unit at the time of the grant: whose supervisor reviews it.
    client_unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="break_glass_grants",
        verbose_name=_("unit of the client"),
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("break-the-glass access")
        verbose_name_plural = _("break-the-glass accesses")
        indexes = [
            models.Index(fields=["user", "client", "expires_at"], name="breakglass_user_client"),
            models.Index(fields=["client_unit", "-granted_at"], name="breakglass_unit_granted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("granted_at")),
                name="break_glass_expires_after_grant",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="break_glass_reason_given"),
            models.CheckConstraint(
                condition=models.Q(reviewed_by__isnull=True, reviewed_at__isnull=True)
                | models.Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="break_glass_review_complete",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.client_id} ({self.granted_at:%Y-%m-%d %H:%M})"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.client_id, self.client_unit_id

    def is_in_force(self, at=None) -> bool:
        at = at or timezone.now()
        return self.ended_at is None and self.granted_at <= at < self.expires_at
