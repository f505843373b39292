r"""Matches between two strategies of a repeated game, played exactly.

:mod:`tradegame.solvers.simulate` plays the same matches at random, to check.

Conventions, used throughout this module:

* Indices follow :mod:`tradegame.game`: ``A[i, j]`` is the row player's payoff
  and ``B[i, j]`` the column player's; a *profile* is the realised pair ``(i, j)``.
* A match is one automaton per seat (see :mod:`~tradegame.solvers.strategies.automaton`).
  Noise is as in :mod:`~tradegame.solvers.strategies.product`: with probability
  ``noise`` an intended action is replaced by one of the player's other
  actions, chosen uniformly, and both automata move on the realised profile.
* With ``turns = T`` a player's payoff is the expected *total*
  :math:`\sum_{t<T} E[u_{i,t}]` (a sum, as in Axelrod's tournaments [1]_).
  With ``turns = None`` it is the normalised discounted payoff
  :math:`(1-\delta_i)\sum_{t\ge 0} \delta_i^t E[u_{i,t}]`, each player with its
  own discount factor :math:`\delta_i`.
* *Cooperation* is the share of periods in which a player's realised action is
  its action 0 (the first action: "open" in the bundled models, and the
  cooperative path of :func:`~tradegame.solvers.strategies.automaton.sides`):
  the expected count divided by ``T``, or the discounted share
  :math:`(1-\delta_i)\sum_t \delta_i^t P(a_{i,t} = 0)`.

How :func:`play` computes, without sampling:

1. Without noise, while both automata play pure actions, a match is one path
   of product states; it revisits a state within ``k_row * k_col`` periods and
   then cycles. Totals and discounted sums of a *prefix* followed by a repeated
   *cycle* have closed forms, so long horizons cost nothing.
2. Otherwise the match is the Markov chain of
   :func:`~tradegame.solvers.strategies.product.product_chain` [2]_, restricted
   to the states reachable from the start. Finite horizons sum
   :math:`\sum_{t<T} e_0 P^t r`, by repeated squaring (``log T`` matrix
   products) when the chain is small and by propagating the distribution period
   by period when stepping is cheaper; discounted payoffs solve
   :math:`(I - \delta P) v = (1 - \delta) r` [3]_.

Arithmetic is exact (:class:`fractions.Fraction`) when the game, the automata's
probabilities, ``noise`` and (for discounted play) ``delta`` are rational;
floats written as short decimals count as rational, as in :class:`~tradegame.game.Game`.
Otherwise the arithmetic is in floats; no comparison is made, so there is no
tolerance, and the results carry the rounding of the linear algebra.
Exact finite matches are computed over the integers: payoffs and each
automaton's probabilities are scaled to common denominators once, and a
single fraction is formed per result. Linear systems are solved by
fraction-free elimination [4]_.

References
----------
.. [1] R. Axelrod, *The Evolution of Cooperation*, Basic Books, 1984.
.. [2] A. Rubinstein, "Finite automata play the repeated prisoner's dilemma",
   *Journal of Economic Theory* 39(1), 1986, pp. 83-96.
.. [3] J. G. Kemeny and J. L. Snell, *Finite Markov Chains*, Van Nostrand, 1960.
.. [4] E. H. Bareiss, "Sylvester's identity and multistep integer-preserving
   Gaussian elimination", *Mathematics of Computation* 22(103), 1968, pp. 565-578.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from tradegame.game import Game
from tradegame.solvers._values import Profile, Value, json_value, text
from tradegame.solvers.match_inputs import bind, check_game, check_noise, check_turns, match_deltas
from tradegame.solvers.strategies.automaton import Automaton
from tradegame.solvers.strategies.product import product_chain, realised

__all__ = ["Outcome", "play"]


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    r"""The exact result of a match; every pair is (row player, column player).

    Attributes
    ----------
    names : the two strategies' names.
    payoffs : expected totals over ``turns`` periods, or normalised discounted payoffs
        when ``turns`` is None. Fractions when :attr:`exact`, floats otherwise.
    turns : the number of periods, or None for discounted play.
    delta : the discount factors used (None for a finite horizon).
    noise : the probability that an intended action is replaced.
    exact : True when every number is a Fraction.
    cooperation : each player's share (or discounted share) of periods at its action 0.
    prefix, cycle : for a match without randomness, the realised profiles: ``prefix``
        once, then ``cycle`` repeated forever (both shortest). None for a random match.
    actions : the two players' action names, for display.
    """

    names: tuple[str, str]
    payoffs: tuple[Value, Value]
    turns: int | None
    delta: tuple[Value, Value] | None
    noise: Value
    exact: bool
    cooperation: tuple[Value, Value]
    prefix: tuple[Profile, ...] | None = None
    cycle: tuple[Profile, ...] | None = None
    actions: tuple[tuple[str, ...], tuple[str, ...]] = field(default=((), ()), repr=False)

    @property
    def moves(self) -> tuple[Profile, ...] | None:
        """All ``turns`` realised profiles of a finite match without randomness, else None."""
        if self.turns is None or self.prefix is None or self.cycle is None:
            return None
        head = self.prefix[: self.turns]
        rest = self.turns - len(head)
        laps, part = divmod(rest, len(self.cycle))
        return head + self.cycle * laps + self.cycle[:part]

    def _names(self, profiles: Sequence[Profile]) -> list[list[str]]:
        return [[self.actions[0][i], self.actions[1][j]] for i, j in profiles]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; fractions become strings such as ``"1/2"``."""
        moves = self.moves
        return {
            "names": list(self.names),
            "payoffs": json_value(self.payoffs),
            "turns": self.turns,
            "delta": None if self.delta is None else json_value(self.delta),
            "noise": json_value(self.noise),
            "exact": self.exact,
            "cooperation": json_value(self.cooperation),
            "prefix": None if self.prefix is None else self._names(self.prefix),
            "cycle": None if self.cycle is None else self._names(self.cycle),
            "moves": None if moves is None else self._names(moves),
        }

    def _repr_markdown_(self) -> str:
        """The match as a Markdown table, for notebooks; exact values as fractions."""
        what = "total" if self.delta is None else "discounted payoff"
        from tradegame.solvers._markdown import text as cell

        lines = ["| | " + " | ".join(map(cell, self.names)) + " |", "|---|---:|---:|"]
        lines.append(f"| {what} | {_show(self.payoffs[0])} | {_show(self.payoffs[1])} |")
        lines.append(
            f"| cooperation | {_show(self.cooperation[0])} | {_show(self.cooperation[1])} |"
        )
        if self.prefix is not None and self.cycle is not None and self.actions[0]:
            shown = " ".join(f"({p})" for p in _labels(self.actions, self.prefix))
            loop = " ".join(f"({p})" for p in _labels(self.actions, self.cycle))
            lines += ["", f"Moves: {shown + ' then ' if shown else ''}[{loop}] for ever"]
        return "\n".join(lines)

    def __repr__(self) -> str:
        horizon = (
            f"turns={self.turns}"
            if self.delta is None
            else f"delta=({text(self.delta[0])}, {text(self.delta[1])})"
        )
        parts = [
            f"{self.names[0]} vs {self.names[1]}",
            horizon,
            f"noise={text(self.noise)}",
            f"payoffs=({_show(self.payoffs[0])}, {_show(self.payoffs[1])})",
            f"cooperation=({_show(self.cooperation[0])}, {_show(self.cooperation[1])})",
        ]
        if self.prefix is not None and self.cycle is not None and self.actions[0]:
            shown = "".join(f"({p}) " for p in _labels(self.actions, self.prefix))
            loop = " ".join(f"({p})" for p in _labels(self.actions, self.cycle))
            parts.append(f"moves={shown}[{loop}]...")
        parts.append("exact" if self.exact else "float")
        return f"Outcome({', '.join(parts)})"


