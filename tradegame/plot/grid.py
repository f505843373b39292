"""The cells of a grid figure: where each grid point's cell ends, and runs of flagged cells.

Each grid point stands for the cell around it, up to the midpoints between it
and its neighbours (geometric midpoints on a log axis); the outermost cells end
at the outermost grid points, so nothing is drawn beyond the values computed.
Values are increasing; ``edges`` has one more entry than ``values``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["cell_runs", "edges_of", "outline", "runs"]

Edges2 = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]
Segment = tuple[tuple[float, float], tuple[float, float]]


def edges_of(values: npt.NDArray[np.float64], scale: str = "linear") -> npt.NDArray[np.float64]:
    """Cell edges of increasing ``values``: midpoints (geometric on a log axis), closed by
    the first and last value; a single value gets a cell around it.

    The cell of a single value ``v`` is ``v ± 10%`` (``± 0.5`` for 0) on a linear
    axis, and ``[v / 1.25, v * 1.25]`` on a log axis.

    Examples
    --------
    >>> import numpy as np
    >>> edges_of(np.array([1.0, 2.0, 4.0])).tolist()
    [1.0, 1.5, 3.0, 4.0]
    >>> edges_of(np.array([1.0, 4.0]), "log").tolist()
    [1.0, 2.0, 4.0]
    """
    if values.size == 1:
        v = float(values[0])
        if scale == "log":
            return np.array([v / 1.25, v * 1.25])
        half = 0.1 * abs(v) or 0.5
        return np.array([v - half, v + half])
    mid = np.sqrt(values[1:] * values[:-1]) if scale == "log" else (values[1:] + values[:-1]) / 2
    return np.concatenate([values[:1], mid, values[-1:]])


def runs(flags: npt.NDArray[np.bool_], edges: npt.NDArray[np.float64]) -> list[tuple[float, float]]:
    """The spans ``(low, high)`` of the runs of neighbouring flagged cells along one axis.

    Examples
    --------
    >>> import numpy as np
    >>> runs(np.array([True, True, False, True]), np.array([0.0, 1.0, 2.0, 3.0, 4.0]))
    [(0.0, 2.0), (3.0, 4.0)]
    """
    out = []
    start = None
    for i, flag in enumerate([*flags.tolist(), False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((float(edges[start]), float(edges[i])))
            start = None
    return out


def cell_runs(
    flags: npt.NDArray[np.bool_], edges: Edges2
) -> list[tuple[float, float, float, float]]:
    """The flagged cells of a 2-D grid as rectangles ``(x0, x1, y0, y1)``: one per run along y."""
    xe, ye = edges
    return [
        (float(xe[i]), float(xe[i + 1]), low, high)
        for i in range(flags.shape[0])
        for low, high in runs(flags[i], ye)
    ]


def outline(flags: npt.NDArray[np.bool_], edges: Edges2) -> list[Segment]:
    """The cell edges between flagged cells and the rest (or the grid's border).

    Each is a segment ``((x0, y0), (x1, y1))``.
    """
    xe, ye = (e.tolist() for e in edges)
    padded = np.pad(flags, 1, constant_values=False)
    segments = []
    for i, j in zip(*np.nonzero(flags), strict=True):
        pi, pj = i + 1, j + 1
        if not padded[pi - 1, pj]:
            segments.append(((xe[i], ye[j]), (xe[i], ye[j + 1])))
        if not padded[pi + 1, pj]:
            segments.append(((xe[i + 1], ye[j]), (xe[i + 1], ye[j + 1])))
        if not padded[pi, pj - 1]:
            segments.append(((xe[i], ye[j]), (xe[i + 1], ye[j])))
        if not padded[pi, pj + 1]:
            segments.append(((xe[i], ye[j + 1]), (xe[i + 1], ye[j + 1])))
    return segments
