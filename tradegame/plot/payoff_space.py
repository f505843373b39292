"""The payoff space of a repeated game: feasible set, individually rational region, SPE set.

Everything drawn comes from the solvers; :func:`payoff_space_data` returns it
as plain numbers, so tests can check the data of the figure, not its pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tradegame.game import Game
from tradegame.plot.style import COLOURS, new_figure

__all__ = ["payoff_space_data", "plot_payoff_space"]


def payoff_space_data(g: Game, delta: Any, path: Sequence[int] = (0, 0)) -> dict[str, Any]:
    """The sets and points the figure draws, each as an array of (row, col) payoffs."""
    from tradegame.solvers.spe_set import feasible_set, folk_region, spe_payoffs
    from tradegame.solvers.stage import equilibria

    spe = spe_payoffs(g, delta)
    i, j = path
    return {
        "feasible": feasible_set(g).vertices,
        "rational": folk_region(g).vertices,
        "spe": spe.vertices,
        "spe_kind": spe.kind,
        "equilibria": np.array([e.payoffs for e in equilibria(g)], dtype=float).reshape(-1, 2),
        "cooperative": np.array([[g.A[i, j], g.B[i, j]]], dtype=float),
        "path": (g.actions[0][i], g.actions[1][j]),
    }


def plot_payoff_space(
    g: Game,
    delta: Any,
    path: Sequence[int] = (0, 0),
    unit: str = "",
    title: str | None = None,
) -> Any:
    """A labelled figure of the payoff space; returns the matplotlib Figure."""
    data = payoff_space_data(g, delta, path)
    fig, ax = new_figure()
    _region(ax, data["feasible"], COLOURS["feasible"], "feasible payoffs", alpha=0.35)
    _region(
        ax,
        data["rational"],
        COLOURS["rational"],
        "feasible and individually rational",
        alpha=0.3,
        edge=True,
        dashed=True,
    )
    spe_label = f"subgame-perfect payoffs (δ = {_delta_text(delta)})"
    if data["spe_kind"] == "empty":
        spe_label += ": none"
        ax.plot([], [], color=COLOURS["spe"], linewidth=2.5, label=spe_label)
    else:
        _region(ax, data["spe"], COLOURS["spe"], spe_label, alpha=0.45, edge=True, hatch="//")
    eq = data["equilibria"]
    ax.scatter(
        eq[:, 0],
        eq[:, 1],
        color=COLOURS["equilibrium"],
        marker="o",
        s=30,
        zorder=5,
        label="stage Nash equilibria",
    )
    coop = data["cooperative"]
    ax.scatter(
        coop[:, 0],
        coop[:, 1],
        color=COLOURS["cooperative"],
        marker="*",
        s=140,
        zorder=6,
        label=f"path ({data['path'][0]}, {data['path'][1]})",
    )
    suffix = f" ({unit})" if unit and unit != "payoff" else ""
    ax.set_xlabel(f"{g.players[0]} payoff{suffix}")
    ax.set_ylabel(f"{g.players[1]} payoff{suffix}")
    ax.set_title(title or "Payoff space of the repeated game")
    ax.legend(loc="best", frameon=True, framealpha=0.9)
    _pad(ax, data["feasible"])
    return fig


def _region(
    ax: Any,
    vertices: Any,
    colour: str,
    label: str,
    alpha: float,
    edge: bool = False,
    hatch: str | None = None,
    dashed: bool = False,
) -> None:
    points = np.asarray(vertices, dtype=float).reshape(-1, 2)
    if len(points) == 0:
        return
    if len(points) <= 2:  # a point or a segment: draw it as a line, with markers
        ax.plot(points[:, 0], points[:, 1], color=colour, linewidth=3, marker="o", label=label)
        return
    ax.fill(
        points[:, 0],
        points[:, 1],
        facecolor=colour,
        alpha=alpha,
        label=label,
        edgecolor=colour if edge else "none",
        linewidth=1.8 if edge else 0,
        linestyle="--" if dashed else "-",
        hatch=hatch,
    )


def _pad(ax: Any, feasible: Any) -> None:
    points = np.asarray(feasible, dtype=float).reshape(-1, 2)
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1e-9)
    ax.set_xlim(low[0] - 0.08 * span[0], high[0] + 0.08 * span[0])
    ax.set_ylim(low[1] - 0.08 * span[1], high[1] + 0.08 * span[1])


def _delta_text(delta: Any) -> str:
    if isinstance(delta, tuple | list):
        return ", ".join(f"{float(d):.3g}" for d in delta)
    return f"{float(delta):.3g}"
