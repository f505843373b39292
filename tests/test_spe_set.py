"""Tests for tradegame.solvers.spe_set: the subgame-perfect equilibrium payoff set.

Besides the published cases, answers are checked by methods that share no code with
the solver: a brute-force self-generation check by linear programming (every vertex is an
equilibrium payoff), and a Judd–Yeltekin–Conklin outer approximation by support
functions in many directions (no sizeable set of equilibrium payoffs is left out). On
random games they are also compared with the plain APS iteration run to its limit.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from tradegame.game import Game
from tradegame.solvers import polygon
from tradegame.solvers.spe_set import (
    PayoffSet,
    feasible_set,
    folk_region,
    spe_payoffs,
    worst_payoffs,
)

# QuantEcon test_repeated_game.py: the prisoner's dilemma with B = A transposed.
QE_PD = Game([[9, 1], [10, 3]], [[9, 10], [1, 3]])
QE_PD_VERTICES = [(3, 3), (9.75, 3), (9, 9), (3, 9.75)]

# Abreu and Sannikov (2014), section 5 example, as in QuantEcon test_repeated_game.py.
AS_GAME = Game(
    [[16, 3, 0], [21, 10, -1], [9, 5, -5]],
    [[9, 13, 3], [1, 4, 0], [0, -4, -15]],
)
AS_VERTICES = [
    (7.33770472, 10.9826253),
    (1.12568240, 2.8),
    (7.33770472, 0),
    (7.86308964, 0),
    (19.7917977, 2.8),
    (15.5630896, 9.1),
]

PENNIES = Game([[1, -1], [-1, 1]])
COORDINATION = Game([[4, 0], [0, 1]], [[4, 0], [0, 1]])
# No pure stage equilibrium (best replies cycle), yet a stick-and-carrot
# equilibrium exists once the players are patient enough.
CYCLE = Game([[3, 1], [4, 0]], [[3, 0], [0, 1]])


# --- independent checks ---------------------------------------------------------------------


def gains(g: Game) -> np.ndarray:
    """Each profile's best one-shot deviation gains, (m*n, 2), profiles in row-major order."""
    row = g.A.max(axis=0, keepdims=True) - g.A
    col = g.B.max(axis=1, keepdims=True) - g.B
    return np.column_stack([row.ravel(), col.ravel()])


def exact_pairs(g: Game) -> list[tuple[Fraction, Fraction]]:
    """Each profile's exact payoff pair, in row-major order."""
    m, n = g.shape
    return [(g.exact_A[i, j], g.exact_B[i, j]) for i in range(m) for j in range(n)]


def exact_gains(g: Game) -> list[tuple[Fraction, Fraction]]:
    """:func:`gains` in fractions, for an exact game."""
    A, B = g.exact_A, g.exact_B
    m, n = g.shape
    return [
        (max(A[k, j] for k in range(m)) - A[i, j], max(B[i, k] for k in range(n)) - B[i, j])
        for i in range(m)
        for j in range(n)
    ]


def in_hull(points: np.ndarray, w: np.ndarray) -> float:
    """The L-infinity distance from w to the convex hull of points, by linear programming."""
    from scipy.optimize import linprog

    k = len(points)
    # variables: weights (k) and the slack s; minimise s with |sum_k weight_k p_k - w| <= s
    A_ub = np.vstack(
        [
            np.column_stack([points.T, -np.ones(2)]),
            np.column_stack([-points.T, -np.ones(2)]),
        ]
    )
    b_ub = np.concatenate([w, -w])
    res = linprog(
        np.append(np.zeros(k), 1.0),
        A_ub=A_ub,
        b_ub=b_ub,
        A_eq=[np.append(np.ones(k), 0.0)],
        b_eq=[1.0],
        bounds=[(0, None)] * (k + 1),
    )
    assert res.status == 0
    return float(res.fun)


