"""How a reply, a stated answer and the tool's value are read: numbers, words, yes and no.

The lowest layer of :mod:`tradegame.exercises`: plain functions on text and
numbers, used to validate a file's stated answers (:mod:`.load`) and to
compare replies and the tool's values with them.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

__all__ = [
    "NUMBER_TOKEN",
    "Number",
    "close",
    "decimal",
    "is_infinite",
    "parse_number",
    "tool_number",
    "word",
    "yes_no",
]

Number = Fraction | float  # a float only for ±inf

_EXACT = re.compile(r"[+-]?\d+(?:/0*[1-9]\d*)?")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?")
_MAX_EXPONENT = 400  # 1e400 and beyond are no answer; 10**exponent is costly to build
#: A number written inside a sentence (``1/2``, ``0.5``, ``- 3``), for spotting answers in hints.
NUMBER_TOKEN = re.compile(r"(?<![\w.])[+-]?(?:\d+(?:\.\d+)?(?:\s*/\s*\d+)?|\.\d+)(?![\w])")
_INFINITE = {"inf", "infinity", "∞"}
_YES, _NO = ("yes", "y", "true"), ("no", "n", "false")


def parse_number(text: str) -> tuple[Number, bool]:
    """A number written as text: ``(value, exact)``.

    Integers and fractions (``"-3"``, ``"2/6"``) are exact; decimals
    (``"0.3333"``, ``"1e-3"``) are read exactly but marked inexact, since they
    may be roundings. ``inf``, ``infinity`` and ``∞`` (with a sign) are
    infinite. Anything else raises ValueError.
    """
    t = re.sub(r"\s+", "", text).replace("−", "-")
    bare = t.lstrip("+-").lower()
    if bare in _INFINITE and len(t) - len(bare) <= 1:
        return (-math.inf if t.startswith("-") else math.inf), True
    if _EXACT.fullmatch(t):
        return Fraction(t), True
    decimal = _DECIMAL.fullmatch(t)
    if decimal:
        if decimal.group("exp") and abs(int(decimal.group("exp"))) > _MAX_EXPONENT:
            raise ValueError(f"not a number: {text!r} has an exponent beyond ±{_MAX_EXPONENT}")
        return Fraction(t), False
    raise ValueError(f"not a number: {text!r}")


def is_infinite(x: Number) -> bool:
    """Whether ``x`` is ±inf; a Fraction never is, however large (math.isinf would overflow)."""
    return isinstance(x, float) and math.isinf(x)


def close(a: Number, b: Number, tol: Fraction) -> bool:
    """Whether ``a`` and ``b`` differ by at most ``tol`` (infinities only equal themselves)."""
    if is_infinite(a) or is_infinite(b):
        return a == b
    return abs(Fraction(a) - Fraction(b)) <= tol


def word(text: str) -> str:
    """Lower case, no quotes, one hyphen for any run of spaces, hyphens and underscores."""
    t = re.sub(r"['’\"`]", "", text.strip().lower())
    t = re.sub(r"[\s_-]+", "-", t)
    return re.sub(r"-?([^a-z0-9-])-?", r"\1", t).strip("-")


def yes_no(text: str) -> str | None:
    """``"yes"`` or ``"no"`` for the ways of saying them, else None."""
    t = text.strip().lower()
    return "yes" if t in _YES else "no" if t in _NO else None


def decimal(x: Fraction) -> str:
    """A tolerance as a short decimal: ``Fraction(1, 1000)`` -> ``"0.001"``."""
    return f"{float(x):g}"


def tool_number(value: Any) -> tuple[Number, bool] | None:
    """A value of the tool's JSON output as ``(number, exact)``, or None if it is no number.

    Integers and fraction strings are exact; floats are not.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value), True
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return (value if math.isinf(value) else Fraction(value)), False
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ValueError:
            return None
    return None
