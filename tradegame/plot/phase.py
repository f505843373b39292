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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Real
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.model.model import Model
from tradegame.plot.style import COLOURS, new_figure

__all__ = [
    "FILL_COLOURS",
    "class_label",
    "param_label",
    "phase_data",
    "phase_from_model",
    "plot_phase",
]

#: Colour-blind-safe fill colours (Paul Tol's "light" scheme), handed to the classes
#: present in a figure in a fixed order (:data:`~tradegame.solvers.classify.GAME_CLASSES`
#: first, then the asymmetric pairs, then anything else, alphabetically).
FILL_COLOURS = (
    "#77AADD",
    "#EE8866",
    "#EEDD88",
    "#FFAABB",
    "#99DDFF",
    "#44BB99",
    "#BBCC33",
    "#AAAA00",
    "#DDDDDD",
)

_SCALES = ("linear", "log")
_HATCH_COLOUR = "#222222"

# Greek letters for the symbols of tradegame.model.spec
_GREEK = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "Delta": "Δ",
    "epsilon": "ε",
    "theta": "θ",
    "kappa": "κ",
    "lambda": "λ",
    "rho": "ρ",
    "tau": "τ",
    "phi": "φ",
    "psi": "ψ",
    "chi": "χ",
    "pi0": "π₀",
}


# --- labels --------------------------------------------------------------------------------


def param_label(model: Model, key: str) -> str:
    """An axis label for a parameter of ``model``: its name, symbol and unit.

    Parameters
    ----------
    model : Model
        The model whose parameter it is (for the unit, with the money unit filled in).
    key : str
        A parameter key, such as ``"minerals.substitution_time"``.

    Returns
    -------
    str
        For example ``"minerals substitution time τ (years)"``; a unitless
        parameter (unit ``"-"``) has no parentheses, and a matrix game's own
        payoff parameters are labelled by their key and the model's unit.

    Raises
    ------
    ValueError
        If the model has no such parameter (naming the closest key).

    Examples
    --------
    >>> from tradegame import load_model
    >>> param_label(load_model("rare-earth-2025"), "minerals.criticality")
    'minerals criticality K (× per unit)'
    """
    from tradegame.datafile import did_you_mean

    if not isinstance(key, str) or key not in model.params:
        hint = did_you_mean(key, model.params) if isinstance(key, str) else ""
        raise ValueError(f"{model.name} has no parameter {key!r}{hint}")
    spec = model.spec(key)
    unit = model.unit_of(key)
    if spec is None:
        text = key
    else:
        owner = key.rpartition(".")[0]
        symbol = _GREEK.get(spec.symbol, spec.symbol)
        text = " ".join(part for part in (owner, spec.name.replace("_", " "), symbol) if part)
    if not unit or unit in ("-", "payoff"):
        return text
    return f"{text} ({unit})"


def class_label(name: str, players: Sequence[str] | None = None) -> str:
    """A game class of :func:`~tradegame.solvers.classify.classify` in words, for a legend.

    ``"asymmetric:<row>/<col>"`` names both players' types, with the players'
    names when ``players`` (row first) is given.

    Examples
    --------
    >>> class_label("asymmetric:deadlock/prisoners-dilemma", ("United States", "China"))
    "asymmetric: deadlock (United States), prisoner's dilemma (China)"
    """

    def words(kind: str) -> str:
        return "prisoner's dilemma" if kind == "prisoners-dilemma" else kind.replace("-", " ")

    if name.startswith("asymmetric:") and name.count("/") == 1:
        row, col = name.removeprefix("asymmetric:").split("/")
        who = tuple(players) if players is not None else ("row", "column")
        return f"asymmetric: {words(row)} ({who[0]}), {words(col)} ({who[1]})"
    return words(name)


# --- data ----------------------------------------------------------------------------------


