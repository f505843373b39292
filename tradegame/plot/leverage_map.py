"""Where restricting pays: the leverage window and the self-harm region over parameters.

Draws a :class:`~tradegame.solvers.regions.LeverageMap`. Over two parameters the
figure is a map of the three regions; over one, the restrictor's three values
(equilibrium, restricting now, never restricting) against the parameter, with
the window and the self-harm region shaded. :func:`leverage_map_data` returns
what is drawn as plain numbers, so tests can check the data of the figure, not
its pixels.

Each grid point stands for the cell around it, up to the midpoints between it
and its neighbours; the outermost cells end at the outermost grid points, so
nothing is drawn beyond the values computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from tradegame.plot.grid import edges_of, runs
from tradegame.plot.labels import axis_labels, wrap
from tradegame.plot.marks import check_marks
from tradegame.plot.style import COLOURS, new_figure
from tradegame.solvers.regions import LeverageMap

__all__ = [
    "NEITHER",
    "REGIONS",
    "REGION_COLOURS",
    "SELF_HARM",
    "WINDOW",
    "leverage_map_data",
    "plot_leverage_map",
]

#: Region codes of :func:`leverage_map_data`, indexes into :data:`REGIONS`.
NEITHER, WINDOW, SELF_HARM = 0, 1, 2
REGIONS = ("neither", "leverage window", "self-harm")
#: Colour-blind-safe colours (Okabe and Ito 2008) of the three regions.
REGION_COLOURS = {
    "neither": "#E8E8E8",
    "leverage window": COLOURS["cooperative"],
    "self-harm": "#CC79A7",
}

_VALUES = ("value_eq", "value_restrict", "value_never", "restrict_probability")


def leverage_map_data(lmap: LeverageMap) -> dict[str, Any]:
    """The regions and values the figure draws, as plain arrays.

    Axes are put in increasing order (and every array with them), as drawn.

    Returns
    -------
    dict
        ``names``, ``player``, ``periods``
            As in the map.
        ``axes``
            The parameter values, increasing.
        ``edges``
            Per axis, the cell edges drawn: the midpoints between neighbouring
            values, closed by the first and last value (a single value gets a
            cell of width 1, or 20% of the value, around it).
        ``codes``
            Int array of the map's shape: :data:`NEITHER`, :data:`WINDOW` or
            :data:`SELF_HARM` at each point.
        ``counts``
            The number of grid points in each region, by name.
        ``value_eq``, ``value_restrict``, ``value_never``, ``restrict_probability``, ``converged``
            As in the map.
        ``window_intervals``, ``self_harm_intervals``
            One parameter only: the ``(low, high)`` spans shaded, each a run of
            neighbouring grid points in the region, with their cells.

    Raises
    ------
    ValueError
        If ``lmap`` is not a LeverageMap, has other than one or two axes, an
        axis repeats a value, its arrays do not match its axes, or a point is
        in both regions.
    """
    if not isinstance(lmap, LeverageMap):
        raise ValueError(f"lmap must be a LeverageMap (from leverage_regions); got {lmap!r}")
    if len(lmap.names) not in (1, 2) or len(lmap.axes) != len(lmap.names):
        raise ValueError(
            f"a leverage map needs one or two named axes; got names {lmap.names!r} "
            f"and {len(lmap.axes)} axes"
        )
    axes = [np.asarray(a, dtype=float).ravel() for a in lmap.axes]
    shape = tuple(a.size for a in axes)
    arrays: dict[str, Any] = {}
    for key in (*_VALUES, "in_window", "self_harm", "converged"):
        arr = np.asarray(getattr(lmap, key))
        if arr.shape != shape:
            raise ValueError(f"lmap.{key} has shape {arr.shape}; its axes give {shape}")
        arrays[key] = arr
    order = []
    for name, a in zip(lmap.names, axes, strict=True):
        if a.size == 0 or not np.all(np.isfinite(a)):
            raise ValueError(f"axis {name!r} needs at least one value, all finite")
        if np.unique(a).size != a.size:
            raise ValueError(f"axis {name!r} repeats a value: {a.tolist()}")
        order.append(np.argsort(a))
    index = np.ix_(*order)
    arrays = {k: v[index] for k, v in arrays.items()}
    axes = [a[o] for a, o in zip(axes, order, strict=True)]
    window = arrays["in_window"].astype(bool)
    harm = arrays["self_harm"].astype(bool)
    if np.any(window & harm):
        raise ValueError("a point is both in the leverage window and self-harm; the map is invalid")
    codes = np.where(window, WINDOW, np.where(harm, SELF_HARM, NEITHER)).astype(np.int64)
    edges = [edges_of(a) for a in axes]
    data: dict[str, Any] = {
        "names": tuple(lmap.names),
        "player": lmap.player,
        "periods": lmap.periods,
        "axes": tuple(axes),
        "edges": tuple(edges),
        "codes": codes,
        "counts": {name: int(np.sum(codes == k)) for k, name in enumerate(REGIONS)},
        **{k: np.asarray(arrays[k], dtype=float) for k in _VALUES},
        "converged": arrays["converged"].astype(bool),
    }
    if len(axes) == 1:
        data["window_intervals"] = runs(window, edges[0])
        data["self_harm_intervals"] = runs(harm, edges[0])
    return data


def plot_leverage_map(
    lmap: LeverageMap,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
    marks: Sequence[Sequence[Any]] | None = None,
    *,
    restrictor: str | None = None,
    unit: str = "",
) -> Any:
    """A figure of a leverage map; returns the matplotlib Figure.

    Parameters
    ----------
    lmap : LeverageMap
        From :func:`tradegame.solvers.regions.leverage_regions`, over one or two
        parameters.
    title : str, optional
        The figure title; default names the regions (and the restrictor).
    labels : mapping of str to str, optional
        Axis labels by parameter name (say with units); default the names.
    marks : sequence, optional
        Points to mark, such as a calibrated model: ``(label, x, y)`` over two
        parameters, ``(label, x)`` over one (drawn as a vertical line).
    restrictor : str, optional
        The restrictor's name, for the title and the value axis; default
        "player <index>".
    unit : str
        The money unit of the values (one parameter only).

    Raises
    ------
    ValueError
        For a map :func:`leverage_map_data` rejects, labels of parameters the map
        does not have, or a mark that is malformed or outside the map.
    """
    data = leverage_map_data(lmap)
    names = data["names"]
    texts = axis_labels(labels, names)
    points = check_marks(marks, names, data["edges"])
    who = restrictor if restrictor is not None else f"player {data['player']}"
    if not isinstance(who, str):
        raise ValueError(f"restrictor must be a name; got {restrictor!r}")
    horizon = "" if data["periods"] is None else f", {data['periods']}-period horizon"
    heading = title or f"Where restricting pays for {who}{horizon}"
    if len(names) == 2:
        fig = _map2(data, texts, points)
    else:
        fig = _map1(data, texts[0], points, who, unit)
    ax = fig.axes[0]
    fig.suptitle(wrap(heading, 64, break_on_hyphens=True))
    ax.set_xlabel(wrap(ax.get_xlabel(), 55, break_on_hyphens=True))
    ax.set_ylabel(wrap(ax.get_ylabel(), 50, break_on_hyphens=True))
    return fig


# --- drawing -------------------------------------------------------------------------------


def _region_handles(data: dict[str, Any]) -> list[Any]:
    from matplotlib.patches import Patch

    return [
        Patch(
            facecolor=REGION_COLOURS[name],
            edgecolor="#555555",
            linewidth=0.5,
            label=f"{name} ({data['counts'][name]} of {data['codes'].size})",
        )
        for name in REGIONS
    ]


def _map2(data: dict[str, Any], labels: list[str], marks: list[tuple[Any, ...]]) -> Any:
    from matplotlib.colors import BoundaryNorm, ListedColormap

    fig, ax = new_figure(7.0, 5.0)
    ax.grid(False)
    cmap = ListedColormap([REGION_COLOURS[name] for name in REGIONS])
    norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5], cmap.N)
    x_edges, y_edges = data["edges"]
    ax.pcolormesh(x_edges, y_edges, data["codes"].T, cmap=cmap, norm=norm, shading="flat")
    X, Y = np.meshgrid(*data["axes"], indexing="ij")
    handles = _region_handles(data)
    ok = data["converged"]
    handles.append(
        ax.scatter(
            X[ok], Y[ok], s=6, color="#333333", linewidths=0, clip_on=False, label="grid points"
        )
    )
    if not ok.all():
        handles.append(
            ax.scatter(X[~ok], Y[~ok], s=30, marker="x", color="#000000", label="did not converge")
        )
    for label, x, y in marks:
        handles.append(
            ax.scatter(
                [x],
                [y],
                s=120,
                marker="*",
                color=COLOURS["equilibrium"],
                edgecolors="white",
                linewidths=0.8,
                zorder=5,
                label=label,
            )
        )
        _annotate(ax, label, x, y, x_edges, y_edges)
    ax.set_xlim(x_edges[0], x_edges[-1])
    ax.set_ylim(y_edges[0], y_edges[-1])
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    return fig


def _annotate(ax: Any, label: str, x: float, y: float, xe: Any, ye: Any) -> None:
    """Write ``label`` beside its mark, on the side with more room."""
    right = (x - xe[0]) < 0.6 * (xe[-1] - xe[0])
    up = (y - ye[0]) < 0.6 * (ye[-1] - ye[0])
    ax.annotate(
        label,
        (x, y),
        xytext=(8 if right else -8, 8 if up else -8),
        textcoords="offset points",
        ha="left" if right else "right",
        va="bottom" if up else "top",
        fontsize=8,
        zorder=6,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
    )


def _map1(
    data: dict[str, Any], label: str, marks: list[tuple[Any, ...]], who: str, unit: str
) -> Any:
    from matplotlib.patches import Patch

    fig, ax = new_figure(7.0, 4.4)
    (x,) = data["axes"]
    for key, name in (
        ("window_intervals", "leverage window"),
        ("self_harm_intervals", "self-harm"),
    ):
        for low, high in data[key]:
            ax.axvspan(low, high, color=REGION_COLOURS[name], alpha=0.35, linewidth=0)
    lines = (  # equilibrium wide underneath, so the others stay visible where they equal it
        ("value_eq", "equilibrium $V^{eq}$", "-", "o", COLOURS["equilibrium"], 3.2, 6.5),
        ("value_restrict", "restrict now $V^{R}$", "--", "^", COLOURS["col"], 1.6, 4.5),
        ("value_never", "never restrict $V^{never}$", ":", "s", COLOURS["row"], 1.6, 4.0),
    )
    handles = []
    for key, text, style, marker, colour, width, size in lines:
        (line,) = ax.plot(
            x,
            data[key],
            linestyle=style,
            linewidth=width,
            marker=marker,
            ms=size,
            color=colour,
            label=text,
        )
        handles.append(line)
    handles += [
        Patch(facecolor=REGION_COLOURS[name], alpha=0.35, label=f"{name} (shaded)")
        for name in ("leverage window", "self-harm")
    ]
    for text, at in marks:
        ax.axvline(at, color="#333333", linewidth=1.0, linestyle="-.", zorder=1)
        ax.annotate(
            text,
            (at, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.8, "linewidth": 0},
        )
    edges = data["edges"][0]
    pad = 0.02 * (edges[-1] - edges[0])
    ax.set_xlim(edges[0] - pad, edges[-1] + pad)
    ax.set_xlabel(label)
    suffix = f" ({unit})" if unit and unit != "payoff" else ""
    ax.set_ylabel(f"value to {who}{suffix}")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    return fig
