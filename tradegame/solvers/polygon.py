r"""Planar convex geometry for payoff sets: hulls, clipping, distances.

A *convex polygon* here is a ``(k, 2)`` float array of its vertices in
counter-clockwise order, with no repeated vertex and no vertex in the middle of
an edge. Degenerate sets are represented the same way, by the number of rows:

* ``k = 0``: the empty set (shape ``(0, 2)``);
* ``k = 1``: a single point;
* ``k = 2``: a segment, from one endpoint to the other;
* ``k >= 3``: a polygon with nonempty interior.

Every function accepts all four kinds, so callers never need a special case for
a set that has collapsed onto a line or a point.

Tolerances
----------
``tol`` is an absolute distance, in the same units as the coordinates. Two
points closer than ``tol`` are the same point, and a vertex closer than ``tol``
to the segment joining its neighbours is dropped as collinear. The callers in
:mod:`tradegame.solvers.spe_set` work in payoffs rescaled onto ``[0, 1]``, where
a fixed absolute tolerance is also a relative one.

References
----------
A. M. Andrew, "Another efficient algorithm for convex hulls in two dimensions",
*Information Processing Letters* 9 (1979) 216–219 (the monotone chain hull).
I. E. Sutherland and G. W. Hodgman, "Reentrant polygon clipping",
*Communications of the ACM* 17 (1974) 32–42 (clipping by a half-plane).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "EMPTY",
    "canonical",
    "clip",
    "contains",
    "convex_hull",
    "distance",
    "hausdorff",
    "kind",
    "simplify",
]

FloatArray = npt.NDArray[np.float64]

#: The empty set, as a ``(0, 2)`` array.
EMPTY: FloatArray = np.zeros((0, 2))
EMPTY.setflags(write=False)

_KINDS = ("empty", "point", "segment")


def _cross(o: Any, a: Any, b: Any) -> float:
    """Twice the signed area of the triangle ``o, a, b``: positive when it turns left."""
    return float((a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]))


def _as_points(points: Any) -> FloatArray:
    arr = np.asarray(points, dtype=np.float64)
    if arr.size == 0:
        return np.zeros((0, 2))
    arr = arr.reshape(-1, 2)
    if not np.all(np.isfinite(arr)):
        raise ValueError("polygon coordinates must be finite numbers")
    return arr


def kind(poly: FloatArray) -> str:
    """``"empty"``, ``"point"``, ``"segment"`` or ``"polygon"``, from the vertex count."""
    k = len(poly)
    return _KINDS[k] if k < 3 else "polygon"


def convex_hull(points: Any, tol: float = 0.0) -> FloatArray:
    """The convex hull of ``points``, as a counter-clockwise convex polygon.

    Andrew's monotone chain, built exactly and then cleaned by :func:`simplify`:
    points within ``tol`` of one another merge, and a point within ``tol`` of
    the segment between its neighbours is not a vertex. The first vertex is the
    lowest of the leftmost ones (see :func:`canonical`).

    Parameters
    ----------
    points : array_like, shape (n, 2)
        Any number of points, including none.
    tol : float
        Absolute distance below which points merge and vertices count as collinear.

    Returns
    -------
    ndarray, shape (k, 2)
        ``k = 0`` for no points, ``1`` when all points are within ``tol`` of one
        another, ``2`` when they lie within ``tol`` of a line.
    """
    pts = _as_points(points)
    if len(pts) == 0:
        return np.zeros((0, 2))
    pts = np.unique(pts, axis=0)  # sorted by (x, y), exact duplicates gone
    # The chains are built exactly (a point is dropped only when it is not strictly
    # left of its neighbours' line) and the tolerance is applied afterwards: popping
    # with a tolerance here would drop extreme points of a set that is nearly a
    # vertical segment, whose order by x is rounding noise.
    lower: list[FloatArray] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[FloatArray] = []
    for p in pts[::-1]:
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    chain = lower[:-1] + upper[:-1]
    if not chain:  # a single distinct point
        return pts[:1].copy()
    return simplify(np.array(chain), tol)


def _norm(v: Any) -> float:
    return math.hypot(float(v[0]), float(v[1]))


def simplify(poly: FloatArray, tol: float) -> FloatArray:
    """Drop repeated vertices and vertices within ``tol`` of their neighbours' chord.

    ``poly`` must be convex and counter-clockwise (or a point or a segment). A
    polygon whose vertices all lie within ``tol`` of a line becomes the segment
    between the two farthest vertices; one within ``tol`` of a point becomes
    that point.
    """
    verts = [np.asarray(v, dtype=np.float64) for v in poly]
    changed = True
    while changed and len(verts) >= 2:
        changed = False
        # merge near-duplicates, cyclically
        k = len(verts)
        for i in range(k):
            if _norm(verts[i] - verts[(i + 1) % k]) <= tol:
                del verts[(i + 1) % k]
                changed = True
                break
        if changed or len(verts) < 3:
            continue
        k = len(verts)
        for i in range(k):
            prev, cur, nxt = verts[i - 1], verts[i], verts[(i + 1) % k]
            chord = nxt - prev
            # near the chord itself, not merely near the line through it
            between = (cur - prev) @ chord > 0 and (nxt - cur) @ chord > 0
            if between and _cross(prev, cur, nxt) <= tol * _norm(chord):
                del verts[i]
                changed = True
                break
    if len(verts) == 2 and _norm(verts[0] - verts[1]) <= tol:
        verts = verts[:1]
    if not verts:
        return np.zeros((0, 2))
    out = np.array(verts, dtype=np.float64).reshape(-1, 2)
    return canonical(out, tol)


def canonical(poly: FloatArray, tol: float = 0.0) -> FloatArray:
    """``poly`` turned to start at its lowest leftmost vertex (x within ``tol`` of the least)."""
    P = _as_points(poly)
    if len(P) < 2:
        return P.copy()
    left = np.flatnonzero(P[:, 0] <= P[:, 0].min() + tol)
    first = int(left[np.argmin(P[left, 1])])
    return np.roll(P, -first, axis=0)


def clip(poly: FloatArray, normal: Any, offset: float) -> FloatArray:
    r"""The part of ``poly`` in the closed half-plane :math:`\{x : n \cdot x \ge c\}`.

    Sutherland–Hodgman clipping of a convex polygon (or point, or segment) by one
    half-plane. Points on the boundary line are kept. The result is in the same
    orientation but may hold repeated or collinear points: pass it through
    :func:`simplify` or :func:`convex_hull` before using it as a polygon.

    Parameters
    ----------
    poly : ndarray, shape (k, 2)
    normal : array_like, shape (2,)
        :math:`n`, any nonzero vector.
    offset : float
        :math:`c`.
    """
    P = _as_points(poly)
    n = np.asarray(normal, dtype=np.float64)
    if len(P) == 0:
        return np.zeros((0, 2))
    level = P @ n - offset
    inside = level >= 0
    if inside.all():
        return P.copy()
    if not inside.any():
        return np.zeros((0, 2))
    if len(P) == 1:
        return P.copy() if inside[0] else np.zeros((0, 2))
    E = np.roll(P, -1, axis=0)
    end_level = np.roll(level, -1)
    end_inside = np.roll(inside, -1)
    crosses = inside != end_inside
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(crosses, level / (level - end_level), 0.0)
    t = np.clip(t, 0.0, 1.0)
    crossing = P + t[:, None] * (E - P)
    # each edge contributes its crossing point (if any), then its end (if inside)
    stacked = np.stack([crossing, E], axis=1)
    keep = np.stack([crosses, end_inside], axis=1)
    return np.asarray(stacked[keep], dtype=np.float64)


def distance(point: Any, poly: FloatArray) -> float:
    """Euclidean distance from ``point`` to the convex set ``poly`` (0 inside; inf if empty)."""
    x = np.asarray(point, dtype=np.float64).reshape(2)
    P = _as_points(poly)
    k = len(P)
    if k == 0:
        return math.inf
    if k == 1:
        return _norm(x - P[0])
    E = np.roll(P, -1, axis=0)
    D = E - P
    lengths2 = np.einsum("ij,ij->i", D, D)
    if k >= 3:
        # inside when on the left of (or on) every counter-clockwise edge
        side = D[:, 0] * (x[1] - P[:, 1]) - D[:, 1] * (x[0] - P[:, 0])
        if np.all(side >= 0):
            return 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(lengths2 > 0, ((x - P) * D).sum(axis=1) / lengths2, 0.0)
    t = np.clip(t, 0.0, 1.0)
    nearest = P + t[:, None] * D
    return float(np.min(np.hypot(*(nearest - x).T)))


def contains(poly: FloatArray, point: Any, tol: float = 0.0) -> bool:
    """Whether ``point`` lies in the convex set ``poly`` or within ``tol`` of it."""
    return distance(point, poly) <= tol


def hausdorff(P: FloatArray, Q: FloatArray) -> float:
    """The Hausdorff distance between two convex sets (0 if both empty, inf if one is).

    For convex sets the largest distance from one set to the other is reached at
    a vertex, so only vertices are measured.
    """
    P, Q = _as_points(P), _as_points(Q)
    if len(P) == 0 or len(Q) == 0:
        return 0.0 if len(P) == len(Q) else math.inf
    return max(
        max(distance(p, Q) for p in P),
        max(distance(q, P) for q in Q),
    )
