"""Break the glass: opening a client outside one's own units, with a reason.

The flow:

1. A worker searches by an exact identifier (an identity code or a client
   number) and the client is not in their units.  The search page says that a
   client of another unit of the same area matched, names only that unit, and
   offers to open the client for a reason (`candidates()`).
2. The worker gives the reason; `grant_create()` writes a `BreakGlassGrant`
   that names the one client and lasts BREAK_GLASS_DURATION_MINUTES.
3. While it is in force, the choke point (`accounts.access.ScopedQuerySet.restrict`)
   lets the worker see that client's records, through the `GrantSource`
   registered below, and every read is logged with basis "reason given" and
   the reason (`accounts.services.access_log_record`).
4. The supervisor of the client's unit sees the grant on the access review
   page and marks it reviewed (`grant_review()`).

An expired or ended grant gives nothing: `in_force()` compares with now.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.access import GrantSource, client_units, may_break_glass, register_grant_source
from clients.filters import CLIENT_NUMBER
from clients.models import BreakGlassGrant, Client


class BreakGlassGrants(GrantSource):
    """The clients app's grants, as the choke point asks for them."""

    def granted_client_ids(self, user) -> QuerySet:
        return BreakGlassGrant.objects.in_force().filter(user=user).values("client_id")

    def reasons(self, user, client_ids) -> dict[int, str]:
        rows = (
            BreakGlassGrant.objects.in_force()
            .filter(user=user, client_id__in=client_ids)
            .order_by("client_id", "-granted_at")
            .values_list("client_id", "reason")
        )
        reasons: dict[int, str] = {}
        for client_id, reason in rows:
            reasons.setdefault(client_id, reason)
        return reasons


register_grant_source(BreakGlassGrants())


def candidates(*, user, criteria: dict | None) -> QuerySet[Client]:
    """Clients outside the user's units that an exact search found.

    Only a search by an identity code (kept as its keyed HMAC) or by a client
    number qualifies, never one by name, so the offer cannot be used to browse
    other units.  Only clients of the user's own area: another county is
    another controller.
    """
    if not criteria or not may_break_glass(user) or user.area_id is None:
        return Client.objects.none()
    digest = criteria.get("identity_code_digest")
    number = (criteria.get("q") or "").strip().upper()
    if digest:
        found = Client.objects.filter(identity_code_digest=digest)
    elif CLIENT_NUMBER.fullmatch(number):
        found = Client.objects.filter(client_number=number)
    else:
        return Client.objects.none()
    return (
        found.filter(unit__area_id=user.area_id, anonymised_at__isnull=True)
        .exclude(unit__in=client_units(user))
        .select_related("unit")
        .order_by("client_number")
    )


def grant_duration() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.BREAK_GLASS_DURATION_MINUTES)


@transaction.atomic
def grant_create(*, user, client: Client, reason: str) -> BreakGlassGrant:
    """Open one client to the user for a limited time, for the reason given.

    A grant still in force for the same client is ended first, so a user
    holds at most one grant per client and the reason on each read is the
    latest one given.
    """
    reason = reason.strip()
    if not reason:
        raise ValueError("A reason is required.")
    now = timezone.now()
    BreakGlassGrant.objects.in_force(now).filter(user=user, client=client).update(ended_at=now)
    return BreakGlassGrant.objects.create(
        user=user,
        client=client,
        client_unit_id=client.unit_id,
        reason=reason,
        granted_at=now,
        expires_at=now + grant_duration(),
    )


def grant_review(*, grant: BreakGlassGrant, by) -> BreakGlassGrant:
    """The supervisor has looked at the grant and its reason."""
    if grant.reviewed_at is None:
        grant.reviewed_by = by
        grant.reviewed_at = timezone.now()
        grant.save(update_fields=["reviewed_by", "reviewed_at"])
    return grant
