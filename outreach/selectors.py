"""Reads of the outreach app: the visits a user may list and the figures of
outreach.

Two scopes, as everywhere in the portal (accounts/access.py):
* rows (the visit list, a visit's page) are the user's own units' visits;
* figures count the visits of the units whose figures the user sees
  (`figure_units`): a coordinator's cover the whole area.

A period is two days, both included; None leaves that end open.  Every
figure is counted in the database, and its definition is written once, here.
"""

import datetime

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from accounts.access import figure_unit_ids
from accounts.models import Municipality, Unit
from outreach.models import ClientMet, OutreachVisit, PartnerOrganisation, VisitKind

# --- The definitions ----------------------------------------------------------
# Each figure is one aggregate expression; the selectors below only choose
# which visits it runs over.


def _visits():
    """Outreach visits reported: every OutreachVisit of any kind (a partner
    visit, a pop-up event, a mass event, a home visit) counts once.  This is
    the seed's "95 outreach visits reported"."""
    return Count("pk")


def _popup_events():
    """Pop-up events: visits of the kind "pop-up event" only.  They are also
    among the visits reported (the seed's 11 are part of its 95)."""
    return Count("pk", filter=Q(kind=VisitKind.POPUP))


def _people_met():
    """People met: the sum of the visits' head-counts.  A person met on two
    visits counts twice: the head-count is anonymous (the seed's 392)."""
    return Coalesce(Sum("people_met"), 0)


def _new_contacts():
    """New contacts: the sum of the people met who were not yet known to the
    service, as the workers reported them."""
    return Coalesce(Sum("new_contacts"), 0)


FIGURES = {
    "visits": _visits,
    "popup_events": _popup_events,
    "people_met": _people_met,
    "new_contacts": _new_contacts,
}


# --- Scope --------------------------------------------------------------------


def figure_visits(
    *,
    user,
    start: datetime.date | None,
    end: datetime.date | None,
    unit: Unit | None = None,
    municipality: Municipality | None = None,
    kind: str | None = None,
) -> QuerySet[OutreachVisit]:
    """The visits that the user's figures count: visits of the units whose
    figures the user sees, dated within the period, optionally of one unit,
    municipality or kind."""
    visits = OutreachVisit.objects.filter(unit__in=figure_unit_ids(user))
    if start is not None:
        visits = visits.filter(date__gte=start)
    if end is not None:
        visits = visits.filter(date__lte=end)
    if unit is not None:
        visits = visits.filter(unit=unit)
    if municipality is not None:
        visits = visits.filter(municipality=municipality)
    if kind:
        visits = visits.filter(kind=kind)
    return visits


# --- Figures ------------------------------------------------------------------


def visit_count(*, user, start, end, **filters) -> int:
    """Outreach visits reported in the period: every visit of any kind."""
    return figure_visits(user=user, start=start, end=end, **filters).aggregate(n=_visits())["n"]


def popup_event_count(*, user, start, end, **filters) -> int:
    """Pop-up events in the period: visits of the kind "pop-up event"."""
    visits = figure_visits(user=user, start=start, end=end, **filters)
    return visits.aggregate(n=_popup_events())["n"]


def people_met_total(*, user, start, end, **filters) -> int:
    """People met on the visits of the period: the sum of their head-counts."""
    visits = figure_visits(user=user, start=start, end=end, **filters)
    return visits.aggregate(n=_people_met())["n"]


def new_contacts_total(*, user, start, end, **filters) -> int:
    """New contacts made on the visits of the period: the sum reported."""
    visits = figure_visits(user=user, start=start, end=end, **filters)
    return visits.aggregate(n=_new_contacts())["n"]


def outreach_summary(*, user, start, end, **filters) -> dict[str, int]:
    """All four figures above in one query: {"visits", "popup_events",
    "people_met", "new_contacts"}, with the same definitions."""
    visits = figure_visits(user=user, start=start, end=end, **filters)
    return visits.aggregate(**{name: figure() for name, figure in FIGURES.items()})


def figures_by_kind(*, user, start, end, **filters) -> list[dict]:
    """Visits, people met and new contacts per kind of visit, every kind
    listed (0 when there were none), in the order of VisitKind.  One query."""
    rows = {
        row["kind"]: row
        for row in figure_visits(user=user, start=start, end=end, **filters)
        .values("kind")
        .annotate(visits=_visits(), people_met=_people_met(), new_contacts=_new_contacts())
        .order_by()
    }
    empty = {"visits": 0, "people_met": 0, "new_contacts": 0}
    return [
        {**empty, **rows.get(kind, {}), "kind": kind, "label": label}
        for kind, label in VisitKind.choices
    ]


def figures_by_municipality(*, user, start, end, **filters) -> list[dict]:
    """Visits, people met and new contacts per municipality where the visit
    took place; municipalities without visits are left out.  One query."""
    return list(
        figure_visits(user=user, start=start, end=end, **filters)
        .values("municipality__name", "municipality__code")
        .annotate(visits=_visits(), people_met=_people_met(), new_contacts=_new_contacts())
        .order_by("municipality__name")
    )


# --- Rows ---------------------------------------------------------------------


def visit_list(*, user) -> QuerySet[OutreachVisit]:
    """Visits of the user's own units, with what the list page shows."""
    return (
        OutreachVisit.objects.restrict(user)
        .select_related("unit", "municipality")
        .prefetch_related("workers", "partners")
        .order_by("-date", "-id")
    )


def clients_met_of(*, user, visit: OutreachVisit) -> QuerySet[ClientMet]:
    """The clients met on a visit whom the user may see: those of the user's
    own units (the scope is the client's unit, not the visit's)."""
    return (
        ClientMet.objects.restrict(user)
        .filter(visit=visit)
        .select_related("client", "client__unit")
        .order_by("client__last_name", "client__first_name", "id")
    )


def partner_list(*, user) -> QuerySet[PartnerOrganisation]:
    """Partner organisations of the user's area."""
    return PartnerOrganisation.objects.restrict(user).select_related("municipality")


def figures_by_month(*, user, start, end, **filters) -> list[dict]:
    """The figures of `outreach_summary` month by month: [{"month", "visits",
    "popup_events", "people_met", "new_contacts"}], one query."""
    return list(
        figure_visits(user=user, start=start, end=end, **filters)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(**{name: figure() for name, figure in FIGURES.items()})
        .order_by("month")
    )


def figures_by_unit(*, user, start, end, **filters) -> QuerySet:
    """The figures of `outreach_summary` per unit: rows {"unit_name",
    "visits", …}, one query."""
    return (
        figure_visits(user=user, start=start, end=end, **filters)
        .values(unit_name=F("unit__name"))
        .annotate(**{name: figure() for name, figure in FIGURES.items()})
        .order_by("unit_name")
    )
