"""Clients and their case process.

The foundation holds only what the access choke point and a worker's home page
need; the case process of the Social Welfare Act grows here in "Client work".
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.access import ClientRecord


class Client(ClientRecord):
    """A client of adult social work in one unit.

    The client number is pseudonymous: reports and URLs use it (or the
    database id) and never the identity code.
    """

    access_unit_path = "unit"

    client_number = models.CharField(_("client number"), max_length=12, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="clients", verbose_name=_("unit")
    )
    responsible_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for",
        verbose_name=_("named responsible worker"),
        help_text=_("Omatyöntekijä, Social Welfare Act §42."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [
            models.Index(fields=["unit", "last_name", "first_name"], name="client_unit_name"),
            models.Index(fields=["responsible_worker"], name="client_responsible"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.pk, self.unit_id
