r"""Equilibria of many state games at once, and the rules that select one.

Value iteration on a stochastic game solves, at every grid state ``s``, the
bimatrix game ``(QA[s], QB[s])`` of stage payoffs plus discounted continuation
values. This module solves all of them together: pure equilibria are found for
every state with numpy; a state without one is solved by a support enumeration
vectorised over states (Nisan et al. 2007, Algorithm 3.4, over supports of
equal size), falling back to :func:`tradegame.solvers.stage.equilibria` for a
degenerate game where that finds nothing.

Selection rules, where a state's game has several pure equilibria:

* ``"pareto"`` (default): the payoff-dominant equilibrium; among equilibria
  that no other equilibrium Pareto-dominates, the risk-dominant one
  (Harsanyi and Selten 1988), then the first.
* ``"risk-dominant"``: the equilibrium that risk-dominates the most others in
  pairwise Harsanyi--Selten comparisons (the product of the two players'
  losses from deviating in the 2x2 game of the two profiles), then the first.
* ``"first"`` / ``"last"``: the lowest / highest profile in the order
  ``(i, j)``; on ladders that rise from ``open``, the most open / most
  restrictive.
* ``"worst-for-row"`` / ``"worst-for-col"``: the equilibrium worst for that
  player, then the first.

Mixed equilibria are used only at states with no pure equilibrium, and
selected by the same rules on their expected payoffs (risk dominance is not
defined for them: ``"risk-dominant"`` takes the first, in the order of
:func:`tradegame.solvers.stage.equilibria`).

``tol`` is an absolute tolerance on payoffs throughout: a profile is an
equilibrium when no deviation gains more than ``tol``, and payoffs within
``tol`` tie. Risk dominance compares products of two payoff differences, one
per player; one product beats another when it is larger by more than ``1e-9``
times the sum of the two products and of the product of the players' payoff
spreads, so the comparison does not depend on the payoffs' unit.

References
----------
Harsanyi, J. C. and Selten, R. (1988). *A General Theory of Equilibrium
Selection in Games*. MIT Press.
Nisan, N., Roughgarden, T., Tardos, E. and Vazirani, V. (2007). *Algorithmic
Game Theory*. Cambridge University Press.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.game import Game

__all__ = ["SELECTIONS", "StateEquilibria", "check_selection", "selection_matters", "solve_states"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: The equilibrium selection rules.
SELECTIONS = ("pareto", "risk-dominant", "first", "last", "worst-for-row", "worst-for-col")


@dataclass(frozen=True)
class StateEquilibria:
    """The selected equilibrium of every state's game.

    ``x`` ``(S, m)`` and ``y`` ``(S, n)`` are the strategies, ``values`` ``(S, 2)``
    their payoffs, ``fingerprint`` a digest of the selected profiles (to detect
    a policy that repeats) and ``mixed`` the number of states without a pure
    equilibrium.
    """

    x: FloatArray
    y: FloatArray
    values: FloatArray
    fingerprint: bytes
    mixed: int


def check_selection(selection: str) -> None:
    """Raise ValueError unless ``selection`` is one of :data:`SELECTIONS`."""
    if selection not in SELECTIONS:
        raise ValueError(f"unknown selection {selection!r}; use one of: {', '.join(SELECTIONS)}")


def _max_over(Q: FloatArray, axis: int) -> FloatArray:
    """``Q.max(axis, keepdims=True)`` for a small axis, as elementwise maxima (much faster)."""
    parts = [np.take(Q, k, axis=axis) for k in range(Q.shape[axis])]
    return np.expand_dims(functools.reduce(np.maximum, parts), axis)


def _pure_mask(QA: FloatArray, QB: FloatArray, tol: float) -> BoolArray:
    best_row = np.greater_equal(QA, _max_over(QA, 1) - tol)
    best_col = np.greater_equal(QB, _max_over(QB, 2) - tol)
    return np.asarray(best_row & best_col)


def _first(mask: BoolArray) -> IntArray:
    return np.asarray(np.argmax(mask, axis=1), dtype=np.int64)


def _worst(mask: BoolArray, score: FloatArray, tol: float) -> IntArray:
    low = np.where(mask, score, np.inf).min(axis=1, keepdims=True)
    return _first(mask & (score <= low + tol))


def _risk_scores(a: FloatArray, b: FloatArray, mask: BoolArray, m: int, n: int) -> IntArray:
    """For each pure equilibrium, how many others it risk-dominates (Harsanyi--Selten)."""
    K = m * n
    e = np.arange(K)
    ie, je = np.divmod(e, n)
    I_e, I_f = np.meshgrid(ie, ie, indexing="ij")
    J_e, J_f = np.meshgrid(je, je, indexing="ij")
    flat = lambda i, j: i * n + j  # noqa: E731 - a local index helper
    # deviation losses in the 2x2 game of rows {i, k} and columns {j, l}
    loss_e = (a[:, flat(I_e, J_e)] - a[:, flat(I_f, J_e)]) * (
        b[:, flat(I_e, J_e)] - b[:, flat(I_e, J_f)]
    )
    loss_f = (a[:, flat(I_f, J_f)] - a[:, flat(I_e, J_f)]) * (
        b[:, flat(I_f, J_f)] - b[:, flat(I_f, J_e)]
    )
    # Round-off slack relative to the losses' own unit, the product of the two players'
    # payoff spreads: an absolute 1 here made risk dominance vanish (every comparison
    # a tie) once payoffs were below about 1e-4, so the selection changed with the unit.
    span = (np.ptp(a, axis=1) * np.ptp(b, axis=1))[:, None, None]
    scale = 1e-9 * (np.abs(loss_e) + np.abs(loss_f) + span)
    comparable = (I_e != I_f) & (J_e != J_f)
    beats = comparable & (loss_e > loss_f + scale)
    both = mask[:, :, None] & mask[:, None, :]
    return np.asarray((beats & both).sum(axis=2), dtype=np.int64)


def _select_pure(
    QA: FloatArray, QB: FloatArray, mask: BoolArray, selection: str, tol: float
) -> IntArray:
    """The flat index ``i * n + j`` of the selected pure equilibrium at each state."""
    S, m, n = QA.shape
    a, b, E = QA.reshape(S, m * n), QB.reshape(S, m * n), mask.reshape(S, m * n)
    if selection == "first":
        return _first(E)
    if selection == "last":
        return (m * n - 1) - _first(E[:, ::-1])
    if selection == "worst-for-row":
        return _worst(E, a, tol)
    if selection == "worst-for-col":
        return _worst(E, b, tol)
    out = _first(E)
    multi = np.flatnonzero(E.sum(axis=1) > 1)
    if multi.size == 0:
        return out
    a, b, E = a[multi], b[multi], E[multi]
    if selection == "pareto":
        ge = (a[:, None, :] >= a[:, :, None] - tol) & (b[:, None, :] >= b[:, :, None] - tol)
        gt = (a[:, None, :] > a[:, :, None] + tol) | (b[:, None, :] > b[:, :, None] + tol)
        dominated = (ge & gt & E[:, None, :]).any(axis=2)  # [s, e]: some f dominates e
        E = E & ~dominated
    scores = np.where(E, _risk_scores(a, b, E, m, n), -1)
    out[multi] = _first(scores == scores.max(axis=1, keepdims=True))
    return out


def _select_mixed(eqs: list[Any], selection: str, tol: float) -> Any:
    if selection == "last":
        return eqs[-1]
    if selection in ("worst-for-row", "worst-for-col"):
        p = 0 if selection == "worst-for-row" else 1
        low = min(e.payoffs[p] for e in eqs)
        return next(e for e in eqs if e.payoffs[p] <= low + tol)
    if selection == "pareto":
        for e in eqs:
            if not any(
                f.payoffs[0] >= e.payoffs[0] - tol
                and f.payoffs[1] >= e.payoffs[1] - tol
                and (f.payoffs[0] > e.payoffs[0] + tol or f.payoffs[1] > e.payoffs[1] + tol)
                for f in eqs
            ):
                return e
    return eqs[0]


def _mixed_equilibria(QA: FloatArray, QB: FloatArray, tol: float) -> list[Any]:
    """All extreme equilibria of one state's game, by :func:`stage.equilibria`."""
    from tradegame.solvers.stage import equilibria

    g = Game(QA, QB)
    eqs = equilibria(g, tol=tol)
    if not eqs:  # pragma: no cover - Nash (1951): there is always one; guard against round-off
        eqs = equilibria(g, method="lemke-howson", tol=max(tol, 1e3 * g.tolerance()))
    if not eqs:  # pragma: no cover
        raise ArithmeticError(f"no equilibrium found for the state game A={QA!r}, B={QB!r}")
    return eqs


