r"""Polynomials in the discount factor, their roots in (0, 1), and the intervals between.

The thresholds of :mod:`tradegame.solvers.thresholds` come from conditions
that are polynomials in :math:`\delta` with exact rational coefficients. This
module isolates their real roots in :math:`(0, 1)` exactly (sympy's root
isolation), orders them, and splits :math:`(0, 1)` into cells on which every
condition has a constant sign, tested at an exact rational point of each cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cmp_to_key
from typing import Any

from tradegame.solvers._values import Value, json_value, text

__all__ = [
    "Cells",
    "Factors",
    "Interval",
    "Poly",
    "Root",
    "coefficients",
    "expression",
    "poly_add",
    "poly_eval",
    "poly_mul",
    "poly_scale",
    "show",
    "trim",
]

Poly = tuple[Any, ...]  # coefficients in delta, constant term first


@dataclass(frozen=True)
class Interval:
    """An interval of discount factors; ``lo`` and ``hi`` are exact numbers (or floats)."""

    lo: Value
    hi: Value
    lo_closed: bool
    hi_closed: bool

    def __contains__(self, delta: object) -> bool:
        lo, hi, x = self.lo, self.hi, delta
        if not all(isinstance(v, Fraction | int | float) for v in (lo, hi, x)):
            import sympy  # an algebraic endpoint: sympy compares it with a rational exactly

            lo, hi, x = (sympy.sympify(v, strict=True) for v in (lo, hi, x))
        above = bool(x >= lo) if self.lo_closed else bool(x > lo)
        below = bool(x <= hi) if self.hi_closed else bool(x < hi)
        return above and below

    def __repr__(self) -> str:
        left, right = "[" if self.lo_closed else "(", "]" if self.hi_closed else ")"
        return f"{left}{show(self.lo)}, {show(self.hi)}{right}"

    def to_dict(self) -> dict[str, Any]:
        """Endpoints as exact text and as floats, and whether each is included."""
        return {
            "lo": json_value(self.lo),
            "hi": json_value(self.hi),
            "lo_float": float(self.lo),
            "hi_float": float(self.hi),
            "lo_closed": self.lo_closed,
            "hi_closed": self.hi_closed,
        }


def coefficients(e: Any) -> Poly:
    terms = {k[0]: Fraction(int(v.numerator), int(v.denominator)) for k, v in dict(e).items()}
    return tuple(terms.get(k, Fraction(0)) for k in range(max(terms, default=-1) + 1))


def poly_add(p: Sequence[Any], q: Sequence[Any]) -> list[Any]:
    if len(p) < len(q):
        p, q = q, p
    return [x + q[k] if k < len(q) else x for k, x in enumerate(p)]


def poly_scale(p: Sequence[Any], c: Any) -> list[Any]:
    return [c * x for x in p]


def poly_mul(p: Sequence[Any], q: Sequence[Any]) -> list[Any]:
    out: list[Any] = [0] * max(len(p) + len(q) - 1, 0)
    for a, x in enumerate(p):
        for b, y in enumerate(q):
            out[a + b] += x * y
    return out


def trim(p: Sequence[Any]) -> Poly:
    out = list(p)
    while out and out[-1] == 0:
        out.pop()
    return tuple(out)


def poly_eval(p: Poly, x: Fraction) -> Fraction:
    value = Fraction(0)
    for c in reversed(p):
        value = value * x + c
    return value


class Root:
    """A root in (0, 1) of a monic irreducible ``factor``, in ``[lo, hi]`` (equal: rational).

    ``index`` counts the factor's smaller real roots, as sympy's ``CRootOf`` does.
    """

    def __init__(self, factor: Poly, lo: Fraction, hi: Fraction, index: int) -> None:
        self.factor, self.lo, self.hi, self.index = factor, lo, hi, index

    def refine(self) -> None:
        """Halve the interval (the root is simple, so the factor changes sign across it)."""
        if self.lo != self.hi:
            mid = (self.lo + self.hi) / 2
            if (poly_eval(self.factor, mid) > 0) == (poly_eval(self.factor, self.lo) > 0):
                self.lo = mid
            else:
                self.hi = mid

    def value(self) -> Value:
        """The root exactly: a Fraction, a radical for a quadratic factor, else a CRootOf."""
        if self.lo == self.hi:
            return self.lo
        import sympy

        x = sympy.Symbol("delta")
        root = sympy.CRootOf(expression(self.factor, x), self.index)
        if len(self.factor) == 3:  # a quadratic: its root in radicals reads better
            target = float(root)
            for radical in sympy.roots(sympy.Poly(expression(self.factor, x), x)):
                if radical.is_real and abs(float(radical) - target) < 1e-12 * max(1, target):
                    return sympy.radsimp(radical)
        return root


def compare_roots(r: Root, s: Root) -> int:
    while True:  # distinct roots: refining separates them
        if r.hi < s.lo:
            return -1
        if s.hi < r.lo:
            return 1
        r.refine()
        s.refine()


class Factors:
    """The irreducible factors of polynomials that have roots in (0, 1), and the roots; cached."""

    def __init__(self) -> None:
        self.of: dict[Poly, frozenset[Poly]] = {}
        self.roots: dict[Poly, list[Root]] = {}

    def add(self, h: Poly) -> frozenset[Poly]:
        if h not in self.of:
            self.of[h] = self._factor(h) if len(h) > 1 else frozenset()
        return self.of[h]

    def _factor(self, h: Poly) -> frozenset[Poly]:
        import sympy

        x = sympy.Symbol("delta")
        keys = set()
        for f, _ in sympy.Poly(expression(h, x), x, domain="QQ").factor_list()[1]:
            f = f.monic()
            key = tuple(Fraction(int(c.p), int(c.q)) for c in reversed(f.all_coeffs()))
            if key not in self.roots:
                self.roots[key] = unit_roots(f, key)
            if self.roots[key]:
                keys.add(key)
        return frozenset(keys)


def unit_roots(f: Any, key: Poly) -> list[Root]:
    if len(key) == 2:  # monic and linear: the root is -key[0]
        r = -key[0]
        return [Root(key, r, r, 0)] if 0 < r < 1 else []
    out = []
    for (a, b), _ in f.intervals(inf=0, sup=1):
        lo, hi = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
        out.append(Root(key, lo, hi, int(f.count_roots(None, a))))
    return out


class Cells:
    """(0, 1) cut at the roots of some polynomials, left to right.

    Cell ``2k`` is the open interval between roots ``k - 1`` and ``k`` (0 and 1
    at the ends), with the rational point ``samples[k]`` in it; cell ``2k + 1``
    is root ``k``.
    """

    def __init__(self, polys: Iterable[Poly], factors: Factors) -> None:
        keys: set[Poly] = set()
        for h in polys:
            keys |= factors.add(h)
        self.factors = factors
        self.roots = sorted(
            (r for k in keys for r in factors.roots[k]), key=cmp_to_key(compare_roots)
        )
        self.count = 2 * len(self.roots) + 1
        self.samples = [self._sample(k) for k in range(len(self.roots) + 1)]
        self._signs: dict[tuple[Poly, int], int] = {}

    def _sample(self, k: int) -> Fraction:
        left = self.roots[k - 1] if k > 0 else None
        right = self.roots[k] if k < len(self.roots) else None
        while (left and left.hi >= (right.lo if right else 1)) or (right and right.lo <= 0):
            for r in (left, right):
                if r:
                    r.refine()
        return ((left.hi if left else Fraction(0)) + (right.lo if right else Fraction(1))) / 2

    def sign(self, h: Poly, cell: int) -> int:
        """The sign of ``h`` on a cell."""
        k, at_root = divmod(cell, 2)
        if at_root and self.roots[k].factor in self.factors.add(h):
            return 0
        if (h, k) not in self._signs:  # at a root that is not its own: the sign to the left
            v = poly_eval(h, self.samples[k])
            self._signs[(h, k)] = (v > 0) - (v < 0)
        return self._signs[(h, k)]

    def runs(self, ok: list[bool]) -> tuple[list[Interval], int | None]:
        """The intervals where ``ok``, and the first cell of the last one if it reaches 1."""
        intervals, start, first = [], None, None
        for c in range(self.count + 1):
            if c < self.count and ok[c]:
                first = c if first is None else first
                continue
            if first is not None:
                last = c - 1
                lo = Fraction(0) if first == 0 else self.roots[(first - 1) // 2].value()
                hi = Fraction(1) if last == self.count - 1 else self.roots[last // 2].value()
                intervals.append(Interval(lo, hi, first % 2 == 1, last % 2 == 1))
                start = first if last == self.count - 1 else None
                first = None
        return intervals, start


def expression(p: Sequence[Any], x: Any) -> Any:
    import sympy

    return sum((sympy.sympify(c, strict=True) * x**k for k, c in enumerate(p)), sympy.Integer(0))


def show(x: Any) -> str:
    if isinstance(x, Fraction | int | float) or getattr(x, "free_symbols", None):
        return text(x)
    if getattr(x, "is_Rational", False):
        return str(x)
    return f"~{float(x):.6g}"  # an algebraic number
