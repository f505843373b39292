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
        strategy: Any = "grim",
        path: Sequence[int | str] = (0, 0),
        punish: Sequence[int | str] | str | None = None,
    ) -> tuple[Value, Value]:
        """The smallest discount factor of each player that sustains ``path``.

        Parameters
        ----------
        strategy : str, Strategy, or a (row, col) pair of them
            ``"grim"`` is grim trigger with Nash reversion (Friedman 1971), in
            closed form (:meth:`grim_details`). Any other name of
            :func:`tradegame.strategies`, a label such as ``"truce(punish=4)"``,
            a :class:`Strategy`, an :class:`Automaton` or a ``.toml`` strategy
            file is played by both players (or give a pair), built on ``path``,
            and solved exactly by :func:`tradegame.solvers.thresholds.critical_delta`
            under the strategy's criterion: subgame perfection, or Nash
            equilibrium for tit-for-tat and its relatives.
        path : pair of action names or indices
            The cooperative profile.
        punish
            For ``"grim"`` only: as in :meth:`grim_details`.

        Returns
        -------
        tuple
            ``(threshold_row, threshold_col)``: fractions for exact games
            (exact algebraic numbers where a threshold is irrational), floats
            for numeric ones, sympy expressions for symbolic ones, and
            ``float('inf')`` for a player no patience keeps on the path.

        Notes
        -----
        ``"grim"`` compares numeric payoffs with the tolerance ``g.tolerance()``
        (see :mod:`tradegame.solvers.grim`); every other strategy is solved with no
        tolerance, exactly on the binary values of the floats
        (:mod:`tradegame.solvers.thresholds`).
        """
        if isinstance(strategy, str) and strategy == "grim":
            return self.grim_details(path, punish).thresholds
        if punish is not None:
            raise ValueError("punish applies to strategy='grim' only")
        return self.threshold_details(strategy, path).thresholds

    def threshold_details(self, strategy: Any, path: Sequence[int | str] = (0, 0)) -> Any:
        """Each player's threshold and the whole set of discount factors where it holds.

        ``strategy`` as in :meth:`critical_delta` (every name, ``"grim"`` too, is
        played as an automaton here). Returns a
        :class:`~tradegame.solvers.thresholds.ThresholdDetails`.
        """
        from tradegame.solvers.thresholds import threshold_details

        row, col, criterion = self._automata(strategy, path)
        return threshold_details(self.game, row, col, criterion=criterion)

    def grim_details(
        self, path: Sequence[int | str], punish: Sequence[int | str] | str | None = None
    ) -> GrimAnalysis:
        """Grim trigger with Nash reversion, with every number that goes into it.

        See :func:`tradegame.solvers.grim.grim_details` for ``path`` and ``punish``,
        and for its tolerance (``g.tolerance()`` on the payoffs of a numeric game).
        """
        return grim_details(self.game, self.delta, path, punish)

    def play(self, row: Any, col: Any, turns: int | None = None, noise: Any = 0) -> Any:
        """The exact outcome of a match: see :func:`tradegame.solvers.play.play`.

        Discounted with this game's ``delta`` when ``turns`` is None; totals otherwise.
        """
        from tradegame.solvers.play import play

        return play(self.game, row, col, delta=self.delta, turns=turns, noise=noise)

    def simulate(
        self,
        row: Any,
        col: Any,
        turns: int | None = None,
        noise: Any = 0,
        repetitions: int = 1000,
        rng: Any = None,
    ) -> Any:
        """A Monte Carlo estimate of :meth:`play` (:func:`tradegame.solvers.simulate.simulate`)."""
        from tradegame.solvers.simulate import simulate

        return simulate(
            self.game, row, col, self.delta, turns, noise, repetitions=repetitions, rng=rng
        )

    def is_subgame_perfect(self, row: Any, col: Any, path: Sequence[int | str] = (0, 0)) -> Any:
        """Whether the profile is subgame perfect at this game's ``delta``, with a deviation if not.

        Strategies are built on ``path``; see
        :func:`tradegame.solvers.perfection.is_subgame_perfect`.
        """
        from tradegame.solvers.perfection import is_subgame_perfect

        a, b, _ = self._automata((row, col), path)
        return is_subgame_perfect(self.game, a, b, self.delta)

    def is_nash(self, row: Any, col: Any, path: Sequence[int | str] = (0, 0)) -> Any:
        """Whether the profile is a Nash equilibrium at this game's ``delta``."""
        from tradegame.solvers.perfection import is_nash

        a, b, _ = self._automata((row, col), path)
        return is_nash(self.game, a, b, self.delta)

    def spe_payoffs(self, tol: float | None = None) -> Any:
        """The subgame-perfect payoff set: see :func:`tradegame.solvers.spe_set.spe_payoffs`."""
        from tradegame.solvers.spe_set import spe_payoffs

        return spe_payoffs(self.game, self.delta, tol=tol)

    def worst_payoffs(self) -> tuple[float, float]:
        """Each player's worst subgame-perfect payoff: the optimal penal code (Abreu 1988)."""
        from tradegame.solvers.spe_set import worst_payoffs

        return worst_payoffs(self.game, self.delta)

    def finite_horizon(self, periods: int, discounted: bool = False) -> Any:
        """Pure subgame-perfect equilibria of the game repeated ``periods`` times.

        Totals by default; with ``discounted=True``, discounted with this game's
        ``delta``. See :func:`tradegame.solvers.finite.finite_horizon`.
        """
        from tradegame.solvers.finite import finite_horizon

        return finite_horizon(self.game, periods, self.delta if discounted else 1)

    def _automata(self, strategy: Any, path: Sequence[int | str]) -> tuple[Any, Any, str]:
        """Both players' automata on ``path``, and the criterion their thresholds use."""
        from tradegame.solvers.match_inputs import resolve_spec
        from tradegame.solvers.strategies.automaton import Strategy, sides

        g = self.game
        profile = (g.action_index(0, path[0]), g.action_index(1, path[1]))
        pair = strategy if isinstance(strategy, tuple | list) else (strategy, strategy)
        if len(pair) != 2:
            raise ValueError(f"give one strategy, or a (row, col) pair; got {len(pair)}")
        seats = sides(g.actions, profile)
        specs = [resolve_spec(s) for s in pair]
        automata = [s.bind(seats[k]) if isinstance(s, Strategy) else s for k, s in enumerate(specs)]
        nash = any(isinstance(s, Strategy) and s.criterion == "nash" for s in specs)
        return automata[0], automata[1], "nash" if nash else "subgame-perfect"
