"""Tests for the vectorised geometry and solver steps of tradegame.solvers.spe_set and polygon.

Each vectorised function is checked against an independent method kept here: the
per-profile loops it replaced (one half-plane clip at a time, one target at a time),
plain-Python point-to-segment distances, central finite differences for the Newton
Jacobian, and scipy's qhull for the convex hull. The whole solver is also run with
every fast step swapped for its reference, and the two answers compared.
"""

from __future__ import annotations

import math
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from tradegame.game import Game
from tradegame.solvers import polygon, spe_set
from tradegame.solvers.spe_set import _GEO, _MATCH, _Scaled, spe_payoffs

AS_GAME = Game(
    [[16, 3, 0], [21, 10, -1], [9, 5, -5]],
    [[9, 13, 3], [1, 4, 0], [0, -4, -15]],
)

# --- references -------------------------------------------------------------------------------


def ref_distance(x: Any, poly: np.ndarray) -> float:
    """Distance from x to a convex polygon, segment or point, one edge at a time in floats."""
    px, py = float(x[0]), float(x[1])
    V = [(float(a), float(b)) for a, b in poly]
    if not V:
        return math.inf
    if len(V) == 1:
        return math.hypot(px - V[0][0], py - V[0][1])
    best = math.inf
    inside = len(V) >= 3
    for (ax, ay), (bx, by) in zip(V, V[1:] + V[:1], strict=True):
        dx, dy = bx - ax, by - ay
        inside = inside and dx * (py - ay) - dy * (px - ax) >= 0
        length2 = dx * dx + dy * dy
        s = 0.0 if length2 == 0 else min(1.0, max(0.0, ((px - ax) * dx + (py - ay) * dy) / length2))
        best = min(best, math.hypot(px - ax - s * dx, py - ay - s * dy))
    return 0.0 if inside else best


def ref_hausdorff(P: np.ndarray, Q: np.ndarray) -> float:
    if len(P) == 0 or len(Q) == 0:
        return 0.0 if len(P) == len(Q) else math.inf
    return max(max(ref_distance(p, Q) for p in P), max(ref_distance(q, P) for q in Q))


def ref_quadrant(W: np.ndarray, corner: Any) -> np.ndarray:
    """W in {x >= c_x, y >= c_y}: Sutherland–Hodgman clipping by one half-plane, then the other."""
    piece = polygon.clip(W, (1.0, 0.0), corner[0])
    return polygon.clip(piece, (0.0, 1.0), corner[1])


def ref_aps_step(W: np.ndarray, S: _Scaled, delta: float) -> np.ndarray:
    """The generating operator with one profile at a time."""
    if len(W) == 0:
        return W
    need = W.min(axis=0) + (1 - delta) / delta * S.H
    pieces = []
    for u, c in zip(S.U, need, strict=True):
        if np.all(u >= c - _GEO) and ref_distance(u, W) <= _GEO:
            pieces.append(u[None, :])
            continue
        piece = ref_quadrant(W, c - _GEO)
        if len(piece):
            pieces.append((1 - delta) * u + delta * piece)
    if not pieces:
        return np.zeros((0, 2))
    return polygon.convex_hull(np.vstack(pieces), _GEO)


def ref_recipe(v: np.ndarray, V: np.ndarray, S: _Scaled, delta: float) -> tuple[Any, ...] | None:
    """The recipe for one target, trying one profile at a time."""
    need = V.min(axis=0) + (1 - delta) / delta * S.H
    P, Q = V, np.roll(V, -1, axis=0)
    fallback: tuple[Any, ...] | None = None
    for a, u in enumerate(S.U):
        w = (v - (1 - delta) * u) / delta
        if np.any(w < need[a] - _MATCH):
            continue
        if np.hypot(*(w - need[a])) <= _MATCH:
            return ("corner", a)
        for i in (0, 1):
            if abs(w[i] - need[a, i]) > _MATCH:
                continue
            with np.errstate(all="ignore"):
                t = (need[a, i] - P[:, i]) / (Q[:, i] - P[:, i])
                on_edge = np.hypot(*(P + t[:, None] * (Q - P) - w).T) <= _MATCH
            on_edge &= (np.abs(Q[:, i] - P[:, i]) > _MATCH) & (t >= -_MATCH) & (t <= 1 + _MATCH)
            if on_edge.any():
                return ("edge", a, i, int(np.flatnonzero(on_edge)[0]))
        at = np.flatnonzero(np.hypot(*(V - w).T) <= _MATCH)
        if len(at) and (fallback is None or np.hypot(*(v - u)) <= _MATCH):
            fallback = ("vertex", a, int(at[0]))
    return fallback


