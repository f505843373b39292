"""Tests for tradegame.solvers.bargaining: Nash bargaining, Rubinstein, splits over time."""

from __future__ import annotations

import json
import math
from fractions import Fraction
from itertools import pairwise
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from tradegame.solvers.bargaining import Bargain, SplitPath, nash_bargaining, split_path
from tradegame.solvers.rubinstein import RubinsteinResult, rubinstein

F = Fraction
UNIT_PIE = [(0, 1), (1, 0)]


# --- independent references --------------------------------------------------------------


def product(u: Any, d: Any, alpha: float) -> float:
    """The weighted Nash product, in floats; 0 when a gain is not positive."""
    g, h = float(u[0]) - float(d[0]), float(u[1]) - float(d[1])
    return g**alpha * h ** (1 - alpha) if g > 0 and h > 0 else 0.0


def brute_force_nash(points: Any, d: Any, alpha: float, n: int = 801) -> float:
    """The largest Nash product over every chord between two points, finely sampled.

    The convex hull's boundary is made of such chords, so this never exceeds the
    true maximum, and comes within the sampling error of it.
    """
    pts = np.array(points, dtype=float)
    t = np.linspace(0.0, 1.0, n)[:, None]
    best = 0.0
    for i in range(len(pts)):
        for j in range(i, len(pts)):
            seg = pts[i] + t * (pts[j] - pts[i])
            g, h = seg[:, 0] - float(d[0]), seg[:, 1] - float(d[1])
            ok = (g > 0) & (h > 0)
            if ok.any():
                best = max(best, float(np.max(g[ok] ** alpha * h[ok] ** (1 - alpha))))
    return best


def max_min_gain(points: Any, d: Any) -> float:
    """max over the convex hull of min(u1 - d1, u2 - d2), by linear programming."""
    from scipy.optimize import linprog

    pts = np.array(points, dtype=float)
    k = len(pts)
    # variables: k weights, then s; maximise s subject to (weights @ pts) - d >= s
    c = np.zeros(k + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-pts.T, np.ones((2, 1))])
    b_ub = -np.array([float(d[0]), float(d[1])])
    A_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    res = linprog(c, A_ub, b_ub, A_eq, [1.0], bounds=[(0, None)] * k + [(None, None)])
    assert res.status == 0
    return -float(res.fun)


def dominated(u: Any, points: Any) -> bool:
    """Whether some point of the hull of ``points`` Pareto-dominates ``u``, exactly.

    Checks every chord [p, q]: the parameters t in [0, 1] where p + t (q - p) >= u
    form an interval, and any point of it other than u itself dominates u.
    """
    for p in points:
        for q in points:
            lo, hi = F(0), F(1)
            for i in (0, 1):
                c, r = F(q[i]) - F(p[i]), F(u[i]) - F(p[i])
                if c > 0:
                    lo = max(lo, r / c)
                elif c < 0:
                    hi = min(hi, r / c)
                elif r > 0:
                    lo, hi = F(1), F(0)
            for t in (lo, hi) if lo <= hi else ():
                v = (F(p[0]) + t * (F(q[0]) - F(p[0])), F(p[1]) + t * (F(q[1]) - F(p[1])))
                if v != (F(u[0]), F(u[1])):
                    return True
    return False


def finite_horizon(
    delta: tuple[Any, Any], outside: tuple[Any, Any], pie: Any, periods: int, first: int = 0
) -> tuple[Any, Any]:
    """SPE payoffs of alternating offers cut off after ``periods`` periods, by backward induction.

    After the last rejection both players get 0. In each period the responder accepts
    any offer worth at least the best of opting out and bargaining on; the proposer
    compares the least acceptable offer with an offer the responder turns down.
    """
    value = [pie * 0, pie * 0]  # (row, col), in units of the current period
    for t in reversed(range(periods)):
        P = (first + t) % 2
        R = 1 - P
        later = [delta[0] * value[0], delta[1] * value[1]]
        reserve = max(outside[R], later[R])
        opts_out = outside[R] > later[R]
        turned_down = outside[P] if opts_out else later[P]
        new = [pie * 0, pie * 0]
        new[R] = reserve
        new[P] = max(pie - reserve, turned_down)
        value = new
    return value[0], value[1]


