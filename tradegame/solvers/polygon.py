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
    "clip_quadrants",
    "contains",
    "convex_hull",
    "distance",
    "distances",
    "hausdorff",
    "kind",
    "simplify",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
Point = tuple[float, float]

#: The empty set, as a ``(0, 2)`` array.
EMPTY: FloatArray = np.zeros((0, 2))
EMPTY.setflags(write=False)

_KINDS = ("empty", "point", "segment")
_EPS = float(np.finfo(np.float64).eps)


def _as_points(points: Any) -> FloatArray:
    arr = np.asarray(points, dtype=np.float64)
    if arr.size == 0:
        return np.zeros((0, 2))
    arr = arr.reshape(-1, 2)
    if not np.isfinite(arr).all():
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
    return _hull(pts, tol)


def _hull(pts: FloatArray, tol: float) -> FloatArray:
    """:func:`convex_hull` of a checked ``(n, 2)`` array."""
    if len(pts) == 0:
        return np.zeros((0, 2))
    pts = _drop_interior(pts)
    # The chains are built on Python floats, which are faster than numpy scalars for
    # the point-by-point loop below. They are built exactly (a point is dropped only
    # when it is not strictly left of its neighbours' line) and the tolerance is
    # applied afterwards: popping with a tolerance here would drop extreme points of
    # a set that is nearly a vertical segment, whose order by x is rounding noise.
    ordered: list[Point] = sorted(set(map(tuple, pts.tolist())))  # by (x, y), no duplicates
    if len(ordered) == 1:
        return np.array(ordered, dtype=np.float64)
    chain = _half_chain(ordered)[:-1] + _half_chain(ordered[::-1])[:-1]
    return _finish(_simplify_points(chain, tol), tol)


def _half_chain(ordered: list[Point]) -> list[Point]:
    """One half of Andrew's monotone chain: the points kept while turning strictly left."""
    out: list[Point] = []
    for p in ordered:
        px, py = p
        while len(out) >= 2:
            (ox, oy), (ax, ay) = out[-2], out[-1]
            if (ax - ox) * (py - oy) - (ay - oy) * (px - ox) > 0:
                break
            out.pop()
        out.append(p)
    return out


def _drop_interior(pts: FloatArray) -> FloatArray:
    """``pts`` less some points that are certainly not on the boundary of their hull.

    The Akl–Toussaint heuristic: the extreme points in eight directions span a
    polygon inside the hull, and a point farther than rounding inside every edge of
    it is interior to the hull, so dropping it changes neither the hull nor its
    cleaning. This shortens the Python loop of the monotone chain.
    """
    if len(pts) < 64:  # below this the numpy calls cost more than the points they save
        return pts
    first = (pts @ _OCTAGON).argmax(axis=0)  # counter-clockwise around the hull
    first = first[first != np.roll(first, -1)]  # no index twice in a row
    if len(first) < 3:
        return pts
    corners = pts[first]
    D = _next(corners) - corners
    side = D[:, 0] * (pts[:, 1, None] - corners[:, 1]) - D[:, 1] * (pts[:, 0, None] - corners[:, 0])
    margin = 64 * _EPS * (1.0 + float(np.abs(pts).max()))
    interior = (side > margin * np.hypot(D[:, 0], D[:, 1])).all(axis=1)
    return pts[~interior]


# the directions whose extreme points span the polygon of _drop_interior, counter-clockwise
_OCTAGON = np.array([[1, 1, 0, -1, -1, -1, 0, 1], [0, 1, 1, 1, 0, -1, -1, -1]], float)


def simplify(poly: FloatArray, tol: float) -> FloatArray:
    """Drop repeated vertices and vertices within ``tol`` of their neighbours' chord.

    ``poly`` must be convex and counter-clockwise (or a point or a segment). A
    polygon whose vertices all lie within ``tol`` of a line becomes the segment
    between the two farthest vertices; one within ``tol`` of a point becomes
    that point.
    """
    P = _as_points(poly)
    return _finish(_simplify_points(list(map(tuple, P.tolist())), tol), tol)


