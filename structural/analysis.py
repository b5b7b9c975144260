"""The analysis of service-need assessments that replaces the Webropol form.

The seed typed a second, statistical form after every assessment so that the
needs could be counted.  Here the figures come straight from completed
assessments: each figure below is defined once, computed by database
aggregation over the assessments a user may see figures of
(`accounts.access.figure_units`), for a period and any set of units.

What is counted: completed assessments (status "completed") whose completion
day lies in the period, by the snapshot taken at completion (the client's age,
sex, unit and municipality then), so a later move or birthday does not change
a published figure.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet, Sum

from accounts.access import figure_units
from accounts.disclosure import for_viewer
from accounts.models import Unit
from assessments.models import AssessmentStatus, ServiceNeedAssessment
from structural.models import AnalysisCount, AnalysisMonth

# Codes of the "education" list that mean no vocational degree: no basic
# education, basic school only, general upper secondary only.
WITHOUT_VOCATIONAL_EDUCATION = ("0", "1", "2")
# The "labour_market_status" code of an unemployed jobseeker.
UNEMPLOYED_JOBSEEKER = "1"
# The seed's "under 35s".
YOUNG_ADULT_AGE = 35

# Subgroups the seed reported, as filters on the assessments.
SUBGROUPS = {
    "without_vocational_education": Q(education__code__in=WITHOUT_VOCATIONAL_EDUCATION),
    "unemployed": Q(labour_market_status__code=UNEMPLOYED_JOBSEEKER),
    "under_35": Q(age_at_completion__lt=YOUNG_ADULT_AGE),
}


@dataclass(frozen=True)
class Scope:
    """Which assessments a figure covers."""

    start: datetime.date
    end: datetime.date
    unit_ids: tuple[int, ...] = ()
    subgroup: str = ""


def completed_between(
    days: list[tuple[datetime.date, datetime.date]], subgroup: str = ""
) -> QuerySet[ServiceNeedAssessment]:
    """Completed assessments whose completion day lies in one of the ranges
    `days` (first, last), of every unit, narrowed to a subgroup: what every
    figure of the analysis counts, before the viewer's units."""
    in_days = Q(pk__in=[])
    for first, last in days:
        in_days |= Q(completed_on__range=(first, last))
    found = ServiceNeedAssessment.objects.filter(in_days, status=AssessmentStatus.COMPLETED)
    if subgroup:
        found = found.filter(SUBGROUPS[subgroup])
    return found


def _units_in_scope(queryset: QuerySet, path: str, *, user, scope: Scope) -> QuerySet:
    # The units whose figures the user sees, narrowed to scope.unit_ids.
    queryset = queryset.filter(**{f"{path}__in": figure_units(user).values("pk")})
    if scope.unit_ids:
        queryset = queryset.filter(**{f"{path}__in": scope.unit_ids})
    return queryset


def assessments(*, user, scope: Scope) -> QuerySet[ServiceNeedAssessment]:
    """Completed assessments of the period in the units whose figures the user
    sees (narrowed to `scope.unit_ids` when given, and to a subgroup)."""
    found = completed_between([(scope.start, scope.end)], scope.subgroup)
    return _units_in_scope(found, "unit_at_completion", user=user, scope=scope)


def assessment_count(*, user, scope: Scope) -> int:
    """The number of completed assessments in scope."""
    return assessments(user=user, scope=scope).count()


def sex_split(*, user, scope: Scope) -> dict:
    """Assessments by the client's sex when assessed: overall, per service
    line of the unit, and per unit.  Each row: {"sex", "count"} plus the
    grouping key ("service_line" or "unit")."""
    found = assessments(user=user, scope=scope)
    return {
        "overall": list(found.values("sex_at_completion").annotate(count=Count("pk")).order_by()),
        "by_service_line": list(
            found.values("unit_at_completion__service_line", "sex_at_completion")
            .annotate(count=Count("pk"))
            .order_by("unit_at_completion__service_line", "sex_at_completion")
        ),
        "by_unit": list(
            found.values("unit_at_completion__name", "sex_at_completion")
            .annotate(count=Count("pk"))
            .order_by("unit_at_completion__name", "sex_at_completion")
        ),
    }


