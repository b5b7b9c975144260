"""Writes of the accounts app: the access log."""

from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

from accounts.access import ClientRecord, grant_reasons
from accounts.access_log import AccessBasis, AccessLogEntry


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, as far as it can be trusted.

    Behind TRUSTED_PROXY_COUNT reverse proxies, each of which appends the
    address it saw to X-Forwarded-For, the client is that many entries from
    the right.  Anything further left is whatever the client claimed.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


def _view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else request.path_info[:200]


def access_log_record(
    *,
    request: HttpRequest,
    records: Iterable[ClientRecord],
    action: str,
    allowed: bool = True,
    basis: str = AccessBasis.CLIENT_RELATIONSHIP,
    reason: str = "",
) -> list[AccessLogEntry]:
    """Write one access-log row per record, in one query.

    The row names the record by type and id only; no data of the record is
    copied into the log.
    """
    user = request.user
    units = list(user.units.all())
    unit_codes = ",".join(sorted(u.code for u in units))
    common = {
        "user": user,
        "username": user.get_username(),
        "role": user.role,
        "user_units": unit_codes[:500],
        "action": action,
        "view_name": _view_name(request),
        "ip_address": client_ip(request),
        "allowed": allowed,
    }
    subjects = [(record, *record.access_log_subject()) for record in records]
    # A record outside the user's units that they were allowed to see was
    # opened under a break-the-glass grant: its basis is the reason given.
    own_units = {u.pk for u in units}
    outside = [client for _, client, unit in subjects if unit not in own_units]
    granted = (
        grant_reasons(user, outside)
        if allowed and basis == AccessBasis.CLIENT_RELATIONSHIP and outside
        else {}
    )
    rows = []
    for record, client_id, unit_id in subjects:
        if not allowed:
            row_basis, row_reason = AccessBasis.NONE, reason
        elif unit_id not in own_units and client_id in granted:
            row_basis, row_reason = AccessBasis.REASON_GIVEN, granted[client_id]
        else:
            row_basis, row_reason = basis, reason
        rows.append(
            AccessLogEntry(
                client_id=client_id,
                client_unit_id=unit_id,
                record_type=record._meta.label_lower,
                record_id=record.pk,
                basis=row_basis,
                reason=row_reason,
                **common,
            )
        )
    return AccessLogEntry.objects.bulk_create(rows)
