r"""Many 2x2 stage games at once: closed forms over numpy arrays.

A parameter sweep solves the same model at up to millions of parameter points.
For 2x2 games every answer of the per-game solvers has a closed form, so this
module computes them for a whole batch with array operations, no Python loop
over games. Each function agrees with its per-game counterpart:

=====================================  ==============================================
:func:`classify_batch`                 :func:`tradegame.solvers.classify.classify`
:func:`equilibria_batch`               :func:`tradegame.solvers.stage.equilibria`
:func:`minmax_batch`                   :func:`tradegame.solvers.minmax.minmax`
:func:`grim_batch`                     ``RepeatedGame(g, delta).grim_details(path, punish)``
:func:`grim_thresholds_batch`          ``RepeatedGame(g, delta).critical_delta("grim", path)``
:func:`sustainable_batch`              ``GrimAnalysis.sustainable``
=====================================  ==============================================

This module holds the checked inputs, the tolerances, the classification, the
equilibria and the minmax values. The grim-trigger functions (:class:`GrimBatch`,
:func:`grim_batch`, :func:`grim_thresholds_batch`, :func:`sustainable_batch` and
:func:`verdict_batch`) live in :mod:`tradegame.solvers.batch_grim`, which builds on
this module; they are importable from here as well.

Inputs
------
``A`` and ``B`` are float arrays of shape ``(N, 2, 2)``: ``A[k, i, j]`` and
``B[k, i, j]`` are the row and the column player's payoffs in game ``k`` when the
row player plays action ``i`` and the column player action ``j`` (the index
conventions of :mod:`tradegame.game`). ``B`` defaults to ``-A``, as in
:class:`~tradegame.game.Game`. Entries must be finite.

Tolerance
---------
Each game ``k`` has its own payoff tolerance, the one :meth:`Game.tolerance`
gives a numeric game:

.. math::

    \mathrm{tol}_k = 10^{-9} \max(1, \max(A_k, B_k) - \min(A_k, B_k)).

Two payoffs of game ``k`` within :math:`\mathrm{tol}_k` of each other are tied:
for best responses, for the orderings of :func:`classify_batch` and for the
cases of the grim thresholds. A mixture that makes a player indifferent counts
as an extreme equilibrium strategy only when that player has a single best reply
(beyond the tolerance) to each of the opponent's pure actions; otherwise the
player is indifferent along a whole segment and only its ends are extreme. An
action is in a support when its probability exceeds ``1e-9``; two equilibria
whose probabilities all differ by at most ``1e-7`` are one (the earlier in the
order of :func:`equilibria_batch` is kept); thresholds are compared with a
slack of ``1e-12``.

The per-game solvers use the same tolerances for numeric games, and compare
exact games (integers, fractions, short decimals) with no tolerance; the
answers agree unless two payoffs differ by a nonzero amount below the
tolerance. In that case the per-game vertex check, which solves the
best-response equations on payoffs rescaled to each player's own range, can
disagree with these tie rules, most visibly when a player's whole payoff range
is below the tolerance (a player indifferent up to round-off).

Every result is a float, int or bool array whose first axis runs over the games.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tradegame.solvers.batch_grim import (
        GrimBatch,
        grim_batch,
        grim_thresholds_batch,
        sustainable_batch,
        verdict_batch,
    )

__all__ = [
    "CLASS_NAMES",
    "MAX_EQUILIBRIA",
    "Equilibria2x2",
    "GrimBatch",
    "classify_batch",
    "classify_codes",
    "equilibria_batch",
    "grim_batch",
    "grim_thresholds_batch",
    "minmax_batch",
    "sustainable_batch",
    "tolerances",
    "verdict_batch",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int8]

_REL_TOL = 1e-9  # payoff tolerance relative to max(1, payoff range), as Game.tolerance
_SUPPORT_TOL = 1e-9  # a probability above this puts the action in the support
_DEDUP_TOL = 1e-7  # equilibria closer than this in every probability are the same

_TYPES = ("prisoners-dilemma", "chicken", "stag-hunt", "deadlock", "harmony")

#: The names :func:`classify_batch` returns, indexed by :func:`classify_codes`:
#: those of :data:`tradegame.solvers.classify.GAME_CLASSES` in the same order,
#: then every ``"asymmetric:<row>/<col>"`` pair of two different types.
CLASS_NAMES: tuple[str, ...] = (
    *_TYPES,
    "battle-of-the-sexes",
    "coordination",
    "no-pure-equilibrium",
    "trivial",
    "other",
    *(f"asymmetric:{r}/{c}" for r in _TYPES for c in _TYPES if r != c),
)
_CODE = {name: code for code, name in enumerate(CLASS_NAMES)}
_NAMES = np.array(CLASS_NAMES, dtype=object)
# _ASYMMETRIC[r, c]: the code of "asymmetric:<type r>/<type c>", types counted from 1
# (the code of the type itself when r == c; row 0 and column 0 are unused)
_ASYMMETRIC = np.array(
    [[0] * 6]
    + [[0] + [_CODE.get(f"asymmetric:{r}/{c}", _CODE[r]) for c in _TYPES] for r in _TYPES],
    dtype=np.int8,
)

#: The most extreme equilibria a 2x2 game has, ties included: four, for example,
#: when one player is indifferent everywhere and the other has a coordination
#: game. (A player's indifference mixture counts only when that player has a
#: single best reply to each of the opponent's pure actions. So one player's
#: mixture never meets a pure action of that same player's, the two kinds of
#: partly mixed equilibria never occur together, and beside a mixture there are
#: at most two pure equilibria.)
MAX_EQUILIBRIA = 4


class _Games(NamedTuple):
    """Checked payoffs: ``a[2 * i + j]`` is ``A[:, i, j]``, contiguous; likewise ``b``."""

    a: FloatArray
    b: FloatArray
    tol: FloatArray


def _as_games(name: str, M: Any) -> FloatArray:
    try:
        array = np.asarray(M)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{name} must be an array of shape (N, 2, 2): {exc}") from None
    if array.dtype.kind == "O":  # nested lists of Python numbers, fractions included
        for x in array.flat:
            if isinstance(x, bool | np.bool_) or not isinstance(x, numbers.Real):
                raise ValueError(f"{name} must hold real numbers; got {x!r}")
        array = array.astype(np.float64)
    elif array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must hold real numbers; got dtype {array.dtype}")
    if array.ndim != 3 or array.shape[1:] != (2, 2):
        hint = f" (for one game use {name}[np.newaxis])" if array.shape == (2, 2) else ""
        raise ValueError(f"{name} must have shape (N, 2, 2); got {array.shape}{hint}")
    array = np.asarray(array, dtype=np.float64)
    if not np.isfinite(array).all():
        bad = ~np.isfinite(array).all(axis=(1, 2))
        k = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"{name} must be finite; game {k} (and {int(bad.sum()) - 1} more) holds "
            f"NaN or infinity: {array[k].tolist()}"
        )
    return array


def _games(A: Any, B: Any) -> _Games:
    A = _as_games("A", A)
    B = -A if B is None else _as_games("B", B)
    if A.shape != B.shape:
        raise ValueError(f"A and B must have the same shape; got A {A.shape} and B {B.shape}")
    a = np.ascontiguousarray(A.reshape(-1, 4).T)
    b = np.ascontiguousarray(B.reshape(-1, 4).T)
    spread = np.maximum(a.max(axis=0), b.max(axis=0)) - np.minimum(a.min(axis=0), b.min(axis=0))
    return _Games(a, b, _REL_TOL * np.maximum(1.0, spread))


def tolerances(A: Any, B: Any = None) -> FloatArray:
    r"""Each game's payoff tolerance, shape ``(N,)``.

    :math:`10^{-9} \max(1, \text{payoff range})`, as :meth:`Game.tolerance`.
    """
    return _games(A, B).tol


# ---------------------------------------------------------------------------
# classify
# ---------------------------------------------------------------------------


def _greater(e: FloatArray, eps: FloatArray) -> dict[tuple[int, int], BoolArray]:
    """``out[u, w]``: entry ``u`` exceeds entry ``w`` by more than ``eps``."""
    out = {}
    for u in range(4):
        for w in range(u + 1, 4):
            diff = e[u] - e[w]
            out[u, w], out[w, u] = diff > eps, -diff > eps
    return out


def _ordinal_type(gt: dict[tuple[int, int], BoolArray], T: int, R: int, P: int, S: int) -> IntArray:
    """The ordinal type, as 1 + its index in _TYPES or 0 when unnamed, from entry indices."""
    tr, rt, rp, ps = gt[T, R], gt[R, T], gt[R, P], gt[P, S]
    rs, sp, tp, pr = gt[R, S], gt[S, P], gt[T, P], gt[P, R]
    # the first matching pattern wins, as in classify: assign in reverse order
    code = np.where(rt & rs & rp & sp, np.int8(5), np.int8(0))  # harmony
    code = np.where(tp & pr & rs, np.int8(4), code)  # deadlock
    code = np.where(rt & tp & ps, np.int8(3), code)  # stag hunt
    code = np.where(tr & rs & sp, np.int8(2), code)  # chicken
    return np.where(tr & rp & ps, np.int8(1), code)  # prisoner's dilemma


def _classify(g: _Games) -> IntArray:
    ga, gb = _greater(g.a, g.tol), _greater(g.b, g.tol)
    trivial = ~np.logical_or.reduce([*ga.values(), *gb.values()])
    # (i, j) is a pure equilibrium: no player gains more than the tolerance by switching
    pure = [
        ~ga[2 * (1 - i) + j, 2 * i + j] & ~gb[2 * i + 1 - j, 2 * i + j]
        for i in (0, 1)
        for j in (0, 1)
    ]
    no_pure = ~(pure[0] | pure[1] | pure[2] | pure[3])
    # the first relabelling, in classify's order, under which both types are named
    row_type = np.zeros(g.tol.shape, dtype=np.int8)
    col_type = np.zeros(g.tol.shape, dtype=np.int8)
    for sr, sc in ((0, 0), (1, 1), (1, 0), (0, 1)):
        e00, e01, e10, e11 = (2 * (i ^ sr) + (j ^ sc) for i in (0, 1) for j in (0, 1))
        r = _ordinal_type(ga, T=e10, R=e00, P=e11, S=e01)
        c = _ordinal_type(gb, T=e01, R=e00, P=e11, S=e10)
        new = (r > 0) & (c > 0) & (row_type == 0)
        row_type, col_type = np.where(new, r, row_type), np.where(new, c, col_type)
    # two pure equilibria sharing no action, on the diagonal or the anti-diagonal:
    # a battle of the sexes when the players strictly prefer different ones
    diagonal = pure[0] & pure[3] & ~pure[1] & ~pure[2]
    anti = pure[1] & pure[2] & ~pure[0] & ~pure[3]
    battle = np.where(
        diagonal,
        (ga[0, 3] & gb[3, 0]) | (ga[3, 0] & gb[0, 3]),
        (ga[1, 2] & gb[2, 1]) | (ga[2, 1] & gb[1, 2]),
    )
    code = np.where(row_type > 0, _ASYMMETRIC[row_type, col_type], np.int8(_CODE["other"]))
    code = np.where(
        diagonal | anti,
        np.where(battle, np.int8(_CODE["battle-of-the-sexes"]), np.int8(_CODE["coordination"])),
        code,
    )
    code = np.where((row_type > 0) & (row_type == col_type), row_type - np.int8(1), code)
    code = np.where(no_pure, np.int8(_CODE["no-pure-equilibrium"]), code)
    return np.where(trivial, np.int8(_CODE["trivial"]), code).astype(np.int8, copy=False)


def classify_codes(A: Any, B: Any = None) -> IntArray:
    """The class of each game as an index into :data:`CLASS_NAMES`, shape ``(N,)``, int8.

    See :func:`classify_batch`; the codes save memory in large sweeps.
    """
    return _classify(_games(A, B))


def classify_batch(A: Any, B: Any = None) -> npt.NDArray[np.object_]:
    """The standard name of each 2x2 game, as :func:`~tradegame.solvers.classify.classify`.

    Returns an object array of ``str``, shape ``(N,)``, with the names of
    :data:`CLASS_NAMES`, ``"asymmetric:<row type>/<column type>"`` included. The
    rules, their order and the treatment of ties (two payoffs within the tolerance
    of the module docstring are equal) are those of ``classify``.

    Examples
    --------
    >>> classify_batch([[[3, 0], [5, 1]]], [[[3, 5], [0, 1]]]).tolist()
    ['prisoners-dilemma']
    """
    return np.asarray(_NAMES[classify_codes(A, B)], dtype=object)


# ---------------------------------------------------------------------------
# equilibria
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Equilibria2x2:
    r"""The extreme Nash equilibria of each game in a batch.

    Unpacks as ``row, col, payoffs, count, continuum = equilibria_batch(A, B)``.

    Attributes
    ----------
    row, col : ndarray of float64, shape ``(N, K)``
        The probability with which the row, and the column, player plays its
        action 0 in each extreme equilibrium; NaN pads the unused slots.
        ``K`` is :data:`MAX_EQUILIBRIA`.
    payoffs : ndarray of float64, shape ``(N, K, 2)``
        :math:`(x^\top A y, x^\top B y)`; NaN in unused slots.
    count : ndarray of int64, shape ``(N,)``
        The number of extreme equilibria, at least 1.
    continuum : ndarray of bool, shape ``(N,)``
        True when the game has infinitely many equilibria: then two of its extreme
        equilibria share one player's strategy, and every mixture of them along
        the other player's strategy is an equilibrium too.
    """

    row: FloatArray
    col: FloatArray
    payoffs: FloatArray
    count: npt.NDArray[np.int64]
    continuum: BoolArray

    def __iter__(self) -> Iterator[Any]:
        return iter((self.row, self.col, self.payoffs, self.count, self.continuum))

    @property
    def pure(self) -> BoolArray:
        """``(N, K)``: True in the slots that hold a pure equilibrium."""
        return np.asarray(((self.row == 0) | (self.row == 1)) & ((self.col == 0) | (self.col == 1)))

    @property
    def pure_count(self) -> npt.NDArray[np.int64]:
        """The number of pure equilibria of each game, shape ``(N,)``."""
        return np.asarray(self.pure.sum(axis=1), dtype=np.int64)

    @property
    def mixed_count(self) -> npt.NDArray[np.int64]:
        """The number of extreme equilibria in which some player mixes, shape ``(N,)``."""
        return self.count - self.pure_count

    def describe(
        self, k: int, actions: Sequence[Sequence[str]] | None = None, tol: float = 0.0
    ) -> str:
        """Game ``k``'s equilibria and payoffs in one line.

        ``(open, open) 3|3; mixed [0.5 0.5]x[0.5 0.5] 2.5|2.5``, in slot order;
        ``actions`` names the row and the column actions (default ``r0, r1`` and
        ``c0, c1``). Payoffs within ``tol`` of zero (round-off) print as 0.
        """
        names = actions or (("r0", "r1"), ("c0", "c1"))
        rows, cols = self.row[k].tolist(), self.col[k].tolist()
        pays = self.payoffs[k].tolist()
        parts = []
        for x, y, (u, w) in zip(rows[: self.count[k]], cols, pays, strict=False):
            u, w = (0.0 if abs(v) <= tol else v for v in (u, w))
            pay = f"{u:.6g}|{w:.6g}"
            if x in (0.0, 1.0) and y in (0.0, 1.0):
                parts.append(f"({names[0][int(x == 0)]}, {names[1][int(y == 0)]}) {pay}")
            else:
                parts.append(f"mixed [{x:.6g} {1 - x:.6g}]x[{y:.6g} {1 - y:.6g}] {pay}")
        return "; ".join(parts)

    def describe_all(
        self, actions: Sequence[Sequence[str]] | None = None, tol: Any = 0.0
    ) -> list[str]:
        """:meth:`describe` for every game at once (``tol`` a number or one per game).

        Sweeps describe up to millions of games; this formats slot by slot over
        all games, and each distinct number once, which is several times faster
        than a call per game.
        """
        names = actions or (("r0", "r1"), ("c0", "c1"))
        n = self.count.shape[0]
        tols = np.broadcast_to(np.asarray(tol, dtype=np.float64), (n,))
        cache: dict[float, str] = {}

        def text(values: FloatArray) -> list[str]:
            out = []
            for v in values.tolist():
                t = cache.get(v)
                if t is None:
                    t = cache[v] = f"{v:.6g}"
                out.append(t)
            return out

        parts: list[list[str]] = [[] for _ in range(n)]
        for k in range(int(self.count.max(initial=0))):
            rows = np.flatnonzero(self.count > k)
            x, y = self.row[rows, k], self.col[rows, k]
            u, w = self.payoffs[rows, k, 0], self.payoffs[rows, k, 1]
            u = np.where(np.abs(u) <= tols[rows], 0.0, u)
            w = np.where(np.abs(w) <= tols[rows], 0.0, w)
            pays = [f"{a}|{b}" for a, b in zip(text(u), text(w), strict=True)]
            pure = ((x == 0) | (x == 1)) & ((y == 0) | (y == 1))
            xs, ys = text(x), text(y)
            xr, yr = text(1 - x), text(1 - y)
            for m, r in enumerate(rows.tolist()):
                if pure[m]:
                    i, j = int(x[m] == 0), int(y[m] == 0)
                    parts[r].append(f"({names[0][i]}, {names[1][j]}) {pays[m]}")
                else:
                    parts[r].append(f"mixed [{xs[m]} {xr[m]}]x[{ys[m]} {yr[m]}] {pays[m]}")
        return ["; ".join(p) for p in parts]


class _Candidate(NamedTuple):
    """A candidate extreme equilibrium: each player's P(action 0) and payoff; where it is one."""

    x: FloatArray | float
    y: FloatArray | float
    u: FloatArray
    w: FloatArray
    valid: BoolArray