def ref_recipes(targets: np.ndarray, V: np.ndarray, S: _Scaled, delta: float) -> list[Any]:
    return [ref_recipe(v, V, S, delta) for v in targets]


def ref_points(recipes: list[Any], V: np.ndarray, low: Any, S: _Scaled, delta: float) -> np.ndarray:
    """The points the recipes generate, each written out from its definition."""
    punish = np.array([V[low[0], 0], V[low[1], 1]])
    out = []
    for recipe in recipes:
        a = recipe[1]
        need = punish + (1 - delta) / delta * S.H[a]
        if recipe[0] == "vertex":
            w = V[recipe[2]]
        elif recipe[0] == "corner":
            w = need
        else:
            i, m = recipe[2], recipe[3]
            P, Q = V[m], V[(m + 1) % len(V)]
            w = P + (need[i] - P[i]) / (Q[i] - P[i]) * (Q - P)
        out.append((1 - delta) * S.U[a] + delta * w)
    return np.array(out).reshape(-1, 2)


def ref_newton(recipes: list[Any], low: Any, V0: np.ndarray, S: _Scaled, delta: float) -> Any:
    """Newton's method on the vertex equations with a forward-difference Jacobian."""
    x = V0.ravel().copy()

    def residual(z: np.ndarray) -> np.ndarray:
        V = z.reshape(-1, 2)
        return (ref_points(recipes, V, low, S, delta) - V).ravel()

    first = math.inf
    with np.errstate(all="ignore"):
        for it in range(12):
            r = residual(x)
            err = float(np.abs(r).max()) if np.all(np.isfinite(r)) else math.inf
            first = err if it == 0 else first
            if err <= 1e-15:
                break
            if err == math.inf or (it >= 4 and err > 1e-3 * first):
                return None
            h = 1e-8
            J = np.column_stack([(residual(x + h * e) - r) / h for e in np.eye(len(x))])
            if not np.all(np.isfinite(J)):
                return None
            x = x - np.linalg.lstsq(J, r, rcond=None)[0]
        else:
            if np.abs(residual(x)).max() > 1e-12:
                return None
    return x.reshape(-1, 2)


def reference_solver() -> Any:
    """Patches that run spe_payoffs with every fast step replaced by its reference."""
    patches = [
        mock.patch.object(spe_set, "_aps_step", ref_aps_step),
        mock.patch.object(spe_set, "_recipes", ref_recipes),
        mock.patch.object(spe_set, "_newton", ref_newton),
    ]

    class Both:
        def __enter__(self) -> None:
            for p in patches:
                p.start()

        def __exit__(self, *exc: object) -> None:
            for p in reversed(patches):
                p.stop()

    return Both()


# --- strategies ---------------------------------------------------------------------------------


@st.composite
def games(draw: st.DrawFn) -> Game:
    m, n = draw(st.sampled_from([(2, 2), (3, 2), (2, 3), (3, 3)]))
    entries = st.integers(-4, 4)
    A = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    B = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    return Game(A, B)


deltas = st.integers(1, 18).map(lambda k: k / 20)

# coordinates on a coarse grid (ties, collinear points and shared coordinates are common)
# or anywhere in [0, 1]
grid = st.integers(0, 8).map(lambda k: k / 8)
anywhere = st.floats(0, 1, allow_nan=False)
coordinates = st.one_of(grid, anywhere)
points = st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=10)


def convex_sets() -> st.SearchStrategy[np.ndarray]:
    """Points, segments and polygons in [0, 1]^2, counter-clockwise."""
    return points.map(lambda p: polygon.convex_hull(np.array(p), _GEO))


