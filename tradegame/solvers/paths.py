r"""Equilibrium paths of a stochastic game from continuous states.

A solution of :mod:`tradegame.solvers.markov` gives values on the grid. A path
starts anywhere: at each state the game of stage payoffs plus the discounted,
interpolated values of every next state is solved again (a one-step
look-ahead), with the solution's selection rule, so the path is not tied to
grid nodes. :func:`state_game` and :func:`solve_state` are that step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tradegame.solvers import _markdown as md
from tradegame.solvers.state_games import check_selection, solve_states
from tradegame.solvers.stochastic import as_stochastic_game, tolerances

if TYPE_CHECKING:  # pragma: no cover
    from tradegame.solvers.markov import FiniteSolution, MarkovSolution

__all__ = ["Path", "simulate_path", "solve_state", "state_game"]

FloatArray = npt.NDArray[np.float64]


def _floats(a: Any) -> Any:
    return np.asarray(a, dtype=np.float64).tolist()


@dataclass(frozen=True, eq=False)
class Path:
    """An equilibrium path from a continuous state.

    Attributes
    ----------
    states : ndarray
        ``(T + 1, d)``: the state at the start of each period, and after the last.
    row, col : ndarray
        ``(T, m)`` and ``(T, n)``: each player's action probabilities per period.
    payoffs : ndarray
        ``(T, 2)``: each player's expected stage payoff per period.
    names : tuple of str
        The state dimensions.
    actions : pair of tuples of str
        Action names.
    discount : pair of float
        Discount factors.
    derived : dict
        Named quantities per state (``(T + 1,)`` arrays), such as trust.
    """

    states: FloatArray
    row: FloatArray
    col: FloatArray
    payoffs: FloatArray
    names: tuple[str, ...]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    discount: tuple[float, float]
    derived: dict[str, FloatArray] = field(default_factory=dict)

    @property
    def periods(self) -> int:
        """The number of periods."""
        return int(self.payoffs.shape[0])

    @property
    def total(self) -> tuple[float, float]:
        r"""Discounted totals :math:`\sum_t \delta_p^t u_{p,t}` of the stage payoffs."""
        t = np.arange(self.periods)
        return (
            float(np.sum(self.discount[0] ** t * self.payoffs[:, 0])),
            float(np.sum(self.discount[1] ** t * self.payoffs[:, 1])),
        )

    def profile(self, period: int) -> tuple[str | None, str | None]:
        """The action each player plays for sure in ``period`` (None where it mixes)."""
        out: list[str | None] = []
        for probs, names in (
            (self.row[period], self.actions[0]),
            (self.col[period], self.actions[1]),
        ):
            k = int(np.argmax(probs))
            out.append(names[k] if probs[k] > 1 - 1e-9 else None)
        return (out[0], out[1])

    def __repr__(self) -> str:
        shown = ", ".join(
            "/".join(a or "mixed" for a in self.profile(t)) for t in range(min(self.periods, 6))
        )
        more = ", ..." if self.periods > 6 else ""
        return f"Path(periods={self.periods}, actions=[{shown}{more}], total={self.total})"

    def _play_markdown(self, period: int) -> tuple[str, str]:
        """Each player's play in ``period`` as Markdown: an action, or its mixture."""
        out = []
        for probs, names in (
            (self.row[period], self.actions[0]),
            (self.col[period], self.actions[1]),
        ):
            k = int(np.argmax(probs))
            if probs[k] > 1 - 1e-9:
                out.append(md.text(names[k]))
            else:
                mixed = (
                    f"{md.text(a)} {p:.3g}" for a, p in zip(names, probs, strict=True) if p > 1e-9
                )
                out.append(", ".join(mixed))
        return (out[0], out[1])

    def _markdown_table(self, players: tuple[str, str] = ("row", "col")) -> str:
        """The path as a Markdown table, one row per period (first and last rows if long).

        Each row holds the state at the start of the period, both players' play
        (probabilities where they mix) and their expected stage payoffs; the last
        row, ``end``, the state after the last period.
        """
        names = [md.text(n) for n in self.names]
        who = [md.text(p) for p in players]
        header = ["t", *names, *who, *(f"{p} payoff" for p in who)]
        rows = []
        for t in range(self.periods):
            state = [md.number(x, 4) for x in self.states[t]]
            pays = [md.number(x, 4) for x in self.payoffs[t]]
            rows.append([str(t), *state, *self._play_markdown(t), *pays])
        rows.append(["end", *(md.number(x, 4) for x in self.states[-1]), "", "", "", ""])
        return md.table(header, rows)

    def _repr_markdown_(self) -> str:
        """The path as a Markdown table, for notebooks; a long one keeps its first and last rows."""
        head = md.title("Equilibrium path")
        head += f": {self.periods} period{'s' if self.periods != 1 else ''}, discounted totals "
        head += f"{md.pair(self.total)} at δ = {md.pair(self.discount)}"
        return f"{head}\n\n{self._markdown_table()}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description of every period."""
        return {
            "names": list(self.names),
            "actions": [list(self.actions[0]), list(self.actions[1])],
            "states": _floats(self.states),
            "row": _floats(self.row),
            "col": _floats(self.col),
            "payoffs": _floats(self.payoffs),
            "profiles": [list(self.profile(t)) for t in range(self.periods)],
            "total": list(self.total),
            "derived": {k: _floats(v) for k, v in self.derived.items()},
        }


