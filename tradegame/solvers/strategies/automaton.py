r"""Strategies of the repeated game as finite automata.

An :class:`Automaton` is a strategy bound to one side of one stage game. It
has a finite set of states; in each state it plays an action (a pure action,
or a mixed one given as probabilities over its own actions), and after every
period it moves to the state that its transition table names for the
observed action profile.

Index conventions, as everywhere in tradegame: a player's actions are indexed
``0 .. n-1`` in the order of the game (for a coercion ladder, ``0`` is open
and ``n-1`` is full restriction). Transitions are indexed *from the
automaton's own point of view*: ``transition[s][own][other]`` is the next
state after a period in which this player played ``own`` and its rival played
``other``. An automaton for the column player therefore reads ``(col, row)``.

Probabilities are :class:`fractions.Fraction` when they are rational (every
bundled strategy), so that play and thresholds can be computed exactly.

A :class:`Strategy` is the unbound recipe: a name, parameters, a reference,
and a ``build`` function that makes the automaton for a given :class:`Side`
(own and rival action counts, and which actions are the cooperative path and
the punishment). The same strategy therefore works on a 2x2 game and on a
ladder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

__all__ = ["Automaton", "Side", "Strategy", "check_fits"]

Probabilities = tuple[Fraction, ...]


@dataclass(frozen=True)
class Side:
    """What a strategy needs to know about its side of the stage game.

    Attributes
    ----------
    own_actions, other_actions : the two players' action names, own first.
    cooperate : the own action played on the cooperative path (default 0, open).
    other_cooperate : the rival's action on the cooperative path (default 0).
    punish : the own action used to punish (default the last: full restriction).
    """

    own_actions: tuple[str, ...]
    other_actions: tuple[str, ...]
    cooperate: int = 0
    other_cooperate: int = 0
    punish: int | None = None

    def __post_init__(self) -> None:
        if not self.own_actions or not self.other_actions:
            raise ValueError("each player needs at least one action")
        for name, value, n in (
            ("cooperate", self.cooperate, len(self.own_actions)),
            ("other_cooperate", self.other_cooperate, len(self.other_actions)),
            ("punish", self.punish_action, len(self.own_actions)),
        ):
            if not 0 <= value < n:
                raise ValueError(f"{name} must be an action index in 0..{n - 1}; got {value}")

    @property
    def n_own(self) -> int:
        return len(self.own_actions)

    @property
    def n_other(self) -> int:
        return len(self.other_actions)

    @property
    def punish_action(self) -> int:
        return self.n_own - 1 if self.punish is None else self.punish


@dataclass(frozen=True)
class Automaton:
    r"""A strategy bound to one side of a stage game.

    Attributes
    ----------
    name : the strategy's name (with its parameters, for example ``"truce(punish=4)"``).
    states : state labels, for display; states are referred to by index.
    output : ``output[s]`` is the probability of each own action in state ``s``.
    transition : ``transition[s][own][other]`` is the next state (see the module docstring).
    start : the initial state.
    """

    name: str
    states: tuple[str, ...]
    output: tuple[Probabilities, ...]
    transition: tuple[tuple[tuple[int, ...], ...], ...]
    start: int = 0

    def __post_init__(self) -> None:
        k = len(self.states)
        if k == 0:
            raise ValueError(f"{self.name}: an automaton needs at least one state")
        if len(self.output) != k or len(self.transition) != k:
            raise ValueError(
                f"{self.name}: output and transition need one entry per state ({k}); "
                f"got {len(self.output)} and {len(self.transition)}"
            )
        n_own = len(self.output[0])
        for s, probs in enumerate(self.output):
            if len(probs) != n_own or any(p < 0 for p in probs) or sum(probs) != 1:
                raise ValueError(
                    f"{self.name}: state {self.states[s]!r} must play a probability vector "
                    f"over {n_own} actions; got {[str(p) for p in probs]}"
                )
        n_other = len(self.transition[0][0]) if self.transition[0] else 0
        for s, table in enumerate(self.transition):
            if len(table) != n_own or any(len(row) != n_other for row in table):
                raise ValueError(
                    f"{self.name}: state {self.states[s]!r} needs a {n_own}x{n_other} "
                    "transition table (own action x rival action)"
                )
            if any(not 0 <= t < k for row in table for t in row):
                raise ValueError(f"{self.name}: state {self.states[s]!r} moves to a missing state")
        if not 0 <= self.start < k:
            raise ValueError(f"{self.name}: start state {self.start} is not one of 0..{k - 1}")

    @property
    def n_own(self) -> int:
        return len(self.output[0])

    @property
    def n_other(self) -> int:
        return len(self.transition[0][0])

    @property
    def is_deterministic(self) -> bool:
        """True when every state plays a pure action."""
        return all(max(probs) == 1 for probs in self.output)

    def action(self, state: int) -> int:
        """The pure action of ``state``; ValueError if the state mixes."""
        probs = self.output[state]
        if max(probs) != 1:
            raise ValueError(f"{self.name}: state {self.states[state]!r} plays a mixed action")
        return probs.index(Fraction(1))

    def next_state(self, state: int, own: int, other: int) -> int:
        return self.transition[state][own][other]


def check_fits(automaton: Automaton, player: int, shape: tuple[int, int]) -> None:
    """ValueError unless ``automaton`` fits seat ``player`` (0 row, 1 column) of an m x n game."""
    m, n = shape
    own, other = (m, n) if player == 0 else (n, m)
    if (automaton.n_own, automaton.n_other) != (own, other):
        raise ValueError(
            f"{automaton.name} is built for {automaton.n_own}x{automaton.n_other} actions; "
            f"the {('row', 'column')[player]} player of this game has {own} actions against "
            f"{other}"
        )


def pure(action: int, n: int) -> Probabilities:
    """The probability vector of a pure action."""
    return tuple(Fraction(int(a == action)) for a in range(n))


@dataclass(frozen=True)
class Strategy:
    """A named, unbound strategy: build its automaton with :meth:`bind`.

    Attributes
    ----------
    name : the library name, for example ``"tit-for-tat"``.
    build : ``build(side, **params) -> Automaton``.
    params : the parameters and their values (defaults, or as given).
    summary : one line for ``tradegame strategies``.
    reference : where the strategy comes from.
    deterministic : True when every automaton it builds plays pure actions.
    criterion : ``"subgame-perfect"`` or ``"nash"``: what :meth:`critical_delta`
        asks of the profile where both players use this strategy. Tit-for-tat
        and its relatives are subgame perfect only at isolated discount factors,
        so their threshold is the Nash one.
    """

    name: str
    build: Callable[..., Automaton] = field(repr=False)
    params: Mapping[str, Any] = field(default_factory=dict)
    summary: str = ""
    reference: str = ""
    deterministic: bool = True
    criterion: str = "subgame-perfect"

    def bind(self, side: Side) -> Automaton:
        """The automaton of this strategy for ``side``."""
        return self.build(side, **dict(self.params))

    def with_params(self, **params: Any) -> Strategy:
        """The same strategy with some parameters changed (unknown names are errors)."""
        unknown = sorted(set(params) - set(self.params))
        if unknown:
            allowed = ", ".join(sorted(self.params)) or "none"
            raise ValueError(
                f"strategy {self.name!r} has no parameter {unknown[0]!r}; its parameters: {allowed}"
            )
        from dataclasses import replace

        return replace(self, params={**self.params, **params})

    @property
    def label(self) -> str:
        """The name with its parameters, for tables: ``truce(punish=4)``."""
        if not self.params:
            return self.name
        args = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.name}({args})"


def sides(actions: Sequence[Sequence[str]], path: Sequence[int] = (0, 0)) -> tuple[Side, Side]:
    """The row player's and the column player's :class:`Side` for a game's actions."""
    row, col = tuple(actions[0]), tuple(actions[1])
    return (
        Side(row, col, cooperate=path[0], other_cooperate=path[1]),
        Side(col, row, cooperate=path[1], other_cooperate=path[0]),
    )
