r"""The subgame-perfect equilibrium payoff set of an infinitely repeated game.

The stage game is played in every period; both players see the actions played
(perfect monitoring) and a public lottery drawn at the start of each period
(public randomisation); strategies are pure; both discount by the same factor
:math:`\delta`, with payoffs :math:`(1-\delta)\sum_t \delta^t u(a_t)`.
:func:`spe_payoffs` returns :math:`V^*`, the set of payoff pairs of all
subgame-perfect equilibria. As in :mod:`tradegame.game`, ``A[i, j]`` and
``B[i, j]`` are the row and the column player's payoffs; pairs are ``(row, col)``.

Method
------
A pair :math:`v` is *generated* by a set :math:`W` when some pure profile
:math:`a` and continuation :math:`w \in W` give
:math:`v = (1-\delta) u(a) + \delta w` with
:math:`w_i \ge \underline{w}_i + \tfrac{1-\delta}{\delta} h_i(a)` for both
players, where :math:`h_i(a)` is player :math:`i`'s gain from its best one-shot
deviation and :math:`\underline{w}_i = \min_{x \in W} x_i` is the harshest
punishment :math:`W` offers. With public randomisation the generated set
:math:`B(W)` is convex. Abreu, Pearce and Stacchetti (1990) show that
:math:`V^*` is the largest set with :math:`W \subseteq B(W)`, and that
iterating :math:`B` from any compact superset of :math:`V^*` converges to it.

Here the operator is applied exactly to convex polygons, with one saving from
Abreu and Sannikov (2014): when :math:`u(a)` is itself an admissible
continuation, profile :math:`a` contributes :math:`u(a)` alone (see
:func:`_aps_step`). The result contains :math:`V^*` whenever its input does and
lies inside :math:`B(W)`, so iterating from the feasible set converges to
:math:`V^*` from outside: an unconverged result still contains :math:`V^*`.

The iterates converge only geometrically, at rate :math:`\delta`. Abreu and
Sannikov show that each vertex of :math:`V^*` is a self-enforcing stage payoff
or is generated with a binding incentive constraint and a continuation on the
boundary (so there are at most :math:`3|A|` vertices). Every few iterations
these vertex equations are read off the iterate and solved by Newton's method.
A solution that regenerates itself (to ``1e-11`` of the payoff ranges) lies
inside :math:`V^*`, and the iterate contains :math:`V^*`, so their Hausdorff
distance bounds the error. The solution is returned when that bound is below
``tol``, or below ``1e-2`` of the payoff scale and the previous attempt gave
the same solution. Otherwise iteration stops when successive iterates move
less than ``tol * (1 - delta)``. Above :math:`\delta \approx 0.99` more than
the default 500 iterations may be needed.

Discount factors
----------------
``delta`` is a number in (0, 1) or a ``(row, col)`` pair of equal numbers.
Unequal discount factors are rejected. With :math:`\delta_1 \ne \delta_2` the
map :math:`w \mapsto (1-\delta_i) u_i + \delta_i w_i` is still affine in each
coordinate and the APS characterisation still holds, but the players can trade
payoffs over time (the impatient one is paid first), so :math:`V^*` can leave
the hull of the stage payoffs, and a vertex can be generated with slack
incentive constraints by a continuation that is not itself that vertex: the
Abreu–Sannikov bound on the vertices fails and the set need not be a polygon.

Tolerances
----------
Payoffs are moved by a positive affine map onto ``[0, 1]`` for each player
before any computation (subgame perfection is unchanged by such a map), and
mapped back at the end, so a game translated by ``1e9`` or scaled by ``1e-6``
gives the translated or scaled set. ``tol`` is an absolute accuracy on
payoffs, by default ``1e-10`` times the *payoff scale*, the larger of the two
players' payoff ranges (not :meth:`Game.tolerance`, whose floor of 1 would
break scale invariance). :meth:`PayoffSet.contains` accepts points within
``1e-8`` of the payoff scale, plus a few rounding units of the coordinates.

References
----------
D. Abreu (1988), "On the theory of infinitely repeated games with discounting",
*Econometrica* 56, 383–396.
D. Abreu, D. Pearce and E. Stacchetti (1990), "Toward a theory of discounted
repeated games with imperfect monitoring", *Econometrica* 58, 1041–1063.
D. Abreu and Y. Sannikov (2014), "An algorithm for two-player repeated games
with perfect monitoring", *Theoretical Economics* 9, 313–338.
D. Fudenberg and E. Maskin (1986), "The folk theorem in repeated games with
discounting or with incomplete information", *Econometrica* 54, 533–554.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from tradegame.game import Game
from tradegame.solvers import polygon
from tradegame.solvers._common import FloatArray, require_numeric
from tradegame.solvers._values import check_delta
from tradegame.solvers.minmax import minmax

__all__ = ["PayoffSet", "feasible_set", "folk_region", "spe_payoffs", "worst_payoffs"]

DEFAULT_TOL = 1e-10  # solver accuracy, relative to the payoff scale
CONTAINS_TOL = 1e-8  # PayoffSet.contains, relative to the payoff scale
_GEO = 1e-13  # geometry on [0, 1]^2: merging points, collinearity, incentive slack
_FIXED_TOL = 1e-11  # a polished candidate must be a fixed point of B to this, on [0, 1]^2
_POLISH_EVERY = 5  # iterations between attempts to solve the vertex equations
_ACCEPT_GAP = 1e-2  # on [0, 1]^2: how close an iterate must be to a solution found twice


@dataclass(frozen=True, eq=False)
class PayoffSet:
    r"""A convex set of payoff pairs ``(row, col)``: empty, a point, a segment or a polygon.

    Attributes
    ----------
    vertices : ndarray of float64, shape (k, 2)
        Counter-clockwise from the lowest leftmost vertex, with none repeated or
        mid-edge: ``k = 0`` for the empty set, 1 for a point, 2 for a segment.
    converged : bool
        Whether the solver reached its accuracy (True for sets that need no
        iteration).
    iterations : int
        The number of applications of the generating operator.
    delta : float or None
        The discount factor, for an equilibrium payoff set.
    scale : float
        The payoff scale that default tolerances are relative to: the larger of
        the players' payoff ranges (1 when every payoff is equal).
    """

    vertices: FloatArray
    converged: bool = True
    iterations: int = 0
    delta: float | None = None
    scale: float = 1.0

    def __post_init__(self) -> None:
        vertices = np.array(self.vertices, dtype=np.float64).reshape(-1, 2)
        vertices.setflags(write=False)
        object.__setattr__(self, "vertices", vertices)

    @property
    def kind(self) -> str:
        """``"empty"``, ``"point"``, ``"segment"`` or ``"polygon"``."""
        return polygon.kind(self.vertices)

    @property
    def is_empty(self) -> bool:
        """True when the set has no point."""
        return len(self.vertices) == 0

    def default_tol(self) -> float:
        """``1e-8 * scale`` plus 16 rounding units of the largest coordinate."""
        magnitude = float(np.abs(self.vertices).max()) if len(self.vertices) else 0.0
        return CONTAINS_TOL * self.scale + 16 * np.finfo(float).eps * magnitude

    def contains(self, point: Any, tol: float | None = None) -> bool:
        """Whether ``point`` ``(row, col)`` lies in the set or within ``tol`` of it.

        ``tol`` is an absolute distance in payoff units, by default
        :meth:`default_tol`. The empty set contains nothing.
        """
        x = np.asarray(point, dtype=np.float64).reshape(-1)
        if x.shape != (2,) or not np.all(np.isfinite(x)):
            raise ValueError(f"point must be a pair of finite payoffs (row, col); got {point!r}")
        tol = self.default_tol() if tol is None else float(tol)
        if not tol >= 0:
            raise ValueError(f"tol must be a number >= 0; got {tol!r}")
        return bool(polygon.contains(self.vertices, x, tol))

    def __repr__(self) -> str:
        points = ", ".join(f"({x:.6g}, {y:.6g})" for x, y in self.vertices)
        shown = self.kind if not points else f"{self.kind} {points}"
        extra = "" if self.delta is None else f", delta={self.delta:.6g}"
        if self.iterations:
            state = "converged" if self.converged else "NOT converged"
            plural = "" if self.iterations == 1 else "s"
            extra += f", {state} after {self.iterations} iteration{plural}"
        return f"PayoffSet({shown}{extra})"

    def _repr_markdown_(self) -> str:
        """The vertices as a Markdown table, for notebooks."""
        head = f"**{self.kind}**" + ("" if self.delta is None else f", δ = {self.delta:.6g}")
        if self.iterations and not self.converged:
            head += f" (**not converged** after {self.iterations} iterations)"
        if not len(self.vertices):
            return head
        rows = [f"| {k + 1} | {x:.6g} | {y:.6g} |" for k, (x, y) in enumerate(self.vertices)]
        return "\n".join([head, "", "| vertex | row | col |", "|---:|---:|---:|", *rows])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description."""
        return {
            "kind": self.kind,
            "vertices": [[float(x), float(y)] for x, y in self.vertices],
            "converged": self.converged,
            "iterations": self.iterations,
            "delta": self.delta,
            "scale": self.scale,
        }


