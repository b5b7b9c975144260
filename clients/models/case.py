"""The client process of the Social Welfare Act (SHL 1301/2014).

Each step is its own row with the day it happened and who did it:
initiation (§35 and §36), urgency assessment (§36.1), special-support need
(§3), the client plan (§39) and closure.  The service-need assessment itself
lives in the assessments app and points at its initiation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import ClientRecord


class CaseStep(ClientRecord):
    """A step of one client's process: whose, who did it, when it was written."""

    access_unit_path = "client__unit"

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="+", verbose_name=_("client")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("done by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        abstract = True

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.client_id, self.client.unit_id


class InitiationChannel(models.TextChoices):
    """How the matter became pending (vireilletulo)."""

    OWN_CONTACT = "own_contact", _("the client's own contact")
    NOTICE = "notice", _("a notice under SHL §35")
    REFERRAL = "referral", _("a referral")


class Initiation(CaseStep):
    """The matter becomes pending: the statutory clock of SHL §36 starts.

    The due dates are fixed by clients.services from the rules of
    assessments/deadlines.py when the initiation is recorded, and refreshed
    when the client's circumstances change, so that the database can count
    deadlines and compliance without knowing the calendar.
    """

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="initiations",
        verbose_name=_("client"),
    )
    initiated_on = models.DateField(_("initiated on"))
    channel = models.CharField(_("channel"), max_length=20, choices=InitiationChannel.choices)
    notifier = models.ForeignKey(
        "clients.Code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__key": "notifier", "is_active": True},
        verbose_name=_("notifier"),
        help_text=_("Who made the notice (THL code list 'Palvelutarpeen ilmoittaja')."),
    )
    summary = models.TextField(_("what the matter concerns"), blank=True)
    assessment_start_due_on = models.DateField(
        _("assessment must start by"), null=True, blank=True, editable=False
    )
    assessment_completion_due_on = models.DateField(
        _("assessment must be completed by"), null=True, blank=True, editable=False
    )
    deadline_rules = models.CharField(
        _("deadline rules"), max_length=200, blank=True, editable=False
    )

    class Meta:
        ordering = ["-initiated_on", "-id"]
        verbose_name = _("initiation")
        verbose_name_plural = _("initiations")
        indexes = [
            models.Index(fields=["client", "initiated_on"], name="initiation_client_on"),
            models.Index(fields=["initiated_on"], name="initiation_on"),
            models.Index(fields=["assessment_start_due_on"], name="initiation_start_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel="notice") | Q(notifier__isnull=False),
                name="notice_names_its_notifier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.initiated_on:%d.%m.%Y}"

    step_date = property(lambda self: self.initiated_on)


class UrgencyAssessment(CaseStep):
    """Is there an immediate need for help (SHL §36.1: assessed at once)?"""

    initiation = models.ForeignKey(
        Initiation,
        on_delete=models.PROTECT,
        related_name="urgency_assessments",
        verbose_name=_("initiation"),
    )
    assessed_on = models.DateField(_("assessed on"))
    immediate_need = models.BooleanField(_("immediate need for help"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("urgency assessment")
        verbose_name_plural = _("urgency assessments")

    step_date = property(lambda self: self.assessed_on)


class SpecialSupportAssessment(CaseStep):
    """Does the client need special support (erityisen tuen tarve, SHL §3)?"""

    initiation = models.ForeignKey(
        Initiation,
        on_delete=models.PROTECT,
        related_name="special_support_assessments",
        verbose_name=_("initiation"),
    )
    assessed_on = models.DateField(_("assessed on"))
    needs_special_support = models.BooleanField(_("needs special support"))
    grounds = models.TextField(_("grounds"))

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("special-support assessment")
        verbose_name_plural = _("special-support assessments")

    step_date = property(lambda self: self.assessed_on)


class ClientPlan(CaseStep):
    """The client plan (asiakassuunnitelma, SHL §39)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="plans", verbose_name=_("client")
    )
    drawn_up_on = models.DateField(_("drawn up on"))
    goals = models.TextField(_("goals"))
    agreed_services = models.TextField(_("agreed services"))
    review_on = models.DateField(_("review on"), null=True, blank=True)

    class Meta:
        ordering = ["-drawn_up_on", "-id"]
        verbose_name = _("client plan")
        verbose_name_plural = _("client plans")
        indexes = [models.Index(fields=["review_on"], name="plan_review_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__isnull=True) | Q(review_on__gte=models.F("drawn_up_on")),
                name="plan_review_after_drawing_up",
            ),
        ]

    step_date = property(lambda self: self.drawn_up_on)


class Closure(CaseStep):
    """The client relationship ends (asiakkuuden päättyminen)."""

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="closures",
        verbose_name=_("client"),
    )
    closed_on = models.DateField(_("closed on"))
    reason = models.ForeignKey(
        "clients.Code",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"code_list__key": "closure_reason", "is_active": True},
        verbose_name=_("reason"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-closed_on", "-id"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    step_date = property(lambda self: self.closed_on)


class SupportPersonService(CaseStep):
    """Professional support-person service (ammatillinen tukihenkilötoiminta),
    a purchased service: who provides it, for which period, how many hours."""

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="support_person_services",
        verbose_name=_("client"),
    )
    provider = models.CharField(_("provider"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    hours_per_month = models.DecimalField(_("hours per month"), max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("support-person service")
        verbose_name_plural = _("support-person services")
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="support_person_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="support_person_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_month__gt=0), name="support_person_hours_positive"
            ),
        ]

    step_date = property(lambda self: self.starts_on)
