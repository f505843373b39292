r"""Grim trigger over many 2x2 stage games at once: closed-form thresholds on arrays.

The grim-trigger part of :mod:`tradegame.solvers.batch`, which it builds on: the
input checks, the tolerances, the stage equilibria and the minmax values come
from there, and every name here is importable from there as well. Each function
agrees with its per-game counterpart:

=====================================  ==============================================
:func:`grim_batch`                     ``RepeatedGame(g, delta).grim_details(path, punish)``
:func:`grim_thresholds_batch`          ``RepeatedGame(g, delta).critical_delta("grim", path)``
:func:`sustainable_batch`              ``GrimAnalysis.sustainable``
=====================================  ==============================================

Payoffs within each game's tolerance (:func:`~tradegame.solvers.batch.tolerances`)
are tied when choosing among the cases of a threshold; thresholds are compared
with one another, and with discount factors, with a slack of ``1e-12``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from tradegame.solvers.batch import (
    BoolArray,
    Equilibria2x2,
    FloatArray,
    IntArray,
    _equilibria,
    _Games,
    _games,
    _minmax,
)

__all__ = [
    "GrimBatch",
    "grim_batch",
    "grim_thresholds_batch",
    "sustainable_batch",
    "verdict_batch",
]

_FLOAT_SLACK = 1e-12  # for comparing a threshold with another, or with delta
_INF = float("inf")


class GrimBatch(NamedTuple):
    r"""Grim trigger with Nash reversion for each game; pairs are (row, column player).

    Attributes
    ----------
    thresholds : ndarray, shape ``(N, 2)``
        The critical discount factors :math:`\delta^*` (``inf`` where no patience
        sustains the path, 0 where the path action is a stage best response).
    path_payoffs, deviation_payoffs, punishment_payoffs : ndarray, shape ``(N, 2)``
        :math:`v`, :math:`d` and :math:`p` of :mod:`tradegame.solvers.grim`.
    punish_index : ndarray of int8, shape ``(N,)``
        The slot in :func:`~tradegame.solvers.batch.equilibria_batch` of the
        equilibrium that punishes; -1 when ``punish`` is ``"minmax"`` or a pure
        profile.
    ceilings : ndarray, shape ``(N, 2)``
        Where the punishment pays more than the path and deviating gains nothing
        now, the largest discount factor that keeps the player on the path,
        :math:`(v - d)/(p - d)`; NaN elsewhere (see :mod:`tradegame.solvers.grim`).
    """

    thresholds: FloatArray
    path_payoffs: FloatArray
    deviation_payoffs: FloatArray
    punishment_payoffs: FloatArray
    punish_index: IntArray
    ceilings: FloatArray


def _ceilings(v: FloatArray, d: FloatArray, p: FloatArray, tol: FloatArray) -> FloatArray:
    """``(N, 2)`` ceilings of :class:`GrimBatch` from ``(N, 2)`` v, d and p."""
    t = tol[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        bar = (v - d) / (p - d)
    return np.asarray(np.where((p > v + t) & (d <= v + t), bar, np.nan))


def _threshold(v: FloatArray, d: FloatArray, p: FloatArray, tol: FloatArray) -> FloatArray:
    """The grim threshold of one player, case by case as in tradegame.solvers.grim."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (d - v) / (d - p)
    out = np.where(p >= v - tol, _INF, out)  # the punishment does not hurt
    out = np.where(d <= v + tol, 0.0, out)  # nothing to gain by deviating
    return np.where(p > v + tol, _INF, out)  # the punishment pays more than the path


def _profile(pair: Any, what: str) -> tuple[int, int]:
    if isinstance(pair, str | bytes) or not hasattr(pair, "__len__") or len(pair) != 2:
        raise ValueError(f"{what} must be a pair (row action, col action) of 0 or 1; got {pair!r}")
    out = []
    for x in pair:
        if isinstance(x, bool | np.bool_) or not isinstance(x, int | np.integer) or x not in (0, 1):
            raise ValueError(f"{what} must be a pair of action indices 0 or 1; got {pair!r}")
        out.append(int(x))
    return out[0], out[1]


