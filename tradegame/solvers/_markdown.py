r"""Markdown for notebooks: the ``_repr_markdown_`` of every result object.

Jupyter shows an object's ``_repr_markdown_()`` as Markdown, with ``$...$`` as
maths. One convention for every result: a bold title line, then a short list
or a GitHub-flavoured table of the key numbers.

* Numbers: an exact fraction as maths (``$\frac{3}{5}$``), a whole number as
  it is, a float to 6 significant digits, a sympy expression as its LaTeX, and
  infinity as ``∞``. Thresholds are written as the text report writes them
  (:mod:`tradegame.report.numbers`): a decimal, then the exact fraction.
* Text from the user (action, strategy, player and model names) is escaped
  with :func:`text`, so that a ``|`` cannot split a table cell and a ``$``
  cannot open maths.
* Long tables (a path of many periods) keep their first and last rows, with a
  row of ``…`` between them (:func:`table`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from tradegame.game import latex_entry, to_fraction

__all__ = [
    "ELLIPSIS",
    "HEAD",
    "TAIL",
    "number",
    "pair",
    "table",
    "text",
    "threshold",
    "title",
    "vector",
]

HEAD, TAIL = 5, 3  # rows kept at the start and at the end of a long table
ELLIPSIS = "…"

# Markdown's inline specials, and $ (maths in notebooks). Underscores are left
# alone: inside a word (``substitution_time``) they never start emphasis.
_SPECIALS = "\\`*[]<|$"


def text(name: Any) -> str:
    """``name`` as Markdown text on one line, its specials escaped: ``a|b`` -> ``a\\|b``."""
    one_line = " ".join(str(name).split())
    return "".join("\\" + c if c in _SPECIALS else c for c in one_line)


def title(words: str) -> str:
    """The bold title line of a result (``words`` is Markdown already)."""
    return f"**{words}**"


def _exact(x: Any) -> Fraction | None:
    """``x`` as a Fraction when it is held exactly (an int, a Fraction, a sympy Rational)."""
    if isinstance(x, bool):
        return None
    if isinstance(x, Fraction | int | np.integer) or getattr(x, "is_Rational", False):
        return to_fraction(x)
    return None


def _sympy(x: Any) -> bool:
    """A sympy expression or irrational number (not a Python or numpy number)."""
    return hasattr(x, "free_symbols") and not isinstance(x, int | float | Fraction | np.generic)


def number(x: Any, digits: int = 6) -> str:
    r"""A value: ``$\frac{3}{5}$`` when exact, ``2``, ``0.333333``, ``∞``, or sympy's LaTeX.

    None is shown as ``-``, a bool as ``yes`` or ``no``.
    """
    if x is None:
        return "-"
    if isinstance(x, bool | np.bool_):
        return "yes" if x else "no"
    fraction = _exact(x)
    if fraction is not None:
        return str(fraction) if fraction.denominator == 1 else f"${latex_entry(fraction)}$"
    if _sympy(x):
        return f"${latex_entry(x)}$"
    value = float(x)
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    return f"{value:.{digits}g}"


def pair(values: Sequence[Any]) -> str:
    """Two values as ``(a, b)``, each by :func:`number`."""
    return f"({number(values[0])}, {number(values[1])})"


def vector(values: Sequence[Any]) -> str:
    r"""Probabilities as a tuple: ``$(\frac{1}{2},\ \frac{1}{2})$`` when all are exact."""
    if all(_exact(x) is not None for x in values):
        return "$(" + ",\\ ".join(latex_entry(_exact(x)) for x in values) + ")$"
    return "(" + ", ".join(number(x) for x in values) + ")"


def threshold(x: Any) -> str:
    r"""A critical discount factor, as the text report shows it.

    ``∞ (never)`` when no patience is enough; a decimal to four places, then
    the exact fraction (``0.5263 (= $\frac{10}{19}$)``); an irrational exact
    value as its LaTeX and its decimal; a formula in the parameters as its LaTeX.
    """
    if x is None:
        return "-"
    fraction = _exact(x)
    if fraction is not None:
        shown = _decimal4(float(fraction))
        if fraction.denominator == 1 or fraction.denominator > 1000:
            return shown
        return f"{shown} (= ${latex_entry(fraction)}$)"
    if _sympy(x):
        if x.free_symbols:
            return f"${latex_entry(x)}$"
        return f"${latex_entry(x)}$ (≈ {_decimal4(float(x))})"
    value = float(x)
    if math.isinf(value):
        return "∞ (never)"
    return _decimal4(value)


def _decimal4(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    head: int = HEAD,
    tail: int = TAIL,
) -> str:
    """A GitHub-flavoured Markdown table of cells that are Markdown already.

    With more than ``head + tail + 1`` rows, only the first ``head`` and the
    last ``tail`` are kept, with a row of ``…`` between them.
    """
    shown = list(rows)
    if len(shown) > head + tail + 1:
        shown = [*shown[:head], [ELLIPSIS] * len(header), *shown[len(shown) - tail :]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in shown]
    return "\n".join(lines)