@dataclass(frozen=True)
class _Mixed:
    """A mixed equilibrium found by the batched support enumeration."""

    row: FloatArray
    col: FloatArray
    payoffs: tuple[float, float]


def _indifferent(M: FloatArray, on: tuple[int, ...], over: tuple[int, ...]) -> FloatArray:
    """Batched: the strategy on ``on`` that makes the opponent indifferent over ``over``.

    ``M[s]`` is the opponent's payoff with the opponent's actions as rows. Returns
    ``(S, k + 1)``: the probabilities then the common payoff; NaN where singular.
    """
    S = M.shape[0]
    k = len(on)
    lhs = np.zeros((S, k + 1, k + 1))
    lhs[:, :k, :k] = M[:, list(over)][:, :, list(on)]
    lhs[:, :k, k] = -1.0
    lhs[:, k, :k] = 1.0
    rhs = np.zeros((S, k + 1))
    rhs[:, k] = 1.0
    out = np.full((S, k + 1), np.nan)
    ok = np.abs(np.linalg.det(lhs)) > 1e-12 * np.maximum(1.0, np.abs(lhs).max(axis=(1, 2))) ** k
    if ok.any():
        out[ok] = np.linalg.solve(lhs[ok], rhs[ok][..., None])[..., 0]
    return out


