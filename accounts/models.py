"""Who works where: the organisation, its staff and the access log.

The organisation is data: an installation serves one or more areas (Essote
now, wellbeing services counties later), each with its municipalities and
work units.  A user belongs to an area and to one or more of its units and has
one role; what they may see follows from those (accounts/access.py).
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access_log import AccessLogEntry  # noqa: F401  (a model of this app)


class Area(models.Model):
    """An organisation that runs social work: a joint authority or a county."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality (kunta), identified by its Statistics Finland code."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("Statistics Finland code"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", _("The code has three digits, e.g. 491."))],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{3}$"), name="municipality_code_three_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ServiceLine(models.TextChoices):
    """The two service lines of adult social work the units belong to."""

    ADULT_SOCIAL_WORK = "adult", _("adult social work")
    MENTAL_HEALTH_SUBSTANCE_ABUSE = "mhsa", _("mental-health and substance-abuse social work")


class Unit(models.Model):
    """A work unit (työyksikkö): the boundary of client-level access."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="units", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short code used in reports and on the command line."),
    )
    service_line = models.CharField(_("service line"), max_length=10, choices=ServiceLine.choices)
    municipalities = models.ManyToManyField(
        Municipality, related_name="units", verbose_name=_("municipalities")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["area__name", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="unit_name_unique_in_area"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a user does; access follows from it (accounts/access.py)."""

    WORKER = "worker", _("worker")
    SUPERVISOR = "supervisor", _("supervisor")
    COORDINATOR = "coordinator", _("coordinator")
    ADMINISTRATOR = "administrator", _("administrator")


class Title(models.TextChoices):
    """A worker's professional title."""

    SOCIAL_WORKER = "social_worker", _("social worker")
    SOCIAL_INSTRUCTOR = "social_instructor", _("social instructor")


class User(AbstractUser):
    """A member of staff.  Clients never log in."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.WORKER)
    title = models.CharField(_("title"), max_length=20, choices=Title.choices, blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("area"),
    )
    units = models.ManyToManyField(
        Unit, related_name="members", blank=True, verbose_name=_("units")
    )

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="worker") | ~Q(title=""), name="worker_has_title"
            ),
            models.CheckConstraint(
                condition=Q(role="administrator") | Q(area__isnull=False),
                name="staff_belongs_to_area",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == Role.WORKER and not self.title:
            raise ValidationError({"title": _("A worker needs a title.")})
        if self.role != Role.ADMINISTRATOR and self.area_id is None:
            raise ValidationError({"area": _("Choose the area this person works in.")})

    @property
    def role_label(self) -> str:
        """The title for workers, the role for everyone else."""
        if self.role == Role.WORKER and self.title:
            return self.get_title_display()
        return self.get_role_display()


# Models of two-factor login and of the session list, defined beside their
# services (accounts/two_factor.py, accounts/user_sessions.py).
from accounts.two_factor import (  # noqa: E402, F401
    RecoveryCode,
    RecoveryCodeDevice,
    StaffTOTPDevice,
)
from accounts.user_sessions import UserSession  # noqa: E402, F401