def age_summary(*, user, scope: Scope) -> dict:
    """Age when assessed: count, mean, youngest and oldest, overall and per
    unit.  Assessments without a known age are left out of these figures."""
    found = assessments(user=user, scope=scope).filter(age_at_completion__isnull=False)
    figures = {
        "count": Count("pk"),
        "mean": Avg("age_at_completion"),
        "youngest": Min("age_at_completion"),
        "oldest": Max("age_at_completion"),
    }
    return {
        "overall": found.aggregate(**figures),
        "by_unit": list(
            found.values("unit_at_completion__name")
            .annotate(**figures)
            .order_by("unit_at_completion__name")
        ),
    }


def code_distribution(*, user, scope: Scope, field: str) -> list[dict]:
    """How the assessments in scope fall on the codes of one categorical field
    (housing, education, labour-market status, income sufficiency, violence).
    Each row: {"code", "label", "count"}; one assessment counts once.  An
    empty field is a row with code None."""
    if field not in ServiceNeedAssessment.CODE_FIELDS:
        raise ValueError(f"not a categorical field of the assessment: {field}")
    return list(
        assessments(user=user, scope=scope)
        .values(code=_f(field, "code"), label=_f(field, "label_fi"), order=_f(field, "order"))
        .annotate(count=Count("pk"))
        .order_by("order", "code")
    )


def mention_distribution(*, user, scope: Scope, field: str) -> list[dict]:
    """Mentions of each code of a field where several codes apply (illnesses,
    support needs, housing problems, social network, services needed).  An
    assessment counts once for every code it names: the seed's 855 support-need
    answers are such mentions.  Each row: {"code", "label", "count"}."""
    if field not in ServiceNeedAssessment.MULTI_CODE_FIELDS:
        raise ValueError(f"not a several-codes field of the assessment: {field}")
    through = getattr(ServiceNeedAssessment, field).through
    rows = (
        through.objects.filter(
            serviceneedassessment__in=assessments(user=user, scope=scope).values("pk")
        )
        .values("code__code", "code__label_fi", "code__order")
        .annotate(count=Count("pk"))
        .order_by("code__order", "code__code")
    )
    # The through table has a column named "code": rename only on the way out.
    return [
        {"code": r["code__code"], "label": r["code__label_fi"], "count": r["count"]} for r in rows
    ]


def mention_total(*, user, scope: Scope, field: str) -> int:
    """All mentions of a several-codes field in scope (e.g. 855 support needs)."""
    through = getattr(ServiceNeedAssessment, field).through
    return through.objects.filter(
        serviceneedassessment__in=assessments(user=user, scope=scope).values("pk")
    ).count()


def without_health_problem(*, user, scope: Scope) -> int:
    """Assessments whose only illness code is "0" (no illness affecting
    functional capacity): the seed's "only 5 % had no health problem"."""
    found = assessments(user=user, scope=scope).annotate(
        illness_codes=Count("illnesses", distinct=True),
        healthy=Count("illnesses", filter=Q(illnesses__code="0"), distinct=True),
    )
    return found.filter(illness_codes=1, healthy=1).count()


def _f(field: str, attribute: str) -> F:
    return F(f"{field}__{attribute}")


# --- The analysis page: every figure in one statement ----------------------

SEXES = ("female", "male", "other", "unknown")
CODE_FIELDS = (
    "housing_type",
    "education",
    "labour_market_status",
    "income_sufficiency",
    "violence",
)
MENTION_FIELDS = ("illnesses", "support_needs")
SEX = "sex"

