"""Replicator trajectories: the share of each strategy in a population over time.

The figure takes plain arrays, as a replicator solver produces them: times
``(T,)``, shares ``(T, k)`` (or ``(R, T, k)`` for ``R`` runs from different
starts, sharing the times) and the strategies' names. Shares are drawn as
lines (every run) or as a stacked area (one run); with three strategies a
simplex (ternary) panel can be added, where each run is a path from its start
(open circle) to its end (filled circle), with arrows along the way.

:func:`replicator_data` checks the arrays and returns what is drawn;
:func:`plot_replicator` draws it; :func:`replicator_from_dynamics` gives its
arguments from one population of a replicator run
(:class:`tradegame.solvers.evolution.Dynamics`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.plot.checks import check_text
from tradegame.plot.labels import wrap
from tradegame.plot.style import new_figure

__all__ = [
    "SHARE_COLOURS",
    "plot_replicator",
    "replicator_data",
    "replicator_from_dynamics",
    "simplex_xy",
]

#: Colour-blind-safe colours (Okabe and Ito 2008), one per strategy in the order given.
SHARE_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#E69F00",
    "#CC79A7",
    "#56B4E9",
    "#000000",
    "#F0E442",
)

_SQRT3_2 = float(np.sqrt(3) / 2)


def simplex_xy(shares: Any) -> npt.NDArray[np.float64]:
    """Ternary coordinates of three-strategy shares ``(..., 3)``: ``(..., 2)`` points.

    The first strategy's vertex is at (0, 0), the second's at (1, 0) and the
    third's at (1/2, √3/2).

    Examples
    --------
    >>> simplex_xy([1 / 3, 1 / 3, 1 / 3]).round(4).tolist()
    [0.5, 0.2887]
    """
    s = np.asarray(shares, dtype=float)
    return np.stack([s[..., 1] + 0.5 * s[..., 2], _SQRT3_2 * s[..., 2]], axis=-1)


def replicator_data(
    times: Any,
    shares: Any,
    names: Sequence[str],
    *,
    time_label: str = "time",
    time_scale: str = "linear",
    note: str = "",
    tol: float = 1e-6,
) -> dict[str, Any]:
    """The shares the figure draws, checked, as plain arrays.

    Parameters
    ----------
    times : 1-D array of shape ``(T,)``
        Finite and strictly increasing.
    shares : array of shape ``(T, k)``, or ``(R, T, k)`` for ``R`` runs
        Each strategy's share at each time: in [0, 1], summing to 1 (within ``tol``).
    names : sequence of str
        The ``k`` strategies' names, distinct; at least two.
    time_label : str
        The label of the time axis (say ``"generation"``, or with a unit).
    time_scale : ``"linear"`` or ``"log"``
        The scale of the time axis. A log axis suits samples spread over
        decades; it needs a positive time, and time 0 (if given) is kept on a
        short linear stretch up to the first positive time.
    note : str
        A caption under the figure.
    tol : float
        How far a share may leave [0, 1], and a sum leave 1, through rounding.

    Returns
    -------
    dict
        ``times``, ``names``, ``time_label``, ``time_scale``, ``note``
            As given.
        ``linear_until``
            On a log time axis, the first positive time: the axis is linear
            below it (None on a linear axis).
        ``shares``
            Float array ``(R, T, k)`` (``R = 1`` for a single run), as given.
        ``runs``
            ``R``.
        ``start``, ``final``
            ``(R, k)``: each run's first and last shares.
        ``leader``
            Per run, the name of the strategy with the largest final share.
        ``simplex``
            ``(R, T, 2)`` ternary coordinates (:func:`simplex_xy`) when ``k == 3``,
            else None.

    Raises
    ------
    ValueError
        If ``times`` is not 1-D, finite and strictly increasing; ``shares``
        does not have the shape of ``times`` and ``names``, or a share is not
        finite, outside [0, 1] or a row does not sum to 1; or the names are
        fewer than two or not distinct strings.
    """
    if isinstance(names, str) or not isinstance(names, Sequence) or len(names) < 2:
        raise ValueError(f"names must list at least two strategies; got {names!r}")
    if not all(isinstance(n, str) and n for n in names) or len(set(names)) != len(names):
        raise ValueError(f"names must be distinct, non-empty strings; got {list(names)!r}")
    if time_scale not in ("linear", "log"):
        raise ValueError(f"time_scale must be 'linear' or 'log'; got {time_scale!r}")
    if not (isinstance(tol, float | int) and 0 <= tol < 0.1):
        raise ValueError(f"tol must be a small number >= 0; got {tol!r}")
    try:
        t = np.asarray(times, dtype=float)
        s = np.asarray(shares, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("times and shares must be arrays of numbers") from None
    if t.ndim != 1 or t.size == 0:
        raise ValueError(f"times must be a non-empty 1-D array; got shape {t.shape}")
    if not np.all(np.isfinite(t)) or np.any(np.diff(t) <= 0):
        raise ValueError("times must be finite and strictly increasing")
    if time_scale == "log" and t[-1] <= 0:
        raise ValueError("a log time axis needs a positive time")
    k = len(names)
    if s.ndim == 2:
        s = s[None]
    if s.ndim != 3 or s.shape[1:] != (t.size, k):
        raise ValueError(
            f"shares must have shape (times, strategies) = ({t.size}, {k}), or (runs, {t.size}, "
            f"{k}); got {np.shape(shares)}"
        )
    if not np.all(np.isfinite(s)):
        raise ValueError("shares must be finite")
    if s.min() < -tol or s.max() > 1 + tol:
        raise ValueError(f"shares lie in [0, 1]; got values from {s.min():g} to {s.max():g}")
    sums = s.sum(axis=2)
    worst = float(np.abs(sums - 1).max())
    if worst > tol:
        r, i = (int(v) for v in np.unravel_index(np.abs(sums - 1).argmax(), sums.shape))
        raise ValueError(
            f"the shares at each time sum to 1; run {r} at time {t[i]:g} sums to {sums[r, i]:g}"
        )
    final = s[:, -1, :]
    return {
        "times": t,
        "shares": s,
        "names": tuple(names),
        "runs": s.shape[0],
        "start": s[:, 0, :],
        "final": final,
        "leader": tuple(names[int(i)] for i in final.argmax(axis=1)),
        "simplex": simplex_xy(s) if k == 3 else None,
        "time_label": check_text("time_label", time_label),
        "time_scale": time_scale,
        "linear_until": float(t[t > 0][0]) if time_scale == "log" else None,
        "note": check_text("note", note),
    }


def replicator_from_dynamics(dynamics: Any, population: int = 0) -> dict[str, Any]:
    """The arguments of :func:`replicator_data` (and :func:`plot_replicator`) for one population.

    Parameters
    ----------
    dynamics : Dynamics
        A replicator run (:func:`tradegame.solvers.evolution.replicator`, or
        ``Evolution.dynamics``): its ``times``, ``shares[population]``,
        ``names[population]`` and ``labels`` are read.
    population : int
        0, or 1 for the column player's population in a two-population run.

    Raises
    ------
    ValueError
        If ``dynamics`` lacks those attributes, or has no such population.
    """
    try:
        times, shares = dynamics.times, dynamics.shares
        names, labels = dynamics.names, dynamics.labels
    except AttributeError:
        raise ValueError(
            f"dynamics must be a replicator run with times, shares, names and labels; "
            f"got {type(dynamics).__name__}"
        ) from None
    if isinstance(population, bool) or population not in range(len(shares)):
        raise ValueError(
            f"population must be one of {list(range(len(shares)))}; got {population!r}"
        )
    who = labels[population]
    survivors = getattr(dynamics, "survivors", None)
    if len(shares) > 1:
        whose = f"{who}'" if who.endswith("s") else f"{who}'s"
        note = f"The population of {whose} strategies; the other player's adapts alongside."
    else:
        note = "One population: any strategy meets any other, in either seat."
    if survivors is not None:
        note += f" Survivors at the end: {', '.join(survivors[population]) or 'none'}."
    return {
        "times": np.asarray(times, dtype=float),
        "shares": np.asarray(shares[population], dtype=float),
        "names": list(names[population]),
        "time_label": "time (on payoffs scaled to [0, 1])",
        "time_scale": "log",
        "note": note,
    }


def plot_replicator(
    times: Any,
    shares: Any,
    names: Sequence[str],
    *,
    kind: str = "lines",
    simplex: bool = False,
    time_label: str = "time",
    time_scale: str = "linear",
    note: str = "",
    title: str | None = None,
) -> Any:
    """Strategy shares over time (and on the simplex); returns the matplotlib Figure.

    Parameters
    ----------
    times, shares, names, time_label, time_scale, note
        As in :func:`replicator_data` (``plot_replicator(**replicator_from_dynamics(d))``
        works).
    kind : ``"lines"`` or ``"stacked"``
        One line per strategy (per run), or a stacked area (a single run only).
    simplex : bool
        Add a ternary panel (three strategies only).
    title : str, optional
        The figure title; default "Replicator dynamics".

    Raises
    ------
    ValueError
        For anything :func:`replicator_data` rejects, an unknown ``kind``, a
        stacked area of several runs, or a simplex of other than three strategies.
    """
    data = replicator_data(
        times, shares, names, time_label=time_label, time_scale=time_scale, note=note
    )
    if kind not in ("lines", "stacked"):
        raise ValueError(f"kind must be 'lines' or 'stacked'; got {kind!r}")
    if kind == "stacked" and data["runs"] > 1:
        raise ValueError(f"a stacked area shows one run; got {data['runs']} (use kind='lines')")
    if simplex and data["simplex"] is None:
        raise ValueError(f"a simplex shows three strategies; got {len(data['names'])}")
    if simplex:
        fig, _ = new_figure(10.5, 4.6)
        fig.clear()
        ax, tern = fig.subplots(1, 2, width_ratios=[1.25, 1.0])
        ax.grid(True, linewidth=0.4, alpha=0.5)
    else:
        fig, ax = new_figure(7.0, 4.2)
    colours = [SHARE_COLOURS[i % len(SHARE_COLOURS)] for i in range(len(data["names"]))]
    if kind == "stacked":
        _stacked(ax, data, colours)
    else:
        _lines(ax, data, colours)
    ax.set_xlabel(data["time_label"])
    ax.set_ylabel("population share")
    ax.set_ylim(-0.02, 1.02)
    if data["time_scale"] == "log":
        from matplotlib.ticker import FuncFormatter

        if data["times"][0] > 0:
            ax.set_xscale("log")
        else:
            ax.set_xscale("symlog", linthresh=data["linear_until"], linscale=0.6)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_xlim(data["times"][0], data["times"][-1])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title="strategy")
    if simplex:
        _simplex(tern, data, colours)
    fig.suptitle(title or "Replicator dynamics")
    if data["note"]:
        fig.text(0.01, 0.005, wrap(data["note"], 120), fontsize=7.5, color="#444444", va="bottom")
        fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    return fig


def _lines(ax: Any, data: dict[str, Any], colours: list[str]) -> None:
    runs = data["runs"]
    k = len(data["names"])
    styles = ("-", "--", ":", "-.")
    for i, name in enumerate(data["names"]):
        # one run: the first strategies wide underneath, so equal shares stay visible
        width = 3.2 - 1.8 * i / max(k - 1, 1) if runs == 1 else 1.3
        for r in range(runs):
            ax.plot(
                data["times"],
                data["shares"][r, :, i],
                color=colours[i],
                linewidth=width,
                linestyle=styles[i % len(styles)] if runs == 1 else "-",
                alpha=1.0 if runs == 1 else 0.75,
                label=name if r == 0 else None,
            )
    if runs > 1:
        ax.set_title(f"{runs} runs from different starts", fontsize=9)


def _stacked(ax: Any, data: dict[str, Any], colours: list[str]) -> None:
    ax.stackplot(
        data["times"],
        data["shares"][0].T,
        labels=data["names"],
        colors=colours,
        alpha=0.85,
        edgecolor="white",
        linewidth=0.6,
    )
    ax.grid(False)


def _simplex(ax: Any, data: dict[str, Any], colours: list[str]) -> None:
    ax.set_aspect("equal")
    ax.axis("off")
    corners = np.array([[0.0, 0.0], [1.0, 0.0], [0.5, _SQRT3_2], [0.0, 0.0]])
    for level in (0.2, 0.4, 0.6, 0.8):  # lines of equal share, one family per strategy
        for i in range(3):
            a, b = np.zeros(3), np.zeros(3)
            a[i] = b[i] = level
            a[(i + 1) % 3], b[(i + 2) % 3] = 1 - level, 1 - level
            p, q = simplex_xy(a), simplex_xy(b)
            ax.plot([p[0], q[0]], [p[1], q[1]], color="#DDDDDD", linewidth=0.6, zorder=0)
    ax.plot(corners[:, 0], corners[:, 1], color="#333333", linewidth=1.0)
    import textwrap

    places = ((0.0, -0.04, "top"), (1.0, -0.04, "top"), (0.5, _SQRT3_2 + 0.04, "bottom"))
    for i, (x, y, va) in enumerate(places):
        name = textwrap.fill(data["names"][i], 18)  # long labels break at hyphens
        ax.text(x, y, name, ha="center", va=va, fontsize=9, color=colours[i])
    for r in range(data["runs"]):
        xy = data["simplex"][r]
        ax.plot(xy[:, 0], xy[:, 1], color="#222222", linewidth=1.3, zorder=3)
        ax.scatter(*xy[0], s=28, facecolors="white", edgecolors="#222222", zorder=4)
        ax.scatter(*xy[-1], s=28, color="#222222", zorder=4)
        _arrows(ax, xy)
    ax.set_xlim(-0.12, 1.12)
    ax.set_ylim(-0.12, _SQRT3_2 + 0.1)
    ax.set_title("simplex: open circle start, filled circle end", fontsize=9)


def _arrows(ax: Any, xy: npt.NDArray[np.float64]) -> None:
    """Arrow heads at a third and two thirds of the path's length, showing its direction."""
    steps = np.linalg.norm(np.diff(xy, axis=0), axis=1)
    length = np.concatenate([[0.0], np.cumsum(steps)])
    if length[-1] < 1e-3:
        return
    for frac in (1 / 3, 2 / 3):
        i = int(np.searchsorted(length, frac * length[-1]))
        i = min(max(i, 1), len(xy) - 1)
        ax.annotate(
            "",
            xy=xy[i],
            xytext=xy[i - 1],
            arrowprops={"arrowstyle": "-|>", "color": "#222222", "lw": 0, "mutation_scale": 11},
            zorder=4,
        )
