"""Reads of the access log about clients: the client's own report (703/2023
§11) and the supervisor's review of access to their units' clients.

Everything is aggregated in the database; each function says how many
queries it runs.  The thresholds of "unusual access" are data
(`UNUSUAL_ACCESS`), with the reasoning beside each.
"""

import datetime
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, TruncDate
from django.utils import timezone

from accounts.access import client_units
from accounts.access_log import AccessAction, AccessBasis, AccessLogEntry
from accounts.models import Role, Unit
from clients.models import BreakGlassGrant, Client

# The client's right to know (703/2023 §11) covers the last two years.
REPORT_YEARS = 2

# Actions that open a record, as opposed to showing it as a line of a list.
OPENING_ACTIONS = (AccessAction.VIEW, AccessAction.CHANGE, AccessAction.CREATE)
# Actions by which data leaves the portal (a file or paper).
DISCLOSING_ACTIONS = (AccessAction.EXPORT, AccessAction.PRINT)


@dataclass(frozen=True)
class UnusualAccessThresholds:
    """When access to a unit's clients is worth a supervisor's second look.

    * outside_caseload_min_per_day, outside_caseload_share: a user opened, in
      one day, the records of more distinct clients who are not in their own
      caseload (named responsible worker, SHL §42) than the larger of the
      minimum and the share of their caseload.  A social worker handles a few
      clients of colleagues a day (substitutes, duty, joint clients); ten or
      more in a day, or a quarter of one's own caseload, is the pattern of
      browsing.  Reads shown only as lines of a list do not count: a list
      page shows fifty clients at once.
    * working_hours: the start and end hour (local time, Europe/Helsinki) of
      ordinary office work on weekdays; any access outside them, or on a
      Saturday or Sunday, is shown.  Duty work in the evening is legitimate
      but rare in adult social work, so each occasion is worth seeing.
    * Refused attempts and break-the-glass reads are always shown: they are
      by definition reads of clients outside the reader's units.
    """

    outside_caseload_min_per_day: int = 10
    outside_caseload_share: float = 0.25
    working_hours: tuple[int, int] = (7, 18)


UNUSUAL_ACCESS = UnusualAccessThresholds()


def _local_tz():
    return ZoneInfo(settings.TIME_ZONE)


def report_start(today: datetime.date) -> datetime.date:
    """The first day the client's report covers: the same day two years ago."""
    try:
        return today.replace(year=today.year - REPORT_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - REPORT_YEARS, day=28)


def _record_type_labels(labels) -> dict[str, str]:
    names = {}
    for label in labels:
        try:
            names[label] = str(apps.get_model(label)._meta.verbose_name)
        except (LookupError, ValueError):
            names[label] = label
    return names


def _unit_names(code_lists) -> dict[str, str]:
    codes = {code for codes in code_lists for code in codes.split(",") if code}
    return dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))