def self_generated(g: Game, delta: float, found: PayoffSet, tol: float) -> bool:
    """Every vertex v is (1 - delta) u(a) + delta w for a profile a and a continuation w in
    the set, with both incentive constraints met against the set's own worst payoffs."""
    V = found.vertices
    punish = V.min(axis=0)
    U = np.column_stack([g.A.ravel(), g.B.ravel()])
    for v in V:
        ok = False
        for u, h in zip(U, gains(g), strict=True):
            w = (v - (1 - delta) * u) / delta
            if np.all(w >= punish + (1 - delta) / delta * h - tol) and in_hull(V, w) <= tol:
                ok = True
                break
        if not ok:
            return False
    return True


def _line_vertices(N: np.ndarray, c: np.ndarray, slack: float) -> np.ndarray:
    """Every feasible pairwise intersection of the lines N x = c within {N x <= c}."""
    i, j = np.triu_indices(len(N), 1)
    det = N[i, 0] * N[j, 1] - N[i, 1] * N[j, 0]
    keep = np.abs(det) > 1e-12
    i, j, det = i[keep], j[keep], det[keep]
    x = (c[i] * N[j, 1] - N[i, 1] * c[j]) / det
    y = (N[i, 0] * c[j] - c[i] * N[j, 0]) / det
    P = np.column_stack([x, y])
    return P[np.all(c + slack >= P @ N.T, axis=1)]


def outer_bounds(
    g: Game, delta: float, D: int = 64, max_iter: int = 1000
) -> tuple[np.ndarray, np.ndarray] | None:
    """Judd, Yeltekin and Conklin (2003): support bounds c_l >= max over V* of L_l . v.

    Starts from the stage payoffs' support values and applies the generating operator
    to the polygon {w : L w <= c}, maximising over it by brute-force vertex enumeration.
    The bounds are valid after any number of steps; more steps tighten them. Returns
    None when the bounds show the set is empty.
    """
    U = np.column_stack([g.A.ravel(), g.B.ravel()])
    H = gains(g)
    theta = 2 * np.pi * np.arange(D) / D
    L = np.column_stack([np.cos(theta), np.sin(theta)])
    c = (U @ L.T).max(axis=0)
    slack = 1e-9 * max(1.0, float(np.ptp(U)))
    for _ in range(max_iter):
        P = _line_vertices(L, c, slack)
        if len(P) == 0:
            return None
        punish = P.min(axis=0)
        new = np.full(D, -np.inf)
        for u, h in zip(U, H, strict=True):
            need = punish + (1 - delta) / delta * h
            Q = _line_vertices(
                np.vstack([L, [[-1.0, 0.0], [0.0, -1.0]]]), np.concatenate([c, -need]), slack
            )
            if len(Q):
                new = np.maximum(new, (1 - delta) * (L @ u) + delta * (Q @ L.T).max(axis=0))
        if np.all(np.isneginf(new)):
            return None
        done = np.abs(new - c).max() < 1e-11 * max(1.0, float(np.ptp(U)))
        c = new
        if done:
            break
    return L, c


def assert_vertices(found: PayoffSet, expected: list[tuple[float, float]], atol: float) -> None:
    """The same vertex set, in counter-clockwise order."""
    got = found.vertices
    assert len(got) == len(expected), found
    for e in expected:
        assert np.hypot(*(got - np.array(e)).T).min() <= atol, (e, found)
    assert_ccw(got)


def assert_ccw(V: np.ndarray) -> None:
    if len(V) < 3:
        return
    E = np.roll(V, -1, axis=0) - V
    turns = E[:, 0] * np.roll(E, -1, axis=0)[:, 1] - E[:, 1] * np.roll(E, -1, axis=0)[:, 0]
    assert np.all(turns > 0), V  # strictly left turns: convex, no collinear vertex


# --- published cases (ORACLES.md) -----------------------------------------------------------


