r"""The Fudenberg-Levine commitment bound: what reputation guarantees a patient player.

See :mod:`tradegame.solvers.reputation` for the reliable-supplier reading.

References
----------
.. [1] D. Fudenberg and D. K. Levine, "Reputation and equilibrium selection in
   games with a patient player", *Econometrica* 57(4), 1989, pp. 759-778.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any

import numpy as np

from tradegame.game import Game
from tradegame.solvers import _markdown as md
from tradegame.solvers import exact as exact_la
from tradegame.solvers._common import require_numeric
from tradegame.solvers._values import json_value, text
from tradegame.solvers.reputation import ONE, ZERO, Value, between, log_of

__all__ = ["ReputationBound", "reputation_bound"]

_MAX_VERTICES = 50_000  # candidate vertices before the exact search hands over to linprog


@dataclass(frozen=True)
class ReputationBound:
    r"""The Fudenberg-Levine lower bound on a patient long-run player's payoff.

    ``float(result)`` is the bound itself.

    Attributes
    ----------
    bound : Fraction or float
        :math:`\delta^N u^* + (1 - \delta^N) u_{\min}`, a normalised discounted payoff.
    N : int
        The most surprises: periods in which column players may play outside
        :math:`B(a^*)` while :math:`a^*` is played.
    pi_bar : Fraction or float
        :math:`\bar\pi`: above this probability of the commitment action, every
        column best response is a best response to it.
    u_star : Fraction or float
        The row payoff from :math:`a^*` against its worst column best response.
    u_min : Fraction or float
        The least row payoff from :math:`a^*`, over all column actions.
    commitment : str
        The name of :math:`a^*`.
    responses : tuple of str
        :math:`B(a^*)`, the column best responses to the commitment action.
    prior, delta : Fraction or float
        The inputs.
    """

    bound: Value
    N: int
    pi_bar: Value
    u_star: Value
    u_min: Value
    commitment: str
    responses: tuple[str, ...]
    prior: Value
    delta: Value

    def __float__(self) -> float:
        return float(self.bound)

    def __repr__(self) -> str:
        return (
            f"ReputationBound(bound={text(self.bound)}, N={self.N}, "
            f"pi_bar={text(self.pi_bar)}, u_star={text(self.u_star)}, "
            f"u_min={text(self.u_min)}, commitment={self.commitment!r}, "
            f"responses={list(self.responses)}, prior={text(self.prior)}, "
            f"delta={text(self.delta)})"
        )

    def _repr_markdown_(self) -> str:
        """The bound and every number in it, for notebooks (exact as maths)."""
        head = md.title("Reputation bound") + f": committing to {md.text(self.commitment)}, "
        head += f"a patient row player gets at least {md.number(self.bound)}"
        rows = [
            ["bound $\\delta^N u^* + (1 - \\delta^N) u_{\\min}$", md.number(self.bound)],
            ["most surprises $N$", str(self.N)],
            ["payoff against the worst best response $u^*$", md.number(self.u_star)],
            ["least payoff of the commitment action $u_{\\min}$", md.number(self.u_min)],
            ["$\\bar\\pi$", md.number(self.pi_bar)],
            ["best responses to it", ", ".join(md.text(r) for r in self.responses)],
            ["prior", md.number(self.prior)],
            ["discount factor δ", md.number(self.delta)],
        ]
        return f"{head}\n\n" + md.table(["", "value"], rows)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; fractions appear as strings, plus ``bound_float``."""
        out = {name: json_value(value) for name, value in vars(self).items()}
        out["responses"] = list(self.responses)
        out["bound_float"] = float(self.bound)
        return out


def _pi_bar_exact(B: Any, i: int, outside: list[int]) -> Fraction:
    """The largest weight on row ``i`` that leaves a column in ``outside`` a best response.

    For each such column ``c`` the mixtures to which ``c`` is a best response form a
    polytope; its vertices are enumerated in fractions, and the best one kept.
    """
    m, n = len(B), len(B[0])
    best = ZERO
    for c in outside:
        # alpha >= 0, and alpha . (B[:, c] - B[:, d]) >= 0 for every other column d
        rows = [[ONE if r == s else ZERO for s in range(m)] for r in range(m)]
        rows += [[B[r][c] - B[r][d] for r in range(m)] for d in range(n) if d != c]
        columns = [list(col) for col in zip(*rows, strict=True)]  # alpha @ columns: slacks
        for chosen in combinations(range(len(rows)), m - 1):
            system = [rows[t] for t in chosen] + [[ONE] * m]
            alpha = exact_la.solve(system, [ZERO] * (m - 1) + [ONE])
            if alpha is None or alpha[i] <= best:
                continue
            if min(exact_la.dot(alpha, columns)) >= 0:
                best = alpha[i]
    return best