def client_access_report(*, client: Client, today: datetime.date) -> dict:
    """Who processed the client's data in the last two years (703/2023 §11).

    Definition: the allowed rows of the access log that name the client, from
    the same day two years ago to today.  Rows of the same day, user, role,
    units, record type, action, basis and reason are one line, with their
    number and first and last time, so a page of a list shown ten times is one
    line and not ten.  Refused attempts are not processing and are not listed
    (the supervisor's review shows them).  Two queries.
    """
    start = report_start(today)
    tz = _local_tz()
    rows = list(
        AccessLogEntry.objects.filter(client_id=client.pk, allowed=True, at__date__gte=start)
        .annotate(day=TruncDate("at", tzinfo=tz))
        .values(
            "day",
            "user_id",
            "username",
            "user__first_name",
            "user__last_name",
            "role",
            "user_units",
            "record_type",
            "action",
            "basis",
            "reason",
        )
        .annotate(times=Count("id"), first_at=Min("at"), last_at=Max("at"))
        .order_by("-day", "-last_at")
    )
    units = _unit_names(row["user_units"] for row in rows)
    types = _record_type_labels({row["record_type"] for row in rows})
    actions = dict(AccessAction.choices)
    bases = dict(AccessBasis.choices)
    roles = dict(Role.choices)
    lines = []
    for row in rows:
        name = f"{row['user__first_name']} {row['user__last_name']}".strip()
        lines.append(
            {
                "day": row["day"],
                "first_at": row["first_at"],
                "last_at": row["last_at"],
                "times": row["times"],
                "user": name or row["username"],
                "username": row["username"],
                "role": roles.get(row["role"], row["role"]),
                "units": ", ".join(
                    units.get(code, code) for code in row["user_units"].split(",") if code
                ),
                "record_type": types[row["record_type"]],
                "action": row["action"],
                "action_label": actions.get(row["action"], row["action"]),
                "basis": row["basis"],
                "basis_label": bases.get(row["basis"], row["basis"]),
                "reason": row["reason"],
                "disclosed": row["action"] in DISCLOSING_ACTIONS,
            }
        )
    return {
        "start": start,
        "end": today,
        "lines": lines,
        "disclosures": [line for line in lines if line["disclosed"]],
        "users": len({line["username"] for line in lines}),
    }


def _period_rows(*, units, start: datetime.date, end: datetime.date):
    return AccessLogEntry.objects.filter(
        client_unit__in=units, at__date__gte=start, at__date__lte=end
    )


def _after_hours() -> Q:
    first, last = UNUSUAL_ACCESS.working_hours
    return Q(local_weekday__gte=6) | Q(local_hour__lt=first) | Q(local_hour__gte=last)


def _with_local_time(queryset):
    tz = _local_tz()
    return queryset.annotate(
        local_hour=ExtractHour("at", tzinfo=tz), local_weekday=ExtractIsoWeekDay("at", tzinfo=tz)
    )


def access_by_user(*, units, start, end) -> list[dict]:
    """Access to the units' clients in the period, per user.

    Per user: rows of the log (`events`); distinct clients (`clients`);
    records opened, not just listed (`opened`); refused attempts (`refused`);
    reads under a break-the-glass grant (`reason_given`); access outside
    working hours or at the weekend (`after_hours`).  One query.
    """
    rows = (
        _with_local_time(_period_rows(units=units, start=start, end=end))
        .values("user_id", "username", "role", "user__first_name", "user__last_name")
        .annotate(
            events=Count("id"),
            clients=Count("client_id", distinct=True),
            opened=Count("id", filter=Q(action__in=OPENING_ACTIONS, allowed=True)),
            refused=Count("id", filter=Q(allowed=False)),
            reason_given=Count("id", filter=Q(basis=AccessBasis.REASON_GIVEN)),
            after_hours=Count("id", filter=_after_hours()),
            last_at=Max("at"),
        )
        .order_by("-events", "username")
    )
    return list(rows)


