"""Exact Lemke--Howson: every answer an exact equilibrium, checked against independent methods."""

from __future__ import annotations

import warnings
from fractions import Fraction

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from test_exact_vertices import small_games

import tradegame as tg
from tradegame.game import Game
from tradegame.solvers import exact
from tradegame.solvers.lemke_howson import (
    LemkeHowsonPath,
    lemke_howson,
    lemke_howson_all,
    lemke_howson_path,
)
from tradegame.solvers.stage import Equilibrium, equilibria

F = Fraction


def exact_payoffs(g: Game) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
    if g.exact_A is not None and g.exact_B is not None:
        return g.exact_A.tolist(), g.exact_B.tolist()
    return (
        [[F(float(v)) for v in row] for row in g.A],
        [[F(float(v)) for v in row] for row in g.B],
    )


def assert_exact_equilibrium(g: Game, e: Equilibrium) -> None:
    """``e`` is exact and an exact Nash equilibrium of ``g`` (floats read exactly)."""
    assert e.exact_row is not None and e.exact_col is not None and e.exact_payoffs is not None
    A, B = exact_payoffs(g)
    assert exact.is_equilibrium(A, B, e.exact_row, e.exact_col)
    assert exact.payoffs(A, B, e.exact_row, e.exact_col) == e.exact_payoffs
    if g.is_exact:  # the public check, with no tolerance
        assert tg.is_equilibrium(g, e.exact_row, e.exact_col)
    assert_allclose(e.row, [float(p) for p in e.exact_row], atol=1e-15)
    assert_allclose(e.col, [float(q) for q in e.exact_col], atol=1e-15)


def pairs(found: list[Equilibrium]) -> set:
    return {(e.exact_row, e.exact_col) for e in found}


def random_game(rng: np.random.Generator, m: int, n: int, high: int = 100) -> Game:
    return Game(rng.integers(0, high, (m, n)).tolist(), rng.integers(0, high, (m, n)).tolist())


# ---------------------------------------------------------------------------
# Published examples
# ---------------------------------------------------------------------------

# von Stengel (2002), section 2: a nondegenerate 3x2 game with three equilibria.
VON_STENGEL = ([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])


def test_von_stengel_example_from_every_label() -> None:
    g = Game(*VON_STENGEL)
    pure, mixed = ((1, 0, 0), (1, 0)), ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))
    expected = [pure, mixed, pure, pure, mixed]  # labels 0..4, as in nashpy and QuantEcon
    for label, (x, y) in enumerate(expected):
        path = lemke_howson_path(g, label)
        assert isinstance(path, LemkeHowsonPath) and path.label == label and path.pivots >= 1
        assert (path.equilibrium.exact_row, path.equilibrium.exact_col) == (x, y)
        assert_exact_equilibrium(g, path.equilibrium)
    # The third equilibrium, (4/5, 1/5, 0), (2/3, 1/3), is reached from no label.
    assert pairs(lemke_howson_all(g)) == {pure, mixed}
    assert len(equilibria(g)) == 3


def test_results_print_like_the_other_solvers() -> None:
    e = lemke_howson(Game(*VON_STENGEL), label=1)
    assert repr(e) == "Equilibrium(row=(0, 1/3, 2/3), col=(1/3, 2/3), payoffs=(4, 8/3))"
    assert e.is_exact and e.support == ((1, 2), (0, 1)) and not e.is_pure
    assert e.to_dict()["exact_row"] == ["0", "1/3", "2/3"]
    assert e == next(f for f in equilibria(Game(*VON_STENGEL)) if f == e)


def test_public_names() -> None:
    assert tg.lemke_howson is lemke_howson and tg.lemke_howson_all is lemke_howson_all


# ---------------------------------------------------------------------------
# Against exact vertex enumeration, an independent method
# ---------------------------------------------------------------------------


@given(small_games())
@settings(max_examples=300, deadline=None)
def test_every_path_ends_at_an_extreme_equilibrium(g: Game) -> None:
    # Payoffs in [-2, 2] tie often, so most of these games are degenerate.
    everything = pairs(equilibria(g))  # exact vertex enumeration
    m, n = g.shape
    for label in range(m + n):
        e = lemke_howson(g, label)
        assert_exact_equilibrium(g, e)
        assert (e.exact_row, e.exact_col) in everything
    found = lemke_howson_all(g)
    assert found and pairs(found) <= everything
    assert len(pairs(found)) == len(found)  # no duplicates


