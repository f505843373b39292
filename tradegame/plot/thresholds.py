"""Critical discount factors against one parameter: one line per strategy, one panel per player.

For each named strategy played by both players on the cooperative path, the
critical δ of :meth:`tradegame.solvers.repeated.RepeatedGame.critical_delta` is
drawn against a parameter, with the players' own discount factors as
horizontal lines: where a strategy's line lies below a player's δ, that player
is patient enough. A threshold of 0 (no patience needed) is drawn at 0; an
infinite one (no patience is enough) is drawn off the top of the scale, in a
grey band marked ∞, one row per strategy.

:func:`thresholds_data` takes plain arrays and returns what is drawn as plain
numbers; :func:`plot_thresholds` draws it; :func:`thresholds_from_model`
computes the arrays for one model with the repeated-game solvers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.model.model import Model
from tradegame.plot.checks import check_axis, check_pair, check_players, check_text
from tradegame.plot.labels import axis_labels, param_label, plain_log_ticks, wrap
from tradegame.plot.marks import check_marks
from tradegame.plot.style import COLOURS, new_figure

__all__ = [
    "INF_BAND",
    "STRATEGY_STYLES",
    "plot_thresholds",
    "thresholds_data",
    "thresholds_from_model",
]

#: Height of the band above δ = 1 where infinite thresholds are drawn.
INF_BAND = 0.24

#: Line colours (Okabe and Ito 2008, without the yellow, which is too light on white)
#: crossed with line styles, one pair per strategy in the order given.
STRATEGY_STYLES: tuple[tuple[str, Any], ...] = tuple(
    (colour, style)
    for style in ("-", "--", "-.", ":")
    for colour in ("#000000", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7")
)
_MARKERS = ("o", "s", "D", "v", "P", "X", "^", "<", ">", "h", "p", "*")


def thresholds_data(
    x_name: str,
    x_values: Any,
    strategies: Sequence[str],
    thresholds: Any,
    deltas: Any = None,
    *,
    players: Sequence[str] = ("row player", "column player"),
    labels: Mapping[str, str] | None = None,
    criteria: Sequence[str] | None = None,
    marks: Sequence[Sequence[Any]] | None = None,
    scale: str = "linear",
    note: str = "",
) -> dict[str, Any]:
    """The lines, infinities and discount factors the figure draws, as plain arrays.

    The parameter axis is put in increasing order (and every array with it).

    Parameters
    ----------
    x_name : str
        The parameter on the horizontal axis.
    x_values : 1-D array of numbers
        Its values: finite, distinct, in any order.
    strategies : sequence of str
        The strategies' labels, one per line.
    thresholds : array of shape ``(len(x_values), len(strategies), 2)``
        ``thresholds[i, k, p]``: player ``p``'s critical δ for strategy ``k`` at
        ``x_values[i]``, in [0, 1], or ``inf`` where no patience is enough.
    deltas : pair of numbers, or array of shape ``(len(x_values), 2)``, optional
        The players' own discount factors, in (0, 1): constant, or one pair per
        value (when the parameter moves them).
    players : pair of str
        The players' names, row first; one panel each.
    labels : mapping of str to str, optional
        ``{x_name: axis label}`` (with the unit: :func:`~tradegame.plot.labels.param_label`).
    criteria : sequence of str, optional
        Each strategy's criterion, ``"subgame-perfect"`` or ``"nash"``; Nash
        ones are marked in the legend.
    marks : sequence of ``(label, x)``, optional
        Values to mark with a vertical line, such as a model's own; inside the axis.
    scale : ``"linear"`` or ``"log"``
        The scale of the parameter axis.
    note : str
        A caption under the figure.

    Returns
    -------
    dict
        ``name``, ``label``, ``scale``, ``x``
            The parameter, its axis label and scale, and its values, increasing.
        ``strategies``, ``criteria``, ``players``, ``marks``, ``note``
            As given (``criteria`` None when not given).
        ``thresholds``
            Float array ``(n, k, 2)``, with ``inf`` for no patience.
        ``finite``
            Where the thresholds are finite.
        ``never``
            Bool ``(k, 2)``: the strategy's threshold is infinite at every value.
        ``inf_level``
            ``(k,)``: the height in the ∞ band at which each strategy's infinite
            thresholds are drawn (above 1); NaN for a strategy whose thresholds
            are all finite.
        ``top``
            The top of the vertical axis, ``1 + INF_BAND``.
        ``deltas``
            Float array ``(n, 2)``, or None.
        ``delta_constant``
            Per player, whether its δ is the same at every value.
        ``below``
            Bool ``(n, k, 2)``: threshold at most the player's δ (all False
            without ``deltas``). For Nash-criterion strategies this says that δ
            is above the threshold, not that the strategy is an equilibrium at δ.

    Raises
    ------
    ValueError
        If the axis is empty, repeats a value or is not finite; the strategy
        labels are not distinct strings; ``thresholds`` or ``deltas`` does not
        have the right shape or holds a value out of range (a threshold that is
        NaN, negative or above 1 but finite, a δ outside (0, 1)); ``criteria``
        does not match ``strategies``; a label names another parameter; or a
        mark is malformed or outside the axis.
    """
    if not isinstance(x_name, str) or not x_name:
        raise ValueError(f"x_name must be a parameter name; got {x_name!r}")
    if scale not in ("linear", "log"):
        raise ValueError(f"scale must be 'linear' or 'log'; got {scale!r}")
    x = check_axis(x_name, x_values, scale)
    names = _strategy_names(strategies)
    n, k = x.size, len(names)
    try:
        table = np.asarray(thresholds, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("thresholds must be numbers (inf for no patience)") from None
    if table.shape != (n, k, 2):
        raise ValueError(
            f"thresholds has shape {table.shape}; expected (values, strategies, players) "
            f"= ({n}, {k}, 2)"
        )
    if np.isnan(table).any():
        raise ValueError("thresholds must not be NaN; give inf where no patience is enough")
    finite = np.isfinite(table)
    bad = (table < 0) | (finite & (table > 1)) | (table == -np.inf)
    if bad.any():
        i, s, p = (int(v) for v in np.argwhere(bad)[0])
        raise ValueError(
            f"a critical δ lies in [0, 1] or is inf; {names[s]} for player {p} at "
            f"{x_name} = {x[i]:g} is {table[i, s, p]}"
        )
    crit = _criteria(criteria, k)
    delta = _deltas(deltas, n)
    order = np.argsort(x)
    x, table, finite = x[order], table[order], finite[order]
    if delta is not None:
        delta = delta[order]
    label = axis_labels(labels, [x_name])[0]
    edges = np.array([x[0], x[-1]])
    # one row of the ∞ band for each strategy that has an infinite threshold somewhere
    some_inf = ~finite.all(axis=(0, 2))
    rows = np.cumsum(some_inf) - 1
    count = int(some_inf.sum())
    levels = np.where(some_inf, 1 + INF_BAND * (rows + 1) / (count + 1), np.nan)
    below = (
        np.zeros_like(finite) if delta is None else finite & (table <= delta[:, None, :] + 1e-12)
    )
    return {
        "name": x_name,
        "label": label,
        "scale": scale,
        "x": x,
        "strategies": names,
        "criteria": crit,
        "players": check_players(players),
        "marks": check_marks(marks, [x_name], [edges]),
        "note": check_text("note", note),
        "thresholds": table,
        "finite": finite,
        "never": ~finite.any(axis=0),
        "inf_level": levels,
        "top": 1 + INF_BAND,
        "deltas": delta,
        "delta_constant": (
            (True, True) if delta is None else tuple(bool(np.ptp(delta[:, p]) == 0) for p in (0, 1))
        ),
        "below": below,
    }


def thresholds_from_model(
    model: Model,
    x: tuple[str, Any],
    strategies: Sequence[str] | None = None,
    *,
    path: Sequence[int | str] = (0, 0),
) -> dict[str, Any]:
    """The arguments of :func:`thresholds_data` (and :func:`plot_thresholds`) for one model.

    At each value of the parameter, the model's stage game is repeated with
    the players' own discount factors and each strategy's
    ``RepeatedGame(g, deltas).critical_delta(strategy, path)`` is taken.

    Parameters
    ----------
    model : Model
        The model; it must set discount factors.
    x : (name, values)
        A parameter key and its values (keep them few: each value solves every strategy).
    strategies : sequence of str, optional
        Library names or labels (``"truce(punish=4)"``); default every library strategy.
    path : pair of action names or indices
        The cooperative profile.

    Raises
    ------
    ValueError
        For an unknown parameter or strategy, a value the parameter does not
        allow, or a model without discount factors.
    """
    from tradegame.solvers.repeated import RepeatedGame
    from tradegame.solvers.strategies import resolve
    from tradegame.solvers.strategies import strategies as library

    x_name, x_values = check_pair("x", x)
    label = param_label(model, x_name)
    if model.discounts() is None:
        raise ValueError(f"{model.name} sets no discount factors: there is no δ to compare with")
    chosen = list(library()) if strategies is None else list(strategies)
    specs = [resolve(s) for s in chosen]
    xs = np.asarray(x_values, dtype=float).ravel()
    table = np.empty((xs.size, len(specs), 2))
    deltas = np.empty((xs.size, 2))
    g0 = model.game()
    profile = (g0.action_index(0, path[0]), g0.action_index(1, path[1]))
    for i, value in enumerate(xs.tolist()):
        point = model.with_params({x_name: value})
        pair = point.discounts()
        assert pair is not None
        rg = RepeatedGame(point.game(), pair)
        deltas[i] = [float(d) for d in pair]
        for s, name in enumerate(chosen):
            table[i, s] = [float(t) for t in rg.critical_delta(name, profile)]
    own = float(model.params[x_name])
    acts = model.actions
    marks = [(model.name, own)] if xs.min() <= own <= xs.max() else []
    return {
        "x_name": x_name,
        "x_values": xs,
        "strategies": [s.label for s in specs],
        "thresholds": table,
        "deltas": deltas,
        "players": model.labels,
        "labels": {x_name: label},
        "criteria": [s.criterion for s in specs],
        "marks": marks,
        "note": (
            f"{model.name}: both players use the strategy, cooperating on "
            f"({acts[0][profile[0]]}, {acts[1][profile[1]]}); a player is patient enough "
            "where the line lies below its δ. ∞: no discount factor below 1 suffices."
        ),
    }


def plot_thresholds(
    x_name: str,
    x_values: Any,
    strategies: Sequence[str],
    thresholds: Any,
    deltas: Any = None,
    *,
    players: Sequence[str] = ("row player", "column player"),
    labels: Mapping[str, str] | None = None,
    criteria: Sequence[str] | None = None,
    marks: Sequence[Sequence[Any]] | None = None,
    scale: str = "linear",
    note: str = "",
    title: str | None = None,
) -> Any:
    """Critical δ against a parameter, one panel per player; returns the matplotlib Figure.

    Parameters
    ----------
    x_name, x_values, strategies, thresholds, deltas, players, labels, criteria, marks, \
