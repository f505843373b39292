"""What a phase diagram draws: game classes, the sustainable region and marks, as arrays.

:func:`phase_data` takes plain arrays (so a sweep computed anywhere can be
drawn) and returns what is drawn as plain numbers, so tests can check the data
of the figure, not its pixels; :func:`phase_from_model` computes the arrays for
one model on a grid with the stage and repeated-game solvers.
:func:`tradegame.plot.phase.plot_phase` draws them.

Each grid point stands for the cell around it (:mod:`tradegame.plot.grid`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.model.model import Model
from tradegame.plot.checks import (
    check_axis,
    check_names,
    check_pair,
    check_players,
    check_scales,
    check_text,
)
from tradegame.plot.grid import edges_of, outline
from tradegame.plot.labels import axis_labels, axis_labels_map, class_label, param_label
from tradegame.plot.marks import check_marks

__all__ = ["FILL_COLOURS", "phase_data", "phase_from_model"]

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
        Axis labels by parameter name (with units: :func:`~tradegame.plot.labels.param_label`);
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
        with units (:func:`~tradegame.plot.labels.param_label`), the players, the model's own point
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
    names = check_names(x_name, y_name)
    scale_pair = check_scales(scales)
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
    who = None if players is None else check_players(players)
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
        "outline": [] if flags is None else outline(flags, edges),
        "marks": check_marks(marks, names, edges),
        "sustainable_label": check_text(
            "sustainable_label",
            "cooperation sustainable" if sustainable_label is None else sustainable_label,
        ),
        "note": check_text("note", "" if note is None else note),
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
    """The arguments of :func:`phase_data` (and of ``plot_phase``) for a grid of one model.

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
        Keyword arguments for :func:`phase_data` and
        :func:`~tradegame.plot.phase.plot_phase`; the
        caption says that the marked models may differ in other parameters.

    Raises
    ------
    ValueError
        For an unknown parameter, a value the parameter does not allow, or a
        marked model that lacks a parameter.
    """
    from tradegame.solvers.classify import classify, extreme_subgame
    from tradegame.solvers.repeated import RepeatedGame

    (x_name, x_values), (y_name, y_values) = check_pair("x", x), check_pair("y", y)
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


def _class_order(present: set[str]) -> tuple[str, ...]:
    from tradegame.solvers.classify import GAME_CLASSES

    known = [c for c in GAME_CLASSES if c in present]
    asym = sorted(c for c in present if c.startswith("asymmetric:"))
    rest = sorted(present - set(known) - set(asym))
    return (*known, *asym, *rest)
