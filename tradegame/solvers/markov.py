r"""Markov perfect equilibria of a stochastic game, finite-horizon games, and paths.

The game is a :class:`~tradegame.solvers.stochastic.StochasticGame` (index
conventions there).

The Bellman--Nash operator
--------------------------
Value iteration (Shapley 1953; Pakes and McGuire 1994) repeats

.. math::

    Q_p[s, i, j] = U[s, i, j, p] + \delta_p \sum_t T[s, i, j, t] V_p[t], \qquad
    V_p'[s] = x_s^\top Q_p[s] y_s,

where :math:`(x_s, y_s)` is an equilibrium of the bimatrix game
:math:`(Q_0[s], Q_1[s])` picked by a selection rule
(:mod:`tradegame.solvers.state_games`). A fixed point is a Markov perfect
equilibrium (Maskin and Tirole 2001): at every state each player's action is a
best reply given the continuation values. With a selection rule the operator
need not be a contraction, so the iteration can cycle between policies, or
wander among mixed equilibria without settling; both are detected, stop the
iteration early, and are reported rather than hidden (``cycling``, ``stalled``).

Where to start
--------------
Stochastic games have many Markov perfect equilibria, and value iteration finds
the one its starting values lead to. From zero values, iterate ``T`` is the
``T``-period game of :func:`backward_induction`; when every state's stage game
is a prisoner's dilemma, that unravels to restriction everywhere, the worst
equilibrium. The default start is instead the values of both players playing
their *first* action forever (on ladders: always open): an optimistic start,
which with the ``"pareto"`` rule looks for the Markov perfect equilibrium
nearest to openness. Backward induction's default terminal values are the same,
so that :func:`backward_induction` with ``T`` periods equals ``T`` steps of
:func:`markov_perfect`, and its first-period values approach the equilibrium's
as ``T`` grows.

Tolerances
----------
See :func:`tradegame.solvers.stochastic.tolerances`: the iteration stops when
the largest change of a value, the *residual*, is at most ``tol`` (by default
:math:`10^{-8} \max(1, R)`); the values are then within
:math:`\mathrm{tol}\, \delta/(1-\delta)` of the fixed point once the selected
policy has settled.

References
----------
Shapley, L. S. (1953). Stochastic games. *PNAS* 39(10), 1095--1100.
Pakes, A. and McGuire, P. (1994). Computing Markov-perfect Nash equilibria.
*RAND Journal of Economics* 25(4), 555--589.
Maskin, E. and Tirole, J. (2001). Markov perfect equilibrium I. *Journal of
Economic Theory* 100(2), 191--219.
Doraszelski, U. and Pakes, A. (2007). A framework for applied dynamic analysis
in IO. *Handbook of Industrial Organization* 3, 1887--1966.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tradegame.solvers import _markdown as md
from tradegame.solvers.state_games import (
    SELECTIONS,
    check_selection,
    selection_matters,
    solve_states,
)
from tradegame.solvers.stochastic import (
    StochasticGame,
    as_stochastic_game,
    terminal_values,
    tolerances,
)

if TYPE_CHECKING:  # pragma: no cover
    from tradegame.solvers.paths import Path

__all__ = [
    "SELECTIONS",
    "FiniteSolution",
    "MarkovSolution",
    "backward_induction",
    "markov_perfect",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_CYCLE_WINDOW = 64  # iterations of policy fingerprints kept to detect cycling


def _q_values(dyn: StochasticGame, V: FloatArray) -> tuple[FloatArray, FloatArray]:
    U = dyn.payoffs
    QA = U[..., 0] + dyn.discount[0] * dyn.continuation(V[:, 0])
    QB = U[..., 1] + dyn.discount[1] * dyn.continuation(V[:, 1])
    return QA, QB


def _floats(a: Any) -> Any:
    return np.asarray(a, dtype=np.float64).tolist()


@dataclass(frozen=True, eq=False)
class MarkovSolution:
    """A Markov perfect equilibrium of a :class:`StochasticGame`, found by value iteration.

    Attributes
    ----------
    policy : pair of arrays
        ``(x, y)``: the row player's mixed strategy at each grid state, shape
        ``(n_states, m)``, and the column player's, ``(n_states, n)``.
    values : ndarray
        ``(n_states, 2)``: each player's discounted value from each grid state.
    converged : bool
        Whether the residual fell to ``tol`` within ``max_iter`` iterations.
    iterations : int
        Applications of the Bellman--Nash operator.
    residual : float
        The largest change of a value in the last iteration.
    cycling : bool
        True when the selected policy was found to repeat with a period above 1
        while the values did not settle.
    cycle_length : int
        That period (0 when not cycling).
    selection : str
        The selection rule.
    tol : float
        The residual tolerance used.
    selection_matters : ndarray of int
        Grid states where the selection rules pick different equilibria at the
        final values: the states where the choice of rule changes the answer.
    mixed_states : int
        States without a pure equilibrium at the final values.
    game : StochasticGame
        The game solved.
    stalled : bool
        True when the iteration stopped because the residual had not halved
        over a window of iterations in which a contraction of modulus
        the larger discount factor would have quartered it (at least 200): the values
        are not settling.
    """

    policy: tuple[FloatArray, FloatArray]
    values: FloatArray
    converged: bool
    iterations: int
    residual: float
    cycling: bool
    cycle_length: int
    selection: str
    tol: float
    selection_matters: IntArray
    mixed_states: int
    game: StochasticGame = field(repr=False)
    stalled: bool = False

    def __repr__(self) -> str:
        return (
            f"MarkovSolution(selection={self.selection!r}, states={self.values.shape[0]}, "
            f"converged={self.converged}, iterations={self.iterations}, "
            f"residual={self.residual:.3g}, cycling={self.cycling}, stalled={self.stalled}, "
            f"selection_matters={self.selection_matters.size} states, "
            f"mixed_states={self.mixed_states})"
        )

    def _repr_markdown_(self) -> str:
        """The outcome of the iteration and each player's value at the start, for notebooks."""
        plural = "" if self.iterations == 1 else "s"
        after = f"after {self.iterations} iteration{plural}, residual {self.residual:.3g}"
        if self.converged:
            state = f"converged {after}"
        elif self.cycling:
            state = f"**not converged**: the policy cycles with period {self.cycle_length}, {after}"
        elif self.stalled:
            state = f"**not converged**: the values stopped settling, {after}"
        else:
            state = f"**not converged** {after}"
        head = md.title("Markov perfect equilibrium")
        head += f" (selection {md.text(self.selection)}): {state}"
        table = _value_table(self.game, self.value())
        states = self.values.shape[0]
        notes = [
            f"- {states} grid states; {self.mixed_states} with a mixed equilibrium only",
            f"- the selection rule changes the equilibrium at {self.selection_matters.size} states",
        ]
        return "\n\n".join([head, table, "\n".join(notes)])

    def continuation_values(self, period: int) -> FloatArray:
        """The values the next period is worth, for a path in ``period`` (any, here)."""
        return self.values

    def simulate(self, periods: int, start: Any = None) -> Path:
        """The equilibrium path for ``periods`` periods from ``start`` (see :mod:`.paths`)."""
        from tradegame.solvers.paths import simulate_path

        return simulate_path(self.game, self, periods, start)

    def value(self, point: Any = None) -> tuple[float, float]:
        """Both players' values at a continuous state (default: the game's start)."""
        pt = self.game.start if point is None else point
        v = self.game.interpolate(self.values, np.asarray(pt, dtype=np.float64)[None])[0]
        return (float(v[0]), float(v[1]))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description, with the full policy and values."""
        return {
            "selection": self.selection,
            "converged": self.converged,
            "iterations": self.iterations,
            "residual": self.residual,
            "tol": self.tol,
            "cycling": self.cycling,
            "cycle_length": self.cycle_length,
            "stalled": self.stalled,
            "mixed_states": self.mixed_states,
            "selection_matters": [int(s) for s in self.selection_matters],
            "start_value": list(self.value()),
            "policy": {"row": _floats(self.policy[0]), "col": _floats(self.policy[1])},
            "values": _floats(self.values),
        }


@dataclass(frozen=True, eq=False)
class FiniteSolution:
    """The finite-horizon equilibrium of a :class:`StochasticGame` by backward induction.

    Attributes
    ----------
    periods : int
        The horizon ``T``.
    policy : pair of arrays
        ``(x, y)`` of shapes ``(T, n_states, m)`` and ``(T, n_states, n)``: period
        ``t`` (0-based) strategies at each grid state.
    values : ndarray
        ``(T + 1, n_states, 2)``: ``values[t]`` is the value from period ``t`` on;
        ``values[0]`` is the whole game's, ``values[T]`` the terminal values.
    selection : str
        The selection rule.
    mixed_states : int
        State-periods without a pure equilibrium.
    game : StochasticGame
        The game solved.
    """

    periods: int
    policy: tuple[FloatArray, FloatArray]
    values: FloatArray
    selection: str
    mixed_states: int
    game: StochasticGame = field(repr=False)

    def __repr__(self) -> str:
        return (
            f"FiniteSolution(periods={self.periods}, selection={self.selection!r}, "
            f"states={self.values.shape[1]}, mixed_states={self.mixed_states})"
        )

    def _repr_markdown_(self) -> str:
        """The horizon and each player's whole-game value at the start, for notebooks."""
        plural = "" if self.periods == 1 else "s"
        head = md.title("Finite-horizon equilibrium")
        head += f": {self.periods} period{plural} by backward induction"
        head += f" (selection {md.text(self.selection)})"
        states = self.values.shape[1]
        note = (
            f"- {states} grid states; {self.mixed_states} state-periods with a mixed "
            "equilibrium only"
        )
        return "\n\n".join([head, _value_table(self.game, self.value()), note])

    def continuation_values(self, period: int) -> FloatArray:
        """The values from ``period + 1`` on, which a path in ``period`` looks ahead to."""
        if not 0 <= period < self.periods:
            raise ValueError(f"period must be in 0..{self.periods - 1}; got {period}")
        return self.values[period + 1]

    def simulate(self, periods: int | None = None, start: Any = None) -> Path:
        """The equilibrium path (default: over the whole horizon) from ``start``."""
        from tradegame.solvers.paths import simulate_path

        return simulate_path(self.game, self, self.periods if periods is None else periods, start)

    def value(self, point: Any = None) -> tuple[float, float]:
        """Both players' whole-game values at a continuous state (default: the start)."""
        pt = self.game.start if point is None else point
        v = self.game.interpolate(self.values[0], np.asarray(pt, dtype=np.float64)[None])[0]
        return (float(v[0]), float(v[1]))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description: period-1 policy and the values of every period."""
        return {
            "periods": self.periods,
            "selection": self.selection,
            "mixed_states": self.mixed_states,
            "start_value": list(self.value()),
            "policy": {"row": _floats(self.policy[0][0]), "col": _floats(self.policy[1][0])},
            "values": _floats(self.values),
        }


def _value_table(dyn: StochasticGame, values: tuple[float, float]) -> str:
    """Both players' values from the game's start, and their discount factors."""
    header = ["", *(md.text(p) for p in dyn.players)]
    rows = [
        ["value from the start", *(md.number(v) for v in values)],
        ["discount factor δ", *(md.number(d) for d in dyn.discount)],
    ]
    return md.table(header, rows)


# --------------------------------------------------------------------------- solvers
def markov_perfect(
    dyn: Any,
    selection: str = "pareto",
    tol: float | None = None,
    max_iter: int = 5000,
    init: Any = "first",
    progress: Callable[[float], None] | None = None,
) -> MarkovSolution:
    r"""A Markov perfect equilibrium by value iteration on the Bellman--Nash operator.

    Parameters
    ----------
    dyn : StochasticGame
        The game (or an object with its fields, see :func:`as_stochastic_game`).
    selection : str
        The equilibrium selection rule where a state's game has several
        equilibria; one of :data:`SELECTIONS` (see the module docstring).
    tol : float, optional
        Stop when no value changes by more than ``tol``; default
        :math:`10^{-8} \max(1, R)` with ``R`` the payoff range.
    max_iter : int
        The most iterations.
    init : {"first", "zero"} or array_like
        Starting values: ``"first"`` (default), the values of both players
        playing their first action forever (see "Where to start" above);
        ``"zero"``; or an array ``(n_states, 2)``. Iterate ``T`` equals the
        ``T``-period :func:`backward_induction` with these as terminal values.
    progress : callable, optional
        Called after every iteration with an estimate in [0, 1] of the work
        done: how far the residual has fallen from its first value towards
        ``tol``, on a log scale (value iteration contracts geometrically).

    Returns
    -------
    MarkovSolution
        With ``converged``, ``iterations``, ``residual``, the ``cycling`` flag and
        the states where the selection rule matters.

    Raises
    ------
    ValueError
        If ``selection`` is unknown, ``tol`` or ``max_iter`` is not positive, or
        ``init`` has the wrong shape.
    """
    dyn = as_stochastic_game(dyn)
    check_selection(selection)
    if int(max_iter) < 1:
        raise ValueError(f"max_iter must be at least 1; got {max_iter!r}")
    tol, eq_tol = tolerances(dyn, tol)
    V = terminal_values(dyn, init, tol).copy()
    history: list[bytes] = []
    residuals: list[float] = []
    residual = np.inf
    cycling, cycle_length, converged, stalled = False, 0, False, False
    window = _stall_window(max(dyn.discount))
    iterations = 0
    step = None
    for iterations in range(1, int(max_iter) + 1):  # noqa: B007 - the count is reported
        QA, QB = _q_values(dyn, V)
        step = solve_states(QA, QB, selection, eq_tol)
        residual = float(np.abs(step.values - V).max())
        V = step.values
        history.append(step.fingerprint)
        residuals.append(residual)
        if progress is not None:
            progress(_fraction_done(residuals[0], residual, tol))
        if residual <= tol:
            converged = True
            break
        period = _cycle_period(history, residuals)
        if period:
            cycling, cycle_length = True, period
            break
        if _stalled(residuals, window):
            stalled = True
            break
    assert step is not None
    QA, QB = _q_values(dyn, V)
    final = solve_states(QA, QB, selection, eq_tol)
    return MarkovSolution(
        policy=(final.x, final.y),
        values=V,
        converged=converged,
        iterations=iterations,
        residual=residual,
        cycling=cycling,
        cycle_length=cycle_length,
        selection=selection,
        tol=tol,
        selection_matters=selection_matters(QA, QB, eq_tol),
        mixed_states=final.mixed,
        game=dyn,
        stalled=stalled,
    )


def _stall_window(delta: float) -> int:
    """Iterations in which a contraction with modulus ``delta`` shrinks the residual 4-fold."""
    return max(200, math.ceil(2 * math.log(2) / -math.log(delta)))


def _stalled(residuals: list[float], window: int) -> bool:
    """Whether the residual failed to halve over the last ``window`` iterations."""
    if len(residuals) <= window:
        return False
    return min(residuals[-window:]) > 0.5 * min(residuals[:-window])


def _fraction_done(first: float, residual: float, tol: float) -> float:
    """How far ``residual`` has come from ``first`` towards ``tol``, on a log scale."""
    if residual <= tol or first <= tol:
        return 1.0
    done = math.log(first / residual) / math.log(first / tol)
    return min(max(done, 0.0), 1.0)


def _cycle_period(history: list[bytes], residuals: list[float]) -> int:
    """The period (at least 2) with which the policy has repeated three times, else 0.

    Only counted while the residual is no longer falling, so a policy that
    wanders on its way to convergence is not mistaken for a cycle.
    """
    n = len(history)
    for p in range(2, _CYCLE_WINDOW // 3 + 1):
        if n < 3 * p + 1:
            break
        recent = history[-3 * p :]
        if len(set(recent[-p:])) < 2:
            continue
        repeats = recent[:p] == recent[p : 2 * p] == recent[2 * p :]
        if repeats and min(residuals[-p:]) >= 0.5 * min(residuals[-3 * p : -p]):
            return p
    return 0


def backward_induction(
    dyn: Any, periods: int, selection: str = "pareto", terminal: Any = "first"
) -> FiniteSolution:
    r"""The exact equilibrium of the ``periods``-period game, by backward induction.

    In the last period each state's game of stage payoffs plus discounted
    ``terminal`` values is solved; each earlier period solves the game of stage
    payoffs plus the discounted values of the periods after it. "Exact" is for
    the grid game: the interpolated continuation of the module docstring of
    :mod:`tradegame.solvers.stochastic`.

    Parameters
    ----------
    dyn : StochasticGame
    periods : int
        The horizon ``T``.
    selection : str
        The equilibrium selection rule.
    terminal : {"first", "zero"} or array_like
        The values after the last period: ``"first"`` (default), both players
        playing their first action forever after the horizon (on ladders: trade
        resumes); ``"zero"``, the game ends; or an array ``(n_states, 2)``.

    Notes
    -----
    With the same terminal values as :func:`markov_perfect`'s starting values,
    the ``T``-period game is ``T`` steps of its value iteration; as ``T`` grows
    the first-period values approach the Markov perfect equilibrium's, within
    :math:`\delta^T R / (1 - \delta)` once the selected policy settles.

    Raises
    ------
    ValueError
        If ``periods`` is not a positive integer, ``selection`` is unknown or
        ``terminal`` is invalid.
    """
    dyn = as_stochastic_game(dyn)
    check_selection(selection)
    if isinstance(periods, bool) or int(periods) != periods or periods < 1:
        raise ValueError(f"periods must be a positive integer; got {periods!r}")
    T = int(periods)
    tol, eq_tol = tolerances(dyn, None)
    S = dyn.n_states
    m, n = dyn.shape
    values = np.zeros((T + 1, S, 2))
    values[T] = terminal_values(dyn, terminal, tol)
    xs, ys = np.zeros((T, S, m)), np.zeros((T, S, n))
    mixed = 0
    for t in range(T - 1, -1, -1):
        QA, QB = _q_values(dyn, values[t + 1])
        step = solve_states(QA, QB, selection, eq_tol)
        xs[t], ys[t], values[t] = step.x, step.y, step.values
        mixed += step.mixed
    return FiniteSolution(T, (xs, ys), values, selection, mixed, dyn)
