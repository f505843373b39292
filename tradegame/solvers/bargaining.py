r"""Bargaining: the Nash solution, alternating offers (Rubinstein), and splits over time.

Every pair is ``(row, col)``: player 0 is the row player, as in :mod:`tradegame.game`.

**Nash bargaining** (Nash 1950; Kalai 1977). With disagreement point :math:`d`
and the row player's bargaining power :math:`\alpha \in [0, 1]`, the solution
maximises :math:`(u_1 - d_1)^{\alpha} (u_2 - d_2)^{1 - \alpha}` over the
feasible :math:`u \ge d`. On a frontier segment :math:`u_2 = a - b u_1`
(:math:`b > 0`), with gains :math:`g = u_1 - d_1` and
:math:`h = u_2 - d_2 = c - b g`, the first-order condition
:math:`\alpha / g = (1 - \alpha) b / h` gives :math:`g = \alpha c / b`,
:math:`h = (1 - \alpha) c`: exact for rational data. The log Nash product is
concave along a concave frontier, so the maximiser is where its derivative
changes sign, inside a segment or at a vertex.

**Alternating offers.** Players split a pie :math:`\pi`; proposers alternate
in periods :math:`t = 0, 1, \ldots`. The responder accepts (player :math:`i`
gets :math:`\delta_i^t x_i`), rejects and proposes next period, or rejects and
opts out, which ends the game with each player :math:`i` getting its outside
option :math:`\delta_i^t w_i`. Only a responder opts out, when it rejects: the
model of Binmore, Shaked and Sutton (1989) and Muthoo (1999, ch. 5), with
options on both sides (Osborne and Rubinstein 1990, §3.12, treat one side).
If :math:`w_1 + w_2 < \pi` the subgame perfect equilibrium is unique,
stationary, with immediate agreement. The column player's share when it
responds, :math:`a`, and the row player's, :math:`y`, solve the contraction
(modulus :math:`\delta_1 \delta_2`)

.. math:: a = \max\{\delta_2 (\pi - y), w_2\}, \qquad y = \max\{\delta_1 (\pi - a), w_1\},

one of four closed forms (no option binds, either binds, both bind). With
none binding the first proposer gets :math:`\pi (1 - \delta_2) / (1 - \delta_1
\delta_2)` (Rubinstein 1982). By the outside-option principle an option binds
only when it beats rejecting and bargaining on, and then it is offered exactly.

Numbers: integers, fractions and short decimal floats (``0.9`` is 9/10, as in
:func:`tradegame.game.to_fraction`) give exact :class:`fractions.Fraction`
results; other floats give floats, with an absolute tolerance ``tol`` that
defaults to ``1e-9 * max(1, spread)``, ``spread`` being the range of payoffs.

References
----------
J. F. Nash, "The bargaining problem", *Econometrica* 18 (1950) 155–162.
E. Kalai, "Nonsymmetric Nash solutions and replications of 2-person
bargaining", *Int. J. Game Theory* 6 (1977) 129–133.
A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica* 50 (1982) 97–109.
K. Binmore, A. Rubinstein and A. Wolinsky, "The Nash bargaining solution in
economic modelling", *RAND J. Econ.* 17 (1986) 176–188.
K. Binmore, A. Shaked and J. Sutton, "An outside option experiment", *QJE* 104 (1989) 753–770.
M. J. Osborne and A. Rubinstein, *Bargaining and Markets*, Academic Press (1990), ch. 3.
A. Muthoo, *Bargaining Theory with Applications*, Cambridge UP (1999), ch. 5.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.game import to_fraction
from tradegame.solvers import _markdown as md
from tradegame.solvers._values import json_value, text

__all__ = [
    "Bargain",
    "SplitPath",
    "nash_bargaining",
    "split_path",
]

Number = Fraction | float
Scalar = Any  # a Fraction or a float inside the generic arithmetic below
Point = tuple[Scalar, Scalar]
Frontier = Callable[[float], float] | Any  # a callable u2 = f(u1), or a (k, 2) array of points

_GRID = 257  # sample points for checking and searching a callable frontier
_AGREE = 1e-6  # relative agreement of the two methods for a callable frontier


# ---------------------------------------------------------------------------- input checks


def number_arg(name: str, value: Any) -> Number:
    """``value`` as a Fraction when rational (short decimals included), else a finite float."""
    if isinstance(value, bool | str | bytes) or value is None:
        raise ValueError(f"{name} must be a number; got {value!r}")
    fraction = to_fraction(value)
    if fraction is not None:
        return fraction
    if not isinstance(value, numbers.Real):
        try:
            value = float(value)  # sympy and numpy numbers
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number; got {value!r}") from None
    if not math.isfinite(float(value)):
        raise ValueError(f"{name} must be finite; got {value!r}")
    return float(value)


def pair_arg(name: str, value: Any) -> tuple[Number, Number]:
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or len(value) != 2:
        raise ValueError(f"{name} must be a pair (row, col) of numbers; got {value!r}")
    return number_arg(f"{name}[0]", value[0]), number_arg(f"{name}[1]", value[1])


def unify(values: Sequence[Number]) -> tuple[list[Number], bool]:
    """All Fractions (exact) or, as soon as one value is inexact, all floats."""
    if all(isinstance(v, Fraction) for v in values):
        return list(values), True
    return [float(v) for v in values], False


def _weight(weight: Any) -> Number:
    alpha = number_arg("weight", weight)
    if not 0 <= alpha <= 1:
        raise ValueError(
            f"weight (the row player's bargaining power) must be in [0, 1]; got {weight!r}"
        )
    return alpha


def _tol(tol: Any, spread: float) -> float:
    if tol is None:
        return 1e-9 * max(1.0, spread)
    if isinstance(tol, bool) or not isinstance(tol, numbers.Real) or not 0 <= float(tol) < math.inf:
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
    return float(tol)


# ------------------------------------------------------------------------------ Nash results


@dataclass(frozen=True)
class Bargain:
    r"""The asymmetric Nash bargaining solution; ``u1, u2 = bargain`` unpacks the payoffs.

    Attributes
    ----------
    payoffs : the agreed ``(row, col)`` payoffs; the disagreement point if not ``feasible``.
    disagreement : the disagreement point :math:`d`.
    weight : the row player's bargaining power :math:`\alpha`.
    feasible : whether some feasible point gives both players strictly more than :math:`d`.
    exact : True when every number is a Fraction, computed without rounding.
    converged : for a callable frontier, whether a direct maximisation and the
        first-order condition agree to ``1e-6`` of the searched interval; else True.
    """

    payoffs: tuple[Number, Number]
    disagreement: tuple[Number, Number]
    weight: Number
    feasible: bool
    exact: bool
    converged: bool = True

    @property
    def gains(self) -> tuple[Number, Number]:
        """``payoffs - disagreement``, for each player."""
        (u1, u2), (d1, d2) = self.payoffs, self.disagreement
        return (u1 - d1, u2 - d2)

    def __iter__(self) -> Iterator[Number]:
        return iter(self.payoffs)

    def __repr__(self) -> str:
        pair = show_pair
        if not self.feasible:
            head = f"no gain over the disagreement point {pair(self.disagreement)}"
        else:
            head = f"payoffs={pair(self.payoffs)}, gains={pair(self.gains)}"
            head += f", disagreement={pair(self.disagreement)}"
        flags = ("exact" if self.exact else "float") + ("" if self.converged else ", NOT converged")
        return f"Bargain({head}, weight={text(self.weight)}, {flags})"

    def _repr_markdown_(self) -> str:
        """Payoffs, gains and the disagreement point, for notebooks (exact as maths)."""
        head = md.title("Nash bargaining solution") + f" with weight α = {md.number(self.weight)}"
        if not self.feasible:
            head += ": no point gives both players more than the disagreement point"
        if not self.converged:
            head += " (**not converged**)"
        rows = [
            ["payoff", *(md.number(x) for x in self.payoffs)],
            ["gain", *(md.number(x) for x in self.gains)],
            ["disagreement", *(md.number(x) for x in self.disagreement)],
        ]
        return f"{head}\n\n" + md.table(["", "row", "col"], rows)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description: fractions as text such as ``"3/5"``, plus floats."""
        flags = {"feasible": self.feasible, "exact": self.exact, "converged": self.converged}
        return flags | float_fields(self, ("payoffs", "gains", "disagreement", "weight"))