# --- Nash bargaining: known answers --------------------------------------------------------


def test_unit_pie_oracle() -> None:
    # ORACLES.md: a unit pie with disagreement (0.2, 0) and equal weights gives x1 = 0.6.
    b = nash_bargaining(UNIT_PIE, (0.2, 0))
    assert b.payoffs == (F(3, 5), F(2, 5))
    assert b.gains == (F(2, 5), F(2, 5))
    assert b.exact and b.feasible and b.converged
    curve = nash_bargaining(lambda x: 1 - x, (0.2, 0), domain=(0, 1))
    assert not curve.exact and curve.converged
    assert_allclose(curve.payoffs, (0.6, 0.4), atol=1e-9)


@pytest.mark.parametrize("alpha", [F(0), F(1, 10), F(1, 3), F(1, 2), F(4, 5), F(1)])
@pytest.mark.parametrize("d", [(F(0), F(0)), (F(1, 5), F(0)), (F(-1), F(1, 4))])
def test_linear_frontier_closed_form(alpha: Fraction, d: tuple[Fraction, Fraction]) -> None:
    # On u1 + u2 = 1 the surplus 1 - d1 - d2 is split in the proportions alpha : 1 - alpha,
    # clipped to the part of the line that dominates d.
    surplus = 1 - d[0] - d[1]
    u1 = d[0] + alpha * surplus
    b = nash_bargaining([(-5, 6), (6, -5)], d, weight=alpha)
    assert b.payoffs == (u1, 1 - u1)


def test_vertex_solution_and_endpoints() -> None:
    pts = [(0, 1), (F(1, 2), F(9, 10)), (1, 0)]
    d = (F(1, 5), F(1, 10))
    # weight 1: the most the row player can get with u2 >= d2, on the segment to (1, 0)
    assert nash_bargaining(pts, d, weight=1).payoffs == (F(17, 18), F(1, 10))
    # weight 0: the most the column player can get with u1 >= d1
    assert nash_bargaining(pts, d, weight=0).payoffs == (F(1, 5), F(24, 25))
    # A kink at (0.6, 0.6) of a symmetric frontier is the symmetric solution.
    kinked = [(0, 1), (F(3, 5), F(3, 5)), (1, 0)]
    for alpha in (F(2, 5), F(1, 2), F(3, 5)):
        assert nash_bargaining(kinked, (0, 0), weight=alpha).payoffs == (F(3, 5), F(3, 5))


def test_hull_ignores_interior_dominated_duplicate_and_collinear_points() -> None:
    pts = [(0, 1), (1, 0), (F(1, 4), F(1, 4)), (0, 0), (1, 0), (F(1, 2), F(1, 2)), (-3, -3)]
    assert nash_bargaining(pts, (F(1, 5), 0)).payoffs == (F(3, 5), F(2, 5))
    # a stage game's payoff pairs: the prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0)
    pd = [(3, 3), (0, 5), (5, 0), (1, 1)]
    assert nash_bargaining(pd, (1, 1)).payoffs == (3, 3)
    assert nash_bargaining(pd, (1, 1), weight=F(9, 10)).payoffs == (4, F(3, 2))


def test_no_gain_over_disagreement_is_reported_not_raised() -> None:
    for d in [(F(1, 2), F(1, 2)), (F(3, 5), F(3, 5)), (2, -1), (-1, 2), (F(1, 2), 1)]:
        b = nash_bargaining(UNIT_PIE, d)
        assert not b.feasible
        assert b.payoffs == (F(d[0]), F(d[1]))
        assert b.gains == (0, 0)
        assert "no gain" in repr(b)
    assert not nash_bargaining([(1, 1)], (1, 0)).feasible
    assert nash_bargaining([(1, 1)], (0, 0)).payoffs == (1, 1)  # a single, better point
    # inexact floats: a point on the frontier, up to rounding, is no gain either
    b = nash_bargaining([(0, 1), (1, 0)], (math.pi / 10, 1 - math.pi / 10))
    assert not b.feasible and not b.exact