def test_quantecon_prisoners_dilemma() -> None:
    # QuantEcon test_repeated_game.py, delta = 0.75
    found = spe_payoffs(QE_PD, 0.75)
    assert found.converged and found.kind == "polygon"
    assert_vertices(found, QE_PD_VERTICES, 1e-9)
    assert worst_payoffs(QE_PD, 0.75) == pytest.approx((3, 3), abs=1e-9)


def test_abreu_sannikov_example() -> None:
    # Abreu and Sannikov (2014), as in QuantEcon test_repeated_game.py, delta = 0.3
    found = spe_payoffs(AS_GAME, 0.3)
    assert found.converged
    assert_vertices(found, AS_VERTICES, 1e-6)
    assert_allclose(worst_payoffs(AS_GAME, 0.3), (1.12568240, 0), atol=1e-6)


def test_matching_pennies_is_empty() -> None:
    # ORACLES.md: no pure-strategy equilibrium at all at delta = 0.5
    found = spe_payoffs(PENNIES, 0.5)
    assert found.is_empty and found.kind == "empty" and found.converged
    assert found.vertices.shape == (0, 2)
    assert not found.contains((0, 0), tol=10.0)
    with pytest.raises(ValueError, match="no pure-strategy subgame-perfect equilibrium"):
        worst_payoffs(PENNIES, 0.5)


def test_coordination_is_a_segment() -> None:
    # ORACLES.md: A = B = [[4, 0], [0, 1]] at delta = 0.5 gives the segment (1, 1)-(4, 4)
    found = spe_payoffs(COORDINATION, 0.5)
    assert found.kind == "segment" and found.converged
    assert_allclose(found.vertices, [[1, 1], [4, 4]], atol=1e-9)
    assert found.contains((2.5, 2.5)) and not found.contains((2.5, 2.6))
    assert worst_payoffs(COORDINATION, 0.5) == pytest.approx((1, 1))


def test_a_single_point() -> None:
    # an impatient prisoner's dilemma: only the stage equilibrium survives
    g = Game([[4, 0], [5, 1]], [[4, 5], [0, 1]])
    found = spe_payoffs(g, 0.1)
    assert found.kind == "point"
    assert_allclose(found.vertices, [[1, 1]])
    assert found.contains((1, 1)) and not found.contains((1.01, 1))


@pytest.mark.parametrize(
    ("g", "delta"),
    [(QE_PD, 0.75), (AS_GAME, 0.3), (AS_GAME, 0.5), (AS_GAME, 0.8), (CYCLE, 0.5), (QE_PD, 0.95)],
)
def test_matches_independent_methods(g: Game, delta: float) -> None:
    found = spe_payoffs(g, delta)
    scale = max(np.ptp(g.A), np.ptp(g.B))
    assert found.converged
    assert self_generated(g, delta, found, 1e-8 * scale)  # inside V*
    L, c = outer_bounds(g, delta)  # type: ignore[misc]
    support = (found.vertices @ L.T).max(axis=0)
    assert np.all(support <= c + 1e-8 * scale)  # consistent with the outer bound
    assert np.all(c - support <= 1e-2 * scale)  # and nothing sizeable is missing


def test_no_pure_stage_equilibrium_but_patient_players_cooperate() -> None:
    # Non-emptiness is not the same as having a pure stage equilibrium.
    from tradegame.solvers.stage import pure_equilibria

    assert pure_equilibria(CYCLE) == []
    assert spe_payoffs(CYCLE, 0.2).is_empty
    found = spe_payoffs(CYCLE, 0.5)
    assert found.kind == "polygon" and self_generated(CYCLE, 0.5, found, 1e-8)
    assert outer_bounds(CYCLE, 0.2) is None  # the outer bound agrees it is empty