@dataclass(frozen=True)
class _Scaled:
    """A game with each player's payoffs moved onto [0, 1]; ``payoff = low + span * scaled``."""

    U: FloatArray  # (m*n, 2) scaled payoff pairs, profiles in row-major order
    H: FloatArray  # (m*n, 2) scaled gains from each player's best one-shot deviation
    low: FloatArray
    span: FloatArray
    scale: float
    levels: tuple[FloatArray, FloatArray]  # each player's distinct payoffs, as given

    @classmethod
    def of(cls, g: Game) -> _Scaled:
        low = np.array([g.A.min(), g.B.min()])
        span = np.array([np.ptp(g.A), np.ptp(g.B)])
        safe = np.where(span > 0, span, 1.0)  # a player with constant payoffs stays at 0
        A, B = (g.A - low[0]) / safe[0], (g.B - low[1]) / safe[1]
        U = np.column_stack([A.ravel(), B.ravel()])
        H = np.column_stack([(A.max(axis=0) - A).ravel(), (B.max(axis=1)[:, None] - B).ravel()])
        scale = float(span.max()) if span.max() > 0 else 1.0
        return cls(U, H, low, span, scale, (np.unique(g.A), np.unique(g.B)))

    def unscale(self, V: FloatArray) -> FloatArray:
        """Payoffs from scaled points; a coordinate within rounding of a stage payoff is it."""
        V = polygon.canonical(polygon.simplify(V, 1e-11), 1e-9)
        out = np.array(self.low + V * self.span, dtype=np.float64).reshape(-1, 2)
        for i, values in enumerate(self.levels):
            x = out[:, i]
            nearest = values[np.abs(values - x[:, None]).argmin(axis=1)]
            # rounding relative to this player's own payoff range: with the joint scale a
            # player paid in far smaller units had distinct payoffs snapped together
            snap = np.abs(nearest - x) <= 1e-12 * self.span[i] + 4 * np.spacing(nearest)
            x[snap] = nearest[snap]
        return out


