"""Marks: labelled points on a figure, such as a calibrated model's own parameter values.

A mark is ``(label, x, y)`` on a figure over two parameters and ``(label, x)``
on a figure over one. :func:`check_marks` checks the marks a caller gives, for
every figure that takes them, with the same messages; :func:`annotate_mark`
writes a mark's label beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.plot.checks import is_real

__all__ = ["annotate_mark", "check_marks"]


def check_marks(
    marks: Any,
    names: Sequence[str],
    edges: Sequence[npt.NDArray[np.float64]],
) -> list[tuple[Any, ...]]:
    """``marks`` as ``(label, *coordinates)`` with floats, each inside the drawn ``edges``.

    Parameters
    ----------
    marks : sequence of ``(label, x, y)`` or ``(label, x)``, or None
        One coordinate per parameter of the figure; None for no marks.
    names : sequence of str
        The figure's parameters, one per axis (for the messages).
    edges : sequence of 1-D arrays
        Per axis, the cell edges drawn: a mark must lie within the first and
        last edge.

    Returns
    -------
    list of tuple
        ``(label, *coordinates)``, the coordinates as floats.

    Raises
    ------
    ValueError
        If ``marks`` is not a list, a mark is not a string label followed by
        one finite number per axis, or a mark lies outside the axes; the message
        names the mark by its index in ``marks``.

    Examples
    --------
    >>> import numpy as np
    >>> check_marks([("today", 2)], ["cost"], [np.array([0.0, 5.0])])
    [('today', 2.0)]
    >>> check_marks([("far", 9)], ["cost"], [np.array([0.0, 5.0])])
    Traceback (most recent call last):
    ...
    ValueError: marks[0] ('far'): cost must lie within the axes [0, 5]; got 9
    """
    if marks is None:
        return []
    dims = len(names)
    form = "(label, x, y)" if dims == 2 else "(label, x)"
    if isinstance(marks, str) or not isinstance(marks, Sequence):
        raise ValueError(f"marks must be a list of {form}; got {marks!r}")
    out = []
    for n, mark in enumerate(marks):
        if (
            isinstance(mark, str)
            or not isinstance(mark, Sequence)
            or len(mark) != dims + 1
            or not isinstance(mark[0], str)
            or not all(is_real(v) and np.isfinite(float(v)) for v in mark[1:])
        ):
            raise ValueError(
                f"marks[{n}] must be {form} with a string label and finite numbers; got {mark!r}"
            )
        for k, value in enumerate(mark[1:]):
            low, high = float(edges[k][0]), float(edges[k][-1])
            if not low <= float(value) <= high:
                raise ValueError(
                    f"marks[{n}] ({mark[0]!r}): {names[k]} must lie within the axes "
                    f"[{low:g}, {high:g}]; got {float(value):g}"
                )
        out.append((mark[0], *(float(v) for v in mark[1:])))
    return out


def annotate_mark(ax: Any, label: str, x: float, y: float) -> None:
    """Write ``label`` beside the mark at ``(x, y)``, on the side with more room.

    The room is measured in axes coordinates, so the rule holds on log axes too.
    """
    fx, fy = ax.transLimits.transform(ax.transScale.transform((x, y)))
    right = fx < 0.6
    up = fy < 0.6
    ax.annotate(
        label,
        (x, y),
        xytext=(9 if right else -9, 7 if up else -7),
        textcoords="offset points",
        ha="left" if right else "right",
        va="bottom" if up else "top",
        fontsize=8,
        zorder=7,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85, "linewidth": 0},
    )