def show_pair(p: Sequence[Any]) -> str:
    return f"({text(p[0])}, {text(p[1])})"


def float_fields(result: Any, names: Sequence[str]) -> dict[str, Any]:
    """Each named attribute as exact text (``"3/5"``) and, under ``NAME_float``, as floats."""
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(result, name)
        out[name] = json_value(value)
        out[f"{name}_float"] = (
            [float(x) for x in value] if isinstance(value, tuple) else float(value)
        )
    return out


@dataclass(frozen=True, eq=False)
class SplitPath:
    """Nash splits for a sequence of disagreement points: ``bargains``, one per period."""

    bargains: tuple[Bargain, ...]

    @property
    def payoffs(self) -> npt.NDArray[np.float64]:
        """The agreed payoffs as a ``(periods, 2)`` float array."""
        return np.array([[float(x) for x in b.payoffs] for b in self.bargains]).reshape(-1, 2)

    @property
    def feasible(self) -> tuple[bool, ...]:
        """Per period, whether agreement gives both players a strict gain."""
        return tuple(b.feasible for b in self.bargains)

    def __len__(self) -> int:
        return len(self.bargains)

    def __iter__(self) -> Iterator[Bargain]:
        return iter(self.bargains)

    def __getitem__(self, t: int) -> Bargain:
        return self.bargains[t]

    def __repr__(self) -> str:
        shown = ", ".join(show_pair(b.payoffs) for b in self.bargains[:4])
        more = ", ..." if len(self.bargains) > 4 else ""
        return f"SplitPath({len(self)} periods: {shown}{more})"

    def _repr_markdown_(self) -> str:
        """One row per period, for notebooks; a long path keeps its first and last periods."""
        agree = sum(self.feasible)
        head = md.title("Nash splits") + f" over {len(self)} periods, a gain for both in {agree}"
        rows = [
            [str(t), md.pair(b.disagreement), md.pair(b.payoffs), "yes" if b.feasible else "no"]
            for t, b in enumerate(self.bargains)
        ]
        table = md.table(["t", "disagreement", "split", "gain for both"], rows)
        return f"{head}\n\n{table}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description: one entry per period."""
        return {"periods": len(self), "bargains": [b.to_dict() for b in self.bargains]}


