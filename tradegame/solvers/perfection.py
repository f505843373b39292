r"""Is a profile of two automata a subgame-perfect, or a Nash, equilibrium of the repeated game?

Conventions, as in :mod:`tradegame.solvers.repeated`:

* ``A[i, j]`` is the row player's payoff and ``B[i, j]`` the column player's;
  player 0 is the row player. Automata follow
  :mod:`tradegame.solvers.strategies.automaton`; play is perfectly observed and
  noiseless.
* Payoffs are discounted and normalised: player :math:`i` values a stream
  :math:`u_0, u_1, \dots` at :math:`(1-\delta_i)\sum_t \delta_i^t u_t`.
* A *product state* :math:`x = (s_{row}, s_{col})` pairs the two automata's
  states. Every history of play leads to one, and play after the history depends
  on nothing else. The product states that some history reaches -- on the path
  or off it, after any action profile, including actions outside a mixed
  automaton's support -- are found by a search from the start: they stand for
  all the subgames. A pair that no history reaches (such as grim trigger's
  pair of one cooperating and one punishing state) is no subgame and is not
  checked.

**Subgame perfection** is checked with the one-shot deviation principle
([FT91]_, Theorem 4.2), in the automaton form of [MS06]_ (Proposition 2.4.1).
Player :math:`i`'s values on the reachable product states solve

.. math:: V_i = (1-\delta_i)\, r_i + \delta_i P V_i,

and playing :math:`a` once at :math:`x`, then following the profile, is worth

.. math:: Q_i(x, a) = \sum_b \sigma_{-i}(b \mid x)\,
          \bigl[(1-\delta_i)\, u_i(a, b) + \delta_i V_i(x'_{ab})\bigr],

where :math:`x'_{ab}` is the product state after the profile :math:`(a, b)`. The
profile is subgame perfect iff :math:`Q_i(x, a) \le V_i(x)` for every player,
reachable state and action. Where an automaton mixes, :math:`V_i(x)` is the
average of :math:`Q_i(x, a)` over its support, so the same condition says that
every action in the support is a best one-shot reply (the player is indifferent
among them) and that no other action does better.

**Nash equilibrium.** The rival's play depends only on its own automaton state,
so player :math:`i`'s best reply solves a Markov decision problem on the rival's
states (those reachable from its start), in which a deterministic stationary
policy is optimal ([Put94]_, Theorem 6.2.10). It is solved by policy iteration
([How60]_). The profile is a Nash equilibrium iff no player's best-reply value
at the start exceeds its value in the profile.

Numbers: exact fractions when the game is exact and the discount factors are
rational -- a float discount factor is read as its shortest decimal, as
:class:`~tradegame.game.Game` reads payoffs, so ``0.9`` is 9/10. A symbolic game is
evaluated at its reference point :attr:`~tradegame.game.Game.point`. Otherwise
the computation is in floats, and a gain counts only when it exceeds
``g.tolerance()``, that is :math:`10^{-9}\max(1, \text{payoff range})`.

References
----------
.. [FT91] D. Fudenberg and J. Tirole, *Game Theory*, MIT Press, 1991, section 4.2.
.. [MS06] G. J. Mailath and L. Samuelson, *Repeated Games and Reputations*,
   Oxford University Press, 2006, chapter 2.
.. [Put94] M. L. Puterman, *Markov Decision Processes*, Wiley, 1994, chapter 6.
.. [How60] R. A. Howard, *Dynamic Programming and Markov Processes*, MIT Press, 1960.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from tradegame.game import Game, to_fraction
from tradegame.solvers import _markdown as md
from tradegame.solvers._values import Value, check_delta, json_value, text
from tradegame.solvers.strategies.automaton import Automaton, check_fits

__all__ = ["Deviation", "Verdict", "is_nash", "is_subgame_perfect"]

CRITERIA = ("subgame-perfect", "nash")
#: One outcome of a period: probability, realised profile ``(row, col)``, next state index.
Step = tuple[Fraction, tuple[int, int], int]
#: ``U[p][i][j]``: player ``p``'s payoff at the profile ``(i, j)``.
Payoffs = tuple[list[list[Any]], list[list[Any]]]


@dataclass(frozen=True)
class Deviation:
    """A profitable deviation from a profile of automata.

    Attributes
    ----------
    player : 0 for the row player, 1 for the column player.
    state : the product state where the deviation starts, as the labels of the
        row automaton's and the column automaton's states.
    action : the name of the deviating action (for a Nash check, the first
        action of the best reply from that state).
    gain : what the deviation adds to the player's normalised value from that
        state: :math:`Q - V` for a one-shot deviation; the best-reply value minus
        the profile value for a Nash check.
    state_index, action_index : the same state and action as indices.
    """

    player: int
    state: tuple[str, str]
    action: str
    gain: Value
    state_index: tuple[int, int] = field(default=(0, 0), repr=False)
    action_index: int = field(default=0, repr=False)

    def __repr__(self) -> str:
        return (
            f"Deviation(player={self.player}, state=({self.state[0]}, {self.state[1]}), "
            f"action={self.action}, gain={text(self.gain)})"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; ``gain`` is exact text, ``gain_float`` a number."""
        return {
            "player": self.player,
            "state": list(self.state),
            "state_index": list(self.state_index),
            "action": self.action,
            "action_index": self.action_index,
            "gain": json_value(self.gain),
            "gain_float": float(self.gain),
        }