@given(small_games(max_side=7, values=1))
@settings(max_examples=150, deadline=None)
def test_larger_degenerate_games_end_at_equilibria(g: Game) -> None:
    # Entries in {-1, 0, 1}: ties everywhere.
    m, n = g.shape
    for label in range(m + n):
        assert_exact_equilibrium(g, lemke_howson(g, label))


# ---------------------------------------------------------------------------
# Against nashpy, on nondegenerate games
# ---------------------------------------------------------------------------


# Seeds where nashpy 0.0.43's Lemke-Howson returns an answer: it loops forever on seeds 7,
# 13 and 15 and returns NaN or a vector of the wrong length on seeds 5 and 28.
NASHPY_SEEDS = [0, 1, 2, 3, 4, 6, 8, 9, 10, 11, 12, 14, 16, 17, 18, 19]


@pytest.mark.parametrize("seed", NASHPY_SEEDS)
def test_agrees_with_nashpy_on_nondegenerate_games(seed: int) -> None:
    # Distinct payoffs drawn from a thousand values: these games are nondegenerate, where
    # every correct implementation follows the same path from the same label.
    rng = np.random.default_rng(seed)
    m, n = (int(k) for k in rng.integers(2, 7, 2))
    A = rng.permutation(1000)[: m * n].reshape(m, n)
    B = rng.permutation(1000)[: m * n].reshape(m, n)
    g = Game(A.tolist(), B.tolist())
    # nashpy 0.0.43 misplaces the column player's probabilities when m > n (its answer
    # is then no equilibrium), so such games go to it with the players swapped: the
    # column player's labels come first.
    swap = m > n
    reference = nashpy.Game(B.T, A.T) if swap else nashpy.Game(A, B)
    for label in range(m + n):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            if swap:
                y, x = reference.lemke_howson(initial_dropped_label=(label + n) % (m + n))
            else:
                x, y = reference.lemke_howson(initial_dropped_label=label)
        e = lemke_howson(g, label)
        assert_allclose(e.row, x, atol=1e-9)
        assert_allclose(e.col, y, atol=1e-9)


def test_a_game_that_once_stopped_nashpy() -> None:
    # nashpy issue #83: a nondegenerate 8x2 game in decimals where plain Lemke-Howson
    # failed from label 9.
    A = [[9.5, -7.8], [-9.6, 0.3], [-7.1, -1.4], [5.9, 7.6], [9, 0.3], [7.5, 6.9]]
    A += [[-3.1, 3.6], [-8.4, -3.7]]
    B = [[0.2, 0.6], [0.4, 0.1], [0.9, 0], [0.4, 0.1], [0.1, 0.2], [0.2, 0.1], [0.8, 1]]
    B += [[0.2, 0.4]]
    g = Game(A, B)
    assert len(equilibria(g)) == 1
    for label in range(10):
        assert pairs([lemke_howson(g, label)]) == pairs(equilibria(g))


# ---------------------------------------------------------------------------
# Degenerate games
# ---------------------------------------------------------------------------

DEGENERATE = {
    "all equal 2x2": ([[1, 1], [1, 1]], [[1, 1], [1, 1]]),
    "all equal 5x4": ([[7] * 4] * 5, [[-3] * 4] * 5),
    "zeros and ones": ([[1, 0, 1], [0, 1, 1], [1, 1, 0]], [[0, 1, 1], [1, 1, 0], [1, 0, 1]]),
    "dominant row with ties": (
        [[2, 2, 2], [1, 2, 0], [0, 2, 1]],
        [[1, 1, 1], [0, 3, 3], [3, 3, 0]],
    ),
    "identical rows and columns": (
        [[3, 3, 1], [3, 3, 1], [0, 0, 2]],
        [[2, 2, 0], [2, 2, 0], [1, 1, 3]],
    ),
    # von Stengel (2002), section 2.6: the pure strategy (1, 0, 0) has two best responses.
    "von Stengel degenerate": ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
    # nashpy issue #35: plain Lemke-Howson returned vectors of the wrong length.
    "nashpy issue 35": ([[-1, -1, -1], [0, 0, 0], [-1, -1, -10000]],) * 2,
    # nashpy's test of its lexicographic Lemke-Howson.
    "nashpy lexicographic": ([[1, 3, 3], [3, 1, 3], [1, 3, 3]], [[3, 3, 1], [1, 1, 3], [3, 1, 3]]),
}
# nashpy issue #231: a zero-sum game where four rows answer the first column.
_RPS6 = [
    [0, -1, -1, -1, 1, -1],
    [1, 0, 1, -1, -1, -1],
    [1, -1, 0, -1, -1, 1],
    [1, 1, 1, 0, -1, -1],
    [-1, 1, 1, 1, 0, -1],
    [1, 1, -1, 1, 1, 0],
]
DEGENERATE["nashpy issue 231"] = (_RPS6, [[-v for v in row] for row in _RPS6])


