r"""Trigger strategies: grim, limited-punishment and truce.

Grim and limited-punishment are the strategies of subgame-perfect
equilibrium theory. They watch the *profile*: any deviation from the path
profile ``(side.cooperate, side.other_cooperate)`` by *either* player starts the
punishment, so a deviator is punished by its own automaton too and the
punishment is mutual (the deviator has no reason to keep cooperating into the
rival's punishment).

* **grim** (Friedman 1971): play the path until the first deviation by either
  player, then play the punishment action forever.
* **limited-punishment(k)** (Fudenberg & Tirole 1991, section 5.1): after a
  deviation from the path, play the punishment for ``k`` periods, then return
  to the path. During the punishment both players are expected to play their
  punishment actions (own ``side.punish_action``; the rival's last rung); any
  other profile restarts the ``k`` periods, counted from the next period.

**truce(punish=T)** watches the rival only, like tit-for-tat: when the rival
leaves its path action, answer with ``T`` periods of punishment, then reopen,
ignoring whatever happens during those ``T`` periods. It models a time-limited
retaliation followed by a suspension, like the one-year mutual suspension of
export controls agreed in 2025. Because it reacts to the rival alone, two
truce players echo each other's punishments, and like tit-for-tat the profile
is subgame perfect at isolated discount factors at most: its ``criterion`` is
``"nash"``. A punishment must outlast the gain from a deviation: in the
textbook prisoner's dilemma ``punish=1`` never deters always-restrict, while
``punish=2`` (the default) does for :math:`\delta \ge (\sqrt 5 - 1)/2`.

References
----------
.. [1] J. W. Friedman, "A non-cooperative equilibrium for supergames",
   *Review of Economic Studies* 38(1), 1971, pp. 1-12.
.. [2] D. Fudenberg and J. Tirole, *Game Theory*, MIT Press, 1991, chapter 5.
"""

from __future__ import annotations

from tradegame.solvers.strategies._build import Table, constant, count, rival_punish, table
from tradegame.solvers.strategies.automaton import Automaton, Side, Strategy, pure

__all__ = ["GRIM", "LIMITED_PUNISHMENT", "TRUCE"]


def _grim(side: Side) -> Automaton:
    path = (side.cooperate, side.other_cooperate)
    return Automaton(
        name="grim",
        states=("cooperate", "punish"),
        output=(pure(side.cooperate, side.n_own), pure(side.punish_action, side.n_own)),
        transition=(
            table(side, lambda own, other: 0 if (own, other) == path else 1),
            constant(side, 1),
        ),
    )


def _limited_punishment(side: Side, k: int = 2) -> Automaton:
    k = count("limited-punishment", "k", k)
    path = (side.cooperate, side.other_cooperate)
    punishing = (side.punish_action, rival_punish(side))
    # state 0 is the path; states 1..k are the punishment periods
    transition = [table(side, lambda own, other: 0 if (own, other) == path else 1)]
    for s in range(1, k + 1):
        after = (s + 1) % (k + 1)  # the last period leads back to the path
        transition.append(_punishing(side, punishing, after))
    return Automaton(
        name=f"limited-punishment(k={k})",
        states=("cooperate", *(f"punish {s}/{k}" for s in range(1, k + 1))),
        output=(
            pure(side.cooperate, side.n_own),
            *(pure(side.punish_action, side.n_own) for _ in range(k)),
        ),
        transition=tuple(transition),
    )


def _punishing(side: Side, punishing: tuple[int, int], after: int) -> Table:
    """Move to ``after`` if both played their punishment, else restart the punishment."""
    return table(side, lambda own, other: after if (own, other) == punishing else 1)


def _truce(side: Side, punish: int = 2) -> Automaton:
    T = count("truce", "punish", punish)
    transition = [table(side, lambda own, other: 0 if other == side.other_cooperate else 1)]
    for s in range(1, T + 1):
        # ignore play during the punishment, then reopen
        transition.append(constant(side, (s + 1) % (T + 1)))
    return Automaton(
        name=f"truce(punish={T})",
        states=("open", *(f"punish {s}/{T}" for s in range(1, T + 1))),
        output=(
            pure(side.cooperate, side.n_own),
            *(pure(side.punish_action, side.n_own) for _ in range(T)),
        ),
        transition=tuple(transition),
    )


GRIM = Strategy(
    name="grim",
    build=_grim,
    summary="Play the path until either player deviates, then punish forever.",
    reference="Friedman (1971), Review of Economic Studies 38(1); Fudenberg & Tirole (1991), ch. 5",
)

# k = 2 is the shortest punishment that sustains mutual cooperation in the textbook
# prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0): it needs 2 <= 2 (delta + delta^2).
LIMITED_PUNISHMENT = Strategy(
    name="limited-punishment",
    build=_limited_punishment,
    params={"k": 2},
    summary="After any deviation from the path, both punish for k periods; "
    "a deviation during the punishment restarts it.",
    reference="Fudenberg & Tirole (1991), Game Theory, section 5.1",
)

# punish = 2 for the same reason as k = 2 above: one period never deters a deviation there.
TRUCE = Strategy(
    name="truce",
    build=_truce,
    params={"punish": 2},
    summary="When the rival restricts, punish for a fixed number of periods, then reopen "
    "whatever happened meanwhile.",
    reference="Fudenberg & Tirole (1991), Game Theory, ch. 5 (finite punishments); "
    "modelled on the 2025 one-year mutual suspension of export controls",
    criterion="nash",
)
