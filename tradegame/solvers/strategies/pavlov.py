r"""Win-stay-lose-shift (Pavlov): keep what worked, switch what did not.

Two states, "cooperate" (play the path action) and "punish" (play the
punishment action). A period is a *win* when the rival played its path action.
After a win the strategy repeats its own last realised action; after a loss it
switches. An own action counts as "cooperate" when it is the path action and as
"punish" otherwise (on a ladder, any rung other than the path is treated as a
restriction). In a 2x2 game this cooperates exactly when both players did the
same thing last period.

Win-stay-lose-shift is subgame perfect in the prisoner's dilemma iff
:math:`\delta \ge (T - R)/(R - P)`, which needs :math:`2R > T + P`.

References
----------
.. [1] M. Nowak and K. Sigmund, "A strategy of win-stay, lose-shift that
   outperforms tit-for-tat in the Prisoner's Dilemma game", *Nature* 364, 1993,
   pp. 56-58.
.. [2] G. J. Mailath and L. Samuelson, *Repeated Games and Reputations*, Oxford
   University Press, 2006, section 2.6.
"""

from __future__ import annotations

from tradegame.solvers.strategies._build import table
from tradegame.solvers.strategies.automaton import Automaton, Side, Strategy, pure

__all__ = ["WIN_STAY_LOSE_SHIFT"]


def _win_stay_lose_shift(side: Side) -> Automaton:
    def move(own: int, other: int) -> int:
        played = 0 if own == side.cooperate else 1
        won = other == side.other_cooperate
        return played if won else 1 - played

    move_table = table(side, move)
    return Automaton(
        name="win-stay-lose-shift",
        states=("cooperate", "punish"),
        output=(pure(side.cooperate, side.n_own), pure(side.punish_action, side.n_own)),
        transition=(move_table, move_table),
    )


WIN_STAY_LOSE_SHIFT = Strategy(
    name="win-stay-lose-shift",
    build=_win_stay_lose_shift,
    summary="Repeat your last action if the rival cooperated, switch between open and "
    "punish otherwise.",
    reference="Nowak & Sigmund (1993), Nature 364",
)
