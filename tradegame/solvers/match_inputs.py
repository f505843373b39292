"""Checking the arguments of a match: the game, the strategies, turns, noise and delta.

Shared by exact play (:mod:`tradegame.solvers.play`), Monte Carlo play
(:mod:`tradegame.solvers.simulate`) and tournaments.
"""

from __future__ import annotations

import numbers
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

from tradegame.game import Game, to_fraction
from tradegame.solvers._values import Value, check_delta
from tradegame.solvers.strategies.automaton import Automaton, Strategy, check_fits, sides

__all__ = [
    "SEATS",
    "bind",
    "check_game",
    "check_noise",
    "check_turns",
    "match_deltas",
    "resolve_spec",
]

SEATS = ("row", "column")


def check_turns(turns: Any) -> int:
    """``turns`` as an int >= 1; ValueError otherwise."""
    if isinstance(turns, bool) or not isinstance(turns, numbers.Integral) or turns < 1:
        raise ValueError(f"turns must be a whole number of periods >= 1; got {turns!r}")
    return int(turns)


def check_noise(noise: Any) -> Fraction:
    """``noise`` as an exact fraction in [0, 1); ValueError otherwise."""
    exact = None if isinstance(noise, bool) else to_fraction(noise)
    if exact is None or not 0 <= exact < 1:
        raise ValueError(f"noise must be a probability in [0, 1); got {noise!r}")
    return exact


def resolve_spec(spec: Any) -> Strategy | Automaton:
    """A strategy or automaton from a library name, a ``.toml`` path, or an object as is."""
    if isinstance(spec, Strategy | Automaton):
        return spec
    if isinstance(spec, str | os.PathLike):
        from tradegame.solvers.strategies import resolve

        return resolve(spec if isinstance(spec, str) else Path(spec))
    raise ValueError(
        "a strategy must be a name, a .toml path, a Strategy or an Automaton; "
        f"got {type(spec).__name__}"
    )


def bind(g: Game, spec: Any, player: int) -> Automaton:
    """The automaton that ``spec`` plays in seat ``player`` (0 row, 1 column) of ``g``.

    A :class:`Strategy` is bound with ``sides(g.actions)`` (cooperative path ``(0, 0)``).
    """
    spec = resolve_spec(spec)
    automaton = spec.bind(sides(g.actions)[player]) if isinstance(spec, Strategy) else spec
    check_fits(automaton, player, g.shape)
    return automaton


def check_game(g: Any, what: str) -> Game:
    if not isinstance(g, Game):
        raise ValueError(f"{what} needs a tradegame Game; got {type(g).__name__}")
    if g.is_symbolic:
        raise ValueError(f"{what} needs numbers: evaluate the symbolic game with .subs() first")
    return g


def match_deltas(g: Game, delta: Any, turns: int | None) -> tuple[Value, Value] | None:
    if turns is not None:
        return None  # a finite horizon is not discounted
    if delta is None:
        raise ValueError("discounted play (turns=None) needs delta; or give turns")
    checked = check_delta(delta, g.players)
    # a float written as a short decimal is read exactly, as the game's payoffs are
    exact = [to_fraction(d) for d in checked]
    return (
        exact[0] if exact[0] is not None else checked[0],
        exact[1] if exact[1] is not None else checked[1],
    )
