"""The figures of the dashboards, assembled from the apps' selectors.

Every number here is computed by the one selector that defines it (named
beside each series); this module only lines the series up by month and by
unit for the charts and their tables.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min, QuerySet

from accounts.access import figure_units
from assessments import selectors as assessments
from groups import selectors as groups
from outreach import selectors as outreach
from reports.models import UnitMonthFigures
from reports.summary import month_bounds

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
class StoredFigures:
    """The stored summary's rows of a period's whole months for every unit
    the viewer sees, and the rest of the period (its last, unfinished month),
    which is counted raw."""

    rows: QuerySet  # of UnitMonthFigures: the whole months, the viewer's units
    refreshed_at: datetime.datetime
    raw_from: datetime.date | None  # the first day counted raw, or None
    end: datetime.date


def stored_figures(*, user, start: datetime.date, end: datetime.date) -> StoredFigures | None:
    """The one place that decides whether the dashboards read the stored
    summary: with FIGURES_FROM_SUMMARY on, a period from the first of a month
    whose whole months all have their row for every unit the user sees (two
    queries).  A period ending before its last month does (this year's,
    until today) has that month counted raw.  None: count everything raw."""
    if not settings.FIGURES_FROM_SUMMARY or start.day != 1 or end < start:
        return None
    months = _months(start, end)
    whole = months if end == month_bounds(months[-1])[1] else months[:-1]
    if not whole:
        return None
    unit_ids = list(figure_units(user).values_list("pk", flat=True))
    rows = UnitMonthFigures.objects.filter(month__in=whole, unit__in=unit_ids).order_by()
    # As fresh as the oldest row used.
    found = rows.aggregate(rows=Count("pk"), refreshed_at=Min("refreshed_at"))
    if not unit_ids or found["rows"] != len(unit_ids) * len(whole):
        return None
    return StoredFigures(
        rows=rows,
        refreshed_at=found["refreshed_at"],
        raw_from=None if len(whole) == len(months) else months[-1],
        end=end,
    )


def dashboard_figures(*, user, start: datetime.date, end: datetime.date) -> dict:
    """The dashboards' figures: {"trends", "comparison", "refreshed_at",
    "counted_from"} (the last two None when everything was counted raw).
    From the stored summary when stored_figures says so (four queries, the
    sums in the database, plus six for an unfinished last month), otherwise
    counted raw (six queries)."""
    stored = stored_figures(user=user, start=start, end=end)
    return {
        "trends": monthly_trends(user=user, start=start, end=end, stored=stored),
        "comparison": unit_comparison(user=user, start=start, end=end, stored=stored),
        "refreshed_at": stored.refreshed_at if stored else None,
        # The unfinished month counted raw beside the summary, if any.
        "counted_from": stored.raw_from if stored else None,
    }


def monthly_trends(
    *, user, start: datetime.date, end: datetime.date, stored: StoredFigures | None = None
) -> list[dict]:
    """Per month of the period: assessments completed
    (assessments.completed_by_month), group sessions held
    (groups.sessions_held_by_month), outreach visits and people met
    (outreach.figures_by_month).  Three queries; months without any are 0.
    With `stored` (stored_figures), its whole months are added up from the
    summary and only the rest of the period is counted."""
    counted: dict[str, dict] = {key: {} for key in STORED_CODES}
    if stored is not None:
        for row in stored.rows.values("month").annotate(**_stored_totals(STORED_CODES)):
            for key in STORED_CODES:
                counted[key][row["month"]] = row[key]
    raw_from = start if stored is None else stored.raw_from
    if raw_from is not None:

        def by_month(rows, key):
            return {row["month"].replace(day=1): row[key] for row in rows}

        period = {"user": user, "start": raw_from, "end": end}
        visits = outreach.figures_by_month(**period)
        counted["assessments_completed"].update(
            by_month(assessments.completed_by_month(**period), "count")
        )
        counted["group_sessions"].update(by_month(groups.sessions_held_by_month(**period), "count"))
        counted["outreach_visits"].update(by_month(visits, "visits"))
        counted["people_met"].update(by_month(visits, "people_met"))
    return [
        {
            "month": month,
            "label": f"{month.month}/{month.year}",
            # Under a chart's bar: "1/19", short enough not to run together.
            "short_label": f"{month.month}/{month.year % 100:02d}",
            **{key: counted[key].get(month, 0) for key in STORED_CODES},
        }
        for month in _months(start, end)
    ]


def unit_comparison(
    *, user, start: datetime.date, end: datetime.date, stored: StoredFigures | None = None
) -> list[dict]:
    """Per unit whose figures the user sees and that has any of them:
    assessments completed, group sessions held and outreach visits in the
    period (three queries).  With `stored` (stored_figures), the whole months
    are added up from the summary and only the rest is counted."""
    keys = ("assessments_completed", "group_sessions", "outreach_visits")
    rows: dict[str, dict] = {}

    def add(name, key, count):
        row = rows.setdefault(name, {"unit": name, **dict.fromkeys(keys, 0)})
        row[key] += count

    if stored is not None:
        totals = _stored_totals({key: STORED_CODES[key] for key in keys})
        for row in stored.rows.values("unit__name").annotate(**totals):
            for key in keys:
                if row[key]:
                    add(row["unit__name"], key, row[key])
    raw_from = start if stored is None else stored.raw_from
    if raw_from is not None:
        period = {"user": user, "start": raw_from, "end": end}
        for r in assessments.completed_by_unit(**period):
            add(r["unit"], "assessments_completed", r["count"])
        for r in groups.sessions_held_by_unit(**period):
            add(r["unit"], "group_sessions", r["count"])
        for r in outreach.figures_by_unit(**period):
            add(r["unit_name"], "outreach_visits", r["visits"])
    return sorted(rows.values(), key=lambda r: r["unit"])