def _common_delta(g: Game, delta: Any) -> float:
    d_row, d_col = check_delta(delta, g.players)
    for d in (d_row, d_col):
        if getattr(d, "free_symbols", None):
            raise ValueError(f"delta must be a number for the equilibrium payoff set; got {d}")
    if float(d_row) != float(d_col):
        raise ValueError(
            f"the equilibrium payoff set needs one common discount factor; got {d_row} and "
            f"{d_col} (with unequal ones the set need not be a polygon)"
        )
    return float(d_row)


def _aps_step(W: FloatArray, S: _Scaled, delta: float) -> FloatArray:
    r"""One application of the generating operator to the polygon ``W``.

    For each profile :math:`a` the piece :math:`(1-\delta)u(a) + \delta (W \cap Q(a))`
    is generated, :math:`Q(a)` being the continuations that meet both incentive
    constraints, and the hull of the pieces is taken. When :math:`u(a)` itself lies
    in :math:`W \cap Q(a)`, only :math:`u(a)` is kept (Abreu and Sannikov 2014). That
    loses nothing: if :math:`a` generates the point of :math:`V^*` farthest in some
    direction, :math:`u(a)` is at least as far, so the result still contains
    :math:`V^*` when ``W`` does; and it lies inside :math:`B(W)`, which holds
    :math:`u(a) = (1-\delta)u(a) + \delta u(a)`.

    Every profile is handled at once: :func:`polygon.clip_quadrants` gives the
    points whose hull is each :math:`W \cap Q(a)`, and one hull is taken of all.
    """
    if len(W) == 0:
        return W
    need = W.min(axis=0) + (1 - delta) / delta * S.H  # least continuation, per profile
    # _GEO of slack keeps continuations that sit exactly on an incentive line
    alone = (need - _GEO <= S.U).all(axis=1) & (polygon._distances(S.U, W) <= _GEO)
    (rest,) = np.nonzero(~alone)
    # the unchecked versions of polygon's functions: these arrays are finite (k, 2) floats
    index, points = polygon._clip_quadrants(W, need[rest] - _GEO)
    made = (1 - delta) * S.U[rest[index]] + delta * points
    return polygon._hull(np.concatenate((S.U[alone], made)), _GEO)


