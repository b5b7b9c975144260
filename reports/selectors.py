"""The figures of the dashboards, assembled from the apps' selectors.

Every number here is computed by the one selector that defines it (named
beside each series); this module only lines the series up by month and by
unit for the charts and their tables.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from accounts.access import figure_scope, figure_unit_list
from assessments import selectors as assessments
from groups import selectors as groups
from outreach import selectors as outreach
from reports import summary
from reports.models import UnitMonthFigures
from reports.summary import month_bounds
from reports.sums import Source, added_by_unit

# The dashboards' additive figures and their codes in the stored summary
# (reports.indicators.SUMMARY_CODES): each is a count per unit and month that
# adds up over units and over months (no distinct clients among them).
STORED_CODES = {
    "assessments_completed": "assessments_completed",
    "group_sessions": "group_sessions",
    "outreach_visits": "outreach_visits",
    "people_met": "outreach_people_met",
}


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _stored_totals(codes: dict[str, str]) -> dict:
    """Sums of stored figures, in the database: {name: code in the summary}."""
    return {key: UnitMonthFigures.total(code) for key, code in codes.items()}


@dataclass(frozen=True)
class SummaryMonths:
    """What the stored summary holds of a period for the units the viewer
    sees: per whole month of the period (one over by the period's end), its
    rows' count, how many of them store the compliance table's outcomes
    (summary.COMPLIANCE_KEYS), their "running" count and the oldest refresh."""

    units: list[int]  # the ids of the units the viewer sees
    months: list[datetime.date]  # every month of the period
    whole: list[datetime.date]
    found: dict[datetime.date, dict]

    def complete(self, month: datetime.date) -> bool:
        return self.found.get(month, {}).get("rows") == len(self.units)

    def settled(self, month: datetime.date) -> bool:
        """Whether the compliance table may read the month: every unit's row
        has the outcomes, and none was running at the refresh.  Then every
        limit had passed by the refresh, so an initiation not started then
        stays overdue until a start is recorded, which shows after the next
        refresh, like any record in the stored figures."""
        found = self.found.get(month)
        return (
            self.complete(month)
            and found["with_outcomes"] == len(self.units)
            and found["running"] == 0
        )


def summary_months(*, user, start: datetime.date, end: datetime.date) -> SummaryMonths | None:
    """The stored summary's state for the period (two queries: the units,
    and their rows by month; none without a whole month), or None when the
    dashboards count raw: the switch FIGURES_FROM_SUMMARY off, or a period
    not from the first of a month."""
    if not settings.FIGURES_FROM_SUMMARY or start.day != 1 or end < start:
        return None
    months = _months(start, end)
    whole = months if end == month_bounds(months[-1])[1] else months[:-1]
    # Without a whole month (this month's dashboard) nothing is read.
    units = [unit.pk for unit in figure_unit_list(user)] if whole else []
    found = {}
    if units:
        by_month = (
            UnitMonthFigures.objects.filter(month__in=whole, unit__in=units)
            .values("month")
            .annotate(
                rows=Count("pk"),
                with_outcomes=Count(
                    "pk", filter=Q(figures__has_keys=list(summary.COMPLIANCE_KEYS.values()))
                ),
                running=UnitMonthFigures.total("running"),
                refreshed_at=Min("refreshed_at"),
            )
            .order_by()
        )
        found = {row.pop("month"): row for row in by_month}
    return SummaryMonths(units=units, months=months, whole=whole, found=found)


@dataclass(frozen=True)
class StoredFigures:
    """The stored summary's rows of a period's whole months for every unit
    the viewer sees, and the rest of the period (its last, unfinished month),
    which is counted raw."""

    rows: QuerySet  # of UnitMonthFigures: the whole months, the viewer's units
    refreshed_at: datetime.datetime
    raw_from: datetime.date | None  # the first day counted raw, or None
    end: datetime.date


def _stored(held: SummaryMonths | None, end: datetime.date) -> StoredFigures | None:
    if held is None or not held.whole or not held.units:
        return None
    if not all(held.complete(month) for month in held.whole):
        return None
    return StoredFigures(
        rows=UnitMonthFigures.objects.filter(month__in=held.whole, unit__in=held.units).order_by(),
        # As fresh as the oldest row used.
        refreshed_at=min(held.found[month]["refreshed_at"] for month in held.whole),
        raw_from=None if len(held.whole) == len(held.months) else held.months[-1],
        end=end,
    )


def stored_figures(*, user, start: datetime.date, end: datetime.date) -> StoredFigures | None:
    """The one place that decides whether the dashboards' monthly figures
    read the stored summary: with FIGURES_FROM_SUMMARY on, a period from the
    first of a month whose whole months all have their row for every unit
    the user sees (two queries).  A period ending before its last month does
    (this year's, until today) has that month counted raw.  None: count
    everything raw."""
    return _stored(summary_months(user=user, start=start, end=end), end)


def dashboard_figures(
    *, user, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> dict:
    """The dashboards' figures: {"trends", "comparison", "refreshed_at",
    "counted_from", "compliance", "compliance_refreshed_at",
    "compliance_counted"} (the refresh times None, and "counted_from" too,
    when everything was counted raw).
    Every figure is added up in the database: the whole months from the
    stored summary when stored_figures says so, the rest counted raw, and a
    unit's stored and raw counts added together in the same statement
    (reports.sums).  Queries: the summary's state (one, and one for the
    units when there is a whole month), the trends (one from the summary,
    three counted raw by month), the unit comparison (one) and the
    compliance table (one), whatever the number of units and months."""
    today = today or timezone.localdate()
    # The user's units read once for every statement below.
    user = figure_scope(user)
    held = summary_months(user=user, start=start, end=end)
    stored = _stored(held, end)
    compliance = _compliance(user=user, start=start, end=end, today=today, held=held)
    raw_from = start if stored is None else stored.raw_from
    counted = {} if raw_from is None else counted_by_month(user=user, start=raw_from, end=end)
    return {
        "trends": monthly_trends(start=start, end=end, stored=stored, counted=counted),
        "comparison": unit_comparison(user=user, stored=stored, raw_from=raw_from, end=end),
        "refreshed_at": stored.refreshed_at if stored else None,
        # The unfinished month counted raw beside the summary, if any.
        "counted_from": stored.raw_from if stored else None,
        "compliance": compliance["rows"],
        "compliance_refreshed_at": compliance["refreshed_at"],
        "compliance_counted": compliance["counted"],
    }


def _compliance(*, user, start, end, today, held: SummaryMonths | None) -> dict:
    """The compliance table in one statement: its settled months
    (SummaryMonths.settled) from the stored summary and the other months of
    the period counted raw by assessments.compliance_by_unit, which also
    defines every outcome (the summary stores that selector's counts), added
    up per unit in the database (reports.sums).

    "refreshed_at": the oldest refresh among the rows read (None: all raw);
    "counted": the first days of the months counted raw beside them."""
    settled = [month for month in held.whole if held.settled(month)] if held else []
    if not settled:
        rows = assessments.statutory_compliance(user=user, start=start, end=end, today=today)
        return {"rows": rows, "refreshed_at": None, "counted": []}
    outcomes = list(summary.COMPLIANCE_KEYS)
    same = {outcome: outcome for outcome in outcomes}
    stored = (
        UnitMonthFigures.objects.filter(month__in=settled, unit__in=held.units)
        .values(name=F("unit__name"))
        .annotate(**_stored_totals(summary.COMPLIANCE_KEYS))
    )
    sources = [Source(stored, "name", same)]
    counted = [month for month in held.months if month not in settled]
    if counted:
        raw = assessments.compliance_by_unit(
            user=user, start=start, end=end, today=today, periods=_periods(counted, end)
        )
        sources.append(Source(raw, "client__unit__name", same))
    # Units without initiations are left out, as in the raw table.
    rows = added_by_unit(sources, outcomes, unit="client__unit__name", keep_if=["initiations"])
    return {
        "rows": rows,
        "refreshed_at": min(held.found[month]["refreshed_at"] for month in settled),
        "counted": counted,
    }


def _periods(months: list[datetime.date], end: datetime.date) -> list[tuple]:
    """Runs of consecutive months as (first day, last day) pairs, the last
    day at most `end`."""
    periods: list[list] = []
    for month in months:
        first, last = month_bounds(month)
        if periods and periods[-1][1] + datetime.timedelta(days=1) == first:
            periods[-1][1] = last
        else:
            periods.append([first, last])
    return [(first, min(last, end)) for first, last in periods]


def counted_by_month(*, user, start: datetime.date, end: datetime.date) -> dict:
    """The dashboards' monthly figures counted raw, each added up by month in
    the database by the selector that defines it: {month: {key of
    STORED_CODES: count}}, months without any left out.  Three queries:
    assessments completed (assessments.completed_by_month), group sessions
    held (groups.sessions_held_by_month), outreach visits and people met
    (outreach.figures_by_month)."""
    period = {"user": user, "start": start, "end": end}
    by_month: dict = defaultdict(dict)
    for row in assessments.completed_by_month(**period):
        by_month[row["month"]]["assessments_completed"] = row["count"]
    for row in groups.sessions_held_by_month(**period):
        by_month[row["month"]]["group_sessions"] = row["count"]
    for row in outreach.figures_by_month(**period):
        by_month[row["month"]]["outreach_visits"] = row["visits"]
        by_month[row["month"]]["people_met"] = row["people_met"]
    return by_month


def monthly_trends(
    *,
    start: datetime.date,
    end: datetime.date,
    stored: StoredFigures | None = None,
    counted: dict | None = None,
) -> list[dict]:
    """Per month of the period: the four figures of STORED_CODES, the whole
    months of `stored` (stored_figures) added up from the summary in the
    database (one query), the others from `counted` (counted_by_month).  A
    month comes from one source or the other, never both.  Months without
    any are 0."""
    totals: dict[str, dict] = {key: {} for key in STORED_CODES}
    if stored is not None:
        for row in stored.rows.values("month").annotate(**_stored_totals(STORED_CODES)):
            for key in STORED_CODES:
                totals[key][row["month"]] = row[key]
    # The months counted raw are the ones the summary did not give.
    for month, figures in (counted or {}).items():
        for key, count in figures.items():
            totals[key][month] = count
    return [
        {
            "month": month,
            "label": f"{month.month}/{month.year}",
            # Under a chart's bar: "1/19", short enough not to run together.
            "short_label": f"{month.month}/{month.year % 100:02d}",
            **{key: totals[key].get(month, 0) for key in STORED_CODES},
        }
        for month in _months(start, end)
    ]


# The unit comparison's figures: each from the summary's code of
# STORED_CODES, or counted raw by the selector that defines it.
COMPARED = ("assessments_completed", "group_sessions", "outreach_visits")


def unit_comparison(
    *, user, stored: StoredFigures | None, raw_from: datetime.date | None, end: datetime.date
) -> list[dict]:
    """Per unit whose figures the user sees and that has any of them:
    assessments completed, group sessions held and outreach visits in the
    period, in one statement (reports.sums): the whole months of `stored`
    (stored_figures) added up from the summary, and the days from `raw_from`
    to `end` (None: none) counted raw by assessments.completed_by_unit,
    groups.sessions_held_by_unit and outreach.figures_by_unit."""
    sources = []
    if stored is not None:
        totals = _stored_totals({key: STORED_CODES[key] for key in COMPARED})
        rows = stored.rows.values(name=F("unit__name")).annotate(**totals)
        sources.append(Source(rows, "name", {key: key for key in COMPARED}))
    if raw_from is not None:
        period = {"user": user, "start": raw_from, "end": end}
        sources += [
            Source(assessments.completed_by_unit(**period), "unit", {COMPARED[0]: "count"}),
            Source(groups.sessions_held_by_unit(**period), "unit", {COMPARED[1]: "count"}),
            Source(outreach.figures_by_unit(**period), "unit_name", {COMPARED[2]: "visits"}),
        ]
    return added_by_unit(sources, list(COMPARED), unit="unit", keep_if=list(COMPARED))