# ------------------------------------------------------------------------ polygonal frontiers


def _cross(o: Point, a: Point, b: Point) -> Scalar:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _pareto_frontier(points: Sequence[Point]) -> list[Point]:
    """The strong Pareto frontier of the convex hull of ``points``.

    Returns its vertices from the top-left end (most for the column player) to
    the bottom-right end (most for the row player): ``u1`` strictly increases
    and ``u2`` strictly decreases along the list. Exact for Fractions.
    """
    pts = sorted(set(points))
    top = max(p[1] for p in pts)
    start = max(p for p in pts if p[1] == top)  # the best for col, then the best for row
    candidates = [start, *(p for p in pts if p[0] > start[0])]
    chain: list[Point] = []
    for p in candidates:  # the upper hull, left to right, without collinear vertices
        while len(chain) >= 2 and _cross(chain[-2], chain[-1], p) >= 0:
            chain.pop()
        chain.append(p)
    return chain


def _clip(chain: list[Point], d: Point) -> list[Point]:
    """The part of a frontier chain with ``u >= d``; interpolated ends are exact for Fractions."""
    if not chain or chain[-1][0] < d[0] or chain[0][1] < d[1]:
        return []
    i = next(k for k, p in enumerate(chain) if p[0] >= d[0])
    if i > 0 and chain[i][0] > d[0]:
        (x0, y0), (x1, y1) = chain[i - 1], chain[i]
        chain = [(d[0], y0 + (y1 - y0) * (d[0] - x0) / (x1 - x0)), *chain[i:]]
    else:
        chain = chain[i:]
    if chain[0][1] < d[1]:
        return []
    j = max(k for k, p in enumerate(chain) if p[1] >= d[1])
    if j < len(chain) - 1 and chain[j][1] > d[1]:
        (x0, y0), (x1, y1) = chain[j], chain[j + 1]
        chain = [*chain[: j + 1], (x0 + (x1 - x0) * (y0 - d[1]) / (y0 - y1), d[1])]
    else:
        chain = chain[: j + 1]
    return chain