# --- solving the vertex equations (Abreu and Sannikov 2014) ------------------------------
# A recipe says how B made a vertex (1 - delta) u(a) + delta w from the polygon V:
# ("vertex", a, m) has w = V[m]; ("edge", a, i, m) has w where player i's incentive
# line meets the line through V[m] and V[m + 1]; ("corner", a) has w where both
# incentive lines meet. Punishments come from two fixed vertices, so recipes are
# smooth in V, and their fixed point is a candidate for the equilibrium set.

Recipe = tuple[Any, ...]
_MATCH = 1e-11  # a recipe reproduces a vertex of the next iterate to this, on [0, 1]^2


def _generate(
    recipes: list[Recipe], V: FloatArray, low: tuple[int, int], S: _Scaled, delta: float
) -> tuple[FloatArray, FloatArray]:
    """The points that ``recipes`` generate from the polygon ``V``, and their Jacobian.

    The Jacobian is of the flattened points with respect to the flattened ``V``,
    shape ``(2 len(recipes), 2 len(V))``, worked out by hand from the three
    recipe formulas (each a rational function of a few coordinates of ``V``).
    The loop runs on Python floats, as it handles a handful of points. An edge
    parallel to the incentive line it is cut by gives NaN.
    """
    k = len(V)
    rows = V.tolist()
    U, H = S.U.tolist(), S.H.tolist()
    punish = (rows[low[0]][0], rows[low[1]][1])
    ratio = (1 - delta) / delta
    out = np.empty((len(recipes), 2))
    J = np.zeros((2 * len(recipes), 2 * k))
    for j, recipe in enumerate(recipes):
        kind, a = recipe[0], recipe[1]
        if kind == "vertex":
            m = recipe[2]
            w = rows[m]
            J[2 * j, 2 * m] = J[2 * j + 1, 2 * m + 1] = delta
        elif kind == "corner":
            w = [punish[0] + ratio * H[a][0], punish[1] + ratio * H[a][1]]
            J[2 * j, 2 * low[0]] = J[2 * j + 1, 2 * low[1] + 1] = delta
        else:
            # w = P + s (Q - P), where s = (need_i - P_i) / (Q_i - P_i) puts w on
            # player i's incentive line, need_i = punish_i + ratio * h_i
            i, m = recipe[2], recipe[3]
            m1 = (m + 1) % k
            P, Q = rows[m], rows[m1]
            span = Q[i] - P[i]
            if span == 0:
                out[j] = J[2 * j : 2 * j + 2] = math.nan
                continue
            s = (punish[i] + ratio * H[a][i] - P[i]) / span
            w = [P[0] + s * (Q[0] - P[0]), P[1] + s * (Q[1] - P[1])]
            # dw_c = (1 - s) dP_c + s dQ_c + (Q_c - P_c) ds, with
            # ds = ((s - 1) dP_i - s dQ_i + d punish_i) / span
            for c in (0, 1):
                r, lean = 2 * j + c, delta * (Q[c] - P[c]) / span
                J[r, 2 * m + c] += delta * (1 - s)
                J[r, 2 * m1 + c] += delta * s
                J[r, 2 * m + i] += lean * (s - 1)
                J[r, 2 * m1 + i] -= lean * s
                J[r, 2 * low[i] + i] += lean
        out[j] = ((1 - delta) * U[a][0] + delta * w[0], (1 - delta) * U[a][1] + delta * w[1])
    return out, J