def test_callable_circle_and_non_concave_curve() -> None:
    # The quarter circle at equal weights: the symmetric point 1/sqrt(2).
    b = nash_bargaining(lambda x: math.sqrt(max(0.0, 1 - x * x)), (0, 0), domain=(0, 1))
    assert_allclose(b.payoffs, (math.sqrt(0.5), math.sqrt(0.5)), atol=1e-9)
    # Weighted: on u2 = 1 - u1**2 the condition alpha h = (1 - alpha) g * 2 u1 gives
    # u1 = sqrt(alpha / (2 - alpha)) when d = 0.
    for alpha in (0.2, 0.5, 0.9):
        b = nash_bargaining(lambda x: 1 - x * x, (0, 0), weight=alpha, domain=(0, 1))
        assert_allclose(b.payoffs[0], math.sqrt(alpha / (2 - alpha)), atol=1e-8)
        assert b.converged
    # A convex curve is used as given: x (1 - x)^2 peaks at x = 1/3 ...
    b = nash_bargaining(lambda x: (1 - x) ** 2, (0, 0), weight=F(1, 2), domain=(0, 1))
    assert_allclose(b.payoffs[0], 1 / 3, atol=1e-8)
    # ... while points on it are convexified, and the chord gives 1/2.
    xs = np.linspace(0, 1, 101)
    assert_allclose(float(nash_bargaining(np.c_[xs, (1 - xs) ** 2], (0, 0)).payoffs[0]), 0.5)


def test_callable_endpoints_and_infeasible() -> None:
    f = lambda x: 1 - x * x  # noqa: E731
    assert_allclose(nash_bargaining(f, (0.5, 0), weight=1, domain=(0, 1)).payoffs, (1, 0))
    assert_allclose(nash_bargaining(f, (0.5, 0), weight=0, domain=(0, 1)).payoffs, (0.5, 0.75))
    top = nash_bargaining(f, (0.2, 0.5), weight=1, domain=(0, 1)).payoffs
    assert_allclose(top, (math.sqrt(0.5), 0.5), atol=1e-10)
    for d in [(0.8, 0.5), (1.5, 0), (0, 1.2), (1, 0)]:
        b = nash_bargaining(f, d, domain=(0, 1))
        assert not b.feasible and b.payoffs == d


# --- Nash bargaining: against independent methods ------------------------------------------

small = st.integers(-6, 6)
point = st.tuples(small, small)
point_sets = st.lists(point, min_size=1, max_size=7)
weights = st.integers(1, 11).map(lambda n: F(n, 12))


@settings(max_examples=150)
@given(point_sets, point, weights)
def test_points_against_brute_force_and_linear_programming(
    pts: list[tuple[int, int]], d: tuple[int, int], alpha: Fraction
) -> None:
    b = nash_bargaining(pts, d, weight=alpha)
    assert b.exact
    clearance = max_min_gain(pts, d)
    assert b.feasible == (clearance > 1e-9)
    brute = brute_force_nash(pts, d, float(alpha))
    if not b.feasible:
        assert brute <= 1e-9 and b.payoffs == d
        return
    mine = product(b.payoffs, d, float(alpha))
    assert mine >= brute - 1e-9  # never beaten by a sampled feasible point
    assert mine <= brute + 1e-3  # and attained up to the sampling error
    assert min(b.gains) >= 0  # individually rational
    assert not dominated(b.payoffs, pts)  # Pareto efficient in the hull