def phase_data(
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
) -> dict[str, Any]:
    """The regions, outline and marks a phase diagram draws, as plain arrays.

    Axes are put in increasing order (and every array with them), as drawn.

    Parameters
    ----------
    x_name, y_name : str
        The two parameters (their keys, such as ``"minerals.substitution_time"``).
    x_values, y_values : 1-D arrays of numbers
        The grid values of each parameter, finite and distinct, in any order.
    classes : 2-D array of str, shape ``(len(x_values), len(y_values))``
        ``classes[i, j]`` is the game class at ``(x_values[i], y_values[j])``.
    sustainable : 2-D array of bool of the same shape, optional
        Where cooperation is sustainable; None draws no outline.
    marks : sequence of ``(label, x, y)``, optional
        Points to mark and label, such as calibrated models; each inside the grid.
    labels : mapping of str to str, optional
        Axis labels by parameter name (with units: :func:`param_label`);
        default the names.
    scales : pair of ``"linear"`` or ``"log"``
        The scale of each axis; a log axis needs positive values.
    players : pair of str, optional
        The players' names, row first, for the asymmetric classes in the legend.
    sustainable_label : str, optional
        The legend entry of the sustainable region; default "cooperation
        sustainable" (with the model's discount factors, given ``model``).
    note : str, optional
        A caption under the figure; default none (given ``model``, which model
        the grid varies).
    model : Model, optional
        The model the grid varies. It fills in what is not given: axis labels
        with units (:func:`param_label`), the players, the model's own point
        as the mark (when it lies inside the grid), the legend entry and the
        caption. Both parameters must be the model's.

    Returns
    -------
    dict
        ``names``, ``scales``, ``labels``
            The two parameter names, their scales and their axis labels.
        ``axes``
            The parameter values, increasing.
        ``edges``
            Per axis, the cell edges drawn.
        ``classes``
            2-D array of str, ``(nx, ny)``, in the order of ``axes``.
        ``class_names``, ``class_labels``, ``colours``
            The classes present in the order of the legend, their legend text
            and their fill colours (by class name).
        ``codes``
            Int array ``(nx, ny)``: the index in ``class_names`` of each point.
        ``counts``
            The number of grid points of each class, by name.
        ``sustainable``
            Bool array ``(nx, ny)``, or None.
        ``sustainable_count``
            The number of sustainable points (0 without ``sustainable``).
        ``outline``
            The boundary of the sustainable region: a list of cell-edge
            segments ``((x0, y0), (x1, y1))``.
        ``marks``
            ``[(label, x, y)]`` as floats.
        ``sustainable_label``, ``note``, ``players``
            As given.

    Raises
    ------
    ValueError
        If the names are not two different strings, an axis is empty, repeats
        a value, is not finite (or not positive on a log axis), ``classes`` or
        ``sustainable`` does not have the grid's shape (or holds other than
        names and booleans), a label names another parameter, a mark is
        malformed or outside the grid, or ``model`` lacks a parameter.
    """
    names = _names(x_name, y_name)
    scale_pair = _scales(scales)
    if model is not None:
        if not isinstance(model, Model):
            raise ValueError(f"model must be a tradegame Model; got {model!r}")
        own = {n: param_label(model, n) for n in names}  # unknown names fail here
        labels = {**own, **axis_labels_map(labels)}
        players = model.labels if players is None else players
        if sustainable_label is None:
            sustainable_label = f"cooperation sustainable at {_at_delta(model, names)}"
        if note is None:
            note = f"Each grid point is {model.name} with these two parameters changed."
    x = check_axis(x_name, x_values, scale_pair[0])
    y = check_axis(y_name, y_values, scale_pair[1])
    shape = (x.size, y.size)
    grid = _classes(classes, shape)
    flags = None if sustainable is None else _flags(sustainable, shape)
    ox, oy = np.argsort(x), np.argsort(y)
    x, y = x[ox], y[oy]
    grid = grid[np.ix_(ox, oy)]
    if flags is not None:
        flags = flags[np.ix_(ox, oy)]
    edges = (edges_of(x, scale_pair[0]), edges_of(y, scale_pair[1]))
    if model is not None and marks is None:
        point = (float(model.params[names[0]]), float(model.params[names[1]]))
        inside = all(e[0] <= v <= e[-1] for e, v in zip(edges, point, strict=True))
        marks = [(model.name, *point)] if inside else []
    class_names = _class_order({str(c) for c in grid.ravel()})
    codes = np.vectorize(class_names.index, otypes=[np.int64])(grid)
    who = _players(players)
    return {
        "names": names,
        "scales": scale_pair,
        "labels": tuple(axis_labels(labels, names)),
        "axes": (x, y),
        "edges": edges,
        "classes": grid,
        "class_names": class_names,
        "class_labels": tuple(class_label(c, who) for c in class_names),
        "colours": {c: FILL_COLOURS[k % len(FILL_COLOURS)] for k, c in enumerate(class_names)},
        "codes": codes,
        "counts": {c: int(np.sum(codes == k)) for k, c in enumerate(class_names)},
        "sustainable": flags,
        "sustainable_count": 0 if flags is None else int(flags.sum()),
        "outline": [] if flags is None else _outline(flags, edges),
        "marks": check_marks(marks, names, edges, scale_pair),
        "sustainable_label": _text(
            "sustainable_label",
            "cooperation sustainable" if sustainable_label is None else sustainable_label,
        ),
        "note": _text("note", "" if note is None else note),
        "players": who,
    }