def _pi_bar_float(B: Any, i: int, outside: list[int]) -> float:
    """The same by linear programming (scipy's HiGHS), for inexact or large games."""
    from scipy.optimize import linprog

    m, n = B.shape
    # HiGHS's feasibility tolerances are absolute (about 1e-7), so on payoffs in units
    # of 1e-9 every constraint looked slack (pi_bar near 1) or none did (0). Best
    # responses are unchanged by a positive affine map: solve on B moved onto [0, 1].
    spread = float(B.max() - B.min())
    if spread > 0:
        B = (B - B.min()) / spread
    best = 0.0
    for c in outside:
        others = [d for d in range(n) if d != c]
        res = linprog(
            -np.eye(m)[i],
            A_ub=np.array([B[:, d] - B[:, c] for d in others]),
            b_ub=np.zeros(len(others)),
            A_eq=np.ones((1, m)),
            b_eq=[1.0],
            bounds=[(0, 1)] * m,
            method="highs",
        )
        if res.status == 0:  # status 2: c is never a best response
            best = max(best, float(-res.fun))
    return min(best, math.nextafter(1.0, 0.0))  # below 1, as it is exactly


def _surprises(mu: Fraction | float, pi_bar: Fraction | float) -> int:
    """``max{n >= 0 : pi_bar**n >= mu}``."""
    if pi_bar < mu:
        return 0
    n = max(0, math.floor(log_of(mu) / log_of(pi_bar)))  # a float guess, corrected exactly
    while pi_bar ** (n + 1) >= mu:
        n += 1
    while n > 0 and pi_bar**n < mu:
        n -= 1
    return n


def reputation_bound(game: Game, commitment: int | str, prior: Any, delta: Any) -> ReputationBound:
    r"""Fudenberg and Levine's lower bound on the row player's equilibrium payoff.

    The row player is long-run with discount factor ``delta``; with probability
    ``prior`` it is a commitment type that always plays ``commitment``; column
    players live one period and best respond myopically. The bound and its
    terms are defined in the module docstring.

    Parameters
    ----------
    game : Game
        A numeric stage game; the row player is the long-run player.
    commitment : int or str
        The commitment action of the row player, by name or index.
    prior : number in (0, 1]
        The prior probability of the commitment type.
    delta : number in (0, 1)
        The row player's discount factor.

    Returns
    -------
    ReputationBound
        Fractions when the game is exact and ``prior`` and ``delta`` are
        rational (and the game is small enough for the exact vertex search),
        floats otherwise.

    Notes
    -----
    Exact inputs are compared exactly. On the float path the column best responses
    :math:`B(a^*)` are the columns within ``game.tolerance()`` (that is
    :math:`10^{-9} \max(1, \text{payoff range})`) of the best, and
    :math:`\bar\pi` comes from a linear program (scipy's HiGHS) on the column
    payoffs moved onto [0, 1], accurate to about ``1e-9``.

    Raises
    ------
    ValueError
        If the game is symbolic, the action is unknown or a number is out of range.

    Examples
    --------
    >>> g = Game([[2, 0], [3, 1]], [[3, 0], [0, 1]],
    ...          actions=(["high", "low"], ["buy", "shun"]))
    >>> r = reputation_bound(g, "high", Fraction(1, 100), Fraction(9, 10))
    >>> r.N, r.pi_bar, r.bound
    (3, Fraction(1, 4), Fraction(729, 500))
    """
    require_numeric(game, "reputation_bound")
    i = game.action_index(0, commitment)
    mu, e1 = between("prior", prior, True, False)
    dl, e2 = between("delta", delta, True, True)
    m, n = game.shape
    small = math.comb(m + n - 1, m - 1) * n <= _MAX_VERTICES
    if game.is_exact and e1 and e2 and small:
        A: Any = game.exact_A
        B: Any = game.exact_B
        row = list(B[i])
        responses = [c for c in range(n) if row[c] == max(row)]
        outside = [c for c in range(n) if c not in responses]
        pi_bar: Fraction | float = _pi_bar_exact(B.tolist(), i, outside)
        mu_v: Fraction | float = mu
        dl_v: Fraction | float = dl
    else:
        A, B = game.A, game.B
        tol = game.tolerance()
        responses = [c for c in range(n) if B[i, c] >= B[i].max() - tol]
        outside = [c for c in range(n) if c not in responses]
        pi_bar = _pi_bar_float(B, i, outside)
        mu_v, dl_v = float(mu), float(dl)
    u_star = min(A[i][c] for c in responses)
    u_min = min(A[i][c] for c in range(n))
    N = _surprises(mu_v, pi_bar)
    weight = dl_v**N
    return ReputationBound(
        bound=weight * u_star + (1 - weight) * u_min,
        N=N,
        pi_bar=pi_bar,
        u_star=u_star if isinstance(u_star, Fraction) else float(u_star),
        u_min=u_min if isinstance(u_min, Fraction) else float(u_min),
        commitment=game.actions[0][i],
        responses=tuple(game.actions[1][c] for c in responses),
        prior=mu_v,
        delta=dl_v,
    )