def _recipes(targets: FloatArray, V: FloatArray, S: _Scaled, delta: float) -> list[Recipe | None]:
    """For each of ``targets``, a recipe that produces it from ``V`` in one application of B.

    None where there is none. Profiles are tried in order; for each, the corner,
    then an edge where the row player's incentive constraint binds, then one
    where the column player's does; the first that fits is taken. A binding
    incentive constraint is preferred to a bare vertex: by Abreu and Sannikov
    (2014) that is how vertices of the equilibrium set are made, except a stage
    payoff that regenerates itself, so a vertex recipe is used only when nothing
    else fits, and then the last profile whose stage payoff is the target, if
    any, else the first that fits. Every target, profile and edge is tested at once.
    """
    need = V.min(axis=0) + (1 - delta) / delta * S.H  # least continuation, per profile, (n, 2)
    w = (targets[:, None, :] - (1 - delta) * S.U) / delta  # continuations, (t, n, 2)
    gap = w - need
    fits = (w >= need - _MATCH).all(axis=2)  # (t, n)
    # binding[:, :, i]: player i's incentive constraint binds
    binding = fits[..., None] & (np.abs(gap) <= _MATCH)
    corner = fits & (np.hypot(gap[..., 0], gap[..., 1]) <= _MATCH)
    D = polygon._next(V) - V
    # where each player's incentive line meets the line through each edge, (n, 2, k, 2)
    with np.errstate(all="ignore"):
        t = (need[:, :, None] - V.T) / D.T
        at = V + t[..., None] * D
    usable = (np.abs(D.T) > _MATCH) & (t >= -_MATCH) & (t <= 1 + _MATCH)  # (n, 2, k)
    off = at - w[:, :, None, None, :]  # (t, n, 2, k, 2)
    on_edge = (np.hypot(off[..., 0], off[..., 1]) <= _MATCH) & usable & binding[..., None]
    # by profile, then the corner before a row edge before a column edge
    found = np.concatenate((corner[..., None], on_edge.any(axis=3)), axis=2)
    found = found.reshape(len(targets), -1)
    first = found.argmax(axis=1)
    hit = np.any(found, axis=1)
    out: list[Recipe | None] = []
    for j in range(len(targets)):
        if hit[j]:
            a, what = divmod(int(first[j]), 3)
            if what == 0:
                out.append(("corner", a))
            else:
                out.append(("edge", a, what - 1, int(on_edge[j, a, what - 1].argmax())))
            continue
        off = V - w[j, :, None, :]  # (n, k, 2)
        at_vertex = (np.hypot(off[..., 0], off[..., 1]) <= _MATCH) & fits[j, :, None]
        can = np.flatnonzero(at_vertex.any(axis=1))
        if len(can) == 0:
            out.append(None)
            continue
        stage = can[np.hypot(*(targets[j] - S.U[can]).T) <= _MATCH]
        a = int(stage[-1]) if len(stage) else int(can[0])
        out.append(("vertex", a, int(at_vertex[a].argmax())))
    return out


def _newton(
    recipes: list[Recipe], low: tuple[int, int], V0: FloatArray, S: _Scaled, delta: float
) -> FloatArray | None:
    """Solve ``V = generate(V)`` by Newton's method from ``V0``; None if it fails."""
    x = V0.ravel().copy()
    eye = np.eye(len(x))
    first = math.inf
    with np.errstate(all="ignore"):
        for it in range(12):
            made, J = _generate(recipes, x.reshape(-1, 2), low, S, delta)
            r = made.ravel() - x
            err = float(np.abs(r).max()) if np.all(np.isfinite(r)) else math.inf
            first = err if it == 0 else first
            if err <= 1e-15:
                break
            if err == math.inf or (it >= 4 and err > 1e-3 * first):
                return None  # a wrong structure: Newton is not converging fast
            J -= eye
            if not np.all(np.isfinite(J)):
                return None
            x = x - np.linalg.lstsq(J, r, rcond=None)[0]
        else:
            made, _ = _generate(recipes, x.reshape(-1, 2), low, S, delta)
            if np.abs(made.ravel() - x).max() > 1e-12:
                return None
    return x.reshape(-1, 2)