def _simplify_points(verts: list[Point], tol: float) -> list[Point]:
    """:func:`simplify` on a list of points, without the final turn to :func:`canonical`.

    Python floats rather than numpy rows: the loop handles a few points at a time,
    where numpy's per-call overhead would dominate.
    """
    verts = list(verts)
    changed = True
    while changed and len(verts) >= 2:
        changed = False
        # merge near-duplicates, cyclically
        k = len(verts)
        for i in range(k):
            (x0, y0), (x1, y1) = verts[i], verts[(i + 1) % k]
            if math.hypot(x0 - x1, y0 - y1) <= tol:
                del verts[(i + 1) % k]
                changed = True
                break
        if changed or len(verts) < 3:
            continue
        k = len(verts)
        for i in range(k):
            (px, py), (cx, cy), (nx, ny) = verts[i - 1], verts[i], verts[(i + 1) % k]
            dx, dy = nx - px, ny - py
            # near the chord itself, not merely near the line through it
            between = (cx - px) * dx + (cy - py) * dy > 0 and (nx - cx) * dx + (ny - cy) * dy > 0
            cross = (cx - px) * (ny - py) - (cy - py) * (nx - px)
            if between and cross <= tol * math.hypot(dx, dy):
                del verts[i]
                changed = True
                break
    if len(verts) == 2:
        (x0, y0), (x1, y1) = verts
        if math.hypot(x0 - x1, y0 - y1) <= tol:
            verts = verts[:1]
    return verts


def _finish(verts: list[Point], tol: float) -> FloatArray:
    """The points as a ``(k, 2)`` array, turned as by :func:`canonical`."""
    if len(verts) >= 2:
        least = min(x for x, _ in verts) + tol
        # the lowest of the leftmost, the first of equals (as numpy's argmin picks)
        first = min((i for i, (x, _) in enumerate(verts) if x <= least), key=lambda i: verts[i][1])
        verts = verts[first:] + verts[:first]
    return np.array(verts, dtype=np.float64).reshape(-1, 2)


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
    x = np.asarray(point, dtype=np.float64).reshape(1, 2)
    return float(distances(x, poly)[0])


def distances(points: Any, poly: FloatArray) -> FloatArray:
    """Euclidean distances from each of ``points`` (shape ``(n, 2)``) to the convex set ``poly``.

    0 for a point inside, inf for every point when ``poly`` is empty; the same
    numbers as :func:`distance` applied to each point.
    """
    return _distances(np.asarray(points, dtype=np.float64).reshape(-1, 2), _as_points(poly))


def _distances(X: FloatArray, P: FloatArray) -> FloatArray:
    """:func:`distances` for arrays already checked, with as few numpy calls as it takes.

    Also batched: ``X`` of shape ``(..., n, 2)`` and ``P`` of shape ``(..., k, 2)``
    give shape ``(...)`` + ``(n,)``, the batch dimensions broadcast.
    """
    k = P.shape[-2]
    if k == 0:
        return np.full(X.shape[:-1], math.inf)
    RX = X[..., :, None, 0] - P[..., None, :, 0]  # (..., n, k): from each vertex to each point
    RY = X[..., :, None, 1] - P[..., None, :, 1]
    if k == 1:
        return np.asarray(np.hypot(RX[..., 0], RY[..., 0]), dtype=np.float64)
    D = _next(P) - P  # edge vectors
    Dx, Dy = D[..., None, :, 0], D[..., None, :, 1]
    lengths2 = Dx * Dx + Dy * Dy
    t = RX * Dx + RY * Dy
    t = np.divide(t, lengths2, out=np.zeros_like(t), where=lengths2 > 0)
    t = np.minimum(np.maximum(t, 0.0, out=t), 1.0, out=t)  # the nearest point of each edge
    out = np.hypot(RX - t * Dx, RY - t * Dy).min(axis=-1)
    if k >= 3:
        # inside when on the left of (or on) every counter-clockwise edge
        out[(Dx * RY >= Dy * RX).all(axis=-1)] = 0.0
    return np.asarray(out, dtype=np.float64)


def _next(P: FloatArray) -> FloatArray:
    """Each vertex's successor: ``np.roll(P, -1, axis=-2)``, without its overhead."""
    return np.concatenate((P[..., 1:, :], P[..., :1, :]), axis=-2)