def _show(x: Value) -> str:
    """A number for display: a short fraction as is, a long one as a 10-digit decimal."""
    shown = text(x)
    return shown if len(shown) <= 16 else f"≈{float(x):.10g}"


def _labels(actions: tuple[tuple[str, ...], ...], profiles: Sequence[Profile]) -> list[str]:
    return [f"{actions[0][i]},{actions[1][j]}" for i, j in profiles]


def _rational(automaton: Automaton) -> bool:
    return all(isinstance(p, Fraction | int) for probs in automaton.output for p in probs)


# --- exact play ---------------------------------------------------------------------------


def play(
    g: Game, row: Any, col: Any, delta: Any = None, turns: int | None = None, noise: Any = 0
) -> Outcome:
    r"""The expected payoffs of a match, computed exactly (no sampling).

    Parameters
    ----------
    g : Game
        The stage game (numeric or exact; evaluate a symbolic game first).
    row, col : Automaton, Strategy or str
        The two strategies. A :class:`Strategy` is bound to its seat with
        ``sides(g.actions)``; a name or a ``.toml`` path goes through the
        strategy library.
    delta : number or (row, col) pair, optional
        Discount factors in (0, 1); required when ``turns`` is None, ignored otherwise.
    turns : int, optional
        The number of periods (at least 1): payoffs are expected totals. None for
        normalised discounted payoffs.
    noise : number in [0, 1)
        The probability that an intended action is replaced (see the module docstring).

    Returns
    -------
    Outcome
        Payoffs and cooperation shares; Fractions when every input is rational.
        The realised path (:attr:`Outcome.prefix`, :attr:`Outcome.cycle`,
        :attr:`Outcome.moves`) when the match has no randomness.

    Raises
    ------
    ValueError
        For a symbolic game, an automaton that does not fit its seat, ``turns``
        that is not a whole number >= 1, ``noise`` outside [0, 1), or a missing
        or invalid ``delta`` for discounted play.

    Examples
    --------
    >>> from tradegame.game import Game
    >>> from tradegame.solvers.strategies.automaton import Automaton, pure
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    >>> tft = Automaton("tit-for-tat", ("C", "D"), (pure(0, 2), pure(1, 2)),
    ...                 (((0, 1), (0, 1)), ((0, 1), (0, 1))))
    >>> alld = Automaton("always-defect", ("D",), (pure(1, 2),), (((0, 0), (0, 0)),))
    >>> play(pd, tft, alld, turns=200).payoffs
    (Fraction(199, 1), Fraction(204, 1))
    >>> play(pd, tft, alld, delta=0.9).payoffs
    (Fraction(9, 10), Fraction(7, 5))
    """
    g = check_game(g, "play")
    turns = None if turns is None else check_turns(turns)
    eps = check_noise(noise)
    deltas = match_deltas(g, delta, turns)
    a, b = bind(g, row, 0), bind(g, col, 1)
    exact = (
        g.is_exact
        and _rational(a)
        and _rational(b)
        and (deltas is None or all(isinstance(d, Fraction) for d in deltas))
    )
    path = _path(a, b) if eps == 0 else None
    prefix = cycle = None
    if exact and turns is not None:
        payoffs, cooperation = _exact_finite(
            _IntPayoffs.of(g), _Seat.of(a, eps), _Seat.of(b, eps), turns, path
        )
    elif path is not None:
        payoffs, cooperation = _path_values(g, *path, turns, deltas, exact)
    else:
        payoffs, cooperation = _chain_values(g, a, b, eps, turns, deltas, exact)
    if path is not None:
        prefix, cycle = _shortest(*path)
    return Outcome(
        names=(a.name, b.name),
        payoffs=payoffs,
        turns=turns,
        delta=deltas if exact or deltas is None else (float(deltas[0]), float(deltas[1])),
        noise=eps if exact else float(eps),
        exact=exact,
        cooperation=cooperation,
        prefix=None if prefix is None else tuple(prefix),
        cycle=None if cycle is None else tuple(cycle),
        actions=g.actions,
    )


