r"""Where restricting pays: the leverage window and the self-harm region.

For a *restrictor* (one player of a :class:`~tradegame.solvers.stochastic.StochasticGame`)
at a state :math:`s`, three values are compared, all for the restrictor:

* :math:`V^{eq}(s)`: its value in the equilibrium (a Markov perfect
  equilibrium from :func:`~tradegame.solvers.stochastic.markov_perfect`, or the
  ``T``-period equilibrium of :func:`~tradegame.solvers.stochastic.backward_induction`);
* :math:`V^{R}(s)`: its value from *restricting now* and following the
  equilibrium afterwards, against the rival's equilibrium play in this period
  (the one-shot deviation value, maximised over its restricting actions: every
  action but ``open_action``). When restricting is its equilibrium action,
  :math:`V^{R} = V^{eq}`;
* :math:`V^{never}(s)`: its value from **never restricting**: it is held to
  ``open_action`` in every period, and the rival best-responds in the dynamic
  game (the rival's optimal policy of the Markov decision problem left, ties
  broken towards the rival's lowest action).

Then

* the **leverage window** is where restricting is the equilibrium action (it is
  played with positive probability) *and* pays: :math:`V^{eq}(s) > V^{never}(s)`;
* the **self-harm region** is where restricting leaves the restrictor below
  never restricting: :math:`V^{R}(s) < V^{never}(s)`. This is seed 004's claim
  about a chokehold: whatever it extracts, the restrictor would have done better
  by committing never to use it.

The two are disjoint (a restriction in the window has
:math:`V^R = V^{eq} > V^{never}`). A state can be in neither: restricting pays
against never restricting but the equilibrium does not use it, or the values
tie within the tolerance, :math:`10^{-6} \max(1, R/(1-\delta_{\max}))` with
``R`` the payoff range.

:func:`leverage_regions` maps both over a grid of one or two parameters. The
caller passes a function from parameter values to a game, so this module needs
nothing but the game: it is model-free.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.solvers import _markdown as md
from tradegame.solvers.markov import (
    FiniteSolution,
    MarkovSolution,
    backward_induction,
    markov_perfect,
)
from tradegame.solvers.paths import solve_state
from tradegame.solvers.stochastic import (
    StochasticGame,
    as_stochastic_game,
    terminal_values,
    tolerances,
)

__all__ = [
    "LeverageMap",
    "LeverageVerdict",
    "NeverRestricting",
    "leverage_at",
    "leverage_regions",
    "never_restricting",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_COMPARE_REL = 1e-6  # value comparisons: relative to the scale of values


@dataclass(frozen=True, eq=False)
class NeverRestricting:
    """Values when one player never restricts and its rival best-responds.

    Attributes
    ----------
    player : int
        The player held to ``open_action``.
    open_action : int
    values : ndarray
        ``(n_states, 2)``: both players' values from each grid state (whole
        game for a finite horizon).
    rival_policy : ndarray of int
        The rival's best-response action per grid state (for a finite horizon,
        ``(periods, n_states)``).
    periods : int or None
        The horizon, or None for the infinite game.
    converged : bool
    iterations : int
    residual : float
    """

    player: int
    open_action: int
    values: FloatArray
    rival_policy: IntArray
    periods: int | None
    converged: bool
    iterations: int
    residual: float

    def __repr__(self) -> str:
        horizon = "infinite" if self.periods is None else f"{self.periods} periods"
        return (
            f"NeverRestricting(player={self.player}, {horizon}, converged={self.converged}, "
            f"iterations={self.iterations}, residual={self.residual:.3g})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description."""
        return {
            "player": self.player,
            "open_action": self.open_action,
            "periods": self.periods,
            "converged": self.converged,
            "iterations": self.iterations,
            "residual": self.residual,
            "values": self.values.tolist(),
            "rival_policy": self.rival_policy.tolist(),
        }


def _check_player(dyn: StochasticGame, player: int, open_action: int) -> None:
    if player not in (0, 1):
        raise ValueError(f"player must be 0 (row) or 1 (column); got {player!r}")
    if not 0 <= open_action < dyn.shape[player]:
        raise ValueError(
            f"open_action must be an action index of player {player} "
            f"(0..{dyn.shape[player] - 1}); got {open_action!r}"
        )
    if dyn.shape[player] < 2:
        raise ValueError(f"player {player} has a single action: it cannot restrict")


def _best_reply(Q: FloatArray, tol: float) -> IntArray:
    """The lowest-index action within ``tol`` of the best, at each state (rows of ``Q``)."""
    best = np.greater_equal(Q, Q.max(axis=1, keepdims=True) - tol)
    return np.asarray(np.argmax(best, axis=1), dtype=np.int64)


