r"""Monte Carlo play of a match, to check the exact answers of :mod:`tradegame.solvers.play`.

An estimate has no tolerance: its accuracy is statistical, given by the standard
errors it reports (they fall as one over the square root of ``repetitions``).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from tradegame.game import Game
from tradegame.solvers import _markdown as md
from tradegame.solvers.match_inputs import bind, check_game, check_noise, check_turns, match_deltas
from tradegame.solvers.strategies.automaton import Automaton

__all__ = ["Estimate", "simulate"]


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo estimate of a match's payoffs; every pair is (row player, column player).

    Attributes
    ----------
    names : the two strategies' names.
    mean : the sample mean of each player's payoff (same scale as :class:`Outcome`).
    stderr : its standard error, ``std(ddof=1) / sqrt(repetitions)``.
    repetitions : the number of simulated matches.
    turns, delta, noise : as given (delta None for a finite horizon).
    """

    names: tuple[str, str]
    mean: tuple[float, float]
    stderr: tuple[float, float]
    repetitions: int
    turns: int | None
    delta: tuple[float, float] | None
    noise: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description (pairs become lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    def _repr_markdown_(self) -> str:
        """The means with their standard errors, for notebooks."""
        horizon = (
            f"totals over {self.turns} turns"
            if self.delta is None
            else f"discounted at δ = {md.pair(self.delta)}"
        )
        head = md.title("Monte Carlo estimate") + f" of {self.repetitions} matches, {horizon}"
        if self.noise:
            head += f", noise {md.number(self.noise)}"
        rows = [
            ["strategy", *(md.text(n) for n in self.names)],
            ["mean payoff", *(md.number(m) for m in self.mean)],
            ["standard error", *(f"{s:.2g}" for s in self.stderr)],
        ]
        return f"{head}\n\n" + md.table(["", "row", "col"], rows)

    def __repr__(self) -> str:
        horizon = f"turns={self.turns}" if self.delta is None else f"delta={self.delta}"
        pairs = ", ".join(f"{m:.6g} ± {s:.2g}" for m, s in zip(self.mean, self.stderr, strict=True))
        return (
            f"Estimate({self.names[0]} vs {self.names[1]}, {horizon}, noise={self.noise:g}, "
            f"mean=({pairs}), repetitions={self.repetitions})"
        )


def simulate(
    g: Game,
    row: Any,
    col: Any,
    delta: Any = None,
    turns: int | None = None,
    noise: Any = 0,
    repetitions: int = 1000,
    rng: Any = None,
) -> Estimate:
    r"""Estimate a match's payoffs by playing it ``repetitions`` times at random.

    Each period samples the intended actions from the automata's states, then
    replaces each, with probability ``noise``, by one of the player's other
    actions chosen uniformly (the semantics of :func:`play`). The repetitions
    run side by side as numpy arrays.

    With ``turns = T`` each repetition scores the total of its ``T`` stage
    payoffs. With ``turns = None`` each player ``i`` draws an independent random
    time :math:`\tau_i` with :math:`P(\tau_i = t) = (1-\delta_i)\delta_i^t` and
    scores its stage payoff at :math:`\tau_i`. Since
    :math:`E[u_{i,\tau_i}] = (1-\delta_i)\sum_t \delta_i^t E[u_{i,t}]`, this is an
    unbiased estimator of the normalised discounted payoff, with no truncation,
    and exact (zero variance) when the stage payoff never changes.

    Parameters
    ----------
    g, row, col, delta, turns, noise
        As in :func:`play`.
    repetitions : int
        The number of simulated matches, at least 2 (for the standard error).
    rng : None, int or numpy.random.Generator
        Passed to :func:`numpy.random.default_rng`.

    Returns
    -------
    Estimate
        Sample means and their standard errors, as floats.

    Raises
    ------
    ValueError
        As :func:`play`, and when ``repetitions`` is not a whole number >= 2.
    """
    g = check_game(g, "simulate")
    turns = None if turns is None else check_turns(turns)
    eps = float(check_noise(noise))
    deltas = match_deltas(g, delta, turns)
    integral = isinstance(repetitions, numbers.Integral) and not isinstance(repetitions, bool)
    if not integral or repetitions < 2:
        raise ValueError(f"repetitions must be a whole number >= 2; got {repetitions!r}")
    R, generator = int(repetitions), np.random.default_rng(rng)
    players = (bind(g, row, 0), bind(g, col, 1))
    tables = [_tables(a) for a in players]
    state = [np.full(R, a.start) for a in players]
    score = np.zeros((2, R))
    if deltas is not None:
        tau = np.array([generator.geometric(1.0 - float(d), size=R) - 1 for d in deltas])
        tau = tau[:, np.argsort(-tau.max(axis=0), kind="stable")]  # the longest first
        end = tau.max(axis=0)
    periods = turns if turns is not None else int(end[0]) + 1
    for t in range(periods):
        # a repetition is live until both its random times have passed; live ones are a prefix
        live = R if turns is not None else int(np.searchsorted(-end, -t, side="right"))
        state = [s[:live] for s in state]
        i, j = (_intend(*tables[k], state[k], eps, generator) for k in (0, 1))
        state[0][:] = tables[0][1][state[0], i, j]
        state[1][:] = tables[1][1][state[1], j, i]
        for k, M in enumerate((g.A, g.B)):
            if turns is not None:
                score[k] += M[i, j]
            else:
                hit = tau[k, :live] == t
                score[k, :live][hit] = M[i[hit], j[hit]]
    mean, stderr = score.mean(axis=1), score.std(axis=1, ddof=1) / math.sqrt(R)
    return Estimate(
        names=(players[0].name, players[1].name),
        mean=(float(mean[0]), float(mean[1])),
        stderr=(float(stderr[0]), float(stderr[1])),
        repetitions=R,
        turns=turns,
        delta=None if deltas is None else (float(deltas[0]), float(deltas[1])),
        noise=eps,
    )


def _tables(automaton: Automaton) -> tuple[np.ndarray, np.ndarray]:
    """Cumulative action probabilities (all but the last) and the transition table."""
    probs = np.array([[float(p) for p in out] for out in automaton.output])
    return np.cumsum(probs, axis=1)[:, :-1], np.array(automaton.transition, dtype=np.intp)


def _intend(
    thresholds: np.ndarray,
    transition: np.ndarray,
    state: np.ndarray,
    noise: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """Realised actions: the number of thresholds at or below a uniform draw, then noise."""
    action = (rng.random(state.size)[:, None] >= thresholds[state]).sum(axis=1)
    n = thresholds.shape[1] + 1
    if noise > 0 and n > 1:
        flip = rng.random(state.size) < noise
        shift = rng.integers(1, n, size=state.size)  # uniform over the other actions
        action = np.where(flip, (action + shift) % n, action)
    return action
