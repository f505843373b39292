r"""Round-robin tournaments between repeated-game strategies, computed exactly.

Every strategy meets every strategy, itself included, in a match of ``turns``
periods (Axelrod's tournament [1]_, [2]_). Each match is computed exactly by
:func:`~tradegame.solvers.play.play`, so a tournament has no randomness and
needs no repetitions, even with noise: the table holds expected payoffs.

Conventions, used throughout this module:

* ``H[i][j]``, the *head-to-head* payoff, is strategy ``i``'s expected payoff
  per turn against strategy ``j``.
* In a **symmetric** game (square, ``A == B.T`` and the same action names for
  both players) the two seats are interchangeable, so each pair meets once:
  ``H[i][j]`` is ``i``'s payoff as the row player against ``j`` as the column
  player, and ``H[j][i]`` the column player's payoff in the same match.
* In an **asymmetric** game, such as the chips-versus-minerals games where
  the two players' payoffs differ, each ordered pair meets in both seatings:
  ``H[i][j]`` averages ``i``'s payoff as the row player against ``j`` and as
  the column player against ``j``.
* On the diagonal, ``H[i][i]`` averages the row and the column payoff of ``i``
  against itself (in a symmetric game the two are equal).
* A strategy's *score* is the mean of its row of ``H``: its mean payoff per
  turn over all its matches, self-play included. Rank 1 is the best; tied
  scores share a rank (competition ranking: 1, 2, 2, 4).

References
----------
.. [1] R. Axelrod, *The Evolution of Cooperation*, Basic Books, 1984.
.. [2] V. Knight et al., "An open framework for the reproducible study of the
   iterated prisoner's dilemma", *Journal of Open Research Software* 4(1), 2016, e35.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from tradegame.game import Game
from tradegame.solvers._values import Value, json_value, text
from tradegame.solvers.match_inputs import bind, check_noise, check_turns, resolve_spec
from tradegame.solvers.play import exact_totals, play
from tradegame.solvers.strategies.automaton import Automaton, Strategy, check_fits, sides

__all__ = ["Table", "tournament"]


@dataclass(frozen=True)
class Table:
    """The result of a round-robin tournament (see the module docstring).

    Attributes
    ----------
    names : the strategies' labels, in the order given.
    scores : each strategy's mean payoff per turn over all its matches.
    ranks : 1 for the best score; equal scores share a rank.
    head_to_head : ``head_to_head[i][j]``, strategy ``i``'s payoff per turn against ``j``.
    turns : the length of every match.
    noise : the probability that an intended action is replaced.
    exact : True when every number is a Fraction.
    symmetric : True when each pair met once (a symmetric game), False when both seatings.
    """

    names: tuple[str, ...]
    scores: tuple[Value, ...]
    ranks: tuple[int, ...]
    head_to_head: tuple[tuple[Value, ...], ...]
    turns: int
    noise: Value
    exact: bool
    symmetric: bool

    def rows(self) -> list[tuple[int, str, Value]]:
        """``(rank, name, score)`` from the best down; ties keep the order given."""
        order = sorted(range(len(self.names)), key=lambda k: self.ranks[k])
        return [(self.ranks[k], self.names[k], self.scores[k]) for k in order]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; fractions become strings such as ``"7/3"``."""
        return {
            "names": list(self.names),
            "scores": json_value(self.scores),
            "ranks": list(self.ranks),
            "head_to_head": json_value(self.head_to_head),
            "turns": self.turns,
            "noise": json_value(self.noise),
            "exact": self.exact,
            "symmetric": self.symmetric,
        }

    def _repr_markdown_(self) -> str:
        """The ranking as a Markdown table, for notebooks."""
        lines = ["| rank | strategy | score per turn |", "|---:|---|---:|"]
        from tradegame.solvers._markdown import text as cell

        lines += [
            f"| {rank} | {cell(name)} | {float(score):.6g} |" for rank, name, score in self.rows()
        ]
        return "\n".join(lines)

    def __repr__(self) -> str:
        width = max(len("strategy"), *(len(name) for name in self.names))
        lines = [
            f"Table({len(self.names)} strategies, turns={self.turns}, "
            f"noise={text(self.noise)}, {'exact' if self.exact else 'float'},",
            f"  {'rank':>4}  {'strategy':<{width}}  score per turn",
        ]
        lines += [
            f"  {rank:>4}  {name:<{width}}  {float(score):.6g}" for rank, name, score in self.rows()
        ]
        return "\n".join(lines) + ")"


