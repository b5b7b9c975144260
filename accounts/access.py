"""The one choke point of row-level access.

Who sees what (issue "Foundation", docs/architecture.md):

* a worker sees client-level records of their own units;
* a supervisor sees their units' records and their dashboards;
* a coordinator sees aggregate figures of their whole area, and client-level
  records only of their own units;
* an administrator manages users and reference data and sees no client data.

Every model that holds client-level data uses `ScopedQuerySet` and names the
path from itself to its unit in `access_unit_path`.  Views reach such records
only through `ClientRecordMixin` (accounts/views/mixins.py), which calls
`restrict()`; a test walks the URLconf so that no view can bypass it.
"""

from typing import ClassVar

from django.db import models

from accounts.models import Role, Unit

# Roles that may work with client-level records at all.
CLIENT_DATA_ROLES = frozenset({Role.WORKER, Role.SUPERVISOR, Role.COORDINATOR})
# Roles that see dashboards of figures.
FIGURE_ROLES = frozenset({Role.SUPERVISOR, Role.COORDINATOR})


def client_units(user) -> models.QuerySet[Unit]:
    """Units whose client-level records the user may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Unit.objects.none()
    if user.role not in CLIENT_DATA_ROLES:
        return Unit.objects.none()
    return Unit.objects.filter(members=user)


def figure_units(user) -> models.QuerySet[Unit]:
    """Units whose aggregate figures the user may see.

    A coordinator reports on the whole area; everyone else on their own units.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Unit.objects.none()
    if user.role == Role.COORDINATOR:
        units = Unit.objects.filter(area_id=user.area_id)
    elif user.role == Role.ADMINISTRATOR:
        return Unit.objects.none()
    else:
        units = Unit.objects.filter(members=user)
    # A viewer narrowed to some units (reports.indicators.figure_viewer): the
    # same figures, for those of the user's units only.
    narrowed = getattr(user, "figures_narrowed_to", None)
    return units if narrowed is None else units.filter(pk__in=narrowed)


class ScopedQuerySet(models.QuerySet):
    """A queryset of client-level records that knows who may see them.

    Modelled on NetBox's RestrictedQuerySet.restrict(user, action).
    """

    def restrict(self, user, action: str = "view") -> "ScopedQuerySet":
        # Every action on client-level data has the same boundary today: the
        # user's units.  `action` is kept so that a stricter rule for, say,
        # export can be added here without touching any view.
        unit_path = self.model.access_unit_path
        return self.filter(**{f"{unit_path}__in": client_units(user).values("pk")})


class ClientRecord(models.Model):
    """Abstract base of every model that holds client-level data."""

    # The lookup path from the record to its Unit, e.g. "client__unit".
    access_unit_path: ClassVar[str] = "unit"

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def access_log_subject(self) -> tuple[int | None, int | None]:
        """(client id, unit id) that an access-log row names for this record."""
        raise NotImplementedError


class UnitRecord(models.Model):
    """Abstract base of records that belong to a unit but are not themselves
    client data (a functional group, an outreach visit).  The same boundary
    as client data: the user's own units."""

    access_unit_path: ClassVar[str] = "unit"

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class AreaScopedQuerySet(models.QuerySet):
    """Records of a whole area (trainings, workshops, communications): every
    member of staff of the area sees them; an administrator manages them in
    the admin only."""

    def restrict(self, user, action: str = "view") -> "AreaScopedQuerySet":
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role not in CLIENT_DATA_ROLES or user.area_id is None:
            return self.none()
        return self.filter(**{self.model.access_area_path: user.area_id})


class AreaRecord(models.Model):
    """Abstract base of area-wide records; `access_area_path` leads to the Area."""

    access_area_path: ClassVar[str] = "area"

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        abstract = True
