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


def unit_month_figures(*, unit: Unit, month: datetime.date) -> dict:
    """What the summary stores for one unit and month: {code: count} for
    indicators.SUMMARY_CODES, and "on_time" and "statutory"."""
    first, last = month_bounds(month)
    viewer = indicators.figure_viewer(_area_viewer(unit.area), [unit.pk])
    # Counted raw, never from the summary being refreshed.
    figures = indicators.compute(
        user=viewer, start=first, end=last, codes=indicators.SUMMARY_CODES, stored=False
    )
    return {**figures, **indicators.compliance_counts(viewer, first, last)}


def summary_refresh(*, month: datetime.date) -> int:
    """Recompute every unit's row of the month and replace the month's rows,
    in one transaction (a reader sees the old month or the new one, never a
    mixture).  Returns the number of rows written."""
    first, _last = month_bounds(month)
    now = timezone.now()
    rows = [
        UnitMonthFigures(
            unit=unit,
            month=first,
            figures=unit_month_figures(unit=unit, month=first),
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
    """Of the months, those without a stored row for every unit: the ones a
    reader of the summary would count raw until they are refreshed."""
    units = Unit.objects.count()
    stored = dict(
        UnitMonthFigures.objects.filter(month__in=months)
        .values_list("month")
        .annotate(rows=Count("pk"))
    )
    return [month for month in months if stored.get(month, 0) < units]


def months_to_refresh(*, today: datetime.date) -> list[datetime.date]:
    """The nightly refresh: the previous and the current month."""
    current = today.replace(day=1)
    previous = (current - datetime.timedelta(days=1)).replace(day=1)
    return [previous, current]