@pytest.mark.parametrize("name", sorted(DEGENERATE))
def test_degenerate_games_terminate_at_equilibria(name: str) -> None:
    g = Game(*DEGENERATE[name])
    everything = pairs(equilibria(g))
    m, n = g.shape
    for label in range(m + n):
        e = lemke_howson(g, label)
        assert_exact_equilibrium(g, e)
        assert (e.exact_row, e.exact_col) in everything


def test_nashpy_issue_231_finds_the_unique_equilibrium() -> None:
    g = Game(*DEGENERATE["nashpy issue 231"])
    third = (0, 0, F(1, 3), 0, F(1, 3), F(1, 3))
    assert pairs(lemke_howson_all(g)) == {(third, third)}


# ---------------------------------------------------------------------------
# Large games
# ---------------------------------------------------------------------------


def test_fifty_by_fifty_games_are_solved_exactly() -> None:
    for seed in (0, 1, 3):  # 186, 344 and 639 pivots from label 0
        g = random_game(np.random.default_rng(seed), 50, 50)
        path = lemke_howson_path(g, 0)
        assert path.pivots > 100
        assert_exact_equilibrium(g, path.equilibrium)


def test_a_numeric_game_is_read_exactly() -> None:
    # Floats that are not short decimals: Fraction(float) gives their exact binary value.
    rng = np.random.default_rng(0)
    g = Game(rng.normal(size=(30, 30)), rng.normal(size=(30, 30)))
    assert not g.is_exact
    e = lemke_howson(g)
    assert_exact_equilibrium(g, e)
    assert tg.is_equilibrium(g, e.row, e.col)  # and the floats pass the float check
    # Battle of the sexes scaled by pi and e: the mixed equilibrium is (3/5, 2/5) in floats.
    bos = Game(np.array([[3, 0], [0, 2]]) * np.pi, np.array([[2, 0], [0, 3]]) * np.e)
    found = lemke_howson_all(bos)
    assert [e.support for e in found] == [((0,), (0,)), ((1,), (1,))]
    for e in found:
        assert_exact_equilibrium(bos, e)


def test_stage_equilibria_uses_it_past_the_enumeration_limit() -> None:
    g = random_game(np.random.default_rng(5), 12, 12)  # C(24, 12) = 2.7e6 bases
    with pytest.raises(ValueError) as info:
        equilibria(g)
    message = str(info.value)
    assert 'method="lemke-howson"' in message and "\n" not in message
    found = equilibria(g, method="lemke-howson")
    assert pairs(found) == pairs(lemke_howson_all(g))
    for e in found:
        assert_exact_equilibrium(g, e)


def test_stage_equilibria_reports_floats_for_a_numeric_game() -> None:
    g = Game(np.array([[3, 0], [0, 2]]) * np.pi, np.array([[2, 0], [0, 3]]) * np.e)
    found = equilibria(g, method="lemke-howson")
    assert [e.support for e in found] == [((0,), (0,)), ((1,), (1,))]
    assert not any(e.is_exact for e in found)
    with pytest.raises(ValueError, match="tol must be"):
        equilibria(g, method="lemke-howson", tol=-1.0)


