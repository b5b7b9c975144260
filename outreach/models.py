"""Outreach (jalkautuminen): workers going where the people are.

The seed's work package 2 took adult social work out of the office: visits
to third-sector partners' premises (Mielenmaja, ViaDia, the unemployed
associations), pop-up events with the parishes' deacons in outlying villages
and suburbs, mass events such as the Night of the Homeless, and home visits.
Each visit is reported with its date, place, partners, workers and the number
of people met.

The people met are an anonymous head-count: they are not clients, and a visit
is not client data (`UnitRecord`).  A client who was met may be linked to
their record afterwards (`ClientMet`); that link is client data and goes
through the access choke point like any other.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import AreaRecord, ClientRecord, UnitRecord


class PartnerKind(models.TextChoices):
    THIRD_SECTOR = "third_sector", _("third sector")
    PARISH = "parish", _("parish")
    MUNICIPAL = "municipal", _("municipal")
    OTHER = "other", _("other")


class PartnerOrganisation(AreaRecord):
    """An organisation whose premises or events the workers go to: an
    association, a parish's diaconal work, a municipal actor such as a
    landlord.  Reference data of the whole area."""

    area = models.ForeignKey(
        "accounts.Area",
        on_delete=models.PROTECT,
        related_name="partner_organisations",
        verbose_name=_("area"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_organisations",
        verbose_name=_("municipality"),
    )
    is_active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("A partner no longer in use is not offered for new visits."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="partner_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class VisitKind(models.TextChoices):
    PARTNER_VISIT = "partner_visit", _("visit to a partner's premises")
    POPUP = "popup", _("pop-up event")
    MASS_EVENT = "mass_event", _("mass event")
    HOME_VISIT = "home_visit", _("home visit")


class OutreachVisit(UnitRecord):
    """One outreach visit (jalkautumiskerta) of a unit's workers.

    `people_met` counts everyone the workers talked with, anonymously;
    `new_contacts` those of them who were not yet known to the service.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(
        _("place"),
        max_length=200,
        help_text=_("Where, e.g. a village or a suburb. No names or addresses of people."),
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="outreach_visits",
        verbose_name=_("municipality"),
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="outreach_visits",
        verbose_name=_("unit"),
    )
    partners = models.ManyToManyField(
        PartnerOrganisation,
        blank=True,
        related_name="visits",
        verbose_name=_("partners"),
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="outreach_visits",
        verbose_name=_("workers"),
    )
    people_met = models.PositiveIntegerField(
        _("people met"), help_text=_("A head-count: how many people the workers talked with.")
    )
    new_contacts = models.PositiveIntegerField(
        _("new contacts"),
        default=0,
        help_text=_("Of the people met, how many were not yet known to the service."),
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("outreach visit")
        verbose_name_plural = _("outreach visits")
        indexes = [
            models.Index(fields=["unit", "date"], name="outreach_unit_date"),
            models.Index(fields=["municipality", "date"], name="outreach_municipality_date"),
            models.Index(fields=["kind", "date"], name="outreach_kind_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_contacts__lte=models.F("people_met")),
                name="outreach_new_contacts_within_people_met",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d.%m.%Y} {self.place}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = ValidationError(
                _("The date cannot be in the future."), code="future_date"
            )
        if (
            self.people_met is not None
            and self.new_contacts is not None
            and self.new_contacts > self.people_met
        ):
            errors["new_contacts"] = ValidationError(
                _("There cannot be more new contacts than people met."),
                code="more_new_contacts_than_people_met",
            )
        if errors:
            raise ValidationError(errors)


class ClientMet(ClientRecord):
    """A client met on a visit, linked to their record afterwards.

    Client data: reached only through `ClientMet.objects.restrict(user)`,
    whose scope is the client's unit, not the visit's.
    """

    access_unit_path = "client__unit"

    visit = models.ForeignKey(
        OutreachVisit,
        on_delete=models.CASCADE,
        related_name="clients_met",
        verbose_name=_("outreach visit"),
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="outreach_meetings",
        verbose_name=_("client"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["visit", "client__last_name", "client__first_name", "id"]
        verbose_name = _("client met")
        verbose_name_plural = _("clients met")
        constraints = [
            models.UniqueConstraint(fields=["visit", "client"], name="client_met_once_per_visit"),
        ]

    def __str__(self) -> str:
        return f"{self.client} · {self.visit}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.client_id, self.client.unit_id