def exact_totals(
    g: Game,
    rows: Sequence[Automaton],
    cols: Sequence[Automaton],
    pairs: Sequence[tuple[int, int]],
    turns: int,
    noise: Fraction,
) -> list[tuple[Fraction, Fraction]] | None:
    """``play(g, rows[i], cols[j], turns=turns, noise=noise).payoffs`` for each ``(i, j)``.

    The automata must already fit their seats (see
    :func:`~tradegame.solvers.match_inputs.bind`). Each automaton and the game
    are brought to integers once, however many matches they play. None when
    the game or some automaton is not rational: :func:`play` then computes in floats.
    """
    if not g.is_exact or not all(_rational(a) for a in (*rows, *cols)):
        return None
    pay = _IntPayoffs.of(g)
    seats: dict[int, _Seat] = {}  # by id: an automaton that plays many matches converts once
    for a in (*rows, *cols):
        if id(a) not in seats:
            seats[id(a)] = _Seat.of(a, noise)
    out = []
    for i, j in pairs:
        r, c = seats[id(rows[i])], seats[id(cols[j])]
        path = _seat_path(r, c) if noise == 0 else None
        payoffs, _ = _exact_finite(pay, r, c, turns, path)
        out.append(payoffs)
    return out


def _pure(automaton: Automaton) -> tuple[int, ...]:
    """Each state's action when it plays one for certain, else -1."""
    return tuple(probs.index(1) if max(probs) == 1 else -1 for probs in automaton.output)


