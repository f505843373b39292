r"""Names for 2x2 games: prisoner's dilemma, chicken, stag hunt and the rest.

Each player's *ordinal type* is read from its own payoffs, with action 0 read as
"cooperate / stay open" and action 1 as "defect / restrict". For the row player

.. math::

    T = A_{10}, \quad R = A_{00}, \quad P = A_{11}, \quad S = A_{01},

and for the column player the mirror image, :math:`T = B_{01}`, :math:`R = B_{00}`,
:math:`P = B_{11}`, :math:`S = B_{10}`. The named types (Robinson and Goforth 2005)
are

=====================  ==========================================
``prisoners-dilemma``  :math:`T > R > P > S`
``chicken``            :math:`T > R > S > P`
``stag-hunt``          :math:`R > T > P > S`
``deadlock``           :math:`T > P > R > S`
``harmony``            :math:`R > T,\ R > S,\ R > P,\ S > P` (mutual cooperation
                       is the best outcome and cooperating is dominant)
=====================  ==========================================

See :func:`classify` for the rules that combine the two types, relabellings,
equilibrium structure and ties.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from tradegame.game import Game

__all__ = ["GAME_CLASSES", "classify", "describe", "extreme_subgame"]

_TYPES = ("prisoners-dilemma", "chicken", "stag-hunt", "deadlock", "harmony")

#: Every name :func:`classify` can return, apart from the ``"asymmetric:<row>/<col>"``
#: family and ``"<m>x<n>"`` for games that are not 2x2.
GAME_CLASSES = (
    *_TYPES,
    "battle-of-the-sexes",
    "coordination",
    "no-pure-equilibrium",
    "trivial",
    "other",
)

_DESCRIPTIONS = {
    "prisoners-dilemma": "each side gains by restricting whatever the other does, yet both "
    "end up worse off than if both had stayed open",
    "chicken": "brinkmanship: each side wants to restrict only if the other backs down, and "
    "both restricting is the worst outcome for both",
    "stag-hunt": "both sides do best by staying open together, but each restricts if it fears "
    "the other will, so trust decides the outcome",
    "deadlock": "both sides prefer to restrict, even to mutual openness, so the conflict is "
    "stable and nobody regrets it",
    "harmony": "staying open is best for each side whatever the other does, and mutual "
    "openness is everyone's favourite outcome",
    "battle-of-the-sexes": "both sides want to match each other's choice but disagree about "
    "which of the two matching outcomes is better",
    "coordination": "both sides want to match each other's choice and do not disagree about "
    "which matching outcome is better, but they may still fail to coordinate",
    "no-pure-equilibrium": "every outcome tempts one side to switch, as in matching pennies or "
    "an inspection game, so each side keeps the other guessing by randomising",
    "trivial": "no choice changes either side's payoff, so there is nothing to decide",
    "other": "a 2x2 game with no standard name under these rules",
}

_WANTS = {
    "prisoners-dilemma": "tempted to restrict whatever the other does",
    "chicken": "restricting only if the other backs down",
    "stag-hunt": "open only if it trusts the other to stay open",
    "deadlock": "restricting in any case",
    "harmony": "open in any case",
}

# Relabellings tried, in order: (swap the row player's actions, swap the column's).
_RELABELLINGS = ((0, 0), (1, 1), (1, 0), (0, 1))

Greater = Callable[[Any, Any], bool]


def _ordinal_type(T: Any, R: Any, P: Any, S: Any, gt: Greater) -> str | None:
    if gt(T, R) and gt(R, P) and gt(P, S):
        return "prisoners-dilemma"
    if gt(T, R) and gt(R, S) and gt(S, P):
        return "chicken"
    if gt(R, T) and gt(T, P) and gt(P, S):
        return "stag-hunt"
    if gt(T, P) and gt(P, R) and gt(R, S):
        return "deadlock"
    if gt(R, T) and gt(R, S) and gt(R, P) and gt(S, P):
        return "harmony"
    return None


def _named_types(A: Any, B: Any, gt: Greater) -> tuple[str, str] | None:
    """The first relabelling, in :data:`_RELABELLINGS` order, that names both types."""
    for sr, sc in _RELABELLINGS:
        a = [[A[i ^ sr][j ^ sc] for j in (0, 1)] for i in (0, 1)]
        b = [[B[i ^ sr][j ^ sc] for j in (0, 1)] for i in (0, 1)]
        row = _ordinal_type(a[1][0], a[0][0], a[1][1], a[0][1], gt)
        col = _ordinal_type(b[0][1], b[0][0], b[1][1], b[1][0], gt)
        if row is not None and col is not None:
            return row, col
    return None


def classify(g: Game, tol: float | None = None) -> str:
    r"""The standard name of a 2x2 game (see :data:`GAME_CLASSES`).

    Rules, applied in this order:

    1. A game that is not 2x2 is named by its shape, ``f"{m}x{n}"``.
    2. ``"trivial"`` when each player's payoffs are all equal.
    3. ``"no-pure-equilibrium"`` when no cell is a pure equilibrium (weak best
       responses count): the cyclic games, such as matching pennies and the
       inspection game.
    4. Each player's ordinal type (module docstring) is read under the identity
       labelling, then with both players' actions swapped, then with only the row
       player's, then only the column player's; the first labelling under which
       both types are named is used. When the two types agree, that name is
       returned. (Checking all strict ordinal 2x2 games shows that at most one
       labelling names both types, so the order never changes the answer there.)
    5. Two pure equilibria that share no action: ``"battle-of-the-sexes"`` when
       each player strictly prefers a different one, otherwise
       ``"coordination"``. A stag hunt has already been named in step 4.
    6. ``"asymmetric:<row type>/<column type>"`` when the named types of step 4
       differ, for example ``"asymmetric:chicken/prisoners-dilemma"``.
    7. ``"other"``.

    The answer depends only on the order of each player's payoffs, so it does not
    change under a positive affine transform of either player's payoffs. It does
    not change under relabelling actions either, and swapping the players
    (transposing) keeps every name except that it reverses an asymmetric pair.

    **Ties.** By default an exact game is compared exactly and a numeric game
    with ``g.tolerance()``; an explicit ``tol`` compares the float payoffs, and
    two payoffs within ``tol`` of each other are equal. Every type pattern needs
    strict inequalities, so a tie that breaks a pattern leaves that type unnamed:
    the game falls through to the equilibrium-structure names of steps 3 and 5,
    or to ``"other"``. Ties still count for best responses, so a weakly best
    action makes a pure equilibrium.

    Raises
    ------
    ValueError
        If the game is symbolic.

    Examples
    --------
    >>> from tradegame import Game
    >>> classify(Game([[3, 0], [5, 1]], [[3, 5], [0, 1]]))
    'prisoners-dilemma'
    """
    if g.is_symbolic:
        raise ValueError(
            "classify needs numbers, but this game is symbolic: evaluate with .subs() first"
        )
    m, n = g.shape
    if (m, n) != (2, 2):
        return f"{m}x{n}"
    A: Any
    B: Any
    eps: Any
    if tol is None and g.exact_A is not None and g.exact_B is not None:
        A, B, eps = g.exact_A.tolist(), g.exact_B.tolist(), Fraction(0)
    else:
        if tol is not None and not (tol >= 0 and tol < float("inf")):
            raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
        A, B, eps = g.A.tolist(), g.B.tolist(), g.tolerance() if tol is None else tol

    def gt(a: Any, b: Any) -> bool:
        return bool(a - b > eps)

    def spread(M: Any) -> Any:
        return max(max(r) for r in M) - min(min(r) for r in M)

    if spread(A) <= eps and spread(B) <= eps:
        return "trivial"
    pure = [
        (i, j)
        for i in (0, 1)
        for j in (0, 1)
        if not gt(A[1 - i][j], A[i][j]) and not gt(B[i][1 - j], B[i][j])
    ]
    if not pure:
        return "no-pure-equilibrium"
    named = _named_types(A, B, gt)
    if named is not None and named[0] == named[1]:
        return named[0]
    if len(pure) == 2 and pure[0][0] != pure[1][0] and pure[0][1] != pure[1][1]:
        (i, j), (k, h) = pure
        row_prefers = gt(A[i][j], A[k][h]) - gt(A[k][h], A[i][j])
        col_prefers = gt(B[i][j], B[k][h]) - gt(B[k][h], B[i][j])
        return "battle-of-the-sexes" if row_prefers * col_prefers < 0 else "coordination"
    if named is not None:
        return f"asymmetric:{named[0]}/{named[1]}"
    return "other"


def describe(name: str) -> str:
    """A one-sentence, plain-language description of a name from :func:`classify`.

    Examples
    --------
    >>> describe("chicken")
    'Brinkmanship: each side wants to restrict only if the other backs down, and both restricting is the worst outcome for both.'
    """  # noqa: E501
    if name in _DESCRIPTIONS:
        text = _DESCRIPTIONS[name]
    elif name.startswith("asymmetric:") and name.count("/") == 1:
        row, col = name.removeprefix("asymmetric:").split("/")
        if row not in _TYPES or col not in _TYPES:
            raise ValueError(f"unknown types in {name!r}; the types are {', '.join(_TYPES)}")
        text = (
            f"the sides face different incentives: the row player's are those of {row} "
            f"({_WANTS[row]}), the column player's those of {col} ({_WANTS[col]})"
        )
    elif name.count("x") == 1 and all(part.isdigit() for part in name.split("x")):
        m, n = name.split("x")
        text = f"a game with {m} row actions and {n} column actions; only 2x2 games get names"
    else:
        raise ValueError(f"unknown game class {name!r}; the classes are {', '.join(GAME_CLASSES)}")
    return text[0].upper() + text[1:] + "."


def extreme_subgame(g: Game) -> Game:
    """The 2x2 game of each player's first and last action (open and full restriction).

    A ladder's class is the class of this game: it is what ``tradegame run``
    reports. When a player has a single action there is no 2x2 game of
    extremes (that action is both the first and the last), so the game is
    returned as it is, and :func:`classify` names it by its shape (``"1x3"``).
    """
    if g.shape == (2, 2) or min(g.shape) < 2:
        return g
    rows, cols = [0, g.shape[0] - 1], [0, g.shape[1] - 1]
    if g.exact_A is not None and g.exact_B is not None:
        A, B = g.exact_A[rows][:, cols], g.exact_B[rows][:, cols]
    else:
        A, B = g.A[rows][:, cols], g.B[rows][:, cols]
    actions = ([g.actions[0][i] for i in rows], [g.actions[1][j] for j in cols])
    return Game(A, B, actions=(actions[0], actions[1]), players=g.players)
