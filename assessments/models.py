"""Service-need assessments (palvelutarpeen arviointi, SHL 1301/2014 §36).

An assessment follows the structure of THL's "Yleinen sosiaalihuollon
palvelutarpeen arvio".  Its categorical fields point at codes of editable code
lists (clients.Code), so the statistics that structural social work needs
come straight from the assessment: no second form to fill in (the seed filled
a Webropol form after every assessment).

Life cycle: a draft is saved as often as needed; completing it fixes the date,
takes a snapshot of the client's age, sex, unit and municipality for the
statistics, and locks it.  Later corrections are amendments that record who,
when and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import ClientRecord


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    COMPLETED = "completed", _("completed")


def code_of(list_key: str, **kwargs):
    """A foreign key to one code of the named code list."""
    return models.ForeignKey(
        "clients.Code",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__key": list_key},
        **kwargs,
    )


def codes_of(list_key: str, **kwargs):
    """Several codes of the named code list (e.g. the support needs of SHL §11)."""
    return models.ManyToManyField(
        "clients.Code",
        blank=True,
        related_name="+",
        limit_choices_to={"code_list__key": list_key},
        **kwargs,
    )


class ServiceNeedAssessment(ClientRecord):
    """One service-need assessment of one client."""

    access_unit_path = "client__unit"

    # Which fields make up each code list (for the forms and the analysis).
    CODE_FIELDS = {
        "housing_type": "housing_type",
        "education": "education",
        "labour_market_status": "labour_market_status",
        "income_sufficiency": "income_sufficiency",
        "violence": "violence_experience",
    }
    MULTI_CODE_FIELDS = {
        "housing_problems": "housing_problem",
        "social_network": "social_network",
        "illnesses": "illness",
        "support_needs": "support_need",
        "services_needed": "service_needed",
    }

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("client"),
    )
    initiation = models.ForeignKey(
        "clients.Initiation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("initiation"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )

    # The assessment itself (THL's structure).
    client_situation = models.TextField(_("the client's situation"), blank=True)
    client_view = models.TextField(_("the client's own view"), blank=True)
    professional_conclusion = models.TextField(_("the professional's conclusion"), blank=True)
    relationship_continues = models.BooleanField(
        _("the client relationship continues"), null=True, blank=True
    )
    needs_responsible_worker = models.BooleanField(
        _("a named responsible worker is needed"), null=True, blank=True
    )
    needs_special_support = models.BooleanField(
        _("the client needs special support"), null=True, blank=True
    )
    children_situation = models.TextField(
        _("the situation of children in the client's care"), blank=True
    )
    services_needed_notes = models.TextField(_("services needed: details"), blank=True)

    # What structural social work counts (DOMAIN.md, "Analysis").
    housing_type = code_of("housing_type", verbose_name=_("housing"))
    housing_problems = codes_of("housing_problem", verbose_name=_("housing problems"))
    social_network = codes_of("social_network", verbose_name=_("social network"))
    education = code_of("education", verbose_name=_("education"))
    labour_market_status = code_of("labour_market_status", verbose_name=_("labour-market status"))
    illnesses = codes_of("illness", verbose_name=_("illnesses affecting functional capacity"))
    support_needs = codes_of("support_need", verbose_name=_("support needs (SHL §11)"))
    services_needed = codes_of("service_needed", verbose_name=_("services needed"))
    income_sufficiency = code_of("income_sufficiency", verbose_name=_("does income cover expenses"))
    violence = code_of("violence_experience", verbose_name=_("experiences of violence"))

    # Snapshot at completion: the statistics describe the client as they
    # were when assessed, not as they are today.
    age_at_completion = models.PositiveSmallIntegerField(
        _("age when assessed"), null=True, blank=True, editable=False
    )
    sex_at_completion = models.CharField(_("sex"), max_length=10, blank=True, editable=False)
    unit_at_completion = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("unit"),
    )
    municipality_at_completion = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("municipality"),
    )

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("service-need assessment")
        verbose_name_plural = _("service-need assessments")
        indexes = [
            models.Index(fields=["client", "started_on"], name="assessment_client_started"),
            models.Index(fields=["status", "completed_on"], name="assessment_completed"),
            models.Index(
                fields=["unit_at_completion", "completed_on"], name="assessment_unit_completed"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="draft") & Q(completed_on__isnull=True))
                | (Q(status="completed") & Q(completed_on__isnull=False)),
                name="completed_assessment_has_date",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="assessment_completed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.started_on:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.client_id, self.client.unit_id

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.COMPLETED


class Amendment(ClientRecord):
    """A correction to a completed assessment: who, when, why, and what changed."""

    access_unit_path = "assessment__client__unit"

    assessment = models.ForeignKey(
        ServiceNeedAssessment,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name=_("assessment"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    # {"field label": ["before", "after"]}, as shown to the user at the time.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.assessment.client_id, self.assessment.client.unit_id


class OutcomeMeasure(models.Model):
    """An outcome measure (mittari) such as Kykyviisari: its areas and scale.

    Definitions are data, edited in the admin.  The seed found the measures
    hard to use because they lived outside the client system; here a
    measurement is recorded on the client and repeated over time.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=10)
    higher_is_better = models.BooleanField(_("a higher score is better"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measures")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")), name="measure_scale_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureArea(models.Model):
    """One area of a measure, e.g. Kykyviisari's "mental wellbeing"."""

    measure = models.ForeignKey(
        OutcomeMeasure, on_delete=models.CASCADE, related_name="areas", verbose_name=_("measure")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["measure", "order", "id"]
        verbose_name = _("area of a measure")
        verbose_name_plural = _("areas of measures")
        constraints = [
            models.UniqueConstraint(fields=["measure", "code"], name="measure_area_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(ClientRecord):
    """One use of a measure with a client, on one day."""

    access_unit_path = "client__unit"

    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("client"),
    )
    measure = models.ForeignKey(
        OutcomeMeasure,
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("measure"),
    )
    measured_on = models.DateField(_("measured on"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["measure", "measured_on", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [
            models.Index(fields=["client", "measure", "measured_on"], name="measurement_client"),
            models.Index(fields=["measured_on"], name="measurement_on"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.measured_on:%d.%m.%Y}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.client_id, self.client.unit_id


class MeasurementScore(models.Model):
    """The score of one area in one measurement."""

    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="scores", verbose_name=_("measurement")
    )
    area = models.ForeignKey(
        MeasureArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1)

    class Meta:
        ordering = ["measurement", "area__order"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["measurement", "area"], name="score_once_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.score}"