def _best_min_gain(chain: list[Point], d: Point) -> Scalar:
    """``max min(u1 - d1, u2 - d2)`` over a clipped chain: how far it clears ``d``."""
    best = max(min(p[0] - d[0], p[1] - d[1]) for p in chain)
    for (x0, y0), (x1, y1) in pairwise(chain):
        lo, hi = (x0 - d[0]) - (y0 - d[1]), (x1 - d[0]) - (y1 - d[1])  # g - h rises along
        if lo < 0 < hi:
            t = -lo / (hi - lo)
            best = max(best, x0 + t * (x1 - x0) - d[0])
    return best


def _solve_chain(chain: list[Point], d: Point, alpha: Scalar) -> Point:
    """The maximiser along a clipped chain: where the derivative of the log product turns."""
    for P, Q in pairwise(chain):
        b = (P[1] - Q[1]) / (Q[0] - P[0])  # minus the slope; > 0 on a Pareto frontier
        if alpha * (Q[1] - d[1]) - (1 - alpha) * b * (Q[0] - d[0]) >= 0:
            continue  # still rising at Q
        if alpha * (P[1] - d[1]) - (1 - alpha) * b * (P[0] - d[0]) <= 0:
            return P  # falling from P on: the vertex is the maximiser
        c = (P[1] - d[1]) + b * (P[0] - d[0])
        return (d[0] + alpha * c / b, d[1] + (1 - alpha) * c)
    return chain[-1]


class _Polygon:
    """A frontier given by points, prepared once: exact and float frontier chains."""

    def __init__(self, frontier: Any) -> None:
        if isinstance(frontier, str | bytes):
            raise ValueError("frontier must be a (k, 2) array of payoff pairs, or a callable")
        try:
            arr = np.asarray(frontier, dtype=object)
            rows = [tuple(r) for r in arr.reshape(-1, 2)]
        except (TypeError, ValueError):
            raise ValueError(
                "frontier must be a (k, 2) array of payoff pairs, or a callable"
            ) from None
        if len(rows) == 0 or arr.ndim != 2 or arr.shape[1] != 2:
            raise ValueError(
                f"frontier points must form a (k, 2) array with k >= 1; got shape {arr.shape}"
            )
        values = [
            number_arg(f"frontier[{k}][{i}]", x)
            for k, r in enumerate(rows)
            for i, x in enumerate(r)
        ]
        pts = [(values[2 * k], values[2 * k + 1]) for k in range(len(rows))]
        floats = [(float(x), float(y)) for x, y in pts]
        self.exact = all(isinstance(v, Fraction) for v in values)
        self.chain_exact = _pareto_frontier(pts) if self.exact else None
        self.chain_float = _pareto_frontier(floats)
        coords = [c for p in floats for c in p]
        self.low, self.high = min(coords), max(coords)

    def solve(self, d: tuple[Number, Number], alpha: Number, tol: Any) -> Bargain:
        (d1, d2, a), exact = unify([d[0], d[1], alpha])
        exact = exact and self.exact
        if exact:
            assert self.chain_exact is not None
            chain, dd, alpha_, eps = self.chain_exact, (d1, d2), a, 0.0
        else:
            chain, dd, alpha_ = self.chain_float, (float(d1), float(d2)), float(a)
            spread = max(self.high, *dd) - min(self.low, *dd)
            eps = _tol(tol, spread)
        clipped = _clip(chain, dd)
        if not clipped or _best_min_gain(clipped, dd) <= eps:
            return Bargain(dd, dd, alpha_, feasible=False, exact=exact)
        return Bargain(_solve_chain(clipped, dd, alpha_), dd, alpha_, feasible=True, exact=exact)