def _path(row: Automaton, col: Automaton) -> tuple[list[Profile], list[Profile]] | None:
    """The realised profiles of a noiseless match as (prefix, cycle); None once it mixes."""
    return _walk(_pure(row), row.transition, row.start, _pure(col), col.transition, col.start)


def _walk(
    row_pure: Sequence[int],
    row_next: Sequence[Sequence[Sequence[int]]],
    a: int,
    col_pure: Sequence[int],
    col_next: Sequence[Sequence[Sequence[int]]],
    b: int,
) -> tuple[list[Profile], list[Profile]] | None:
    """:func:`_path` from each automaton's pure actions, transitions and current state."""
    seen: dict[tuple[int, int], int] = {}
    profiles: list[Profile] = []
    while (a, b) not in seen:
        i, j = row_pure[a], col_pure[b]
        if i < 0 or j < 0:
            return None
        seen[(a, b)] = len(profiles)
        profiles.append((i, j))
        a, b = row_next[a][i][j], col_next[b][j][i]
    first = seen[(a, b)]
    return profiles[:first], profiles[first:]


def _shortest(prefix: list[Profile], cycle: list[Profile]) -> tuple[list[Profile], list[Profile]]:
    """The same infinite sequence with the shortest cycle, and then the shortest prefix."""
    c = len(cycle)
    period = next(d for d in range(1, c + 1) if c % d == 0 and cycle == cycle[:d] * (c // d))
    cycle = cycle[:period]
    while prefix and prefix[-1] == cycle[-1]:  # rotate the cycle back into the prefix
        prefix, cycle = prefix[:-1], [cycle[-1], *cycle[:-1]]
    return prefix, cycle


# --- exact finite matches, over the integers ----------------------------------------------


@dataclass(frozen=True)
class _IntPayoffs:
    """An exact game's payoffs as integers: ``A[i][j] / den`` and ``B[i][j] / den``."""

    A: tuple[tuple[int, ...], ...]
    B: tuple[tuple[int, ...], ...]
    den: int

    @classmethod
    def of(cls, g: Game) -> _IntPayoffs:
        assert g.exact_A is not None and g.exact_B is not None
        A, B = g.exact_A.tolist(), g.exact_B.tolist()
        m, n = g.shape
        ints, den = _integers([*(v for r in A for v in r), *(v for r in B for v in r)])
        rows = [tuple(ints[k * n : (k + 1) * n]) for k in range(2 * m)]
        return cls(tuple(rows[:m]), tuple(rows[m:]), den)


@dataclass(frozen=True)
class _Seat:
    """An automaton with its realised action probabilities as integers over ``den``.

    ``moves[s]`` lists ``(action, weight)`` for the actions state ``s`` realises
    with positive probability ``weight / den``; ``pure[s]`` is the action state
    ``s`` intends for certain, or -1 (as :func:`_pure`).
    """

    pure: tuple[int, ...]
    moves: tuple[tuple[tuple[int, int], ...], ...]
    den: int
    transition: tuple[tuple[tuple[int, ...], ...], ...]
    start: int

    @classmethod
    def of(cls, automaton: Automaton, noise: Fraction) -> _Seat:
        probs = [realised(p, noise) for p in automaton.output]
        ints, den = _integers([p for ps in probs for p in ps])
        k = automaton.n_own
        moves = tuple(
            tuple((i, w) for i, w in enumerate(ints[s * k : (s + 1) * k]) if w)
            for s in range(len(probs))
        )
        return cls(_pure(automaton), moves, den, automaton.transition, automaton.start)


def _seat_path(row: _Seat, col: _Seat) -> tuple[list[Profile], list[Profile]] | None:
    return _walk(row.pure, row.transition, row.start, col.pure, col.transition, col.start)


def _exact_finite(
    pay: _IntPayoffs,
    row: _Seat,
    col: _Seat,
    turns: int,
    path: tuple[list[Profile], list[Profile]] | None,
) -> tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]:
    """Exact totals and cooperation shares of a finite match: along ``path``, or on the chain."""
    if path is not None:
        counts = _visits(*path, turns)
        row_total = sum(c * pay.A[i][j] for (i, j), c in counts.items())
        col_total = sum(c * pay.B[i][j] for (i, j), c in counts.items())
        row_coop = sum(c for (i, _), c in counts.items() if i == 0)
        col_coop = sum(c for (_, j), c in counts.items() if j == 0)
        return (
            (Fraction(row_total, pay.den), Fraction(col_total, pay.den)),
            (Fraction(row_coop, turns), Fraction(col_coop, turns)),
        )
    Q, R, L = _int_chain(pay, row, col)
    sums = _chain_sums(Q, R, L, turns)
    # rewards are over L * den (payoffs) and L (cooperation); the sums carry L**(turns - 1) more
    scale = L**turns
    return (
        (Fraction(sums[0], scale * pay.den), Fraction(sums[1], scale * pay.den)),
        (Fraction(sums[2], scale * turns), Fraction(sums[3], scale * turns)),
    )


def _visits(prefix: list[Profile], cycle: list[Profile], turns: int) -> dict[Profile, int]:
    """How often each profile is played in the first ``turns`` periods of prefix + cycle forever."""
    counts: dict[Profile, int] = {}
    for p in prefix[:turns]:
        counts[p] = counts.get(p, 0) + 1
    laps, part = divmod(max(turns - len(prefix), 0), len(cycle))
    for k, p in enumerate(cycle):
        counts[p] = counts.get(p, 0) + laps + (k < part)
    return counts


def _int_chain(
    pay: _IntPayoffs, row: _Seat, col: _Seat
) -> tuple[list[list[int]], list[list[int]], int]:
    """The match's chain on the product states reachable from the start, over the integers.

    Returns ``(Q, R, L)``: ``Q[x][y] / L`` is the probability of moving from ``x``
    to ``y`` (the start is state 0), and ``R[x]`` holds state ``x``'s expected row
    and column payoffs over ``L * pay.den`` and the probabilities that the row and
    the column player realise action 0, over ``L``. The same chain as
    :func:`~tradegame.solvers.strategies.product.product_chain`, which builds all
    product states in fractions; this builds only the reachable ones, in integers.
    """
    L = row.den * col.den
    order = [(row.start, col.start)]
    index = {order[0]: 0}
    sparse: list[dict[int, int]] = []
    R: list[list[int]] = []
    for a, b in order:  # grows while it is read: a breadth-first search from the start
        moves: dict[int, int] = {}
        u = v = x0 = y0 = 0
        for i, wi in row.moves[a]:
            for j, wj in col.moves[b]:
                p = wi * wj
                u += p * pay.A[i][j]
                v += p * pay.B[i][j]
                x0 += p if i == 0 else 0
                y0 += p if j == 0 else 0
                nxt = (row.transition[a][i][j], col.transition[b][j][i])
                y = index.get(nxt)
                if y is None:
                    y = index[nxt] = len(order)
                    order.append(nxt)
                moves[y] = moves.get(y, 0) + p
        sparse.append(moves)
        R.append([u, v, x0, y0])
    n = len(order)
    return [[moves.get(y, 0) for y in range(n)] for moves in sparse], R, L


def _chain_sums(Q: list[list[int]], R: list[list[int]], L: int, turns: int) -> list[int]:
    r"""Row 0 of :math:`S_T R` with :math:`S_T = \sum_{t<T} Q^t L^{T-1-t}`, per column of ``R``.

    With :math:`P = Q / L`, the expected total of reward column ``k`` over ``T``
    periods is :math:`(S_T R)_{0k} / L^{T-1}`. Squaring costs about
    :math:`n^2 (n + K) \log_2 T` products, stepping about :math:`T` times the
    number of transitions; stepping runs in the interpreter, hence its weight.
    """
    n, K = len(Q), len(R[0])
    transitions = sum(1 for row in Q for q in row if q)
    if turns.bit_length() * n * n * (n + K) <= 3 * turns * (transitions + n):
        return _sums_squaring(Q, R, L, turns)
    return _sums_stepping(Q, R, L, turns)


def _sums_squaring(Q: list[list[int]], R: list[list[int]], L: int, turns: int) -> list[int]:
    r""":func:`_chain_sums` from the block matrix :math:`M = [[Q, R], [0, L I]]`.

    Its power :math:`M^T` is :math:`[[Q^T, S_T R], [0, L^T I]]`, so the answer is
    row 0 of the top-right block. The blocks are squared separately, as the
    whole matrix would cost :math:`(n+K)^3` per product; numpy multiplies the
    object arrays of Python integers exactly.
    """
    q = np.array(Q, dtype=object)
    r = np.array(R, dtype=object)
    c = L
    v = np.zeros(len(Q), dtype=object)  # row 0 of the product of the powers used so far
    v[0] = 1
    w = np.zeros(r.shape[1], dtype=object)
    t = turns
    while True:
        if t & 1:  # [v, w] @ [[q, r], [0, c I]]
            v, w = v.dot(q), v.dot(r) + w * c
        t >>= 1
        if not t:
            return [int(x) for x in w]
        q, r, c = q.dot(q), q.dot(r) + r * c, c * c


def _sums_stepping(Q: list[list[int]], R: list[list[int]], L: int, turns: int) -> list[int]:
    """:func:`_chain_sums` period by period: the distribution over ``L**t`` and Horner sums."""
    n = len(Q)
    moves = [[(y, q) for y, q in enumerate(row) if q] for row in Q]
    mu = [1] + [0] * (n - 1)
    acc = [0] * n  # sum_{s<=t} mu_s L**(t-s)
    for t in range(turns):
        acc = [a * L + m for a, m in zip(acc, mu, strict=True)]
        if t + 1 < turns:
            nxt = [0] * n
            for x, m in enumerate(mu):
                if m:
                    for y, q in moves[x]:
                        nxt[y] += m * q
            mu = nxt
    return [sum(a * r[k] for a, r in zip(acc, R, strict=True)) for k in range(len(R[0]))]


def _path_values(
    g: Game,
    prefix: list[Profile],
    cycle: list[Profile],
    turns: int | None,
    deltas: tuple[Value, Value] | None,
    exact: bool,
) -> tuple[tuple[Value, Value], tuple[Value, Value]]:
    """Payoffs and cooperation of ``prefix`` then ``cycle`` forever, in closed form."""
    A, B = (g.exact_A, g.exact_B) if exact else (g.A, g.B)
    assert A is not None and B is not None
    one: Value = Fraction(1) if exact else 1.0
    zero = one - one
    values = []
    for k, (M, player) in enumerate([(A, 0), (B, 1), (None, 0), (None, 1)]):
        # stage payoffs for k = 0, 1; whether the player played action 0 for k = 2, 3
        f = [one * M[p] if M is not None else one * (p[player] == 0) for p in (*prefix, *cycle)]
        head, loop = f[: len(prefix)], f[len(prefix) :]
        if turns is not None:
            laps, part = divmod(max(turns - len(head), 0), len(loop))
            total = sum(head[:turns], zero) + laps * sum(loop, zero) + sum(loop[:part], zero)
            values.append(total if k < 2 else total / turns)
        else:
            assert deltas is not None
            d = deltas[player] if exact else float(deltas[player])
            # (1-d) [sum_{t<p} d^t u_t + d^p sum_{k<c} d^k u_{p+k} / (1 - d^c)]
            first = sum((d**t * u for t, u in enumerate(head)), zero)
            lap = sum((d**t * u for t, u in enumerate(loop)), zero)
            values.append((1 - d) * (first + d ** len(head) * lap / (1 - d ** len(loop))))
    return (values[0], values[1]), (values[2], values[3])


def _chain_values(
    g: Game,
    row: Automaton,
    col: Automaton,
    noise: Fraction,
    turns: int | None,
    deltas: tuple[Value, Value] | None,
    exact: bool,
) -> tuple[tuple[Value, Value], tuple[Value, Value]]:
    chain = product_chain(g, row, col, noise)
    # keep the states reachable from the start, the start first
    order, index = [chain.start], {chain.start: 0}
    for x in order:
        for y, p in enumerate(chain.P[x]):
            if p and y not in index:
                index[y] = len(order)
                order.append(y)
    P = [[chain.P[x][y] for y in order] for x in order]
    coop_row = [sum(p for (i, _), p in chain.profile[x].items() if i == 0) for x in order]
    coop_col = [sum(p for (_, j), p in chain.profile[x].items() if j == 0) for x in order]
    rewards = [[chain.r_row[x] for x in order], [chain.r_col[x] for x in order], coop_row, coop_col]
    values: list[Value] = [Fraction(0)] * 4
    if turns is not None:
        assert not exact  # exact finite matches are computed by _exact_finite
        values = list(_float_totals(P, rewards, turns))
        values[2], values[3] = values[2] / turns, values[3] / turns
    else:
        assert deltas is not None
        groups = [[0, 2], [1, 3]] if deltas[0] != deltas[1] else [[0, 1, 2, 3]]
        for group in groups:
            d = deltas[group[0] % 2]
            chosen = [rewards[k] for k in group]
            solved = (
                _exact_discounted(P, chosen, Fraction(d))
                if exact
                else _float_discounted(P, chosen, float(d))
            )
            for k, v in zip(group, solved, strict=True):
                values[k] = v
    return (values[0], values[1]), (values[2], values[3])


def _integers(values: Sequence[Fraction]) -> tuple[list[int], int]:
    """Integers over a common denominator: ``values == [n / den for n in ints]``."""
    den = math.lcm(*(Fraction(v).denominator for v in values))
    return [int(Fraction(v) * den) for v in values], den


def _exact_discounted(P: list[list[Any]], rewards: list[list[Any]], d: Fraction) -> list[Value]:
    r"""Solve :math:`(I - \delta P) v = (1-\delta) r` exactly and return :math:`v` at the start.

    With :math:`\delta = a/b` and :math:`P = P'/L` over a common denominator, this is
    the integer system :math:`(bL I - a P') w = (b-a) L r'` with :math:`v = w / F`.
    The matrix is strictly diagonally dominant, so elimination needs no pivoting;
    fraction-free (Bareiss) steps keep every entry an integer minor [4]_. The start
    is put last, so its value is read off without back substitution.
    """
    n = len(P)
    flat, L = _integers([p for row in P for p in row])
    r_flat, F = _integers([v for r in rewards for v in r])
    a, b = d.numerator, d.denominator
    last = [*range(1, n), 0]  # the start state (index 0) becomes the last unknown
    M = [
        [b * L * (x == y) - a * flat[x * n + y] for y in last]
        + [(b - a) * L * r_flat[k * n + x] for k in range(len(rewards))]
        for x in last
    ]
    width, prev = len(M[0]), 1
    for p in range(n - 1):
        pivot, top = M[p][p], M[p]
        for i in range(p + 1, n):
            row, factor = M[i], M[i][p]
            for j in range(p + 1, width):
                row[j] = (row[j] * pivot - factor * top[j]) // prev
            row[p] = 0
        prev = pivot
    return [Fraction(M[n - 1][n + k], M[n - 1][n - 1] * F) for k in range(len(rewards))]


def _float_totals(P: list[list[Any]], rewards: list[list[Any]], turns: int) -> list[float]:
    Pf = np.array(P, dtype=float)
    R = np.array(rewards, dtype=float).T
    mu = np.zeros(len(P))
    mu[0] = 1.0
    total = np.zeros(R.shape[1])
    for _ in range(turns):
        total += mu @ R
        mu = mu @ Pf
    return [float(v) for v in total]


def _float_discounted(P: list[list[Any]], rewards: list[list[Any]], d: float) -> list[float]:
    Pf = np.array(P, dtype=float)
    R = np.array(rewards, dtype=float).T
    v = np.linalg.solve(np.eye(len(P)) - d * Pf, (1.0 - d) * R)
    return [float(x) for x in v[0]]
