"""A round-robin tournament as a heatmap: each strategy's payoff per turn against each other.

Rows are the strategy scoring, columns its opponent, so row ``i`` column ``j``
is the head-to-head payoff ``H[i][j]`` of
:class:`tradegame.solvers.tournament.Table`. Rows and columns are put in rank
order by default (the best strategy first), and each row label gives the rank
and the score (the row's mean). Every cell is annotated with its value.

Colours are colour-blind safe: a diverging map (ColorBrewer RdBu, centred on 0,
gains blue and losses red) when payoffs have both signs, the sequential cividis
otherwise.

:func:`tournament_data` takes plain arrays and returns what is drawn;
:func:`plot_tournament` draws it; :func:`tournament_from_table` and
:func:`tournament_from_model` give its arguments from a tournament result or
from a model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tradegame.model.model import Model
from tradegame.plot.checks import check_text
from tradegame.plot.labels import wrap
from tradegame.plot.style import new_figure

__all__ = [
    "plot_tournament",
    "tournament_data",
    "tournament_from_model",
    "tournament_from_table",
]


def tournament_data(
    names: Sequence[str],
    head_to_head: Any,
    *,
    scores: Any = None,
    unit: str = "",
    order: str = "rank",
    note: str = "",
) -> dict[str, Any]:
    """The matrix, order and colour scale the heatmap draws, as plain arrays.

    Parameters
    ----------
    names : sequence of str
        The strategies' labels, distinct.
    head_to_head : array of shape ``(k, k)``
        ``head_to_head[i][j]``: strategy ``i``'s payoff per turn against ``j``.
    scores : array of shape ``(k,)``, optional
        Each strategy's score; default the mean of its row (as the tournament
        scores it).
    unit : str
        The money unit of the payoffs (``Model.unit``), for the colour bar.
    order : ``"rank"`` or ``"given"``
        Rows and columns by rank (best first; ties keep the order given), or as given.
    note : str
        A caption under the figure.

    Returns
    -------
    dict
        ``names``, ``matrix``, ``scores``, ``ranks``
            In the order drawn; ``matrix[a, b]`` is ``head_to_head[order[a]][order[b]]``.
        ``order``
            Indices into the strategies as given.
        ``low``, ``high``
            The smallest and largest payoff.
        ``diverging``
            True when payoffs have both signs (the colours centre on 0).
        ``unit``, ``note``
            As given.

    Raises
    ------
    ValueError
        If the names are not distinct strings, the matrix is not square with
        one row per name, a payoff or score is not finite, or ``order`` is
        neither ``"rank"`` nor ``"given"``.
    """
    if isinstance(names, str) or not isinstance(names, Sequence) or not names:
        raise ValueError(f"names must be a non-empty list of strategy labels; got {names!r}")
    if not all(isinstance(n, str) and n for n in names) or len(set(names)) != len(names):
        raise ValueError(f"names must be distinct, non-empty strings; got {list(names)!r}")
    k = len(names)
    try:
        matrix = np.asarray(head_to_head, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("head_to_head must be a square table of numbers") from None
    if matrix.shape != (k, k):
        raise ValueError(f"head_to_head has shape {matrix.shape}; {k} names need ({k}, {k})")
    if not np.all(np.isfinite(matrix)):
        raise ValueError("head_to_head must hold finite payoffs")
    if scores is None:
        score = matrix.mean(axis=1)
    else:
        try:
            score = np.asarray(scores, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"scores must be numbers; got {scores!r}") from None
        if score.shape != (k,) or not np.all(np.isfinite(score)):
            raise ValueError(f"scores must be {k} finite numbers; got shape {score.shape}")
    if order not in ("rank", "given"):
        raise ValueError(f"order must be 'rank' or 'given'; got {order!r}")
    tol = 1e-9 * max(1.0, float(np.abs(score).max()))
    ranks = np.array([1 + int(np.sum(score > s + tol)) for s in score])
    index = np.argsort(ranks, kind="stable") if order == "rank" else np.arange(k)
    low, high = float(matrix.min()), float(matrix.max())
    return {
        "names": tuple(names[i] for i in index),
        "matrix": matrix[np.ix_(index, index)],
        "scores": score[index],
        "ranks": ranks[index],
        "order": index,
        "low": low,
        "high": high,
        "diverging": low < 0 < high,
        "unit": check_text("unit", unit),
        "note": check_text("note", note),
    }


def tournament_from_table(table: Any, unit: str = "") -> dict[str, Any]:
    """The arguments of :func:`tournament_data` (and :func:`plot_tournament`) from a Table.

    Parameters
    ----------
    table : Table
        From :func:`tradegame.tournament`.
    unit : str
        The money unit of the game's payoffs.

    Raises
    ------
    ValueError
        If ``table`` is not a :class:`~tradegame.solvers.tournament.Table`.
    """
    from tradegame.solvers.tournament import Table

    if not isinstance(table, Table):
        raise ValueError(
            f"table must be a tournament Table (from tradegame.tournament); got {table!r}"
        )
    seats = "each pair met once" if table.symmetric else "both seatings averaged"
    noise = float(table.noise)
    return {
        "names": list(table.names),
        "head_to_head": np.array([[float(v) for v in row] for row in table.head_to_head]),
        "scores": np.array([float(s) for s in table.scores]),
        "unit": unit,
        "note": (
            f"Round robin, self-play included: {table.turns} turns per match, noise {noise:g}, "
            f"{seats}; expected payoffs, computed exactly. Score: a row's mean."
        ),
    }


def tournament_from_model(
    model: Model, strategies: Sequence[Any] | None = None, turns: int = 50, noise: Any = 0
) -> dict[str, Any]:
    """The arguments of :func:`tournament_data` for a tournament on ``model``'s stage game.

    ``strategies`` default to every library strategy; ``turns`` and ``noise``
    as in :func:`tradegame.solvers.tournament.tournament`.
    """
    from tradegame.solvers.strategies import strategies as library
    from tradegame.solvers.tournament import tournament

    chosen = list(library()) if strategies is None else list(strategies)
    table = tournament(model.game(), chosen, turns=turns, noise=noise)
    out = tournament_from_table(table, unit=model.unit)
    out["note"] = f"{model.name}. " + out["note"]
    return out


def plot_tournament(
    names: Sequence[str],
    head_to_head: Any,
    *,
    scores: Any = None,
    unit: str = "",
    order: str = "rank",
    note: str = "",
    title: str | None = None,
) -> Any:
    """A heatmap of a tournament's head-to-head payoffs; returns the matplotlib Figure.

    Parameters
    ----------
    names, head_to_head, scores, unit, order, note
        As in :func:`tournament_data` (``plot_tournament(**tournament_from_table(t))``
        works).
    title : str, optional
        The figure title; default "Tournament: payoff per turn against each opponent".

    Raises
    ------
    ValueError
        For anything :func:`tournament_data` rejects.
    """
    from matplotlib import colormaps
    from matplotlib.colors import CenteredNorm, Normalize

    data = tournament_data(names, head_to_head, scores=scores, unit=unit, order=order, note=note)
    k = len(data["names"])
    side = max(3.2, 0.52 * k + 1.6)
    fig, ax = new_figure(side + 3.2, side + 1.2)
    ax.grid(False)
    if data["diverging"]:
        cmap = colormaps["RdBu"]
        norm: Any = CenteredNorm(vcenter=0.0)
    else:
        cmap = colormaps["cividis"]
        norm = Normalize(
            vmin=data["low"], vmax=data["high"] if data["high"] > data["low"] else None
        )
    image = ax.imshow(data["matrix"], cmap=cmap, norm=norm, aspect="equal")
    size = 9 if k <= 6 else 8 if k <= 9 else 7 if k <= 12 else 6
    for a in range(k):
        for b in range(k):
            value = data["matrix"][a, b]
            r, g, bl, _ = cmap(norm(value))
            dark = 0.2126 * r + 0.7152 * g + 0.0722 * bl < 0.5
            ax.text(
                b,
                a,
                _short(value),
                ha="center",
                va="center",
                fontsize=size,
                color="white" if dark else "black",
            )
    rows = [
        f"{rank}. {name} ({_short(score)})"
        for rank, name, score in zip(data["ranks"], data["names"], data["scores"], strict=True)
    ]
    ax.set_yticks(range(k), rows)
    ax.set_xticks(range(k), data["names"], rotation=40, ha="right", rotation_mode="anchor")
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(k + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(k + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.0)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("opponent")
    ax.set_ylabel("strategy: rank. name (score)")
    suffix = f" ({data['unit']})" if data["unit"] and data["unit"] != "payoff" else ""
    bar = fig.colorbar(image, ax=ax, shrink=0.8, pad=0.02)
    bar.set_label(f"payoff per turn{suffix}")
    if data["diverging"]:  # the colours are symmetric about 0; the bar shows the values met
        bar.ax.set_ylim(data["low"], data["high"])
    fig.suptitle(title or "Tournament: payoff per turn against each opponent")
    if data["note"]:
        fig.text(0.01, 0.005, wrap(data["note"], 110), fontsize=7.5, color="#444444", va="bottom")
        fig.get_layout_engine().set(rect=(0, 0.04, 1, 0.96))
    return fig


def _short(value: float) -> str:
    """A payoff in at most four significant figures, with a true minus sign."""
    if value == 0:
        return "0"
    text = f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return text.replace("-", "\u2212")