# -------------------------------------------------------------------------- curved frontiers


class _Curve:
    """A frontier given as a strictly decreasing function ``u2 = f(u1)`` on ``[lo, hi]``."""

    def __init__(self, f: Callable[[float], float], domain: Any) -> None:
        lo, hi = (float(v) for v in pair_arg("domain", domain))
        if not lo < hi:
            raise ValueError(f"domain must be (lo, hi) with lo < hi; got {domain!r}")
        self.f, self.lo, self.hi = f, lo, hi
        xs = np.linspace(lo, hi, _GRID)
        ys = np.array([self(x) for x in xs])
        if not np.all(np.diff(ys) < 0):
            k = int(np.argmax(np.diff(ys) >= 0))
            raise ValueError(
                "a frontier must be strictly decreasing (a Pareto frontier); "
                f"f({xs[k]:.6g}) = {ys[k]:.6g} but f({xs[k + 1]:.6g}) = {ys[k + 1]:.6g}"
            )
        self.low, self.high = min(lo, float(ys.min())), max(hi, float(ys.max()))

    def __call__(self, x: float) -> float:
        try:
            y = float(self.f(float(x)))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"frontier({x:.6g}) must return a number: {exc}") from None
        if not math.isfinite(y):
            raise ValueError(f"frontier({x:.6g}) must be finite on the domain; got {y}")
        return y

    def solve(self, d: tuple[Number, Number], alpha: Number, tol: Any) -> Bargain:
        from scipy.optimize import brentq, minimize_scalar

        d1, d2, a = float(d[0]), float(d[1]), float(alpha)
        eps = _tol(tol, max(self.high, d1, d2) - min(self.low, d1, d2))
        xtol = max(eps, 1e-12 * max(1.0, self.hi - self.lo))
        left = max(self.lo, d1)
        if left > self.hi or self(left) - d2 <= eps:
            return Bargain((d1, d2), (d1, d2), a, feasible=False, exact=False)
        right = (
            self.hi
            if self(self.hi) >= d2
            else brentq(lambda x: self(x) - d2, left, self.hi, xtol=xtol)
        )
        if right - left <= eps:
            return Bargain((d1, d2), (d1, d2), a, feasible=False, exact=False)
        if a in (0.0, 1.0):  # all power to one side: the end of the frontier it prefers
            x = left if a == 0.0 else right
            return Bargain((x, self(x)), (d1, d2), a, feasible=True, exact=False)

        def log_product(x: float) -> float:
            g, h = x - d1, self(x) - d2
            return a * math.log(g) + (1 - a) * math.log(h) if g > 0 and h > 0 else -math.inf

        # A grid first, so a non-concave curve does not trap the local methods.
        xs = np.linspace(left, right, _GRID)
        k = int(np.argmax([log_product(x) for x in xs]))
        lo_b, hi_b = xs[max(k - 1, 0)], xs[min(k + 1, _GRID - 1)]
        direct = float(
            minimize_scalar(
                lambda x: -log_product(x),
                bounds=(lo_b, hi_b),
                method="bounded",
                options={"xatol": xtol},
            ).x
        )
        best = max([direct, lo_b, hi_b], key=log_product)
        # The first-order condition a h + (1 - a) g f'(x) = 0, with f' by central differences.
        step = 1e-6 * max(1.0, self.hi - self.lo)

        def foc(x: float) -> float:
            x0, x1 = max(self.lo, x - step), min(self.hi, x + step)
            slope = (self(x1) - self(x0)) / (x1 - x0)
            return a * (self(x) - d2) + (1 - a) * (x - d1) * slope

        if foc(lo_b) > 0 > foc(hi_b):
            root = float(brentq(foc, lo_b, hi_b, xtol=xtol))
            if log_product(root) >= log_product(best) - 1e-12 * max(1.0, abs(log_product(best))):
                best = root
        converged = abs(best - direct) <= _AGREE * max(1.0, right - left)
        return Bargain((float(best), self(best)), (d1, d2), a, True, False, converged)


