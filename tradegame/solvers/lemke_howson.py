r"""One Nash equilibrium of a large game: exact Lemke--Howson with lexicographic pivoting.

Enumerating every equilibrium (:func:`tradegame.solvers.stage.equilibria`)
grows exponentially with the game. The Lemke--Howson algorithm (Lemke and
Howson 1964) follows one path of complementary pivots from the artificial
equilibrium to a Nash equilibrium instead. Each pivot costs polynomial time
and most paths in random games are short: from label 0, random 50 x 50 games
with payoffs 0 to 99 take about 10 ms (median) and 100 x 100 games about
50 ms. Some paths are much longer, though, and some games are built so that
every path is exponentially long (Savani and von Stengel 2006); see
``max_pivots`` in :func:`lemke_howson_path`.

Polytopes and labels
--------------------
As in :mod:`tradegame.solvers.exact_vertices`: with payoffs made positive,

.. math::

    P = \{x \ge 0 : B^\top x \le 1\}, \qquad Q = \{y \ge 0 : A y \le 1\}.

The labels ``0, ..., m - 1`` are the row player's actions and
``m, ..., m + n - 1`` the column player's (label ``m + j`` is column action
``j``), the convention of nashpy and QuantEcon. A point of :math:`P` has the
label :math:`i` when :math:`x_i = 0` and :math:`m + j` when
:math:`(B^\top x)_j = 1`; a point of :math:`Q` has the label :math:`i` when
:math:`(A y)_i = 1` and :math:`m + j` when :math:`y_j = 0`. The pair
:math:`(0, 0)` carries every label (the artificial equilibrium). Dropping the
label ``label`` and then, at each step, the label that became duplicate, the
algorithm walks along edges of :math:`P \times Q` until the dropped label is
picked up again: the pair it reaches carries every label, which after
normalisation is a Nash equilibrium (von Stengel 2002, sections 2.3 to 2.5).

Exact arithmetic
----------------
Each polytope is a simplex tableau of integers, pivoted without division
(integer pivoting: von Stengel 2002, section 2.5; Avis, Rosenberg, Savani and
von Stengel 2010; Bareiss 1968). Every entry stays an integer, a
subdeterminant of the original tableau, so no round-off can arise and there is
no tolerance anywhere. Only a ``k`` x ``k`` core of each tableau is stored
and updated, ``k`` the number of basic probability variables (the size of the
current support, in a nondegenerate game); the column of the entering variable
is recomputed from it, so a pivot takes :math:`O((m + n) k + k^2)` integer
operations rather than :math:`O(mn)`.

The payoffs are first brought to a canonical integer form: each matrix
minus its smallest entry, divided by the greatest common divisor (as a
rational number) of the differences, plus 1. A positive affine
transformation of a player's payoffs, :math:`aA + b` with :math:`a > 0`,
changes neither the equilibria nor this form, so it changes neither the
pivots nor the equilibrium found. An exact game (:attr:`Game.is_exact`) uses
its fractions; a numeric game's float payoffs are converted exactly, with
``Fraction(float)``, so the answer is an exact equilibrium of the game with
exactly those binary floating-point payoffs (its fractions can then have
numerators and denominators of a hundred digits or more).

Degeneracy
----------
In a degenerate game the minimum ratio test can tie, and a naive tie-break can
cycle. Here ties are broken by the lexicographic rule (Dantzig, Orden and
Wolfe 1955; von Stengel 2002, section 2.6): among the tied rows, the one whose
row of the basis inverse, divided by the pivot-column entry, is
lexicographically smallest. This is the simplex method on a game whose
right-hand sides are perturbed by :math:`(\varepsilon, \varepsilon^2, \ldots)`,
which is nondegenerate, so every path is a simple path and the algorithm always
terminates. The test compares integers only (cross-multiplied ratios).

Importing this module loads numpy only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.game import Game
from tradegame.solvers._common import require_numeric
from tradegame.solvers.stage import Equilibrium

__all__ = ["LemkeHowsonPath", "lemke_howson", "lemke_howson_all", "lemke_howson_path"]

IntMatrix = list[list[int]]
ObjectArray = npt.NDArray[np.object_]


@dataclass(frozen=True)
class LemkeHowsonPath:
    """The end of one Lemke--Howson path.

    Attributes
    ----------
    equilibrium : Equilibrium or None
        The Nash equilibrium the path reaches, with exact fractions filled in;
        None when the path was stopped at ``max_pivots``.
    label : int
        The label dropped first: ``0, ..., m - 1`` a row action, ``m, ...,
        m + n - 1`` a column action.
    pivots : int
        The number of pivots made, both tableaux together.
    converged : bool
        True when the path reached its equilibrium. Every path does, given
        enough pivots; it is False only when ``max_pivots`` stopped it first.
    """

    equilibrium: Equilibrium | None
    label: int
    pivots: int
    converged: bool


def _exact_payoffs(g: Game) -> tuple[list[list[Fraction]], list[list[Fraction]]]:
    """The payoffs as fractions: the exact entries, or the floats converted exactly."""
    if g.exact_A is not None and g.exact_B is not None:
        return g.exact_A.tolist(), g.exact_B.tolist()
    return (
        [[Fraction(float(v)) for v in row] for row in g.A],
        [[Fraction(float(v)) for v in row] for row in g.B],
    )


def _canonical(M: Sequence[Sequence[Fraction]]) -> IntMatrix:
    """``(M - min M) / d + 1`` as integers, ``d`` the rational gcd of the differences.

    The smallest entry becomes 1 (both polytopes are then bounded) and the
    result is the same for ``M`` and for ``a * M + b``, ``a > 0``.
    """
    scale = math.lcm(*(v.denominator for row in M for v in row))
    nums = [[v.numerator * (scale // v.denominator) for v in row] for row in M]
    low = min(min(row) for row in nums)
    step = math.gcd(*(v - low for row in nums for v in row)) or 1
    return [[(v - low) // step + 1 for v in row] for row in nums]


class _Tableau:
    r"""The polytope :math:`\{z \ge 0 : M z \le 1\}` as a revised integer tableau.

    The variables are :math:`z_v` (``v < V``) and the slacks
    :math:`w_c = 1 - (M z)_c` (``c < C``). A basis has ``k`` basic variables
    ``X`` and ``k`` nonbasic slacks ``J`` (the tight constraints); the other
    slacks are basic. With :math:`K = M_{J,X}`, the full integer tableau is
    ``det`` times the basis inverse times :math:`[M \; I \; 1]`, ``det`` the
    last pivot element. Only its core ``D`` (rows ``X``, columns ``J``: ``det``
    times :math:`K^{-1}`) and its right-hand side are kept; the column of the
    entering variable is computed from them in :math:`O(Ck)` operations, so a
    pivot costs :math:`O(Ck + k^2)` instead of :math:`O(CV)`. Equilibria of
    large games have small supports, so ``k`` is usually small.
    """

    def __init__(self, M: IntMatrix, var_labels: range, slack_labels: range) -> None:
        self.M = np.array(M, dtype=object)
        self.var_labels, self.slack_labels = var_labels, slack_labels
        self.X: list[int] = []  # basic variables: the rows of D
        self.J: list[int] = []  # tight constraints (nonbasic slacks): the columns of D
        self.D = np.zeros((0, 0), dtype=object)
        self.rhs = np.ones(len(M), dtype=object)  # basic slacks, by constraint (0 on J)
        self.rhs_x = np.zeros(0, dtype=object)  # basic variables, in the order of X
        self.det = 1

    def _slack_rows(self, core: ObjectArray, MX: ObjectArray) -> ObjectArray:
        """The slack rows of a column whose variable rows are ``core``, times ``det``."""
        out = -(MX @ core)
        out[self.J] = 0
        return out

    def _inverse_column(self, c: int, MX: ObjectArray) -> ObjectArray:
        """Column ``c`` of the basis inverse, times ``det``: variable rows, then slack rows."""
        if c in self.J:
            core = self.D[:, self.J.index(c)]
            return np.concatenate([core, self._slack_rows(core, MX)])
        out = np.zeros(len(self.X) + len(self.M), dtype=object)
        out[len(self.X) + c] = self.det
        return out

    def pivot(self, label: int) -> int:
        """Bring the variable ``label`` into the basis; return the label that leaves."""
        M, D, X, J, det = self.M, self.D, self.X, self.J, self.det
        k, C = len(X), len(M)
        MX = M[:, X]
        if label in self.var_labels:  # a variable z_v enters
            a = M[:, label - self.var_labels.start]
            d_x = D @ a[J]
            d_s = a * det - MX @ d_x
            d_s[J] = 0
        else:  # a tight constraint's slack enters
            q = J.index(label - self.slack_labels.start)
            d_x = D[:, q].copy()
            d_s = self._slack_rows(d_x, MX)
        d = np.concatenate([d_x, d_s])
        rhs = np.concatenate([self.rhs_x, self.rhs])
        rows = [r for r in range(k + C) if d[r] > 0]
        if not rows:  # pragma: no cover - positive payoffs keep both polytopes bounded
            raise ArithmeticError("Lemke-Howson: an unbounded edge; the payoffs are not positive")
        rows = _argmin_ratio(rhs, d, rows)
        for c in range(C):  # lexicographic tie-break: the rows of the basis inverse
            if len(rows) == 1:
                break
            rows = _argmin_ratio(self._inverse_column(c, MX), d, rows)
        rho = rows[0]
        p = d[rho]
        t = D[rho] if rho < k else -(M[rho - k, X] @ D)  # the pivot row's core entries
        new = (rhs * p - d * rhs[rho]) // det
        new[rho] = rhs[rho]
        U = (D * p - np.multiply.outer(d_x, t)) // det
        rhs_x, self.rhs = new[:k], new[k:]
        if label in self.var_labels:
            v = label - self.var_labels.start
            if rho >= k:  # the variable enters and a slack leaves: the core grows
                c0 = rho - k
                leaving = self.slack_labels.start + c0
                grown = np.empty((k + 1, k + 1), dtype=object)
                grown[:k, :k], grown[:k, k], grown[k, :k], grown[k, k] = U, -d_x, t, det
                U = grown
                X.append(v)
                J.append(c0)
                rhs_x = np.append(rhs_x, rhs[rho])
                self.rhs[c0] = 0
            else:  # a variable replaces a variable
                leaving = self.var_labels.start + X[rho]
                U[rho] = t
                X[rho] = v
        else:
            entering = label - self.slack_labels.start
            if rho >= k:  # a slack replaces a slack among the tight constraints
                c0 = rho - k
                leaving = self.slack_labels.start + c0
                U[:, q] = -d_x
                J[q] = c0
                self.rhs[entering], self.rhs[c0] = rhs[rho], 0
            else:  # the slack enters and a variable leaves: the core shrinks
                leaving = self.var_labels.start + X[rho]
                U = np.delete(np.delete(U, rho, axis=0), q, axis=1)
                del X[rho], J[q]
                rhs_x = np.delete(rhs_x, rho)
                self.rhs[entering] = rhs[rho]
        self.D, self.rhs_x, self.det = U, rhs_x, p
        return leaving

    def values(self, size: int) -> list[int]:
        """The values of the variables, times ``det`` (0 when nonbasic)."""
        out = [0] * size
        for v, value in zip(self.X, self.rhs_x, strict=True):
            out[v] = int(value)
        return out


def _argmin_ratio(num: ObjectArray, den: ObjectArray, rows: list[int]) -> list[int]:
    """The rows among ``rows`` with the least ``num[r] / den[r]`` (``den[r] > 0``)."""
    best = [rows[0]]
    a, b = num[rows[0]], den[rows[0]]
    for r in rows[1:]:
        c, d = num[r], den[r]
        diff = c * b - a * d  # the sign of c / d - a / b
        if diff < 0:
            best, a, b = [r], c, d
        elif diff == 0:
            best.append(r)
    return best


def _best_responses(M: IntMatrix, z: Sequence[int], support: Sequence[int]) -> bool:
    """Whether every row in ``support`` attains the largest entry of ``M z`` (integers)."""
    gains = [sum(v * w for v, w in zip(row, z, strict=True) if w) for row in M]
    top = max(gains)
    return all(gains[i] == top for i in support)


def _path(
    A: IntMatrix, B: IntMatrix, label: int, max_pivots: int | None = None
) -> tuple[list[int], list[int], int] | int:
    """Follow the path that drops ``label``: unnormalised ``x``, ``y`` and the pivot count.

    Only the pivot count when ``max_pivots`` pivots did not reach the end.
    """
    m, n = len(A), len(A[0])
    B_T = [list(col) for col in zip(*B, strict=True)]
    P = _Tableau(B_T, range(m), range(m, m + n))  # B^T x <= 1: the slacks are the columns
    Q = _Tableau(A, range(m, m + n), range(m))  # A y <= 1: the slacks are the rows
    tableau, other = (P, Q) if label < m else (Q, P)
    enter, pivots = label, 0
    while True:
        if pivots == max_pivots:
            return pivots
        leaving = tableau.pivot(enter)
        pivots += 1
        if leaving == label:
            break
        tableau, other, enter = other, tableau, leaving
    x, y = P.values(m), Q.values(n)
    support_x = [i for i, v in enumerate(x) if v]
    support_y = [j for j, v in enumerate(y) if v]
    if not (
        support_x
        and support_y
        and _best_responses(A, y, support_x)
        and _best_responses(B_T, x, support_y)
    ):  # pragma: no cover - a completely labelled pair is an equilibrium
        raise ArithmeticError(f"Lemke-Howson from label {label} ended off equilibrium")
    return x, y, pivots


def _check_max_pivots(max_pivots: Any) -> int | None:
    if max_pivots is not None and (
        isinstance(max_pivots, bool) or not isinstance(max_pivots, int) or max_pivots < 1
    ):
        raise ValueError(f"max_pivots must be None or a whole number >= 1; got {max_pivots!r}")
    return max_pivots


def _check_label(label: Any, m: int, n: int) -> int:
    k = m + n
    if isinstance(label, bool) or not isinstance(label, int | np.integer) or not 0 <= label < k:
        raise ValueError(
            f"label must be a whole number from 0 to {k - 1} (0 to {m - 1} drop a row "
            f"action, {m} to {k - 1} a column action); got {label!r}"
        )
    return int(label)


def _equilibrium(
    A: Sequence[Sequence[Fraction]], B: Sequence[Sequence[Fraction]], x: list[int], y: list[int]
) -> Equilibrium:
    """The exact equilibrium from unnormalised integer strategies."""
    sx, sy = sum(x), sum(y)
    row = tuple(Fraction(v, sx) for v in x)
    col = tuple(Fraction(v, sy) for v in y)
    # Every action in a support is a best response, so it earns the payoff.
    i = next(r for r, v in enumerate(x) if v)
    j = next(c for c, v in enumerate(y) if v)
    u = sum((A[i][c] * q for c, q in enumerate(col) if q), Fraction(0))
    w = sum((B[r][j] * p for r, p in enumerate(row) if p), Fraction(0))
    floats = (
        np.array([float(p) for p in row], dtype=np.float64),
        np.array([float(q) for q in col], dtype=np.float64),
    )
    return Equilibrium(*floats, (float(u), float(w)), row, col, (u, w))


def lemke_howson_path(g: Game, label: int = 0, max_pivots: int | None = None) -> LemkeHowsonPath:
    """The Lemke--Howson path that first drops ``label``: its equilibrium and length.

    Parameters
    ----------
    g : Game
        A numeric or exact game.
    label : int, optional
        The label dropped first (default 0): ``0, ..., m - 1`` are the row
        player's actions, ``m, ..., m + n - 1`` the column player's.
    max_pivots : int, optional
        Stop after this many pivots (default: never). Most paths in random
        games are short, but a few are very long: in one random 100 x 100 game
        with payoffs 0 to 99 the path from label 0 takes 127,965 pivots (about
        100 s) and the path from label 1 takes 43. Trying several labels with
        a limit can then be much faster than following one path to its end.

    Returns
    -------
    LemkeHowsonPath
        The equilibrium reached, exact, the number of pivots, and whether the
        path was completed.

    Raises
    ------
    ValueError
        If the game is symbolic, ``label`` is not in ``0, ..., m + n - 1``, or
        ``max_pivots`` is not a whole number >= 1.

    Examples
    --------
    >>> from tradegame import Game
    >>> g = Game([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> path = lemke_howson_path(g, label=1)
    >>> path.pivots, path.converged
    (4, True)
    >>> lemke_howson_path(g, label=1, max_pivots=3)
    LemkeHowsonPath(equilibrium=None, label=1, pivots=3, converged=False)
    """
    require_numeric(g, "lemke_howson")
    m, n = g.shape
    label = _check_label(label, m, n)
    max_pivots = _check_max_pivots(max_pivots)
    A, B = _exact_payoffs(g)
    end = _path(_canonical(A), _canonical(B), label, max_pivots)
    if isinstance(end, int):
        return LemkeHowsonPath(None, label, end, converged=False)
    x, y, pivots = end
    return LemkeHowsonPath(_equilibrium(A, B, x, y), label, pivots, converged=True)


def lemke_howson(g: Game, label: int = 0) -> Equilibrium:
    r"""One Nash equilibrium of ``g``, exactly, by Lemke--Howson from ``label``.

    Integer pivoting with the lexicographic minimum ratio test: it always
    terminates, degenerate games included, and involves no tolerance (see the
    module notes). Each pivot takes polynomial time; the number of pivots is
    usually small, though it can be exponential in games built for it.

    Parameters
    ----------
    g : Game
        A numeric or exact game. A numeric game's floats are converted exactly
        with ``Fraction(float)``.
    label : int, optional
        The label dropped first (default 0): ``0, ..., m - 1`` are the row
        player's actions, ``m, ..., m + n - 1`` the column player's. Different
        labels may reach different equilibria.

    Returns
    -------
    Equilibrium
        A Nash equilibrium with its exact fields (``exact_row``, ``exact_col``,
        ``exact_payoffs``) filled in, re-checked as a mutual best response in
        integers. It is an extreme equilibrium (a vertex pair).

    Raises
    ------
    ValueError
        If the game is symbolic or ``label`` is not in ``0, ..., m + n - 1``.

    See Also
    --------
    lemke_howson_all : the equilibria from every label.
    tradegame.solvers.stage.equilibria : every extreme equilibrium of a small game.

    Examples
    --------
    >>> from tradegame import Game
    >>> g = Game([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])  # von Stengel 2002
    >>> lemke_howson(g)
    Equilibrium(row=(1, 0, 0), col=(1, 0), payoffs=(3, 3))
    >>> lemke_howson(g, label=1)
    Equilibrium(row=(0, 1/3, 2/3), col=(1/3, 2/3), payoffs=(4, 8/3))
    """
    path = lemke_howson_path(g, label)
    assert path.equilibrium is not None  # no limit on the pivots, so the path ends
    return path.equilibrium


def lemke_howson_all(g: Game, max_pivots: int | None = None) -> list[Equilibrium]:
    r"""The distinct equilibria that Lemke--Howson reaches from each of the ``m + n`` labels.

    A *subset* of the extreme equilibria, not all of them: every path starts at
    the artificial equilibrium, so equilibria reached only from other
    equilibria (for instance the mixed equilibrium of the battle of the sexes)
    are never found. Use :func:`tradegame.solvers.stage.equilibria` for all of
    them in a small game.

    Parameters
    ----------
    g : Game
        A numeric or exact game.
    max_pivots : int, optional
        Abandon any path longer than this (default: none is abandoned); the
        equilibria only such paths reach are then missing.

    Returns
    -------
    list of Equilibrium
        Exact, without duplicates, in the order of the first label that
        reaches each.

    Raises
    ------
    ValueError
        If the game is symbolic or ``max_pivots`` is not a whole number >= 1.

    Examples
    --------
    >>> from tradegame import Game
    >>> for e in lemke_howson_all(Game([[3, 0], [0, 2]], [[2, 0], [0, 3]])):
    ...     print(e)
    Equilibrium(row=(1, 0), col=(1, 0), payoffs=(3, 2))
    Equilibrium(row=(0, 1), col=(0, 1), payoffs=(2, 3))
    """
    require_numeric(g, "lemke_howson_all")
    max_pivots = _check_max_pivots(max_pivots)
    m, n = g.shape
    A, B = _exact_payoffs(g)
    A_int, B_int = _canonical(A), _canonical(B)
    found: dict[tuple[tuple[Fraction, ...], tuple[Fraction, ...]], Equilibrium] = {}
    for label in range(m + n):
        end = _path(A_int, B_int, label, max_pivots)
        if isinstance(end, int):
            continue  # stopped at max_pivots
        e = _equilibrium(A, B, *end[:2])
        assert e.exact_row is not None and e.exact_col is not None
        found.setdefault((e.exact_row, e.exact_col), e)
    return list(found.values())