def _fixed_step(
    dyn: StochasticGame, V: FloatArray, player: int, open_action: int, tol: float
) -> tuple[FloatArray, IntArray]:
    """One Bellman step with ``player`` held open: new values and the rival's reply."""
    S = dyn.n_states
    rows = np.arange(S)
    U = dyn.payoffs
    conts = [dyn.continuation(V[:, p]) for p in (0, 1)]
    if player == 0:
        Q = [
            U[:, open_action, :, p] + dyn.discount[p] * conts[p][:, open_action, :] for p in (0, 1)
        ]
        reply = _best_reply(Q[1], tol)
    else:
        Q = [
            U[:, :, open_action, p] + dyn.discount[p] * conts[p][:, :, open_action] for p in (0, 1)
        ]
        reply = _best_reply(Q[0], tol)
    return np.stack([Q[0][rows, reply], Q[1][rows, reply]], axis=1), reply


def never_restricting(
    dyn: Any,
    player: int,
    open_action: int = 0,
    periods: int | None = None,
    tol: float | None = None,
    max_iter: int = 5000,
    terminal: Any = "first",
) -> NeverRestricting:
    r"""Both players' values when ``player`` never restricts and its rival best-responds.

    Parameters
    ----------
    dyn : StochasticGame
    player : int
        0 (row) or 1 (column): the player held to ``open_action`` in every period.
    open_action : int
        The action that does not restrict (the first rung of a ladder).
    periods : int, optional
        A finite horizon, solved backwards from ``terminal`` values; default the
        infinite game, by value iteration on the rival's decision problem.
    tol : float, optional
        Residual tolerance of the value iteration; default as in ``markov_perfect``.
    max_iter : int
    terminal : {"first", "zero"} or array, optional
        Finite horizon only: the values after the last period, as in
        :func:`~tradegame.solvers.stochastic.backward_induction`.

    Raises
    ------
    ValueError
        If ``player``, ``open_action`` or ``periods`` is invalid.
    """
    dyn = as_stochastic_game(dyn)
    _check_player(dyn, player, open_action)
    tol, eq_tol = tolerances(dyn, tol)
    S = dyn.n_states
    if periods is not None:
        if isinstance(periods, bool) or int(periods) != periods or periods < 1:
            raise ValueError(f"periods must be a positive integer; got {periods!r}")
        V = terminal_values(dyn, terminal, tol)
        replies = np.zeros((int(periods), S), dtype=np.int64)
        for t in range(int(periods) - 1, -1, -1):
            V, replies[t] = _fixed_step(dyn, V, player, open_action, eq_tol)
        return NeverRestricting(
            player, open_action, V, replies, int(periods), True, int(periods), 0.0
        )
    V = np.zeros((S, 2))
    residual, converged, iterations = np.inf, False, 0
    reply = np.zeros(S, dtype=np.int64)
    for iterations in range(1, int(max_iter) + 1):  # noqa: B007 - the count is reported
        new, reply = _fixed_step(dyn, V, player, open_action, eq_tol)
        residual = float(np.abs(new - V).max())
        V = new
        if residual <= tol:
            converged = True
            break
    return NeverRestricting(player, open_action, V, reply, None, converged, iterations, residual)