def _grim(g: _Games, path: tuple[int, int], punish: Any, eq: Equilibria2x2 | None) -> GrimBatch:
    a, b, tol = g.a, g.b, g.tol
    i, j = path
    v = (a[2 * i + j], b[2 * i + j])
    d = (a[2 * (1 - i) + j], b[2 * i + 1 - j])
    n = tol.size
    no_index = np.full(n, -1, dtype=np.int8)

    def pairs(row: FloatArray, col: FloatArray) -> FloatArray:
        return np.stack([row, col], axis=1)

    if isinstance(punish, str) and punish == "minmax":
        p = _minmax(g, pure=False)
        th = [_threshold(v[k], d[k], p[:, k], tol) for k in (0, 1)]
        return GrimBatch(
            pairs(*th), pairs(*v), pairs(*d), p, no_index, _ceilings(pairs(*v), pairs(*d), p, tol)
        )
    if punish is not None:
        r, c = _profile(punish, "punish")
        k = 2 * r + c
        # a pure stage equilibrium, compared exactly as pure_equilibria does
        ok = (a[k] >= a[2 * (1 - r) + c]) & (b[k] >= b[2 * r + 1 - c])
        p = np.where(ok[:, None], pairs(a[k], b[k]), np.nan)
        th = [_threshold(v[m], d[m], p[:, m], tol) for m in (0, 1)]
        return GrimBatch(
            np.where(ok[:, None], pairs(*th), np.nan),
            pairs(*v),
            pairs(*d),
            p,
            no_index,
            _ceilings(pairs(*v), pairs(*d), p, tol),
        )
    if eq is None:
        eq = _equilibria(g)
    elif eq.payoffs.shape[0] != n:
        raise ValueError(f"eq is for {eq.payoffs.shape[0]} games, but A and B hold {n}")
    # the equilibrium whose larger threshold is smallest; ties go to the first
    pay = np.ascontiguousarray(np.moveaxis(eq.payoffs, 0, -1))  # (K, 2, N)

    def threshold(k: int, m: int) -> FloatArray:
        return _threshold(v[m], d[m], pay[k, m], tol)

    best_index = np.zeros(n, dtype=np.int8)
    best = [threshold(0, m) for m in (0, 1)]
    best_max = np.maximum(best[0], best[1])
    for k in range(1, pay.shape[0]):
        th = [threshold(k, m) for m in (0, 1)]
        th_max = np.maximum(th[0], th[1])
        better = (th_max < best_max - _FLOAT_SLACK) & (k < eq.count)
        best_index = np.where(better, np.int8(k), best_index)
        best = [np.where(better, th[m], best[m]) for m in (0, 1)]
        best_max = np.where(better, th_max, best_max)
    punished = eq.payoffs[np.arange(n), best_index]
    ceilings = _ceilings(pairs(*v), pairs(*d), punished, tol)
    return GrimBatch(pairs(*best), pairs(*v), pairs(*d), punished, best_index, ceilings)


