"""Marks on figures: one check, the same messages for every figure that takes marks."""

from __future__ import annotations

from fractions import Fraction

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from tradegame.plot.leverage_map import plot_leverage_map
from tradegame.plot.marks import check_marks
from tradegame.plot.phase import phase_data
from tradegame.plot.thresholds import thresholds_data
from tradegame.solvers.regions import LeverageMap

EDGES = [np.array([0.0, 1.0]), np.array([10.0, 20.0])]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_good_marks_become_floats() -> None:
    marks = [("a", 0, 10), ("b", np.float32(0.5), np.int64(20)), ("c", Fraction(1, 4), 15.0)]
    assert check_marks(marks, ["x", "y"], EDGES) == [
        ("a", 0.0, 10.0),
        ("b", 0.5, 20.0),
        ("c", 0.25, 15.0),
    ]
    assert check_marks(None, ["x", "y"], EDGES) == []
    assert check_marks((), ["x"], EDGES[:1]) == []


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        ("today", r"^marks must be a list of \(label, x, y\); got 'today'$"),
        (3, r"^marks must be a list of \(label, x, y\); got 3$"),
        (
            [("a", 0.5, 15.0), ("no y", 0.5)],
            r"^marks\[1\] must be \(label, x, y\) with a string label and finite numbers; "
            r"got \('no y', 0.5\)$",
        ),
        ([(1, 0.5, 15.0)], r"^marks\[0\] must be \(label, x, y\)"),
        ([("a", True, 15.0)], r"^marks\[0\] must be \(label, x, y\)"),  # a bool is not a value
        ([("a", 0.5, 1j)], r"^marks\[0\] must be \(label, x, y\)"),
        ([("a", np.complex128(0.5), 15.0)], r"^marks\[0\] must be \(label, x, y\)"),
        ([("a", "0.5", 15.0)], r"^marks\[0\] must be \(label, x, y\)"),
        ([("a", np.inf, 15.0)], r"^marks\[0\] must be \(label, x, y\)"),
        (["a"], r"^marks\[0\] must be \(label, x, y\)"),
        (
            [("far", 0.5, 25.0)],
            r"^marks\[0\] \('far'\): y must lie within the axes \[10, 20\]; got 25$",
        ),
        (
            [("low", -0.25, 15.0)],
            r"^marks\[0\] \('low'\): x must lie within the axes \[0, 1\]; got -0.25$",
        ),
    ],
)
def test_bad_marks_say_which_and_what_is_allowed(marks: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_marks(marks, ["x", "y"], EDGES)


def test_one_axis_marks_have_one_coordinate() -> None:
    assert check_marks([("here", 1)], ["x"], EDGES[:1]) == [("here", 1.0)]
    with pytest.raises(ValueError, match=r"^marks\[0\] must be \(label, x\) with"):
        check_marks([("here", 1, 2)], ["x"], EDGES[:1])


def _leverage_map(*names: str) -> LeverageMap:
    """A map with nothing in either region, on the axes of EDGES (one per name)."""
    axes = tuple(edges.copy() for edges in EDGES[: len(names)])
    shape = tuple(a.size for a in axes)
    return LeverageMap(
        names=names,
        axes=axes,
        player=0,
        periods=None,
        value_eq=np.zeros(shape),
        value_restrict=np.zeros(shape),
        value_never=np.zeros(shape),
        restrict_probability=np.zeros(shape),
        in_window=np.zeros(shape, dtype=bool),
        self_harm=np.zeros(shape, dtype=bool),
        converged=np.ones(shape, dtype=bool),
    )


def _messages(marks: list) -> set[str]:
    """The message each figure that takes marks over two parameters gives for ``marks``."""
    out = set()
    calls = [
        lambda: phase_data(
            "x", [0.0, 1.0], "y", [10.0, 20.0], np.full((2, 2), "chicken"), None, marks
        ),
        lambda: plot_leverage_map(_leverage_map("x", "y"), marks=marks),
    ]
    for call in calls:
        with pytest.raises(ValueError) as info:
            call()
        out.add(str(info.value))
    return out


@pytest.mark.parametrize(
    "marks", [[("far", 0.5, 25.0)], [("no y", 0.5)], [("a", 0.5, float("nan"))]]
)
def test_every_figure_gives_the_same_message(marks: list) -> None:
    assert len(_messages(marks)) == 1


@pytest.mark.parametrize("marks", [[("far", 7.0)], [("extra y", 0.5, 1.0)], "today"])
def test_the_one_axis_figures_agree(marks: object) -> None:
    thresholds = np.array([[[0.5, 0.5]], [[0.2, 0.2]]])
    with pytest.raises(ValueError) as by_thresholds:
        thresholds_data("x", [0.0, 1.0], ["grim"], thresholds, marks=marks)  # type: ignore[arg-type]
    with pytest.raises(ValueError) as by_map:
        plot_leverage_map(_leverage_map("x"), marks=marks)  # type: ignore[arg-type]
    assert str(by_thresholds.value) == str(by_map.value)
    assert str(by_map.value).startswith("marks")
