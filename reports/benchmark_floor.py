"""The floor of the benchmark: the figures of each measured target computed
by hand-written SQL, the fastest way we know to get the same numbers out of
PostgreSQL, and the same figures as the registry and the selectors give them,
in the same shape, so that the benchmark can assert that they are equal
before it times anything (an unequal floor would be a dishonest one).

Each `*_floor` function takes the units whose figures are computed (None:
every unit, the national figure) and returns plain data; each `*_portal`
function asks the registry or the selectors for the same data as a viewer.
Used only by `manage.py benchmark` and its tests: no page calls this module.
"""

import datetime
from collections import defaultdict

from django.db import connection

from accounts.access import figure_units
from accounts.models import Area, Role, User
from clients.selectors import client_count_by_unit
from groups.selectors import FUNCTIONAL_KINDS
from reports import indicators, selectors
from structural import analysis

# The monthly set's counts add up over areas; its one share is recombined
# from its numerator and denominator (indicators._compliance).
SHARE = "assessments_started_in_time_share"
MONTHLY_CODES = [i.code for i in indicators.INDICATORS if indicators.MONTHLY in i.sets]
ADDITIVE_CODES = [code for code in MONTHLY_CODES if code != SHARE]


def _rows(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _share(on_time: int, statutory: int) -> float | None:
    """The statutory-limit share, as indicators._compliance rounds it."""
    return round(100 * on_time / statutory, 1) if statutory else None


def _units_clause(column: str, unit_ids) -> str:
    return "TRUE" if unit_ids is None else f"{column} = ANY(%(units)s)"


# --- The monthly indicator set ------------------------------------------------


def monthly_floor(*, unit_ids, area_ids, start, end) -> dict:
    """The monthly set in one statement: one scalar subquery per figure."""
    kinds = [str(kind) for kind in FUNCTIONAL_KINDS]
    sql = f"""
    SELECT
      (SELECT count(*) FROM groups_enrollment e
         JOIN groups_functionalgroup g ON g.id = e.group_id
        WHERE {_units_clause("g.unit_id", unit_ids)} AND g.kind = ANY(%(kinds)s)
          AND EXISTS (SELECT 1 FROM groups_attendance a
                        JOIN groups_groupsession s ON s.id = a.session_id
                       WHERE a.enrollment_id = e.id AND a.present AND s.group_id = e.group_id
                         AND s.status = 'held' AND s.date BETWEEN %(start)s AND %(end)s)),
      (SELECT count(*) FROM groups_groupsession s
         JOIN groups_functionalgroup g ON g.id = s.group_id
        WHERE {_units_clause("g.unit_id", unit_ids)} AND g.kind = ANY(%(kinds)s)
          AND s.status = 'held' AND s.date BETWEEN %(start)s AND %(end)s),
      (SELECT count(*) FROM outreach_outreachvisit v
        WHERE {_units_clause("v.unit_id", unit_ids)} AND v.date BETWEEN %(start)s AND %(end)s),
      (SELECT COALESCE(sum(v.people_met), 0) FROM outreach_outreachvisit v
        WHERE {_units_clause("v.unit_id", unit_ids)} AND v.date BETWEEN %(start)s AND %(end)s),
      (SELECT count(*) FROM assessments_measurement m JOIN clients_client c ON c.id = m.client_id
        WHERE {_units_clause("c.unit_id", unit_ids)}
          AND m.measured_on BETWEEN %(start)s AND %(end)s),
      (SELECT count(*) FROM assessments_serviceneedassessment a
        WHERE {_units_clause("a.unit_at_completion_id", unit_ids)} AND a.status = 'completed'
          AND a.completed_on BETWEEN %(start)s AND %(end)s),
      (SELECT count(*) FROM assessments_serviceneedassessment a
         JOIN clients_client c ON c.id = a.client_id
        WHERE {_units_clause("c.unit_id", unit_ids)}
          AND a.started_on BETWEEN %(start)s AND %(end)s),
      (SELECT count(*) FROM clients_initiation i JOIN clients_client c ON c.id = i.client_id
        WHERE {_units_clause("c.unit_id", unit_ids)}
          AND i.initiated_on BETWEEN %(start)s AND %(end)s
          AND i.assessment_start_due_on IS NOT NULL),
      (SELECT count(*) FROM clients_initiation i JOIN clients_client c ON c.id = i.client_id
        WHERE {_units_clause("c.unit_id", unit_ids)}
          AND i.initiated_on BETWEEN %(start)s AND %(end)s
          AND i.assessment_start_due_on IS NOT NULL
          AND (SELECT min(a.started_on) FROM assessments_serviceneedassessment a
                WHERE a.initiation_id = i.id) <= i.assessment_start_due_on),
      (SELECT count(*) FROM clients_initiation i JOIN clients_client c ON c.id = i.client_id
        WHERE {_units_clause("c.unit_id", unit_ids)}
          AND i.initiated_on BETWEEN %(start)s AND %(end)s),
      (SELECT count(*) FROM (
         SELECT i.client_id FROM clients_initiation i JOIN clients_client c ON c.id = i.client_id
          WHERE {_units_clause("c.unit_id", unit_ids)}
          GROUP BY i.client_id HAVING min(i.initiated_on) BETWEEN %(start)s AND %(end)s) f),
      (SELECT count(*) FROM clients_clientplan p JOIN clients_client c ON c.id = p.client_id
        WHERE {_units_clause("c.unit_id", unit_ids)}
          AND p.drawn_up_on BETWEEN %(start)s AND %(end)s),
      (SELECT count(DISTINCT s.client_id) FROM clients_supportpersonservice s
         JOIN clients_client c ON c.id = s.client_id
        WHERE {_units_clause("c.unit_id", unit_ids)} AND s.starts_on <= %(end)s
          AND (s.ends_on IS NULL OR s.ends_on >= %(start)s)),
      (SELECT count(*) FROM structural_observation o
        WHERE o.area_id = ANY(%(areas)s) AND o.recorded_on BETWEEN %(start)s AND %(end)s),
      (SELECT count(*) FROM structural_observation o
        WHERE o.area_id = ANY(%(areas)s) AND o.closed_on BETWEEN %(start)s AND %(end)s)
    """
    params = {
        "units": list(unit_ids or []),
        "areas": list(area_ids),
        "kinds": kinds,
        "start": start,
        "end": end,
    }
    (row,) = _rows(sql, params)
    (participants, sessions, visits, people, measurements, completed, started, statutory,
     on_time, initiations, new_clients, plans, support, opened, closed) = row  # fmt: skip
    return {
        "group_participants": participants,
        "group_sessions": sessions,
        "outreach_visits": visits,
        "outreach_people_met": people,
        "measurements": measurements,
        "assessments_completed": completed,
        "assessments_started": started,
        SHARE: _share(on_time, statutory),
        "initiations": initiations,
        "new_clients": new_clients,
        "client_plans": plans,
        "support_person_clients": support,
        "observations_opened": opened,
        "observations_closed": closed,
    }


def area_viewer(area: Area) -> User:
    """An unsaved coordinator of the area: sees exactly the area's figures
    (the viewer the final report and the `indicators` command use)."""
    return User(username=f"benchmark-{area.code}", role=Role.COORDINATOR, area=area, is_active=True)


def monthly_portal(*, user, start, end, unit_ids=None) -> dict:
    """The monthly set as the registry computes it for the user."""
    return indicators.compute(
        user=user, start=start, end=end, unit_ids=unit_ids, indicator_set=indicators.MONTHLY
    )


def national_monthly_portal(*, start, end) -> dict:
    """The monthly set of the whole country.  No viewer sees every unit (a
    coordinator sees one area), so the national figure is what a national
    roll-up does: each county's figures from the registry for a coordinator
    of that county, added up; the share is recombined from each county's
    on-time and statutory counts (the selector behind it)."""
    totals = dict.fromkeys(ADDITIVE_CODES, 0)
    on_time = statutory = 0
    for area in Area.objects.order_by("pk"):
        viewer = area_viewer(area)
        figures = indicators.compute(user=viewer, start=start, end=end, codes=ADDITIVE_CODES)
        for code in ADDITIVE_CODES:
            totals[code] += figures[code]
        # The share's counts from the stored summary when it answers
        # (FIGURES_FROM_SUMMARY, a calendar month), as the figures above.
        stored = indicators.summary_figures(user=viewer, start=start, end=end)
        counts = stored or indicators.compliance_counts(viewer, start, end)
        on_time += counts["on_time"]
        statutory += counts["statutory"]
    return {**totals, SHARE: _share(on_time, statutory)}


# --- The dashboard --------------------------------------------------------------


def dashboard_floor(*, unit_ids, start, end, today) -> dict:
    """The dashboard's figures: clients per unit, statutory compliance per
    unit, the monthly trends and the unit comparison, in five statements."""
    params = {"units": list(unit_ids), "start": start, "end": end, "today": today}
    kinds = [str(kind) for kind in FUNCTIONAL_KINDS]
    clients = _rows(
        """SELECT u.code, u.name, count(c.id) FROM accounts_unit u
           LEFT JOIN clients_client c ON c.unit_id = u.id
           WHERE u.id = ANY(%(units)s) GROUP BY u.id ORDER BY u.name, u.id""",
        params,
    )
    compliance = _rows(
        """SELECT u.name, count(*),
                  count(*) FILTER (WHERE x.due IS NOT NULL),
                  count(*) FILTER (WHERE x.due IS NOT NULL AND x.first <= x.due),
                  count(*) FILTER (WHERE x.due IS NOT NULL AND x.first > x.due),
                  count(*) FILTER (WHERE x.due IS NOT NULL AND x.first IS NULL
                                   AND x.due < %(today)s),
                  count(*) FILTER (WHERE x.due IS NOT NULL AND x.first IS NULL
                                   AND x.due >= %(today)s)
           FROM (SELECT c.unit_id, i.assessment_start_due_on AS due,
                        (SELECT min(a.started_on) FROM assessments_serviceneedassessment a
                          WHERE a.initiation_id = i.id) AS first
                   FROM clients_initiation i JOIN clients_client c ON c.id = i.client_id
                  WHERE c.unit_id = ANY(%(units)s)
                    AND i.initiated_on BETWEEN %(start)s AND %(end)s) x
           JOIN accounts_unit u ON u.id = x.unit_id
           GROUP BY u.name ORDER BY u.name""",
        params,
    )
    completed = _rows(
        """SELECT a.unit_at_completion_id, date_trunc('month', a.completed_on)::date, count(*)
           FROM assessments_serviceneedassessment a
           WHERE a.status = 'completed' AND a.completed_on BETWEEN %(start)s AND %(end)s
             AND a.unit_at_completion_id = ANY(%(units)s)
           GROUP BY 1, 2""",
        params,
    )
    sessions = _rows(
        """SELECT g.unit_id, date_trunc('month', s.date)::date, count(*)
           FROM groups_groupsession s JOIN groups_functionalgroup g ON g.id = s.group_id
           WHERE s.status = 'held' AND s.date BETWEEN %(start)s AND %(end)s
             AND g.unit_id = ANY(%(units)s) AND g.kind = ANY(%(kinds)s)
           GROUP BY 1, 2""",
        params | {"kinds": kinds},
    )
    visits = _rows(
        """SELECT v.unit_id, date_trunc('month', v.date)::date, count(*),
                  COALESCE(sum(v.people_met), 0)
           FROM outreach_outreachvisit v
           WHERE v.date BETWEEN %(start)s AND %(end)s AND v.unit_id = ANY(%(units)s)
           GROUP BY 1, 2""",
        params,
    )
    names = dict(_rows("SELECT id, name FROM accounts_unit WHERE id = ANY(%(units)s)", params))
    return {
        "clients": [list(row) for row in clients],
        "compliance": [list(row) for row in compliance],
        **_trends_and_comparison(completed, sessions, visits, names),
    }


def _trends_and_comparison(completed, sessions, visits, names) -> dict:
    """Months and units from the (unit, month, ...) rows of the floor."""
    by_month = defaultdict(lambda: [0, 0, 0, 0])
    by_unit = defaultdict(lambda: [0, 0, 0])
    for unit, month, n in completed:
        by_month[month][0] += n
        by_unit[names[unit]][0] += n
    for unit, month, n in sessions:
        by_month[month][1] += n
        by_unit[names[unit]][1] += n
    for unit, month, n, people in visits:
        by_month[month][2] += n
        by_month[month][3] += people
        by_unit[names[unit]][2] += n
    return {
        "trends": {month: values for month, values in by_month.items() if any(values)},
        "comparison": {unit: values for unit, values in by_unit.items() if any(values)},
    }


def dashboard_portal(*, user, start, end, today) -> dict:
    """The same figures from the selectors that the dashboard calls (the
    monthly figures and the compliance table's settled months from the
    stored summary when the dashboard reads it)."""
    figures = selectors.dashboard_figures(user=user, start=start, end=end, today=today)
    return {
        "clients": [
            [row["code"], row["name"], row["client_count"]]
            for row in client_count_by_unit(user=user)
        ],
        "compliance": [
            [
                row["client__unit__name"],
                row["initiations"],
                row["statutory"],
                row["on_time"],
                row["late"],
                row["overdue"],
                row["running"],
            ]
            for row in figures["compliance"]
        ],  # fmt: skip
        "trends": {
            row["month"]: [
                row["assessments_completed"],
                row["group_sessions"],
                row["outreach_visits"],
                row["people_met"],
            ]
            for row in figures["trends"]
            if row["assessments_completed"]
            or row["group_sessions"]
            or row["outreach_visits"]
            or row["people_met"]
        },  # fmt: skip
        "comparison": {
            row["unit"]: [
                row["assessments_completed"],
                row["group_sessions"],
                row["outreach_visits"],
            ]
            for row in figures["comparison"]
            if row["assessments_completed"] or row["group_sessions"] or row["outreach_visits"]
        },  # fmt: skip
    }


# --- The analysis page ----------------------------------------------------------

CODE_COLUMNS = {
    "housing_type": "housing_type_id",
    "education": "education_id",
    "labour_market_status": "labour_market_status_id",
    "income_sufficiency": "income_sufficiency_id",
    "violence": "violence_id",
}
MENTION_TABLES = {
    "illnesses": "assessments_serviceneedassessment_illnesses",
    "support_needs": "assessments_serviceneedassessment_support_needs",
}


def analysis_floor(*, unit_ids, start, end) -> dict:
    """The analysis page's figures in one statement: the completed
    assessments of the period read once (a materialised common table), then
    every grouping of them (the seed's Webropol analysis)."""
    params = {"units": list(unit_ids), "start": start, "end": end}
    codes = ", ".join(f"a.{column} AS {field}" for field, column in CODE_COLUMNS.items())
    code_rows = " UNION ALL ".join(
        f"""SELECT 'codes', '{field}', c.code, c.label_fi, count(*), NULL, NULL, NULL
            FROM found a LEFT JOIN clients_code c ON c.id = a.{field}
            GROUP BY c.code, c.label_fi"""
        for field in CODE_COLUMNS
    )
    mention_rows = " UNION ALL ".join(
        f"""SELECT 'mentions', '{field}', c.code, c.label_fi, count(*), NULL, NULL, NULL
            FROM found a JOIN {table} m ON m.serviceneedassessment_id = a.id
            JOIN clients_code c ON c.id = m.code_id
            GROUP BY c.code, c.label_fi"""
        for field, table in MENTION_TABLES.items()
    )
    rows = _rows(
        f"""WITH found AS MATERIALIZED (
                SELECT a.id, u.name AS unit, a.sex_at_completion AS sex,
                       a.age_at_completion AS age, {codes}
                FROM assessments_serviceneedassessment a
                JOIN accounts_unit u ON u.id = a.unit_at_completion_id
                WHERE a.status = 'completed' AND a.completed_on BETWEEN %(start)s AND %(end)s
                  AND a.unit_at_completion_id = ANY(%(units)s))
            SELECT CASE WHEN GROUPING(unit, sex) = 3 THEN 'total' ELSE 'sex' END,
                   unit, sex, NULL, count(*), NULL, NULL, NULL
            FROM found GROUP BY GROUPING SETS ((), (unit, sex))
            UNION ALL
            SELECT 'ages', unit, NULL, NULL, count(age), avg(age), min(age), max(age)
            FROM found GROUP BY GROUPING SETS ((), (unit))
            UNION ALL {code_rows} UNION ALL {mention_rows}""",
        params,
    )
    result = {
        "total": 0,
        "sex_by_unit": set(),
        "ages": {},
        "codes": {field: set() for field in CODE_COLUMNS},
        "mentions": {field: set() for field in MENTION_TABLES},
    }
    for kind, key, value, label, n, mean, low, high in rows:
        if kind == "total":
            result["total"] = n
        elif kind == "sex":
            result["sex_by_unit"].add((key, value, n))
        elif kind == "ages" and n:
            result["ages"][key] = (n, round(float(mean), 6), low, high)
        elif kind in ("codes", "mentions"):
            result[kind][key].add((value, label, n))
    result["mention_totals"] = {
        field: sum(n for *_, n in rows) for field, rows in result["mentions"].items()
    }
    return result


def analysis_portal(*, user, start, end) -> dict:
    """The same figures as the analysis page reads them
    (structural.analysis.analysis_figures: whole months from the stored
    summary when it is switched on, the rest counted raw)."""
    figures = analysis.analysis_figures(user=user, scope=analysis.Scope(start, end))

    def age(counts):
        return (counts.ages, round(counts.age_sum / counts.ages, 6), counts.youngest, counts.oldest)

    def codes(field):
        return {(r["code"], r["label"], r["count"]) for r in figures["codes"][field]}

    totals = figures["totals"]
    return {
        "total": totals[analysis.SEX].count if analysis.SEX in totals else 0,
        "sex_by_unit": {
            (unit, sex, counts.count)
            for unit, by_sex in figures["by_sex_and_unit"].items()
            for sex, counts in by_sex.items()
        },
        "ages": {
            **(
                {None: age(overall)}
                if (overall := totals.get(analysis.SEX)) and overall.ages
                else {}
            ),
            **{unit: age(counts) for unit, counts in figures["by_unit"].items() if counts.ages},
        },
        "codes": {field: codes(field) for field in CODE_COLUMNS},
        "mentions": {field: codes(field) for field in MENTION_TABLES},
        "mention_totals": {
            field: totals[field].count if field in totals else 0 for field in MENTION_TABLES
        },
    }


def viewer_units(user) -> list[int]:
    return list(figure_units(user).values_list("pk", flat=True))


def differences(portal: dict, floor: dict) -> list[str]:
    """The keys where the portal and the floor disagree (empty: equal)."""
    keys = sorted(set(portal) | set(floor), key=str)
    return [
        f"{key}: portal {portal.get(key)!r} ≠ floor {floor.get(key)!r}"
        for key in keys
        if portal.get(key) != floor.get(key)
    ]


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = day.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return first, last
