"""Functional client groups (toiminnalliset ryhmät): sessions, enrolment,
attendance and feedback.

A group belongs to a unit; its sessions and feedback are records of the unit,
not of any one client (UnitRecord).  Who signed up and who came are client
data (ClientRecord): they are seen only through the access choke point and
every view of them is written to the access log.

What counts as a participant, a session held or a group held is defined once,
in groups/selectors.py, next to the query that counts it.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.access import ClientRecord, UnitRecord
from groups.esf import AgeGroup, Answer, EducationLevel, LabourMarketStatus

RATING_MIN, RATING_MAX = 1, 5
# A session lasts at most a working day; anything longer is a typing error.
SESSION_MAX_MINUTES = 12 * 60


class GroupKind(models.TextChoices):
    """What kind of activity the group is, as the report counts groups."""

    SOCIAL_REHABILITATION = "social_rehabilitation", _("social rehabilitation")
    REHABILITATIVE_WORK = "rehabilitative_work", _("rehabilitative work activity")
    DEVELOPER_CLIENT = "developer_client", _("developer-client group")
    OTHER = "other", _("other group")


def new_group_code() -> str:
    """A random group code, e.g. "R123456", until someone gives a better one.

    Random rather than sequential for the same reason as client numbers: it
    tells nothing about when or where the group was founded.
    """
    return f"R{secrets.randbelow(10**6):06d}"


GROUP_CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
    _("A group code has letters, digits, hyphens and underscores only, e.g. SK-2019-1."),
)


class FunctionalGroup(UnitRecord):
    """A functional client group of a unit, over a period.

    Usually social rehabilitation (sosiaalinen kuntoutus) or rehabilitative
    work activity (kuntouttava työtoiminta), led by the unit's workers and
    often a purchased external instructor.

    The developer-client group (kehittäjäasiakasryhmä) is a group of kind
    `developer_client`: its members are enrolled as in any group and its
    meetings are its held sessions.  The figures of functional groups leave
    it out (groups/selectors.py, FUNCTIONAL_KINDS).
    """

    # The stable code that import files use to refer to the group (sessions,
    # attendance); unique across the portal, so a file needs no unit column.
    code = models.CharField(
        _("group code"),
        max_length=20,
        unique=True,
        default=new_group_code,
        validators=[GROUP_CODE_VALIDATOR],
        help_text=_("A short code that import files use to refer to the group."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=GroupKind.choices)
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        related_name="functional_groups",
        verbose_name=_("unit"),
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="functional_groups",
        verbose_name=_("municipality"),
        help_text=_("Where the group meets."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="led_groups",
        verbose_name=_("leaders"),
        help_text=_("The workers who lead the group."),
    )
    external_instructors = models.TextField(
        _("external instructors"),
        blank=True,
        help_text=_("External instructors or purchased service providers, if any."),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name", "id"]
        verbose_name = _("functional group")
        verbose_name_plural = _("functional groups")
        indexes = [
            models.Index(fields=["unit", "starts_on"], name="group_unit_starts"),
            models.Index(fields=["municipality", "starts_on"], name="group_municipality_starts"),
            models.Index(fields=["kind", "starts_on"], name="group_kind_starts"),
            models.Index(fields=["starts_on", "ends_on"], name="group_period"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="group_period_ordered"
            ),
            models.UniqueConstraint(
                fields=["unit", "name", "starts_on"],
                name="group_unique_name_start_in_unit",
                violation_error_message=_(
                    "The unit already has a group of this name starting on this day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def access_log_subject(self) -> tuple[int | None, int | None]:
        # A refused export of a group's client data names the group itself.
        return None, self.unit_id

    def covers(self, day) -> bool:
        """Whether the day falls within the group's period."""
        return self.starts_on <= day <= self.ends_on


# The statuses carry a translation context: "active" or "completed" mean
# other things elsewhere in the portal.
class SessionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("session status", "planned")
    HELD = "held", pgettext_lazy("session status", "held")
    CANCELLED = "cancelled", pgettext_lazy("session status", "cancelled")


