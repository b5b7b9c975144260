"""Structural social work (rakenteellinen sosiaalityö): knowledge about
clients' conditions, produced from everyday work, to change structures.

* Grievance observations (epäkohtahavainnot): a worker records what they see,
  raises it in the team, informs the supervisor, agrees with them how to
  proceed and with which partners, follows it up and closes it.  An
  observation is about conditions, never about a client: it holds no client
  link, and its texts are checked for identity codes and names
  (structural/services.py).  Area-wide (`AreaRecord`): every member of staff
  of the area sees them.
* Client satisfaction surveys: a survey's statements on a 1-5 scale and its
  open questions, answered round by round, on paper (entered by staff) or on
  an anonymous public page.  A response holds no client link and no address.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import AreaRecord, AreaScopedQuerySet

THEME_CODE_LIST = "observation_theme"


class ObservationStatus(models.TextChoices):
    """The workflow of an observation, in order; derived from its steps."""

    RECORDED = "recorded", _("recorded")
    RAISED = "raised", _("raised in the team")
    SUPERVISOR_INFORMED = "supervisor_informed", _("supervisor informed")
    ACTION_AGREED = "action_agreed", _("action agreed")
    CLOSED = "closed", _("closed")


STATUS_ORDER = list(ObservationStatus.values)


def status_expression():
    """The status as a database expression: the latest step taken."""
    return Case(
        When(closed_on__isnull=False, then=Value(ObservationStatus.CLOSED.value)),
        When(action_agreed_on__isnull=False, then=Value(ObservationStatus.ACTION_AGREED.value)),
        When(
            supervisor_informed_on__isnull=False,
            then=Value(ObservationStatus.SUPERVISOR_INFORMED.value),
        ),
        When(raised_in_team_on__isnull=False, then=Value(ObservationStatus.RAISED.value)),
        default=Value(ObservationStatus.RECORDED.value),
        output_field=models.CharField(max_length=20),
    )


class ObservationQuerySet(AreaScopedQuerySet):
    def with_status(self) -> "ObservationQuerySet":
        """Annotate `current_status` (the `status` property, in the database)."""
        return self.annotate(current_status=status_expression())


class Observation(AreaRecord):
    """One grievance observation (epäkohtahavainto) and its workflow.

    Each step of the workflow has its date and who took it; the status is the
    latest step taken (`status`, `ObservationQuerySet.with_status`).
    """

    area = models.ForeignKey(
        "accounts.Area",
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("area"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"),
        help_text=_("Describe the grievance, not a client: no names, no identity codes."),
    )
    theme = models.ForeignKey(
        "clients.Code",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"code_list__key": THEME_CODE_LIST},
        verbose_name=_("theme"),
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("municipality"),
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("unit"),
    )
    clients_concerned = models.PositiveIntegerField(
        _("clients concerned"),
        default=0,
        help_text=_("About how many clients the grievance concerns; 0 if not known."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)

    raised_in_team_on = models.DateField(_("raised in the team on"), null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    supervisor_informed = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervisor informed"),
    )
    supervisor_informed_on = models.DateField(_("supervisor informed on"), null=True, blank=True)
    action_agreed = models.TextField(_("action agreed"), blank=True)
    partners = models.ManyToManyField(
        "outreach.PartnerOrganisation",
        blank=True,
        related_name="observations",
        verbose_name=_("partners"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    action_agreed_on = models.DateField(_("action agreed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_on", "-id"]
        verbose_name = _("grievance observation")
        verbose_name_plural = _("grievance observations")
        indexes = [models.Index(fields=["area", "recorded_on"], name="observation_area_date")]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        """The latest step taken (the same rule as `status_expression`)."""
        if self.closed_on:
            return ObservationStatus.CLOSED
        if self.action_agreed_on:
            return ObservationStatus.ACTION_AGREED
        if self.supervisor_informed_on:
            return ObservationStatus.SUPERVISOR_INFORMED
        if self.raised_in_team_on:
            return ObservationStatus.RAISED
        return ObservationStatus.RECORDED

    def get_status_display(self) -> str:
        return ObservationStatus(self.status).label


class ObservationFollowUp(AreaRecord):
    """A follow-up note of an observation: what has happened since."""

    access_area_path = "observation__area"

    observation = models.ForeignKey(
        Observation,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("observation"),
    )
    on = models.DateField(_("date"), default=timezone.localdate)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["observation", "on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.observation} {self.on:%d.%m.%Y}"


# --- Satisfaction surveys ----------------------------------------------------


class Survey(AreaRecord):
    """A survey definition: its statements (1-5) and open questions."""

    area = models.ForeignKey(
        "accounts.Area", on_delete=models.PROTECT, related_name="surveys", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    """A statement answered on a scale of 1 (disagree) to 5 (agree)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="statements", verbose_name=_("survey")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.text


