r"""Maximum pressure: full restriction for a while, then concessions matched to the rival's.

**maximum-pressure(n)** plays its punishment action (full restriction by
default) in periods ``0 .. n-1``, whatever happens. From period ``n`` on it
plays :mod:`calibrated <tradegame.solvers.strategies.reciprocal>`: it answers
the rival's last rung with the proportional own rung, starting with the rival's
rung in period ``n - 1``. Concessions are therefore *selective*: pressure comes
down only as far as the rival has come down, and a rival that stays at full
restriction meets full restriction for ever.

This is the coercive-bargaining pattern of a maximum-pressure campaign: an
opening demonstration of costs, then reciprocity (George 1991; Schelling 1966).
After the pressure phase it reacts to the rival alone, as calibrated does, so
its ``criterion`` is ``"nash"`` too.

References
----------
.. [1] T. C. Schelling, *Arms and Influence*, Yale University Press, 1966.
.. [2] A. L. George, *Forceful Persuasion: Coercive Diplomacy as an Alternative
   to War*, United States Institute of Peace Press, 1991.
"""

from __future__ import annotations

from tradegame.solvers.strategies._build import constant, count, table
from tradegame.solvers.strategies.automaton import Automaton, Side, Strategy, pure
from tradegame.solvers.strategies.reciprocal import calibrated_rung, calibrated_states

__all__ = ["MAXIMUM_PRESSURE"]


def _maximum_pressure(side: Side, n: int = 2) -> Automaton:
    n = count("maximum-pressure", "n", n)
    labels, calibrated = calibrated_states(side)
    # states 0..n-1 are the pressure periods; state n + i plays own rung i
    shifted = tuple(tuple(tuple(n + t for t in row) for row in tab) for tab in calibrated)
    pressure = [constant(side, s + 1) for s in range(n - 1)]
    pressure.append(
        table(side, lambda own, other: n + calibrated_rung(other, side.n_own, side.n_other))
    )
    return Automaton(
        name=f"maximum-pressure(n={n})",
        states=(*(f"pressure {s}/{n}" for s in range(1, n + 1)), *(f"play {a}" for a in labels)),
        output=(
            *(pure(side.punish_action, side.n_own) for _ in range(n)),
            *(pure(i, side.n_own) for i in range(side.n_own)),
        ),
        transition=(*pressure, *shifted),
    )


MAXIMUM_PRESSURE = Strategy(
    name="maximum-pressure",
    build=_maximum_pressure,
    params={"n": 2},
    summary="Full restriction for n periods, then answer the rival's rung proportionally "
    "(concede only as far as the rival does).",
    reference="Schelling (1966), Arms and Influence; George (1991), Forceful Persuasion",
    criterion="nash",
)
