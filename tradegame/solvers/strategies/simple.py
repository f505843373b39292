r"""Strategies that ignore the rival: always-open, always-restrict and alternator.

They are the benchmarks of every tournament: unconditional cooperation and
defection, and a strategy that alternates regardless of what happens (the
``Cooperator``, ``Defector`` and ``Alternator`` of Axelrod's tournaments). On a
ladder "open" is the player's path action ``side.cooperate`` and "restrict" its
punishment ``side.punish_action`` (full restriction by default).

References
----------
.. [1] R. Axelrod, *The Evolution of Cooperation*, Basic Books, 1984.
.. [2] V. Knight et al., "An open framework for the reproducible study of the
   iterated prisoner's dilemma", *Journal of Open Research Software* 4(1), 2016.
"""

from __future__ import annotations

from tradegame.solvers.strategies._build import constant
from tradegame.solvers.strategies.automaton import Automaton, Side, Strategy, pure

__all__ = ["ALTERNATOR", "ALWAYS_OPEN", "ALWAYS_RESTRICT"]


def _always(name: str, label: str, action: int, side: Side) -> Automaton:
    return Automaton(
        name=name,
        states=(label,),
        output=(pure(action, side.n_own),),
        transition=(constant(side, 0),),
    )


def _always_open(side: Side) -> Automaton:
    return _always("always-open", "cooperate", side.cooperate, side)


def _always_restrict(side: Side) -> Automaton:
    return _always("always-restrict", "punish", side.punish_action, side)


def _alternator(side: Side) -> Automaton:
    # two states that swap every period, whatever was played
    return Automaton(
        name="alternator",
        states=("cooperate", "punish"),
        output=(pure(side.cooperate, side.n_own), pure(side.punish_action, side.n_own)),
        transition=(constant(side, 1), constant(side, 0)),
    )


ALWAYS_OPEN = Strategy(
    name="always-open",
    build=_always_open,
    summary="Always play the path action (open), whatever the rival does.",
    reference="Axelrod (1984), The Evolution of Cooperation (the unconditional cooperator)",
)

ALWAYS_RESTRICT = Strategy(
    name="always-restrict",
    build=_always_restrict,
    summary="Always play the punishment action (full restriction), whatever the rival does.",
    reference="Axelrod (1984), The Evolution of Cooperation (the unconditional defector)",
)

ALTERNATOR = Strategy(
    name="alternator",
    build=_alternator,
    summary="Open, restrict, open, restrict, ...: alternate regardless of the rival.",
    reference="Knight et al. (2016), Axelrod-Python: the Alternator strategy",
)