def grim_batch(
    A: Any,
    B: Any = None,
    path: tuple[int, int] = (0, 0),
    punish: tuple[int, int] | str | None = None,
    eq: Equilibria2x2 | None = None,
) -> GrimBatch:
    r"""Grim trigger with Nash reversion for each game, as ``RepeatedGame.grim_details``.

    Parameters
    ----------
    A, B : array_like, shape ``(N, 2, 2)``
        The stage games.
    path : pair of 0 or 1
        The profile ``(i, j)`` played on the path, the same in every game.
    punish : None, "minmax" or a pair of 0 or 1
        None (default): of each game's extreme stage equilibria, in the order of
        :func:`~tradegame.solvers.batch.equilibria_batch`, the one whose larger
        threshold is smallest (ties, within ``1e-12``, go to the first).
        ``"minmax"``: each player's mixed minmax value. A pure profile: it must
        be a pure stage equilibrium, by exact comparisons; games where it is not
        get NaN (the per-game solver raises an error instead).
    eq : Equilibria2x2, optional
        The result of :func:`~tradegame.solvers.batch.equilibria_batch` for the
        same ``A`` and ``B``, to avoid solving the stage games again.

    Returns
    -------
    GrimBatch
        Thresholds with the case conventions of :mod:`tradegame.solvers.grim`:
        0 when deviating gains nothing (within the tolerance) and the
        punishment does not pay more than the path; ``inf`` when the punishment
        pays at least the path payoff.
    """
    return _grim(_games(A, B), _profile(path, "path"), punish, eq)


def grim_thresholds_batch(
    A: Any,
    B: Any = None,
    path: tuple[int, int] = (0, 0),
    punish: tuple[int, int] | str | None = None,
    eq: Equilibria2x2 | None = None,
) -> FloatArray:
    """Each player's critical discount factor, shape ``(N, 2)``: :func:`grim_batch`'s thresholds.

    The batch version of ``RepeatedGame(g, delta).critical_delta("grim", path)``.

    Examples
    --------
    >>> pd = ([[[3, 0], [5, 1]]], [[[3, 5], [0, 1]]])
    >>> grim_thresholds_batch(*pd, path=(0, 0)).tolist()
    [[0.5, 0.5]]
    """
    return grim_batch(A, B, path, punish, eq).thresholds


def _deltas(delta: Any, n: int, who: str) -> FloatArray:
    try:
        values = np.asarray(delta, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{who} must be numbers in (0, 1); got {delta!r}") from None
    if values.ndim > 1 or (values.ndim == 1 and values.shape[0] != n):
        raise ValueError(f"{who} must be a number or an array of shape ({n},); got {values.shape}")
    if not np.all((values > 0) & (values < 1)):
        raise ValueError(f"{who} must lie strictly between 0 and 1 (and not be NaN)")
    return np.broadcast_to(values, (n,))


def sustainable_batch(
    thresholds: Any, delta_row: Any, delta_col: Any = None, ceilings: Any = None
) -> BoolArray:
    """Whether each player keeps to the path, ``threshold <= delta``, shape ``(N, 2)``.

    ``delta_row`` and ``delta_col`` (default: ``delta_row``) are the players'
    discount factors: numbers in (0, 1), or arrays of shape ``(N,)``, one per game.
    A float threshold may exceed ``delta`` by ``1e-12``, as in
    :class:`~tradegame.solvers.grim.GrimAnalysis`; a NaN threshold is never met.
    ``ceilings`` (:attr:`GrimBatch.ceilings`), where not NaN, replace the test
    by ``delta <= ceiling``: the punishment pays more than the path.
    """
    th = np.asarray(thresholds, dtype=np.float64)
    if th.ndim != 2 or th.shape[1] != 2:
        raise ValueError(f"thresholds must have shape (N, 2); got {th.shape}")
    n = th.shape[0]
    dr = _deltas(delta_row, n, "delta_row")
    dc = dr if delta_col is None else _deltas(delta_col, n, "delta_col")
    delta = np.stack(np.broadcast_arrays(dr, dc), axis=1)
    holds = th <= delta + _FLOAT_SLACK
    if ceilings is not None:
        bar = np.asarray(ceilings, dtype=np.float64)
        holds = np.where(np.isnan(bar), holds, delta <= bar + _FLOAT_SLACK)
    return np.asarray(holds)


def verdict_batch(
    thresholds: Any, delta_row: Any, delta_col: Any = None, ceilings: Any = None
) -> BoolArray:
    """Whether grim trigger sustains the path in each game: both players keep to it, ``(N,)``."""
    return np.asarray(sustainable_batch(thresholds, delta_row, delta_col, ceilings).all(axis=1))