# The columns every part of the page's counts has, raw or stored: per unit,
# one dimension ("sex" or a code list's field) and one value of it (a sex or a
# code; None: the field was empty), the assessments counted, and for "sex"
# the known ages' count, sum, minimum and maximum.
PART_COLUMNS = "key_dimension, key_unit, key_sex, key_code, n, n_age, sum_age, min_age, max_age"
_NO_AGES = "NULL, NULL, NULL, NULL"


def counted_parts(found: QuerySet[ServiceNeedAssessment]) -> tuple[str, str, list]:
    """The raw counts of the assessments `found`, per unit at completion, as
    SQL: (the common table `found`, a UNION ALL of one SELECT per dimension
    with the PART_COLUMNS, the parameters).  The assessments are read once
    into `found` and every dimension is counted from there.

    Definitions: "sex" counts assessments by the sex at completion, with the
    known ages when assessed; a code list of one code (CODE_FIELDS) counts
    each assessment once on its code; a code list of several codes
    (MENTION_FIELDS) counts a mention of a code: an assessment counts once for
    every code it names (the seed's 855 support-need answers)."""
    columns = found.values(
        f_id=F("pk"),
        f_unit=F("unit_at_completion"),
        f_sex=F("sex_at_completion"),
        f_age=F("age_at_completion"),
        **{f"f_{field}": F(field) for field in CODE_FIELDS},
    ).order_by()
    sql, params = columns.query.get_compiler(using=found.db).as_sql()
    parts = [
        "SELECT 'sex', f_unit, f_sex, NULL, COUNT(*), COUNT(f_age), SUM(f_age), MIN(f_age),"
        " MAX(f_age) FROM found GROUP BY f_unit, f_sex"
    ]
    parts += [
        f"SELECT '{field}', f_unit, '', f_{field}, COUNT(*), {_NO_AGES}"
        f" FROM found GROUP BY f_unit, f_{field}"
        for field in CODE_FIELDS
    ]
    for field in MENTION_FIELDS:
        through = getattr(ServiceNeedAssessment, field).through._meta
        assessment = through.get_field("serviceneedassessment").column
        code = through.get_field("code").column
        parts.append(
            f"SELECT '{field}', f.f_unit, '', m.{code}, COUNT(*), {_NO_AGES}"
            f" FROM found f JOIN {through.db_table} m ON m.{assessment} = f.f_id"
            f" GROUP BY f.f_unit, m.{code}"
        )
    return f"found AS ({sql})", " UNION ALL ".join(parts), list(params)


