"""The stored summary of figures (reports.UnitMonthFigures): its refresh.

Each unit's row for a month is computed by the indicator registry itself, for
a viewer narrowed to that unit, so the summary has exactly the registry's
definitions; reports.indicators.summary_figures adds the rows up.  A month is
always refreshed whole: client figures follow the client's current unit, so a
client's move changes past months of two units, and no row-level change
tracking would catch that.  Nightly for the current and the previous month
(essote_sos/celery.py), on demand for any month (reports.tasks).
"""

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Area, Role, Unit, User
from assessments import selectors as assessments
from reports import indicators
from reports.models import UnitMonthFigures


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the month of `month`."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def _area_viewer(area: Area) -> User:
    # An unsaved coordinator of the area: it sees exactly the area's units.
    return User(username="figures-summary", role=Role.COORDINATOR, area=area, is_active=True)


# The outcomes of the dashboards' statutory-compliance table
# (assessments.selectors.statutory_compliance) for the initiations of the
# unit's month, and their keys in `figures`.  "on_time" and "statutory" are
# also the counts of the registry's share.  The table's "initiations" has a
# key of its own: "initiations" is the registry's figure, from its own
# selector.  "overdue" and "running" depend on the day: they are stored as
# of the refresh day (reports.selectors explains when a month can be read).
# Rows written before these keys existed lack some: readers treat such a
# month as not stored, never as zeros.
COMPLIANCE_KEYS = {
    "initiations": "compliance_initiations",
    "statutory": "statutory",
    "on_time": "on_time",
    "late": "late",
    "overdue": "overdue",
    "running": "running",
}


def unit_month_figures(*, unit: Unit, month: datetime.date, today: datetime.date) -> dict:
    """What the summary stores for one unit and month: {code: count} for
    indicators.SUMMARY_CODES, and the compliance table's outcomes as of
    `today` (COMPLIANCE_KEYS)."""
    first, last = month_bounds(month)
    viewer = indicators.figure_viewer(_area_viewer(unit.area), [unit.pk])
    # Counted raw, never from the summary being refreshed.
    figures = indicators.compute(
        user=viewer, start=first, end=last, codes=indicators.SUMMARY_CODES, stored=False
    )
    # One query, with the definitions of the table and of the share
    # (indicators.compliance_counts reads the same selector).
    outcomes = assessments.statutory_compliance_totals(
        user=viewer, start=first, end=last, today=today
    )
    return {**figures, **{key: outcomes[name] for name, key in COMPLIANCE_KEYS.items()}}


def summary_refresh(*, month: datetime.date) -> int:
    """Recompute every unit's row of the month and replace the month's rows,
    in one transaction (a reader sees the old month or the new one, never a
    mixture).  Returns the number of rows written."""
    first, _last = month_bounds(month)
    now = timezone.now()
    today = timezone.localdate(now)
    rows = [
        UnitMonthFigures(
            unit=unit,
            month=first,
            figures=unit_month_figures(unit=unit, month=first, today=today),
            refreshed_at=now,
        )
        for unit in Unit.objects.select_related("area").order_by("pk")
    ]
    with transaction.atomic():
        UnitMonthFigures.objects.filter(month=first).delete()
        UnitMonthFigures.objects.bulk_create(rows)
    return len(rows)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of the months from the month of `start` to that of `end`."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def months_missing(months: list[datetime.date]) -> list[datetime.date]:
    """Of the months, those without a complete stored row for every unit
    (one written before COMPLIANCE_KEYS lacks some of them): the ones a
    reader of the summary would count raw until they are refreshed."""
    units = Unit.objects.count()
    stored = dict(
        UnitMonthFigures.objects.filter(
            month__in=months, figures__has_keys=list(COMPLIANCE_KEYS.values())
        )
        .values_list("month")
        .annotate(rows=Count("pk"))
    )
    return [month for month in months if stored.get(month, 0) < units]


def months_to_refresh(*, today: datetime.date) -> list[datetime.date]:
    """The nightly refresh: the previous and the current month."""
    current = today.replace(day=1)
    previous = (current - datetime.timedelta(days=1)).replace(day=1)
    return [previous, current]


def months_to_sweep(*, today: datetime.date) -> list[datetime.date]:
    """The weekly sweep: every month from January of the previous year to
    the current one.  Records are often entered weeks after the day they
    record, and a client's move changes the past months of two units; the
    nightly refresh sees neither in older months, the sweep does within a
    week, for the two years whose figures are reported on."""
    return months_between(datetime.date(today.year - 1, 1, 1), today)