# --- invariance -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "shift"),
    [(1.0, 1e9), (1e-6, 0.0), (1e6, 0.0), (1e6, -1e9), (1e-6, 1e-3), (1.0, -1e9)],
)
def test_affine_invariance(scale: float, shift: float) -> None:
    """Payoffs scale * u + shift give the set scale * V + shift."""
    for g, delta, expected in [(AS_GAME, 0.3, AS_VERTICES), (QE_PD, 0.75, QE_PD_VERTICES)]:
        moved = Game(scale * g.A + shift, scale * g.B + shift)
        found = spe_payoffs(moved, delta)
        assert found.converged
        back = (found.vertices - shift) / scale
        # 1e-6 as in the oracle, plus the rounding of payoffs of size |shift|
        atol = 1e-6 + 4 * np.finfo(float).eps * abs(shift) / scale
        assert len(back) == len(expected)
        for e in expected:
            assert np.hypot(*(back - np.array(e)).T).min() <= atol
        low = worst_payoffs(moved, delta)
        assert_allclose((np.array(low) - shift) / scale, back.min(axis=0), atol=atol)
        # the default tolerance of contains scales too
        assert found.contains(found.vertices.mean(axis=0))
        assert found.contains(found.vertices[0] + 1e-9 * scale)
        assert not found.contains(found.vertices.max(axis=0) + 1e-2 * scale)


def test_each_player_rescaled_separately() -> None:
    g = Game(1000 * AS_GAME.A - 7, 0.001 * AS_GAME.B + 5)
    found = spe_payoffs(g, 0.3)
    back = np.column_stack([(found.vertices[:, 0] + 7) / 1000, (found.vertices[:, 1] - 5) / 0.001])
    for e in AS_VERTICES:
        assert np.hypot(*(back - np.array(e)).T).min() <= 1e-6


# --- properties on random small games -------------------------------------------------------


@st.composite
def games(draw: st.DrawFn) -> Game:
    m, n = draw(st.sampled_from([(2, 2), (3, 2), (2, 3)]))
    entries = st.integers(-4, 4)
    A = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    return Game(A, B)


deltas = st.integers(1, 18).map(lambda k: k / 20)  # 0.05, 0.10, ..., 0.90


def pure_minmax(g: Game) -> np.ndarray:
    return np.array([g.A.max(axis=0).min(), g.B.max(axis=1).min()])


@settings(max_examples=150)
@given(games(), deltas)
def test_vertices_are_feasible_and_individually_rational(g: Game, delta: float) -> None:
    found = spe_payoffs(g, delta)
    assert found.converged
    tol = 1e-8 * found.scale
    U = np.column_stack([g.A.ravel(), g.B.ravel()])
    for v in found.vertices:
        assert in_hull(U, v) <= tol
        assert np.all(v >= pure_minmax(g) - tol)
        assert folk_region(g).contains(v)
    assert_ccw(found.vertices)


@settings(max_examples=80)
@given(games(), deltas, deltas)
def test_the_set_grows_with_patience(g: Game, d1: float, d2: float) -> None:
    # With public randomisation a convex self-generating set at delta1 is also one at
    # any delta2 > delta1 (Abreu, Pearce and Stacchetti 1990, theorem 6).
    low, high = sorted((d1, d2))
    small, large = spe_payoffs(g, low), spe_payoffs(g, high)
    assert all(large.contains(v) for v in small.vertices)


@settings(max_examples=150)
@given(games(), deltas)
def test_stage_equilibria_and_nash_reversion_are_inside(g: Game, delta: float) -> None:
    from tradegame.solvers.stage import pure_equilibria

    found = spe_payoffs(g, delta)
    nash = pure_equilibria(g)
    U = np.column_stack([g.A.ravel(), g.B.ravel()])
    H = gains(g)
    for i, j in nash:
        e = np.array([g.A[i, j], g.B[i, j]])
        assert found.contains(e)
        # grim trigger with reversion to e (Friedman 1971) sustains u(a) when the
        # one-shot gain is no more than the discounted loss from reversion
        for u, h in zip(U, H, strict=True):
            if np.all((1 - delta) * h <= delta * (u - e)):
                assert found.contains(u)