def _mixed_candidates(
    QA: FloatArray, QB: FloatArray, tol: float
) -> tuple[FloatArray, FloatArray, FloatArray, BoolArray]:
    """Equilibria with equal-size supports of at least 2, for many states at once.

    Support enumeration (Nisan et al. 2007, Algorithm 3.4) vectorised over
    states: it finds every equilibrium of a nondegenerate game without a pure
    one. Returns candidate strategies ``X`` ``(S, C, m)`` and ``Y`` ``(S, C, n)``,
    payoffs ``(S, C, 2)`` and a mask ``(S, C)`` of the candidates that are
    equilibria, with one candidate ``C`` per pair of supports.
    """
    S, m, n = QA.shape
    pairs = [
        (rows, cols)
        for k in range(2, min(m, n) + 1)
        for rows in itertools.combinations(range(m), k)
        for cols in itertools.combinations(range(n), k)
    ]
    X = np.zeros((S, len(pairs), m))
    Y = np.zeros((S, len(pairs), n))
    pay = np.zeros((S, len(pairs), 2))
    good = np.zeros((S, len(pairs)), dtype=bool)
    for c, (rows, cols) in enumerate(pairs):
        k = len(rows)
        xs = _indifferent(np.swapaxes(QB, 1, 2), rows, cols)  # row's mix: col indifferent
        ys = _indifferent(QA, cols, rows)  # col's mix: row indifferent
        x = np.zeros((S, m))
        y = np.zeros((S, n))
        x[:, list(rows)] = xs[:, :k]
        y[:, list(cols)] = ys[:, :k]
        ok = np.isfinite(xs).all(axis=1) & np.isfinite(ys).all(axis=1)
        ok &= (x >= -1e-12).all(axis=1) & (y >= -1e-12).all(axis=1)
        x, y = np.clip(x, 0.0, None), np.clip(y, 0.0, None)
        x /= np.where(x.sum(axis=1, keepdims=True) > 0, x.sum(axis=1, keepdims=True), 1.0)
        y /= np.where(y.sum(axis=1, keepdims=True) > 0, y.sum(axis=1, keepdims=True), 1.0)
        row_pay = np.einsum("sij,sj->si", QA, y)
        col_pay = np.einsum("si,sij->sj", x, QB)
        u = np.einsum("si,si->s", x, row_pay)
        v = np.einsum("sj,sj->s", col_pay, y)
        ok &= (row_pay <= u[:, None] + tol).all(axis=1)
        ok &= (col_pay <= v[:, None] + tol).all(axis=1)
        X[:, c], Y[:, c], good[:, c] = x, y, ok
        pay[:, c, 0], pay[:, c, 1] = u, v
    return X, Y, pay, good


