"""Values shared by the repeated-game solvers: discount factors, thresholds, JSON.

A *value* is a :class:`fractions.Fraction` (exact games), a float (numeric
games) or a sympy expression (symbolic games); ``float('inf')`` marks a
threshold that no patience reaches.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from tradegame.game import Game, to_fraction

Value = Any  # a Fraction, a float, or a sympy expression
Profile = tuple[int, int]

INF = float("inf")
FLOAT_SLACK = 1e-12  # for comparing an inexact threshold with delta, or with another


def profile(g: Game, actions: Any, what: str) -> Profile:
    if isinstance(actions, str | bytes) or not isinstance(actions, Sequence) or len(actions) != 2:
        raise ValueError(f"{what} must be a pair (row action, col action); got {actions!r}")
    return (g.action_index(0, actions[0]), g.action_index(1, actions[1]))


def check_delta(delta: Any, players: tuple[str, str]) -> tuple[Value, Value]:
    if hasattr(delta, "__len__") and not isinstance(delta, str | bytes):  # also numpy arrays
        if len(delta) != 2:
            raise ValueError(
                "delta must be a number in (0, 1) or a (row, col) pair of them; "
                f"got a sequence of {len(delta)} values"
            )
    else:
        delta = (delta, delta)
    checked = []
    for value, player in zip(delta, players, strict=True):
        if getattr(value, "free_symbols", None):  # a sympy expression: cannot be checked
            checked.append(value)
            continue
        is_real = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if not (is_real or getattr(value, "is_number", False)):  # also sympy numbers
            raise ValueError(f"delta of {player} must be a number in (0, 1); got {value!r}")
        if math.isnan(float(value)) or not 0 < float(value) < 1:
            raise ValueError(f"delta of {player} must be strictly between 0 and 1; got {value!r}")
        rational = isinstance(value, Fraction) or getattr(value, "is_Rational", False)
        checked.append(to_fraction(value) if rational else float(value))
    return checked[0], checked[1]


def point_mapping(point: Mapping[Any, Any], g: Game, delta: Sequence[Any]) -> dict[Any, Any]:
    """``point`` with its keys resolved to the game's symbols and rationals made exact."""
    import sympy

    symbols: dict[str, Any] = {}
    for x in (*g.A.flat, *g.B.flat, *delta):
        symbols.update({str(s): s for s in getattr(x, "free_symbols", set())})
    mapping = {}
    for key, value in point.items():
        fraction = to_fraction(value)
        key = symbols.get(str(key), sympy.Symbol(str(key)))
        mapping[key] = value if fraction is None else sympy.Rational(str(fraction))
    return mapping


def as_number(x: Any, mapping: Mapping[Any, Any] | None) -> Fraction | float | None:
    """A Fraction when ``x`` is rational, a float otherwise; None if it stays symbolic."""
    if x is None:
        return None
    if getattr(x, "free_symbols", None):
        if not mapping:
            return None
        x = x.subs(mapping)
        if x.free_symbols:
            return None
    fraction = to_fraction(x)
    return fraction if fraction is not None else float(x)


def at_most(threshold: Value, delta: Value, mapping: Mapping[Any, Any] | None) -> bool | None:
    t, dl = as_number(threshold, mapping), as_number(delta, mapping)
    if t is None or dl is None:
        return None
    if isinstance(t, Fraction) and isinstance(dl, Fraction):
        return t <= dl
    return t <= dl + FLOAT_SLACK


def text(x: Any) -> str:
    if isinstance(x, float):
        return "inf" if x == INF else f"{x:.6g}"
    return str(x)


def json_value(x: Any) -> Any:
    if isinstance(x, tuple | list):
        return [json_value(y) for y in x]
    if x is None or isinstance(x, bool | int | str):
        return x
    if isinstance(x, float):
        return "inf" if x == INF else ("nan" if math.isnan(x) else x)
    return str(x)  # Fraction ("1/2") or sympy expression
