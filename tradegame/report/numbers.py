"""Number formatting shared by every renderer: one place decides how a payoff looks."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

__all__ = ["Shown", "fmt", "fmt_prob", "fmt_threshold"]


class Shown(str):
    """Formatted text that keeps the value it shows, for renderers that typeset maths.

    It is an ordinary ``str`` everywhere else; the LaTeX renderer writes
    ``value`` (an exact fraction or a sympy expression) as maths.
    """

    value: Any

    def __new__(cls, text: str, value: Any) -> Shown:
        shown = super().__new__(cls, text)
        shown.value = value
        return shown

    def __getnewargs__(self) -> tuple[str, Any]:  # type: ignore[override]
        return (str(self), self.value)


def fmt(x: Any, digits: int = 4) -> str:
    """A payoff: up to ``digits`` significant decimals, no trailing zeros, ``-0`` shown as ``0``."""
    if isinstance(x, str):
        return x
    value = float(x)
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}" if abs(value) < 1e-3 or abs(value) >= 1e6 else f"{value:.2f}"
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_prob(x: Any) -> str:
    """A probability: a small fraction when exact (``3/5``), else three decimals."""
    if isinstance(x, Fraction) and x.denominator <= 1000:
        return str(x)
    return f"{float(x):.3f}".rstrip("0").rstrip(".")


def fmt_threshold(x: Any) -> Shown:
    """A critical discount factor: ``∞`` when unsustainable, else a decimal and its fraction."""
    return Shown(_threshold_text(x), x)


def _threshold_text(x: Any) -> str:
    if isinstance(x, Fraction):
        decimal = f"{float(x):.4f}".rstrip("0").rstrip(".") or "0"
        if x.denominator == 1 or x.denominator > 1000:
            return decimal
        return f"{decimal} (= {x})"
    value = float(x)
    if math.isinf(value):
        return "∞ (never)"
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"