def tournament(g: Game, strategies: Sequence[Any], turns: int = 200, noise: Any = 0) -> Table:
    r"""Play a round robin, self-play included, and rank the strategies.

    Parameters
    ----------
    g : Game
        The stage game (numeric or exact).
    strategies : sequence
        Library names, ``.toml`` paths, :class:`Strategy` or :class:`Automaton`
        objects. A Strategy is bound to each seat with ``sides(g.actions)``; an
        Automaton plays as it is, so in an asymmetric game it must fit both seats.
    turns : int
        The length of every match, at least 1.
    noise : number in [0, 1)
        The probability that an intended action is replaced (as in :func:`play`).

    Returns
    -------
    Table
        Exact (Fractions) when the game is exact and the strategies' probabilities
        rational; the same every time, noise or not. Exact scores are ranked
        exactly; float scores within ``g.tolerance()`` of each other
        (:math:`10^{-9} \max(1, \text{payoff range})`) share a rank.

    Raises
    ------
    ValueError
        For an empty list, ``turns`` that is not a whole number >= 1, ``noise``
        outside [0, 1), or a strategy that does not fit the game.

    Examples
    --------
    >>> from tradegame.game import Game
    >>> from tradegame.solvers.strategies.automaton import Automaton, pure
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    >>> allc = Automaton("always-cooperate", ("C",), (pure(0, 2),), (((0, 0), (0, 0)),))
    >>> alld = Automaton("always-defect", ("D",), (pure(1, 2),), (((0, 0), (0, 0)),))
    >>> tournament(pd, [allc, alld], turns=10).rows()
    [(1, 'always-defect', Fraction(3, 1)), (2, 'always-cooperate', Fraction(3, 2))]
    """
    if not isinstance(g, Game):
        raise ValueError(f"tournament needs a tradegame Game; got {type(g).__name__}")
    if isinstance(strategies, str | bytes) or not isinstance(strategies, Sequence):
        raise ValueError("strategies must be a list of names, Strategy or Automaton objects")
    if not strategies:
        raise ValueError("a tournament needs at least one strategy; got an empty list")
    turns = check_turns(turns)
    eps = check_noise(noise)
    specs = [resolve_spec(s) for s in strategies]
    names = _unique([_label(s) for s in specs])
    symmetric = _is_symmetric(g)
    rows, cols = _seats(g, specs)
    n = len(specs)
    pairs = [(i, j) for i in range(n) for j in range(i if symmetric else 0, n)]
    H: list[list[Value]]
    scores: list[Value]
    payoffs = exact_totals(g, rows, cols, pairs, turns, eps)
    if payoffs is not None:
        exact, shown_noise = True, eps
        H, scores, ranks = _exact_table(n, pairs, payoffs, symmetric, turns)
    else:
        outs = [play(g, rows[i], cols[j], turns=turns, noise=noise) for i, j in pairs]
        exact, shown_noise = all(out.exact for out in outs), outs[-1].noise
        total = _totals(n, pairs, [out.payoffs for out in outs])
        H = [[total[i][j] / (_count(i, j, symmetric) * turns) for j in range(n)] for i in range(n)]
        scores = [sum(H[i], Fraction(0) if exact else 0.0) / n for i in range(n)]
        ranks = _ranks(scores, 0.0 if exact else g.tolerance())
    return Table(
        names=tuple(names),
        scores=tuple(scores),
        ranks=ranks,
        head_to_head=tuple(tuple(row) for row in H),
        turns=turns,
        noise=shown_noise,
        exact=exact,
        symmetric=symmetric,
    )


def _seats(g: Game, specs: list[Strategy | Automaton]) -> tuple[list[Automaton], list[Automaton]]:
    """Each strategy's automaton for the row seat and for the column seat."""
    rows = [bind(g, s, 0) for s in specs]
    row_side, col_side = sides(g.actions)
    if row_side == col_side:  # both seats see the same game: one automaton serves both
        for automaton in rows:
            check_fits(automaton, 1, g.shape)
        return rows, rows
    return rows, [bind(g, s, 1) for s in specs]


def _totals(
    n: int, pairs: Sequence[tuple[int, int]], payoffs: Sequence[tuple[Any, Any]]
) -> list[list[Any]]:
    """``total[i][j]``: i's summed payoff against j over the matches that count."""
    total: list[list[Any]] = [[0] * n for _ in range(n)]
    for (i, j), (u, v) in zip(pairs, payoffs, strict=True):
        total[i][j] += u
        total[j][i] += v
    return total


def _count(i: int, j: int, symmetric: bool) -> int:
    """How many payoffs ``total[i][j]`` sums: i's in each seating against j (a self-match: both)."""
    return 2 if i == j or not symmetric else 1


def _exact_table(
    n: int,
    pairs: Sequence[tuple[int, int]],
    payoffs: Sequence[tuple[Fraction, Fraction]],
    symmetric: bool,
    turns: int,
) -> tuple[list[list[Value]], list[Value], tuple[int, ...]]:
    """``H``, scores and ranks from exact match totals, over one common denominator.

    Summing fractions one by one reduces every partial sum; integer numerators
    over the denominators' lcm form one fraction per entry, and the scores,
    over a shared denominator, are ranked by their numerators.
    """
    den = math.lcm(*(p.denominator for pair in payoffs for p in pair))
    scaled = [
        (u.numerator * (den // u.denominator), v.numerator * (den // v.denominator))
        for u, v in payoffs
    ]
    total = _totals(n, pairs, scaled)
    count = [[_count(i, j, symmetric) for j in range(n)] for i in range(n)]
    H = [[Fraction(total[i][j], den * count[i][j] * turns) for j in range(n)] for i in range(n)]
    # the mean of row i of H over 2 * den * turns * n: a count is 1 or 2
    points = [sum(total[i][j] * (2 // count[i][j]) for j in range(n)) for i in range(n)]
    scores = [Fraction(p, 2 * den * turns * n) for p in points]
    return H, scores, _ranks(points, 0.0)


def _label(spec: Strategy | Automaton) -> str:
    return spec.label if isinstance(spec, Strategy) else spec.name


def _unique(names: list[str]) -> list[str]:
    """Labels made distinct: a repeated name gets ``#2``, ``#3``, ... appended."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out


def _is_symmetric(g: Game) -> bool:
    m, n = g.shape
    if m != n or g.actions[0] != g.actions[1]:
        return False
    if g.is_exact:
        assert g.exact_A is not None and g.exact_B is not None
        return bool(np.all(g.exact_A == g.exact_B.T))
    return bool(np.array_equal(g.A, g.B.T))


def _ranks(scores: Sequence[Value], tol: float) -> tuple[int, ...]:
    """Competition ranks: one plus the number of strictly better scores (beyond ``tol``)."""
    # exact scores are compared exactly: adding a float tolerance would round them
    better = (lambda a, b: a > b) if tol == 0 else (lambda a, b: a > b + tol)
    return tuple(1 + sum(better(other, score) for other in scores) for score in scores)
