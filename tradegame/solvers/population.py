r"""The population game: the exact per-period payoff of every match between strategies.

:func:`population_game` plays every strategy against every other with
:func:`~tradegame.solvers.play.play`; the dynamics of
:mod:`tradegame.solvers.evolution` and the Moran process of
:mod:`tradegame.solvers.moran` act on its matrices. One population or two, and
the index conventions, are described in :mod:`tradegame.solvers.evolution`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from tradegame.game import Game
from tradegame.solvers._values import Value, json_value
from tradegame.solvers.match_inputs import (
    bind,
    check_game,
    check_noise,
    check_turns,
    match_deltas,
    resolve_spec,
)
from tradegame.solvers.play import play
from tradegame.solvers.tournament import _is_symmetric, _label

__all__ = ["PopulationGame", "population_game"]

Matrix = tuple[tuple[Value, ...], ...]


@dataclass(frozen=True)
class PopulationGame:
    """Per-period payoffs of every match between the strategies (module docstring).

    Attributes
    ----------
    names : the strategies' labels, in the order given (the same list for each population).
    players : the stage game's two players (row, column).
    payoffs : one matrix per population, own strategy first: ``payoffs[p][i][j]`` is
        what population ``p``'s strategy ``i`` earns per period against strategy ``j``
        of the other population (of the same population, when there is one).
    turns : the length of every match, or None for discounted payoffs.
    delta : the discount factors (row, column), or None with ``turns``.
    noise : the probability that an intended action is replaced.
    exact : True when every payoff is a Fraction.
    low : each population's player's smallest stage payoff.
    spread : the largest spread of a player's stage payoffs (1 when every payoff is equal).
    """

    names: tuple[str, ...]
    players: tuple[str, str]
    payoffs: tuple[Matrix, ...]
    turns: int | None
    delta: tuple[Value, Value] | None
    noise: Value
    exact: bool
    low: tuple[Value, ...]
    spread: Value

    @property
    def populations(self) -> int:
        """1 for a symmetric game, 2 otherwise."""
        return len(self.payoffs)

    @property
    def labels(self) -> tuple[str, ...]:
        """Who each population is: ``("population",)`` or the two players."""
        return ("population",) if self.populations == 1 else self.players

    def matrices(self) -> tuple[Matrix, Matrix | None]:
        """``(A, B)`` in the game convention: row payoffs, column payoffs (None for one)."""
        if self.populations == 1:
            return self.payoffs[0], None
        own = self.payoffs[1]
        return self.payoffs[0], tuple(zip(*own, strict=True))

    def scaled(self) -> tuple[Matrix, ...]:
        """:attr:`payoffs` mapped onto [0, 1] (the module docstring's scale), own strategy first.

        ``(payoff - low[p]) / spread``, exact when the payoffs are.
        """
        return tuple(
            tuple(tuple((x - low) / self.spread for x in row) for row in M)
            for M, low in zip(self.payoffs, self.low, strict=True)
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; fractions become strings such as ``"7/3"``.

        A fraction too long for Python to print (over 4000 digits, from long
        noisy matches) is given as a float instead.
        """
        return {
            "names": list(self.names),
            "players": list(self.players),
            "populations": self.populations,
            "payoffs": json_value(_printable(self.payoffs)),
            "turns": self.turns,
            "delta": None if self.delta is None else json_value(self.delta),
            "noise": json_value(self.noise),
            "exact": self.exact,
            "low": json_value(self.low),
            "spread": json_value(self.spread),
        }


_PRINTABLE_BITS = 13_000  # about 4000 decimal digits: below Python's int-to-str limit


def _printable(x: Any) -> Any:
    if isinstance(x, tuple | list):
        return [_printable(y) for y in x]
    if isinstance(x, Fraction) and (
        x.numerator.bit_length() > _PRINTABLE_BITS or x.denominator.bit_length() > _PRINTABLE_BITS
    ):
        return float(x)
    return x


def population_game(
    g: Game,
    strategies: Sequence[Any],
    *,
    turns: int | None = None,
    delta: Any = None,
    noise: Any = 0,
    progress: Callable[[float], None] | None = None,
) -> PopulationGame:
    r"""Play every match between ``strategies`` exactly and collect per-period payoffs.

    Parameters
    ----------
    g : Game
        The stage game (numeric or exact).
    strategies : sequence
        At least two distinct library names, labels, ``.toml`` paths,
        :class:`Strategy` or :class:`Automaton` objects.
    turns : int, optional
        Match length; payoffs are expected totals divided by ``turns``. None for
        normalised discounted payoffs at ``delta``.
    delta : number or (row, column) pair, optional
        Discount factors in (0, 1); required when ``turns`` is None.
    noise : number in [0, 1)
        The probability that an intended action is replaced.
    progress : callable, optional
        Called with the fraction of matches played.

    Returns
    -------
    PopulationGame
        One population when ``g`` is symmetric and (with discounting) both
        players have the same discount factor; two otherwise.

    Raises
    ------
    ValueError
        For fewer than two strategies, a strategy listed twice, an unknown
        strategy, bad ``turns``, ``noise`` or ``delta``.

    Examples
    --------
    >>> from tradegame.game import Game
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    >>> pop = population_game(pd, ["tit-for-tat", "always-restrict"], turns=10)
    >>> pop.populations, pop.payoffs[0]
    (1, ((Fraction(3, 1), Fraction(9, 10)), (Fraction(7, 5), Fraction(1, 1))))
    """
    g = check_game(g, "population_game")
    if isinstance(strategies, str | bytes) or not isinstance(strategies, Sequence):
        raise ValueError("strategies must be a list of names, Strategy or Automaton objects")
    specs = [resolve_spec(s) for s in strategies]
    names = tuple(_label(s) for s in specs)
    if len(specs) < 2:
        raise ValueError(
            f"evolution needs at least two strategies to compete; got {len(specs)}"
            + (f" ({names[0]})" if names else "")
        )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"strategy {repeated[0]!r} is listed twice; list each strategy once")
    turns = None if turns is None else check_turns(turns)
    eps = check_noise(noise)
    deltas = match_deltas(g, delta, turns)
    one = _is_symmetric(g) and (deltas is None or deltas[0] == deltas[1])
    seats = [[bind(g, s, 0) for s in specs], [bind(g, s, 1) for s in specs]]
    n = len(specs)
    pairs = [(i, j) for i in range(n) for j in range(i if one else 0, n)]
    own: list[list[list[Any]]] = [[[None] * n for _ in range(n)] for _ in range(1 if one else 2)]
    exact, shown_noise, shown_delta = True, eps, deltas
    for k, (i, j) in enumerate(pairs):
        out = play(g, seats[0][i], seats[1][j], delta=deltas, turns=turns, noise=eps)
        exact, shown_noise, shown_delta = exact and out.exact, out.noise, out.delta
        u, v = out.payoffs
        if turns is not None:
            u, v = u / turns, v / turns
        if one:
            # the diagonal averages the two seats of a self-match, as in a tournament
            own[0][i][j], own[0][j][i] = ((u + v) / 2,) * 2 if i == j else (u, v)
        else:
            own[0][i][j], own[1][j][i] = u, v
        if progress is not None:
            progress((k + 1) / len(pairs))
    payoffs = tuple(tuple(tuple(row) for row in M) for M in own)
    if not exact:
        payoffs = tuple(tuple(tuple(float(x) for x in row) for row in M) for M in payoffs)
    low, spread = _stage_scale(g, exact, 1 if one else 2)
    return PopulationGame(
        names=names,
        players=g.players,
        payoffs=payoffs,
        turns=turns,
        delta=shown_delta,
        noise=shown_noise,
        exact=exact,
        low=low,
        spread=spread,
    )


def _stage_scale(g: Game, exact: bool, populations: int) -> tuple[tuple[Value, ...], Value]:
    """Each player's smallest stage payoff, and the largest spread of a player's payoffs."""
    if exact:
        assert g.exact_A is not None and g.exact_B is not None
        stage = [list(g.exact_A.flat), list(g.exact_B.flat)]
    else:
        stage = [[float(x) for x in g.A.flat], [float(x) for x in g.B.flat]]
    lows = [min(v) for v in stage]
    spread = max(max(v) - lo for v, lo in zip(stage, lows, strict=True))
    if spread == 0:
        spread = Fraction(1) if exact else 1.0
    return tuple(lows[:populations]), spread


def _matrix(M: Any, what: str) -> list[list[Any]]:
    try:
        rows = [list(row) for row in M]
    except TypeError:
        raise ValueError(f"{what} must be a matrix of numbers") from None
    if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError(f"{what} must be a non-empty rectangular matrix")
    for row in rows:
        for x in row:
            if isinstance(x, bool) or not isinstance(x, numbers.Real | np.number):
                raise ValueError(f"{what} holds {x!r}, which is not a number")
            if not math.isfinite(float(x)):
                raise ValueError(f"{what} holds {x!r}; payoffs must be finite")
    return rows
