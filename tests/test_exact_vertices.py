"""Exact vertex enumeration, the default solver for exact games, against independent methods."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradegame.game import Game
from tradegame.solvers import exact
from tradegame.solvers.exact_vertices import _solve, bases, extreme_equilibria
from tradegame.solvers.stage import equilibria

F = Fraction


def small_games(max_side: int = 4, values: int = 2) -> st.SearchStrategy[Game]:
    """Integer games with entries in [-values, values]: ties and degeneracy are common."""

    @st.composite
    def build(draw: st.DrawFn) -> Game:
        m, n = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
        entries = st.lists(st.integers(-values, values), min_size=m * n, max_size=m * n)
        A, B = draw(entries), draw(entries)
        return Game(np.reshape(A, (m, n)).tolist(), np.reshape(B, (m, n)).tolist())

    return build()


def exact_pairs(found: list) -> set:
    return {(e.exact_row, e.exact_col) for e in found}


@given(
    st.integers(1, 4).flatmap(
        lambda k: st.lists(
            st.lists(st.integers(-5, 5), min_size=k, max_size=k), min_size=k, max_size=k
        )
    )
)
@settings(max_examples=300, deadline=None)
def test_integer_solve_equals_fraction_elimination(M: list[list[int]]) -> None:
    ones = [F(1)] * len(M)
    reference = exact.solve([[F(x) for x in row] for row in M], ones)
    found = _solve(M)
    if reference is None:
        assert found is None
    else:
        assert found is not None and found[1] > 0
        assert [F(v, found[1]) for v in found[0]] == reference


@given(small_games())
@settings(max_examples=300, deadline=None)
def test_default_method_equals_float_enumeration_on_small_integer_games(g: Game) -> None:
    # Nashpy's vertex enumeration plus support enumeration, refined exactly, is
    # an independent method; degenerate games are frequent with entries in [-2, 2].
    assert exact_pairs(equilibria(g)) == exact_pairs(equilibria(g, "enumeration"))


@given(small_games(max_side=3, values=3))
@settings(max_examples=200, deadline=None)
def test_every_answer_is_an_exact_extreme_equilibrium(g: Game) -> None:
    A, B = g.exact_A.tolist(), g.exact_B.tolist()
    A_T = [list(c) for c in zip(*A, strict=True)]
    found = extreme_equilibria(A, B)
    assert found, "every finite game has an equilibrium"
    for x, y, (u, w) in found:
        assert exact.is_equilibrium(A, B, x, y)
        assert (u, w) == exact.payoffs(A, B, x, y)
        # Extreme: each strategy is the unique solution of its support and the
        # opponent's tight best responses, a vertex of the best-response polyhedron.
        xA, By = exact.dot(y, A_T), exact.dot(x, B)
        best_row = [v == max(xA) for v in xA]
        best_col = [v == max(By) for v in By]
        assert exact.tight_vertex(B, [p > 0 for p in x], best_col) is not None
        assert exact.tight_vertex(A_T, [q > 0 for q in y], best_row) is not None
    assert len({(x, y) for x, y, _ in found}) == len(found), "no duplicates"


@given(small_games(max_side=3), st.integers(1, 7), st.integers(-5, 5))
@settings(max_examples=100, deadline=None)
def test_answers_are_invariant_under_positive_affine_maps(g: Game, scale: int, shift: int) -> None:
    moved = Game((g.exact_A * F(scale, 3) + shift).tolist(), (g.exact_B * 2 - shift).tolist())
    assert exact_pairs(equilibria(moved)) == exact_pairs(equilibria(g))


@given(
    st.lists(st.integers(-3, 3), min_size=4, max_size=4),
    st.lists(st.integers(-3, 3), min_size=4, max_size=4),
)
@settings(max_examples=300, deadline=None)
def test_float_closed_forms_agree_with_exact_enumeration(a: list[int], b: list[int]) -> None:
    # A game moved by 10 and scaled by pi is numeric, not exact, so "auto" takes
    # the 2x2 closed forms over floats; the map does not move the equilibria.
    g = Game([a[:2], a[2:]], [b[:2], b[2:]])
    floats = Game((g.A + 10) * math.pi, (g.B + 10) * math.pi)
    assert not floats.is_exact
    fast = sorted((tuple(e.row), tuple(e.col)) for e in equilibria(floats))
    exact_answer = sorted(
        (tuple(map(float, e.exact_row)), tuple(map(float, e.exact_col))) for e in equilibria(g)
    )
    assert len(fast) == len(exact_answer)
    for (x, y), (ex, ey) in zip(fast, exact_answer, strict=True):
        assert np.allclose(x, ex, atol=1e-9) and np.allclose(y, ey, atol=1e-9)


@pytest.mark.parametrize("m, n", [(1, 1), (2, 2), (3, 3), (2, 4)])
def test_all_equal_payoffs_give_every_pure_profile(m: int, n: int) -> None:
    # Every profile is an equilibrium; the component's extreme points are the pure ones.
    g = Game([[1] * n] * m, [[1] * n] * m)
    found = equilibria(g)
    assert len(found) == m * n and all(e.is_pure for e in found)


def test_tiny_fractions_keep_their_mixed_equilibrium() -> None:
    # No tolerance: payoffs of 1e-12 are compared exactly.
    e = F(1, 10**12)
    found = exact_pairs(equilibria(Game([[e, 0], [0, e]], [[e, 0], [0, e]])))
    half = (F(1, 2), F(1, 2))
    assert found == {((1, 0), (1, 0)), ((0, 1), (0, 1)), (half, half)}


def test_a_segment_of_equilibria_gives_its_two_ends() -> None:
    # The row player is indifferent when the column plays left; every x with
    # x_0 >= 1/2 then keeps the column on left: extremes x_0 = 1/2 and x_0 = 1.
    g = Game([[1, 0], [1, 2]], [[1, 0], [-1, 0]])
    found = exact_pairs(equilibria(g))
    assert ((F(1), F(0)), (F(1), F(0))) in found
    assert ((F(1, 2), F(1, 2)), (F(1), F(0))) in found
    assert exact_pairs(equilibria(g, "enumeration")) == found


def test_bases_counts_the_candidate_bases() -> None:
    assert bases(2, 2) == 6 and bases(3, 3) == 20 and bases(1, 5) == 6


def test_a_bad_tolerance_is_still_rejected_for_exact_games() -> None:
    with pytest.raises(ValueError, match="tol must be"):
        equilibria(Game([[1, 0], [0, 1]]), tol=-1.0)


def test_a_game_too_large_to_enumerate_names_the_limit_and_the_alternative() -> None:
    g = Game(np.zeros((50, 50)).tolist(), np.zeros((50, 50)).tolist())
    for method in ("auto", "enumeration", "support"):
        with pytest.raises(ValueError, match=r"50x50 game has C\(100, 50\).*lemke-howson"):
            equilibria(g, method)


def test_max_bases_is_the_limit() -> None:
    g = Game([[3, 0, 1], [0, 2, 1]], [[2, 0, 1], [0, 3, 1]])  # C(5, 2) = 10 bases
    assert equilibria(g, max_bases=10) == equilibria(g)
    with pytest.raises(ValueError, match="more than max_bases=9"):
        equilibria(g, max_bases=9)
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="max_bases must be a whole number"):
            equilibria(g, max_bases=bad)  # type: ignore[arg-type]


def test_too_large_a_game_is_one_line_on_the_command_line(tmp_path) -> None:
    from click.testing import CliRunner

    from tradegame.cli import main

    rng = np.random.default_rng(0)
    path = tmp_path / "big.nfg"
    Game(rng.integers(-5, 6, (11, 11)).tolist(), rng.integers(-5, 6, (11, 11)).tolist()).to_nfg(
        path
    )
    out = CliRunner().invoke(main, ["run", str(path)])
    assert out.exit_code == 2
    assert out.output.count("\n") == 1 and "max_bases" in out.output, out.output