@dataclass(frozen=True)
class LeverageVerdict:
    """The leverage comparison for one restrictor at one state (see the module docstring).

    Attributes
    ----------
    player : int
    restrict_probability : float
        The probability of every action but ``open_action`` in the equilibrium.
    value_eq, value_restrict, value_never : float
        :math:`V^{eq}`, :math:`V^{R}` and :math:`V^{never}` for the restrictor.
    in_window, self_harm : bool
    periods : int or None
        The horizon, or None for the infinite game.
    """

    player: int
    restrict_probability: float
    value_eq: float
    value_restrict: float
    value_never: float
    in_window: bool
    self_harm: bool
    periods: int | None

    @property
    def restricts(self) -> bool:
        """Whether the equilibrium restricts with positive probability."""
        return self.restrict_probability > 1e-9

    def __repr__(self) -> str:
        where = (
            "leverage window" if self.in_window else "self-harm" if self.self_harm else "neither"
        )
        return (
            f"LeverageVerdict({where}: player {self.player} restricts with probability "
            f"{self.restrict_probability:.3g}; V_eq={self.value_eq:.4g}, "
            f"V_restrict={self.value_restrict:.4g}, V_never={self.value_never:.4g})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description."""
        return {
            "player": self.player,
            "periods": self.periods,
            "restrict_probability": self.restrict_probability,
            "value_eq": self.value_eq,
            "value_restrict": self.value_restrict,
            "value_never": self.value_never,
            "in_window": self.in_window,
            "self_harm": self.self_harm,
        }


def leverage_at(
    dyn: Any,
    player: int,
    state: Any = None,
    periods: int | None = None,
    selection: str = "pareto",
    open_action: int = 0,
    solution: MarkovSolution | FiniteSolution | None = None,
    never: NeverRestricting | None = None,
) -> LeverageVerdict:
    """Whether ``player``'s restriction at ``state`` is in the leverage window or self-harm.

    Parameters
    ----------
    dyn : StochasticGame
    player : int
        The restrictor, 0 (row) or 1 (column).
    state : array_like, optional
        A continuous state; default the game's start.
    periods : int, optional
        A finite horizon (backward induction, ending in the ``"first"`` terminal
        values); default the infinite game (Markov perfect equilibrium).
    selection : str
        The equilibrium selection rule.
    open_action : int
        The restrictor's action that does not restrict.
    solution, never : optional
        Precomputed equilibrium and never-restricting values, to reuse; a given
        ``solution`` sets the horizon (a :class:`FiniteSolution`'s, or infinite).
    """
    dyn = as_stochastic_game(dyn)
    _check_player(dyn, player, open_action)
    point = dyn.start if state is None else np.asarray(state, dtype=np.float64).ravel()
    if solution is None:
        solution = (
            markov_perfect(dyn, selection=selection)
            if periods is None
            else backward_induction(dyn, periods, selection=selection)
        )
    else:  # the horizon is the solution's
        periods = solution.periods if isinstance(solution, FiniteSolution) else None
    if never is None:
        never = never_restricting(dyn, player, open_action, periods=periods)
    cont = solution.continuation_values(0)
    x, y, values, (QA, QB, _) = solve_state(dyn, point, cont, solution.selection)
    own = x if player == 0 else y
    restrict_probability = float(1.0 - own[open_action])
    deviation = QA @ y if player == 0 else x @ QB
    value_restrict = float(np.delete(deviation, open_action).max())
    value_never = float(dyn.interpolate(never.values, point[None])[0, player])
    value_eq = float(values[player])
    scale = _COMPARE_REL * max(1.0, dyn.payoff_range / (1.0 - max(dyn.discount)))
    restricts = restrict_probability > 1e-9
    return LeverageVerdict(
        player=player,
        restrict_probability=restrict_probability,
        value_eq=value_eq,
        value_restrict=value_restrict,
        value_never=value_never,
        in_window=bool(restricts and value_eq > value_never + scale),
        self_harm=bool(value_restrict < value_never - scale),
        periods=periods,
    )


@dataclass(frozen=True, eq=False)
class LeverageMap:
    """The leverage window and the self-harm region over a grid of parameters.

    Attributes
    ----------
    names : tuple of str
        The one or two parameters.
    axes : tuple of ndarray
        Their values.
    player : int
        The restrictor.
    periods : int or None
        The horizon (None: infinite).
    restrict_probability, value_eq, value_restrict, value_never : ndarray
        One entry per grid point, shape ``tuple(len(a) for a in axes)``.
    in_window, self_harm : ndarray of bool
    converged : ndarray of bool
        Whether each point's equilibrium iteration converged (always True for a
        finite horizon).
    """

    names: tuple[str, ...]
    axes: tuple[FloatArray, ...]
    player: int
    periods: int | None
    restrict_probability: FloatArray
    value_eq: FloatArray
    value_restrict: FloatArray
    value_never: FloatArray
    in_window: npt.NDArray[np.bool_]
    self_harm: npt.NDArray[np.bool_]
    converged: npt.NDArray[np.bool_]

    def __repr__(self) -> str:
        shape = "x".join(str(a.size) for a in self.axes)
        return (
            f"LeverageMap({shape} over {', '.join(self.names)}, player={self.player}, "
            f"window={int(self.in_window.sum())} points, self_harm={int(self.self_harm.sum())} "
            f"points)"
        )

    def _repr_markdown_(self) -> str:
        """Counts of each region and, over one parameter, every point, for notebooks."""
        size = self.in_window.size
        horizon = "" if self.periods is None else f", {self.periods} periods"
        over = ", ".join(
            f"{md.text(n)} ({a.size} values)" for n, a in zip(self.names, self.axes, strict=True)
        )
        head = md.title("Leverage regions") + f" of player {self.player} over {over}{horizon}"
        counts = [
            f"- leverage window: {int(self.in_window.sum())} of {size} points",
            f"- self-harm: {int(self.self_harm.sum())} of {size} points",
        ]
        unsolved = size - int(self.converged.sum())
        if unsolved:
            counts.append(f"- **not converged**: {unsolved} points")
        parts = [head, "\n".join(counts)]
        if len(self.axes) == 1:
            rows = []
            for k, x in enumerate(self.axes[0]):
                values = (self.value_eq[k], self.value_restrict[k], self.value_never[k])
                region = "self-harm" if self.self_harm[k] else "neither"
                region = "window" if self.in_window[k] else region
                chance = md.number(self.restrict_probability[k], 3)
                rows.append([md.number(x), chance, *(md.number(v, 4) for v in values), region])
            header = [md.text(self.names[0]), "P(restrict)", "V eq", "V restrict", "V never"]
            parts.append(md.table([*header, "region"], rows))
        return "\n\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description."""
        return {
            "names": list(self.names),
            "axes": [a.tolist() for a in self.axes],
            "player": self.player,
            "periods": self.periods,
            "restrict_probability": self.restrict_probability.tolist(),
            "value_eq": self.value_eq.tolist(),
            "value_restrict": self.value_restrict.tolist(),
            "value_never": self.value_never.tolist(),
            "in_window": self.in_window.tolist(),
            "self_harm": self.self_harm.tolist(),
            "converged": self.converged.tolist(),
        }


def leverage_regions(
    build: Callable[..., Any],
    axes: Mapping[str, Sequence[float]],
    player: int,
    state: Callable[[Any], Any] | Any = None,
    periods: int | None = None,
    selection: str = "pareto",
    open_action: int = 0,
    progress: Callable[[float], None] | None = None,
) -> LeverageMap:
    """Map the leverage window and the self-harm region over one or two parameters.

    Parameters
    ----------
    build : callable
        ``build(a)`` or ``build(a, b)``: the game at parameter values, given in
        the order of ``axes``.
    axes : mapping of str to sequence of float
        One or two parameter names with their values.
    player : int
        The restrictor, 0 (row) or 1 (column).
    state : array_like or callable, optional
        The state to judge; a callable gets the game and returns the state.
        Default each game's start.
    periods : int, optional
        A finite horizon; default the infinite game.
    selection : str
        The equilibrium selection rule.
    open_action : int
        The restrictor's action that does not restrict.
    progress : callable, optional
        Called after each grid point with the fraction of points done.

    Raises
    ------
    ValueError
        If there are not one or two axes, or an axis is empty.
    """
    names = tuple(axes)
    if len(names) not in (1, 2):
        raise ValueError(f"axes must name one or two parameters; got {len(names)}")
    values = tuple(np.asarray(axes[n], dtype=np.float64).ravel() for n in names)
    if any(v.size == 0 or not np.all(np.isfinite(v)) for v in values):
        raise ValueError("each axis needs at least one finite value")
    shape = tuple(v.size for v in values)
    out = {k: np.zeros(shape) for k in ("p", "eq", "r", "never")}
    window = np.zeros(shape, dtype=bool)
    harm = np.zeros(shape, dtype=bool)
    converged = np.ones(shape, dtype=bool)
    total = int(np.prod(shape))
    for done, index in enumerate(np.ndindex(*shape), start=1):
        point = [float(values[k][i]) for k, i in enumerate(index)]
        dyn = as_stochastic_game(build(*point))
        where = state(dyn) if callable(state) else state
        solution: MarkovSolution | FiniteSolution = (
            markov_perfect(dyn, selection=selection)
            if periods is None
            else backward_induction(dyn, periods, selection=selection)
        )
        if isinstance(solution, MarkovSolution):
            converged[index] = solution.converged
        verdict = leverage_at(
            dyn, player, where, periods, selection, open_action, solution=solution
        )
        out["p"][index] = verdict.restrict_probability
        out["eq"][index] = verdict.value_eq
        out["r"][index] = verdict.value_restrict
        out["never"][index] = verdict.value_never
        window[index] = verdict.in_window
        harm[index] = verdict.self_harm
        if progress is not None:
            progress(done / total)
    return LeverageMap(
        names=names,
        axes=values,
        player=player,
        periods=periods,
        restrict_probability=out["p"],
        value_eq=out["eq"],
        value_restrict=out["r"],
        value_never=out["never"],
        in_window=window,
        self_harm=harm,
        converged=converged,
    )