@settings(max_examples=150)
@given(games(), deltas)
def test_emptiness(g: Game, delta: float) -> None:
    from tradegame.solvers.stage import pure_equilibria

    found = spe_payoffs(g, delta)
    if pure_equilibria(g):
        assert not found.is_empty
    # every profile has a player whose one-shot gain outweighs the largest possible
    # difference in continuation values: then no profile can ever be played
    span = np.array([np.ptp(g.A), np.ptp(g.B)])
    if np.all(((1 - delta) * gains(g) > delta * span).any(axis=1)):
        assert found.is_empty


@settings(max_examples=80)
@given(games(), deltas)
def test_every_vertex_is_self_generated(g: Game, delta: float) -> None:
    found = spe_payoffs(g, delta)
    if not found.is_empty:
        assert self_generated(g, delta, found, 1e-8 * found.scale)
        assert worst_payoffs(g, delta) == tuple(found.vertices.min(axis=0))


@settings(max_examples=40)
@given(games(), st.sampled_from([0.3, 0.6, 0.85]))
def test_consistent_with_the_outer_bound(g: Game, delta: float) -> None:
    # With few directions the outer bound can settle on a larger set (its punishments
    # are too harsh), so on random games only consistency is checked here.
    found = spe_payoffs(g, delta)
    bounds = outer_bounds(g, delta, D=48, max_iter=100)
    if bounds is None:
        assert found.is_empty
    elif not found.is_empty:
        L, c = bounds
        assert np.all((found.vertices @ L.T).max(axis=0) <= c + 1e-8 * found.scale)


def textbook_aps(g: Game, delta: float, iterations: int) -> np.ndarray:
    """Abreu, Pearce and Stacchetti's operator applied plainly, many times, from the
    feasible set: no shortcut for self-enforcing profiles, no vertex equations."""
    U = np.column_stack([g.A.ravel(), g.B.ravel()])
    W = polygon.convex_hull(U)
    for _ in range(iterations):
        punish = W.min(axis=0)
        pieces = []
        for u, h in zip(U, gains(g), strict=True):
            need = punish + (1 - delta) / delta * h
            piece = polygon.clip(polygon.clip(W, (1, 0), need[0]), (0, 1), need[1])
            if len(piece):
                pieces.append((1 - delta) * u + delta * piece)
        if not pieces:
            return polygon.EMPTY
        W = polygon.convex_hull(np.vstack(pieces), 1e-12 * float(np.ptp(U)))
    return W


@settings(max_examples=40)
@given(games(), st.sampled_from([0.2, 0.4, 0.6]))
def test_agrees_with_the_textbook_iteration(g: Game, delta: float) -> None:
    found = spe_payoffs(g, delta)
    plain = textbook_aps(g, delta, 80)  # delta**80 < 1e-17
    assert found.is_empty == (len(plain) == 0)
    if len(plain):
        assert polygon.hausdorff(found.vertices, plain) <= 1e-7 * found.scale


# --- discount factors and accuracy ----------------------------------------------------------


def test_equal_pairs_and_fractions_are_one_common_delta() -> None:
    a = spe_payoffs(QE_PD, 0.75)
    for delta in [(0.75, 0.75), Fraction(3, 4), (Fraction(3, 4), 0.75), sympy.Rational(3, 4)]:
        b = spe_payoffs(QE_PD, delta)
        assert b.delta == 0.75
        assert_allclose(b.vertices, a.vertices, atol=1e-12)


def test_high_delta_converges_to_the_folk_region() -> None:
    # At delta = 0.95 the prisoner's dilemma set is already every feasible pair that
    # gives both at least the pure minmax 3.
    found = spe_payoffs(QE_PD, 0.95)
    folk = folk_region(QE_PD)
    assert found.converged
    assert polygon.hausdorff(found.vertices, folk.vertices) <= 1e-9


