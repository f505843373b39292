r"""Stage-game solvers: Nash equilibria, minmax values and dominance.

Index conventions
-----------------
As in :mod:`tradegame.game`: ``A[i, j]`` and ``B[i, j]`` are the row and the column
player's payoffs when the row player plays action ``i`` and the column player
action ``j``. A mixed strategy is a probability vector: ``row`` (:math:`x`) has one
entry per row action and ``col`` (:math:`y`) one per column action. The expected
payoffs are :math:`x^\top A y` and :math:`x^\top B y`.

Tolerance policy
----------------
``tol`` is an absolute tolerance on *payoffs*, by default ``g.tolerance()``, that
is :math:`10^{-9} \max(1, \text{payoff range})`. A strategy pair is an equilibrium
when no pure deviation gains either player more than ``tol``. Probabilities use
fixed absolute tolerances: an action is in the support when its probability
exceeds ``1e-9``, and two equilibria are the same when no probability differs by
more than ``1e-7``. For exact games (:attr:`Game.is_exact`) equilibria and minmax
values are recomputed in :class:`fractions.Fraction` arithmetic
(:mod:`tradegame.solvers.exact`) and checked with no tolerance at all;
:func:`pure_equilibria` always compares payoffs exactly.

Importing this module loads numpy only; nashpy and scipy are imported by the
functions that need them.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.game import Game, to_fraction
from tradegame.solvers import exact

__all__ = [
    "METHODS",
    "DominanceStep",
    "Equilibrium",
    "MinmaxResult",
    "dominance",
    "dominance_steps",
    "equilibria",
    "is_equilibrium",
    "minmax",
    "minmax_strategies",
    "pure_equilibria",
]

FloatArray = npt.NDArray[np.float64]
Pair = tuple[Any, Any]

#: The values accepted by ``equilibria(method=...)``.
METHODS = ("auto", "support", "vertex", "lemke-howson")

_SUPPORT_TOL = 1e-9  # a probability above this puts the action in the support
_DEDUP_TOL = 1e-7  # equilibria closer than this in every probability are the same
_RANK_TOL = 1e-9  # singular values below this (payoffs scaled to [0, 1]) count as zero


def _fmt(values: Iterable[Any]) -> str:
    return "(" + ", ".join(str(v) if isinstance(v, Fraction) else f"{v:.6g}" for v in values) + ")"


def _fractions(values: Iterable[Fraction] | None) -> tuple[Fraction, ...] | None:
    return None if values is None else tuple(values)


@dataclass(frozen=True, eq=False)
class Equilibrium:
    r"""A Nash equilibrium :math:`(x, y)` of a two-player game.

    Attributes
    ----------
    row, col : ndarray of float64
        The row and the column player's mixed strategies (read-only arrays).
    payoffs : tuple of float
        :math:`(x^\top A y, x^\top B y)`.
    exact_row, exact_col, exact_payoffs : tuple of Fraction or None
        The same as fractions, for an exact game.
    """

    row: FloatArray
    col: FloatArray
    payoffs: tuple[float, float]
    exact_row: tuple[Fraction, ...] | None = None
    exact_col: tuple[Fraction, ...] | None = None
    exact_payoffs: tuple[Fraction, Fraction] | None = None

    def __post_init__(self) -> None:
        for name in ("row", "col"):
            array = np.array(getattr(self, name), dtype=np.float64)
            array.setflags(write=False)
            object.__setattr__(self, name, array)
        object.__setattr__(self, "payoffs", (float(self.payoffs[0]), float(self.payoffs[1])))

    @property
    def is_exact(self) -> bool:
        """True when the fractions are filled in."""
        return self.exact_row is not None and self.exact_col is not None

    @property
    def support(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The indices of the actions each player plays with positive probability."""
        if self.exact_row is not None and self.exact_col is not None:
            x, y = np.array(self.exact_row) > 0, np.array(self.exact_col) > 0
        else:
            x, y = self.row > _SUPPORT_TOL, self.col > _SUPPORT_TOL
        return tuple(map(int, np.flatnonzero(x))), tuple(map(int, np.flatnonzero(y)))

    @property
    def is_pure(self) -> bool:
        """True when each player plays a single action."""
        return all(len(s) == 1 for s in self.support)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Equilibrium) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        shown: tuple[Iterable[Any], ...] = (self.row, self.col, self.payoffs)
        if self.exact_row is not None and self.exact_col is not None and self.exact_payoffs:
            shown = (self.exact_row, self.exact_col, self.exact_payoffs)
        return "Equilibrium(row={}, col={}, payoffs={})".format(*map(_fmt, shown))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description; exact values appear as strings such as ``"3/5"``."""
        out: dict[str, Any] = {
            "row": [float(p) for p in self.row],
            "col": [float(q) for q in self.col],
            "payoffs": list(self.payoffs),
            "support": [list(s) for s in self.support],
            "pure": self.is_pure,
        }
        if self.exact_row is not None and self.exact_col is not None and self.exact_payoffs:
            out["exact_row"] = [str(p) for p in self.exact_row]
            out["exact_col"] = [str(q) for q in self.exact_col]
            out["exact_payoffs"] = [str(u) for u in self.exact_payoffs]
        return out


def _require_numeric(g: Game, what: str) -> None:
    if not isinstance(g, Game):
        raise TypeError(f"{what} needs a tradegame.Game; got {type(g).__name__}")
    if g.is_symbolic:
        raise ValueError(
            f"{what} needs numbers, but this game is symbolic: evaluate with .subs() first"
        )


def _tolerance(g: Game, tol: float | None) -> float:
    if tol is None:
        return g.tolerance()
    if not np.isfinite(tol) or tol < 0:
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
    return float(tol)


def _scaled(M: FloatArray, low: float = 0.0) -> FloatArray:
    """``M`` moved by a positive affine map onto ``[low, low + 1]`` (constant -> ``low``)."""
    spread = float(M.max() - M.min())
    return np.full_like(M, low) if spread == 0.0 else low + (M - M.min()) / spread


def _clean(z: Any, size: int) -> FloatArray | None:
    """A probability vector from a solver's output, or None when it is not one."""
    try:
        z = np.asarray(z, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        return None
    if z.size != size or not np.all(np.isfinite(z)) or np.any(z < -_SUPPORT_TOL):
        return None
    z = np.where(z > _SUPPORT_TOL, z, 0.0)
    return None if z.sum() <= 0 else np.asarray(z / z.sum(), dtype=np.float64)


def _unit(k: int, size: int) -> FloatArray:
    e = np.zeros(size)
    e[k] = 1.0
    return e


def _mutual_best(g: Game, x: FloatArray, y: FloatArray, tol: float) -> bool:
    row_gains, col_gains = g.A @ y, x @ g.B
    return bool(row_gains.max() <= x @ row_gains + tol and col_gains.max() <= col_gains @ y + tol)


def _exact_strategy(values: list[Any]) -> list[Fraction] | None:
    """The fractions of ``values`` if every one is exact and they sum exactly to 1."""
    fractions = [to_fraction(v) for v in values]
    exact_values = [f for f in fractions if f is not None]
    if len(exact_values) < len(values) or sum(exact_values) != 1:
        return None
    return exact_values


def is_equilibrium(g: Game, row: Any, col: Any, tol: float | None = None) -> bool:
    r"""Whether the strategies ``row`` and ``col`` are mutual best responses in ``g``.

    Parameters
    ----------
    g : Game
        A numeric or exact game.
    row, col : array_like
        Mixed strategies: nonnegative, summing to 1 (within ``1e-9``).
    tol : float, optional
        No pure deviation may gain more than ``tol``; default ``g.tolerance()``.
        When ``tol`` is not given, ``g`` is exact and both strategies are exact
        (fractions, integers, or short decimals such as ``0.6``) and sum exactly
        to 1, the check is exact, with no tolerance.

    Raises
    ------
    ValueError
        If the game is symbolic or a strategy is not a probability vector of the
        right length.
    """
    _require_numeric(g, "is_equilibrium")
    checked = []
    for who, z, size in (("row", row, g.shape[0]), ("col", col, g.shape[1])):
        raw = list(np.asarray(z, dtype=object).reshape(-1))
        if len(raw) != size:
            raise ValueError(
                f"{who} must have {size} probabilities, one per action; got {len(raw)}"
            )
        try:
            values = np.array([float(v) for v in raw])
        except (TypeError, ValueError):
            raise ValueError(f"{who} must hold numbers; got {raw}") from None
        if not np.all(np.isfinite(values)) or np.any(values < -1e-9):
            raise ValueError(f"{who} must hold finite nonnegative probabilities; got {raw}")
        if abs(values.sum() - 1.0) > 1e-9:
            raise ValueError(f"{who}'s probabilities must sum to 1; they sum to {values.sum()}")
        checked.append((raw, values))
    (x_raw, x), (y_raw, y) = checked
    if tol is None and g.exact_A is not None and g.exact_B is not None:
        x_ex, y_ex = _exact_strategy(x_raw), _exact_strategy(y_raw)
        if x_ex is not None and y_ex is not None:
            return exact.is_equilibrium(g.exact_A, g.exact_B, x_ex, y_ex)
    return _mutual_best(g, x, y, _tolerance(g, tol))


def pure_equilibria(g: Game) -> list[tuple[int, int]]:
    """The pure equilibria ``(i, j)``, by exact comparisons; weak best responses count.

    The exact entries are compared when the game is exact, the float entries
    otherwise (with no tolerance). Sorted by ``(i, j)``.
    """
    _require_numeric(g, "pure_equilibria")
    A = g.exact_A if g.exact_A is not None else g.A
    B = g.exact_B if g.exact_B is not None else g.B
    m, n = g.shape
    return [
        (i, j)
        for i in range(m)
        for j in range(n)
        if A[i, j] == max(A[:, j]) and B[i, j] == max(B[i, :])
    ]


def _pure_candidates(g: Game, tol: float) -> Iterator[Pair]:
    m, n = g.shape
    if g.is_exact:
        pairs = pure_equilibria(g)
    else:
        best_row = g.A.max(axis=0, keepdims=True) - tol <= g.A
        best_col = g.B.max(axis=1, keepdims=True) - tol <= g.B
        pairs = [(int(i), int(j)) for i, j in zip(*np.nonzero(best_row & best_col), strict=True)]
    for i, j in pairs:
        yield _unit(i, m), _unit(j, n)


def _vertex_candidates(g: Game) -> Iterator[Pair]:
    import nashpy

    # nashpy only moves payoffs up to a minimum of 0, which can leave a best-response
    # polytope unbounded; payoffs moved onto [1, 2] keep both polytopes bounded.
    yield from nashpy.Game(_scaled(g.A, 1.0), _scaled(g.B, 1.0)).vertex_enumeration()


def _support_candidates(g: Game) -> Iterator[Pair]:
    # Support enumeration (Nisan et al. 2007, Algorithm 3.4) over supports of equal
    # size. Not nashpy's: nashpy 0.0.43 rejects a solution with a round-off entry such
    # as -1e-17 and so loses equilibria even of generic games.
    m, n = g.shape
    A, B = _scaled(g.A), _scaled(g.B)
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            in_x = np.isin(np.arange(m), rows)
            for cols in itertools.combinations(range(n), k):
                in_y = np.isin(np.arange(n), cols)
                x = _float_vertex(B, in_x, in_y)
                y = None if x is None else _float_vertex(A.T, in_y, in_x)
                if x is not None and y is not None:
                    yield x, y


def _lemke_howson_candidates(g: Game) -> Iterator[Pair]:
    import nashpy

    game = nashpy.Game(_scaled(g.A, 1.0), _scaled(g.B, 1.0))
    for label in range(sum(g.shape)):
        try:
            yield game.lemke_howson(initial_dropped_label=label)
        except (ValueError, IndexError, ArithmeticError):  # pragma: no cover - degenerate pivots
            continue


def _float_vertex(M: FloatArray, support: Any, tight: Any) -> FloatArray | None:
    """Float version of :func:`exact.tight_vertex`; None when the vertex is not unique."""
    k = M.shape[0]
    rows = [_unit(i, k + 1) for i in range(k) if not support[i]]
    rows.append(np.append(np.ones(k), 0.0))
    rows += [np.append(M[:, j], -1.0) for j in range(M.shape[1]) if tight[j]]
    rhs = np.zeros(len(rows))
    rhs[k - int(np.count_nonzero(support))] = 1.0  # the sum-to-one equation
    if np.linalg.matrix_rank(np.array(rows), tol=_RANK_TOL) < k + 1:
        return None  # not a vertex, so not an extreme equilibrium
    return _clean(np.linalg.lstsq(np.array(rows), rhs, rcond=None)[0][:k], k)


def _refine(g: Game, x0: Any, y0: Any, tol: float) -> Equilibrium | None:
    """Check a candidate; drop it unless it is an extreme equilibrium; make it exact."""
    m, n = g.shape
    x, y = _clean(x0, m), _clean(y0, n)
    if x is None or y is None or not _mutual_best(g, x, y, tol):
        return None
    row_gains, col_gains = g.A @ y, x @ g.B
    best_row, best_col = row_gains >= row_gains.max() - tol, col_gains >= col_gains.max() - tol
    in_x, in_y = x > _SUPPORT_TOL, y > _SUPPORT_TOL
    if g.exact_A is not None and g.exact_B is not None:
        found = exact.refine_equilibrium(g.exact_A, g.exact_B, in_x, best_col, in_y, best_row)
        if found is not None:
            ex, ey, u = found
            floats = (np.array(ex, dtype=float), np.array(ey, dtype=float))
            return Equilibrium(*floats, (float(u[0]), float(u[1])), tuple(ex), tuple(ey), u)
    px, py = (
        _float_vertex(_scaled(g.B), in_x, best_col),
        _float_vertex(_scaled(g.A).T, in_y, best_row),
    )
    if px is None or py is None:
        return None
    if _mutual_best(g, px, py, tol):  # keep the polished point when it still checks
        x, y = px, py
    return Equilibrium(x, y, (float(x @ g.A @ y), float(x @ g.B @ y)))


def _near(e: Equilibrium, x: Any, y: Any) -> bool:
    x, y = _clean(x, e.row.size), _clean(y, e.col.size)
    if x is None or y is None:
        return False
    return max(np.abs(e.row - x).max(), np.abs(e.col - y).max()) <= _DEDUP_TOL


def _same(e: Equilibrium, f: Equilibrium) -> bool:
    if e.is_exact and f.is_exact:
        return e.exact_row == f.exact_row and e.exact_col == f.exact_col
    return max(np.abs(e.row - f.row).max(), np.abs(e.col - f.col).max()) <= _DEDUP_TOL


def equilibria(g: Game, method: str = "auto", tol: float | None = None) -> list[Equilibrium]:
    r"""All extreme Nash equilibria of ``g``.

    Every equilibrium is a convex combination of extreme ones in the same maximal
    Nash subset; in a nondegenerate game every equilibrium is extreme.

    Parameters
    ----------
    g : Game
        A numeric or exact game (evaluate a symbolic one with :meth:`Game.subs`).
    method : {"auto", "support", "vertex", "lemke-howson"}
        * ``"vertex"``: nashpy's enumeration of the vertices of the best-response
          polytopes, on payoffs moved onto ``[1, 2]`` so that both polytopes are
          bounded. It finds every extreme equilibrium, degenerate games included.
        * ``"support"``: support enumeration over supports of equal size. In a
          degenerate game it misses extreme equilibria whose two supports differ
          in size. (nashpy's own version is not used: it drops solutions with
          round-off entries such as ``-1e-17``, even in generic games.)
        * ``"lemke-howson"``: Lemke--Howson from every initial dropped label,
          deduplicated. It need not find every equilibrium.
        * ``"auto"`` (default): the union of the pure equilibria, vertex
          enumeration and support enumeration. Vertex enumeration makes the
          answer complete in degenerate games, where support enumeration is not;
          the other two cross-check it against a floating-point miss in Qhull.
          For games of the size modelled here the extra cost is small, and no
          degeneracy test (itself exponential) is needed to choose a method.

        When a player has a single action, every method returns the pure
        equilibria directly (Qhull needs at least two dimensions).
    tol : float, optional
        Payoff tolerance for the best-response checks; default ``g.tolerance()``.

    Returns
    -------
    list of Equilibrium
        Each checked as a mutual best response within ``tol`` and as a vertex pair
        (candidates that are not extreme are dropped), without duplicates, pure
        equilibria first, then by decreasing probability of the lowest-numbered
        actions. For an exact game each equilibrium is recomputed in fractions from
        its supports and tight best-response constraints and verified exactly; its
        float fields are the floats of those fractions.

    Raises
    ------
    ValueError
        If ``method`` is unknown or the game is symbolic.

    Examples
    --------
    >>> from tradegame import Game
    >>> equilibria(Game([[3, 0], [0, 2]], [[2, 0], [0, 3]]))[2]  # battle of the sexes
    Equilibrium(row=(3/5, 2/5), col=(2/5, 3/5), payoffs=(6/5, 6/5))
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of: {', '.join(METHODS)}")
    _require_numeric(g, "equilibria")
    tol = _tolerance(g, tol)
    sources: list[Iterator[Pair]] = {
        "vertex": [_vertex_candidates(g)],
        "support": [_support_candidates(g)],
        "lemke-howson": [_lemke_howson_candidates(g)],
        "auto": [_pure_candidates(g, tol), _vertex_candidates(g), _support_candidates(g)],
    }[method]
    if min(g.shape) == 1:
        sources = [_pure_candidates(g, tol)]
    found: list[Equilibrium] = []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # nashpy's degeneracy warnings
        for source in sources:
            for x, y in source:
                if any(_near(f, x, y) for f in found):
                    continue  # already found: skip the costly refinement
                eq = _refine(g, x, y, tol)
                if eq is not None and not any(_same(eq, f) for f in found):
                    found.append(eq)
    return sorted(found, key=lambda e: (not e.is_pure, tuple(-e.row), tuple(-e.col)))


@dataclass(frozen=True, eq=False)
class MinmaxResult:
    r"""Each player's minmax (punishment) value and the strategies that impose it.

    Attributes
    ----------
    values : tuple of float
        ``values[0]`` is the least payoff the column player can hold the row player
        to, :math:`\min_y \max_i (A y)_i`; ``values[1]`` the least the row player
        can hold the column player to, :math:`\min_x \max_j (x^\top B)_j`.
    punish_row : ndarray of float64
        The column player's strategy that holds the row player to ``values[0]``.
    punish_col : ndarray of float64
        The row player's strategy that holds the column player to ``values[1]``.
    pure : bool
        True when the punisher was restricted to pure actions.
    exact_values, exact_punish_row, exact_punish_col : tuple of Fraction or None
        The same as fractions, for an exact game (see :func:`minmax_strategies`).
    """

    values: tuple[float, float]
    punish_row: FloatArray
    punish_col: FloatArray
    pure: bool = False
    exact_values: tuple[Fraction, Fraction] | None = None
    exact_punish_row: tuple[Fraction, ...] | None = None
    exact_punish_col: tuple[Fraction, ...] | None = None


def _maximin(M: FloatArray) -> tuple[float, FloatArray]:
    r""":math:`\max_p \min_j (p^\top M)_j` over mixed ``p`` on the rows, by dual simplex."""
    from scipy.optimize import linprog

    k, n_cols = M.shape
    res = linprog(  # max w  s.t.  p^T M >= w, sum(p) = 1, p >= 0
        np.append(np.zeros(k), -1.0),
        A_ub=np.column_stack([-M.T, np.ones(n_cols)]),
        b_ub=np.zeros(n_cols),
        A_eq=[np.append(np.ones(k), 0.0)],
        b_eq=[1.0],
        bounds=[(0, None)] * k + [(None, None)],
        method="highs-ds",  # simplex: a vertex solution, so its tight set fixes it
    )
    p = _clean(res.x[:k], k) if res.status == 0 else None
    if p is None:  # pragma: no cover - these LPs are feasible and bounded
        raise RuntimeError(f"linear program failed: {res.message}")
    return float(-res.fun), p


def _zero_sum(M: FloatArray, M_exact: Any) -> tuple[float, FloatArray, Any]:
    """Value and minimiser ``q`` of the zero-sum game on ``M``; ``(value, q)`` exactly or None."""
    N = _scaled(M)  # the same optimal strategies, better conditioned
    p, q = _maximin(N)[1], _maximin(-N.T)[1]
    if M_exact is not None:
        tight_rows, tight_cols = N @ q >= (N @ q).max() - 1e-9, p @ N <= (p @ N).min() + 1e-9
        found = exact.certify_value(M_exact, p > 0, tight_cols, q > 0, tight_rows)
        if found is not None:
            return float(found[0]), np.array(found[1], dtype=float), found
    return float((M @ q).max()), q, None


def minmax_strategies(g: Game, pure: bool = False) -> MinmaxResult:
    r"""Minmax values of both players, with the punishing strategies.

    Mixed punishments (the default) solve linear programs with
    :func:`scipy.optimize.linprog` (dual simplex). For an exact game the optimal
    vertices of the punisher's problem and of its dual are recomputed in fractions
    from their tight constraints, and accepted when the two exact bounds coincide,
    which proves them optimal; the exact fields stay None if that check fails. With
    ``pure=True`` the punisher may only use pure actions: ``values[0]`` is then
    :math:`\min_j \max_i A_{ij}`.

    Raises
    ------
    ValueError
        If the game is symbolic.
    """
    _require_numeric(g, "minmax")
    m, n = g.shape
    exact_A, exact_B = g.exact_A, g.exact_B
    if pure:
        j, i = int(np.argmin(g.A.max(axis=0))), int(np.argmin(g.B.max(axis=1)))
        values = (float(g.A[:, j].max()), float(g.B[i, :].max()))
        if exact_A is None or exact_B is None:
            return MinmaxResult(values, _unit(j, n), _unit(i, m), True)
        units = (
            tuple(Fraction(int(c == j)) for c in range(n)),
            tuple(Fraction(int(r == i)) for r in range(m)),
        )
        return MinmaxResult(
            values, _unit(j, n), _unit(i, m), True, (max(exact_A[:, j]), max(exact_B[i, :])), *units
        )
    v_row, y, y_ex = _zero_sum(g.A, exact_A)
    v_col, x, x_ex = _zero_sum(g.B.T, None if exact_B is None else exact_B.T)
    if y_ex is None or x_ex is None:
        return MinmaxResult((v_row, v_col), y, x)
    exact_values = (y_ex[0], x_ex[0])
    return MinmaxResult((v_row, v_col), y, x, False, exact_values, tuple(y_ex[1]), tuple(x_ex[1]))


def minmax(g: Game, pure: bool = False) -> tuple[float, float]:
    r"""Each player's minmax (punishment) value, ``(row's, column's)``.

    The least payoff the opponent can hold a player to when that player best
    responds: :math:`\min_y \max_i (A y)_i` for the row player and
    :math:`\min_x \max_j (x^\top B)_j` for the column player. With ``pure=True``
    the punisher may only use pure actions. :func:`minmax_strategies` also gives
    the punishing strategies and, for an exact game, the exact values.

    Examples
    --------
    >>> from tradegame import Game
    >>> minmax(Game([[1, -1], [-1, 1]]))  # matching pennies
    (0.0, 0.0)
    """
    return minmax_strategies(g, pure=pure).values


@dataclass(frozen=True)
class DominanceStep:
    """One elimination: ``player`` (0 row, 1 column) drops ``action``.

    ``by`` is the dominating strategy, as ``(action name, probability)`` pairs over
    the actions that survived until this step.
    """

    player: int
    action: str
    by: tuple[tuple[str, float], ...]


def _dominator(U: FloatArray, U_exact: Any, k: int, mixed: bool, tol: float) -> Any:
    """A strategy over the rows of ``U`` that strictly dominates row ``k``, or None."""
    others = [r for r in range(U.shape[0]) if r != k]
    for r in others:  # pure dominance first: it needs no linear program
        if U_exact is not None:
            if all(a > b for a, b in zip(U_exact[r], U_exact[k], strict=True)):
                return _unit(r, U.shape[0])
        elif np.all(U[r] > U[k] + tol):
            return _unit(r, U.shape[0])
    if not mixed or len(others) < 2:
        return None
    spread = float(U.max() - U.min()) or 1.0
    margin, p = _maximin((U[others] - U[k]) / spread)  # best smallest margin of a mixture
    if margin * spread <= tol:
        return None
    if U_exact is not None:  # the float mixture, read exactly, must dominate exactly
        weights = [Fraction(float(w)) for w in p]
        mix = exact.dot([w / sum(weights) for w in weights], [U_exact[r] for r in others])
        if not all(a > b for a, b in zip(mix, U_exact[k], strict=True)):
            return None
    full = np.zeros(U.shape[0])
    full[others] = p
    return full


def _eliminate(g: Game, mixed: bool, tol: float | None) -> tuple[list[int], list[int], list[Any]]:
    _require_numeric(g, "dominance")
    tol = _tolerance(g, tol)
    alive = [list(range(g.shape[0])), list(range(g.shape[1]))]
    own_payoffs = [(g.A, g.exact_A), (g.B.T, None if g.exact_B is None else g.exact_B.T)]
    steps: list[DominanceStep] = []
    changed = True
    while changed:
        changed = False
        for player, (M, M_exact) in enumerate(own_payoffs):
            own, other, names, k = alive[player], alive[1 - player], g.actions[player], 0
            while k < len(own) and len(own) > 1:
                U_exact = None if M_exact is None else M_exact[np.ix_(own, other)]
                by = _dominator(M[np.ix_(own, other)], U_exact, k, mixed, tol)
                if by is None:
                    k += 1
                    continue
                mixture = tuple((names[a], float(w)) for a, w in zip(own, by, strict=True) if w > 0)
                steps.append(DominanceStep(player, names[own.pop(k)], mixture))
                changed, k = True, 0
    return alive[0], alive[1], steps


def dominance_steps(g: Game, mixed: bool = True, tol: float | None = None) -> list[DominanceStep]:
    """The eliminations :func:`dominance` makes, in order."""
    return _eliminate(g, mixed, tol)[2]


def dominance(g: Game, mixed: bool = True, tol: float | None = None) -> Game:
    r"""Iterated elimination of strictly dominated actions; returns the reduced game.

    The players take turns (row first) removing, one at a time, an action strictly
    dominated by another action or, when ``mixed`` is True, by a mixture of the
    other surviving actions (a linear program maximising the smallest margin). An
    action is dominated when the margin exceeds ``tol`` (default
    ``g.tolerance()``); in an exact game pure dominance is checked exactly, and a
    dominating mixture must also dominate exactly in fractions. The outcome of
    iterated *strict* dominance does not depend on the order of elimination.

    Returns
    -------
    Game
        The surviving actions with their names, the players' names and, for an
        exact game, the exact payoffs.

    Examples
    --------
    >>> from tradegame import Game
    >>> dominance(Game([[3, 0], [5, 1]], [[3, 5], [0, 1]])).actions  # prisoner's dilemma
    (('r1',), ('c1',))
    """
    rows, cols = _eliminate(g, mixed, tol)[:2]
    A: Any = g.A[np.ix_(rows, cols)]
    B: Any = g.B[np.ix_(rows, cols)]
    if g.exact_A is not None and g.exact_B is not None:
        A, B = g.exact_A[np.ix_(rows, cols)].tolist(), g.exact_B[np.ix_(rows, cols)].tolist()
    actions = ([g.actions[0][i] for i in rows], [g.actions[1][j] for j in cols])
    return Game(A, B, actions=actions, players=g.players, point=g.point)
