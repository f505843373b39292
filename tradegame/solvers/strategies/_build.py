r"""Building blocks shared by the named strategies: roles on a ladder, tables, parameters.

Roles, as everywhere in the strategy library: on its :class:`Side` a strategy
knows its own *path* action ``side.cooperate``, the rival's path action
``side.other_cooperate`` and its own punishment ``side.punish_action`` (by
default the last rung, full restriction). "The rival cooperated" means that the
rival played ``side.other_cooperate``.

The rival's punishment action is not part of a :class:`Side`; the strategies
that need it (those that check whether a punishment phase is being followed)
take it to be the rival's last rung, full restriction, which is what
:func:`~tradegame.solvers.strategies.automaton.sides` gives every player.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any

from tradegame.datafile import show
from tradegame.game import to_fraction
from tradegame.solvers.strategies.automaton import Probabilities, Side

__all__ = [
    "MAX_PERIODS",
    "constant",
    "count",
    "mix",
    "parse_fraction",
    "probability",
    "rival_punish",
    "table",
]

Table = tuple[tuple[int, ...], ...]


def table(side: Side, move: Callable[[int, int], int]) -> Table:
    """The transition table ``[own][other] -> move(own, other)`` of one state."""
    return tuple(
        tuple(move(own, other) for other in range(side.n_other)) for own in range(side.n_own)
    )


def constant(side: Side, state: int) -> Table:
    """The transition table of a state that moves to ``state`` whatever is played."""
    return table(side, lambda own, other: state)


def rival_punish(side: Side) -> int:
    """The rival's punishment action: its last rung (see the module docstring)."""
    return side.n_other - 1


def mix(n: int, weights: Iterable[tuple[int, Fraction]]) -> Probabilities:
    """A probability vector over ``n`` actions from ``(action, weight)`` pairs.

    Weights on the same action add up: a mixture of "cooperate" and "punish" is
    pure when the two roles name the same action.
    """
    probs = [Fraction(0)] * n
    for action, weight in weights:
        probs[action] += weight
    return tuple(probs)


#: The most periods a counting parameter may take: each period is a state of the automaton.
MAX_PERIODS = 10_000


def count(strategy: str, key: str, value: Any, minimum: int = 1) -> int:
    """A whole-number parameter from ``minimum`` to :data:`MAX_PERIODS`; ValueError otherwise."""
    number = to_fraction(value) if not isinstance(value, str) else parse_fraction(value)
    if number is None or number.denominator != 1 or not minimum <= number <= MAX_PERIODS:
        raise ValueError(
            f"strategy {strategy!r}: {key} must be a whole number of periods, at least "
            f"{minimum} and at most {MAX_PERIODS}; got {show(value)}"
        )
    return int(number)


def probability(strategy: str, key: str, value: Any) -> Fraction:
    """A probability parameter as an exact fraction in [0, 1]; ValueError otherwise.

    Fractions, integers, floats (read as their shortest decimal, so ``0.1`` is
    1/10) and strings such as ``"1/3"`` or ``"0.25"`` are accepted.
    """
    number = to_fraction(value) if not isinstance(value, str) else parse_fraction(value)
    if number is None or not 0 <= number <= 1:
        raise ValueError(
            f"strategy {strategy!r}: {key} must be a probability in [0, 1] such as 1/3 "
            f"or 0.25; got {show(value)}"
        )
    return number


# Exact number text: an optional sign, then digits with an optional decimal part, or p/q.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d+)?|\d+/\d+)")


def parse_fraction(text: str) -> Fraction | None:
    """``text`` such as ``"1/3"``, ``"0.25"`` or ``"2"`` as a fraction; None for anything else.

    The match is strict (no spaces inside, no exponents, no names), so text that
    is not a plain number is rejected rather than interpreted.
    """
    text = text.strip()
    if len(text) > 40 or not _NUMBER.fullmatch(text):
        return None
    if "/" in text and int(text.split("/")[1]) == 0:
        return None
    return Fraction(text)