def phase_from_model(
    model: Model,
    x: tuple[str, Any],
    y: tuple[str, Any],
    marks_from: Sequence[Model] | None = None,
    *,
    path: Sequence[int | str] = (0, 0),
) -> dict[str, Any]:
    """The arguments of :func:`phase_data` (and :func:`plot_phase`) for a grid of one model.

    At each grid point the model gets the two parameter values
    (:meth:`Model.with_params`), and its stage game is classified as
    ``tradegame run`` classifies it: a 2x2 game as it is, a larger ladder by
    its extreme actions (each player's first and last rung). Cooperation is
    sustainable where grim trigger with Nash reversion keeps both players on
    ``path`` at their own discount factors (the verdict of ``tradegame run``:
    each critical δ at most the player's δ).

    Parameters
    ----------
    model : Model
        The model varied; every other parameter keeps its value.
    x, y : (name, values)
        A parameter key and its grid values (keep grids small: each point is a solve).
    marks_from : sequence of Model, optional
        Models marked at their own values of the two parameters (default: ``model``).
    path : pair of action names or indices
        The cooperative profile.

    Returns
    -------
    dict
        Keyword arguments for :func:`phase_data` and :func:`plot_phase`; the
        caption says that the marked models may differ in other parameters.

    Raises
    ------
    ValueError
        For an unknown parameter, a value the parameter does not allow, or a
        marked model that lacks a parameter.
    """
    from tradegame.solvers.classify import classify, extreme_subgame
    from tradegame.solvers.repeated import RepeatedGame

    (x_name, x_values), (y_name, y_values) = _pair("x", x), _pair("y", y)
    labels = {x_name: param_label(model, x_name), y_name: param_label(model, y_name)}
    xs = np.asarray(x_values, dtype=float).ravel()
    ys = np.asarray(y_values, dtype=float).ravel()
    classes = np.empty((xs.size, ys.size), dtype=object)
    flags = np.zeros((xs.size, ys.size), dtype=bool)
    has_delta = model.discounts() is not None
    g0 = model.game()
    profile = (g0.action_index(0, path[0]), g0.action_index(1, path[1]))
    for i, xv in enumerate(xs.tolist()):
        for j, yv in enumerate(ys.tolist()):
            point = model.with_params({x_name: xv, y_name: yv})
            g = point.game()
            classes[i, j] = classify(extreme_subgame(g))
            deltas = point.discounts()
            if deltas is not None:
                flags[i, j] = all(RepeatedGame(g, deltas).grim_details(profile).sustainable)
    marks = []
    for other in [model] if marks_from is None else marks_from:
        if not isinstance(other, Model):
            raise ValueError(f"marks_from must be a list of Models; got {other!r}")
        for key in (x_name, y_name):
            if key not in other.params:
                raise ValueError(f"cannot mark {other.name}: it has no parameter {key!r}")
        marks.append((other.name, float(other.params[x_name]), float(other.params[y_name])))
    acts = model.actions
    on = f"({acts[0][profile[0]]}, {acts[1][profile[1]]})"
    at = _at_delta(model, (x_name, y_name))
    others = [m.name for m in (marks_from or []) if m.name != model.name]
    note = f"Each grid point is {model.name} with these two parameters changed."
    if others:
        note += (
            f" Stars: each model's own values of them ({' and '.join(others)} "
            f"also differ from {model.name} in other parameters)."
        )
    if not has_delta:
        note += " The model sets no discount factors: no verdict on cooperation."
    return {
        "x_name": x_name,
        "x_values": xs,
        "y_name": y_name,
        "y_values": ys,
        "classes": classes,
        "sustainable": flags if has_delta else None,
        "marks": marks,
        "labels": labels,
        "players": model.labels,
        "sustainable_label": f"grim trigger sustains {on} at {at}",
        "note": note,
    }


# --- figure --------------------------------------------------------------------------------


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
            label=_wrap(text, 40) + "\n" + _share(data["counts"][c], total),
        )
        for c, text in zip(data["class_names"], data["class_labels"], strict=True)
    ]
    if data["sustainable"] is not None:
        for x0, x1, y0, y1 in _runs(data["sustainable"], data["edges"]):
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
                label=_wrap(data["sustainable_label"], 40)
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
    ax.set_xlabel(_wrap(data["labels"][0], 60))
    ax.set_ylabel(_wrap(data["labels"][1], 45))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    fig.suptitle(title or "Game class and sustainable cooperation")
    if data["note"]:
        fig.text(0.01, 0.005, _wrap(data["note"], 120), fontsize=7.5, color="#444444", va="bottom")
        fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    return fig


