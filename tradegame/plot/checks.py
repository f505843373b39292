"""Checks of the arguments the figures share: parameter names, scales, axes, players, text.

Each check returns the argument in the form the figure uses, or raises a
``ValueError`` with a one-line message that names the argument, says what it
must be and shows what it got.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Real
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "SCALES",
    "check_axis",
    "check_names",
    "check_pair",
    "check_players",
    "check_scales",
    "check_text",
    "is_real",
]

#: The axis scales a figure draws.
SCALES = ("linear", "log")


def is_real(x: Any) -> bool:
    """Whether ``x`` is a real number (a Python or numpy int or float, not a bool)."""
    return isinstance(x, Real) and not isinstance(x, bool | np.bool_)


def check_names(x_name: Any, y_name: Any) -> tuple[str, str]:
    """The two parameters of a two-axis figure: non-empty strings, different."""
    for which, name in (("x_name", x_name), ("y_name", y_name)):
        if not isinstance(name, str) or not name:
            raise ValueError(f"{which} must be a parameter name; got {name!r}")
    if x_name == y_name:
        raise ValueError(f"the two axes must be different parameters; both are {x_name!r}")
    return x_name, y_name


def check_scales(scales: Any) -> tuple[str, str]:
    """The scales of a two-axis figure: a pair of ``"linear"`` or ``"log"``."""
    if (
        isinstance(scales, str)
        or not isinstance(scales, Sequence)
        or len(scales) != 2
        or any(s not in SCALES for s in scales)
    ):
        raise ValueError(f"scales must be a pair of 'linear' or 'log'; got {scales!r}")
    return scales[0], scales[1]


def check_axis(name: str, values: Any, scale: str = "linear") -> npt.NDArray[np.float64]:
    """``values`` as a 1-D float array: at least one, finite, distinct (positive on a log axis)."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"the values of {name!r} must be numbers; got {values!r}") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"the values of {name!r} must be a non-empty 1-D list; got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"the values of {name!r} must be finite; got {arr.tolist()}")
    if np.unique(arr).size != arr.size:
        raise ValueError(f"the values of {name!r} repeat a value: {arr.tolist()}")
    if scale == "log" and np.any(arr <= 0):
        raise ValueError(f"a log axis needs positive values; {name!r} has {arr.min():g}")
    return arr


def check_players(players: Any) -> tuple[str, str]:
    """The players' names: a pair of strings, row player first."""
    if (
        isinstance(players, str)
        or not isinstance(players, Sequence)
        or len(players) != 2
        or not all(isinstance(p, str) for p in players)
    ):
        raise ValueError(f"players must be a pair of names, row player first; got {players!r}")
    return players[0], players[1]


def check_text(which: str, value: Any) -> str:
    """``value``, once it is a string (``which`` names the argument in the message)."""
    if not isinstance(value, str):
        raise ValueError(f"{which} must be a string; got {value!r}")
    return value


def check_pair(which: str, axis: Any) -> tuple[str, Any]:
    """An axis given as ``(parameter name, values)``."""
    if (
        isinstance(axis, str)
        or not isinstance(axis, Sequence)
        or len(axis) != 2
        or not isinstance(axis[0], str)
    ):
        raise ValueError(f"{which} must be a (parameter name, values) pair; got {axis!r}")
    return axis[0], axis[1]