def iterates(g: Game, delta: float, steps: int) -> list[np.ndarray]:
    """The feasible set and the first few iterates of the reference operator."""
    S = _Scaled.of(g)
    W = polygon.convex_hull(S.U, _GEO)
    out = [W]
    for _ in range(steps):
        W = ref_aps_step(W, S, delta)
        if len(W) == 0:
            break
        out.append(W)
    return out


# --- polygon ------------------------------------------------------------------------------------


@settings(max_examples=200)
@given(convex_sets(), st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=6))
def test_distances_match_one_edge_at_a_time(poly: np.ndarray, xs: list[Any]) -> None:
    X = np.array(xs)
    got = polygon.distances(X, poly)
    expected = [ref_distance(x, poly) for x in X]
    assert_allclose(got, expected, rtol=0, atol=1e-15)
    assert polygon.distance(X[0], poly) == got[0]


def test_distances_to_the_empty_set() -> None:
    assert np.all(np.isinf(polygon.distances([[0, 0], [1, 1]], polygon.EMPTY)))


@settings(max_examples=200)
@given(convex_sets(), convex_sets())
def test_hausdorff_matches_the_definition(P: np.ndarray, Q: np.ndarray) -> None:
    assert polygon.hausdorff(P, Q) == pytest.approx(ref_hausdorff(P, Q), rel=0, abs=1e-15)
    assert polygon.hausdorff(P, Q) == polygon.hausdorff(Q, P)


@settings(max_examples=300)
@given(convex_sets(), st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=5))
def test_clip_quadrants_matches_clipping_twice(W: np.ndarray, corners: list[Any]) -> None:
    C = np.array(corners)
    index, found = polygon.clip_quadrants(W, C)
    assert found.shape == (len(index), 2)
    for i, c in enumerate(C):
        got = polygon.convex_hull(found[index == i], _GEO)
        expected = polygon.convex_hull(ref_quadrant(W, c), _GEO)
        assert len(got) == len(expected), (W, c, got, expected)
        assert polygon.hausdorff(got, expected) <= 1e-14


@st.composite
def clouds(draw: st.DrawFn) -> np.ndarray:
    """64 to 300 points: a grid's worth of ties and collinear points, or a ring of them."""
    n = draw(st.integers(64, 300))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    shape = draw(st.sampled_from(["grid", "disc", "ring", "line"]))
    if shape == "grid":
        return rng.integers(-6, 7, size=(n, 2)) / 4
    if shape == "disc":
        return rng.normal(size=(n, 2)) * draw(st.sampled_from([1e-9, 1.0, 1e6]))
    if shape == "ring":
        theta = rng.uniform(0, 2 * np.pi, n)
        return np.column_stack([np.cos(theta), np.sin(theta)]) + rng.normal(0, 1e-3, (n, 2))
    t = rng.uniform(-1, 1, n)
    return np.column_stack([t, 0.5 * t]) + rng.integers(0, 2, (n, 1)) * np.array([0.0, 1e-15])


@settings(max_examples=100)
@given(clouds(), st.sampled_from([0.0, 1e-13]))
def test_hull_of_many_points(P: np.ndarray, relative_tol: float) -> None:
    from scipy.spatial import ConvexHull, QhullError

    scale = float(np.abs(P).max())
    tol = relative_tol * scale
    hull = polygon.convex_hull(P, tol)
    # dropping interior points first changes nothing at all
    with mock.patch.object(polygon, "_drop_interior", lambda pts: pts):
        assert np.array_equal(polygon.convex_hull(P, tol), hull)
    assert all(polygon.distance(p, hull) <= tol + 1e-12 * scale for p in P)
    assert all(np.any(np.all(v == P, axis=1)) for v in hull)  # vertices are input points
    try:
        reference = P[ConvexHull(P).vertices]
    except QhullError:  # qhull refuses a flat set: compare with the two farthest points
        far = np.hypot(*(P[:, None, :] - P[None, :, :]).transpose(2, 0, 1))
        i, j = np.unravel_index(np.argmax(far), far.shape)
        reference = P[[i, j]]
    assert polygon.hausdorff(hull, reference) <= tol + 1e-12 * scale