def _at_delta(model: Model, names: Sequence[str]) -> str:
    """``"δ = 0.8 (United States), 0.9 (China)"``, or "each point's δ" where an axis moves it."""
    discounts = model.discounts()
    keys = {"discount"} | {f"{p}.discount" for p in model.players}
    if discounts is None or keys & set(names):
        return "each point's δ"
    if model.kind == "matrix":
        return f"δ\u00a0=\u00a0{float(discounts[0]):g}"
    return (
        f"δ\u00a0=\u00a0{float(discounts[0]):g} ({model.labels[0]}), "
        f"{float(discounts[1]):g} ({model.labels[1]})"
    )


def plain_log_ticks(ax: Any, scales: Sequence[str]) -> None:
    """Label log axes with plain numbers (0.5, 1, 2, 5, 10), not powers of ten."""
    from matplotlib.ticker import FuncFormatter, LogLocator

    def plain(value: float, _: Any) -> str:
        return f"{value:g}"

    for axis, scale in zip((ax.xaxis, ax.yaxis), scales, strict=True):
        if scale != "log":
            continue
        axis.set_major_locator(LogLocator(base=10, subs=(1.0,)))
        axis.set_minor_locator(LogLocator(base=10, subs=(2.0, 5.0)))
        axis.set_major_formatter(FuncFormatter(plain))
        axis.set_minor_formatter(FuncFormatter(plain))


def _share(count: int, total: int) -> str:
    return f"{count} of {total} points"


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


# --- checks shared by the figures of this package ---------------------------------------------


def _number(x: Any) -> bool:
    return isinstance(x, Real | np.number) and not isinstance(x, bool | np.bool_)


def _names(x_name: Any, y_name: Any) -> tuple[str, str]:
    for which, name in (("x_name", x_name), ("y_name", y_name)):
        if not isinstance(name, str) or not name:
            raise ValueError(f"{which} must be a parameter name; got {name!r}")
    if x_name == y_name:
        raise ValueError(f"the two axes must be different parameters; both are {x_name!r}")
    return x_name, y_name