def _polish(W: FloatArray, S: _Scaled, delta: float, eta: float) -> FloatArray | None:
    """The fixed point of B with the vertex structure of ``W``, or None.

    Vertices within ``eta`` of a neighbour or a chord go first (iterates carry
    slivers that flatten only in the limit); every edge left must be longer than
    ``4 * eta``. Each vertex gets the recipe that made the nearest vertex of
    B(W); their fixed point is kept only if B gives it back to ``_FIXED_TOL``.
    """
    V = polygon.simplify(W, eta)
    if len(V) >= 2 and np.hypot(*(polygon._next(V) - V).T).min() < 4 * eta:
        return None
    made = _aps_step(V, S, delta)
    if len(V) == 0 or len(made) == 0:
        return None
    distances = np.hypot(*(made[None, :, :] - V[:, None, :]).transpose(2, 0, 1))  # (k, made)
    nearest = np.argmin(distances, axis=1)
    if np.any(distances[np.arange(len(V)), nearest] > eta):
        return None
    recipes = [r for r in _recipes(made[nearest], V, S, delta) if r is not None]
    if len(recipes) < len(V):
        return None
    low = (int(np.argmin(V[:, 0])), int(np.argmin(V[:, 1])))
    solved = _newton(recipes, low, V, S, delta)
    if solved is None:
        return None
    F = polygon.convex_hull(solved, _GEO)
    if polygon.hausdorff(_aps_step(F, S, delta), F) > _FIXED_TOL:
        return None
    return F


def _iterate(S: _Scaled, delta: float, tol: float, max_iter: int) -> tuple[FloatArray, bool, int]:
    """Iterate from the feasible set: (vertices, converged, iterations); see the module."""
    W = polygon.convex_hull(S.U, _GEO)
    previous: FloatArray | None = None
    for it in range(1, max_iter + 1):
        W_next = _aps_step(W, S, delta)
        if len(W_next) == 0:
            return W_next, True, it
        step = polygon._hausdorff(W_next, W)
        W = W_next
        done = step <= tol * (1 - delta)
        if not done and it % _POLISH_EVERY:
            continue
        F = None
        # a fine scale, then the scale of what is left to go at rate delta
        for eta in (10 * step + 1e3 * _GEO, 10 * step / (1 - delta) + 1e3 * _GEO):
            F = _polish(W, S, delta, eta)
            if F is not None and np.all(polygon.distances(F, W) <= _FIXED_TOL):
                break
            F = None
        gap = math.inf if F is None else polygon.hausdorff(F, W)
        if F is not None and gap <= tol:
            return F, True, it
        if done:
            return polygon.simplify(W, tol), True, it
        if (
            F is not None
            and previous is not None
            and gap <= _ACCEPT_GAP
            and polygon.hausdorff(F, previous) <= _FIXED_TOL  # found twice
        ):
            return F, True, it
        previous = F if gap <= _ACCEPT_GAP else None
    return polygon.simplify(W, _GEO), False, max_iter


# --- public functions ---------------------------------------------------------------------


