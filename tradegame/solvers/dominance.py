r"""Iterated elimination of strictly dominated actions, by pure and mixed strategies."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from tradegame.game import Game
from tradegame.solvers import exact
from tradegame.solvers._common import FloatArray, require_numeric, tolerance, unit
from tradegame.solvers.minmax import maximin

__all__ = ["DominanceStep", "dominance", "dominance_steps"]


@dataclass(frozen=True)
class DominanceStep:
    """One elimination: ``player`` (0 row, 1 column) drops ``action``.

    ``by`` is the dominating strategy, as ``(action name, probability)`` pairs over
    the actions that survived until this step.
    """

    player: int
    action: str
    by: tuple[tuple[str, float], ...]


def _dominator(U: FloatArray, U_exact: Any, k: int, mixed: bool, tol: float) -> Any:
    """A strategy over the rows of ``U`` that strictly dominates row ``k``, or None."""
    others = [r for r in range(U.shape[0]) if r != k]
    for r in others:  # pure dominance first: it needs no linear program
        if U_exact is not None:
            if all(a > b for a, b in zip(U_exact[r], U_exact[k], strict=True)):
                return unit(r, U.shape[0])
        elif np.all(U[r] > U[k] + tol):
            return unit(r, U.shape[0])
    if not mixed or len(others) < 2:
        return None
    spread = float(U.max() - U.min()) or 1.0
    margin, p = maximin((U[others] - U[k]) / spread)  # best smallest margin of a mixture
    if margin * spread <= tol:
        return None
    if U_exact is not None:  # the float mixture, read exactly, must dominate exactly
        weights = [Fraction(float(w)) for w in p]
        mix = exact.dot([w / sum(weights) for w in weights], [U_exact[r] for r in others])
        if not all(a > b for a, b in zip(mix, U_exact[k], strict=True)):
            return None
    full = np.zeros(U.shape[0])
    full[others] = p
    return full


def _eliminate(g: Game, mixed: bool, tol: float | None) -> tuple[list[int], list[int], list[Any]]:
    require_numeric(g, "dominance")
    tol = tolerance(g, tol)
    alive = [list(range(g.shape[0])), list(range(g.shape[1]))]
    own_payoffs = [(g.A, g.exact_A), (g.B.T, None if g.exact_B is None else g.exact_B.T)]
    steps: list[DominanceStep] = []
    changed = True
    while changed:
        changed = False
        for player, (M, M_exact) in enumerate(own_payoffs):
            own, other, names, k = alive[player], alive[1 - player], g.actions[player], 0
            while k < len(own) and len(own) > 1:
                U_exact = None if M_exact is None else M_exact[np.ix_(own, other)]
                by = _dominator(M[np.ix_(own, other)], U_exact, k, mixed, tol)
                if by is None:
                    k += 1
                    continue
                mixture = tuple((names[a], float(w)) for a, w in zip(own, by, strict=True) if w > 0)
                steps.append(DominanceStep(player, names[own.pop(k)], mixture))
                changed, k = True, 0
    return alive[0], alive[1], steps


def dominance_steps(g: Game, mixed: bool = True, tol: float | None = None) -> list[DominanceStep]:
    """The eliminations :func:`dominance` makes, in order."""
    return _eliminate(g, mixed, tol)[2]


def dominance(g: Game, mixed: bool = True, tol: float | None = None) -> Game:
    r"""Iterated elimination of strictly dominated actions; returns the reduced game.

    The players take turns (row first) removing, one at a time, an action strictly
    dominated by another action or, when ``mixed`` is True, by a mixture of the
    other surviving actions (a linear program maximising the smallest margin). An
    action is dominated when the margin exceeds ``tol`` (default
    ``g.tolerance()``); in an exact game pure dominance is checked exactly, and a
    dominating mixture must also dominate exactly in fractions. The outcome of
    iterated *strict* dominance does not depend on the order of elimination.

    Returns
    -------
    Game
        The surviving actions with their names, the players' names and, for an
        exact game, the exact payoffs.

    Examples
    --------
    >>> from tradegame import Game
    >>> dominance(Game([[3, 0], [5, 1]], [[3, 5], [0, 1]])).actions  # prisoner's dilemma
    (('r1',), ('c1',))
    """
    rows, cols = _eliminate(g, mixed, tol)[:2]
    A: Any = g.A[np.ix_(rows, cols)]
    B: Any = g.B[np.ix_(rows, cols)]
    if g.exact_A is not None and g.exact_B is not None:
        A, B = g.exact_A[np.ix_(rows, cols)].tolist(), g.exact_B[np.ix_(rows, cols)].tolist()
    actions = ([g.actions[0][i] for i in rows], [g.actions[1][j] for j in cols])
    return Game(A, B, actions=actions, players=g.players, point=g.point)
