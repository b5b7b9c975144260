"""Disclosure control: properties of table suppression, the small helpers and
who gets unsuppressed figures."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.disclosure import (
    SUPPRESSED,
    Suppressed,
    for_viewer,
    is_suppressed,
    needs_suppression,
    suppress_count,
    suppress_mean,
    suppress_share,
    suppress_table,
)
from accounts.models import Role
from accounts.tests.factories import UnitFactory, UserFactory

S = SUPPRESSED
THRESHOLD = 5

tables = st.integers(1, 6).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, 40), min_size=n, max_size=n), min_size=1, max_size=6)
)


def augmented(table, rows):
    """The published grid with the totals as an extra column and row."""
    m, n = len(rows), len(rows[0])
    grid = {(i, j): table.cells[i][j] for i in range(m) for j in range(n)}
    true = {(i, j): rows[i][j] for i in range(m) for j in range(n)}
    for i in range(m):
        grid[(i, n)], true[(i, n)] = table.row_totals[i], sum(rows[i])
    for j in range(n):
        grid[(m, j)], true[(m, j)] = table.column_totals[j], sum(r[j] for r in rows)
    grid[(m, n)], true[(m, n)] = table.grand_total, sum(map(sum, rows))
    return grid, true, m, n


def lines(m, n):
    """Every row and column of the augmented grid, totals included."""
    return [[(i, j) for j in range(n + 1)] for i in range(m + 1)] + [
        [(i, j) for i in range(m + 1)] for j in range(n + 1)
    ]


def is_bridge(hidden, edge):
    """Whether a hidden entry is a bridge of the bipartite row/column graph of
    hidden entries -- exactly when its value follows from the line sums."""
    adjacent = {}
    for i, j in hidden - {edge}:
        adjacent.setdefault(("r", i), set()).add(("c", j))
        adjacent.setdefault(("c", j), set()).add(("r", i))
    start, goal = ("r", edge[0]), ("c", edge[1])
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return False
        for nxt in adjacent.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return True


# ----------------------------------------------------------------------
# Properties of suppress_table


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_small_figure_is_published(rows):
    table = suppress_table(rows, threshold=THRESHOLD)
    grid, _, _, _ = augmented(table, rows)
    for value in grid.values():
        assert is_suppressed(value) or not 1 <= value < THRESHOLD


@settings(max_examples=300, deadline=None)
@given(tables)
def test_every_line_hides_zero_or_at_least_two_entries(rows):
    # A total counts as an entry of its line: one hidden cell next to a hidden
    # total is still two unknowns; one hidden cell next to a published total
    # is recovered by subtraction.
    table = suppress_table(rows, threshold=THRESHOLD)
    grid, _, m, n = augmented(table, rows)
    for line in lines(m, n):
        hidden = [p for p in line if is_suppressed(grid[p])]
        assert len(hidden) != 1, (rows, line)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_entry_follows_from_any_combination_of_lines(rows):
    table = suppress_table(rows, threshold=THRESHOLD)
    grid, _, _, _ = augmented(table, rows)
    hidden = {p for p, v in grid.items() if is_suppressed(v)}
    for p in hidden:
        assert not is_bridge(hidden, p), (rows, p)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_hidden_cells_beside_a_published_total_are_not_narrowed(rows):
    # Hidden cells are >= 1 (zeros are published), so k hidden cells summing
    # to s each lie in 1 .. s-k+1; that range must cover 1 .. threshold-1.
    table = suppress_table(rows, threshold=THRESHOLD)
    grid, true, m, n = augmented(table, rows)
    for line in lines(m, n):
        *inner, total = line
        hidden = [p for p in inner if is_suppressed(grid[p])]
        if hidden and not is_suppressed(grid[total]):
            assert sum(true[p] for p in hidden) - len(hidden) + 1 >= THRESHOLD - 1


@settings(max_examples=300, deadline=None)
@given(tables)
def test_published_figures_are_the_true_values(rows):
    table = suppress_table(rows, threshold=THRESHOLD)
    grid, true, _, _ = augmented(table, rows)
    for p, value in grid.items():
        if not is_suppressed(value):
            assert value == true[p]


@settings(max_examples=300, deadline=None)
@given(tables, st.booleans())
def test_one_margin_only(rows, rows_not_columns):
    table = suppress_table(
        rows, threshold=THRESHOLD, row_totals=rows_not_columns, column_totals=not rows_not_columns
    )
    assert table.grand_total is None
    assert (table.row_totals is None) is not rows_not_columns
    assert (table.column_totals is None) is rows_not_columns
    lines_with_totals = (
        [(list(r), t) for r, t in zip(table.cells, table.row_totals, strict=True)]
        if rows_not_columns
        else [
            (list(c), t)
            for c, t in zip(zip(*table.cells, strict=True), table.column_totals, strict=True)
        ]
    )
    for cells, total in lines_with_totals:
        assert sum(map(is_suppressed, [*cells, total])) != 1
        for value in [*cells, total]:
            assert is_suppressed(value) or not 1 <= value < THRESHOLD


# ----------------------------------------------------------------------
# Hand-made tables


def test_complement_is_the_smallest_non_zero_cell_of_the_line():
    #  2  10   7 | 19
    # 20  30  40 | 90
    table = suppress_table([[2, 10, 7], [20, 30, 40]], threshold=5)
    # The 2 is hidden; its row loses the 7 (smaller than 10), its column the
    # 20 (the only cell left), and the 7's column the 40: a closed rectangle.
    assert table.cells == ((S, 10, S), (S, 30, S))
    assert table.row_totals == (19, 90)
    assert table.column_totals == (22, 40, 47)
    assert table.grand_total == 109


def test_zero_is_never_chosen_as_complement():
    #  3  0 | 3      the 3s and their totals are hidden; the zeros stay.
    #  0  9 | 9
    table = suppress_table([[3, 0], [0, 9]], threshold=5)
    assert table.cells[0][1] == 0
    assert table.cells[1][0] == 0
    assert table.cells[0][0] == S
    assert table.row_totals[0] == S


def test_two_ones_beside_a_published_total_get_a_third_partner():
    # Hidden 1 and 1 with a published total 12 and a published 10 would be
    # 1 and 1 again: the 10 is hidden too.
    table = suppress_table([[1, 1, 10]], threshold=5, column_totals=False)
    assert table.cells == ((S, S, S),)
    assert table.row_totals == (12,)


def test_small_total_is_suppressed_with_a_partner():
    table = suppress_table([[2, 0], [6, 7]], threshold=5, row_totals=True, column_totals=False)
    assert table.row_totals[0] == S
    assert table.cells[0] == (S, 0)
    assert table.cells[1] == (6, 7)


def test_empty_and_all_zero_tables():
    assert suppress_table([]).cells == ()
    table = suppress_table([[0, 0], [0, 0]])
    assert table.cells == ((0, 0), (0, 0))
    assert table.grand_total == 0
    assert not table.any_suppressed


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress_table([[-1]])
    with pytest.raises(ValueError):
        suppress_count(3, threshold=0)


# ----------------------------------------------------------------------
# Counts, shares, means and the sentinel


def test_counts():
    assert suppress_count(0, threshold=5) == 0
    assert suppress_count(1, threshold=5) == SUPPRESSED
    assert suppress_count(4, threshold=5) == SUPPRESSED
    assert suppress_count(5, threshold=5) == 5


def test_the_sentinel_renders_the_threshold_and_is_falsy():
    hidden = suppress_count(2, threshold=5)
    assert str(hidden) == "<5"
    assert f"{hidden:.1f}" == "<5"
    assert not hidden
    assert hidden == SUPPRESSED and isinstance(hidden, Suppressed)
    assert hidden != 0 and hidden != 0


def test_shares():
    assert suppress_share(10, 40, threshold=5) == 0.25
    assert suppress_share(0, 40, threshold=5) == 0.0
    assert suppress_share(3, 40, threshold=5) == SUPPRESSED  # small numerator
    assert suppress_share(3, 3, threshold=5) == SUPPRESSED  # small group
    assert suppress_share(24, 25, threshold=5) == SUPPRESSED  # "all but one"
    assert suppress_share(0, 0, threshold=5) is None
    with pytest.raises(ValueError):
        suppress_share(5, 4)


def test_means():
    assert suppress_mean(200, 4, threshold=5) == SUPPRESSED  # Puumala's mean age
    assert suppress_mean(0, 0, threshold=5) == SUPPRESSED
    assert suppress_mean(250, 5, threshold=5) == 50


def test_threshold_comes_from_settings(settings):
    settings.DISCLOSURE_THRESHOLD = 3
    assert suppress_count(2) == SUPPRESSED
    assert suppress_count(3) == 3
    assert str(suppress_count(2)) == "<3"
    assert str(SUPPRESSED) == "<3"
    assert suppress_mean(12, 3) == 4
    assert suppress_table([[3, 4]], column_totals=False).cells == ((3, 4),)


def test_threshold_defaults_to_five(settings):
    if hasattr(settings, "DISCLOSURE_THRESHOLD"):
        del settings.DISCLOSURE_THRESHOLD
    assert suppress_count(4) == SUPPRESSED
    assert str(suppress_count(4)) == "<5"


# ----------------------------------------------------------------------
# Who sees unsuppressed figures


@pytest.fixture
def units():
    return UnitFactory(), UnitFactory()


@pytest.mark.django_db
def test_supervisor_sees_own_units_on_screen_only(units):
    a, b = units
    supervisor = UserFactory(role=Role.SUPERVISOR, units=[a, b])
    assert needs_suppression(supervisor, {a.pk}, "screen") is False
    assert needs_suppression(supervisor, {a.pk, b.pk}, "screen") is False
    assert needs_suppression(supervisor, {a.pk}, "export") is True
    assert needs_suppression(supervisor, {a.pk}, "print") is True


@pytest.mark.django_db
def test_supervisor_of_other_units_gets_suppressed_figures(units):
    a, b = units
    supervisor = UserFactory(role=Role.SUPERVISOR, units=[a])
    assert needs_suppression(supervisor, {a.pk, b.pk}, "screen") is True
    assert needs_suppression(supervisor, {b.pk}, "screen") is True
    assert needs_suppression(supervisor, set(), "screen") is True


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.WORKER, Role.COORDINATOR])
def test_staff_see_true_figures_of_their_own_units_only(units, role):
    a, b = units
    user = UserFactory(role=role, units=[a])
    assert needs_suppression(user, {a.pk}, "screen") is False
    assert needs_suppression(user, {a.pk, b.pk}, "screen") is True
    assert needs_suppression(user, {a.pk}, "export") is True


@pytest.mark.django_db
def test_an_administrator_gets_suppressed_figures(units):
    a, _ = units
    user = UserFactory(role=Role.ADMINISTRATOR, area=None, units=[a])
    assert needs_suppression(user, {a.pk}, "screen") is True


@pytest.mark.django_db
def test_inactive_and_anonymous_users_get_suppressed_figures(units):
    from django.contrib.auth.models import AnonymousUser

    a, _ = units
    inactive = UserFactory(role=Role.SUPERVISOR, units=[a], is_active=False)
    assert needs_suppression(inactive, {a.pk}, "screen") is True
    assert needs_suppression(AnonymousUser(), {a.pk}, "screen") is True


@pytest.mark.django_db
def test_unknown_purpose_is_refused(units):
    a, _ = units
    with pytest.raises(ValueError):
        needs_suppression(UserFactory(role=Role.SUPERVISOR, units=[a]), {a.pk}, "email")


@pytest.mark.django_db
def test_for_viewer_applies_the_decision(units):
    a, _ = units
    supervisor = UserFactory(role=Role.SUPERVISOR, units=[a])
    on_screen = for_viewer(supervisor, {a.pk}, "screen", threshold=5)
    printed = for_viewer(supervisor, {a.pk}, "print", threshold=5)
    assert on_screen.count(2) == 2
    assert printed.count(2) == SUPPRESSED
    assert on_screen.table([[2, 10]]).cells == ((2, 10),)
    assert printed.table([[2, 10]], column_totals=False).cells == ((S, S),)
    assert on_screen.mean(100, 2) == 50
    assert printed.share(2, 10) == SUPPRESSED