@settings(max_examples=150)
@given(point_sets, point, weights)
def test_pareto_and_individually_rational_at_any_weight(
    pts: list[tuple[int, int]], d: tuple[int, int], alpha: Fraction
) -> None:
    for w in (F(0), alpha, F(1)):
        b = nash_bargaining(pts, d, weight=w)
        if b.feasible:
            assert min(b.gains) >= 0
            assert not dominated(b.payoffs, pts)
    # more power, more payoff for the row player
    lo, hi = nash_bargaining(pts, d, weight=alpha / 2), nash_bargaining(pts, d, weight=alpha)
    assert lo.payoffs[0] <= hi.payoffs[0]


positive = st.integers(1, 7).flatmap(lambda q: st.integers(1, 20).map(lambda p: F(p, q)))


@settings(max_examples=150)
@given(point_sets, point, weights, positive, positive, small, small)
def test_covariant_under_positive_affine_maps(
    pts: list[tuple[int, int]],
    d: tuple[int, int],
    alpha: Fraction,
    a1: Fraction,
    a2: Fraction,
    b1: int,
    b2: int,
) -> None:
    def move(p: Any) -> tuple[Fraction, Fraction]:
        return (a1 * p[0] + b1, a2 * p[1] + b2)

    before = nash_bargaining(pts, d, weight=alpha)
    after = nash_bargaining([move(p) for p in pts], move(d), weight=alpha)
    assert after.feasible == before.feasible
    assert after.payoffs == move(before.payoffs)


@settings(max_examples=150)
@given(point_sets, small)
def test_symmetric_problems_split_symmetrically(pts: list[tuple[int, int]], c: int) -> None:
    mirrored = pts + [(y, x) for x, y in pts]
    b = nash_bargaining(mirrored, (c, c))
    if b.feasible:
        assert b.payoffs[0] == b.payoffs[1]


def test_inexact_inputs_agree_with_the_exact_solution() -> None:
    pts = [(0, 4), (1, 3.5), (3, 1), (3.5, 0)]
    exact = nash_bargaining(pts, (F(1, 2), F(1, 4)), weight=F(2, 5))
    scale = math.pi  # the same problem in other units: float, not exact
    floats = nash_bargaining(
        [(scale * x, scale * y) for x, y in pts], (scale / 2, scale / 4), weight=0.4
    )
    assert exact.exact and not floats.exact
    assert_allclose(np.array(floats.payoffs) / scale, [float(x) for x in exact.payoffs], atol=1e-12)


@settings(max_examples=100)
@given(point_sets, point, weights)
def test_float_path_agrees_with_the_exact_path(
    pts: list[tuple[int, int]], d: tuple[int, int], alpha: Fraction
) -> None:
    exact = nash_bargaining(pts, d, weight=alpha)
    scale = math.pi  # the same problem in other units, with inexact floats
    floats = nash_bargaining(
        [(scale * x, scale * y) for x, y in pts], (scale * d[0], scale * d[1]), weight=float(alpha)
    )
    assert floats.feasible == exact.feasible
    assert_allclose(
        np.array(floats.payoffs, float) / scale, np.array(exact.payoffs, float), rtol=0, atol=1e-9
    )


def circle(x: float) -> float:
    return math.sqrt(max(0.0, 1.0 - x * x))


CIRCLE_XS = np.linspace(0.0, 1.0, 4001)
CIRCLE_POINTS = np.c_[CIRCLE_XS, [circle(x) for x in CIRCLE_XS]]


@settings(max_examples=30)
@given(
    st.floats(-0.5, 0.6),
    st.floats(-0.5, 0.6),
    st.floats(0.05, 0.95),
)
def test_callable_against_points_on_the_same_curve(d1: float, d2: float, alpha: float) -> None:
    curve = nash_bargaining(circle, (d1, d2), weight=alpha, domain=(0, 1))
    sampled = nash_bargaining(CIRCLE_POINTS, (d1, d2), weight=alpha)
    assert curve.feasible == sampled.feasible
    if curve.feasible:
        assert curve.converged
        assert_allclose(np.array(curve.payoffs, float), np.array(sampled.payoffs, float), atol=2e-3)
        got = product(curve.payoffs, (d1, d2), alpha)
        assert got >= product(sampled.payoffs, (d1, d2), alpha) - 1e-6


