r"""A model-free stochastic game on a grid of states.

A :class:`StochasticGame` holds a finite grid of states, two players' action
names, a stage payoff for every state and action profile, a deterministic
next-state map on the continuous state, and the discount factors. The solvers
are in :mod:`tradegame.solvers.markov` (Markov perfect equilibria, backward
induction), :mod:`tradegame.solvers.paths` (equilibrium paths) and
:mod:`tradegame.solvers.regions` (the leverage window and the self-harm region).

Index conventions
-----------------
The state is a point :math:`s \in \mathbb{R}^d`. Each state dimension has an
*owner*, the player whose action moves it: dimension :math:`k` of the next
state depends only on the current values of the owner's dimensions and on the
owner's action. (In the chips-and-minerals game the pressure on and the
dependence on a good move only with its holder's restrictions.) The row
player's dimensions come first. The grid is the Cartesian product of one
increasing array of nodes per dimension; state ``s`` is the C-order index of a
node, so it factors as ``s = s0 * N1 + s1`` with ``s0`` indexing the row
player's block of dimensions (``N0`` nodes) and ``s1`` the column player's
(``N1`` nodes). As in :mod:`tradegame.game`, ``i`` indexes row actions and
``j`` column actions; player 0 is the row player.

* ``U[s, i, j, p]``: player ``p``'s stage payoff, :attr:`StochasticGame.payoffs`.
* ``V[s, p]``: values; ``x[s, i]`` and ``y[s, j]``: mixed strategies.

Continuation values
-------------------
The next state :math:`t = f(s, i, j)` is continuous. Its value is the
multilinear interpolation of the values at the :math:`2^d` corners of the grid
cell holding :math:`t` (points outside the grid are first clipped onto it), so
the grid game is a stochastic game in the sense of Shapley (1953) with the
interpolation weights as transition probabilities (Judd 1998, ch. 6 and 12).
Because each block moves only with its owner's action, the weights factor,
:math:`T[s, i, j, t] = T_0[s_0, i, t_0]\, T_1[s_1, j, t_1]`, and the expected
continuation of a value matrix :math:`V` (shape ``(N0, N1)``) is
:math:`T_0 V T_1^\top`: two sparse products, never the full
``(n_states, m, n, n_states)`` array (which :meth:`StochasticGame.transition_matrix`
builds only for small grids, for checking).

Tolerances
----------
``R`` is the payoff range of ``U`` over all states, profiles and players
(:attr:`StochasticGame.payoff_range`). :func:`tolerances` gives the default
residual tolerance of value iteration, :math:`10^{-8} \max(1, R)`, and the
tolerance of equilibrium checks, :math:`10^{-9} \max(1, R/(1-\delta_{\max}))`,
the scale of values.

References
----------
Shapley, L. S. (1953). Stochastic games. *PNAS* 39(10), 1095--1100.
Judd, K. L. (1998). *Numerical Methods in Economics*. MIT Press.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # pragma: no cover
    from tradegame.solvers.markov import FiniteSolution, MarkovSolution
    from tradegame.solvers.paths import Path

__all__ = [
    "StochasticGame",
    "as_stochastic_game",
    "first_values",
    "profile_values",
    "terminal_values",
    "tolerances",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: ``step(player, points, action)``: the next values of ``player``'s block of
#: dimensions, shape ``(k, d_player)``, from ``points`` of that block when it plays ``action``.
StepFn = Callable[[int, FloatArray, int], FloatArray]
#: ``payoff(points)``: stage payoffs ``(k, m, n, 2)`` at full states ``points`` ``(k, d)``.
PayoffFn = Callable[[FloatArray], FloatArray]
#: ``derived(points)``: named quantities ``{name: (k,) array}`` computed from states.
DerivedFn = Callable[[FloatArray], dict[str, FloatArray]]

_FIELDS = (
    "grids",
    "owners",
    "step",
    "payoff",
    "actions",
    "discount",
    "players",
    "names",
    "start",
    "derived",
)
_DENSE_LIMIT = 4096  # largest state count for which transition_matrix() builds the dense array
_EQ_REL = 1e-9  # equilibrium checks: relative to the scale of values
_TOL_REL = 1e-8  # default residual tolerance: relative to the payoff range
# Above this discount factor profile_values solves its linear equations instead of
# iterating: iteration needs about 1 / (1 - delta) steps, and its stopping rule
# tol * (1 - delta) falls below the rounding of values of size R / (1 - delta)
# near delta = 0.9999, so the loop never ended.
_SOLVE_ABOVE = 0.999


@dataclass(frozen=True, eq=False)
class StochasticGame:
    r"""A two-player stochastic game on a grid of states (see the module docstring).

    Parameters
    ----------
    grids : sequence of 1-d arrays
        The nodes of each state dimension, strictly increasing (one node is allowed).
    owners : sequence of int
        For each dimension, the player (0 row, 1 column) whose action moves it;
        the row player's dimensions first.
    step : callable
        ``step(player, points, action) -> next_points``: the deterministic next values of
        ``player``'s block of dimensions, shape ``(k, d_player)``, from points of that block.
    payoff : callable
        ``payoff(points) -> U``: stage payoffs of shape ``(k, m, n, 2)`` at states ``(k, d)``.
    actions : pair of sequences of str
        The row and the column player's action names.
    discount : pair of float
        The discount factors :math:`(\delta_0, \delta_1)`, each in (0, 1).
    players : pair of str, optional
        Player names.
    names : sequence of str, optional
        Dimension names, for state labels; default ``x0, x1, ...``.
    start : array_like, optional
        The initial state (continuous); default the lowest node of every dimension.
    derived : callable, optional
        ``derived(points) -> {name: values}``: quantities reported along a path.

    Raises
    ------
    ValueError
        If a grid is not strictly increasing and finite, owners are not 0/1 with
        the row player's first, names or actions do not match, a discount is
        outside (0, 1), or the start lies outside the grid.
    """

    grids: tuple[FloatArray, ...]
    owners: tuple[int, ...]
    step: StepFn
    payoff: PayoffFn
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    discount: tuple[float, float]
    players: tuple[str, str] = ("row", "col")
    names: tuple[str, ...] = ()
    start: FloatArray | None = None
    derived: DerivedFn | None = None

    def __post_init__(self) -> None:
        grids = []
        for k, g in enumerate(self.grids):
            arr = np.asarray(g, dtype=np.float64).reshape(-1)
            if arr.size < 1 or not np.all(np.isfinite(arr)) or np.any(np.diff(arr) <= 0):
                raise ValueError(
                    f"grid {k} must be a non-empty, finite, strictly increasing array; got {g!r}"
                )
            arr.setflags(write=False)
            grids.append(arr)
        object.__setattr__(self, "grids", tuple(grids))
        owners = tuple(int(o) for o in self.owners)
        if len(owners) != len(grids) or any(o not in (0, 1) for o in owners):
            raise ValueError(
                f"owners must give 0 (row) or 1 (column) for each of the {len(grids)} "
                f"dimensions; got {self.owners!r}"
            )
        if list(owners) != sorted(owners):
            raise ValueError(f"the row player's dimensions must come first; owners {owners}")
        object.__setattr__(self, "owners", owners)
        names = tuple(self.names) or tuple(f"x{k}" for k in range(len(grids)))
        if len(names) != len(grids) or len(set(names)) != len(names):
            raise ValueError(f"names must be {len(grids)} distinct strings; got {self.names!r}")
        object.__setattr__(self, "names", tuple(str(n) for n in names))
        if len(self.actions) != 2:
            raise ValueError("actions must be a pair: (row actions, column actions)")
        actions = (tuple(map(str, self.actions[0])), tuple(map(str, self.actions[1])))
        for who, names_ in zip(("row", "column"), actions, strict=True):
            if not names_ or len(set(names_)) != len(names_):
                raise ValueError(f"the {who} player needs distinct action names; got {names_!r}")
        object.__setattr__(self, "actions", actions)
        if len(self.discount) != 2:
            raise ValueError(f"discount must be a (row, col) pair; got {self.discount!r}")
        discount = (float(self.discount[0]), float(self.discount[1]))
        if not all(0.0 < d < 1.0 for d in discount):
            raise ValueError(f"each discount factor must lie in (0, 1); got {discount}")
        object.__setattr__(self, "discount", discount)
        if len(self.players) != 2 or self.players[0] == self.players[1]:
            raise ValueError(f"players must be two distinct names; got {self.players!r}")
        object.__setattr__(self, "players", (str(self.players[0]), str(self.players[1])))
        low = np.array([g[0] for g in grids])
        start = low if self.start is None else np.asarray(self.start, dtype=np.float64).ravel()
        high = np.array([g[-1] for g in grids])
        if start.shape != low.shape or not np.all(np.isfinite(start)):
            raise ValueError(f"start must be a point with {len(grids)} coordinates; got {start}")
        if np.any(start < low - 1e-12) or np.any(start > high + 1e-12):
            raise ValueError(
                f"start {start.tolist()} lies outside the grid {low.tolist()} to {high.tolist()}"
            )
        start = start.copy()
        start.setflags(write=False)
        object.__setattr__(self, "start", start)

    # --- shape -----------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        """``(m, n)``: the numbers of row and column actions."""
        return (len(self.actions[0]), len(self.actions[1]))

    @property
    def block_dims(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The indices of the dimensions each player owns."""
        return (
            tuple(k for k, o in enumerate(self.owners) if o == 0),
            tuple(k for k, o in enumerate(self.owners) if o == 1),
        )

    @property
    def block_sizes(self) -> tuple[int, int]:
        """``(N0, N1)``: the number of grid nodes of each player's block."""
        return (
            int(np.prod([self.grids[k].size for k in self.block_dims[0]], dtype=np.int64)),
            int(np.prod([self.grids[k].size for k in self.block_dims[1]], dtype=np.int64)),
        )

    @property
    def n_states(self) -> int:
        """The number of grid states."""
        n0, n1 = self.block_sizes
        return n0 * n1

    def __repr__(self) -> str:
        sizes = "x".join(str(g.size) for g in self.grids) or "1"
        m, n = self.shape
        return (
            f"StochasticGame({self.n_states} states ({sizes} over {', '.join(self.names)}), "
            f"{m}x{n} actions, players={self.players}, discount={self.discount})"
        )

    # --- states ------------------------------------------------------------------
    def points(self) -> FloatArray:
        """The grid states as points, shape ``(n_states, d)``, in state order."""
        if not self.grids:
            return np.zeros((1, 0))
        mesh = np.meshgrid(*self.grids, indexing="ij")
        return np.stack([m.ravel() for m in mesh], axis=1)

    def label(self, point: Any) -> str:
        """A readable label for a state, ``"name=value, ..."``."""
        values = np.asarray(point, dtype=np.float64).ravel()
        return ", ".join(f"{n}={v:.4g}" for n, v in zip(self.names, values, strict=True))

    def labels(self) -> list[str]:
        """A label for every grid state, in state order."""
        return [self.label(p) for p in self.points()]

    # --- payoffs and transitions ---------------------------------------------------
    @cached_property
    def payoffs(self) -> FloatArray:
        """Stage payoffs ``U`` of shape ``(n_states, m, n, 2)`` at the grid states."""
        U = self.stage_payoffs(self.points())
        U.setflags(write=False)
        return U

    def stage_payoffs(self, points: Any) -> FloatArray:
        """Stage payoffs at any states ``points`` (shape ``(k, d)``): ``(k, m, n, 2)``."""
        pts = np.atleast_2d(np.asarray(points, dtype=np.float64))
        m, n = self.shape
        U = np.asarray(self.payoff(pts), dtype=np.float64)
        if U.shape != (pts.shape[0], m, n, 2):
            raise ValueError(f"payoff must return shape {(pts.shape[0], m, n, 2)}; got {U.shape}")
        if not np.all(np.isfinite(U)):
            raise ValueError("payoff returned a non-finite payoff")
        return U

    @cached_property
    def payoff_range(self) -> float:
        """The largest stage payoff minus the smallest, over all states and players."""
        return float(self.payoffs.max() - self.payoffs.min())

    def next_block(self, player: int, points: Any, action: int) -> FloatArray:
        """The next values of ``player``'s block from block ``points`` under ``action``."""
        dims = self.block_dims[player]
        if not dims:  # a player that moves no dimension: its block is a single empty point
            rows = np.shape(points)[0] if np.ndim(points) == 2 else 1
            return np.zeros((rows, 0))
        pts = np.asarray(points, dtype=np.float64).reshape(-1, len(dims))
        out = np.asarray(self.step(player, pts, action), dtype=np.float64)
        if out.shape != pts.shape:
            raise ValueError(f"step must return shape {pts.shape}; got {out.shape}")
        if not np.all(np.isfinite(out)):
            raise ValueError("step returned a non-finite state")
        return out

    def next_state(self, point: Any, i: int, j: int) -> FloatArray:
        """The continuous next state from ``point`` when the players play ``(i, j)``."""
        p = np.asarray(point, dtype=np.float64).ravel()
        d0, d1 = self.block_dims
        return np.concatenate(
            [self.next_block(0, p[list(d0)], i)[0], self.next_block(1, p[list(d1)], j)[0]]
        )

    def _block_points(self, player: int) -> FloatArray:
        dims = self.block_dims[player]
        if not dims:
            return np.zeros((1, 0))
        mesh = np.meshgrid(*(self.grids[k] for k in dims), indexing="ij")
        return np.stack([m.ravel() for m in mesh], axis=1)

    @cached_property
    def _operators(self) -> tuple[Any, Any]:
        """Sparse ``T_p`` of shape ``(N_p * actions_p, N_p)``: row ``s_p * actions_p + a``."""
        from scipy import sparse

        ops = []
        for player in (0, 1):
            dims = self.block_dims[player]
            pts = self._block_points(player)
            count = len(self.actions[player])
            nodes = pts.shape[0]
            rows, cols, vals = [], [], []
            for a in range(count):
                nxt = self.next_block(player, pts, a)
                idx, w = _weights([self.grids[k] for k in dims], nxt)
                r = np.repeat(np.arange(nodes) * count + a, idx.shape[1])
                rows.append(r)
                cols.append(idx.ravel())
                vals.append(w.ravel())
            T = sparse.csr_matrix(
                (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                shape=(nodes * count, nodes),
            )
            ops.append(T)
        return ops[0], ops[1]

    def continuation(self, V: Any) -> FloatArray:
        r"""Expected next-period values :math:`\sum_t T[s, i, j, t] V[t]`, shape ``(S, m, n)``.

        ``V`` has one value per grid state (shape ``(n_states,)``).
        """
        n0, n1 = self.block_sizes
        m, n = self.shape
        Vm = np.asarray(V, dtype=np.float64).reshape(n0, n1)
        T0, T1 = self._operators
        X = T0 @ Vm  # (n0 * m, n1)
        C = np.asarray((T1 @ X.T).T)  # (n0 * m, n1 * n)
        return C.reshape(n0, m, n1, n).transpose(0, 2, 1, 3).reshape(n0 * n1, m, n)

    def interpolate(self, V: Any, points: Any) -> FloatArray:
        """Values ``V`` (one per grid state) interpolated at continuous ``points`` ``(k, d)``."""
        pts = np.atleast_2d(np.asarray(points, dtype=np.float64))
        vals = np.asarray(V, dtype=np.float64).reshape(self.n_states, -1)
        if not self.grids:
            return np.repeat(vals, pts.shape[0], axis=0).reshape((pts.shape[0], *np.shape(V)[1:]))
        idx, w = _weights(list(self.grids), pts)
        out = np.einsum("kc,kcp->kp", w, vals[idx])
        return out.reshape((pts.shape[0], *np.shape(V)[1:]))

    def transition_matrix(self) -> FloatArray:
        """The dense transition array ``(n_states, m, n, n_states)``, for small grids only.

        Raises
        ------
        ValueError
            If the grid has more than 4096 states.
        """
        if self.n_states > _DENSE_LIMIT:
            raise ValueError(
                f"transition_matrix is for grids of at most {_DENSE_LIMIT} states; "
                f"this one has {self.n_states}"
            )
        n0, n1 = self.block_sizes
        m, n = self.shape
        T0 = self._operators[0].toarray().reshape(n0, m, n0)
        T1 = self._operators[1].toarray().reshape(n1, n, n1)
        full = np.einsum("aib,cjd->acijbd", T0, T1)
        return full.reshape(n0 * n1, m, n, n0 * n1)

    def simulate(
        self, solution: MarkovSolution | FiniteSolution, periods: int, start: Any = None
    ) -> Path:
        """The equilibrium path of ``solution`` (:func:`tradegame.solvers.paths.simulate_path`)."""
        from tradegame.solvers.paths import simulate_path

        return simulate_path(self, solution, periods, start)


def as_stochastic_game(game: Any) -> StochasticGame:
    """``game`` itself, or a StochasticGame built from an object with the same fields.

    Any object with the attributes ``grids, owners, step, payoff, actions,
    discount, players, names, start, derived`` is accepted, so a model layer can
    describe its dynamic game without depending on the solvers.
    """
    if isinstance(game, StochasticGame):
        return game
    cached = getattr(game, "_stochastic_game", None)
    if isinstance(cached, StochasticGame):
        return cached
    missing = [f for f in _FIELDS if not hasattr(game, f)]
    if missing:
        raise TypeError(
            f"expected a StochasticGame or an object with {', '.join(_FIELDS)}; "
            f"{type(game).__name__} lacks {', '.join(missing)}"
        )
    built = StochasticGame(**{f: getattr(game, f) for f in _FIELDS})
    # remember the conversion, so a second solver call reuses its arrays
    with contextlib.suppress(AttributeError, TypeError):
        object.__setattr__(game, "_stochastic_game", built)
    return built


def _weights(grids: Sequence[FloatArray], points: FloatArray) -> tuple[IntArray, FloatArray]:
    """Multilinear interpolation: corner node indices and weights, each ``(k, 2**d)``.

    Points are clipped onto the grid first. A one-node dimension contributes
    weight 1 to its only node.
    """
    k = points.shape[0]
    d = len(grids)
    lower = np.zeros((k, d), dtype=np.int64)
    frac = np.zeros((k, d))
    sizes = [g.size for g in grids]
    for dim, g in enumerate(grids):
        if g.size == 1:
            continue
        x = np.clip(points[:, dim], g[0], g[-1])
        lo = np.clip(np.searchsorted(g, x, side="right") - 1, 0, g.size - 2)
        lower[:, dim] = lo
        frac[:, dim] = (x - g[lo]) / (g[lo + 1] - g[lo])
    strides = np.ones(d, dtype=np.int64)
    for dim in range(d - 2, -1, -1):
        strides[dim] = strides[dim + 1] * sizes[dim + 1]
    corners = 1 << d
    idx = np.zeros((k, corners), dtype=np.int64)
    w = np.ones((k, corners))
    for c in range(corners):
        for dim in range(d):
            up = (c >> (d - 1 - dim)) & 1
            node = lower[:, dim] + (up if sizes[dim] > 1 else 0)
            idx[:, c] += node * strides[dim]
            w[:, c] *= frac[:, dim] if up else 1.0 - frac[:, dim]
    return idx, w


def tolerances(dyn: StochasticGame, tol: float | None = None) -> tuple[float, float]:
    """``(residual tolerance, equilibrium tolerance)``, both scaled to the payoffs.

    ``tol``, when given, replaces the residual tolerance.

    Raises
    ------
    ValueError
        If ``tol`` is not a finite number above 0.
    """
    R = max(1.0, dyn.payoff_range)
    if tol is None:
        tol = _TOL_REL * R
    elif not np.isfinite(tol) or tol <= 0:
        raise ValueError(f"tol must be a finite number > 0; got {tol!r}")
    return float(tol), float(_EQ_REL * R / (1.0 - max(dyn.discount)))


def first_values(dyn: StochasticGame, tol: float | None = None) -> FloatArray:
    """Values ``(n_states, 2)`` of both players playing their first action forever."""
    return profile_values(dyn, 0, 0, tol)


def profile_values(dyn: Any, row: int, col: int, tol: float | None = None) -> FloatArray:
    r"""Values ``(n_states, 2)`` of the players holding the profile ``(row, col)`` forever.

    Iterates :math:`V = U[\cdot, i, j] + \delta\, T_0^{(i)} V T_1^{(j)\top}` with the
    rows of the transition operators for those actions only, until the values
    are within ``tol`` of the fixed point (a contraction: the error after a
    change of :math:`c` is at most :math:`c\,\delta / (1 - \delta)`). When a
    discount factor exceeds 0.999 the same linear equations are solved directly
    (a sparse LU factorisation), accurate to rounding, since iteration would take
    about :math:`1/(1-\delta)` steps.

    Raises
    ------
    ValueError
        If an action index is out of range.
    """
    dyn = as_stochastic_game(dyn)
    m, n = dyn.shape
    for name, a, count in (("row", row, m), ("col", col, n)):
        if isinstance(a, bool) or not isinstance(a, int | np.integer) or not 0 <= a < count:
            raise ValueError(f"{name} must be an action index 0..{count - 1}; got {a!r}")
    tol = tolerances(dyn, tol)[0]
    n0, n1 = dyn.block_sizes
    T0, T1 = dyn._operators
    A0, A1 = T0[row::m], T1[col::n]  # rows of these actions: (n0, n0) and (n1, n1)
    U = dyn.payoffs[:, row, col, :]
    delta = np.array(dyn.discount)
    if delta.max() > _SOLVE_ABOVE:
        from scipy import sparse
        from scipy.sparse.linalg import spsolve

        # the step V -> A0 V A1^T on V of shape (n0, n1) is kron(A0, A1) on V in C order
        K = sparse.kron(A0, A1, format="csc")
        eye = sparse.identity(dyn.n_states, format="csc")
        columns = [np.atleast_1d(spsolve(eye - d * K, U[:, p])) for p, d in enumerate(delta)]
        return np.asarray(np.column_stack(columns), dtype=np.float64)
    V = np.zeros((dyn.n_states, 2))
    while True:
        new = np.stack(
            [np.asarray((A1 @ (A0 @ V[:, p].reshape(n0, n1)).T).T).ravel() for p in (0, 1)],
            axis=1,
        )
        new = U + delta * new
        change = float(np.abs(new - V).max())
        V = new
        if change <= tol * (1 - delta.max()):
            return V


def terminal_values(dyn: Any, terminal: Any, tol: float | None = None) -> FloatArray:
    """Values ``(n_states, 2)`` named by ``terminal``: ``"first"``, ``"zero"`` or an array.

    ``"first"`` is the value of both players playing their first action forever
    (on ladders: both open), :func:`first_values`; ``"zero"`` is zero.

    Raises
    ------
    ValueError
        If ``terminal`` is another string, or an array of the wrong shape.
    """
    dyn = as_stochastic_game(dyn)
    if isinstance(terminal, str):
        if terminal == "zero":
            return np.zeros((dyn.n_states, 2))
        if terminal == "first":
            return first_values(dyn, tol)
        raise ValueError(f"expected 'first', 'zero' or an array of values; got {terminal!r}")
    V = np.asarray(terminal, dtype=np.float64)
    if V.shape != (dyn.n_states, 2) or not np.all(np.isfinite(V)):
        raise ValueError(f"values must be finite with shape {(dyn.n_states, 2)}; got {V.shape}")
    return V.copy()