def _month_last(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class Sources:
    """Where the figures of a period come from: the stored months
    (AnalysisCount, refreshed at `refreshed_at` at the oldest) and the days
    counted raw (every day of the period outside those months)."""

    stored_months: tuple[datetime.date, ...]
    raw_days: tuple[tuple[datetime.date, datetime.date], ...]
    refreshed_at: datetime.datetime | None


def sources(scope: Scope) -> Sources:
    """The one place that decides what the analysis reads from the stored
    summary: with FIGURES_FROM_SUMMARY on, every whole calendar month of the
    period that was refreshed for every unit (AnalysisMonth, one query); the
    rest of the period (its partial first and last months, and any month not
    stored) is counted raw, so the figures are those of the whole period."""
    stored: dict[datetime.date, datetime.datetime] = {}
    if settings.FIGURES_FROM_SUMMARY:
        whole, month = [], scope.start.replace(day=1)
        while month <= scope.end:
            if month >= scope.start and _month_last(month) <= scope.end:
                whole.append(month)
            month = _month_last(month) + datetime.timedelta(days=1)
        if whole:
            stored = dict(
                AnalysisMonth.objects.filter(month__in=whole).values_list("month", "refreshed_at")
            )
    raw, day = [], scope.start
    for month in sorted(stored):
        if day < month:
            raw.append((day, month - datetime.timedelta(days=1)))
        day = _month_last(month) + datetime.timedelta(days=1)
    if day <= scope.end:
        raw.append((day, scope.end))
    return Sources(
        stored_months=tuple(sorted(stored)),
        raw_days=tuple(raw),
        refreshed_at=min(stored.values()) if stored else None,
    )


def _stored_part(*, user, scope: Scope, months) -> QuerySet:
    # The viewer's units as a list, not a subquery, so that the index on
    # (subgroup, month, unit) finds exactly their rows; added up per unit
    # here, so that the statement's later steps see a row per unit and code,
    # not one per month too.
    unit_ids = list(
        _units_in_scope(Unit.objects.all(), "pk", user=user, scope=scope).values_list(
            "pk", flat=True
        )
    )
    return (
        AnalysisCount.objects.filter(month__in=months, subgroup=scope.subgroup, unit__in=unit_ids)
        .values(
            key_dimension=F("dimension"),
            key_unit=F("unit"),
            key_sex=F("sex"),
            key_code=F("code"),
        )
        .annotate(
            n=Sum("count"),
            n_age=Sum("age_count"),
            sum_age=Sum("age_sum"),
            min_age=Min("age_min"),
            max_age=Max("age_max"),
        )
        .order_by()
    )


# The memory PostgreSQL may use for the statement's groupings, for this
# statement only (SET LOCAL).  The default 4 MB is just short of a county's
# two years of stored rows, so the planner sorts them on disk instead of
# hashing them: 215 ms instead of 70 ms at national scale
# (docs/performance.md).  A few thousand groups need far less than this.
ANALYSIS_WORK_MEM = "16MB"

# The parts added up in the database: per sex and unit ("sex"), per unit
# over the sexes ("unit"), per code of each code list over the units (the
# dimension's name), and each dimension's total ("total:" and its name).
_FIGURES_SQL = """
WITH {found}
parts ({columns}) AS ({parts}),
figures AS (
    SELECT key_dimension AS dimension,
           CASE WHEN key_dimension = 'sex' THEN key_unit END AS unit_id,
           key_sex AS sex, key_code AS code_id,
           SUM(n) AS n, SUM(n_age) AS n_age, SUM(sum_age) AS sum_age,
           MIN(min_age) AS min_age, MAX(max_age) AS max_age
    FROM parts GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT 'unit', key_unit, '', NULL, SUM(n), SUM(n_age), SUM(sum_age), MIN(min_age), MAX(max_age)
    FROM parts WHERE key_dimension = 'sex' GROUP BY key_unit
    UNION ALL
    SELECT 'total:' || key_dimension, NULL, '', NULL,
           SUM(n), SUM(n_age), SUM(sum_age), MIN(min_age), MAX(max_age)
    FROM parts GROUP BY key_dimension
)
SELECT f.dimension, u.name, f.sex, c.code, c.label_fi,
       f.n, f.n_age, f.sum_age, f.min_age, f.max_age
FROM figures f
LEFT JOIN accounts_unit u ON u.id = f.unit_id
LEFT JOIN clients_code c ON c.id = f.code_id
ORDER BY f.dimension, u.name, c."order", c.code
"""


@dataclass(frozen=True)
class Counts:
    count: int
    ages: int = 0
    age_sum: int = 0
    youngest: int | None = None
    oldest: int | None = None


def analysis_figures(*, user, scope: Scope) -> dict:
    """Every count of the analysis page in one statement, added up in the
    database from the stored months and the days counted raw (`sources`):
    {"by_sex_and_unit": {unit: {sex: Counts}}, "by_unit": {unit: Counts},
    "totals": {dimension: Counts}, "codes": {dimension: [{code, label,
    count}]}, "refreshed_at"}.  The definitions are those of `counted_parts`."""
    source = sources(scope)
    found, parts, params = "", [], []
    if source.raw_days:
        raw = _units_in_scope(
            completed_between(list(source.raw_days), scope.subgroup),
            "unit_at_completion",
            user=user,
            scope=scope,
        )
        found_sql, raw_sql, params = counted_parts(raw)
        found, parts = f"{found_sql},", [raw_sql]
    if source.stored_months:
        stored = _stored_part(user=user, scope=scope, months=source.stored_months)
        stored_sql, stored_params = stored.query.get_compiler(using=stored.db).as_sql()
        parts.append(f"SELECT * FROM ({stored_sql}) AS stored")
        params += list(stored_params)
    sql = _FIGURES_SQL.format(found=found, columns=PART_COLUMNS, parts=" UNION ALL ".join(parts))
    database = ServiceNeedAssessment.objects.db
    connection = connections[database]
    with transaction.atomic(using=database), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL work_mem = '{ANALYSIS_WORK_MEM}'")
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    figures = {
        "by_sex_and_unit": {},
        "by_unit": {},
        "totals": {},
        "codes": {field: [] for field in (*CODE_FIELDS, *MENTION_FIELDS)},
        "refreshed_at": source.refreshed_at,
        # Some days of the period were counted raw beside the stored months.
        "counted_now": bool(source.raw_days) and bool(source.stored_months),
    }
    for dimension, unit, sex, code, label, *numbers in rows:
        counts = Counts(*(int(n) if n is not None else None for n in numbers))
        if dimension == SEX:
            figures["by_sex_and_unit"].setdefault(unit, {})[sex] = counts
        elif dimension == "unit":
            figures["by_unit"][unit] = counts
        elif dimension.startswith("total:"):
            figures["totals"][dimension.removeprefix("total:")] = counts
        else:
            figures["codes"][dimension].append(
                {"code": code, "label": label, "count": counts.count}
            )
    return figures


def analysis_report(*, user, scope: Scope, purpose: str = "screen") -> dict:
    """Every figure of the analysis page (analysis_figures) passed through
    disclosure control (accounts/disclosure.py): only a supervisor looking at
    their own units on screen sees small counts."""
    unit_ids = set(scope.unit_ids) or set(figure_units(user).values_list("pk", flat=True))
    ctx = for_viewer(user, unit_ids, purpose)
    figures = analysis_figures(user=user, scope=scope)
    nothing = Counts(0)
    total = figures["totals"].get(SEX, nothing).count

    by_sex = figures["by_sex_and_unit"]
    unit_names = sorted(by_sex)
    sex_table = ctx.table(
        [[by_sex[name].get(sex, nothing).count for sex in SEXES] for name in unit_names]
    )

    def age_row(counts: Counts, name=""):
        hidden = ctx.count(counts.ages)
        visible = hidden == counts.ages
        return {
            "name": name,
            "count": hidden,
            "mean": ctx.mean(counts.age_sum, counts.ages),
            "youngest": counts.youngest if visible else hidden,
            "oldest": counts.oldest if visible else hidden,
        }

    def distribution(rows):
        table = ctx.table([[row["count"]] for row in rows], row_totals=False)
        return [
            {
                "label": row["label"] or "–",
                "count": table.cells[i][0],
                "share": ctx.share(row["count"], total) if total else None,
            }
            for i, row in enumerate(rows)
        ]

    def field_name(field):
        return ServiceNeedAssessment._meta.get_field(field).verbose_name

    return {
        "total": ctx.count(total),
        "suppressed": ctx.suppress,
        "threshold": ctx.threshold,
        "refreshed_at": figures["refreshed_at"],
        "counted_now": figures["counted_now"],
        "sexes": SEXES,
        "sex_by_unit": [
            {"unit": name, "cells": sex_table.cells[i], "total": sex_table.row_totals[i]}
            for i, name in enumerate(unit_names)
        ],
        "sex_totals": sex_table.column_totals,
        "age_overall": age_row(figures["totals"].get(SEX, nothing)),
        "age_by_unit": [
            age_row(counts, name)
            for name, counts in sorted(figures["by_unit"].items())
            if counts.ages
        ],
        "distributions": [
            (field_name(field), distribution(figures["codes"][field])) for field in CODE_FIELDS
        ],
        "mentions": [
            (
                field_name(field),
                distribution(figures["codes"][field]),
                ctx.count(figures["totals"].get(field, nothing).count),
            )
            for field in MENTION_FIELDS
        ],
    }