def state_game(dyn: Any, point: Any, V: Any) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The game at a continuous state: ``(QA, QB, U)`` with continuation values ``V``.

    ``U`` is the stage payoff ``(m, n, 2)``; ``QA`` and ``QB`` add each player's
    discounted interpolated value of the next state of every profile.
    """
    dyn = as_stochastic_game(dyn)
    p = np.asarray(point, dtype=np.float64).ravel()
    m, n = dyn.shape
    U = dyn.stage_payoffs(p[None])[0]
    nxt = np.array([dyn.next_state(p, i, j) for i in range(m) for j in range(n)])
    cont = dyn.interpolate(np.asarray(V, dtype=np.float64), nxt).reshape(m, n, 2)
    QA = U[..., 0] + dyn.discount[0] * cont[..., 0]
    QB = U[..., 1] + dyn.discount[1] * cont[..., 1]
    return QA, QB, U


def solve_state(
    dyn: Any, point: Any, V: Any, selection: str = "pareto"
) -> tuple[FloatArray, FloatArray, tuple[float, float], tuple[FloatArray, FloatArray, FloatArray]]:
    """The selected equilibrium ``(x, y)`` of the game at a continuous state, its values,
    and that game ``(QA, QB, U)`` (see :func:`state_game`)."""
    dyn = as_stochastic_game(dyn)
    check_selection(selection)
    _, eq_tol = tolerances(dyn, None)
    QA, QB, U = state_game(dyn, point, V)
    step = solve_states(QA[None], QB[None], selection, eq_tol)
    return step.x[0], step.y[0], (float(step.values[0, 0]), float(step.values[0, 1])), (QA, QB, U)


def simulate_path(
    dyn: Any,
    solution: MarkovSolution | FiniteSolution,
    periods: int,
    start: Any = None,
) -> Path:
    r"""Follow the equilibrium of ``solution`` for ``periods`` periods from ``start``.

    The states are continuous: at each state the game of stage payoffs plus
    discounted interpolated values of the next states is solved again, with the
    solution's selection rule (a one-step look-ahead on the solved values), so
    the path is not tied to grid nodes; each stage game is solved with the
    equilibrium tolerance of :func:`~tradegame.solvers.stochastic.tolerances`
    (scaled to the payoff range and to :math:`1/(1-\delta)`), the same as the
    solver that produced ``solution``. When the selected equilibrium is mixed,
    the path reports the action probabilities and the expected payoffs, and
    moves to the *expected* next state: each player's block moves to the
    probability-weighted mean of its next values under its own actions. (That
    is one expectation per period, not the mean over all branching paths.)

    Parameters
    ----------
    dyn : StochasticGame
    solution : MarkovSolution or FiniteSolution
        For a finite-horizon solution, ``periods`` may not exceed its horizon and
        period ``t`` looks ahead to the values from ``t + 1``.
    periods : int
        Number of periods.
    start : array_like, optional
        The first state; default ``dyn.start``.

    Raises
    ------
    ValueError
        If ``periods`` is not a positive integer (or exceeds a finite horizon), or
        ``start`` has the wrong length.
    """
    dyn = as_stochastic_game(dyn)
    if isinstance(periods, bool) or int(periods) != periods or periods < 1:
        raise ValueError(f"periods must be a positive integer; got {periods!r}")
    horizon = getattr(solution, "periods", None)
    if horizon is not None and periods > horizon:
        raise ValueError(f"periods must be at most the solution's horizon {horizon}; got {periods}")
    state = np.array(dyn.start if start is None else start, dtype=np.float64).ravel()
    if state.shape != dyn.start.shape:
        raise ValueError(f"start must have {dyn.start.size} coordinates; got {state.size}")
    m, n = dyn.shape
    d0, d1 = (list(b) for b in dyn.block_dims)
    states, rows, cols, pays = [state.copy()], [], [], []
    for t in range(int(periods)):
        V = solution.continuation_values(t)
        x, y, _, (_, _, U) = solve_state(dyn, state, V, solution.selection)
        rows.append(x)
        cols.append(y)
        pays.append([x @ U[..., 0] @ y, x @ U[..., 1] @ y])
        nxt0 = np.array([dyn.next_block(0, state[d0], i)[0] for i in range(m)])
        nxt1 = np.array([dyn.next_block(1, state[d1], j)[0] for j in range(n)])
        state = np.concatenate([x @ nxt0, y @ nxt1])
        states.append(state.copy())
    all_states = np.array(states)
    derived = dyn.derived(all_states) if dyn.derived is not None else {}
    return Path(
        states=all_states,
        row=np.array(rows),
        col=np.array(cols),
        payoffs=np.array(pays),
        names=dyn.names,
        actions=dyn.actions,
        discount=dyn.discount,
        derived={k: np.asarray(v, dtype=np.float64) for k, v in derived.items()},
    )