# -------------------------------------------------------------------------- Nash: public API


def _prepare(frontier: Frontier, domain: Any) -> _Polygon | _Curve:
    if callable(frontier):
        if domain is None:
            raise ValueError("a callable frontier u2 = f(u1) needs domain=(lo, hi) for u1")
        return _Curve(frontier, domain)
    if domain is not None:
        raise ValueError("domain applies only to a callable frontier; points define their own")
    return _Polygon(frontier)


def nash_bargaining(
    frontier: Frontier,
    disagreement: Any,
    weight: Any = 0.5,
    tol: float | None = None,
    *,
    domain: Any = None,
) -> Bargain:
    r"""The asymmetric Nash bargaining solution (Nash 1950; Kalai 1977).

    Parameters
    ----------
    frontier : (k, 2) array_like, or callable
        Payoff pairs ``(u1, u2)`` whose convex hull is the feasible set (the
        solution is on its upper-right boundary, at a vertex or inside a
        segment, from the closed form in the module docstring); or a function
        ``u2 = f(u1)``, strictly decreasing on ``domain``, used as given (not
        convexified): a grid brackets the maximum, a bounded scalar
        minimisation refines it and the first-order condition (central-
        difference slope) is solved in the bracket, as a cross-check.
    disagreement : (d1, d2)
        What each player gets without agreement.
    weight : number in [0, 1]
        The row player's bargaining power :math:`\alpha`. At 0 and 1 the
        solution is the end of the frontier part dominating :math:`d` that the
        column or the row player prefers.
    tol : float, optional
        Absolute tolerance for inexact inputs: gains up to ``tol`` count as
        none, and it is the accuracy sought in ``u1`` on a callable frontier.
        Default ``1e-9 * max(1, payoff range)``. Exact inputs ignore it.
    domain : (lo, hi), keyword-only
        The interval of ``u1`` where a callable frontier is defined.

    Returns
    -------
    Bargain
        Exact when the points, ``disagreement`` and ``weight`` are rational.
        If no feasible point gives both players strictly more than :math:`d`,
        ``feasible`` is False and the payoffs are :math:`d`.

    Examples
    --------
    >>> nash_bargaining([(0, 1), (1, 0)], (0.2, 0)).payoffs
    (Fraction(3, 5), Fraction(2, 5))
    >>> u = nash_bargaining(lambda x: 1 - x, (0.2, 0), domain=(0, 1))
    >>> round(u.payoffs[0], 9)
    0.6
    """
    _tol(tol, 1.0)  # checked even when exact inputs leave it unused
    solver = _prepare(frontier, domain)
    return solver.solve(pair_arg("disagreement", disagreement), _weight(weight), tol)


def split_path(
    disagreements: Any,
    frontier: Frontier,
    weight: Any = 0.5,
    tol: float | None = None,
    *,
    domain: Any = None,
) -> SplitPath:
    r"""The Nash split in each period, as the disagreement point moves.

    As substitutes mature, the target of a restriction loses less in the
    retaliation equilibrium: its disagreement payoff rises, the leverage
    holder's falls, and with the frontier fixed the split follows period by
    period. ``disagreements`` is a ``(T, 2)`` array_like, one point per
    period; the other parameters are those of :func:`nash_bargaining`, and the
    frontier is prepared once. Returns a :class:`SplitPath`.

    Examples
    --------
    >>> path = split_path([(0, 0), (0.2, 0), (0.4, 0)], [(0, 1), (1, 0)])
    >>> [str(b.payoffs[0]) for b in path]
    ['1/2', '3/5', '7/10']
    """
    _tol(tol, 1.0)
    solver = _prepare(frontier, domain)
    alpha = _weight(weight)
    if isinstance(disagreements, str | bytes) or not hasattr(disagreements, "__len__"):
        raise ValueError("disagreements must be a sequence of (d1, d2) pairs, one per period")
    points = [pair_arg(f"disagreements[{t}]", d) for t, d in enumerate(disagreements)]
    return SplitPath(tuple(solver.solve(d, alpha, tol) for d in points))


# ----------------------------------------------------------------------------- Rubinstein
