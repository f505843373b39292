r"""Rubinstein's alternating offers, with outside options: the first proposer's share.

Conventions and number handling follow :mod:`tradegame.solvers.bargaining`.

Tolerance: rational inputs (short decimals included) give exact shares, with no
tolerance. Float inputs use the closed forms in floats, written so that
discount factors near 1 lose no digits (``1 - d1*d2`` as ``(1 - d1) + d1*(1 -
d2)``); the shares are then accurate to a few units of rounding, relative to the
pie, for any discount factors in (0, 1).

References
----------
.. [1] A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica*
   50(1), 1982, pp. 97-109.
.. [2] K. Binmore, A. Shaked and J. Sutton, "An outside option experiment",
   *Quarterly Journal of Economics* 104(4), 1989, pp. 753-770.
.. [3] A. Muthoo, *Bargaining Theory with Applications*, Cambridge University
   Press, 1999, chapter 5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradegame.solvers import _markdown as md
from tradegame.solvers._values import text
from tradegame.solvers.bargaining import (
    Number,
    Scalar,
    float_fields,
    number_arg,
    pair_arg,
    show_pair,
    unify,
)

__all__ = ["RubinsteinResult", "rubinstein"]


@dataclass(frozen=True)
class RubinsteinResult:
    r"""The equilibrium of alternating offers; ``float(result)`` is the first proposer's payoff.

    Attributes
    ----------
    shares : ``(row, col)`` payoffs: the agreed split, or the outside options without agreement.
    demands : what each player keeps when it proposes (its stationary offer).
    first : ``"row"`` or ``"col"``, the first proposer.
    delta, outside, pie : the discount factors, outside options and pie, as read.
    binding : per player, whether its outside option strictly beats rejecting and
        bargaining on, so that the other's offer equals it; both False without agreement.
    agreement : False when the outside options sum to the pie or more: each takes its own.
    exact : True when every number is a Fraction.
    """

    shares: tuple[Number, Number]
    demands: tuple[Number, Number]
    first: str
    delta: tuple[Number, Number]
    outside: tuple[Number, Number]
    pie: Number
    binding: tuple[bool, bool]
    agreement: bool
    exact: bool

    @property
    def proposer_share(self) -> Number:
        """The first proposer's payoff."""
        return self.shares[0 if self.first == "row" else 1]

    @property
    def immediate(self) -> bool:
        """Whether agreement comes in the first period (always, when there is one)."""
        return self.agreement

    def __float__(self) -> float:
        return float(self.proposer_share)

    def __repr__(self) -> str:
        if self.agreement:
            binds = [p for p, b in zip(("row", "col"), self.binding, strict=True) if b]
            deal = "immediate agreement" + (
                f", {' and '.join(binds)} option{'s bind' if len(binds) == 2 else ' binds'}"
                if binds
                else ""
            )
        else:
            deal = "no agreement: the outside options use up the pie"
        return (
            f"RubinsteinResult(shares={show_pair(self.shares)}, first={self.first}, "
            f"delta={show_pair(self.delta)}, outside={show_pair(self.outside)}, "
            f"pie={text(self.pie)}, {deal}, {'exact' if self.exact else 'float'})"
        )

    def _repr_markdown_(self) -> str:
        """Shares, demands, discount factors and outside options, for notebooks (exact as maths)."""
        head = md.title("Rubinstein bargaining")
        if self.agreement:
            head += f": immediate agreement, {self.first} proposes first"
        else:
            head += ": no agreement, the outside options use up the pie"
        rows = [
            ["share", *(md.number(x) for x in self.shares)],
            ["demand as proposer", *(md.number(x) for x in self.demands)],
            ["discount factor δ", *(md.number(x) for x in self.delta)],
            ["outside option", *(md.number(x) for x in self.outside)],
            ["option binds", *("yes" if b else "no" for b in self.binding)],
        ]
        table = md.table(["", "row", "col"], rows)
        return f"{head}\n\n{table}\n\nThe pie: {md.number(self.pie)}."

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description: fractions as text such as ``"10/19"``, plus floats."""
        flags = {"first": self.first, "binding": list(self.binding), "exact": self.exact}
        flags |= {"agreement": self.agreement, "immediate": self.immediate}
        names = ("shares", "proposer_share", "demands", "delta", "outside", "pie")
        return flags | float_fields(self, names)


def _responder_values(
    pie: Scalar, d1: Scalar, d2: Scalar, w1: Scalar, w2: Scalar
) -> tuple[Scalar, Scalar]:
    """The fixed point ``(a, y)``: col's share when responding, row's share when responding."""
    # 1 - d1*d2 written as (1 - d1) + d1*(1 - d2): with floats near 1, 1 - d is exact
    # while 1 - d1*d2 loses most of its digits to rounding (the shares went wrong
    # within about 4e-9 of 1).
    patience = (1 - d1) + d1 * (1 - d2)
    rubinstein_ = (d2 * pie * (1 - d1) / patience, d1 * pie * (1 - d2) / patience)
    candidates = [
        rubinstein_,  # no option binds
        (w2, d1 * (pie - w2)),  # col's binds
        (d2 * (pie - w1), w1),  # row's binds
        (w2, w1),  # both bind
    ]

    def residual(c: tuple[Scalar, Scalar]) -> Scalar:
        a, y = c
        return abs(a - max(d2 * (pie - y), w2)) + abs(y - max(d1 * (pie - a), w1))

    # The map is a contraction, so exactly one candidate is its fixed point (residual 0
    # in exact arithmetic); with floats the smallest residual absorbs rounding at ties.
    return min(candidates, key=residual)


def rubinstein(
    delta_row: Any,
    delta_col: Any,
    outside: Any = (0, 0),
    pie: Any = 1,
    first: str = "row",
) -> RubinsteinResult:
    r"""The unique subgame perfect equilibrium of alternating offers, with outside options.

    The model is in the module docstring: a responder accepts, rejects and
    proposes next period, or rejects and opts out (Binmore, Shaked and Sutton
    1989; Muthoo 1999, ch. 5). Without binding options the first proposer gets
    :math:`\pi (1 - \delta_2) / (1 - \delta_1 \delta_2)` (Rubinstein 1982).

    Parameters
    ----------
    delta_row, delta_col : discount factors per period, in (0, 1).
    outside : ``(w_row, w_col)``, outside options, each >= 0.
    pie : the size of the pie, > 0.
    first : ``"row"`` or ``"col"``, who proposes first.

    Returns
    -------
    RubinsteinResult
        Exact when every input is rational (short decimal floats included).
        If ``w_row + w_col >= pie`` there is no agreement (``agreement=False``)
        and the shares are the outside options.

    Examples
    --------
    >>> rubinstein(0.9, 0.9).proposer_share
    Fraction(10, 19)
    >>> rubinstein(0.9, 0.8).proposer_share
    Fraction(5, 7)
    >>> rubinstein(0.9, 0.9, outside=(0, 0.6)).shares
    (Fraction(2, 5), Fraction(3, 5))
    """
    if first not in ("row", "col"):
        raise ValueError(f"first must be 'row' or 'col'; got {first!r}")
    dr, dc = number_arg("delta_row", delta_row), number_arg("delta_col", delta_col)
    for name, value in (("delta_row", dr), ("delta_col", dc)):
        if not 0 < value < 1:
            raise ValueError(f"{name} must be strictly between 0 and 1; got {value}")
    wr, wc = pair_arg("outside", outside)
    if wr < 0 or wc < 0:
        raise ValueError(f"outside options must be >= 0; got ({text(wr)}, {text(wc)})")
    size = number_arg("pie", pie)
    if size <= 0:
        raise ValueError(f"pie must be > 0; got {text(size)}")
    (dr, dc, wr, wc, size), exact = unify([dr, dc, wr, wc, size])
    if wr + wc >= size:
        return RubinsteinResult(
            (wr, wc), (wr, wc), first, (dr, dc), (wr, wc), size, (False, False), False, exact
        )
    a, y = _responder_values(size, dr, dc, wr, wc)
    binding = (bool(wr > dr * (size - a)), bool(wc > dc * (size - y)))
    shares = (size - a, a) if first == "row" else (y, size - y)
    demands = (size - a, size - y)
    return RubinsteinResult(shares, demands, first, (dr, dc), (wr, wc), size, binding, True, exact)