def test_unconverged_result_is_an_outer_approximation() -> None:
    exact = spe_payoffs(AS_GAME, 0.8)
    rough = spe_payoffs(AS_GAME, 0.8, max_iter=3)
    assert exact.converged and not rough.converged and rough.iterations == 3
    assert all(rough.contains(v) for v in exact.vertices)
    assert not all(exact.contains(v) for v in rough.vertices)
    assert "NOT converged" in repr(rough)


def test_a_looser_tol_gives_a_nearby_answer() -> None:
    loose = spe_payoffs(AS_GAME, 0.3, tol=1e-4)
    assert loose.converged
    assert polygon.hausdorff(loose.vertices, spe_payoffs(AS_GAME, 0.3).vertices) <= 1e-3


# --- feasible set and folk region -----------------------------------------------------------


def test_feasible_set_and_folk_region() -> None:
    assert_vertices(feasible_set(QE_PD), [(3, 3), (10, 1), (9, 9), (1, 10)], 1e-12)
    assert_vertices(folk_region(QE_PD), [(3, 3), (9.75, 3), (9, 9), (3, 9.75)], 1e-12)
    assert folk_region(QE_PD, pure=False).vertices.shape == (4, 2)


def test_pure_and_mixed_minmax_differ_in_matching_pennies() -> None:
    # feasible: the segment from (1, -1) to (-1, 1); pure minmax (1, 1), mixed (0, 0)
    assert feasible_set(PENNIES).kind == "segment"
    assert folk_region(PENNIES).is_empty
    mixed = folk_region(PENNIES, pure=False)
    assert mixed.kind == "point"
    assert_allclose(mixed.vertices, [[0, 0]], atol=1e-9)


def test_constant_payoffs() -> None:
    g = Game([[2, 2], [2, 2]], [[1, 3], [1, 3]])  # the row player is indifferent
    found = spe_payoffs(g, 0.5)
    assert found.kind == "point"
    assert_allclose(found.vertices, [[2, 3]])
    assert feasible_set(g).kind == "segment"


# --- the result object ----------------------------------------------------------------------


def test_payoff_set_is_frozen_readable_and_json_safe() -> None:
    found = spe_payoffs(QE_PD, 0.75)
    with pytest.raises(ValueError):
        found.vertices[0, 0] = 0.0  # read-only
    with pytest.raises(AttributeError):
        found.delta = 0.5  # type: ignore[misc]
    text = repr(found)
    assert text.startswith("PayoffSet(polygon (3, 3), (9.75, 3), (9, 9), (3, 9.75)")
    assert "delta=0.75" in text and "converged" in text
    data = json.loads(json.dumps(found.to_dict()))
    assert data["kind"] == "polygon" and data["delta"] == 0.75 and data["converged"]
    assert_allclose(data["vertices"], found.vertices)
    assert repr(spe_payoffs(PENNIES, 0.5)).startswith("PayoffSet(empty")
    assert json.loads(json.dumps(feasible_set(QE_PD).to_dict()))["delta"] is None


def test_contains_tolerance() -> None:
    found = spe_payoffs(QE_PD, 0.75)
    assert found.contains((3, 3)) and found.contains((6, 6))
    assert not found.contains((2.99, 5))
    assert found.contains((2.99, 5), tol=0.02)
    assert found.contains((3 - 1e-9, 5))  # within the default 1e-8 of the payoff scale
    with pytest.raises(ValueError, match="pair of finite payoffs"):
        found.contains((1, 2, 3))
    with pytest.raises(ValueError, match="pair of finite payoffs"):
        found.contains((math.nan, 2))
    with pytest.raises(ValueError, match="tol must be"):
        found.contains((3, 3), tol=-1)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("delta", [0, 1, 1.5, -0.2, math.nan, "0.5", None, (0.5, 0.5, 0.5)])
