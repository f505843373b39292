"""An equilibrium path of the dynamic game: dependence, trust, actions and payoffs by period.

:func:`path_data` returns what the figure draws as plain numbers, so tests can
check the data of the figure, not its pixels; :func:`plot_path` draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tradegame.plot.checks import check_players
from tradegame.plot.style import COLOURS, new_figure
from tradegame.solvers.paths import Path

__all__ = ["STATE_KINDS", "path_data", "plot_path"]

#: The derived quantities the figure reads, each named ``"{kind}_{good}"``.
STATE_KINDS = ("dependence", "trust", "pressure")

_PLAYER_COLOURS = (COLOURS["row"], COLOURS["col"])
_OTHER_COLOURS = ("#000000", "#009E73", "#CC79A7", "#E69F00")


def path_data(path: Path) -> dict[str, Any]:
    """The series the figure draws, per period, as plain arrays.

    Parameters
    ----------
    path : Path
        An equilibrium path from :func:`tradegame.solvers.paths.simulate_path`.

    Returns
    -------
    dict
        ``periods``
            The number of periods ``T``.
        ``time``
            ``0 .. T``: the period at whose start each state holds (``T`` is the
            state after the last period).
        ``goods``
            The goods found in ``path.derived`` (keys ``"dependence_<good>"``,
            ``"trust_<good>"``, ``"pressure_<good>"``), in order of first appearance.
        ``holders``
            For each good, the index of the player who supplies it: with exactly
            two goods, the first is the row player's and the second the column
            player's (the order of :class:`tradegame.model.dynamics.DynamicGame`);
            otherwise None.
        ``dependence``, ``trust``, ``pressure``
            ``{good: (T + 1,) array}`` for the goods that have that quantity.
        ``actions``
            Both players' action names.
        ``probabilities``
            ``(path.row, path.col)``: action probabilities ``(T, m)`` and ``(T, n)``.
        ``expected_action``
            Per player, the expected action index in each period ``(T,)``: the
            rung of the ladder played, between rungs where the player mixes.
        ``restrict_probability``
            Per player, the probability of any action but the first (open) one.
        ``mixed``
            Per player, whether it mixes in each period.
        ``payoffs``
            ``(T, 2)`` expected stage payoffs.
        ``total``
            Both players' discounted totals.

    Raises
    ------
    ValueError
        If ``path`` is not a :class:`~tradegame.solvers.paths.Path` or its arrays
        do not fit together.
    """
    if not isinstance(path, Path):
        raise ValueError(f"path must be a tradegame Path (from simulate_path); got {path!r}")
    T = path.periods
    probs = (np.array(path.row, dtype=float), np.array(path.col, dtype=float))
    for p, (name, arr) in enumerate(zip(("row", "col"), probs, strict=True)):
        if arr.ndim != 2 or arr.shape != (T, len(path.actions[p])):
            raise ValueError(
                f"path.{name} must have shape ({T}, {len(path.actions[p])}); got {arr.shape}"
            )
    series: dict[str, dict[str, Any]] = {kind: {} for kind in STATE_KINDS}
    goods: list[str] = []
    for key, values in path.derived.items():
        kind, _, good = key.partition("_")
        if kind not in STATE_KINDS or not good:
            continue
        arr = np.array(values, dtype=float).ravel()
        if arr.shape != (T + 1,):
            raise ValueError(
                f"path.derived[{key!r}] must have one value per state ({T + 1}); got {arr.size}"
            )
        series[kind][good] = arr
        if good not in goods:
            goods.append(good)
    holders: tuple[int | None, ...] = (0, 1) if len(goods) == 2 else tuple(None for _ in goods)
    return {
        "periods": T,
        "time": np.arange(T + 1),
        "goods": tuple(goods),
        "holders": holders,
        **series,
        "actions": (tuple(path.actions[0]), tuple(path.actions[1])),
        "probabilities": probs,
        "expected_action": tuple(arr @ np.arange(arr.shape[1], dtype=float) for arr in probs),
        "restrict_probability": tuple(1.0 - arr[:, 0] for arr in probs),
        "mixed": tuple(arr.max(axis=1) < 1.0 - 1e-9 for arr in probs),
        "payoffs": np.array(path.payoffs, dtype=float).reshape(T, 2),
        "total": path.total,
    }


def plot_path(
    path: Path,
    players: Sequence[str] = ("United States", "China"),
    unit: str = "",
    title: str | None = None,
) -> Any:
    """A figure of an equilibrium path over periods; returns the matplotlib Figure.

    Stacked panels share the period axis: the state (each buyer's dependence on
    each good, solid, and third parties' trust in each supplier, dashed; colour
    by supplier), then one panel per player with the action it plays in each
    period (its ladder rung; where it mixes, the expected rung), then both
    players' expected stage payoffs. States are drawn at the start of each
    period, actions and payoffs as steps over the period. A path without
    derived quantities gets the action and payoff panels only.

    Parameters
    ----------
    path : Path
        From :func:`tradegame.solvers.paths.simulate_path`.
    players : pair of str
        The players' names (``Model.labels``), row first.
    unit : str
        The money unit of the payoffs (``Model.unit``).
    title : str, optional
        The figure title; default "Equilibrium path".

    Raises
    ------
    ValueError
        If ``path`` is not a Path or ``players`` is not a pair of names.
    """
    data = path_data(path)
    names = check_players(players)
    has_state = any(data[kind] for kind in ("dependence", "trust"))
    ratios = ([2.4] if has_state else []) + [0.75, 0.75, 1.6]
    fig, _ = new_figure(7.0, 1.4 + 1.2 * sum(ratios))
    fig.clear()
    axes = list(fig.subplots(len(ratios), 1, sharex=True, height_ratios=ratios))
    for ax in axes:
        ax.grid(True, linewidth=0.4, alpha=0.5)
    if has_state:
        _state_panel(axes.pop(0), data, names)
    for p in (0, 1):
        _action_panel(axes.pop(0), data, p, names[p])
    _payoff_panel(axes[0], data, names, unit)
    T = data["periods"]
    from matplotlib.ticker import MaxNLocator, MultipleLocator

    axes[0].set_xlim(-0.02 * T - 0.1, 1.02 * T + 0.1)  # room for the first and last markers
    axes[0].xaxis.set_major_locator(MultipleLocator(1) if T <= 16 else MaxNLocator(integer=True))
    axes[0].set_xlabel("period (states at the start of each period)")
    fig.suptitle(title or "Equilibrium path")
    return fig


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _good(good: str, holder: str, same: str | None = None) -> str:
    """The good's name, or the holder's (or ``same``) where the good is named after it."""
    if good.casefold() == holder.casefold():
        return holder if same is None else same
    return good


def _state_panel(ax: Any, data: dict[str, Any], names: tuple[str, str]) -> None:
    time = data["time"]
    for k, (good, holder) in enumerate(zip(data["goods"], data["holders"], strict=True)):
        colour = _PLAYER_COLOURS[holder] if holder is not None else _OTHER_COLOURS[k % 4]
        # the first good is drawn wide and the later ones narrow on top of it, so
        # equal series (trust often falls alike for both suppliers) stay visible
        width, size = (2.8, 7.0) if k == 0 else (1.4, 4.0)
        if good in data["dependence"]:
            who = (
                f"{_possessive(names[1 - holder])} dependence on {_good(good, names[holder])}"
                if holder is not None
                else f"dependence on {good}"
            )
            ax.plot(
                time,
                data["dependence"][good],
                color=colour,
                linewidth=width,
                marker="o",
                ms=size,
                label=who,
            )
        if good in data["trust"]:
            who = (
                f"trust in {names[holder]} as {_good(good, names[holder], 'a')} supplier"
                if holder is not None
                else f"trust in the {good} supplier"
            )
            ax.plot(
                time,
                data["trust"][good],
                color=colour,
                linewidth=width,
                linestyle="--",
                marker="s",
                ms=size,
                markerfacecolor="white",
                label=who,
            )
    ax.set_ylim(-0.04, 1.04)
    ax.set_ylabel("dependence (share),\ntrust (probability)")
    _legend_above(ax, ncol=max(1, len(data["goods"])))


def _legend_above(ax: Any, ncol: int) -> None:
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncol=ncol,
        frameon=False,
        borderaxespad=0.0,
        handlelength=2.6,
    )


def _action_panel(ax: Any, data: dict[str, Any], p: int, name: str) -> None:
    actions = data["actions"][p]
    edges = np.arange(data["periods"] + 1)
    ax.stairs(
        data["expected_action"][p],
        edges,
        baseline=None,
        zorder=2.5,  # a patch: keep it above the grid
        color=_PLAYER_COLOURS[p],
        linewidth=2.2,
    )
    for t in np.flatnonzero(data["mixed"][p]):
        ax.axvspan(t, t + 1, color=_PLAYER_COLOURS[p], alpha=0.12, linewidth=0)
    ax.set_yticks(range(len(actions)), actions)
    ax.set_ylim(-0.35, len(actions) - 0.65)
    mixes = bool(data["mixed"][p].any())
    ax.set_ylabel(f"{name}\n(expected)" if mixes else name, color=_PLAYER_COLOURS[p])


def _payoff_panel(ax: Any, data: dict[str, Any], names: tuple[str, str], unit: str) -> None:
    edges = np.arange(data["periods"] + 1)
    ax.axhline(0.0, color="#777777", linewidth=0.8)
    for p in (0, 1):
        ax.stairs(
            data["payoffs"][:, p],
            edges,
            baseline=None,
            zorder=2.5,  # a patch: keep it above the grid
            color=_PLAYER_COLOURS[p],
            linewidth=1.8,
            linestyle="-" if p == 0 else "--",
            label=f"{names[p]} (discounted total {_number(data['total'][p])})",
        )
    suffix = f" ({unit})" if unit and unit != "payoff" else ""
    ax.set_ylabel(f"expected stage payoff{suffix}")
    _legend_above(ax, ncol=2)


def _number(x: float) -> str:
    return f"{x:,.4g}".replace("-", "\N{MINUS SIGN}")
