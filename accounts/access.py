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

import copy
from typing import ClassVar

from django.db import models
from django.db.models import Q

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


# At most this many units are given to PostgreSQL as a list of ids
# (figure_unit_ids): a supervisor's or a worker's units, or the one unit
# picked on a dashboard.  More (a coordinator's area) stay the subquery of
# figure_units, whose plans were measured at national scale: with the 129
# ids of Pirkanmaa the planner chose hash joins over the county's rows that
# took up to twice as long (docs/performance.md).
FIGURE_UNIT_IDS_MAX = 4


def figure_scope(user):
    """The user as the viewer of one computation of figures (a page, a set of
    the registry), with figure_units(user) read once, now: one query.

    The statements of the computation then filter a few units by their ids
    (`figure_unit_ids`) instead of each repeating the lookup of the user's
    units as a subquery of its own, which cost about 0.3 ms of Python per
    statement (docs/performance.md), and a page lists the units without
    another query (`figure_unit_list`).  The same units, so the same
    figures; they are not read again, so a scope lives for one request or
    task.  A copy: the user object itself is not changed.  Scoping a scope
    returns it as it is; narrowing one (figure_viewer) narrows its units.
    """
    if getattr(user, "_figure_units", None) is not None:
        return user
    viewer = copy.copy(user)
    viewer._figure_units = tuple(figure_units(user).order_by("name", "pk"))
    return viewer


def figure_unit_list(user) -> list[Unit]:
    """figure_units(user) ordered by name, as a list: a scope's units, read
    when it was made, or one query."""
    scoped = getattr(user, "_figure_units", None)
    if scoped is None:
        return list(figure_units(user).order_by("name", "pk"))
    narrowed = getattr(user, "figures_narrowed_to", None)
    return [unit for unit in scoped if narrowed is None or unit.pk in narrowed]


def figure_unit_ids(user):
    """The units of figure_units(user) for a filter `…__in=`: the ids of a
    scope's units when they are at most FIGURE_UNIT_IDS_MAX, otherwise the
    lookup itself as a subquery.  No query of its own."""
    if getattr(user, "_figure_units", None) is not None:
        units = figure_unit_list(user)
        if len(units) <= FIGURE_UNIT_IDS_MAX:
            return [unit.pk for unit in units]
    return figure_units(user).values("pk")


# --- Break the glass ---------------------------------------------------------
#
# A user may also see the records of single clients outside their units for
# a limited time, having given a reason (clients/break_glass.py).  accounts
# sits above clients and must not import it, so the clients app registers the
# source of such grants here from its AppConfig.ready().

# Roles that may open a client outside their units by giving a reason: those
# who do client work.  A coordinator's and an administrator's work never needs it.
BREAK_GLASS_ROLES = frozenset({Role.WORKER, Role.SUPERVISOR})
# Actions a grant covers: seeing and recording.  Exporting, printing (the
# client's access-log report among them) stay with the client's own unit.
BREAK_GLASS_ACTIONS = frozenset({"view", "list", "create", "change"})


class GrantSource:
    """What the choke point asks of the registered source of grants."""

    def granted_client_ids(self, user) -> models.QuerySet:
        """A queryset of the ids of clients the user holds a grant for now."""
        raise NotImplementedError

    def reasons(self, user, client_ids) -> dict[int, str]:
        """The reason of the user's grant in force for each of these clients."""
        raise NotImplementedError


_grant_sources: list[GrantSource] = []


def register_grant_source(source: GrantSource) -> None:
    if not any(type(existing) is type(source) for existing in _grant_sources):
        _grant_sources.append(source)


def grant_sources() -> list[GrantSource]:
    return list(_grant_sources)


def may_break_glass(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.role in BREAK_GLASS_ROLES
    )


def client_path(model) -> str | None:
    """The lookup path from a client-level record to its client.

    Every client-level record reaches its unit through its client
    (`client__unit`, `assessment__client__unit`), so the path to the client
    is the unit path less its last step; the Client itself has "unit" and is
    its own client.  A model may name the path (or None: no grant ever
    extends to it) in `access_client_path`.
    """
    if hasattr(model, "access_client_path"):
        return model.access_client_path
    unit_path = model.access_unit_path
    if unit_path == "unit":
        return "pk"
    if unit_path.endswith("__unit"):
        return unit_path.removesuffix("__unit")
    return None


def grant_reasons(user, client_ids) -> dict[int, str]:
    """The reason of the user's grant in force for each of these clients
    (one query per registered source; none when no client id is given)."""
    client_ids = [pk for pk in client_ids if pk is not None]
    reasons: dict[int, str] = {}
    if client_ids and may_break_glass(user):
        for source in _grant_sources:
            reasons.update(source.reasons(user, client_ids))
    return reasons


class ScopedQuerySet(models.QuerySet):
    """A queryset of client-level records that knows who may see them.

    Modelled on NetBox's RestrictedQuerySet.restrict(user, action).
    """

    def restrict(self, user, action: str = "view") -> "ScopedQuerySet":
        """Records of the user's units, and, for client-level records and the
        actions a grant covers, those of clients the user holds a
        break-the-glass grant for (in force now).  No extra query: the grants
        are a subquery."""
        unit_path = self.model.access_unit_path
        scope = Q(**{f"{unit_path}__in": client_units(user).values("pk")})
        path = client_path(self.model) if issubclass(self.model, ClientRecord) else None
        if path and action in BREAK_GLASS_ACTIONS and may_break_glass(user):
            for source in _grant_sources:
                scope |= Q(**{f"{path}__in": source.granted_client_ids(user)})
        return self.filter(scope)


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
