"""What the reports app stores: report runs, the final report's narrative
sections and bulk-import runs.

Assembling figures (reports/indicators.py, a selector returning plain data)
is kept apart from rendering (HTML template → WeasyPrint, XLSX, CSV) and from
storing: a run row here, with its files in Django's storage so that they can
live on shared storage.
"""

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("monthly indicator report")
    FINAL = "final", _("final report")


class RunStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("run status", "queued")
    RUNNING = "running", pgettext_lazy("run status", "running")
    RETRYING = "retrying", pgettext_lazy("run status", "retrying")
    SUCCEEDED = "succeeded", pgettext_lazy("run status", "ready")
    FAILED = "failed", pgettext_lazy("run status", "failed")


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", _("schedule")
    USER = "user", _("user")
    COMMAND = "command", _("command")


def report_upload_to(run, filename):
    return f"reports/{run.kind}/{run.period_start:%Y-%m}/{filename}"


class ReportRun(models.Model):
    """One build of one report for one period and scope.

    The key (kind, period, scope) is unique: building the same report again
    replaces the run and its files instead of adding a second one.  The scope
    is the whole area or one unit; `scope_key` spells it out ("area:<code>"
    or "unit:<code>") so that the key needs no nullable columns.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    area = models.ForeignKey(
        "accounts.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    scope_key = models.CharField(_("scope"), max_length=60, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Which build holds the run (reports/services.py, report_run_claim): the
    # Celery task message that claimed it ("<task id>:<retry number>", the
    # same again when a message is redelivered after its worker died), and
    # the worker process building it, for the operator who wonders why.
    task_message = models.CharField(_("task message"), max_length=80, blank=True)
    worker_host = models.CharField(_("worker host"), max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(_("worker process id"), null=True, blank=True)
    # Attempts whose worker process died before finishing (killed, out of
    # memory): the run was claimed again by its own redelivered message.
    lost_attempts = models.PositiveSmallIntegerField(_("lost attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    trigger = models.CharField(_("triggered by"), max_length=10, choices=Trigger.choices)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The figures as built (indicator code → value, suppressed values as
    # "<5"): the browser view and the XLSX/CSV files show exactly these.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_upload_to, blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to=report_upload_to, blank=True)
    csv = models.FileField(_("CSV"), upload_to=report_upload_to, blank=True)

    class Meta:
        ordering = ["-period_start", "kind", "scope_key"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period_start", "period_end", "scope_key"],
                name="report_run_unique_key",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="report_run_period_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_run_progress_percent"
            ),
        ]
        indexes = [models.Index(fields=["area", "status", "-requested_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_start}–{self.period_end} {self.scope_key}"

    def save(self, *args, **kwargs):
        self.scope_key = self.scope_key_for(area=self.area, unit=self.unit)
        super().save(*args, **kwargs)

    @staticmethod
    def scope_key_for(*, area, unit=None) -> str:
        return f"unit:{unit.code}" if unit is not None else f"area:{area.code}"


class NarrativeSection(models.TextChoices):
    """The final report's written sections, in the seed's order."""

    GENERAL = "general", _("General part")
    WORK_PACKAGES = "work_packages", _("Activities by work package")
    GROUPS = "groups", _("Functional groups")
    OUTREACH = "outreach", _("Outreach work")
    PROCESS = "process", _("The client process")
    COMMUNICATIONS = "communications", _("Communications, participation and measures")
    STRUCTURAL = "structural", _("Structural social work")
    CONCLUSIONS = "conclusions", _("Conclusions")


class ReportNarrative(models.Model):
    """A written section of an area's final report.

    The coordinator edits the draft; publishing copies the draft to the text
    the report prints.  `version` guards against two people saving over each
    other (optimistic locking, as in the client record).
    """

    area = models.ForeignKey(
        "accounts.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    section = models.CharField(_("section"), max_length=20, choices=NarrativeSection.choices)
    draft = models.TextField(_("draft"), blank=True)
    text = models.TextField(_("published text"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["area", "section"]
        verbose_name = _("report narrative")
        verbose_name_plural = _("report narratives")
        constraints = [
            models.UniqueConstraint(fields=["area", "section"], name="report_narrative_unique"),
        ]

    def __str__(self):
        return f"{self.area} – {self.get_section_display()}"


class ImportKind(models.TextChoices):
    CLIENTS = "clients", _("clients")
    ASSESSMENTS = "assessments", _("service-need assessments")
    GROUPS = "groups", _("groups")
    SESSIONS = "sessions", _("group sessions")
    ATTENDANCE = "attendance", _("attendance")
    OUTREACH_VISITS = "outreach_visits", _("outreach visits")
    SURVEY_ANSWERS = "survey_answers", _("survey answers")


def import_upload_to(run, filename):
    return f"imports/{run.requested_at:%Y-%m}/{filename}"


class ImportRun(models.Model):
    """One bulk import of one file: all of it is saved, or none of it.

    `errors` lists every bad row as {"line": n, "field": name, "message": text};
    a run with errors saved nothing.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to=import_upload_to)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    saved_rows = models.PositiveIntegerField(_("rows saved"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        indexes = [models.Index(fields=["requested_by", "-requested_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def progress(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class UnitMonthFigures(models.Model):
    """The registry's figures of one unit for one calendar month, stored so
    that the figures of many units (a county, the country) for a month are a
    sum over a row per unit instead of a scan of millions of rows.

    Written only by reports.summary.summary_refresh (a Celery task, nightly
    and on demand), read by reports.indicators.compute behind the
    FIGURES_FROM_SUMMARY switch.  `figures` holds {code: count} for the codes
    of reports.indicators.SUMMARY_CODES (figures that add up over units) and
    the outcomes of the dashboards' statutory-compliance table
    (reports.summary.COMPLIANCE_KEYS, among them "on_time" and "statutory",
    the counts behind the statutory-limit share), read by
    reports.selectors for the dashboards.
    """

    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    figures = models.JSONField(_("figures"))
    refreshed_at = models.DateTimeField(_("refreshed"))

    class Meta:
        verbose_name = _("figures of a unit and month")
        verbose_name_plural = _("figures of units and months")
        constraints = [
            models.UniqueConstraint(fields=["month", "unit"], name="unit_month_figures_unique"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="unit_month_figures_first_day"
            ),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.month:%Y-%m}"

    @staticmethod
    def total(code: str) -> Coalesce:
        """The sum of one stored figure over rows, computed in the database."""
        return Coalesce(Sum(Cast(KeyTextTransform(code, "figures"), models.IntegerField())), 0)