def spe_payoffs(g: Game, delta: Any, tol: float | None = None, max_iter: int = 500) -> PayoffSet:
    r"""The set of pure-strategy subgame-perfect equilibrium payoffs of the repeated game.

    Perfect monitoring, public randomisation, and a common discount factor; the
    method (Abreu, Pearce and Stacchetti 1990; Abreu and Sannikov 2014) and the
    tolerances are described in the module docstring.

    Parameters
    ----------
    g : Game
        A numeric or exact stage game.
    delta : number or pair of equal numbers
        The common discount factor, strictly between 0 and 1.
    tol : float, optional
        Absolute accuracy on payoffs, by default ``1e-10`` times the payoff scale.
    max_iter : int
        The most applications of the generating operator.

    Returns
    -------
    PayoffSet
        Empty when no pure-strategy subgame-perfect equilibrium exists; a point
        or a segment when the set is one. When ``converged`` is False the set is
        an outer approximation: it contains every equilibrium payoff pair.

    Raises
    ------
    ValueError
        If the game is symbolic, ``delta`` is not a number in (0, 1) or is a pair
        of unequal numbers, ``tol`` is not positive, or ``max_iter < 1``.
    TypeError
        If ``g`` is not a :class:`~tradegame.game.Game`.

    Examples
    --------
    >>> from tradegame import Game
    >>> pd = Game([[9, 1], [10, 3]], [[9, 10], [1, 3]])
    >>> spe_payoffs(pd, 0.75).vertices.round(6).tolist()
    [[3.0, 3.0], [9.75, 3.0], [9.0, 9.0], [3.0, 9.75]]
    """
    require_numeric(g, "spe_payoffs")
    d = _common_delta(g, delta)
    S = _Scaled.of(g)
    if tol is None:
        tol = DEFAULT_TOL * S.scale
    elif not (isinstance(tol, numbers.Real) and not isinstance(tol, bool) and 0 < tol < math.inf):
        raise ValueError(f"tol must be a positive number of payoff units; got {tol!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, int | np.integer) or max_iter < 1:
        raise ValueError(f"max_iter must be a whole number >= 1; got {max_iter!r}")
    V, converged, iterations = _iterate(S, d, tol / S.scale, int(max_iter))
    return PayoffSet(S.unscale(V), converged, iterations, d, S.scale)


def worst_payoffs(
    g: Game, delta: Any, tol: float | None = None, max_iter: int = 500
) -> tuple[float, float]:
    r"""Each player's worst subgame-perfect equilibrium payoff, ``(row, col)``.

    These are the values of Abreu's (1988) optimal penal codes: the harshest
    credible punishment of each player, :math:`\min_{v \in V^*} v_i`, read off
    :func:`spe_payoffs` (same arguments). Each is at least the player's pure
    minmax value. Should the solver not converge, they are lower bounds.

    Raises
    ------
    ValueError
        If the equilibrium payoff set is empty (there is then no equilibrium to
        punish with), or for the bad inputs of :func:`spe_payoffs`.
    """
    found = spe_payoffs(g, delta, tol, max_iter)
    if found.is_empty:
        raise ValueError(
            f"no pure-strategy subgame-perfect equilibrium exists at delta={found.delta:g}, "
            "so there are no worst payoffs"
        )
    low = found.vertices.min(axis=0)
    return float(low[0]), float(low[1])


def feasible_set(g: Game) -> PayoffSet:
    """The feasible payoff set: the convex hull of the pure payoff pairs ``(A[i, j], B[i, j])``.

    With public randomisation and a common discount factor, these are exactly the
    payoff pairs of the repeated game's strategy profiles.
    """
    require_numeric(g, "feasible_set")
    S = _Scaled.of(g)
    return PayoffSet(S.unscale(polygon.convex_hull(S.U, _GEO)), scale=S.scale)


_IR_SLACK = 1e-12  # in payoffs scaled to [0, 1]: below any meaningful difference


def folk_region(g: Game, pure: bool = True) -> PayoffSet:
    r"""The feasible pairs that give each player at least its minmax value.

    With ``pure=True`` (the default) the bound is the pure minmax
    :math:`\min_{a_j} \max_{a_i} u_i(a_i, a_j)`. That is the right bound for
    :func:`spe_payoffs`: in a pure-strategy equilibrium the punisher's action is
    pure and seen, so a player can always best respond to it, and every
    equilibrium payoff lies in this region; by the folk theorem (Fudenberg and
    Maskin 1986) every pair in its interior is one when :math:`\delta` is close
    enough to 1. With ``pure=False`` the bound is the mixed minmax, which is
    lower, so the region is larger: it is the folk-theorem region when punishers
    may mix and their mixtures can be observed.
    """
    require_numeric(g, "folk_region")
    S = _Scaled.of(g)
    bound = (np.asarray(minmax(g, pure=pure)) - S.low) / np.where(S.span > 0, S.span, 1.0)
    region = polygon.convex_hull(S.U, _GEO)
    hull = region
    region = polygon.clip(region, (1.0, 0.0), bound[0])
    region = polygon.clip(region, (0.0, 1.0), bound[1])
    if len(region) == 0 and polygon.contains(hull, bound, _IR_SLACK):
        # the region is the minmax pair alone, on the hull's boundary: clipping in
        # floats can lose a single point, so keep it
        region = np.asarray([bound], dtype=np.float64)
    return PayoffSet(S.unscale(polygon.convex_hull(region, _GEO)), scale=S.scale)
