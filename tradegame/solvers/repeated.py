r"""Repeated games: how patient must the players be to sustain cooperation?

Conventions, used throughout the repeated-game solvers:

* Indices follow :mod:`tradegame.game`: ``A[i, j]`` is the row player's payoff
  and ``B[i, j]`` the column player's; player 0 is the row player.
* Payoffs are discounted and normalised: a stream :math:`u_0, u_1, \dots` is
  worth :math:`(1-\delta_i)\sum_t \delta_i^t u_t` to player :math:`i`, whose
  discount factor :math:`\delta_i` lies strictly between 0 and 1.
* A *path* is a pure action profile ``(i, j)`` played in every period. Actions
  are given by name or by index.
* Thresholds are :class:`fractions.Fraction` for exact games, floats for
  numeric ones and simplified sympy expressions for symbolic ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tradegame.game import Game
from tradegame.solvers._values import Value, check_delta, text
from tradegame.solvers.grim import GrimAnalysis, grim_details

__all__ = ["RepeatedGame"]


class RepeatedGame:
    r"""A stage game repeated forever, with discounting.

    Parameters
    ----------
    g : Game
        The stage game.
    delta : number or pair of numbers
        The discount factor in (0, 1), or a ``(row, col)`` pair of them.
        Floats, fractions and sympy numbers or expressions are accepted.

    Raises
    ------
    ValueError
        If a discount factor is not a number strictly between 0 and 1, or
        ``delta`` is a sequence whose length is not 2.

    Examples
    --------
    >>> from tradegame.game import Game
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    >>> RepeatedGame(pd, 0.9).critical_delta("grim", path=("C", "C"))
    (Fraction(1, 2), Fraction(1, 2))
    """

    def __init__(self, g: Game, delta: Any) -> None:
        if not isinstance(g, Game):
            raise ValueError(f"RepeatedGame needs a tradegame Game; got {type(g).__name__}")
        self.game = g
        self.delta = check_delta(delta, g.players)

    def __repr__(self) -> str:
        return f"RepeatedGame({self.game!r}, delta=({text(self.delta[0])}, {text(self.delta[1])}))"

    def critical_delta(
        self,
        strategy: str = "grim",
        path: Sequence[int | str] = (0, 0),
        punish: Sequence[int | str] | str | None = None,
    ) -> tuple[Value, Value]:
        """The smallest discount factor of each player that sustains ``path``.

        Parameters
        ----------
        strategy : str
            At present only ``"grim"`` (grim trigger with Nash reversion,
            Friedman 1971).
        path, punish
            As in :meth:`grim_details`.

        Returns
        -------
        tuple
            ``(threshold_row, threshold_col)``: fractions for exact games,
            floats for numeric ones, sympy expressions for symbolic ones, and
            ``float('inf')`` for a player no patience keeps on the path.
        """
        if strategy != "grim":
            raise ValueError(f"unknown strategy {strategy!r}; choose one of: grim")
        return self.grim_details(path, punish).thresholds

    def grim_details(
        self, path: Sequence[int | str], punish: Sequence[int | str] | str | None = None
    ) -> GrimAnalysis:
        """Grim trigger with Nash reversion, with every number that goes into it.

        See :func:`tradegame.solvers.grim.grim_details` for ``path`` and ``punish``.
        """
        return grim_details(self.game, self.delta, path, punish)