def test_max_pivots_stops_a_long_path() -> None:
    g = random_game(np.random.default_rng(3), 50, 50)
    full = lemke_howson_path(g, 0)
    assert full.converged and full.pivots == 639
    stopped = lemke_howson_path(g, 0, max_pivots=100)
    assert (stopped.equilibrium, stopped.pivots, stopped.converged) == (None, 100, False)
    assert lemke_howson_path(g, 0, max_pivots=639) == full  # exactly enough
    assert not lemke_howson_path(g, 0, max_pivots=638).converged
    # From every label with a limit: the equilibria of the short paths only.
    h = Game(*VON_STENGEL)
    assert pairs(lemke_howson_all(h, max_pivots=3)) == {((1, 0, 0), (1, 0))}
    assert lemke_howson_all(h, max_pivots=1) == []
    for bad in (0, -5, 2.5, True, "10"):
        with pytest.raises(ValueError, match="max_pivots must be None or a whole number >= 1"):
            lemke_howson_path(h, 0, max_pivots=bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="max_pivots must be"):
            lemke_howson_all(h, max_pivots=bad)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Invariance
# ---------------------------------------------------------------------------


@given(
    small_games(max_side=4, values=3),
    st.fractions(min_value=F(1, 50), max_value=50),
    st.fractions(min_value=-100, max_value=100),
    st.fractions(min_value=F(1, 50), max_value=50),
    st.fractions(min_value=-100, max_value=100),
)
@settings(max_examples=200, deadline=None)
def test_positive_affine_transformations_change_nothing(
    g: Game, a: Fraction, b: Fraction, c: Fraction, d: Fraction
) -> None:
    assert g.exact_A is not None and g.exact_B is not None
    h = Game(
        [[a * v + b for v in row] for row in g.exact_A.tolist()],
        [[c * v + d for v in row] for row in g.exact_B.tolist()],
    )
    m, n = g.shape
    for label in range(m + n):
        p, q = lemke_howson_path(g, label), lemke_howson_path(h, label)
        e, f = p.equilibrium, q.equilibrium
        assert (e.exact_row, e.exact_col, p.pivots) == (f.exact_row, f.exact_col, q.pivots)
        assert e.exact_payoffs is not None and f.exact_payoffs is not None
        u, w = e.exact_payoffs
        assert f.exact_payoffs == (a * u + b, c * w + d)


def test_affine_invariance_of_a_large_and_a_numeric_game() -> None:
    rng = np.random.default_rng(2)
    A, B = rng.integers(0, 100, (40, 40)), rng.integers(0, 100, (40, 40))
    e = lemke_howson(Game(A.tolist(), B.tolist()), label=7)
    f = lemke_howson(Game((3 * A - 1000).tolist(), (F(1, 7) * B + 2).tolist()), label=7)
    assert (e.exact_row, e.exact_col) == (f.exact_row, f.exact_col)
    X, Y = rng.normal(size=(6, 5)), rng.normal(size=(6, 5))  # doubling and adding 4 is exact
    e = lemke_howson(Game(X, Y), label=3)
    f = lemke_howson(Game(2 * X + 4, 2 * Y - 4), label=3)
    assert (e.exact_row, e.exact_col) == (f.exact_row, f.exact_col)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("label", [-1, 5, 100, 1.0, True, "0", None])
def test_a_label_out_of_range_is_one_line_naming_the_range(label: object) -> None:
    g = Game(*VON_STENGEL)  # 3 + 2 labels
    for call in (lemke_howson, lemke_howson_path):
        with pytest.raises(ValueError, match=r"label must be a whole number from 0 to 4") as info:
            call(g, label)  # type: ignore[operator]
        assert "\n" not in str(info.value) and "0 to 2 drop a row action" in str(info.value)


def test_numpy_integer_labels_are_accepted() -> None:
    g = Game(*VON_STENGEL)
    assert lemke_howson(g, np.int64(1)) == lemke_howson(g, 1)  # type: ignore[arg-type]


def test_symbolic_games_and_non_games_are_rejected() -> None:
    import sympy

    x = sympy.Symbol("x")
    g = Game([[x, 0], [0, 1]], [[1, 0], [0, x]])
    for call in (lemke_howson, lemke_howson_all, lemke_howson_path):
        with pytest.raises(ValueError, match="symbolic"):
            call(g)
        with pytest.raises(TypeError, match=r"needs a tradegame\.Game"):
            call([[1, 0], [0, 1]])  # type: ignore[arg-type]


def test_one_action_games() -> None:
    g = Game([[1, 2, 2]], [[0, 3, 3]])  # the column player has two best responses
    for label in range(4):
        assert_exact_equilibrium(g, lemke_howson(g, label))
    assert lemke_howson(Game([[4]], [[2]])).exact_row == (1,)