# --- Nash bargaining: results and bad input ------------------------------------------------


def test_bargain_result_api() -> None:
    b = nash_bargaining(UNIT_PIE, (0.2, 0), weight=F(1, 2))
    u1, u2 = b
    assert (u1, u2) == (F(3, 5), F(2, 5))
    assert repr(b) == (
        "Bargain(payoffs=(3/5, 2/5), gains=(2/5, 2/5), disagreement=(1/5, 0), weight=1/2, exact)"
    )
    data = json.loads(json.dumps(b.to_dict()))
    assert data["payoffs"] == ["3/5", "2/5"] and data["payoffs_float"] == [0.6, 0.4]
    assert data["gains"] == ["2/5", "2/5"] and data["feasible"] is True
    assert data["weight_float"] == 0.5
    with pytest.raises(AttributeError):
        b.payoffs = (0, 0)  # type: ignore[misc]
    f = nash_bargaining(lambda x: 1 - x, (0, 0), domain=(0, 1))
    assert "float" in repr(f) and isinstance(json.dumps(f.to_dict()), str)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weight": 1.5}, "weight"),
        ({"weight": -0.1}, "weight"),
        ({"weight": "half"}, "weight must be a number"),
        ({"weight": float("nan")}, "weight must be finite"),
        ({"weight": True}, "weight must be a number"),
        ({"disagreement": (0, 0, 0)}, "disagreement must be a pair"),
        ({"disagreement": "00"}, "disagreement must be a pair"),
        ({"disagreement": (0, None)}, r"disagreement\[1\] must be a number"),
        ({"disagreement": (0, math.inf)}, "must be finite"),
        ({"frontier": [1, 2, 3]}, r"\(k, 2\)"),
        ({"frontier": [[0, 1, 2], [1, 0, 2]]}, r"\(k, 2\)"),
        ({"frontier": []}, r"\(k, 2\)"),
        ({"frontier": [(0, 1), (1, math.nan)]}, "must be finite"),
        ({"frontier": [(0, 1), (1, "x")]}, "must be a number"),
        ({"frontier": "points"}, "callable"),
        ({"tol": -1.0}, "tol"),
        ({"tol": math.inf}, "tol"),
        ({"domain": (0, 1)}, "domain applies only"),
    ],
)
def test_nash_bad_input(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"frontier": [(0, 1.5), (1.5, 0)], "disagreement": (0.1, 0)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        nash_bargaining(**args)


@pytest.mark.parametrize(
    ("f", "domain", "message"),
    [
        (lambda x: 1 - x, None, "needs domain"),
        (lambda x: 1 - x, (1, 0), "lo < hi"),
        (lambda x: 1 - x, (0, 1, 2), "domain must be a pair"),
        (lambda x: x, (0, 1), "strictly decreasing"),
        (lambda x: 1.0, (0, 1), "strictly decreasing"),
        (lambda x: math.nan, (0, 1), "must be finite"),
        (lambda x: "one", (0, 1), "must return a number"),
    ],
)
def test_callable_bad_input(f: Any, domain: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        nash_bargaining(f, (0, 0), domain=domain)


# --- split over time -----------------------------------------------------------------------


def test_split_path_moves_with_the_disagreement_point() -> None:
    # The row player's fallback improves as its substitutes mature: its share of the unit
    # pie follows d1 + (1 - d1 - d2) / 2 until the fallback leaves nothing to gain.
    ds = [(F(k, 10), F(0)) for k in range(12)]
    path = split_path(ds, UNIT_PIE)
    assert isinstance(path, SplitPath) and len(path) == 12
    for (d1, d2), b in zip(ds, path, strict=True):
        assert b == nash_bargaining(UNIT_PIE, (d1, d2))
        if d1 < 1:
            assert b.payoffs[0] == d1 + (1 - d1 - d2) / 2
    assert path.feasible == (True,) * 10 + (False,) * 2
    assert path.payoffs.shape == (12, 2)
    assert_allclose(path.payoffs[:3, 0], [0.5, 0.55, 0.6])
    assert path[2].payoffs == (F(3, 5), F(2, 5))
    assert "12 periods" in repr(path)
    assert json.loads(json.dumps(path.to_dict()))["periods"] == 12


def test_split_path_with_a_callable_frontier_and_weight() -> None:
    ds = np.array([[0.0, 0.0], [0.1, 0.05], [0.3, 0.2]])
    path = split_path(ds, lambda x: 1 - x * x, weight=0.3, domain=(0, 1))
    for d, b in zip(ds, path, strict=True):
        one = nash_bargaining(lambda x: 1 - x * x, d, weight=0.3, domain=(0, 1))
        assert_allclose(b.payoffs, one.payoffs, atol=1e-12)
    assert len(split_path([], UNIT_PIE)) == 0


def test_split_path_bad_input() -> None:
    with pytest.raises(ValueError, match="sequence of"):
        split_path(3, UNIT_PIE)
    with pytest.raises(ValueError, match=r"disagreements\[1\] must be a pair"):
        split_path([(0, 0), (1,)], UNIT_PIE)
    with pytest.raises(ValueError, match="weight"):
        split_path([(0, 0)], UNIT_PIE, weight=2)


# --- Rubinstein: known answers -------------------------------------------------------------


def test_rubinstein_oracles() -> None:
    # ORACLES.md (Rubinstein 1982): the first proposer's share is (1 - d2) / (1 - d1 d2):
    # 0.526316 at d1 = d2 = 0.9, and 0.714286 at d1 = 0.9, d2 = 0.8.
    r = rubinstein(0.9, 0.9)
    assert r.proposer_share == F(10, 19) and r.shares == (F(10, 19), F(9, 19))
    assert math.isclose(float(r), 0.526316, abs_tol=5e-7)
    r = rubinstein(0.9, 0.8)
    assert r.proposer_share == F(5, 7)
    assert math.isclose(float(r), 0.714286, abs_tol=5e-7)
    assert r.exact and r.agreement and r.immediate and r.binding == (False, False)
    # the responder's share when the second mover proposes: 1 - (1 - d1) / (1 - d1 d2)
    assert r.demands == (F(5, 7), F(5, 14))


def test_outside_option_principle() -> None:
    # Osborne and Rubinstein (1990, §3.12), common delta: the column player's option b
    # matters only when b > delta / (1 + delta), and then the row player offers exactly b.
    for b in (F(0), F(1, 5), F(9, 19)):
        r = rubinstein(0.9, 0.9, outside=(0, b))
        assert r.shares == (F(10, 19), F(9, 19)) and r.binding == (False, False)
    for b in (F(1, 2), F(3, 5), F(99, 100)):
        r = rubinstein(0.9, 0.9, outside=(0, b))
        assert r.shares == (1 - b, b) and r.binding == (False, True)
    # both options bind: each proposer keeps the pie less the other's option
    r = rubinstein(F(1, 2), F(1, 2), outside=(F(2, 5), F(1, 2)))
    assert r.shares == (F(1, 2), F(1, 2)) and r.demands == (F(1, 2), F(3, 5))
    assert r.binding == (True, True)
    # the row player's option binds when the column player proposes first
    r = rubinstein(F(1, 2), F(9, 10), outside=(F(1, 3), 0), first="col")
    assert r.shares == (F(1, 3), F(2, 3)) and r.binding == (True, False)


def test_no_agreement_when_outside_options_use_up_the_pie() -> None:
    for outside in [(F(1, 2), F(1, 2)), (1, 0), (F(7, 10), F(1, 2))]:
        r = rubinstein(0.9, 0.8, outside=outside)
        assert not r.agreement and not r.immediate
        assert r.shares == outside and r.binding == (False, False)
        assert "no agreement" in repr(r)


def test_exactness_follows_the_inputs() -> None:
    assert rubinstein(F(9, 10), 0.9).exact
    r = rubinstein(math.exp(-0.1), math.exp(-0.2))
    assert not r.exact and isinstance(r.shares[0], float)
    assert_allclose(r.shares[0], (1 - math.exp(-0.2)) / (1 - math.exp(-0.3)), rtol=1e-14)
    assert rubinstein(0.5, 0.5, pie=10).shares == (F(20, 3), F(10, 3))


# --- Rubinstein: against backward induction and properties ---------------------------------


@pytest.mark.parametrize(
    ("delta", "outside", "first"),
    [
        ((F(9, 10), F(9, 10)), (F(0), F(0)), 0),
        ((F(9, 10), F(4, 5)), (F(0), F(0)), 1),
        ((F(9, 10), F(9, 10)), (F(0), F(3, 5)), 0),
        ((F(1, 2), F(9, 10)), (F(1, 3), F(0)), 1),
        ((F(1, 2), F(1, 2)), (F(2, 5), F(1, 2)), 0),
        ((F(3, 4), F(2, 3)), (F(1, 4), F(1, 5)), 1),
    ],
)
def test_finite_horizons_converge_to_the_infinite_game(
    delta: tuple[Fraction, Fraction], outside: tuple[Fraction, Fraction], first: int
) -> None:
    pie = F(3, 2)
    scaled = tuple(pie * w for w in outside)
    r = rubinstein(*delta, outside=scaled, pie=pie, first=("row", "col")[first])
    for periods in (1, 2, 5, 10, 40, 120, 240):
        got = finite_horizon(delta, r.outside, pie, periods, first)
        error = max(abs(got[0] - r.shares[0]), abs(got[1] - r.shares[1]))
        # a contraction: each period back multiplies the distance by a discount factor
        assert error <= pie * max(delta) ** (periods - 1)
    assert error < F(1, 10**8)


unit = st.integers(1, 39).map(lambda n: F(n, 40))


@settings(max_examples=100)
@given(unit, unit, unit, unit, st.sampled_from(["row", "col"]))
def test_finite_horizon_matches_with_random_options(
    d1: Fraction, d2: Fraction, w1: Fraction, w2: Fraction, first: str
) -> None:
    w1, w2 = w1 * F(3, 4), w2 * F(3, 4)
    assume(w1 + w2 < 1)
    r = rubinstein(d1, d2, outside=(w1, w2), first=first)
    mover = 0 if first == "row" else 1
    got = finite_horizon((float(d1), float(d2)), (float(w1), float(w2)), 1.0, 1200, mover)
    assert_allclose(got, [float(x) for x in r.shares], atol=1e-10)
    assert sum(r.shares) == 1
    assert r.shares[0] >= w1 and r.shares[1] >= w2
    assert 0 <= r.shares[0] <= 1 and 0 <= r.shares[1] <= 1
    # an option that does not bind does not matter (the outside-option principle)
    plain = rubinstein(d1, d2, outside=(w1 * r.binding[0], w2 * r.binding[1]), first=first)
    assert plain.shares == r.shares
    # the game seen from the other side
    swapped = rubinstein(d2, d1, outside=(w2, w1), first="row" if first == "col" else "col")
    assert swapped.shares == r.shares[::-1]


@settings(max_examples=100)
@given(unit, unit, unit, unit.map(lambda x: x * 10))
def test_rubinstein_monotone_and_scale_free(
    d1: Fraction, d2: Fraction, step: Fraction, pie: Fraction
) -> None:
    r = rubinstein(d1, d2)
    # more patience, more pie: the row share rises with d1 and falls with d2
    more_patient = d1 + (1 - d1) * step
    assert rubinstein(more_patient, d2).shares[0] > r.shares[0]
    assert rubinstein(d1, d2 + (1 - d2) * step).shares[0] < r.shares[0]
    # in the same role, the more patient player gets more
    if d1 > d2:
        assert r.shares[0] > rubinstein(d1, d2, first="col").shares[1]
    # a bigger pie scales every share
    assert rubinstein(d1, d2, pie=pie).shares == (pie * r.shares[0], pie * r.shares[1])


def test_first_mover_advantage_vanishes_as_patience_grows() -> None:
    shares = [float(rubinstein(1 - 10.0**-k, 1 - 10.0**-k)) for k in range(1, 8)]
    assert all(a > b > 0.5 for a, b in pairwise(shares))
    assert abs(shares[-1] - 0.5) < 1e-7


@pytest.mark.parametrize(("r_row", "r_col"), [(1.0, 1.0), (1.0, 3.0), (2.0, 0.5)])
@pytest.mark.parametrize("outside", [(0.0, 0.0), (0.0, 0.7), (0.55, 0.1)])
def test_short_periods_give_the_nash_solution(
    r_row: float, r_col: float, outside: tuple[float, float]
) -> None:
    # Binmore, Rubinstein and Wolinsky (1986): with delta_i = exp(-r_i dt) and dt -> 0
    # the split tends to the Nash solution with weight r_col / (r_row + r_col) and
    # disagreement 0, and an outside option acts as a floor under it, not as d.
    dt = 1e-7
    r = rubinstein(math.exp(-r_row * dt), math.exp(-r_col * dt), outside=outside)
    nash = nash_bargaining(UNIT_PIE, (0, 0), weight=r_col / (r_row + r_col)).payoffs[0]
    floor = min(max(float(nash), outside[0]), 1 - outside[1])
    assert_allclose(float(r.shares[0]), floor, atol=1e-5)


# --- Rubinstein: results and bad input -----------------------------------------------------


def test_rubinstein_result_api() -> None:
    r = rubinstein(0.9, 0.9, outside=(0, 0.6))
    assert isinstance(r, RubinsteinResult)
    assert repr(r) == (
        "RubinsteinResult(shares=(2/5, 3/5), first=row, delta=(9/10, 9/10), "
        "outside=(0, 3/5), pie=1, immediate agreement, col option binds, exact)"
    )
    data = json.loads(json.dumps(r.to_dict()))
    assert data["shares"] == ["2/5", "3/5"] and data["proposer_share_float"] == 0.4
    assert data["binding"] == [False, True] and data["agreement"] is True
    assert data["first"] == "row" and data["exact"] is True
    f = rubinstein(math.exp(-0.1), 0.5, first="col")
    assert "float" in repr(f) and json.loads(json.dumps(f.to_dict()))["first"] == "col"
    assert isinstance(nash_bargaining(UNIT_PIE, (0, 0)), Bargain)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((0, 0.5), {}, "delta_row must be strictly between 0 and 1"),
        ((0.5, 1), {}, "delta_col must be strictly between 0 and 1"),
        ((1.2, 0.5), {}, "delta_row"),
        ((-0.5, 0.5), {}, "delta_row"),
        ((math.nan, 0.5), {}, "delta_row must be finite"),
        (("0.9", 0.5), {}, "delta_row must be a number"),
        ((True, 0.5), {}, "delta_row must be a number"),
        ((0.5, 0.5), {"outside": (-0.1, 0)}, "outside options must be >= 0"),
        ((0.5, 0.5), {"outside": (0.1,)}, "outside must be a pair"),
        ((0.5, 0.5), {"outside": 0.1}, "outside must be a pair"),
        ((0.5, 0.5), {"pie": 0}, "pie must be > 0"),
        ((0.5, 0.5), {"pie": -2}, "pie must be > 0"),
        ((0.5, 0.5), {"first": "column"}, "first must be 'row' or 'col'"),
    ],
)
def test_rubinstein_bad_input(args: tuple[Any, ...], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rubinstein(*args, **kwargs)
