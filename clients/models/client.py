"""The client record."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.access import ClientRecord


class Sex(models.TextChoices):
    """Sex as recorded for statistics; never derived from the identity code."""

    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("not known")


class MotherTongue(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    OTHER = "other", _("other")


class Client(ClientRecord):
    """A client of adult social work in one unit.

    The client number is pseudonymous: reports and URLs use it and never the
    identity code.  The identity code itself is stored only encrypted
    (`identity_code_token`) and found through a keyed HMAC
    (`identity_code_digest`); see clients/crypto.py.
    """

    access_unit_path = "unit"

    client_number = models.CharField(_("client number"), max_length=12, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    mother_tongue = models.CharField(
        _("mother tongue"),
        max_length=10,
        choices=MotherTongue.choices,
        default=MotherTongue.FINNISH,
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("municipality of residence"),
    )
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
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=100, blank=True)
    highest_care_allowance = models.BooleanField(
        _("receives the highest care allowance"),
        default=False,
        help_text=_("Sets the 7-working-day limit of the Social Welfare Act §36."),
    )
    identity_code_token = models.TextField(
        _("identity code (encrypted)"), blank=True, editable=False
    )
    identity_code_digest = models.CharField(
        _("identity code look-up key"), max_length=64, blank=True, editable=False
    )
    anonymised_at = models.DateTimeField(
        _("anonymised"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the retention period ended (clients/retention.py)."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        indexes = [
            models.Index(fields=["unit", "last_name", "first_name"], name="client_unit_name"),
            models.Index(fields=["responsible_worker"], name="client_responsible"),
            models.Index(fields=["identity_code_digest"], name="client_identity_digest"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.pk, self.unit_id

    @property
    def has_identity_code(self) -> bool:
        return bool(self.identity_code_token)

    def age_on(self, day: datetime.date) -> int | None:
        """Age in whole years on the given day."""
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