class GroupSession(UnitRecord):
    """One meeting of a group (ryhmäkerta).  Only held sessions count."""

    access_unit_path = "group__unit"

    group = models.ForeignKey(
        FunctionalGroup,
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("group"),
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(SESSION_MAX_MINUTES)],
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")
        indexes = [
            models.Index(fields=["group", "date"], name="session_group_date"),
            models.Index(fields=["date", "status"], name="session_date_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="session_cancel_gives_reason",
                violation_error_message=_("Give the reason for cancelling."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0, duration_minutes__lte=SESSION_MAX_MINUTES),
                name="session_duration_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.date:%d.%m.%Y}"


class EnrollmentStatus(models.TextChoices):
    SIGNED_UP = "signed_up", pgettext_lazy("enrollment status", "signed up")
    ACTIVE = "active", pgettext_lazy("enrollment status", "active")
    DROPPED_OUT = "dropped_out", pgettext_lazy("enrollment status", "dropped out")
    COMPLETED = "completed", pgettext_lazy("enrollment status", "completed")


def answer_field(label):
    """An ESF item answered yes / no / prefer not to say; empty until asked."""
    return models.CharField(label, max_length=12, choices=Answer.choices, blank=True)


class Enrollment(ClientRecord):
    """A client's place in a group (ilmoittautuminen), with the ESF start and
    exit form data of the participant (groups/esf.py).

    Signing up does not make a participant: attending a held session does
    (groups/selectors.py, `participants`).  A client who drops out keeps the
    enrollment, with the day and the reason.
    """

    access_unit_path = "client__unit"

    group = models.ForeignKey(
        FunctionalGroup,
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("group"),
    )
    client = models.ForeignKey(
        "clients.Client",
        on_delete=models.PROTECT,
        related_name="group_enrollments",
        verbose_name=_("client"),
    )
    signed_up_on = models.DateField(_("signed up on"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.SIGNED_UP,
    )
    dropped_out_on = models.DateField(_("dropped out on"), null=True, blank=True)
    drop_out_reason = models.TextField(_("reason for dropping out"), blank=True)

    # The ESF start form, as at entry.
    labour_market_status = models.CharField(
        _("labour-market status at entry"),
        max_length=30,
        choices=LabourMarketStatus.choices,
        blank=True,
    )
    months_unemployed = models.PositiveSmallIntegerField(
        _("months unemployed"),
        null=True,
        blank=True,
        help_text=_("Only for an unemployed participant: how long the unemployment has lasted."),
    )
    education_level = models.CharField(
        _("education (ISCED)"), max_length=12, choices=EducationLevel.choices, blank=True
    )
    age_group = models.CharField(
        _("age group at entry"),
        max_length=10,
        choices=AgeGroup.choices,
        blank=True,
        help_text=_("Worked out from the date of birth when the client has one."),
    )
    jobless_household = answer_field(_("lives in a jobless household"))
    jobless_household_with_children = answer_field(
        _("lives in a jobless household with dependent children")
    )
    single_adult_household_with_children = answer_field(
        _("lives in a single-adult household with dependent children")
    )
    migrant_or_minority = answer_field(
        _("migrant, foreign background or minority (including marginalised communities)")
    )
    disability = answer_field(_("has a disability"))
    homeless_or_housing_exclusion = answer_field(_("homeless or affected by housing exclusion"))
    other_disadvantage = answer_field(_("other disadvantage"))

    # The ESF exit form, upon leaving.
    exit_recorded_on = models.DateField(_("exit form filled in on"), null=True, blank=True)
    exit_job_searching = answer_field(_("engaged in job searching upon leaving"))
    exit_in_education = answer_field(_("in education or training upon leaving"))
    exit_qualification = answer_field(_("gained a qualification upon leaving"))
    exit_employed = answer_field(_("in employment, including self-employment, upon leaving"))

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["signed_up_on", "id"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        indexes = [
            models.Index(fields=["group", "status"], name="enrollment_group_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "client"],
                name="enrollment_client_once_per_group",
                violation_error_message=_("The client is already enrolled in this group."),
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped_out")
                | (Q(dropped_out_on__isnull=False) & ~Q(drop_out_reason="")),
                name="enrollment_drop_out_has_day_and_reason",
                violation_error_message=_("Give the day and the reason for dropping out."),
            ),
            models.CheckConstraint(
                condition=Q(dropped_out_on__isnull=True) | Q(dropped_out_on__gte=F("signed_up_on")),
                name="enrollment_drop_out_after_sign_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} – {self.group}"

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.client_id, self.client.unit_id


class Attendance(ClientRecord):
    """Whether an enrolled client was present at a session (läsnäolo).

    The session and the enrollment belong to the same group; the service
    that writes attendance (groups/services.py) refuses anything else.
    """

    access_unit_path = "enrollment__client__unit"

    session = models.ForeignKey(
        GroupSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("session"),
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("enrollment"),
    )
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["session", "enrollment"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="attendance_once_per_session"
            ),
        ]
        indexes = [
            models.Index(fields=["enrollment", "present"], name="attendance_enrollment_present"),
        ]

    def access_log_subject(self) -> tuple[int | None, int | None]:
        return self.enrollment.client_id, self.enrollment.client.unit_id


class FeedbackGiver(models.TextChoices):
    PARTICIPANT = "participant", _("a participant")
    LEADER = "leader", _("a leader")


class Feedback(UnitRecord):
    """Feedback on a group or one of its sessions.

    A participant's feedback is anonymous: it names no client, only that a
    participant gave it.  The worker who typed it in is recorded.
    """

    access_unit_path = "group__unit"

    group = models.ForeignKey(
        FunctionalGroup,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("group"),
    )
    session = models.ForeignKey(
        GroupSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("session"),
    )
    given_by = models.CharField(_("given by"), max_length=12, choices=FeedbackGiver.choices)
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("feedback"))
    rating = models.PositiveSmallIntegerField(
        _("rating (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
        help_text=_("Optional: 1 is the poorest, 5 the best."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [models.Index(fields=["group", "received_on"], name="feedback_group_received")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="feedback_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.received_on:%d.%m.%Y}"
