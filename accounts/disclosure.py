"""Disclosure control: small counts are never shown outside the unit.

Every aggregate figure that leaves a unit -- on a screen outside the unit, in
an export, on paper -- passes through this module.  In small municipalities an
aggregate identifies people: "3 clients in Puumala with a substance-abuse
assessment" or "the mean age of Puumala's clients" is a statement about a
handful of named neighbours.  This is statistical disclosure control as
Statistics Finland and THL practise it, in its simplest sound form.

What is suppressed
------------------
*Primary suppression.*  A count ``n`` with ``1 <= n < threshold`` is replaced by
:data:`SUPPRESSED`, which renders as ``"<5"`` (for the default threshold 5).
The threshold is ``settings.DISCLOSURE_THRESHOLD`` (default 5) unless a caller
passes one.

*Zero is published.*  A true zero reveals nobody: it says that no one in the
group has the attribute, and there is no one to identify.  Hiding zeros would
also hide most of a sparse table for no gain.  The consequence, which the
table algorithm below accounts for, is that a reader knows every suppressed
cell is at least 1.

*Complementary (secondary) suppression.*  In a table with totals a single
hidden cell can be recovered by subtraction: ``total - published cells``.
:func:`suppress_table` therefore hides further cells until

1. every row and every column (with a published or hidden total) that hides
   anything hides at least two of its entries -- the total counting as an entry
   of its line, so a hidden total also needs a partner;
2. where the line's total is published, the hidden cells of that line sum to
   enough (``sum >= threshold + k - 2`` for ``k`` hidden cells) that, knowing each
   hidden cell is at least 1, a reader cannot narrow any of them to less than
   the whole primary range ``1 .. threshold-1`` (two hidden 1s in a row with a
   published total would otherwise be plainly 1 and 1);
3. no hidden cell is determined by *any* combination of the row and column
   equations (a cell can be exposed by adding and subtracting several lines
   even when every line hides two cells; this is checked exactly, with
   rational Gaussian elimination).

The complementary cell is the smallest non-zero published entry of the line,
because it loses the least information; ties go to an inner cell before the
total and to a cell whose crossing line already hides something (one hidden
cell then protects two lines).  Zeros are never chosen: hiding a zero protects
nothing, since the reader would be left with a sum that is all primary value.
When the only non-zero published entry of the line is its total, the total is
hidden (it is then itself protected by the same rules along the totals row or
column, whose own total is the grand total).  The rules are applied until
nothing changes.  Totals are published from the true values unless they are
themselves between 1 and threshold-1, or are chosen as complements.

*Shares and means.*  A share is hidden when its numerator, its denominator or
the complement ``denominator - numerator`` would be hidden: the share and the
group size give back both counts, and "96 % of 25" says that exactly one
person did not.  A mean is hidden when the group has fewer than ``threshold``
members.

What is not promised
--------------------
The table guarantee is against recovery by the table's own linear equations
and the bound "hidden cells are >= 1".  Figures published elsewhere (another
table over the same people, last month's report) can still be differenced;
callers must not publish overlapping breakdowns of the same small group.

Who gets unsuppressed figures
-----------------------------
:func:`needs_suppression` is the single decision.  Only a supervisor looking
at the *screen* at figures of units they belong to sees true small counts;
everyone else, every export and every print gets suppressed figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings

__all__ = [
    "PURPOSES",
    "SUPPRESSED",
    "DisclosureContext",
    "Suppressed",
    "Table",
    "for_viewer",
    "get_threshold",
    "is_suppressed",
    "needs_suppression",
    "suppress_count",
    "suppress_mean",
    "suppress_share",
    "suppress_table",
]

DEFAULT_THRESHOLD = 5
PURPOSES = frozenset({"screen", "export", "print"})


def get_threshold(threshold: int | None = None) -> int:
    """The threshold to use: the argument, else ``settings.DISCLOSURE_THRESHOLD`` (5)."""
    if threshold is None:
        threshold = getattr(settings, "DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"The disclosure threshold must be a positive integer, not {threshold!r}.")
    return threshold


@dataclass(frozen=True, eq=False)
class Suppressed:
    """A hidden figure.  Renders as ``"<5"`` (the threshold) and is falsy.

    All hidden figures compare equal to each other and to :data:`SUPPRESSED`,
    so ``value == SUPPRESSED`` and :func:`is_suppressed` both work; ``is`` does
    not (the threshold travels with the value so that it renders correctly).
    In templates ``{{ value }}`` prints ``<5``; note that the ``default`` filter
    would replace it, since it is falsy, like a zero.
    """

    threshold: int | None = None

    def __str__(self) -> str:
        threshold = self.threshold if self.threshold is not None else get_threshold()
        return f"<{threshold}"

    def __format__(self, format_spec: str) -> str:
        # Number format specs ("{:.1f}", "{:d}") do not apply to a hidden figure.
        return str(self)

    def __repr__(self) -> str:
        return f"Suppressed(threshold={self.threshold!r})"

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Suppressed)

    def __hash__(self) -> int:
        return hash(Suppressed)


SUPPRESSED = Suppressed()
"""The hidden figure; compare with ``==`` or use :func:`is_suppressed`."""


def is_suppressed(value: object) -> bool:
    """Whether a figure returned by this module is hidden."""
    return isinstance(value, Suppressed)


def _check_count(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"A count is a non-negative integer, not {n!r}.")
    return n


def _is_small(n: int, threshold: int) -> bool:
    return 1 <= n < threshold


def suppress_count(n: int, threshold: int | None = None) -> int | Suppressed:
    """``n``, or :data:`SUPPRESSED` when ``1 <= n < threshold``.  Zero is published."""
    threshold = get_threshold(threshold)
    n = _check_count(n)
    return Suppressed(threshold) if _is_small(n, threshold) else n


def suppress_share(
    numerator: int, denominator: int, threshold: int | None = None
) -> float | Suppressed | None:
    """``numerator / denominator`` as a fraction 0..1, or :data:`SUPPRESSED`.

    Hidden when the numerator, the denominator or the rest of the group
    (``denominator - numerator``) would be hidden as a count.  ``None`` for an
    empty group (0 of 0): there is no share to show, and nobody to reveal.
    """
    threshold = get_threshold(threshold)
    numerator, denominator = _check_count(numerator), _check_count(denominator)
    if numerator > denominator:
        raise ValueError(f"The numerator {numerator} exceeds the denominator {denominator}.")
    if denominator == 0:
        return None
    if any(_is_small(n, threshold) for n in (numerator, denominator, denominator - numerator)):
        return Suppressed(threshold)
    return numerator / denominator


def suppress_mean(total: float, count: int, threshold: int | None = None) -> float | Suppressed:
    """``total / count``, or :data:`SUPPRESSED` when ``count < threshold`` (including 0)."""
    threshold = get_threshold(threshold)
    count = _check_count(count)
    if count < threshold:
        return Suppressed(threshold)
    return total / count


# --------------------------------------------------------------------------
# Tables


Figure = int | Suppressed


@dataclass(frozen=True)
class Table:
    """A table after disclosure control.

    ``cells[i][j]`` is an ``int`` or :data:`SUPPRESSED`; ``row_totals`` and
    ``column_totals`` are tuples of the same, or ``None`` when not asked for;
    ``grand_total`` is present only when both margins are.
    """

    cells: tuple[tuple[Figure, ...], ...]
    row_totals: tuple[Figure, ...] | None
    column_totals: tuple[Figure, ...] | None
    grand_total: Figure | None
    threshold: int

    @property
    def suppressed_count(self) -> int:
        """How many inner cells are hidden (for a "some figures hidden" note)."""
        return sum(is_suppressed(v) for row in self.cells for v in row)

    @property
    def any_suppressed(self) -> bool:
        figures = [v for row in self.cells for v in row]
        figures += list(self.row_totals or ()) + list(self.column_totals or ())
        figures.append(self.grand_total)
        return any(is_suppressed(v) for v in figures)


Pos = tuple[int, int]


@dataclass(frozen=True)
class _Line:
    """One equation of the table: the inner entries sum to the total entry."""

    inner: tuple[Pos, ...]
    total: Pos

    @property
    def entries(self) -> tuple[Pos, ...]:
        return (*self.inner, self.total)


class _Grid:
    """The table augmented with its margins; row ``m`` / column ``n`` hold totals."""

    def __init__(self, rows: list[list[int]], row_totals: bool, column_totals: bool):
        self.m = len(rows)
        self.n = len(rows[0]) if rows else 0
        self.values: dict[Pos, int] = {}
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self.values[(i, j)] = v
        m, n = self.m, self.n
        self.lines: list[_Line] = []
        if row_totals:
            for i in range(m):
                self.values[(i, n)] = sum(rows[i])
                self.lines.append(_Line(tuple((i, j) for j in range(n)), (i, n)))
        if column_totals:
            for j in range(n):
                self.values[(m, j)] = sum(row[j] for row in rows)
                self.lines.append(_Line(tuple((i, j) for i in range(m)), (m, j)))
        if row_totals and column_totals:
            self.values[(m, n)] = sum(map(sum, rows))
            self.lines.append(_Line(tuple((m, j) for j in range(n)), (m, n)))
            self.lines.append(_Line(tuple((i, n) for i in range(m)), (m, n)))
        self.lines_of: dict[Pos, list[_Line]] = {p: [] for p in self.values}
        for line in self.lines:
            for p in line.entries:
                self.lines_of[p].append(line)


def _line_is_safe(line: _Line, hidden: set[Pos], values: dict[Pos, int], threshold: int) -> bool:
    """Rules 1 and 2 of the module docstring for one line."""
    hidden_entries = [p for p in line.entries if p in hidden]
    if not hidden_entries:
        return True
    if len(hidden_entries) < 2:
        return False
    if line.total in hidden:
        return True
    k = len(hidden_entries)
    return sum(values[p] for p in hidden_entries) >= threshold + k - 2


def _determined(grid: _Grid, hidden: set[Pos]) -> list[Pos]:
    """Hidden entries whose value follows from the line equations (rule 3).

    Reduced row echelon form over the rationals of the equations restricted to
    the hidden entries: a hidden entry is determined exactly when it is a pivot
    whose row has no free (non-pivot) entry.
    """
    variables = sorted(hidden)
    index = {p: k for k, p in enumerate(variables)}
    matrix: list[list[Fraction]] = []
    for line in grid.lines:
        row = [Fraction(0)] * len(variables)
        for p in line.inner:
            if p in index:
                row[index[p]] += 1
        if line.total in index:
            row[index[line.total]] -= 1
        if any(row):
            matrix.append(row)
    pivots: list[int] = []
    r = 0
    for c in range(len(variables)):
        pivot = next((k for k in range(r, len(matrix)) if matrix[k][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [x / lead for x in matrix[r]]
        for k in range(len(matrix)):
            if k != r and matrix[k][c] != 0:
                factor = matrix[k][c]
                matrix[k] = [a - factor * b for a, b in zip(matrix[k], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    pivot_set = set(pivots)
    free = [c for c in range(len(variables)) if c not in pivot_set]
    return [variables[c] for k, c in enumerate(pivots) if all(matrix[k][f] == 0 for f in free)]


def _complement_key(grid: _Grid, hidden: set[Pos], line: _Line | None, p: Pos):
    crossing_hides = any(
        q in hidden for other in grid.lines_of[p] if other is not line for q in other.entries
    )
    is_total = p[0] == grid.m or p[1] == grid.n
    return (grid.values[p], not crossing_hides, is_total, p)


def _candidates(grid: _Grid, hidden: set[Pos], positions: Iterable[Pos]) -> list[Pos]:
    return [p for p in positions if p not in hidden and grid.values[p] > 0]


def _protect(grid: _Grid, hidden: set[Pos], threshold: int) -> None:
    """Add complementary suppressions to ``hidden`` until rules 1-3 hold."""
    while True:
        changed = False
        for line in grid.lines:
            if _line_is_safe(line, hidden, grid.values, threshold):
                continue
            candidates = _candidates(grid, hidden, line.entries)
            if candidates:
                hidden.add(min(candidates, key=lambda p: _complement_key(grid, hidden, line, p)))
                changed = True
        if changed:
            continue
        determined = _determined(grid, hidden)
        if not determined:
            return
        exposed = determined[0]
        near = {p for line in grid.lines_of[exposed] for p in line.entries}
        candidates = _candidates(grid, hidden, sorted(near)) or _candidates(
            grid, hidden, sorted(grid.values)
        )
        if not candidates:  # Cannot happen: every non-zero entry hidden exposes nothing.
            return
        curing = [p for p in candidates if exposed not in _determined(grid, hidden | {p})]
        pool = curing or candidates
        hidden.add(min(pool, key=lambda p: _complement_key(grid, hidden, None, p)))


def suppress_table(
    rows: Sequence[Sequence[int]],
    threshold: int | None = None,
    row_totals: bool = True,
    column_totals: bool = True,
) -> Table:
    """Primary and complementary suppression of a table of counts.

    ``rows`` is a rectangular list of rows of non-negative counts.  Totals are
    computed here from the true values (never pass pre-rounded totals).  See
    the module docstring for the rules.
    """
    threshold = get_threshold(threshold)
    rows = [[_check_count(v) for v in row] for row in rows]
    if rows and any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("The rows of a table must all have the same length.")
    grid = _Grid(rows, row_totals, column_totals)
    hidden = {p for p, v in grid.values.items() if _is_small(v, threshold)}
    _protect(grid, hidden, threshold)
    return _build_table(grid, hidden, threshold, row_totals, column_totals)


def _build_table(
    grid: _Grid, hidden: set[Pos], threshold: int, row_totals: bool, column_totals: bool
) -> Table:
    def figure(p: Pos) -> Figure:
        return Suppressed(threshold) if p in hidden else grid.values[p]

    m, n = grid.m, grid.n
    return Table(
        cells=tuple(tuple(figure((i, j)) for j in range(n)) for i in range(m)),
        row_totals=tuple(figure((i, n)) for i in range(m)) if row_totals else None,
        column_totals=tuple(figure((m, j)) for j in range(n)) if column_totals else None,
        grand_total=figure((m, n)) if row_totals and column_totals else None,
        threshold=threshold,
    )


# --------------------------------------------------------------------------
# Who sees what


# Roles that work inside units (accounts.models.Role), as plain strings so
# that this module stays free of model imports.
STAFF_ROLES = frozenset({"worker", "supervisor", "coordinator"})


def needs_suppression(user, unit_ids: set[int], purpose: str) -> bool:
    """Whether figures about ``unit_ids`` shown for ``purpose`` must be suppressed.

    ``False`` only for ``purpose == "screen"`` and an active member of staff
    (worker, supervisor or coordinator) who belongs to every unit in
    ``unit_ids``: figures inside one's own units do not leave them.  Everything
    else fails closed: exports and prints, figures of any unit the viewer does
    not belong to (a coordinator's area-wide view), administrators, anonymous
    users, and an empty ``unit_ids`` (a figure not attributed to units is not
    "inside one's own units").
    """
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown purpose {purpose!r}; expected one of {sorted(PURPOSES)}.")
    if purpose != "screen" or not unit_ids:
        return True
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return True
    if getattr(user, "role", None) not in STAFF_ROLES:
        return True
    own = set(user.units.values_list("pk", flat=True))
    return not set(unit_ids) <= own


@dataclass(frozen=True)
class DisclosureContext:
    """The figures of one view for one viewer: suppressed or not, one decision.

    ``ctx = for_viewer(request.user, unit_ids, "print")`` and then
    ``ctx.count(n)``, ``ctx.table(rows)``, ``ctx.share(a, b)``, ``ctx.mean(t, c)``.
    """

    suppress: bool
    threshold: int

    def count(self, n: int) -> Figure:
        return suppress_count(n, self.threshold) if self.suppress else _check_count(n)

    def table(
        self, rows: Sequence[Sequence[int]], row_totals: bool = True, column_totals: bool = True
    ) -> Table:
        if self.suppress:
            return suppress_table(rows, self.threshold, row_totals, column_totals)
        rows = [[_check_count(v) for v in row] for row in rows]
        grid = _Grid(rows, row_totals, column_totals)
        return _build_table(grid, set(), self.threshold, row_totals, column_totals)

    def share(self, numerator: int, denominator: int) -> float | Suppressed | None:
        if self.suppress:
            return suppress_share(numerator, denominator, self.threshold)
        return numerator / denominator if denominator else None

    def mean(self, total: float, count: int) -> float | Suppressed | None:
        if self.suppress:
            return suppress_mean(total, count, self.threshold)
        return total / count if count else None


def for_viewer(
    user, unit_ids: set[int], purpose: str = "screen", threshold: int | None = None
) -> DisclosureContext:
    """A :class:`DisclosureContext` for ``user`` looking at figures of ``unit_ids``."""
    return DisclosureContext(
        suppress=needs_suppression(user, unit_ids, purpose), threshold=get_threshold(threshold)
    )
