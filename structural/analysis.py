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

from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet

from accounts.access import figure_units
from accounts.disclosure import for_viewer
from assessments.models import AssessmentStatus, ServiceNeedAssessment

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


def assessments(*, user, scope: Scope) -> QuerySet[ServiceNeedAssessment]:
    """Completed assessments of the period in the units whose figures the user
    sees (narrowed to `scope.unit_ids` when given, and to a subgroup)."""
    found = ServiceNeedAssessment.objects.filter(
        status=AssessmentStatus.COMPLETED,
        completed_on__range=(scope.start, scope.end),
        unit_at_completion__in=figure_units(user).values("pk"),
    )
    if scope.unit_ids:
        found = found.filter(unit_at_completion__in=scope.unit_ids)
    if scope.subgroup:
        found = found.filter(SUBGROUPS[scope.subgroup])
    return found


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


# --- The analysis page: figures through disclosure control ------------------

SEXES = ("female", "male", "other", "unknown")
CODE_FIELDS = (
    "housing_type",
    "education",
    "labour_market_status",
    "income_sufficiency",
    "violence",
)
MENTION_FIELDS = ("illnesses", "support_needs")


def analysis_report(*, user, scope: Scope, purpose: str = "screen") -> dict:
    """Every figure of the analysis page, each computed by its selector above
    and passed through disclosure control (accounts/disclosure.py): only a
    supervisor looking at their own units on screen sees small counts."""
    unit_ids = set(scope.unit_ids) or set(figure_units(user).values_list("pk", flat=True))
    ctx = for_viewer(user, unit_ids, purpose)
    total = assessment_count(user=user, scope=scope)

    split = sex_split(user=user, scope=scope)
    by_unit: dict[str, dict[str, int]] = {}
    for row in split["by_unit"]:
        by_unit.setdefault(row["unit_at_completion__name"], {})[row["sex_at_completion"]] = row[
            "count"
        ]
    unit_names = sorted(by_unit)
    sex_table = ctx.table([[by_unit[name].get(sex, 0) for sex in SEXES] for name in unit_names])

    ages = age_summary(user=user, scope=scope)

    def age_row(figures, name=""):
        count = figures["count"] or 0
        hidden = ctx.count(count)
        visible = hidden == count
        return {
            "name": name,
            "count": hidden,
            "mean": ctx.mean((figures["mean"] or 0) * count, count),
            "youngest": figures["youngest"] if visible else hidden,
            "oldest": figures["oldest"] if visible else hidden,
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

    return {
        "total": ctx.count(total),
        "suppressed": ctx.suppress,
        "threshold": ctx.threshold,
        "sexes": SEXES,
        "sex_by_unit": [
            {"unit": name, "cells": sex_table.cells[i], "total": sex_table.row_totals[i]}
            for i, name in enumerate(unit_names)
        ],
        "sex_totals": sex_table.column_totals,
        "age_overall": age_row(ages["overall"]),
        "age_by_unit": [age_row(row, row["unit_at_completion__name"]) for row in ages["by_unit"]],
        "distributions": [
            (
                ServiceNeedAssessment._meta.get_field(field).verbose_name,
                distribution(code_distribution(user=user, scope=scope, field=field)),
            )
            for field in CODE_FIELDS
        ],
        "mentions": [
            (
                ServiceNeedAssessment._meta.get_field(field).verbose_name,
                distribution(mention_distribution(user=user, scope=scope, field=field)),
                ctx.count(mention_total(user=user, scope=scope, field=field)),
            )
            for field in MENTION_FIELDS
        ],
    }
