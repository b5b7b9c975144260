"""Reads of grievance observations.  Everything starts from
`Observation.objects.restrict(user)`: the observations of the user's area."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from clients.models import Code
from structural.models import THEME_CODE_LIST, Observation, ObservationStatus


def observation_list(*, user):
    """The observations the user may see, with `current_status` annotated."""
    return (
        Observation.objects.restrict(user)
        .with_status()
        .select_related("theme", "municipality", "unit", "recorded_by")
    )


def filter_observations(
    queryset,
    *,
    theme=None,
    status: str | None = None,
    municipality=None,
    unit=None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
):
    """The same criteria for the list and the overview.  The period is of
    `recorded_on`, both days included; `status` needs `with_status()`."""
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    if status:
        queryset = queryset.filter(current_status=status)
    if municipality is not None:
        queryset = queryset.filter(municipality=municipality)
    if unit is not None:
        queryset = queryset.filter(unit=unit)
    if start:
        queryset = queryset.filter(recorded_on__gte=start)
    if end:
        queryset = queryset.filter(recorded_on__lte=end)
    return queryset


@dataclass
class OverviewRow:
    theme: Code
    counts: list[int]  # in the order of ObservationStatus
    total: int


@dataclass
class Overview:
    statuses: list[ObservationStatus]
    rows: list[OverviewRow]
    column_totals: list[int]
    total: int


def observation_overview(*, user, **criteria) -> Overview:
    """The supervisor's overview: observations counted by theme × status.

    Definition: the observations of the user's area (`restrict`) that match
    the criteria of `filter_observations`, counted in one query grouped by
    theme and status, where the status is the latest workflow step taken
    (closed > action agreed > supervisor informed > raised in the team >
    recorded; `status_expression`).  Every theme in use in the code list has a
    row, with zeros when it has no observations; a theme no longer in use
    has a row only if observations still have it.  Row and column totals are
    sums of the cells, so they agree with the list.
    """
    queryset = filter_observations(observation_list(user=user), **criteria)
    cells = {
        (row["theme"], row["current_status"]): row["n"]
        for row in queryset.order_by().values("theme", "current_status").annotate(n=Count("id"))
    }
    statuses = list(ObservationStatus)
    theme_ids = {theme_id for theme_id, _ in cells}
    themes = Code.objects.filter(code_list__key=THEME_CODE_LIST).filter(
        is_active=True
    ) | Code.objects.filter(pk__in=theme_ids)
    rows = []
    for theme in themes.distinct().order_by("order", "code"):
        counts = [cells.get((theme.pk, status.value), 0) for status in statuses]
        rows.append(OverviewRow(theme=theme, counts=counts, total=sum(counts)))
    column_totals = [sum(row.counts[i] for row in rows) for i in range(len(statuses))]
    return Overview(
        statuses=statuses, rows=rows, column_totals=column_totals, total=sum(column_totals)
    )


def observation_figures(*, user, start, end) -> dict:
    """Grievance observations of the user's area in the period (area-wide, like
    the observations themselves):

    * opened: observations recorded in the period;
    * closed: observations closed in the period.
    One query.
    """
    return Observation.objects.restrict(user).aggregate(
        opened=Count("pk", filter=Q(recorded_on__range=(start, end))),
        closed=Count("pk", filter=Q(closed_on__range=(start, end))),
    )