def test_bad_delta(delta: object) -> None:
    with pytest.raises(ValueError, match="delta"):
        spe_payoffs(QE_PD, delta)


def test_unequal_deltas_are_rejected_with_a_reason() -> None:
    with pytest.raises(ValueError, match=r"common discount factor.*need not be a polygon"):
        spe_payoffs(QE_PD, (0.9, 0.8))
    with pytest.raises(ValueError, match="common discount factor"):
        worst_payoffs(QE_PD, (0.5, 0.6))


def test_symbolic_input_is_rejected() -> None:
    x = sympy.Symbol("x")
    symbolic = Game([[x, 0], [5, 1]], [[3, 5], [0, 1]])
    for call in (
        lambda: spe_payoffs(symbolic, 0.9),
        lambda: feasible_set(symbolic),
        lambda: folk_region(symbolic),
    ):
        with pytest.raises(ValueError, match=r"symbolic.*subs"):
            call()
    with pytest.raises(ValueError, match="delta must be a number"):
        spe_payoffs(QE_PD, sympy.Symbol("d"))
    assert spe_payoffs(symbolic.subs({x: 9}), 0.9).converged  # evaluated first, it works


@pytest.mark.parametrize("tol", [0, -1e-9, math.inf, math.nan, "small"])
def test_bad_tol(tol: object) -> None:
    with pytest.raises(ValueError, match="tol must be a positive number"):
        spe_payoffs(QE_PD, 0.75, tol=tol)  # type: ignore[arg-type]


@pytest.mark.parametrize("max_iter", [0, -3, 2.5, True, "10"])
def test_bad_max_iter(max_iter: object) -> None:
    with pytest.raises(ValueError, match="max_iter must be a whole number"):
        spe_payoffs(QE_PD, 0.75, max_iter=max_iter)  # type: ignore[arg-type]


def test_not_a_game() -> None:
    with pytest.raises(TypeError, match=r"needs a tradegame\.Game"):
        spe_payoffs([[1, 2], [3, 4]], 0.5)  # type: ignore[arg-type]


# --- planar geometry (tradegame.solvers.polygon) ---------------------------------------------


def test_hull_of_degenerate_point_sets() -> None:
    assert polygon.convex_hull([]).shape == (0, 2)
    assert_allclose(polygon.convex_hull([[1, 2], [1, 2], [1, 2]]), [[1, 2]])
    line = [[0, 0], [3, 3], [1, 1], [2, 2], [3, 3], [0, 0]]
    assert_allclose(polygon.convex_hull(line), [[0, 0], [3, 3]])
    # a nearly vertical segment whose order by x is rounding noise keeps both ends
    noisy = [[1.0, 0.1], [1.0 - 1e-16, 0.5], [1.0 + 1e-16, 0.9], [1.0, 0.3]]
    assert_allclose(polygon.convex_hull(noisy, 1e-13), [[1.0, 0.1], [1.0, 0.9]], atol=1e-15)
    square = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0], [0.5, 0.5], [1e-14, 0]]
    assert_allclose(polygon.convex_hull(square, 1e-13), [[0, 0], [1, 0], [1, 1], [0, 1]])


@settings(max_examples=100)
@given(
    st.lists(
        st.tuples(st.integers(-5, 5), st.integers(-5, 5)).map(lambda p: (p[0] / 4, p[1] / 4)),
        min_size=1,
        max_size=12,
    )
)
def test_hull_matches_scipy(points: list[tuple[float, float]]) -> None:
    from scipy.spatial import ConvexHull, QhullError

    P = np.array(points, dtype=float)
    hull = polygon.convex_hull(P, 1e-12)
    assert_ccw(hull)
    assert all(polygon.contains(hull, p, 1e-12) for p in P)  # every point is covered
    try:
        reference = P[ConvexHull(P).vertices]
    except (QhullError, ValueError):  # qhull refuses flat sets: check the kind instead
        assert len(hull) <= 2
        return
    assert len(hull) == len(reference)
    for v in reference:
        assert np.hypot(*(hull - v).T).min() <= 1e-12


