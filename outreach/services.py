"""Writes of the outreach app.  Each is keyword-only and atomic: a visit is
saved with its partners, workers and clients met, or not at all."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet

from accounts.models import Area, Municipality, Unit, User
from clients.models import Client
from outreach.models import ClientMet, OutreachVisit, PartnerOrganisation

# The fields of a visit that a form may set directly.
VISIT_FIELDS = (
    "kind",
    "date",
    "place",
    "municipality",
    "unit",
    "people_met",
    "new_contacts",
    "notes",
)


@transaction.atomic
def visit_create(
    *,
    recorded_by: User,
    unit: Unit,
    kind: str,
    date: datetime.date,
    place: str,
    municipality: Municipality,
    people_met: int,
    new_contacts: int = 0,
    notes: str = "",
    partners: Iterable[PartnerOrganisation] = (),
    workers: Iterable[User] = (),
) -> OutreachVisit:
    """Record a visit.  Without workers named, the one who records it went."""
    visit = OutreachVisit(
        recorded_by=recorded_by,
        unit=unit,
        kind=kind,
        date=date,
        place=place,
        municipality=municipality,
        people_met=people_met,
        new_contacts=new_contacts,
        notes=notes,
    )
    # The rules of one row (no future date, new contacts within people met)
    # hold whoever calls; the database checks the head-counts as well.
    visit.clean()
    visit.save()
    visit.partners.set(list(partners))
    visit.workers.set(list(workers) or [recorded_by])
    return visit


@transaction.atomic
def visit_update(
    *,
    visit: OutreachVisit,
    partners: Iterable[PartnerOrganisation],
    workers: Iterable[User],
    **fields,
) -> OutreachVisit:
    """Change a visit's details, partners and workers."""
    unknown = fields.keys() - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a visit: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.clean()
    visit.save()
    visit.partners.set(list(partners))
    visit.workers.set(list(workers) or [visit.recorded_by])
    return visit


@transaction.atomic
def clients_met_set(
    *,
    visit: OutreachVisit,
    clients: Iterable[Client],
    changeable: QuerySet[Client],
    by: User,
) -> tuple[list[ClientMet], list[ClientMet]]:
    """Make the visit's links to the `changeable` clients (those the user may
    see) exactly `clients`; links to other clients, recorded by someone with
    other units, are kept as they are.

    Returns the links (created, removed), for the access log.
    """
    chosen = {client.pk: client for client in clients}
    allowed = set(changeable.filter(pk__in=chosen).values_list("pk", flat=True))
    if allowed != chosen.keys():
        raise ValueError("A client outside the user's scope cannot be linked.")
    current = list(
        ClientMet.objects.filter(visit=visit, client__in=changeable.values("pk")).select_related(
            "client"
        )
    )
    removed = [link for link in current if link.client_id not in chosen]
    if removed:
        ClientMet.objects.filter(pk__in=[link.pk for link in removed]).delete()
    linked = {link.client_id for link in current}
    created = ClientMet.objects.bulk_create(
        [
            ClientMet(visit=visit, client=client, recorded_by=by)
            for pk, client in chosen.items()
            if pk not in linked
        ]
    )
    return created, removed


def partner_create(
    *,
    area: Area,
    name: str,
    kind: str,
    municipality: Municipality | None = None,
    is_active: bool = True,
) -> PartnerOrganisation:
    """Add a partner organisation to the area's reference data."""
    return PartnerOrganisation.objects.create(
        area=area, name=name, kind=kind, municipality=municipality, is_active=is_active
    )


@transaction.atomic
def partner_update(*, partner: PartnerOrganisation, **fields) -> PartnerOrganisation:
    """Change a partner's name, kind, municipality or whether it is in use."""
    for name, value in fields.items():
        setattr(partner, name, value)
    partner.save(update_fields=list(fields))
    return partner