def unusual_access(*, units, start: datetime.date, end: datetime.date) -> list[dict]:
    """Access to the units' clients in the period that a supervisor should look at.

    Definition (thresholds in `UNUSUAL_ACCESS`, reasoning there):
    * "outside_caseload": a user, on one day, opened (viewed, changed or
      recorded, not merely listed) the records of N distinct clients of the
      units whose named responsible worker they are not, and N is at least
      max(outside_caseload_min_per_day, ceil(outside_caseload_share × the
      user's caseload)), the caseload being the clients they are the named
      responsible worker of, in any unit;
    * "after_hours": a user's access on a weekday outside the working hours
      or on a Saturday or Sunday (local time), per user and day;
    * "refused": refused attempts at the units' clients, per user and day;
    * "reason_given": reads under a break-the-glass grant, per user and day.
    Each item: kind, user, day, count (and the threshold for outside_caseload).
    Three queries.
    """
    tz = _local_tz()
    rows = _period_rows(units=units, start=start, end=end)
    own_client = Client.objects.filter(
        pk=OuterRef("client_id"), responsible_worker=OuterRef("user")
    )
    caseload = (
        Client.objects.filter(responsible_worker=OuterRef("user"))
        .order_by()
        .values("responsible_worker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    user_fields = ("user_id", "username", "user__first_name", "user__last_name")
    browsing = (
        rows.filter(allowed=True, action__in=OPENING_ACTIONS)
        .filter(~Exists(own_client))
        .annotate(day=TruncDate("at", tzinfo=tz))
        .values(*user_fields, "day")
        .annotate(
            count=Count("client_id", distinct=True),
            caseload=Coalesce(Subquery(caseload, output_field=IntegerField()), 0),
        )
        .filter(count__gte=UNUSUAL_ACCESS.outside_caseload_min_per_day)
        .order_by("-day", "username")
    )
    items = []
    for row in browsing:
        threshold = max(
            UNUSUAL_ACCESS.outside_caseload_min_per_day,
            math.ceil(UNUSUAL_ACCESS.outside_caseload_share * row["caseload"]),
        )
        if row["count"] >= threshold:
            items.append({**row, "kind": "outside_caseload", "threshold": threshold})
    others = (
        _with_local_time(rows)
        .annotate(day=TruncDate("at", tzinfo=tz))
        .values(*user_fields, "day")
        .annotate(
            after_hours=Count("id", filter=_after_hours()),
            refused=Count("id", filter=Q(allowed=False)),
            reason_given=Count("id", filter=Q(basis=AccessBasis.REASON_GIVEN)),
        )
        .filter(Q(after_hours__gt=0) | Q(refused__gt=0) | Q(reason_given__gt=0))
        .order_by("-day", "username")
    )
    for row in others:
        for kind in ("refused", "reason_given", "after_hours"):
            if row[kind]:
                base = {key: row[key] for key in (*user_fields, "day")}
                items.append({**base, "kind": kind, "count": row[kind], "threshold": None})
    items.sort(key=lambda item: (item["day"], item["username"]), reverse=True)
    for item in items:
        name = f"{item.pop('user__first_name')} {item.pop('user__last_name')}".strip()
        item["user"] = name or item["username"]
    return items


def refused_attempts(*, units, start, end, limit: int = 200) -> list[AccessLogEntry]:
    """The latest refused attempts at the units' clients (one query)."""
    return list(
        _period_rows(units=units, start=start, end=end)
        .filter(allowed=False)
        .select_related("user")
        .order_by("-at", "-id")[:limit]
    )


def grants_to_review(*, user, start, end) -> list[BreakGlassGrant]:
    """Break-the-glass grants on the supervisor's units' clients made in the
    period, unreviewed first, each with how many reads it covered.  One query."""
    reads = (
        AccessLogEntry.objects.filter(
            user=OuterRef("user"),
            client_id=OuterRef("client_id"),
            basis=AccessBasis.REASON_GIVEN,
            at__gte=OuterRef("granted_at"),
            at__lt=Coalesce(OuterRef("ended_at"), OuterRef("expires_at")),
        )
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values("n")
    )
    return list(
        BreakGlassGrant.objects.restrict(user, AccessAction.LIST)
        .filter(granted_at__date__gte=start, granted_at__date__lte=end)
        .annotate(reads=Coalesce(Subquery(reads, output_field=IntegerField()), 0))
        .select_related("user", "client", "client_unit", "reviewed_by")
        .order_by(F("reviewed_at").asc(nulls_first=True), "-granted_at")
    )


def access_review(*, user, start: datetime.date, end: datetime.date) -> dict:
    """Everything of the supervisor's review page, for the units of their
    clients.  Six queries (the units, four reads and the grants)."""
    units = list(client_units(user))
    return {
        "units": units,
        "by_user": access_by_user(units=units, start=start, end=end),
        "unusual": unusual_access(units=units, start=start, end=end),
        "refused": refused_attempts(units=units, start=start, end=end),
        "grants": grants_to_review(user=user, start=start, end=end),
        "thresholds": UNUSUAL_ACCESS,
    }


def default_review_period(
    today: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=29), today