class OpenQuestion(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="open_questions", verbose_name=_("survey")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = _("open question")
        verbose_name_plural = _("open questions")

    def __str__(self) -> str:
        return self.text


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SurveyRound(AreaRecord):
    """One round of a survey (e.g. "Maaliskuu 2019"), open for a period.

    `token` makes the anonymous public link; it is random and unguessable.
    """

    access_area_path = "survey__area"

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("survey")
    )
    name = models.CharField(_("name"), max_length=100)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    token = models.CharField(_("public token"), max_length=64, unique=True, default=new_token)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_round_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.name}"

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on


class RespondentServiceLine(models.TextChoices):
    ADULT = "adult", _("adult social work")
    MHSA = "mhsa", _("mental-health and substance-abuse social work")
    NOT_SAID = "not_said", _("did not say")


class Response(AreaRecord):
    """One anonymous response: no client link, no address.  `entered_by` is
    the member of staff who typed in a paper form; empty when the client
    answered on the public page."""

    access_area_path = "round__survey__area"

    round = models.ForeignKey(
        SurveyRound, on_delete=models.CASCADE, related_name="responses", verbose_name=_("round")
    )
    service_line = models.CharField(
        _("service line"),
        max_length=10,
        choices=RespondentServiceLine.choices,
        default=RespondentServiceLine.NOT_SAID,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.round} #{self.pk}"


class Answer(models.Model):
    """The value 1-5 given to a statement; empty when it was skipped."""

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    statement = models.ForeignKey(
        Statement, on_delete=models.PROTECT, related_name="answers", verbose_name=_("statement")
    )
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)

    class Meta:
        ordering = ["response", "statement__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="answer_value_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.value if self.value is not None else '–'}"


class OpenAnswer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="open_answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        OpenQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["response", "question__order"]
        verbose_name = _("open answer")
        verbose_name_plural = _("open answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="open_answer_once"),
        ]

    def __str__(self) -> str:
        return self.text[:50]


class AnalysisMonth(models.Model):
    """A calendar month whose analysis counts (AnalysisCount) are stored: the
    rows were written for every unit at `refreshed_at`.  A month without this
    row is counted raw by the analysis, never read as zeros."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    refreshed_at = models.DateTimeField(_("refreshed"))

    class Meta:
        ordering = ["month"]
        verbose_name = _("stored month of the analysis")
        verbose_name_plural = _("stored months of the analysis")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="analysis_month_first_day"
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"


class AnalysisCount(models.Model):
    """The analysis of service-need assessments, stored per unit, calendar
    month and subgroup (structural/analysis.py): how many completed
    assessments fall on one sex (with their ages) or on one code of one code
    list.  Every count is of assessments by their completion day and their
    unit at completion, both fixed at completion, so the counts add up over
    units and over months; a county's two years are a sum over these rows
    instead of a scan of millions of code-list rows (docs/performance.md).

    Written only by structural.analysis_summary.analysis_refresh."""

    month = models.DateField(_("month"))
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )
    # "" for all clients, otherwise a key of structural.analysis.SUBGROUPS.
    subgroup = models.CharField(_("subgroup"), max_length=40, blank=True)
    # "sex", or a field of structural.analysis.CODE_FIELDS / MENTION_FIELDS.
    dimension = models.CharField(_("dimension"), max_length=40)
    sex = models.CharField(_("sex"), max_length=10, blank=True)
    # The code (None: the field was empty); always None for "sex".
    code = models.ForeignKey(
        "clients.Code",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code"),
    )
    count = models.PositiveIntegerField(_("count"))
    # For "sex" rows: the assessments with a known age, and those ages'
    # sum, minimum and maximum (so means recombine exactly).
    age_count = models.PositiveIntegerField(null=True, blank=True)
    age_sum = models.PositiveIntegerField(null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["month", "unit", "dimension"]
        verbose_name = _("stored analysis count")
        verbose_name_plural = _("stored analysis counts")
        # What the analysis filters on: one subgroup, the period's months,
        # the viewer's units.
        indexes = [
            models.Index(fields=["subgroup", "month", "unit"], name="analysis_count_lookup"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.unit_id} {self.dimension}"