def _mixed_lists(
    QA: FloatArray, QB: FloatArray, states: IntArray, tol: float
) -> dict[int, list[Any]]:
    """Every mixed equilibrium of the games at ``states``, in stage.equilibria's order."""
    out: dict[int, list[Any]] = {}
    if states.size == 0:
        return out
    X, Y, pay, good = _mixed_candidates(QA[states], QB[states], tol)
    for k, s in enumerate(states.tolist()):
        eqs: list[_Mixed] = []
        for c in np.flatnonzero(good[k]):
            eq = _Mixed(X[k, c], Y[k, c], (float(pay[k, c, 0]), float(pay[k, c, 1])))
            if not any(
                np.abs(f.row - eq.row).max() < 1e-9 and np.abs(f.col - eq.col).max() < 1e-9
                for f in eqs
            ):
                eqs.append(eq)
        eqs.sort(key=lambda e: (tuple(-e.row), tuple(-e.col)))
        out[s] = eqs if eqs else _mixed_equilibria(QA[s], QB[s], tol)
    return out


def _select_mixed_states(
    QA: FloatArray, QB: FloatArray, states: IntArray, selection: str, tol: float
) -> tuple[FloatArray, FloatArray]:
    """The selected mixed equilibrium at each of ``states`` (which have no pure one)."""
    m, n = QA.shape[1:]
    x = np.zeros((states.size, m))
    y = np.zeros((states.size, n))
    if states.size == 0:
        return x, y
    X, Y, _, good = _mixed_candidates(QA[states], QB[states], tol)
    single = good.sum(axis=1) == 1  # the common case: one equilibrium, no choice to make
    pick = np.argmax(good, axis=1)
    idx = np.flatnonzero(single)
    x[idx], y[idx] = X[idx, pick[idx]], Y[idx, pick[idx]]
    rest = np.flatnonzero(~single)
    for k, eqs in zip(rest.tolist(), _mixed_lists(QA, QB, states[rest], tol).values(), strict=True):
        eq = _select_mixed(eqs, selection, tol)
        x[k], y[k] = eq.row, eq.col
    return x, y


def solve_states(QA: FloatArray, QB: FloatArray, selection: str, tol: float) -> StateEquilibria:
    """Select an equilibrium of ``(QA[s], QB[s])`` at every state ``s``."""
    S, m, n = QA.shape
    mask = _pure_mask(QA, QB, tol)
    has_pure = mask.reshape(S, -1).any(axis=1)
    x = np.zeros((S, m))
    y = np.zeros((S, n))
    pick = _select_pure(QA, QB, mask, selection, tol)
    rows = np.flatnonzero(has_pure)
    i, j = np.divmod(pick[rows], n)
    x[rows, i] = 1.0
    y[rows, j] = 1.0
    missing = np.flatnonzero(~has_pure)
    x[missing], y[missing] = _select_mixed_states(QA, QB, missing, selection, tol)
    values = np.empty((S, 2))
    flat = (QA.reshape(S, m * n), QB.reshape(S, m * n))
    for p in (0, 1):
        values[rows, p] = flat[p][rows, pick[rows]]
        values[missing, p] = np.einsum("si,sij,sj->s", x[missing], (QA, QB)[p][missing], y[missing])
    code = np.where(has_pure, pick, -1)
    digest = hashlib.blake2b(code.tobytes(), digest_size=16)
    if missing.size:
        digest.update(np.round(np.concatenate([x[missing], y[missing]], axis=1), 8).tobytes())
    return StateEquilibria(x, y, values, digest.digest(), int(missing.size))


def selection_matters(QA: FloatArray, QB: FloatArray, tol: float) -> IntArray:
    """States where two selection rules pick different equilibria of ``(QA[s], QB[s])``."""
    S = QA.shape[0]
    mask = _pure_mask(QA, QB, tol)
    counts = mask.reshape(S, -1).sum(axis=1)
    differ = np.zeros(S, dtype=bool)
    multi = np.flatnonzero(counts > 1)
    if multi.size:
        picks = np.stack(
            [_select_pure(QA[multi], QB[multi], mask[multi], r, tol) for r in SELECTIONS]
        )
        differ[multi] = (picks != picks[0]).any(axis=0)
    mixed = np.flatnonzero(counts == 0)
    if mixed.size:  # a state with a single mixed equilibrium leaves no choice to any rule
        good = _mixed_candidates(QA[mixed], QB[mixed], tol)[3]
        mixed = mixed[good.sum(axis=1) != 1]
    for s, eqs in _mixed_lists(QA, QB, mixed, tol).items():
        if len(eqs) > 1:
            chosen = {id(_select_mixed(eqs, r, tol)) for r in SELECTIONS}
            differ[s] = len(chosen) > 1
    return np.asarray(np.flatnonzero(differ), dtype=np.int64)