@dataclass(frozen=True)
class Verdict:
    """Whether a profile of automata meets an equilibrium criterion.

    Attributes
    ----------
    holds : True when no player has a profitable deviation.
    criterion : ``"subgame-perfect"`` or ``"nash"``.
    delta : the players' discount factors (row, column), as checked.
    deviation : where the criterion fails, the most profitable deviation found; else None.
    """

    holds: bool
    criterion: str
    delta: tuple[Value, Value]
    deviation: Deviation | None = None

    def __repr__(self) -> str:
        return (
            f"Verdict(holds={self.holds}, criterion={self.criterion}, "
            f"delta=({text(self.delta[0])}, {text(self.delta[1])}), deviation={self.deviation!r})"
        )

    def _repr_markdown_(self) -> str:
        """The verdict and, where it fails, the most profitable deviation, for notebooks."""
        criterion = {"nash": "A Nash equilibrium", "subgame-perfect": "Subgame perfect"}
        head = md.title(criterion.get(self.criterion, md.text(self.criterion)))
        head += f" at δ = {md.pair(self.delta)}: {'yes' if self.holds else 'no'}"
        d = self.deviation
        if d is None:
            return head
        who = ("The row player", "The column player")[d.player]
        state = f"({md.text(d.state[0])}, {md.text(d.state[1])})"
        return (
            f"{head}\n\n{who} gains {md.number(d.gain)} by playing {md.text(d.action)} "
            f"at the state {state}."
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description: fractions as text such as ``"1/2"``, plus floats."""
        return {
            "holds": self.holds,
            "criterion": self.criterion,
            "delta": [json_value(x) for x in self.delta],
            "delta_float": [float(x) for x in self.delta],
            "deviation": None if self.deviation is None else self.deviation.to_dict(),
        }


class Match:
    """Two automata on a stage game: the product states some history reaches, and the moves.

    ``states`` lists the reachable product states in breadth-first order, so
    ``states[0]`` is the start. Probabilities are exact fractions.
    """

    def __init__(self, g: Game, row: Automaton, col: Automaton) -> None:
        check_automata(g, row, col)
        self.automata = (row, col)
        self.shape = g.shape
        start = (row.start, col.start)
        self.states: list[tuple[int, int]] = [start]
        self.index = {start: 0}
        queue = deque([start])
        while queue:
            a, b = queue.popleft()
            for i in range(g.shape[0]):
                for j in range(g.shape[1]):
                    nxt = (row.next_state(a, i, j), col.next_state(b, j, i))
                    if nxt not in self.index:
                        self.index[nxt] = len(self.states)
                        self.states.append(nxt)
                        queue.append(nxt)

    def own(self, p: int, x: int) -> tuple[Fraction, ...]:
        """Player ``p``'s action probabilities in product state ``x``."""
        return self.automata[p].output[self.states[x][p]]

    def moves(self, p: int, x: int, k: int) -> list[Step]:
        """The outcomes when player ``p`` plays ``k`` at ``x`` and the rival follows its own."""
        row, col = self.automata
        a, b = self.states[x]
        out: list[Step] = []
        for j, q in enumerate(self.own(1 - p, x)):
            if q == 0:
                continue
            i, jj = (k, j) if p == 0 else (j, k)
            nxt = (row.next_state(a, i, jj), col.next_state(b, jj, i))
            out.append((q, (i, jj), self.index[nxt]))
        return out

    def steps(self, x: int) -> list[Step]:
        """The outcomes at ``x`` when both players follow the profile."""
        return [
            (q * s, prof, nxt)
            for k, q in enumerate(self.own(0, x))
            if q != 0
            for s, prof, nxt in self.moves(0, x, k)
        ]

    def label(self, x: int) -> tuple[str, str]:
        a, b = self.states[x]
        return (self.automata[0].states[a], self.automata[1].states[b])


class RivalMDP:
    """Player ``p``'s best-reply problem: the rival automaton's states and the moves between them.

    ``states`` are the rival's states reachable from its start (breadth first,
    so ``states[0]`` is the start); ``moves[s][k]`` lists the outcomes when the
    player plays ``k`` in the rival's state ``states[s]``.
    """

    def __init__(self, match: Match, p: int) -> None:
        rival = match.automata[1 - p]
        self.player = p
        self.states = [rival.start]
        self.index = {rival.start: 0}
        self.moves: list[list[list[Step]]] = []
        for s in self.states:  # grows while it is read: a breadth-first search
            by_action: list[list[Step]] = []
            for k in range(match.shape[p]):
                outcomes: list[Step] = []
                for j, q in enumerate(rival.output[s]):
                    if q == 0:
                        continue
                    nxt = rival.next_state(s, j, k)
                    if nxt not in self.index:
                        self.index[nxt] = len(self.states)
                        self.states.append(nxt)
                    outcomes.append((q, (k, j) if p == 0 else (j, k), self.index[nxt]))
                by_action.append(outcomes)
            self.moves.append(by_action)

    def chain(self, policy: Sequence[int]) -> list[list[Step]]:
        """The outcomes in each rival state when the player follows ``policy``."""
        return [self.moves[s][k] for s, k in enumerate(policy)]


def check_automata(g: Game, row: Any, col: Any) -> None:
    """ValueError unless ``row`` and ``col`` are automata that fit their sides of ``g``."""
    if not isinstance(g, Game):
        raise ValueError(f"expected a tradegame Game; got {type(g).__name__}")
    for player, (side, automaton) in enumerate((("row", row), ("col", col))):
        if not isinstance(automaton, Automaton):
            raise ValueError(
                f"{side} must be an Automaton (bind a named Strategy with .bind(side)); "
                f"got {type(automaton).__name__}"
            )
        check_fits(automaton, player, g.shape)


def check_criterion(criterion: Any) -> str:
    if criterion not in CRITERIA:
        raise ValueError(f"unknown criterion {criterion!r}; choose one of: {', '.join(CRITERIA)}")
    return str(criterion)


def numeric_game(g: Game) -> Game:
    """``g`` itself, or a symbolic game evaluated at its reference point."""
    if not g.is_symbolic:
        return g
    if not g.point:
        raise ValueError(
            "this symbolic game has no reference point: build it with point={...} "
            "or evaluate it with .subs() first"
        )
    evaluated = g.subs()
    if evaluated.is_symbolic:
        raise ValueError("the reference point leaves some payoffs symbolic: give every parameter")
    return evaluated


def payoffs(g: Game, exact: bool) -> Payoffs:
    """Both payoff matrices as nested lists: fractions when ``exact``, else floats."""
    A, B = (g.exact_A, g.exact_B) if exact else (g.A, g.B)
    assert A is not None and B is not None
    convert = (lambda x: x) if exact else float
    return (
        [[convert(x) for x in row] for row in A],
        [[convert(x) for x in row] for row in B],
    )


def solve(M: list[list[Any]], b: list[Any]) -> list[Any]:
    """Solve ``M z = b``: exactly for fractions, with numpy for floats."""
    if all(isinstance(x, Fraction) for x in (*b, *(y for row in M for y in row))):
        from tradegame.solvers.exact import solve as exact_solve

        z = exact_solve(M, b)
        assert z is not None  # I - delta P is invertible for delta < 1
        return z
    import numpy as np

    return [float(x) for x in np.linalg.solve(np.array(M, float), np.array(b, float))]


def evaluate(chain: Sequence[Sequence[Step]], U: list[list[Any]], delta: Any) -> list[Any]:
    r"""Values of a chain: solve :math:`(I - \delta P) V = (1 - \delta) r`."""
    n = len(chain)
    zero = delta * 0
    M = [[zero + (x == y) for y in range(n)] for x in range(n)]
    b = [zero] * n
    for x, outcomes in enumerate(chain):
        for q, (i, j), y in outcomes:
            M[x][y] -= delta * q
            b[x] += (1 - delta) * q * U[i][j]
    return solve(M, b)


def q_value(outcomes: Sequence[Step], U: list[list[Any]], delta: Any, V: Sequence[Any]) -> Any:
    """The value of the outcomes of one period, followed by the continuation values ``V``."""
    return sum((q * ((1 - delta) * U[i][j] + delta * V[y]) for q, (i, j), y in outcomes), delta * 0)


def best_reply(
    mdp: RivalMDP, U: list[list[Any]], delta: Any, tol: Any
) -> tuple[list[int], list[Any], list[list[Any]]]:
    """Policy iteration: an optimal policy, its values, and the action values ``Q[s][k]``.

    A policy changes only where another action beats it by more than ``tol``
    (0 for exact numbers), so it cannot cycle; ties keep the current action.
    """
    n_actions = len(mdp.moves[0])

    def stage(s: int, k: int) -> Any:
        return sum((q * U[i][j] for q, (i, j), _ in mdp.moves[s][k]), delta * 0)

    policy = []  # start from the myopic best reply: often already optimal
    for s in range(len(mdp.states)):
        now = [stage(s, k) for k in range(n_actions)]
        policy.append(now.index(max(now)))
    while True:
        W = evaluate(mdp.chain(policy), U, delta)
        Q = [
            [q_value(mdp.moves[s][k], U, delta, W) for k in range(n_actions)] for s in range(len(W))
        ]
        changed = False
        for s, values in enumerate(Q):
            best = max(values)
            if best > values[policy[s]] + tol:
                policy[s] = values.index(best)
                changed = True
        if not changed:
            return policy, W, Q


def _setup(g: Game, row: Any, col: Any, delta: Any) -> tuple[Match, Payoffs, tuple[Any, Any], Any]:
    """The match, payoffs, discount factors as numbers, and the tolerance."""
    check_automata(g, row, col)
    checked = check_delta(delta, g.players)
    for value, player in zip(checked, g.players, strict=True):
        if getattr(value, "free_symbols", None):
            raise ValueError(f"delta of {player} must be a number in (0, 1); got {value!r}")
    gn = numeric_game(g)
    fractions = [to_fraction(x) for x in checked]
    exact = gn.is_exact and all(x is not None for x in fractions)
    deltas = (fractions[0], fractions[1]) if exact else (float(checked[0]), float(checked[1]))
    return Match(gn, row, col), payoffs(gn, exact), deltas, 0 if exact else gn.tolerance()


def is_subgame_perfect(g: Game, row: Automaton, col: Automaton, delta: Any) -> Verdict:
    r"""Whether the profile ``(row, col)`` is a subgame-perfect equilibrium.

    Every player, every product state that some history reaches and every
    action is checked for a profitable one-shot deviation (see the module
    docstring).

    Parameters
    ----------
    g : Game
        The stage game; a symbolic one is evaluated at its reference point.
    row, col : Automaton
        The row player's and the column player's automata.
    delta : number or pair of numbers
        The common discount factor in (0, 1), or a ``(row, col)`` pair.

    Returns
    -------
    Verdict
        With the most profitable one-shot deviation where the profile fails.

    Raises
    ------
    ValueError
        If an automaton does not fit its side of the game, a discount factor is
        not strictly between 0 and 1, or a symbolic game has no reference point.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from tradegame.solvers.strategies.automaton import Automaton, check_fits, pure
    >>> pd = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    >>> grim = Automaton("grim", ("c", "p"), (pure(0, 2), pure(1, 2)),
    ...                  (((0, 1), (1, 1)), ((1, 1), (1, 1))))
    >>> is_subgame_perfect(pd, grim, grim, Fraction(1, 2)).holds
    True
    >>> is_subgame_perfect(pd, grim, grim, Fraction(2, 5))
    Verdict(holds=False, criterion=subgame-perfect, delta=(2/5, 2/5), deviation=Deviation(player=0, state=(c, c), action=D, gain=2/5))
    """  # noqa: E501
    match, U, deltas, tol = _setup(g, row, col, delta)
    found: Deviation | None = None
    for p in (0, 1):
        d = deltas[p]
        V = evaluate([match.steps(x) for x in range(len(match.states))], U[p], d)
        for x in range(len(match.states)):
            own = match.own(p, x)
            for k in range(match.shape[p]):
                if own[k] == 1:
                    continue  # the automaton's own pure action: no deviation
                gain = q_value(match.moves(p, x, k), U[p], d, V) - V[x]
                if gain > tol and (found is None or gain > found.gain):
                    found = Deviation(p, match.label(x), g.actions[p][k], gain, match.states[x], k)
    return Verdict(found is None, "subgame-perfect", check_delta(delta, g.players), found)


def is_nash(g: Game, row: Automaton, col: Automaton, delta: Any) -> Verdict:
    r"""Whether the profile ``(row, col)`` is a Nash equilibrium.

    Each player's best reply to the rival's automaton is found exactly by
    policy iteration (see the module docstring).

    Parameters
    ----------
    g, row, col, delta
        As in :func:`is_subgame_perfect`.

    Returns
    -------
    Verdict
        Where the profile fails, ``deviation`` names the first product state on
        the path (breadth first) where the automaton plays an action that is not
        a best reply, the first action of the best reply there, and the gain
        from switching to the best reply at that state. Where both players can
        gain, the larger gain is reported.

    Raises
    ------
    ValueError
        As for :func:`is_subgame_perfect`.
    """
    match, U, deltas, tol = _setup(g, row, col, delta)
    found: Deviation | None = None
    for p in (0, 1):
        d = deltas[p]
        V = evaluate([match.steps(x) for x in range(len(match.states))], U[p], d)
        mdp = RivalMDP(match, p)
        policy, W, Q = best_reply(mdp, U[p], d, tol)
        if W[0] - V[0] <= tol:
            continue
        deviation = _departure(g, match, mdp, V, (policy, W, Q), tol)
        if found is None or deviation.gain > found.gain:
            found = deviation
    return Verdict(found is None, "nash", check_delta(delta, g.players), found)


def _departure(
    g: Game,
    match: Match,
    mdp: RivalMDP,
    V: list[Any],
    reply: tuple[list[int], list[Any], list[list[Any]]],
    tol: Any,
) -> Deviation:
    """The first on-path state where the automaton plays an action that is not a best reply.

    If the player's value falls short of the best reply's at the start, such a
    state exists: were every action it plays optimal at every state on the path,
    the shortfall would equal delta times its own average over the next states,
    and so be zero.
    """
    policy, W, Q = reply
    p = mdp.player
    seen, queue = {0}, deque([0])
    while queue:
        x = queue.popleft()
        s = mdp.index[match.states[x][1 - p]]
        if any(q != 0 and Q[s][k] < W[s] - tol for k, q in enumerate(match.own(p, x))):
            break
        for _, _, y in match.steps(x):
            if y not in seen:
                seen.add(y)
                queue.append(y)
    else:  # only float rounding gets here: report the start
        x, s = 0, 0
    k = policy[s]
    return Deviation(p, match.label(x), g.actions[p][k], W[s] - V[x], match.states[x], k)
