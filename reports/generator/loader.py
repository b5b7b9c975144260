"""Rows into PostgreSQL with COPY: ids handed out in advance, tables flushed
in batches, progress counted per table.

A generated row is a tuple in the order of the columns its table declares
(`Table`).  Columns the generator does not name but the model has are filled
from the field's default, so that a field added later with a default does not
break the generator; a NOT NULL column with neither fails at once, before any
row is written, with the column's name.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.db.models import NOT_PROVIDED, Model


@dataclass
class Table:
    """One table being filled: its columns, the next id, rows waiting."""

    model: type[Model]
    columns: tuple[str, ...]
    extra: tuple = ()  # defaults of the model's other columns, in `all_columns` order
    all_columns: tuple[str, ...] = ()
    next_id: int = 1
    has_id: bool = True
    pending: list = field(default_factory=list)
    written: int = 0

    @property
    def name(self) -> str:
        return self.model._meta.db_table


def _defaults_for(model: type[Model], named: tuple[str, ...]) -> tuple[tuple[str, ...], tuple]:
    """The model's columns that the generator leaves out, with the values they get."""
    columns, values = [], []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.column in named:
            continue
        if model_field.default is not NOT_PROVIDED:
            columns.append(model_field.column)
            values.append(model_field.get_db_prep_save(model_field.get_default(), connection))
        elif not model_field.null and model_field.empty_strings_allowed:
            columns.append(model_field.column)
            values.append("")
        elif not model_field.null:
            raise RuntimeError(
                f"The generator gives no value for the NOT NULL column "
                f"{model._meta.db_table}.{model_field.column}: add it to the generator."
            )
    return tuple(columns), tuple(values)


class Loader:
    """Writes the tables of one generation run, inside the caller's transaction."""

    def __init__(self, out=None, batch_rows: int = 50_000):
        self.out = out
        self.batch_rows = batch_rows
        self.tables: dict[str, Table] = {}
        self.began = time.monotonic()

    # --- Tables ------------------------------------------------------------

    def table(self, model: type[Model], columns: tuple[str, ...]) -> Table:
        """Register a model's table with the columns the generator gives (id first
        when the table has one) and hand out ids after the highest in use."""
        key = model._meta.db_table
        if key in self.tables:
            return self.tables[key]
        has_id = columns[0] == "id"
        extra_columns, extra_values = _defaults_for(model, columns)
        table = Table(
            model=model,
            columns=columns,
            extra=extra_values,
            all_columns=columns + extra_columns,
            has_id=has_id,
        )
        if has_id:
            with connection.cursor() as cursor:
                # Nobody else inserts while the ids given here are in use.
                cursor.execute(f'LOCK TABLE "{key}" IN SHARE ROW EXCLUSIVE MODE')
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{key}"')
                table.next_id = cursor.fetchone()[0]
        self.tables[key] = table
        return table

    def add(self, table: Table, *values) -> int | None:
        """Queue one row; return its id (given here, not by the database)."""
        if table.has_id:
            pk = table.next_id
            table.next_id += 1
            table.pending.append((pk, *values, *table.extra))
        else:
            pk = None
            table.pending.append((*values, *table.extra))
        if len(table.pending) >= self.batch_rows:
            self.flush_table(table)
        return pk

    # --- Writing -------------------------------------------------------------

    def flush_table(self, table: Table) -> None:
        if not table.pending:
            return
        columns = ", ".join(f'"{c}"' for c in table.all_columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
                for row in table.pending:
                    copy.write_row(row)
        table.written += len(table.pending)
        table.pending.clear()

    def flush(self) -> None:
        for table in self.tables.values():
            self.flush_table(table)

    def finish(self) -> None:
        """Write what is left and move each id sequence past the ids given."""
        self.flush()
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if table.has_id and table.written:
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                        [f'"{table.name}"', table.next_id - 1],
                    )

    # --- Foreign keys ----------------------------------------------------------

    def defer_foreign_key_checks(self) -> bool:
        """Skip the row-by-row foreign-key triggers for this transaction, as
        pg_restore --disable-triggers does; `verify_foreign_keys` then checks
        every key at once.  Needs a superuser: without one the triggers run
        (slower, equally correct) and False is returned."""
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            return False
        return True

    def verify_foreign_keys(self) -> list[str]:
        """Every foreign key of the tables written, checked with one anti-join
        each; the constraints that some row breaks (none, if all is well)."""
        broken = []
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.conname, c.conrelid::regclass::text, a.attname,
                       c.confrelid::regclass::text, fa.attname
                FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
                WHERE c.contype = 'f' AND c.conrelid = ANY(%s::regclass[])
                """,
                [[f'"{name}"' for name, t in self.tables.items() if t.written]],
            )
            for name, table, column, target, target_column in cursor.fetchall():
                cursor.execute(
                    f'SELECT EXISTS (SELECT 1 FROM {table} x WHERE x."{column}" IS NOT NULL '
                    f"AND NOT EXISTS (SELECT 1 FROM {target} y "
                    f'WHERE y."{target_column}" = x."{column}"))'
                )
                if cursor.fetchone()[0]:
                    broken.append(name)
        return broken

    # --- Progress ------------------------------------------------------------

    def elapsed(self) -> float:
        return time.monotonic() - self.began

    def report(self, label: str) -> None:
        if self.out is None:
            return
        rows = sum(t.written + len(t.pending) for t in self.tables.values())
        elapsed = self.elapsed()
        rate = rows / elapsed if elapsed else 0
        self.out.write(f"[{elapsed:7.1f} s] {label}: {rows:,} rows ({rate:,.0f} rows/s)")

    def counts(self) -> dict[str, int]:
        return {name: t.written + len(t.pending) for name, t in self.tables.items()}


def moment(day: datetime.date, hour: int = 12) -> datetime.datetime:
    """A deterministic timestamp on the day (auto_now fields need one)."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)