scale, note
        As in :func:`thresholds_data` (``plot_thresholds(**thresholds_from_model(...))``
        works).
    title : str, optional
        The figure title; default "Critical discount factors".

    Raises
    ------
    ValueError
        For anything :func:`thresholds_data` rejects.
    """
    data = thresholds_data(
        x_name,
        x_values,
        strategies,
        thresholds,
        deltas,
        players=players,
        labels=labels,
        criteria=criteria,
        marks=marks,
        scale=scale,
        note=note,
    )
    fig, _ = new_figure(11.0, 4.9)
    fig.clear()
    axes = fig.subplots(1, 2, sharey=True)
    handles = []
    for p, ax in enumerate(axes):
        ax.grid(True, linewidth=0.4, alpha=0.5)
        ax.set_xscale(data["scale"])
        handles = _panel(ax, data, p)
        ax.set_title(data["players"][p], color=(COLOURS["row"], COLOURS["col"])[p])
        ax.set_xlabel(wrap(data["label"], 50))
        plain_log_ticks(ax, (data["scale"], "linear"))
    axes[0].set_ylabel("critical discount factor δ* (per period)")
    axes[0].set_ylim(-0.03, data["top"])
    ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1 + INF_BAND / 2]
    axes[0].set_yticks(ticks, ["0", "0.2", "0.4", "0.6", "0.8", "1", "∞"])
    fig.legend(
        handles=handles,
        loc="outside right upper",
        frameon=False,
        title="both players use",
        alignment="left",
    )
    fig.suptitle(title or "Critical discount factors")
    if data["note"]:
        fig.text(0.01, 0.005, wrap(data["note"], 150), fontsize=7.5, color="#444444", va="bottom")
        fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    return fig


def _panel(ax: Any, data: dict[str, Any], p: int) -> list[Any]:
    from matplotlib.lines import Line2D

    x = data["x"]
    k = len(data["strategies"])
    ax.axhspan(1.0, data["top"], color="#EEEEEE", linewidth=0, zorder=0)
    ax.axhline(1.0, color="#999999", linewidth=0.8, zorder=1)
    handles = []
    for s, name in enumerate(data["strategies"]):
        colour, style = STRATEGY_STYLES[s % len(STRATEGY_STYLES)]
        marker = _MARKERS[s % len(_MARKERS)]
        # the first strategies wide underneath, so the later ones stay visible on equal lines
        width = 3.6 - 2.4 * s / max(k - 1, 1)
        size = 7.0 - 3.5 * s / max(k - 1, 1)
        values = data["thresholds"][:, s, p]
        finite = data["finite"][:, s, p]
        ax.plot(
            x,
            np.where(finite, values, np.nan),
            color=colour,
            linestyle=style,
            linewidth=width,
            marker=marker,
            ms=size,
            zorder=2 + s / k,
        )
        level = data["inf_level"][s]
        if np.isnan(level):
            level = data["top"]  # nothing to draw: every threshold is finite
        ax.plot(
            x,
            np.where(finite, np.nan, level),
            color=colour,
            linestyle=style,
            linewidth=1.2,
            marker=marker,
            ms=4.0,
            zorder=2 + s / k,
            clip_on=False,
        )
        criterion = data["criteria"][s] if data["criteria"] is not None else None
        text = f"{name} (Nash)" if criterion == "nash" else name
        handles.append(
            Line2D(
                [],
                [],
                color=colour,
                linestyle=style,
                linewidth=1.8,
                marker=marker,
                ms=5,
                label=text,
            )
        )
    if data["deltas"] is not None:
        delta = data["deltas"][:, p]
        ax.plot(x, delta, color="#222222", linewidth=1.4, linestyle=(0, (6, 3)), zorder=5)
        handles.append(
            Line2D(
                [],
                [],
                color="#222222",
                linewidth=1.4,
                linestyle=(0, (6, 3)),
                label=wrap(f"own δ ({_own_deltas(data)})", 42),
            )
        )
    for label, at in data["marks"]:
        ax.axvline(at, color="#555555", linewidth=1.0, linestyle="-.", zorder=1)
        ax.annotate(
            label,
            (at, 1.0),
            xycoords="data",
            xytext=(3, -4),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            rotation=90,
            color="#333333",
        )
    if data["marks"]:
        handles.append(
            Line2D(
                [], [], color="#555555", linewidth=1.0, linestyle="-.", label="a model's own value"
            )
        )
    pad = 0.02 * (x[-1] - x[0]) if data["scale"] == "linear" else 0.0
    if x.size > 1:
        ax.set_xlim(x[0] - pad, x[-1] + pad)
    return handles


def _own_deltas(data: dict[str, Any]) -> str:
    parts = []
    for p, name in enumerate(data["players"]):
        delta = data["deltas"][:, p]
        parts.append(f"{name} {delta[0]:g}" if data["delta_constant"][p] else f"{name} varies")
    return ", ".join(parts)


def _strategy_names(strategies: Any) -> tuple[str, ...]:
    if isinstance(strategies, str) or not isinstance(strategies, Sequence) or not strategies:
        raise ValueError(f"strategies must be a non-empty list of labels; got {strategies!r}")
    if not all(isinstance(s, str) and s for s in strategies):
        raise ValueError(f"every strategy label must be a non-empty string; got {strategies!r}")
    if len(set(strategies)) != len(strategies):
        raise ValueError(f"strategy labels must be distinct; got {list(strategies)}")
    return tuple(strategies)


def _criteria(criteria: Any, k: int) -> tuple[str, ...] | None:
    if criteria is None:
        return None
    if (
        isinstance(criteria, str)
        or not isinstance(criteria, Sequence)
        or len(criteria) != k
        or any(c not in ("subgame-perfect", "nash") for c in criteria)
    ):
        raise ValueError(
            f"criteria must give 'subgame-perfect' or 'nash' for each of the {k} strategies; "
            f"got {criteria!r}"
        )
    return tuple(criteria)


def _deltas(deltas: Any, n: int) -> npt.NDArray[np.float64] | None:
    if deltas is None:
        return None
    try:
        arr = np.asarray(deltas, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"deltas must be numbers; got {deltas!r}") from None
    if arr.shape == (2,):
        arr = np.tile(arr, (n, 1))
    if arr.shape != (n, 2):
        raise ValueError(
            f"deltas must be a (row, col) pair or have shape ({n}, 2); got {arr.shape}"
        )
    if not np.all((arr > 0) & (arr < 1)):
        raise ValueError(f"discount factors lie strictly between 0 and 1; got {arr.tolist()}")
    return arr
