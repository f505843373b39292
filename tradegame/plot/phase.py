"""Phase diagrams: which game a model is over two parameters, and where cooperation holds.

Each grid point of two parameters gets a game class (a name from
:func:`tradegame.solvers.classify.classify`), drawn as a region of one colour,
and a flag saying whether cooperation is sustainable there, drawn hatched
inside a black outline. Named models are marked at their own values of the
two parameters.

:func:`phase_data` takes plain arrays (so a sweep computed anywhere can be
drawn) and returns what is drawn as plain numbers, so tests can check the data
of the figure, not its pixels; :func:`plot_phase` draws it; and
:func:`phase_from_model` computes the arrays for one model on a grid with the
stage and repeated-game solvers.

Each grid point stands for the cell around it, up to the midpoints between it
and its neighbours (geometric midpoints on a log axis); the outermost cells end
at the outermost grid points, so nothing is drawn beyond the values computed.

This module draws; the data is computed in :mod:`tradegame.plot.phase_data`,
the labels written by :mod:`tradegame.plot.labels`, and the marks checked by
:mod:`tradegame.plot.marks`. Their public names are importable from here too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from tradegame.model.model import Model
from tradegame.plot.checks import check_axis as check_axis
from tradegame.plot.grid import cell_runs
from tradegame.plot.grid import edges_of as edges_of
from tradegame.plot.labels import axis_labels as axis_labels
from tradegame.plot.labels import axis_labels_map as axis_labels_map
from tradegame.plot.labels import class_label, param_label, plain_log_ticks, wrap
from tradegame.plot.marks import annotate_mark
from tradegame.plot.marks import check_marks as check_marks
from tradegame.plot.phase_data import FILL_COLOURS, phase_data, phase_from_model
from tradegame.plot.style import COLOURS, new_figure

__all__ = [
    "FILL_COLOURS",
    "class_label",
    "param_label",
    "phase_data",
    "phase_from_model",
    "plot_phase",
]

_HATCH_COLOUR = "#222222"


def plot_phase(
    x_name: str,
    x_values: Any,
    y_name: str,
    y_values: Any,
    classes: Any,
    sustainable: Any = None,
    marks: Sequence[Sequence[Any]] | None = None,
    labels: Mapping[str, str] | None = None,
    *,
    scales: Sequence[str] = ("linear", "linear"),
    players: Sequence[str] | None = None,
    sustainable_label: str | None = None,
    note: str | None = None,
    model: Model | None = None,
    title: str | None = None,
) -> Any:
    """A phase diagram over two parameters; returns the matplotlib Figure.

    Game classes are filled regions (colour-blind-safe colours, with a legend
    giving each class's share of the grid); the sustainable region is hatched
    and outlined in black; marks are black stars, labelled beside them.

    Parameters
    ----------
    x_name, x_values, y_name, y_values, classes, sustainable, marks, labels, scales, players, \
sustainable_label, note, model
        As in :func:`phase_data` (``plot_phase(**phase_from_model(...))`` works).
    title : str, optional
        The figure title; default "Game class and sustainable cooperation".

    Raises
    ------
    ValueError
        For anything :func:`phase_data` rejects.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Rectangle

    data = phase_data(
        x_name,
        x_values,
        y_name,
        y_values,
        classes,
        sustainable,
        marks,
        labels,
        scales=scales,
        players=players,
        sustainable_label=sustainable_label,
        note=note,
        model=model,
    )
    fig, ax = new_figure(8.0, 5.0)
    ax.grid(False)
    xe, ye = data["edges"]
    ax.set_xscale(data["scales"][0])
    ax.set_yscale(data["scales"][1])
    k = len(data["class_names"])
    cmap = ListedColormap([data["colours"][c] for c in data["class_names"]])
    norm = BoundaryNorm(np.arange(k + 1) - 0.5, cmap.N)
    ax.pcolormesh(xe, ye, data["codes"].T, cmap=cmap, norm=norm, shading="flat")
    total = data["codes"].size
    handles: list[Any] = [
        Patch(
            facecolor=data["colours"][c],
            edgecolor="#555555",
            linewidth=0.5,
            label=wrap(text, 40) + "\n" + _share(data["counts"][c], total),
        )
        for c, text in zip(data["class_names"], data["class_labels"], strict=True)
    ]
    if data["sustainable"] is not None:
        for x0, x1, y0, y1 in cell_runs(data["sustainable"], data["edges"]):
            ax.add_patch(
                Rectangle(
                    (x0, y0),
                    x1 - x0,
                    y1 - y0,
                    fill=False,
                    hatch="//",
                    edgecolor=_HATCH_COLOUR,
                    linewidth=0,
                    zorder=2,
                )
            )
        ax.add_collection(LineCollection(data["outline"], colors="black", linewidths=1.6, zorder=3))
        handles.append(
            Patch(
                facecolor="white",
                hatch="//",
                edgecolor="black",
                linewidth=1.2,
                label=wrap(data["sustainable_label"], 40)
                + "\n"
                + _share(data["sustainable_count"], total),
            )
        )
    X, Y = np.meshgrid(*data["axes"], indexing="ij")
    if total <= 400:
        ax.scatter(X, Y, s=4, color="#333333", linewidths=0, zorder=4, clip_on=False)
        handles.append(
            Line2D([], [], linestyle="", marker="o", ms=2, color="#333333", label="grid points")
        )
    for label, mx, my in data["marks"]:
        ax.scatter(
            [mx],
            [my],
            s=150,
            marker="*",
            color=COLOURS["equilibrium"],
            edgecolors="white",
            linewidths=0.9,
            zorder=6,
            clip_on=False,
        )
        annotate_mark(ax, label, mx, my)
    if data["marks"]:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="",
                marker="*",
                ms=11,
                color=COLOURS["equilibrium"],
                markeredgecolor="white",
                label="a model's own values",
            )
        )
    ax.set_xlim(xe[0], xe[-1])
    ax.set_ylim(ye[0], ye[-1])
    plain_log_ticks(ax, data["scales"])
    ax.set_xlabel(wrap(data["labels"][0], 60))
    ax.set_ylabel(wrap(data["labels"][1], 45))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    fig.suptitle(title or "Game class and sustainable cooperation")
    if data["note"]:
        fig.text(0.01, 0.005, wrap(data["note"], 120), fontsize=7.5, color="#444444", va="bottom")
        fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    return fig


def _share(count: int, total: int) -> str:
    return f"{count} of {total} points"
