"""The stored summary of the analysis of service-need assessments: its refresh.

A month's counts (structural.AnalysisCount) are written by the analysis's own
raw counting (structural.analysis.counted_parts) for every unit and every
subgroup at once, straight from the database into the table (INSERT …
SELECT), so the stored figures have exactly the raw figures' definitions.
The rows are written unit by unit, so that a county's rows of a month lie
together on disk and a reader touches a few pages, not every page of the month.
The analysis reads a month from here only once it has its AnalysisMonth row
(structural.analysis.sources), behind the FIGURES_FROM_SUMMARY switch.

What is counted is fixed at completion (the completion day and the unit at
completion), so a client's later move changes nothing here; what does change
a stored month is an assessment completed or amended afterwards with a
completion day in that month.  The nightly task refreshes the previous and
the current month (reports.tasks.figures_summary_refresh); older months are
refreshed on demand (`manage.py figures_summary`).
"""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from structural.analysis import PART_COLUMNS, SUBGROUPS, completed_between, counted_parts
from structural.models import AnalysisCount, AnalysisMonth

_INSERT_SQL = """
INSERT INTO {table} (month, subgroup, unit_id, dimension, sex, code_id,
                     count, age_count, age_sum, age_min, age_max)
WITH {found},
parts ({columns}) AS ({parts})
SELECT %s, %s, key_unit, key_dimension, key_sex, key_code, n, n_age, sum_age, min_age, max_age
FROM parts
WHERE key_unit IS NOT NULL
ORDER BY key_unit
"""


def analysis_refresh(*, month: datetime.date) -> int:
    """Recompute the stored analysis of the month of `month` for every unit
    and subgroup and replace the month's rows, in one transaction (a reader
    sees the old month or the new one, never a mixture).  Returns the number
    of rows written."""
    first = month.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    written = 0
    with transaction.atomic():
        AnalysisMonth.objects.filter(month=first).delete()
        AnalysisCount.objects.filter(month=first).delete()
        for subgroup in ("", *SUBGROUPS):
            found, parts, params = counted_parts(completed_between([(first, last)], subgroup))
            sql = _INSERT_SQL.format(
                table=AnalysisCount._meta.db_table, found=found, columns=PART_COLUMNS, parts=parts
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    sql, [*params, connection.ops.adapt_datefield_value(first), subgroup]
                )
                written += cursor.rowcount
        AnalysisMonth.objects.create(month=first, refreshed_at=timezone.now())
        if connection.vendor == "postgresql":
            # A month's rows are a large share of the table at once: the
            # planner needs their statistics before the next reader.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {AnalysisCount._meta.db_table}")
    return written


def months_missing(months: list[datetime.date]) -> list[datetime.date]:
    """Of the months (first days), those the analysis would count raw."""
    stored = set(AnalysisMonth.objects.filter(month__in=months).values_list("month", flat=True))
    return [month for month in months if month not in stored]


def analysis_tidy() -> bool:
    """VACUUM (ANALYZE) the stored counts after refreshing months, on
    PostgreSQL and outside a transaction (VACUUM cannot run in one).  A
    refresh replaces every row of its months; until the dead rows are cleared
    a reader of those months visits their pages too, and autovacuum waits
    for a fifth of the table to change (about six nights of refreshes).
    Returns whether it ran."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {AnalysisCount._meta.db_table}")
    return True
