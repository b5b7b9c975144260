"""The figures of the dashboards, assembled from the apps' selectors.

Every number here is computed by the one selector that defines it (named
beside each series); this module only lines the series up by month and by
unit for the charts and their tables.
"""

import datetime

from assessments import selectors as assessments
from groups import selectors as groups
from outreach import selectors as outreach


def _months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def monthly_trends(*, user, start: datetime.date, end: datetime.date) -> list[dict]:
    """Per month of the period: assessments completed
    (assessments.completed_by_month), group sessions held
    (groups.sessions_held_by_month), outreach visits and people met
    (outreach.figures_by_month).  Three queries; months without any are 0."""

    def by_month(rows, key):
        return {row["month"].replace(day=1): row[key] for row in rows}

    completed = by_month(assessments.completed_by_month(user=user, start=start, end=end), "count")
    sessions = by_month(groups.sessions_held_by_month(user=user, start=start, end=end), "count")
    visits = outreach.figures_by_month(user=user, start=start, end=end)
    visit_count, people = by_month(visits, "visits"), by_month(visits, "people_met")
    return [
        {
            "month": month,
            "label": f"{month.month}/{month.year}",
            # Under a chart's bar: "1/19", short enough not to run together.
            "short_label": f"{month.month}/{month.year % 100:02d}",
            "assessments_completed": completed.get(month, 0),
            "group_sessions": sessions.get(month, 0),
            "outreach_visits": visit_count.get(month, 0),
            "people_met": people.get(month, 0),
        }
        for month in _months(start, end)
    ]


def unit_comparison(*, user, start: datetime.date, end: datetime.date) -> list[dict]:
    """Per unit whose figures the user sees: assessments completed, group
    sessions held and outreach visits in the period (three queries)."""
    rows: dict[str, dict] = {}

    def row(name):
        return rows.setdefault(
            name,
            {"unit": name, "assessments_completed": 0, "group_sessions": 0, "outreach_visits": 0},
        )

    for r in assessments.completed_by_unit(user=user, start=start, end=end):
        row(r["unit"])["assessments_completed"] = r["count"]
    for r in groups.sessions_held_by_unit(user=user, start=start, end=end):
        row(r["unit"])["group_sessions"] = r["count"]
    for r in outreach.figures_by_unit(user=user, start=start, end=end):
        row(r["unit_name"])["outreach_visits"] = r["visits"]
    return sorted(rows.values(), key=lambda r: r["unit"])