def _scales(scales: Any) -> tuple[str, str]:
    if (
        isinstance(scales, str)
        or not isinstance(scales, Sequence)
        or len(scales) != 2
        or any(s not in _SCALES for s in scales)
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


def _classes(classes: Any, shape: tuple[int, int]) -> npt.NDArray[np.object_]:
    grid = np.asarray(classes, dtype=object)
    if grid.shape != shape:
        hint = " (transposed? classes[i, j] is at x_values[i], y_values[j])"
        raise ValueError(
            f"classes has shape {grid.shape}; the axes give {shape}"
            + (hint if grid.shape == shape[::-1] else "")
        )
    bad = [c for c in grid.ravel() if not isinstance(c, str) or not c]
    if bad:
        raise ValueError(f"classes must hold class names (non-empty strings); got {bad[0]!r}")
    return grid


def _flags(sustainable: Any, shape: tuple[int, int]) -> npt.NDArray[np.bool_]:
    arr = np.asarray(sustainable)
    if arr.shape != shape:
        raise ValueError(f"sustainable has shape {arr.shape}; the axes give {shape}")
    if arr.dtype != bool and not (
        np.issubdtype(arr.dtype, np.integer) and np.isin(arr, (0, 1)).all()
    ):
        raise ValueError(f"sustainable must hold booleans; got dtype {arr.dtype}")
    return arr.astype(bool)


def _players(players: Any) -> tuple[str, str] | None:
    if players is None:
        return None
    if (
        isinstance(players, str)
        or not isinstance(players, Sequence)
        or len(players) != 2
        or not all(isinstance(p, str) for p in players)
    ):
        raise ValueError(f"players must be a pair of names, row player first; got {players!r}")
    return players[0], players[1]


def _text(which: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{which} must be a string; got {value!r}")
    return value


def axis_labels_map(labels: Any) -> dict[str, str]:
    """``labels`` as a dict (empty for None), once it is a mapping of names to strings."""
    if labels is None:
        return {}
    if not isinstance(labels, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
    ):
        raise ValueError(f"labels must map parameter names to axis labels; got {labels!r}")
    return dict(labels)


def axis_labels(labels: Mapping[str, str] | None, names: Sequence[str]) -> list[str]:
    """The axis label of each of ``names``: from ``labels``, else the name itself."""
    if labels is None:
        return list(names)
    if not isinstance(labels, Mapping):
        raise ValueError(f"labels must map parameter names to axis labels; got {labels!r}")
    unknown = sorted(set(labels) - set(names))
    if unknown:
        raise ValueError(
            f"labels for parameters not in the figure: {unknown}; it has {list(names)}"
        )
    for name, text in labels.items():
        if not isinstance(text, str):
            raise ValueError(f"the label of {name!r} must be a string; got {text!r}")
    return [labels.get(n, n) for n in names]


def check_marks(
    marks: Any,
    names: Sequence[str],
    edges: Sequence[npt.NDArray[np.float64]],
    scales: Sequence[str],
) -> list[tuple[Any, ...]]:
    """``marks`` as ``(label, *coordinates)`` with floats, each inside the drawn ``edges``."""
    if marks is None:
        return []
    dims = len(names)
    form = "(label, x, y)" if dims == 2 else "(label, x)"
    if isinstance(marks, str) or not isinstance(marks, Sequence):
        raise ValueError(f"marks must be a list of {form}; got {marks!r}")
    out = []
    for mark in marks:
        if (
            isinstance(mark, str)
            or not isinstance(mark, Sequence)
            or len(mark) != dims + 1
            or not isinstance(mark[0], str)
            or not all(_number(v) and np.isfinite(float(v)) for v in mark[1:])
        ):
            raise ValueError(f"each mark must be {form} with finite numbers; got {mark!r}")
        for k, value in enumerate(mark[1:]):
            low, high = float(edges[k][0]), float(edges[k][-1])
            if not low <= float(value) <= high:
                raise ValueError(
                    f"mark {mark[0]!r}: {names[k]} = {float(value):g} is outside the axes "
                    f"[{low:g}, {high:g}]"
                )
            if scales[k] == "log" and float(value) <= 0:
                raise ValueError(f"mark {mark[0]!r}: {names[k]} must be positive on a log axis")
        out.append((mark[0], *(float(v) for v in mark[1:])))
    return out


def _pair(which: str, axis: Any) -> tuple[str, Any]:
    if (
        isinstance(axis, str)
        or not isinstance(axis, Sequence)
        or len(axis) != 2
        or not isinstance(axis[0], str)
    ):
        raise ValueError(f"{which} must be a (parameter name, values) pair; got {axis!r}")
    return axis[0], axis[1]


def _class_order(present: set[str]) -> tuple[str, ...]:
    from tradegame.solvers.classify import GAME_CLASSES

    known = [c for c in GAME_CLASSES if c in present]
    asym = sorted(c for c in present if c.startswith("asymmetric:"))
    rest = sorted(present - set(known) - set(asym))
    return (*known, *asym, *rest)


# --- geometry ------------------------------------------------------------------------------


def edges_of(values: npt.NDArray[np.float64], scale: str = "linear") -> npt.NDArray[np.float64]:
    """Cell edges of increasing ``values``: midpoints (geometric on a log axis), closed by
    the first and last value; a single value gets a cell around it."""
    if values.size == 1:
        v = float(values[0])
        if scale == "log":
            return np.array([v / 1.25, v * 1.25])
        half = 0.1 * abs(v) or 0.5
        return np.array([v - half, v + half])
    mid = np.sqrt(values[1:] * values[:-1]) if scale == "log" else (values[1:] + values[:-1]) / 2
    return np.concatenate([values[:1], mid, values[-1:]])


def _outline(
    flags: npt.NDArray[np.bool_], edges: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]
) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The cell edges between sustainable points and the rest (or the grid's border)."""
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


def _runs(
    flags: npt.NDArray[np.bool_], edges: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]
) -> list[tuple[float, float, float, float]]:
    """The sustainable cells as rectangles ``(x0, x1, y0, y1)``: one per run along y."""
    xe, ye = (e.tolist() for e in edges)
    out = []
    for i in range(flags.shape[0]):
        start = None
        for j, flag in enumerate([*flags[i].tolist(), False]):
            if flag and start is None:
                start = j
            elif not flag and start is not None:
                out.append((xe[i], xe[i + 1], ye[start], ye[j]))
                start = None
    return out


def _wrap(text: str, width: int) -> str:
    """``text`` with every line of more than ``width`` characters broken at spaces."""
    import textwrap

    return "\n".join(
        textwrap.fill(line, width, break_on_hyphens=False) or line for line in text.split("\n")
    )
