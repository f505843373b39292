r"""Reciprocal strategies: answer the rival's last action, and only that.

* **tit-for-tat** (Axelrod 1984): open first; then open if the rival played its
  path action last period, punish otherwise.
* **suspicious-tit-for-tat**: the same, but punish first.
* **generous-tit-for-tat(forgive=q)** (Nowak & Sigmund 1992): open first and
  after every period in which the rival cooperated; after a rival deviation,
  open with probability ``q`` and punish with probability ``1 - q``.
* **calibrated**: proportional response on a ladder. Open first (the path
  action); then answer the rival's rung ``j`` with own rung

  .. math:: i = \operatorname{round}\left(j \cdot \frac{n_{own} - 1}{n_{other} - 1}\right),

  computed exactly, with halves rounded up (to the harsher rung): ``i =
  floor(j (n_own - 1) / (n_other - 1) + 1/2)``. Equal ladders mirror the rival
  rung for rung; on a 3-rung ladder against a 5-rung one, rival rungs 0..4 are
  answered with 0, 1, 1, 2, 2. When the rival has a single action there is no
  intensity to match and calibrated plays rung 0.

Tit-for-tat and its relatives are subgame perfect only at isolated discount
factors (their punishments echo back and forth), so their ``criterion`` is
``"nash"``: thresholds for them ask for a Nash equilibrium of the repeated game.

References
----------
.. [1] R. Axelrod, *The Evolution of Cooperation*, Basic Books, 1984.
.. [2] M. A. Nowak and K. Sigmund, "Tit for tat in heterogeneous populations",
   *Nature* 355, 1992, pp. 250-253.
.. [3] G. J. Mailath and L. Samuelson, *Repeated Games and Reputations*, Oxford
   University Press, 2006, section 2.6 (tit-for-tat and subgame perfection).
"""

from __future__ import annotations

from fractions import Fraction

from tradegame.solvers.strategies._build import mix, probability, table
from tradegame.solvers.strategies.automaton import Automaton, Side, Strategy, pure

__all__ = [
    "CALIBRATED",
    "GENEROUS_TIT_FOR_TAT",
    "SUSPICIOUS_TIT_FOR_TAT",
    "TIT_FOR_TAT",
    "calibrated_rung",
]


def _reactive(name: str, side: Side, start: int, forgive: Fraction = Fraction(0)) -> Automaton:
    """Two states, "cooperate" and "punish"; the rival's last action picks the next."""
    punish = mix(side.n_own, [(side.cooperate, forgive), (side.punish_action, 1 - forgive)])
    move = table(side, lambda own, other: 0 if other == side.other_cooperate else 1)
    label = "punish" if forgive == 0 else "punish or forgive"
    return Automaton(
        name=name,
        states=("cooperate", label),
        output=(pure(side.cooperate, side.n_own), punish),
        transition=(move, move),
        start=start,
    )


def _tit_for_tat(side: Side) -> Automaton:
    return _reactive("tit-for-tat", side, start=0)


def _suspicious_tit_for_tat(side: Side) -> Automaton:
    return _reactive("suspicious-tit-for-tat", side, start=1)


def _generous_tit_for_tat(side: Side, forgive: Fraction = Fraction(1, 3)) -> Automaton:
    q = probability("generous-tit-for-tat", "forgive", forgive)
    return _reactive(f"generous-tit-for-tat(forgive={q})", side, start=0, forgive=q)


def calibrated_rung(rival: int, n_own: int, n_other: int) -> int:
    """The own rung that answers the rival's rung ``rival`` (see the module docstring)."""
    if n_other == 1:
        return 0
    scaled = Fraction(rival * (n_own - 1), n_other - 1)
    return int(scaled + Fraction(1, 2))  # floor(x + 1/2): halves go to the harsher rung


def calibrated_states(
    side: Side,
) -> tuple[tuple[str, ...], tuple[tuple[tuple[int, ...], ...], ...]]:
    """Labels and transitions of the calibrated states: one state per own rung."""
    move = table(side, lambda own, other: calibrated_rung(other, side.n_own, side.n_other))
    return side.own_actions, tuple(move for _ in range(side.n_own))


def _calibrated(side: Side) -> Automaton:
    labels, transition = calibrated_states(side)
    return Automaton(
        name="calibrated",
        states=tuple(f"play {a}" for a in labels),
        output=tuple(pure(i, side.n_own) for i in range(side.n_own)),
        transition=transition,
        start=side.cooperate,
    )


TIT_FOR_TAT = Strategy(
    name="tit-for-tat",
    build=_tit_for_tat,
    summary="Open first, then open if the rival cooperated last period and punish otherwise.",
    reference="Axelrod (1984), The Evolution of Cooperation",
    criterion="nash",
)

SUSPICIOUS_TIT_FOR_TAT = Strategy(
    name="suspicious-tit-for-tat",
    build=_suspicious_tit_for_tat,
    summary="Punish first, then copy the rival: open iff it cooperated last period.",
    reference="Beaufils, Delahaye & Mathieu (1996), Our meeting with gradual; "
    "Axelrod (1984) for tit-for-tat",
    criterion="nash",
)

# Nowak and Sigmund's generosity for the textbook prisoner's dilemma (T, R, P, S) =
# (5, 3, 1, 0): q = min(1 - (T - R)/(R - S), (R - P)/(T - P)) = min(1/3, 1/2) = 1/3.
GENEROUS_TIT_FOR_TAT = Strategy(
    name="generous-tit-for-tat",
    build=_generous_tit_for_tat,
    params={"forgive": Fraction(1, 3)},
    summary="Tit-for-tat that answers a rival deviation with openness with probability forgive.",
    reference="Nowak & Sigmund (1992), Tit for tat in heterogeneous populations, Nature 355",
    deterministic=False,
    criterion="nash",
)

CALIBRATED = Strategy(
    name="calibrated",
    build=_calibrated,
    summary="Open first, then answer the rival's rung with the proportional own rung.",
    reference="Axelrod (1984), ch. 7 (proportionate retaliation); "
    "Schelling (1966), Arms and Influence (graduated response)",
    criterion="nash",
)