def _crossing_value(m: FloatArray) -> FloatArray:
    r"""The payoff :math:`(a_{00} a_{11} - a_{01} a_{10}) / (a_{00} - a_{01} - a_{10} + a_{11})`.

    ``m`` is (4, N). It is the row player's payoff against the column mixture that
    makes it indifferent, written relative to :math:`a_{11}`: with that mixture
    inside (0, 1) the correction is at most the payoff range, so no precision is
    lost to a large common offset, and integer payoffs give the nearest float.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(m[3] - (m[1] - m[3]) * (m[2] - m[3]) / ((m[0] - m[1]) - (m[2] - m[3])))


def _dedup(cands: list[_Candidate], rows: BoolArray) -> None:
    """Drop, in place, candidates within _DEDUP_TOL of an earlier valid one, in ``rows``."""
    sub = np.flatnonzero(rows)
    if sub.size == 0:
        return
    xs = [np.broadcast_to(c.x, rows.shape)[sub] for c in cands]
    ys = [np.broadcast_to(c.y, rows.shape)[sub] for c in cands]
    vs = [c.valid[sub] for c in cands]
    for k in range(4, len(cands)):  # pure profiles are never near one another
        for m in range(k):
            near = (np.abs(xs[k] - xs[m]) <= _DEDUP_TOL) & (np.abs(ys[k] - ys[m]) <= _DEDUP_TOL)
            vs[k] = vs[k] & ~(vs[m] & near)
        cands[k].valid[sub] = vs[k]


def _candidates(g: _Games) -> list[_Candidate]:
    """The nine candidates, in the order equilibria() sorts them.

    The pure profiles (0, 0), (0, 1), (1, 0), (1, 1); then by decreasing
    probability of action 0, the row player's first: (0, y*), (x*, 0), (x*, y*),
    (x*, 1), (1, y*), where a number is a pure action and x*, y* are the
    mixtures that make the column and the row player indifferent.
    """
    a, b, tol = g.a, g.b, g.tol
    # best replies within tol: row i against column j, and column j against row i
    best_a = (np.maximum(a[0], a[2]) - tol, np.maximum(a[1], a[3]) - tol)
    best_b = (np.maximum(b[0], b[1]) - tol, np.maximum(b[2], b[3]) - tol)
    row_br = [[best_a[j] <= a[2 * i + j] for j in (0, 1)] for i in (0, 1)]
    col_br = [[best_b[i] <= b[2 * i + j] for j in (0, 1)] for i in (0, 1)]
    cands = [
        _Candidate(1.0 - i, 1.0 - j, a[2 * i + j], b[2 * i + j], row_br[i][j] & col_br[i][j])
        for i in (0, 1)
        for j in (0, 1)
    ]
    # players indifferent (within tol) between their actions against a pure action
    flat_a = (row_br[0][0] & row_br[1][0], row_br[0][1] & row_br[1][1])  # row, at column j
    flat_b = (col_br[0][0] & col_br[0][1], col_br[1][0] & col_br[1][1])  # column, at row i
    # x* = P(row action 0) making the column player indifferent, q* likewise; each is
    # a vertex only when that player has a strict best reply to both pure actions
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (b[3] - b[2]) / ((b[0] - b[1]) - (b[2] - b[3]))
        q = (a[3] - a[1]) / ((a[0] - a[2]) - (a[1] - a[3]))
    p_ok = (p > _SUPPORT_TOL) & (p < 1 - _SUPPORT_TOL) & ~flat_b[0] & ~flat_b[1]
    q_ok = (q > _SUPPORT_TOL) & (q < 1 - _SUPPORT_TOL) & ~flat_a[0] & ~flat_a[1]
    # payoffs: a player facing the mixture that makes it indifferent gets its
    # crossing value; a player facing a pure action mixes over (nearly) equal payoffs
    va, vb = _crossing_value(a), _crossing_value(b[[0, 2, 1, 3]])
    with np.errstate(invalid="ignore"):  # p or q is NaN or infinite where unused
        cands += [
            _Candidate(1.0, q, va, b[1] + q * (b[0] - b[1]), q_ok & flat_b[0]),
            _Candidate(p, 1.0, a[2] + p * (a[0] - a[2]), vb, p_ok & flat_a[0]),
            _Candidate(p, q, va, vb, p_ok & q_ok),
            _Candidate(p, 0.0, a[3] + p * (a[1] - a[3]), vb, p_ok & flat_a[1]),
            _Candidate(0.0, q, va, b[3] + q * (b[2] - b[3]), q_ok & flat_b[1]),
        ]
    # a mixture within _DEDUP_TOL of 0 or 1 may coincide with another candidate
    p_edge = p_ok & ((p <= _DEDUP_TOL) | (p >= 1 - _DEDUP_TOL))
    q_edge = q_ok & ((q <= _DEDUP_TOL) | (q >= 1 - _DEDUP_TOL))
    _dedup(cands, p_edge | q_edge)
    return cands


# candidates that share the row player's strategy, and the column player's
_SHARED = ((0, 1, 4), (2, 3, 8), (5, 6, 7), (0, 2, 5), (1, 3, 7), (4, 6, 8))


def _equilibria(g: _Games) -> Equilibria2x2:
    cands = _candidates(g)
    n = g.tol.size
    count = np.zeros(n, dtype=np.int8)
    for c in cands:
        count += c.valid
    K = MAX_EQUILIBRIA  # enough: see the module docstring
    row, col = np.full((n, K), np.nan), np.full((n, K), np.nan)
    payoffs = np.full((n, K, 2), np.nan)
    slot = np.zeros(n, dtype=np.int8)  # the next free slot of each game
    for c in cands:
        games = np.flatnonzero(c.valid)
        at = slot[games]
        x = c.x if isinstance(c.x, float) else c.x[games]
        y = c.y if isinstance(c.y, float) else c.y[games]
        row[games, at], col[games, at] = x, y
        payoffs[games, at, 0], payoffs[games, at, 1] = c.u[games], c.w[games]
        slot += c.valid
    continuum = np.zeros(n, dtype=bool)
    for i, j, k in _SHARED:  # two of three candidates with a common strategy
        vi, vj, vk = cands[i].valid, cands[j].valid, cands[k].valid
        continuum |= (vi & vj) | (vk & (vi | vj))
    return Equilibria2x2(row, col, payoffs, count.astype(np.int64), continuum)


def equilibria_batch(A: Any, B: Any = None) -> Equilibria2x2:
    r"""All extreme Nash equilibria of each game, as :func:`~tradegame.solvers.stage.equilibria`.

    An extreme equilibrium of a 2x2 game is one of nine candidates: a pure
    profile; a pure action of one player against the mixture that makes that
    player indifferent, when the opponent is itself indifferent against the pure
    action; or the pair of indifference mixtures. Each is checked in closed form
    with the tolerances of the module docstring, so degenerate games get the
    extreme points of their continua, as ``equilibria`` gives them.

    Returns
    -------
    Equilibria2x2
        A named tuple ``(row, col, payoffs, count, continuum)``. The equilibria of
        each game fill the first ``count`` slots in the order of ``equilibria``:
        pure ones first, by ``(i, j)``, then by decreasing probability of action 0,
        the row player's first.

    Examples
    --------
    >>> eq = equilibria_batch([[[3, 0], [0, 2]]], [[[2, 0], [0, 3]]])  # battle of the sexes
    >>> eq.count.tolist(), eq.row[0].tolist()
    ([3], [1.0, 0.0, 0.6, nan])
    """
    return _equilibria(_games(A, B))


# ---------------------------------------------------------------------------
# minmax
# ---------------------------------------------------------------------------


def _minmax_of(m: FloatArray) -> FloatArray:
    r""":math:`\min_y \max_i (M y)_i` for each ``M`` given as (4, N): the punisher mixes columns."""
    # max_i (M y)_i is convex and piecewise linear in y = (s, 1 - s): its minimum is
    # where the two rows cross, if they cross inside (0, 1), else at s = 0 or s = 1
    ends = np.minimum(np.maximum(m[0], m[2]), np.maximum(m[1], m[3]))
    cross = (m[0] - m[2]) * (m[1] - m[3]) < 0
    return np.where(cross, np.minimum(ends, _crossing_value(m)), ends)


def _minmax(g: _Games, pure: bool) -> FloatArray:
    a, b = g.a, g.b
    bt = b[[0, 2, 1, 3]]  # the column player's payoffs with its actions as rows
    if pure:
        row = np.minimum(np.maximum(a[0], a[2]), np.maximum(a[1], a[3]))
        col = np.minimum(np.maximum(bt[0], bt[2]), np.maximum(bt[1], bt[3]))
        return np.stack([row, col], axis=1)
    return np.stack([_minmax_of(a), _minmax_of(bt)], axis=1)


def minmax_batch(A: Any, B: Any = None, pure: bool = False) -> FloatArray:
    r"""Each player's minmax value, shape ``(N, 2)``, as :func:`~tradegame.solvers.minmax.minmax`.

    Column 0 is :math:`\min_y \max_i (A y)_i`, the least payoff the column player
    can hold the row player to; column 1 is :math:`\min_x \max_j (x^\top B)_j`.
    With ``pure=True`` the punisher may only use pure actions.

    Examples
    --------
    >>> minmax_batch([[[1, -1], [-1, 1]]]).tolist()  # matching pennies
    [[0.0, 0.0]]
    """
    return _minmax(_games(A, B), pure)


# ---------------------------------------------------------------------------
# grim trigger: defined in tradegame.solvers.batch_grim
# ---------------------------------------------------------------------------

# batch_grim imports this module, so its names load on first access here
_GRIM_NAMES = frozenset(
    ("GrimBatch", "grim_batch", "grim_thresholds_batch", "sustainable_batch", "verdict_batch")
)


def __getattr__(name: str) -> Any:
    if name in _GRIM_NAMES:
        from tradegame.solvers import batch_grim

        value = getattr(batch_grim, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
