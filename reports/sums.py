"""Figures of several sources added up per unit in the database, in one
statement.

The dashboards read the settled months of a period from the stored summary
and count the rest raw (reports.selectors); a unit's figure is the sum of
both.  Each source is a queryset of the selector that defines the figure,
giving a row per unit: the unit's name and its counts.  The sources are put
together with UNION ALL and added up by unit in the same statement, so no
figure is added up in Python and the page takes one query however many
sources there are.

The SQL around the querysets is built from constants and the column names
given here, never from input; the querysets' own values go as parameters.
"""

from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet


@dataclass(frozen=True)
class Source:
    """One source of per-unit figures: `rows` give a row per unit, the
    unit's name in the column `unit` and each figure in the column that
    `figures` names ({figure: column}); a figure not named is 0 here."""

    rows: QuerySet
    unit: str
    figures: dict[str, str]


def added_by_unit(
    sources: list[Source], figures: list[str], *, unit: str, keep_if: list[str]
) -> list[dict]:
    """[{unit: name, figure: sum, ...}] per unit name, the figures summed
    over the sources in one statement, ordered by the name in the database's
    collation (as the selectors order their own rows).  A unit is left out
    unless one of the figures of `keep_if` is non-zero (a unit without any
    of them is not shown by the raw selectors either)."""
    if not sources:
        return []
    database = sources[0].rows.db
    connection = connections[database]
    quote = connection.ops.quote_name
    selects, params = [], []
    for number, source in enumerate(sources):
        sql, source_params = source.rows.order_by().query.get_compiler(using=database).as_sql()
        alias = f"source_{number}"
        columns = [f"{alias}.{quote(source.unit)} AS unit_name"]
        for figure in figures:
            column = source.figures.get(figure)
            value = f"{alias}.{quote(column)}" if column else "0"
            columns.append(f"{value} AS {quote(figure)}")
        selects.append(f"SELECT {', '.join(columns)} FROM ({sql}) {alias}")
        params.extend(source_params)
    # SUM of counts is numeric on PostgreSQL: cast back to whole numbers.
    sums = ", ".join(f"CAST(SUM({quote(name)}) AS BIGINT) AS {quote(name)}" for name in figures)
    kept = " OR ".join(f"SUM({quote(figure)}) <> 0" for figure in keep_if)
    statement = (
        f"SELECT unit_name, {sums} FROM ({' UNION ALL '.join(selects)}) sources"
        f" GROUP BY unit_name HAVING {kept} ORDER BY unit_name"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [
            {unit: name, **dict(zip(figures, counts, strict=True))}
            for name, *counts in cursor.fetchall()
        ]
