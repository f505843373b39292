r"""Stage-game solvers: Nash equilibria.

Minmax values are in :mod:`tradegame.solvers.minmax`, iterated dominance in
:mod:`tradegame.solvers.dominance`.

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
(:mod:`tradegame.solvers.exact`) and checked with no tolerance at all; with
the default method they are found in integer arithmetic in the first place
(:mod:`tradegame.solvers.exact_vertices`), so ``tol`` plays no part.
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

from tradegame.game import Game, latex_entry, to_fraction
from tradegame.solvers import exact, exact_vertices
from tradegame.solvers._common import (
    SUPPORT_TOL,
    FloatArray,
    clean,
    require_numeric,
    scaled,
    tolerance,
    unit,
)

__all__ = ["METHODS", "Equilibrium", "equilibria", "is_equilibrium", "pure_equilibria"]

Pair = tuple[Any, Any]

#: The values accepted by ``equilibria(method=...)``.
METHODS = ("auto", "enumeration", "support", "vertex", "lemke-howson")

#: The default limit on C(m + n, m), the candidate bases (or support pairs) that
#: enumerating every equilibrium visits: a 10 x 10 game has 184,756, solved
#: exactly in about 15 s on a laptop.
MAX_BASES = 200_000
_ENUMERATING = ("auto", "enumeration", "support")

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
            return (
                tuple(i for i, p in enumerate(self.exact_row) if p.numerator > 0),
                tuple(j for j, q in enumerate(self.exact_col) if q.numerator > 0),
            )
        x, y = self.row > SUPPORT_TOL, self.col > SUPPORT_TOL
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

    def _repr_latex_(self) -> str:
        """The strategies and payoffs as LaTeX math, for notebooks (fractions when exact)."""
        row, col, pay = self.exact_row, self.exact_col, self.exact_payoffs
        shown = (row, col, pay) if row and col and pay else (self.row, self.col, self.payoffs)
        x, y, u = (r",\ ".join(latex_entry(v) for v in part) for part in shown)
        return rf"$x = ({x}),\quad y = ({y}),\quad (x^\top A y,\ x^\top B y) = ({u})$"

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
    require_numeric(g, "is_equilibrium")
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
    return _mutual_best(g, x, y, tolerance(g, tol))


def pure_equilibria(g: Game) -> list[tuple[int, int]]:
    """The pure equilibria ``(i, j)``, by exact comparisons; weak best responses count.

    The exact entries are compared when the game is exact, the float entries
    otherwise (with no tolerance). Sorted by ``(i, j)``.
    """
    require_numeric(g, "pure_equilibria")
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
        yield unit(i, m), unit(j, n)


def _vertex_candidates(g: Game) -> Iterator[Pair]:
    import nashpy

    # nashpy only moves payoffs up to a minimum of 0, which can leave a best-response
    # polytope unbounded; payoffs moved onto [1, 2] keep both polytopes bounded.
    yield from nashpy.Game(scaled(g.A, 1.0), scaled(g.B, 1.0)).vertex_enumeration()


def _support_candidates(g: Game) -> Iterator[Pair]:
    # Support enumeration (Nisan et al. 2007, Algorithm 3.4) over supports of equal
    # size. Not nashpy's: nashpy 0.0.43 rejects a solution with a round-off entry such
    # as -1e-17 and so loses equilibria even of generic games.
    m, n = g.shape
    A, B = scaled(g.A), scaled(g.B)
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            in_x = np.isin(np.arange(m), rows)
            for cols in itertools.combinations(range(n), k):
                in_y = np.isin(np.arange(n), cols)
                x = _float_vertex(B, in_x, in_y)
                y = None if x is None else _float_vertex(A.T, in_y, in_x)
                if x is not None and y is not None:
                    yield x, y


def _lemke_howson(g: Game) -> list[Equilibrium]:
    """Exact Lemke--Howson from every label; plain floats for a numeric game."""
    from tradegame.solvers.lemke_howson import lemke_howson_all

    found = lemke_howson_all(g)
    if not g.is_exact:  # fractions of binary floats: report floats, as the other methods do
        found = [Equilibrium(e.row, e.col, e.payoffs) for e in found]
    return sorted(found, key=_order)


def _float_vertex(M: FloatArray, support: Any, tight: Any) -> FloatArray | None:
    """Float version of :func:`exact.tight_vertex`; None when the vertex is not unique."""
    k = M.shape[0]
    rows = [unit(i, k + 1) for i in range(k) if not support[i]]
    rows.append(np.append(np.ones(k), 0.0))
    rows += [np.append(M[:, j], -1.0) for j in range(M.shape[1]) if tight[j]]
    rhs = np.zeros(len(rows))
    rhs[k - int(np.count_nonzero(support))] = 1.0  # the sum-to-one equation
    if np.linalg.matrix_rank(np.array(rows), tol=_RANK_TOL) < k + 1:
        return None  # not a vertex, so not an extreme equilibrium
    return clean(np.linalg.lstsq(np.array(rows), rhs, rcond=None)[0][:k], k)


def _refine(g: Game, x0: Any, y0: Any, tol: float) -> Equilibrium | None:
    """Check a candidate; drop it unless it is an extreme equilibrium; make it exact."""
    m, n = g.shape
    x, y = clean(x0, m), clean(y0, n)
    if x is None or y is None or not _mutual_best(g, x, y, tol):
        return None
    row_gains, col_gains = g.A @ y, x @ g.B
    best_row, best_col = row_gains >= row_gains.max() - tol, col_gains >= col_gains.max() - tol
    in_x, in_y = x > SUPPORT_TOL, y > SUPPORT_TOL
    if g.exact_A is not None and g.exact_B is not None:
        found = exact.refine_equilibrium(g.exact_A, g.exact_B, in_x, best_col, in_y, best_row)
        if found is not None:
            ex, ey, u = found
            floats = (np.array(ex, dtype=float), np.array(ey, dtype=float))
            return Equilibrium(*floats, (float(u[0]), float(u[1])), tuple(ex), tuple(ey), u)
    px, py = (
        _float_vertex(scaled(g.B), in_x, best_col),
        _float_vertex(scaled(g.A).T, in_y, best_row),
    )
    if px is None or py is None:
        return None
    if _mutual_best(g, px, py, tol):  # keep the polished point when it still checks
        x, y = px, py
    return Equilibrium(x, y, (float(x @ g.A @ y), float(x @ g.B @ y)))


def _per_player_units(g: Game, method: str) -> list[Equilibrium]:
    """The equilibria of a float game, solved with each player's payoffs on [0, 1].

    One tolerance for both players (``g.tolerance()``, from the joint range)
    would tie every payoff of a player whose payoffs are in much smaller units
    than the other's, and lose the equilibria; per-player units keep both
    players' comparisons relative to their own range. The payoffs reported are
    the original game's.
    """
    A, B = scaled(g.A), scaled(g.B)
    found = _enumerate(Game(A, B, players=g.players, actions=g.actions), method, 1e-9)
    return [
        Equilibrium(e.row, e.col, (float(e.row @ g.A @ e.col), float(e.row @ g.B @ e.col)))
        for e in found
    ]


def _near(e: Equilibrium, x: Any, y: Any) -> bool:
    x, y = clean(x, e.row.size), clean(y, e.col.size)
    if x is None or y is None:
        return False
    return max(np.abs(e.row - x).max(), np.abs(e.col - y).max()) <= _DEDUP_TOL


def _same(e: Equilibrium, f: Equilibrium) -> bool:
    if e.is_exact and f.is_exact:
        return e.exact_row == f.exact_row and e.exact_col == f.exact_col
    return max(np.abs(e.row - f.row).max(), np.abs(e.col - f.col).max()) <= _DEDUP_TOL


def _closed_form_candidates(g: Game) -> Iterator[Pair]:
    """Every extreme equilibrium of a 2x2 game, from the closed forms over arrays."""
    from tradegame.solvers.batch import equilibria_batch

    eq = equilibria_batch(g.A[None], g.B[None])
    for k in range(int(eq.count[0])):
        x, y = float(eq.row[0, k]), float(eq.col[0, k])
        yield np.array([x, 1.0 - x]), np.array([y, 1.0 - y])


def _order(e: Equilibrium) -> tuple[bool, tuple[float, ...], tuple[float, ...]]:
    """Pure equilibria first, then by decreasing probability of the first actions."""
    return (not e.is_pure, tuple(-e.row), tuple(-e.col))


def _exact_enumeration(A: list[list[Fraction]], B: list[list[Fraction]]) -> list[Equilibrium]:
    ordered = []
    for x, y, u in exact_vertices.extreme_equilibria(A, B):
        row, col = (
            [p.numerator / p.denominator for p in x],
            [q.numerator / q.denominator for q in y],
        )
        pure = sum(p.numerator != 0 for p in x) == 1 and sum(q.numerator != 0 for q in y) == 1
        key = (not pure, tuple(-p for p in row), tuple(-q for q in col))  # as _order
        ordered.append((key, row, col, x, y, u))
    ordered.sort(key=lambda item: item[0])
    return [
        Equilibrium(np.array(row), np.array(col), (float(u[0]), float(u[1])), x, y, u)
        for _, row, col, x, y, u in ordered
    ]


def _check_size(g: Game, method: str, max_bases: int) -> None:
    if isinstance(max_bases, bool) or not isinstance(max_bases, int) or max_bases < 1:
        raise ValueError(f"max_bases must be a whole number >= 1; got {max_bases!r}")
    count = exact_vertices.bases(*g.shape)
    if method in _ENUMERATING and count > max_bases:
        m, n = g.shape
        raise ValueError(
            f"equilibria: a {m}x{n} game has C({m + n}, {m}) = {count:.3g} candidate bases, "
            f"more than max_bases={max_bases}; enumerating every equilibrium grows "
            "exponentially with the game (a 10x10 game has 184756). Use "
            'method="lemke-howson" for some of them (exact, one per initial label, '
            "polynomial time per pivot), or raise max_bases to wait longer"
        )


def equilibria(
    g: Game, method: str = "auto", tol: float | None = None, max_bases: int = MAX_BASES
) -> list[Equilibrium]:
    r"""All extreme Nash equilibria of ``g``.

    Every equilibrium is a convex combination of extreme ones in the same maximal
    Nash subset; in a nondegenerate game every equilibrium is extreme.

    Parameters
    ----------
    g : Game
        A numeric or exact game (evaluate a symbolic one with :meth:`Game.subs`).
    method : {"auto", "enumeration", "support", "vertex", "lemke-howson"}
        * ``"vertex"``: nashpy's enumeration of the vertices of the best-response
          polytopes, on payoffs moved onto ``[1, 2]`` so that both polytopes are
          bounded. It finds every extreme equilibrium, degenerate games included.
        * ``"support"``: support enumeration over supports of equal size. In a
          degenerate game it misses extreme equilibria whose two supports differ
          in size. (nashpy's own version is not used: it drops solutions with
          round-off entries such as ``-1e-17``, even in generic games.)
        * ``"lemke-howson"``: exact Lemke--Howson with lexicographic pivoting
          (:func:`tradegame.solvers.lemke_howson.lemke_howson_all`) from every
          initial dropped label, deduplicated. It need not find every
          equilibrium, but it is not limited by ``max_bases``: each path takes
          polynomial time per pivot, for games of 100 x 100 and more.
        * ``"auto"`` (default): for an exact game, the exact vertex enumeration
          of :mod:`tradegame.solvers.exact_vertices`: integer arithmetic, no
          tolerance, complete in degenerate games. For a numeric (float) game,
          the union of the pure equilibria, vertex enumeration and support
          enumeration: vertex enumeration makes the answer complete in
          degenerate games, where support enumeration is not, and the other two
          cross-check it against a floating-point miss in Qhull; a numeric 2x2
          game takes the closed forms of :mod:`tradegame.solvers.batch`
          (complete, degenerate games included) instead of the two enumerations.
        * ``"enumeration"``: the float union above, for every game, exact or
          not, and without the 2x2 closed forms: an independent check of both
          fast paths.

        When a player has a single action, every method returns the pure
        equilibria directly (Qhull needs at least two dimensions).

        Enumerating every equilibrium visits up to :math:`\binom{m+n}{m}`
        bases or support pairs, which grows exponentially: see ``max_bases``.
    tol : float, optional
        Payoff tolerance for the best-response checks, in payoff units. By
        default each player's payoffs are moved onto ``[0, 1]`` (which leaves
        the equilibria unchanged) and compared within ``1e-9``: the tolerance
        is 1e-9 times that player's own payoff range, so payoffs in units of
        1e9 for one player and of 1 for the other, or a whole game in units of
        1e-12, are resolved as well as a game of small integers.
    max_bases : int, optional
        The most candidate bases, :math:`\binom{m+n}{m}`, that ``"auto"``,
        ``"enumeration"`` and ``"support"`` may visit (default
        :data:`MAX_BASES`, about a 10 x 10 game); a larger game raises
        ValueError naming the limit and the alternatives, instead of running
        for hours.

    Returns
    -------
    list of Equilibrium
        Each a mutual best response (within ``tol`` for a float game) and a vertex pair
        (candidates that are not extreme are dropped), without duplicates, pure
        equilibria first, then by decreasing probability of the lowest-numbered
        actions. For an exact game every equilibrium is exact (fractions, verified
        with no tolerance: found so by ``"auto"`` and ``"lemke-howson"``, recomputed
        from its supports and tight best-response constraints by the other
        methods); its float fields are the floats of those fractions.

    Raises
    ------
    ValueError
        If ``method`` is unknown, the game is symbolic, or an enumerating
        method would visit more than ``max_bases`` bases.

    Examples
    --------
    >>> from tradegame import Game
    >>> equilibria(Game([[3, 0], [0, 2]], [[2, 0], [0, 3]]))[2]  # battle of the sexes
    Equilibrium(row=(3/5, 2/5), col=(2/5, 3/5), payoffs=(6/5, 6/5))
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of: {', '.join(METHODS)}")
    require_numeric(g, "equilibria")
    _check_size(g, method, max_bases)
    if method == "auto" and g.exact_A is not None and g.exact_B is not None:
        tolerance(g, tol)  # still reject a bad tol, though exact answers need none
        return _exact_enumeration(g.exact_A.tolist(), g.exact_B.tolist())
    if tol is None and g.exact_A is None and min(g.shape) > 1 and method != "lemke-howson":
        return _per_player_units(g, method)
    if method == "lemke-howson" and min(g.shape) > 1:
        tolerance(g, tol)  # exact pivoting needs no tolerance
        return _lemke_howson(g)
    return _enumerate(g, method, tolerance(g, tol))


def _enumerate(g: Game, method: str, tol: float) -> list[Equilibrium]:
    """Every extreme equilibrium from the candidates of ``method``, refined and checked."""
    sources: list[Iterator[Pair]] = {
        "vertex": [_vertex_candidates(g)],
        "support": [_support_candidates(g)],
        "lemke-howson": [],  # handled above, except for one-action players
        "auto": [_pure_candidates(g, tol), _vertex_candidates(g), _support_candidates(g)],
        "enumeration": [_pure_candidates(g, tol), _vertex_candidates(g), _support_candidates(g)],
    }[method]
    if method == "auto" and g.shape == (2, 2):
        sources = [_pure_candidates(g, tol), _closed_form_candidates(g)]
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
    return sorted(found, key=_order)