def reference_simplify(poly: np.ndarray, tol: float) -> np.ndarray:
    """Simplification on numpy rows, one vertex at a time."""

    def norm(v: np.ndarray) -> float:
        return math.hypot(float(v[0]), float(v[1]))

    def cross(o: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
        return float((a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]))

    verts = [np.asarray(v, dtype=np.float64) for v in poly]
    changed = True
    while changed and len(verts) >= 2:
        changed = False
        k = len(verts)
        for i in range(k):
            if norm(verts[i] - verts[(i + 1) % k]) <= tol:
                del verts[(i + 1) % k]
                changed = True
                break
        if changed or len(verts) < 3:
            continue
        k = len(verts)
        for i in range(k):
            prev, cur, nxt = verts[i - 1], verts[i], verts[(i + 1) % k]
            chord = nxt - prev
            between = (cur - prev) @ chord > 0 and (nxt - cur) @ chord > 0
            if between and cross(prev, cur, nxt) <= tol * norm(chord):
                del verts[i]
                changed = True
                break
    if len(verts) == 2 and norm(verts[0] - verts[1]) <= tol:
        verts = verts[:1]
    if not verts:
        return np.zeros((0, 2))
    return polygon.canonical(np.array(verts).reshape(-1, 2), tol)


@settings(max_examples=200)
@given(
    st.lists(st.floats(0, 2 * np.pi, allow_nan=False), min_size=1, max_size=12),
    st.sampled_from([0.0, 1e-13, 1e-3, 0.05, 0.3]),
)
def test_simplify_matches_the_numpy_version(angles: list[float], tol: float) -> None:
    # points on a circle in counter-clockwise order: a convex polygon with short edges
    theta = np.sort(np.array(angles))
    poly = np.column_stack([np.cos(theta), np.sin(theta)])
    assert_allclose(polygon.simplify(poly, tol), reference_simplify(poly, tol), rtol=0, atol=0)


# --- the generating operator ----------------------------------------------------------------------


@settings(max_examples=150)
@given(games(), deltas, st.integers(0, 6))
def test_step_matches_the_per_profile_step_on_iterates(g: Game, delta: float, k: int) -> None:
    S = _Scaled.of(g)
    W = iterates(g, delta, k)[-1]
    got, expected = spe_set._aps_step(W, S, delta), ref_aps_step(W, S, delta)
    assert len(got) == len(expected), (got, expected)
    assert polygon.hausdorff(got, expected) <= 1e-13


@settings(max_examples=200)
@given(games(), deltas, convex_sets())
def test_step_matches_the_per_profile_step_on_any_set(g: Game, delta: float, W: np.ndarray) -> None:
    S = _Scaled.of(g)
    got, expected = spe_set._aps_step(W, S, delta), ref_aps_step(W, S, delta)
    assert len(got) == len(expected), (got, expected)
    assert polygon.hausdorff(got, expected) <= 1e-13


def test_step_on_the_empty_set() -> None:
    S = _Scaled.of(AS_GAME)
    assert spe_set._aps_step(np.zeros((0, 2)), S, 0.3).shape == (0, 2)


# --- the vertex equations -----------------------------------------------------------------------


@settings(max_examples=150)
@given(games(), deltas, st.integers(1, 8), st.lists(st.tuples(anywhere, anywhere), max_size=3))
def test_recipes_match_one_target_at_a_time(
    g: Game, delta: float, k: int, extra: list[Any]
) -> None:
    S = _Scaled.of(g)
    V = iterates(g, delta, k)[-1]
    made = spe_set._aps_step(V, S, delta)
    # the vertices B made (each has a recipe), V's own vertices, and arbitrary points
    targets = np.vstack([made, V, np.array(extra).reshape(-1, 2)])
    got = spe_set._recipes(targets, V, S, delta)
    assert got == ref_recipes(targets, V, S, delta)