def test_clip_and_distances() -> None:
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    half = polygon.convex_hull(polygon.clip(square, (1, 0), 0.5))
    assert_allclose(half, [[0.5, 0], [1, 0], [1, 1], [0.5, 1]])
    assert polygon.clip(square, (1, 0), 2).shape == (0, 2)
    segment = np.array([[0, 0], [2, 2]], dtype=float)
    assert_allclose(polygon.convex_hull(polygon.clip(segment, (0, 1), 1)), [[1, 1], [2, 2]])
    assert polygon.distance((0.5, 0.5), square) == 0
    assert polygon.distance((2, 0.5), square) == pytest.approx(1)
    assert polygon.distance((2, 0), segment) == pytest.approx(math.sqrt(2))
    assert polygon.distance((0, 0), polygon.EMPTY) == math.inf
    assert polygon.hausdorff(square, half) == pytest.approx(0.5)
    assert polygon.hausdorff(polygon.EMPTY, polygon.EMPTY) == 0
    assert polygon.kind(segment) == "segment" and polygon.kind(square) == "polygon"


def test_contains_returns_a_python_bool() -> None:
    g = Game([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    answer = spe_payoffs(g, 0.75).contains((9, 9))
    assert answer is True


def test_folk_region_that_is_a_single_boundary_point() -> None:
    # Found by hypothesis: the pure minmax pair (1, 3) lies on the feasible hull's edge
    # from (2, 2) to (0, 4), so the region is that one point, and it is the SPE set.
    g = Game([[0, 0, 0], [2, 1, 1]], [[0, 0, 4], [2, -2, 3]])
    region = folk_region(g)
    assert region.kind == "point"
    assert_allclose(region.vertices, [[1, 3]], atol=1e-9)
    assert spe_payoffs(g, 0.05).vertices.tolist() == [[1.0, 3.0]]


def test_degenerate_boundary_segment_is_self_generating_exactly() -> None:
    # The solver's answer here is the segment (0, 0)-(0, 3). The plain iteration
    # approaches it from outside, its lowest vertex at about -0.4**t, and after
    # some 30 rounds its float hull collapses the thin polygon to the point (0, 3):
    # the reference, not the solver, goes wrong. In exact arithmetic one APS step
    # maps the segment onto itself, so the segment is in the equilibrium set:
    # (0, 0) is (1 - d)(0, -2) + d (0, 3), the column kept from deviating (gain 2)
    # by its worst continuation 0, as 0 + (1 - d)/d * 2 = 3 <= 3.
    g = Game([[0, 0, 3], [0, -1, 0]], [[0, 3, 0], [-2, 0, 0]])
    found = spe_payoffs(g, 0.4)
    assert found.kind == "segment"
    assert_allclose(found.vertices, [[0, 0], [0, 3]], atol=1e-12)
    d = Fraction(2, 5)
    low, high = Fraction(0), Fraction(3)  # the segment {0} x [low, high]
    images = []
    for u, h in zip(exact_pairs(g), exact_gains(g), strict=True):
        need_x, need_y = 0 + (1 - d) / d * h[0], low + (1 - d) / d * h[1]  # worst: (0, low)
        if need_x > 0 or need_y > high:
            continue  # no continuation in the segment enforces this profile
        for y in (max(low, need_y), high):
            images.append(((1 - d) * u[0] + d * 0, (1 - d) * u[1] + d * y))
    assert all(x == 0 for x, _ in images)  # the image stays on the line x = 0
    assert min(y for _, y in images) == low and max(y for _, y in images) == high
    plain = textbook_aps(g, 0.4, 20)  # before the float collapse
    assert polygon.hausdorff(found.vertices, plain) <= 1e-7 * found.scale