def clip_quadrants(poly: Any, corners: Any) -> tuple[IntArray, FloatArray]:
    r"""The parts of ``poly`` in the quadrants :math:`\{x \ge c\}` for many corners ``c`` at once.

    The part of a convex set in the closed quadrant
    :math:`\{(x, y) : x \ge c_x, y \ge c_y\}` is the hull of the set's vertices
    in the quadrant, the points where its boundary meets the quadrant's two
    edges, and the corner itself if the set holds it: every vertex of the part
    is one of these. Crossings are found as in :func:`clip`, and points on the
    boundary lines are kept, so each part is the one that clipping by the two
    half-planes in turn gives, up to rounding.

    Parameters
    ----------
    poly : ndarray, shape (k, 2)
        A convex polygon, segment, point or the empty set.
    corners : array_like, shape (n, 2)

    Returns
    -------
    index : ndarray of int, shape (p,)
    points : ndarray, shape (p, 2)
        The convex hull of ``points[index == i]`` is the part for ``corners[i]``
        (no point has index ``i`` when that part is empty).
    """
    return _clip_quadrants(_as_points(poly), np.asarray(corners, dtype=np.float64).reshape(-1, 2))


def _clip_quadrants(P: FloatArray, C: FloatArray) -> tuple[IntArray, FloatArray]:
    """:func:`clip_quadrants` of checked ``(k, 2)`` and ``(n, 2)`` arrays."""
    k = len(P)
    if k == 0:
        return np.zeros(0, dtype=np.intp), np.zeros((0, 2))
    D = _next(P) - P
    # level[i, c, m]: vertex m's coordinate c less corner i's, so >= 0 on the kept side
    level = P.T - C[:, :, None]  # (n, 2, k)
    end = np.concatenate((level[:, :, 1:], level[:, :, :1]), axis=2)  # at each edge's end
    inside, end_inside = level >= 0, end >= 0
    crosses = inside != end_inside
    # t in [0, 1] without clipping: |level - end| >= |level| when the signs differ
    t = np.divide(level, level - end, out=np.zeros_like(level), where=crosses)
    # a crossing counts when it is on the kept side of the other line
    other = level[:, ::-1] + t * D.T[::-1] >= 0
    i_vertex, m_vertex = np.nonzero(inside.all(axis=1))
    i_cross, c_cross, m_cross = np.nonzero(crosses & other)
    at = P[m_cross] + t[i_cross, c_cross, m_cross, None] * D[m_cross]
    parts = [P[m_vertex], at]
    index = [i_vertex, i_cross]
    if k >= 3:
        # the corner, when it is on the left of (or on) every counter-clockwise edge
        (i_corner,) = np.nonzero((D[:, 1] * level[:, 0] >= D[:, 0] * level[:, 1]).all(axis=1))
        parts.append(C[i_corner])
        index.append(i_corner)
    # (on a segment the corner, when it is on it, is also a crossing)
    return np.concatenate(index), np.concatenate(parts)


def contains(poly: FloatArray, point: Any, tol: float = 0.0) -> bool:
    """Whether ``point`` lies in the convex set ``poly`` or within ``tol`` of it."""
    return distance(point, poly) <= tol


def hausdorff(P: FloatArray, Q: FloatArray) -> float:
    """The Hausdorff distance between two convex sets (0 if both empty, inf if one is).

    For convex sets the largest distance from one set to the other is reached at
    a vertex, so only vertices are measured.
    """
    return _hausdorff(_as_points(P), _as_points(Q))


def _hausdorff(P: FloatArray, Q: FloatArray) -> float:
    """:func:`hausdorff` of checked ``(k, 2)`` arrays."""
    if len(P) == 0 or len(Q) == 0:
        return 0.0 if len(P) == len(Q) else math.inf
    k = max(len(P), len(Q))
    if min(len(P), len(Q)) < 3 or k > 64:  # a batch pays off for small polygons only
        return max(float(_distances(P, Q).max()), float(_distances(Q, P).max()))
    # Both directions in one batch: each polygon padded to k vertices by repeating
    # its last one, which adds zero-length edges and changes no distance.
    P, Q = _pad(P, k), _pad(Q, k)
    return float(_distances(np.stack((P, Q)), np.stack((Q, P))).max())


def _pad(P: FloatArray, k: int) -> FloatArray:
    """``P`` with its last row repeated up to ``k`` rows."""
    return P if len(P) == k else np.concatenate((P, np.repeat(P[-1:], k - len(P), axis=0)))
