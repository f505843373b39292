"""Tests of tradegame.solvers.stage: equilibria, minmax values and dominance."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from dataclasses import FrozenInstanceError
from fractions import Fraction as F

import nashpy
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from tradegame.game import Game
from tradegame.solvers.dominance import dominance, dominance_steps
from tradegame.solvers.minmax import minmax, minmax_strategies
from tradegame.solvers.stage import (
    METHODS,
    Equilibrium,
    equilibria,
    is_equilibrium,
    pure_equilibria,
)

# ---------------------------------------------------------------------------
# An independent oracle for exact games: the extreme equilibria are the completely
# labelled vertex pairs of the best-response polyhedra (Avis, Rosenberg, Savani and
# von Stengel 2010). Vertices are found as basic feasible solutions: choose which
# inequalities are tight, solve the square system in fractions, keep the feasible
# solutions. Brute force, so only for small games.
# ---------------------------------------------------------------------------


def _solve_square(M: list[list[F]], b: list[F]) -> list[F] | None:
    n = len(M)
    rows = [[*r, v] for r, v in zip(M, b, strict=True)]
    for c in range(n):
        p = next((r for r in range(c, n) if rows[r][c] != 0), None)
        if p is None:
            return None  # singular
        rows[c], rows[p] = rows[p], rows[c]
        for r in range(n):
            if r != c and rows[r][c] != 0:
                f = rows[r][c] / rows[c][c]
                rows[r] = [a - f * q for a, q in zip(rows[r], rows[c], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def _vertices(M: list[list[F]]) -> dict[tuple[F, ...], frozenset[int]]:
    """Vertices z of {z >= 0, sum z = 1, z^T M <= v}, with labels: own zeros i, tight m+j."""
    k, n = len(M), len(M[0])
    out = {}
    for tight in itertools.combinations(range(k + n), k):
        system = [[F(0)] * k + [F(0)] for _ in range(k + 1)]
        rhs = [F(0)] * (k + 1)
        for row, label in zip(system, tight, strict=False):
            if label < k:
                row[label] = F(1)
            else:
                row[:k] = [M[i][label - k] for i in range(k)]
                row[k] = F(-1)
        system[k] = [F(1)] * k + [F(0)]
        rhs[k] = F(1)
        sol = _solve_square(system, rhs)
        if sol is None:
            continue
        z, v = sol[:k], sol[k]
        gains = [sum(z[i] * M[i][j] for i in range(k)) for j in range(n)]
        if min(z) < 0 or max(gains) > v:
            continue
        labels = {i for i in range(k) if z[i] == 0} | {k + j for j in range(n) if gains[j] == v}
        out[tuple(z)] = frozenset(labels)
    return out


def oracle(A: list[list[int]], B: list[list[int]]) -> set[tuple[tuple[F, ...], tuple[F, ...]]]:
    """Every extreme equilibrium of the bimatrix game (A, B), exactly."""
    m, n = len(A), len(A[0])
    A_ = [[F(a) for a in r] for r in A]
    B_ = [[F(b) for b in r] for r in B]
    X = _vertices(B_)  # labels: i (x_i = 0) and m + j (column j a best response)
    Y = _vertices([list(c) for c in zip(*A_, strict=True)])  # labels: j and n + i
    found = set()
    for x, lx in X.items():
        for y, ly in Y.items():
            row_ok = all(i in lx or n + i in ly for i in range(m))
            col_ok = all(j in ly or m + j in lx for j in range(n))
            if row_ok and col_ok:
                found.add((x, y))
    return found


def exact_set(eqs: list[Equilibrium]) -> set[tuple[tuple[F, ...], tuple[F, ...]]]:
    assert all(e.exact_row is not None and e.exact_col is not None for e in eqs)
    return {(e.exact_row, e.exact_col) for e in eqs}  # type: ignore[misc]


def float_sets_match(eqs: list[Equilibrium], pairs: list[tuple[np.ndarray, np.ndarray]]) -> bool:
    if len(eqs) != len(pairs):
        return False
    return all(
        any(np.allclose(e.row, x, atol=1e-6) and np.allclose(e.col, y, atol=1e-6) for e in eqs)
        for x, y in pairs
    )


def exactly_best_responses(A, B, x, y) -> bool:
    """Mutual best responses, checked in fractions (independently of the package)."""
    m, n = len(A), len(A[0])
    row_gain = [sum(F(A[i][j]) * y[j] for j in range(n)) for i in range(m)]
    col_gain = [sum(F(B[i][j]) * x[i] for i in range(m)) for j in range(n)]
    return (
        sum(x) == 1
        and sum(y) == 1
        and min(x) >= 0
        and min(y) >= 0
        and all(row_gain[i] == max(row_gain) for i in range(m) if x[i] > 0)
        and all(col_gain[j] == max(col_gain) for j in range(n) if y[j] > 0)
    )


@st.composite
def int_games(draw, min_dim=2, max_dim=3, lo=-3, hi=3):
    m = draw(st.integers(min_dim, max_dim))
    n = draw(st.integers(min_dim, max_dim))
    cells = st.lists(st.lists(st.integers(lo, hi), min_size=n, max_size=n), min_size=m, max_size=m)
    return draw(cells), draw(cells)


# ---------------------------------------------------------------------------
# Known answers (docs/ORACLES.md, stage games)
# ---------------------------------------------------------------------------

BOS = ([[3, 0], [0, 2]], [[2, 0], [0, 3]])


@pytest.mark.parametrize("method", ["auto", "vertex", "support"])
def test_battle_of_the_sexes(method):
    # Battle of the sexes: two pure equilibria and ((3/5, 2/5), (2/5, 3/5)).
    eqs = equilibria(Game(*BOS), method=method)
    assert exact_set(eqs) == {
        ((F(1), F(0)), (F(1), F(0))),
        ((F(0), F(1)), (F(0), F(1))),
        ((F(3, 5), F(2, 5)), (F(2, 5), F(3, 5))),
    }
    assert [e.is_pure for e in eqs] == [True, True, False]  # pure ones first
    assert eqs[2].exact_payoffs == (F(6, 5), F(6, 5))
    assert repr(eqs[2]) == "Equilibrium(row=(3/5, 2/5), col=(2/5, 3/5), payoffs=(6/5, 6/5))"


@pytest.mark.parametrize("method", METHODS)
def test_nashpy_4x3_game(method):
    # Nashpy tests/unit/test_game.py: unique equilibrium ((0, 0, 3/4, 1/4), (1/28, 27/28, 0)).
    A = [[160, 205, 44], [175, 180, 45], [201, 204, 50], [120, 207, 49]]
    B = [[2, 2, 2], [1, 0, 0], [3, 4, 1], [4, 1, 2]]
    (eq,) = equilibria(Game(A, B), method=method)
    assert eq.exact_row == (0, 0, F(3, 4), F(1, 4))
    assert eq.exact_col == (F(1, 28), F(27, 28), 0)
    assert eq.support == ((2, 3), (0, 1))


@pytest.mark.parametrize("method", ["auto", "vertex", "support"])
def test_von_stengel_3x2(method):
    # von Stengel (2007), QuantEcon test_support_enumeration.py: three equilibria.
    g = Game([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    assert exact_set(equilibria(g, method=method)) == {
        ((1, 0, 0), (1, 0)),
        ((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
        ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    }


@pytest.mark.parametrize("method", METHODS)
def test_matching_pennies(method):
    # Matching pennies: no pure equilibrium; the unique equilibrium is (1/2, 1/2).
    g = Game([[1, -1], [-1, 1]])
    assert pure_equilibria(g) == []
    (eq,) = equilibria(g, method=method)
    assert eq.exact_row == eq.exact_col == (F(1, 2), F(1, 2))
    assert eq.payoffs == (0.0, 0.0)
    assert not eq.is_pure


def test_inspection_game():
    # Inspection game (Tsebelis 1989 style), solved by hand: the column player
    # makes the inspector indifferent, -1 = -4 q1, so q = (3/4, 1/4); the inspector
    # makes the agent indifferent, 0 = -2 p + (1 - p), so p = (1/3, 2/3).
    g = Game([[-1, -1], [0, -4]], [[0, -2], [0, 1]])
    (eq,) = equilibria(g)
    assert (eq.exact_row, eq.exact_col) == ((F(1, 3), F(2, 3)), (F(3, 4), F(1, 4)))


# Degenerate games, with the extreme equilibria computed by hand.
DEGENERATE = {
    # Constant payoffs: every profile is an equilibrium; the extreme ones are the four
    # pure profiles (the vertices of the product of the simplices).
    "constant": (
        [[1, 1], [1, 1]],
        [[1, 1], [1, 1]],
        {((1, 0), (1, 0)), ((1, 0), (0, 1)), ((0, 1), (1, 0)), ((0, 1), (0, 1))},
    ),
    # A = B = [[1, 1], [0, 2]]: against row 0 the column player is indifferent, and
    # row 0 stays a best response while 1 >= 2 y1, so the segment (e0, y1 in [0, 1/2])
    # is a Nash component with extreme points y1 = 0 and y1 = 1/2; plus (e1, e1).
    # Support enumeration misses ((1, 0), (1/2, 1/2)): its supports differ in size.
    "segment": (
        [[1, 1], [0, 2]],
        [[1, 1], [0, 2]],
        {((1, 0), (1, 0)), ((0, 1), (0, 1)), ((1, 0), (F(1, 2), F(1, 2)))},
    ),
    # von Stengel's degenerate 3x2 variant (B[0][1] = 3): against row 0 the column
    # player is indifferent; row 0 is a best response while 3 >= 2 + 3 y1 and
    # 3 >= 6 y1, i.e. y1 <= 1/3: extreme points y = (1, 0) and (2/3, 1/3). The mixed
    # equilibrium on rows {1, 2} survives: x = (0, 1/3, 2/3), y = (1/3, 2/3).
    "von-stengel-degenerate": (
        [[3, 3], [2, 5], [0, 6]],
        [[3, 3], [2, 6], [3, 1]],
        {
            ((1, 0, 0), (1, 0)),
            ((1, 0, 0), (F(2, 3), F(1, 3))),
            ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
        },
    ),
    # A duplicated row: rows 1 and 2 are identical for both players, so the weight
    # the 2x2 game [[3,3],[2,5]] / [[3,2],[2,6]] puts on row 1 can sit on either copy:
    # (e0, e0), (e1, e1), (e2, e1) and the mixed ((4/5, 1/5), (2/3, 1/3)) twice.
    "duplicated-row": (
        [[3, 3], [2, 5], [2, 5]],
        [[3, 2], [2, 6], [2, 6]],
        {
            ((1, 0, 0), (1, 0)),
            ((0, 1, 0), (0, 1)),
            ((0, 0, 1), (0, 1)),
            ((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
            ((F(4, 5), 0, F(1, 5)), (F(2, 3), F(1, 3))),
        },
    ),
    # A = [[0, 1, 2], [0, 0, 2]], B = [[0, 2, 2], [2, 1, 1]]. Pure: (0, 1), (0, 2) and
    # (1, 0). Against x = (1/3, 2/3) all three columns pay 4/3, and the row player
    # is indifferent iff y1 = 0: the segment y in [e0, e2] gives extreme points
    # (x, e0) and (x, e2). The second has supports of sizes 2 and 1, and no
    # equal-size pair of supports pins down both strategies, so support
    # enumeration misses it.
    "unequal-supports": (
        [[0, 1, 2], [0, 0, 2]],
        [[0, 2, 2], [2, 1, 1]],
        {
            ((0, 1), (1, 0, 0)),
            ((1, 0), (0, 1, 0)),
            ((1, 0), (0, 0, 1)),
            ((F(1, 3), F(2, 3)), (1, 0, 0)),
            ((F(1, 3), F(2, 3)), (0, 0, 1)),
        },
    ),
}


@pytest.mark.parametrize("name", sorted(DEGENERATE))
def test_degenerate_games_by_hand(name):
    A, B, truth = DEGENERATE[name]
    g = Game(A, B)
    auto = exact_set(equilibria(g))
    assert auto == truth
    assert exact_set(equilibria(g, method="vertex")) == truth
    assert auto == oracle(A, B)  # the brute-force oracle agrees with the hand count


def test_support_enumeration_misses_a_degenerate_extreme_equilibrium():
    A, B, truth = DEGENERATE["unequal-supports"]
    support = exact_set(equilibria(Game(A, B), method="support"))
    assert support == truth - {((F(1, 3), F(2, 3)), (0, 0, 1))}


def test_one_action_players():
    # The row player has one action: the column player's best responses are 1 and 2.
    g = Game([[1, 2, 2]], [[0, 3, 3]])
    for method in METHODS:
        assert exact_set(equilibria(g, method=method)) == {((1,), (0, 1, 0)), ((1,), (0, 0, 1))}
    # The column player has one action.
    g = Game([[1], [1], [0]], [[5], [2], [7]])
    assert exact_set(equilibria(g)) == {((1, 0, 0), (1,)), ((0, 1, 0), (1,))}
    # A 1x1 game, and a numeric one-action game found with the tolerance.
    assert exact_set(equilibria(Game([[4]], [[2]]))) == {((1,), (1,))}
    g = Game([[np.pi, np.e]], [[np.pi, np.pi + 1e-12]])
    assert [e.support for e in equilibria(g)] == [((0,), (0,)), ((0,), (1,))]


def test_lemke_howson_finds_a_subset():
    g = Game([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    lh = exact_set(equilibria(g, method="lemke-howson"))
    assert lh and lh <= exact_set(equilibria(g))


def test_numeric_game():
    # A numeric (inexact) game: floats, no fractions, still verified.
    g = Game(np.array(BOS[0]) * np.pi, np.array(BOS[1]) * np.e)
    assert not g.is_exact
    eqs = equilibria(g)
    assert len(eqs) == 3 and not any(e.is_exact for e in eqs)
    assert_allclose(eqs[2].row, [0.6, 0.4], atol=1e-12)
    assert_allclose(eqs[2].col, [0.4, 0.6], atol=1e-12)
    assert "exact_row" not in eqs[2].to_dict()
    assert repr(eqs[2]).startswith("Equilibrium(row=(0.6, 0.4), col=(0.4, 0.6)")


# ---------------------------------------------------------------------------
# The Equilibrium record
# ---------------------------------------------------------------------------


def test_equilibrium_record():
    eq = equilibria(Game(*BOS))[2]
    data = eq.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["exact_row"] == ["3/5", "2/5"] and data["exact_payoffs"] == ["6/5", "6/5"]
    assert data["row"] == [0.6, 0.4] and data["support"] == [[0, 1], [0, 1]]
    assert eq.row.tolist() == [float(p) for p in eq.exact_row]  # floats of the fractions
    assert eq.payoffs == (1.2, 1.2)
    with pytest.raises(FrozenInstanceError):
        eq.row = np.array([1.0, 0.0])  # type: ignore[misc]
    with pytest.raises(ValueError):
        eq.row[0] = 1.0  # read-only array
    assert eq == equilibria(Game(*BOS))[2] and eq != equilibria(Game(*BOS))[0]
    pure = Equilibrium(np.array([0.0, 1.0]), np.array([1.0, 0.0]), (2.0, 1.0))
    assert pure.is_pure and pure.support == ((1,), (0,)) and not pure.is_exact
    assert repr(pure) == "Equilibrium(row=(0, 1), col=(1, 0), payoffs=(2, 1))"


def test_results_are_sorted_and_deterministic():
    g = Game(*DEGENERATE["duplicated-row"][:2])
    first, second = equilibria(g), equilibria(g)
    assert first == second
    keys = [(not e.is_pure, tuple(-e.row), tuple(-e.col)) for e in first]
    assert keys == sorted(keys)


# ---------------------------------------------------------------------------
# is_equilibrium and pure_equilibria
# ---------------------------------------------------------------------------


def test_is_equilibrium():
    g = Game(*BOS)
    assert is_equilibrium(g, [F(3, 5), F(2, 5)], [F(2, 5), F(3, 5)])
    assert is_equilibrium(g, [0.6, 0.4], [0.4, 0.6])  # short decimals: checked exactly
    assert not is_equilibrium(g, [0.6, 0.4], [0.5, 0.5])
    assert not is_equilibrium(g, [1, 0], [0, 1])
    assert is_equilibrium(g, [0.6, 0.4], [0.4 + 1e-12, 0.6 - 1e-12], tol=1e-9)
    assert not is_equilibrium(g, [0.6, 0.4], [0.4 + 1e-6, 0.6 - 1e-6], tol=1e-9)


@pytest.mark.parametrize(
    ("row", "col", "message"),
    [
        ([1, 0, 0], [1, 0], "2 probabilities"),
        ([0.5, 0.6], [1, 0], "sum to 1"),
        ([1.5, -0.5], [1, 0], "nonnegative"),
        ([1, 0], ["a", "b"], "numbers"),
    ],
)
def test_is_equilibrium_rejects_bad_strategies(row, col, message):
    with pytest.raises(ValueError, match=message):
        is_equilibrium(Game(*BOS), row, col)


def test_pure_equilibria():
    assert pure_equilibria(Game(*BOS)) == [(0, 0), (1, 1)]
    assert pure_equilibria(Game([[1, 1], [1, 1]], [[0, 0], [0, 0]])) == [
        (0, 0),
        (0, 1),
        (1, 0),
        (1, 1),
    ]
    # Exact comparison: 0.1 + 0.2 differs from 0.3 as a float and is not a tie.
    assert pure_equilibria(Game([[0.3], [0.1 + 0.2]], [[0], [0]])) == [(1, 0)]
    assert pure_equilibria(Game([[F(1, 3)], [F(1, 3)]], [[0], [0]])) == [(0, 0), (1, 0)]


# ---------------------------------------------------------------------------
# minmax
# ---------------------------------------------------------------------------


def test_minmax_known_values():
    pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert minmax(pd) == (1.0, 1.0) and minmax(pd, pure=True) == (1.0, 1.0)
    pennies = Game([[1, -1], [-1, 1]])
    assert minmax(pennies) == (0.0, 0.0)
    assert minmax(pennies, pure=True) == (1.0, 1.0)  # a pure punisher is matched
    result = minmax_strategies(pennies)
    assert result.exact_values == (0, 0)
    assert result.exact_punish_row == result.exact_punish_col == (F(1, 2), F(1, 2))
    # BoS: the column player holds the row player to 6/5 by playing (2/5, 3/5).
    result = minmax_strategies(Game(*BOS))
    assert result.exact_values == (F(6, 5), F(6, 5))
    assert result.exact_punish_row == (F(2, 5), F(3, 5))
    assert result.exact_punish_col == (F(3, 5), F(2, 5))
    assert result.values == (1.2, 1.2) and not result.pure


def test_minmax_pure_strategies_and_numeric_games():
    g = Game([[4, 1, 3], [2, 5, 3]], [[1, 0, 2], [2, 2, 0]])
    pure = minmax_strategies(g, pure=True)
    assert pure.values == (3.0, 2.0) and pure.exact_values == (3, 2)
    assert pure.punish_row.tolist() == [0, 0, 1] and pure.punish_col.tolist() == [1, 0]
    numeric = minmax_strategies(Game(np.array([[1, -1], [-1, 1]]) * np.pi))
    assert numeric.exact_values is None
    assert_allclose(numeric.values, (0.0, 0.0), atol=1e-12)
    assert_allclose(numeric.punish_row, [0.5, 0.5], atol=1e-9)


@settings(max_examples=150, deadline=None)
@given(int_games(min_dim=1, max_dim=4, lo=-5, hi=5))
def test_minmax_matches_zero_sum_value(game):
    # The row player's minmax value is the value of the zero-sum game A; compare with
    # nashpy's linear program, and check the exact punishment exactly.
    A, B = game
    g = Game(A, B)
    result = minmax_strategies(g)
    for M, value, punish in (
        (A, result.values[0], result.punish_row),
        (np.array(B).T, result.values[1], result.punish_col),
    ):
        M = np.array(M, dtype=float)
        x, y = nashpy.Game(M, -M).linear_program()
        assert_allclose(value, x @ M @ y, atol=1e-7)
        assert_allclose((M @ punish).max(), value, atol=1e-9)
    assert result.exact_values is not None
    assert [float(v) for v in result.exact_values] == list(result.values)
    q = result.exact_punish_row
    assert (
        max(sum(F(A[i][j]) * q[j] for j in range(len(q))) for i in range(len(A)))
        == (result.exact_values[0])
    )
    assert result.values[0] <= minmax(g, pure=True)[0] + 1e-12


# ---------------------------------------------------------------------------
# dominance
# ---------------------------------------------------------------------------


def test_dominance_prisoners_dilemma_keeps_names_and_exactness():
    g = Game(
        [[3, 0], [5, 1]],
        [[3, 5], [0, 1]],
        actions=(["open", "restrict"], ["open", "restrict"]),
        players=("US", "China"),
    )
    reduced = dominance(g)
    assert reduced.actions == (("restrict",), ("restrict",))
    assert reduced.players == ("US", "China")
    assert reduced.is_exact and reduced.exact_A[0, 0] == 1


def test_iterated_dominance_gibbons():
    # Gibbons (1992), section 1.1.B: Right is dominated by Middle; then Down by Up;
    # then Left by Middle, leaving (Up, Middle).
    g = Game(
        [[1, 1, 0], [0, 0, 2]],
        [[0, 2, 1], [3, 1, 0]],
        actions=(["Up", "Down"], ["Left", "Middle", "Right"]),
    )
    steps = dominance_steps(g)
    assert [(s.player, s.action, s.by) for s in steps] == [
        (1, "Right", (("Middle", 1.0),)),
        (0, "Down", (("Up", 1.0),)),
        (1, "Left", (("Middle", 1.0),)),
    ]
    assert dominance(g).actions == (("Up",), ("Middle",))


def test_mixed_dominance():
    # Row 2 (1, 1) is beaten by the half-half mixture of rows 0 and 1 (3/2, 3/2) but by
    # no pure row.
    g = Game([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]])
    (step,) = dominance_steps(g)
    assert step.player == 0 and step.action == "r2"
    assert dict(step.by) == pytest.approx({"r0": 0.5, "r1": 0.5})
    assert dominance(g).shape == (2, 2)
    assert dominance(g, mixed=False).shape == (3, 2)
    # (2, 2) only ties the mixture's best margin of 3/2 - 2 < 0: nothing goes.
    assert dominance(Game([[3, 0], [0, 3], [2, 2]], [[0, 0]] * 3)).shape == (3, 2)


def test_weak_dominance_is_not_strict():
    g = Game([[1, 1], [1, 0]], [[1, 1], [1, 0]])
    assert dominance(g).shape == (2, 2) and dominance_steps(g) == []


def test_dominance_numeric_game_and_tolerance():
    g = Game([[1.0 + 1e-12, np.pi], [1.0, np.pi - 1e-12]], [[0, 0], [0, 0]])
    assert not g.is_exact
    assert dominance(g).shape == (2, 2)  # margins within the tolerance do not count
    assert dominance(g, tol=0).shape == (1, 2)


@settings(max_examples=100, deadline=None)
@given(int_games(min_dim=1, max_dim=3, lo=-4, hi=4))
def test_dominance_keeps_every_equilibrium(game):
    # Strictly dominated actions are never played in equilibrium, so the equilibria
    # of the reduced game are those of the full game (with zeros put back).
    A, B = game
    g = Game(A, B)
    reduced = dominance(g)
    rows = [g.actions[0].index(a) for a in reduced.actions[0]]
    cols = [g.actions[1].index(a) for a in reduced.actions[1]]
    full = exact_set(equilibria(g))
    embedded = set()
    for e in equilibria(reduced):
        x, y = [F(0)] * g.shape[0], [F(0)] * g.shape[1]
        for i, p in zip(rows, e.exact_row, strict=True):
            x[i] = p
        for j, q in zip(cols, e.exact_col, strict=True):
            y[j] = q
        embedded.add((tuple(x), tuple(y)))
    assert embedded == full


# ---------------------------------------------------------------------------
# Properties on random games
# ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(int_games(min_dim=1, max_dim=3))
def test_every_equilibrium_is_a_mutual_best_response(game):
    g = Game(*game)
    eqs = equilibria(g)
    assert eqs, "every finite game has an equilibrium"
    for e in eqs:
        assert is_equilibrium(g, e.row, e.col, tol=g.tolerance())
        assert exactly_best_responses(*game, e.exact_row, e.exact_col)
        assert e.row.tolist() == [float(p) for p in e.exact_row]
        assert e.col.tolist() == [float(q) for q in e.exact_col]
        assert e.payoffs == tuple(float(u) for u in e.exact_payoffs)


@settings(max_examples=200, deadline=None)
@given(int_games(min_dim=2, max_dim=3, lo=-2, hi=2))
def test_auto_finds_every_extreme_equilibrium_of_degenerate_games(game):
    # Small payoff ranges make most of these games degenerate.
    g = Game(*game)
    auto = exact_set(equilibria(g))
    assert auto == oracle(*game)
    assert auto == exact_set(equilibria(g, method="vertex"))
    assert exact_set(equilibria(g, method="support")) <= auto


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 4), st.integers(2, 4), st.booleans())
def test_auto_agrees_with_nashpy_vertex_enumeration_on_generic_games(seed, m, n, integers):
    rng = np.random.default_rng(seed)
    if integers:  # a wide range: ties are unlikely
        A, B = (rng.integers(-(10**6), 10**6, size=(m, n)) for _ in range(2))
    else:
        A, B = (rng.uniform(-10, 10, size=(m, n)) for _ in range(2))
    # nashpy labels vertices with np.isclose (rtol 1e-5), so with payoffs near 1e6 it
    # can report a vertex pair that is not an equilibrium: drop those.
    g = Game(A, B)
    reference = [
        (x, y)
        for x, y in nashpy.Game(A, B).vertex_enumeration()
        if is_equilibrium(g, np.clip(x, 0, 1), np.clip(y, 0, 1))
    ]
    assert reference
    assert float_sets_match(equilibria(g), reference)
    assert float_sets_match(equilibria(g, method="support"), reference)


@settings(max_examples=150, deadline=None)
@given(int_games(min_dim=1, max_dim=3, lo=-5, hi=5))
def test_minmax_is_at_most_every_equilibrium_payoff(game):
    g = Game(*game)
    low = minmax(g)
    for e in equilibria(g):
        assert e.payoffs[0] >= low[0] - g.tolerance()
        assert e.payoffs[1] >= low[1] - g.tolerance()


def test_affine_transforms_leave_equilibria_unchanged():
    A, B = DEGENERATE["von-stengel-degenerate"][:2]
    g = Game(A, B)
    h = Game(
        [[F(7, 3) * a - 11 for a in r] for r in A], [[F(1, 100) * b + 5 for b in r] for r in B]
    )
    assert exact_set(equilibria(g)) == exact_set(equilibria(h))


# ---------------------------------------------------------------------------
# Bad input and import weight
# ---------------------------------------------------------------------------


def test_unknown_method():
    with pytest.raises(ValueError, match="auto, enumeration, support, vertex, lemke-howson"):
        equilibria(Game(*BOS), method="simplex")


def test_symbolic_games_must_be_evaluated_first():
    x = sympy.Symbol("x")
    g = Game([[x, 0], [0, 1]], [[1, 0], [0, x]])
    for call in (
        lambda: equilibria(g),
        lambda: pure_equilibria(g),
        lambda: minmax(g),
        lambda: dominance(g),
        lambda: is_equilibrium(g, [1, 0], [1, 0]),
    ):
        with pytest.raises(ValueError, match=r"evaluate with \.subs\(\) first"):
            call()
    assert len(equilibria(g.subs({x: 2}))) == 3


def test_bad_tolerance_and_non_games():
    with pytest.raises(ValueError, match="tol"):
        equilibria(Game(*BOS), tol=-1)
    with pytest.raises(TypeError, match="Game"):
        equilibria(np.array(BOS[0]))  # type: ignore[arg-type]


def test_importing_the_module_stays_light():
    code = (
        "import sys, tradegame.solvers.stage, tradegame.solvers.classify; "
        "print(sorted(m for m in ('nashpy', 'scipy', 'sympy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_support_enumeration_survives_round_off():
    # A generic 3x3 game (numpy seed 0) in which nashpy 0.0.43's support enumeration
    # loses the equilibrium on supports ({1, 2}, {0, 2}): its solver returns
    # -2e-17 for a probability and rejects the solution. Ours keeps it.
    rng = np.random.default_rng(0)
    A, B = (rng.uniform(-10, 10, size=(3, 3)) for _ in range(2))
    with pytest.warns(RuntimeWarning):
        assert len(list(nashpy.Game(A, B).support_enumeration())) == 2
    eqs = equilibria(Game(A, B), method="support")
    assert [e.support for e in eqs] == [((0,), (0,)), ((0, 2), (0, 1)), ((1, 2), (0, 2))]
    assert float_sets_match(eqs, list(nashpy.Game(A, B).vertex_enumeration()))


def test_is_equilibrium_falls_back_to_the_tolerance_when_not_summing_exactly():
    # (5e-17, 1) is exact as decimals but sums to 1 + 5e-17: checked with the tolerance.
    g = Game([[0, 0], [1, 1]], [[0, 0], [1, 0]])
    assert is_equilibrium(g, [5e-17, 1.0], [1.0, 0.0])
    assert is_equilibrium(g, [0, 1], [1, 0])


def test_exact_solver():
    from tradegame.solvers.exact import solve

    # Over-determined but consistent; inconsistent; under-determined.
    assert solve([[F(1), F(1)], [F(1), F(-1)], [F(2), F(0)]], [F(3), F(1), F(4)]) == [2, 1]
    assert solve([[F(1), F(1)], [F(1), F(1)]], [F(1), F(2)]) is None
    assert solve([[F(1), F(1)]], [F(1)]) is None
    assert solve([[F(0), F(2)], [F(3), F(0)]], [F(1), F(1)]) == [F(1, 3), F(1, 2)]


def test_tiny_exact_payoffs_keep_their_equilibria() -> None:
    # Exact games are solved in integers, so payoffs below the float tolerance
    # floor (1e-9) still separate the pure equilibria from the mixed one.
    from fractions import Fraction

    from tradegame.game import Game
    from tradegame.solvers.stage import equilibria

    e = Fraction(1, 10**10)
    found = {
        (tuple(q.exact_row), tuple(q.exact_col))
        for q in equilibria(Game([[e, 0], [0, e]], [[e, 0], [0, e]]))
    }
    half = (Fraction(1, 2), Fraction(1, 2))
    assert found == {((1, 0), (1, 0)), ((0, 1), (0, 1)), (half, half)}


@given(
    st.lists(st.integers(-2, 2), min_size=4, max_size=4),
    st.lists(st.integers(-2, 2), min_size=4, max_size=4),
)
@settings(max_examples=300, deadline=None)
def test_2x2_exact_enumeration_equals_float_enumeration(a: list[int], b: list[int]) -> None:
    # The exact vertex enumeration of "auto" against vertex and support
    # enumeration, on small integer games: ties and degenerate games are common.
    from tradegame.game import Game
    from tradegame.solvers.stage import equilibria

    g = Game([a[:2], a[2:]], [b[:2], b[2:]])
    fast, slow = equilibria(g), equilibria(g, "enumeration")
    assert [(e.exact_row, e.exact_col) for e in fast] == [(e.exact_row, e.exact_col) for e in slow]