def test_recipes_of_the_abreu_sannikov_iterates_use_every_kind() -> None:
    S = _Scaled.of(AS_GAME)
    kinds = set()
    for V in iterates(AS_GAME, 0.3, 12):
        made = spe_set._aps_step(V, S, 0.3)
        got = spe_set._recipes(made, V, S, 0.3)
        assert got == ref_recipes(made, V, S, 0.3)
        kinds |= {r[0] for r in got if r is not None}
    assert {"edge", "corner"} <= kinds


@st.composite
def recipe_problems(draw: st.DrawFn) -> tuple[Any, ...]:
    """A game, a discount factor, a polygon and recipes of every kind on it."""
    g = draw(games())
    delta = draw(deltas)
    theta = np.sort(draw(st.lists(st.floats(0, 2 * np.pi), min_size=3, max_size=7, unique=True)))
    assume(np.diff(np.append(theta, theta[0] + 2 * np.pi)).min() > 0.2)
    V = 0.5 + 0.4 * np.column_stack([np.cos(theta), np.sin(theta)])
    k, n = len(V), g.A.size
    low = (int(np.argmin(V[:, 0])), int(np.argmin(V[:, 1])))
    recipe = st.one_of(
        st.tuples(st.just("vertex"), st.integers(0, n - 1), st.integers(0, k - 1)),
        st.tuples(st.just("corner"), st.integers(0, n - 1)),
        st.tuples(st.just("edge"), st.integers(0, n - 1), st.integers(0, 1), st.integers(0, k - 1)),
    )
    recipes = draw(st.lists(recipe, min_size=1, max_size=k))
    for r in recipes:
        if r[0] == "edge":  # keep away from edges parallel to the incentive line
            D = V[(r[3] + 1) % k] - V[r[3]]
            assume(abs(D[r[2]]) > 0.05)
    return g, delta, V, low, recipes


@settings(max_examples=200)
@given(recipe_problems())
def test_generate_and_its_jacobian(problem: tuple[Any, ...]) -> None:
    g, delta, V, low, recipes = problem
    S = _Scaled.of(g)
    points, J = spe_set._generate(recipes, V, low, S, delta)
    assert_allclose(points, ref_points(recipes, V, low, S, delta), rtol=0, atol=1e-13)
    # central differences, column by column
    h = 1e-6
    x = V.ravel()
    numeric = np.empty_like(J)
    for z in range(len(x)):
        e = np.zeros_like(x)
        e[z] = h
        up = spe_set._generate(recipes, (x + e).reshape(-1, 2), low, S, delta)[0]
        down = spe_set._generate(recipes, (x - e).reshape(-1, 2), low, S, delta)[0]
        numeric[:, z] = (up - down).ravel() / (2 * h)
    assert_allclose(J, numeric, rtol=0, atol=1e-6)


def test_generate_on_an_edge_parallel_to_the_incentive_line() -> None:
    S = _Scaled.of(AS_GAME)
    V = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]])
    recipes = [("edge", 0, 1, 0), ("vertex", 0, 1), ("vertex", 0, 2)]
    points, J = spe_set._generate(recipes, V, (0, 0), S, 0.3)
    assert np.all(np.isnan(points[0])) and np.all(np.isnan(J[:2]))
    assert np.all(np.isfinite(points[1:])) and np.all(np.isfinite(J[2:]))
    assert spe_set._newton(recipes, (0, 0), V, S, 0.3) is None


# --- the whole solver -------------------------------------------------------------------------


def assert_same_answer(g: Game, delta: float) -> None:
    fast = spe_payoffs(g, delta)
    with reference_solver():
        slow = spe_payoffs(g, delta)
    assert fast.kind == slow.kind and fast.converged == slow.converged
    assert polygon.hausdorff(fast.vertices, slow.vertices) <= 1e-9 * fast.scale


@pytest.mark.parametrize("delta", [0.3, 0.5, 0.8])
def test_abreu_sannikov_example_matches_the_reference_solver(delta: float) -> None:
    assert_same_answer(AS_GAME, delta)


@settings(max_examples=60)
@given(games(), deltas)
def test_solver_matches_the_reference_solver(g: Game, delta: float) -> None:
    assert_same_answer(g, delta)
