r"""Minmax (punishment) values, pure and mixed, by linear programming.

The mixed minmax of a player is the value of the zero-sum game on its own
payoffs; scipy's ``linprog`` solves it, and for exact games the optimal vertex is
recomputed and certified in fractions (:mod:`tradegame.solvers.exact`).

Tolerance: an exact game's values are exact, with none. A float game's value is
the simplex optimum on the payoffs moved onto ``[0, 1]``, mapped back, so it is
accurate to HiGHS's feasibility tolerance (1e-7) times that player's payoff
range; the strategy's tight constraints are read within 1e-9 of that range.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from tradegame.game import Game
from tradegame.solvers import _markdown as md
from tradegame.solvers import exact
from tradegame.solvers._common import FloatArray, clean, require_numeric, scaled, unit

__all__ = ["MinmaxResult", "maximin", "minmax", "minmax_strategies"]


@dataclass(frozen=True, eq=False)
class MinmaxResult:
    r"""Each player's minmax (punishment) value and the strategies that impose it.

    Attributes
    ----------
    values : tuple of float
        ``values[0]`` is the least payoff the column player can hold the row player
        to, :math:`\min_y \max_i (A y)_i`; ``values[1]`` the least the row player
        can hold the column player to, :math:`\min_x \max_j (x^\top B)_j`.
    punish_row : ndarray of float64
        The column player's strategy that holds the row player to ``values[0]``.
    punish_col : ndarray of float64
        The row player's strategy that holds the column player to ``values[1]``.
    pure : bool
        True when the punisher was restricted to pure actions.
    exact_values, exact_punish_row, exact_punish_col : tuple of Fraction or None
        The same as fractions, for an exact game (see :func:`minmax_strategies`).
    """

    values: tuple[float, float]
    punish_row: FloatArray
    punish_col: FloatArray
    pure: bool = False
    exact_values: tuple[Fraction, Fraction] | None = None
    exact_punish_row: tuple[Fraction, ...] | None = None
    exact_punish_col: tuple[Fraction, ...] | None = None

    def _repr_markdown_(self) -> str:
        """Each player's minmax value and the strategy that imposes it, for notebooks.

        Exact values and strategies (of an exact game) are shown as fractions.
        """
        kind = "pure" if self.pure else "mixed"
        head = md.title("Minmax values") + f" ({kind} punishments)"
        values: tuple[Any, ...] = self.values
        punish: tuple[Any, ...] = (self.punish_row, self.punish_col)
        if self.exact_values is not None and self.exact_punish_row and self.exact_punish_col:
            values, punish = self.exact_values, (self.exact_punish_row, self.exact_punish_col)
        rows = [
            ["minmax value", *(md.number(v) for v in values)],
            ["punisher", "column player", "row player"],
            ["punishing strategy", *(md.vector(p) for p in punish)],
        ]
        return f"{head}\n\n" + md.table(["", "row player", "column player"], rows)


def maximin(M: FloatArray) -> tuple[float, FloatArray]:
    r""":math:`\max_p \min_j (p^\top M)_j` over mixed ``p`` on the rows, by dual simplex."""
    from scipy.optimize import linprog

    k, n_cols = M.shape
    res = linprog(  # max w  s.t.  p^T M >= w, sum(p) = 1, p >= 0
        np.append(np.zeros(k), -1.0),
        A_ub=np.column_stack([-M.T, np.ones(n_cols)]),
        b_ub=np.zeros(n_cols),
        A_eq=[np.append(np.ones(k), 0.0)],
        b_eq=[1.0],
        bounds=[(0, None)] * k + [(None, None)],
        method="highs-ds",  # simplex: a vertex solution, so its tight set fixes it
    )
    p = clean(res.x[:k], k) if res.status == 0 else None
    if p is None:  # pragma: no cover - these LPs are feasible and bounded
        raise RuntimeError(f"linear program failed: {res.message}")
    return float(-res.fun), p


def _zero_sum(M: FloatArray, M_exact: Any) -> tuple[float, FloatArray, Any]:
    """Value and minimiser ``q`` of the zero-sum game on ``M``; ``(value, q)`` exactly or None."""
    N = scaled(M)  # the same optimal strategies, better conditioned
    p, q = maximin(N)[1], maximin(-N.T)[1]
    if M_exact is not None:
        tight_rows, tight_cols = N @ q >= (N @ q).max() - 1e-9, p @ N <= (p @ N).min() + 1e-9
        found = exact.certify_value(M_exact, p > 0, tight_cols, q > 0, tight_rows)
        if found is not None:
            return float(found[0]), np.array(found[1], dtype=float), found
    return float((M @ q).max()), q, None


def minmax_strategies(g: Game, pure: bool = False) -> MinmaxResult:
    r"""Minmax values of both players, with the punishing strategies.

    Mixed punishments (the default) solve linear programs with
    :func:`scipy.optimize.linprog` (dual simplex). For an exact game the optimal
    vertices of the punisher's problem and of its dual are recomputed in fractions
    from their tight constraints, and accepted when the two exact bounds coincide,
    which proves them optimal; the exact fields stay None if that check fails. With
    ``pure=True`` the punisher may only use pure actions: ``values[0]`` is then
    :math:`\min_j \max_i A_{ij}`.

    Raises
    ------
    ValueError
        If the game is symbolic.
    """
    require_numeric(g, "minmax")
    m, n = g.shape
    exact_A, exact_B = g.exact_A, g.exact_B
    if pure:
        j, i = int(np.argmin(g.A.max(axis=0))), int(np.argmin(g.B.max(axis=1)))
        values = (float(g.A[:, j].max()), float(g.B[i, :].max()))
        if exact_A is None or exact_B is None:
            return MinmaxResult(values, unit(j, n), unit(i, m), True)
        units = (
            tuple(Fraction(int(c == j)) for c in range(n)),
            tuple(Fraction(int(r == i)) for r in range(m)),
        )
        return MinmaxResult(
            values, unit(j, n), unit(i, m), True, (max(exact_A[:, j]), max(exact_B[i, :])), *units
        )
    v_row, y, y_ex = _zero_sum(g.A, exact_A)
    v_col, x, x_ex = _zero_sum(g.B.T, None if exact_B is None else exact_B.T)
    if y_ex is None or x_ex is None:
        return MinmaxResult((v_row, v_col), y, x)
    exact_values = (y_ex[0], x_ex[0])
    return MinmaxResult((v_row, v_col), y, x, False, exact_values, tuple(y_ex[1]), tuple(x_ex[1]))


def minmax(g: Game, pure: bool = False) -> tuple[float, float]:
    r"""Each player's minmax (punishment) value, ``(row's, column's)``.

    The least payoff the opponent can hold a player to when that player best
    responds: :math:`\min_y \max_i (A y)_i` for the row player and
    :math:`\min_x \max_j (x^\top B)_j` for the column player. With ``pure=True``
    the punisher may only use pure actions. :func:`minmax_strategies` also gives
    the punishing strategies and, for an exact game, the exact values.

    Examples
    --------
    >>> from tradegame import Game
    >>> minmax(Game([[1, -1], [-1, 1]]))  # matching pennies
    (0.0, 0.0)
    """
    return minmax_strategies(g, pure=pure).values
