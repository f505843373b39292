"""Figures of the dynamic game: an equilibrium path, and the leverage map.

Checks the data each figure draws, then that it renders in every format.
"""

from __future__ import annotations

from dataclasses import replace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import tradegame as tg
from tradegame.plot.dynamic_path import path_data, plot_path
from tradegame.plot.leverage_map import (
    NEITHER,
    SELF_HARM,
    WINDOW,
    leverage_map_data,
    plot_leverage_map,
)
from tradegame.plot.style import FIGURE_FORMATS, save
from tradegame.solvers.paths import Path
from tradegame.solvers.regions import LeverageMap, leverage_regions
from tradegame.solvers.stochastic import StochasticGame

REP, GAIN = "minerals.reputation_cost", "minerals.domestic_gain"


def _save_everywhere(fig, tmp_path, stem: str) -> None:
    # save() closes the figure (pyplot lets go of it); the figure still draws
    for suffix in FIGURE_FORMATS:
        out = save(fig, tmp_path / f"{stem}{suffix}")
        assert out.stat().st_size > 1000


def _legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# --- paths -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def leverage_path() -> tuple[Path, tg.Model]:
    m = tg.load_model("rare-earth-2025-leverage")
    dyn = m.dynamic(resolution=3)
    return tg.simulate_path(dyn, tg.markov_perfect(dyn), periods=8), m


@pytest.fixture(scope="module")
def mixed_path() -> Path:
    # after both sides restrict, the 2025 truce is restored through one period of mixing
    dyn = tg.load_model("rare-earth-2025").dynamic(resolution=3)
    return tg.simulate_path(dyn, tg.markov_perfect(dyn), periods=6, start=[1, 0.25, 1, 0.7])


def test_path_data_is_the_path(leverage_path) -> None:
    path, _ = leverage_path
    data = path_data(path)
    assert data["periods"] == 8
    assert_array_equal(data["time"], np.arange(9))
    assert data["goods"] == ("chips", "minerals")
    assert data["holders"] == (0, 1)  # the US supplies chips, China minerals
    for kind in ("dependence", "trust", "pressure"):
        for good in data["goods"]:
            assert_array_equal(data[kind][good], path.derived[f"{kind}_{good}"])
    assert_array_equal(data["probabilities"][0], path.row)
    assert_array_equal(data["probabilities"][1], path.col)
    # seed 000: both sides play their top rung throughout
    assert_allclose(data["expected_action"][0], path.row @ np.arange(3))
    assert_allclose(data["expected_action"][1], 2.0)
    assert_allclose(data["restrict_probability"][1], 1 - path.col[:, 0])
    assert not data["mixed"][0].any() and not data["mixed"][1].any()
    assert_array_equal(data["payoffs"], path.payoffs)
    assert data["total"] == path.total
    # the data are copies: drawing cannot change the path
    data["dependence"]["chips"][0] = -1.0
    assert path.derived["dependence_chips"][0] == 0.25


def test_mixed_actions_are_expected_rungs(mixed_path) -> None:
    data = path_data(mixed_path)
    assert data["mixed"][0][0] and data["mixed"][1][0]
    assert not data["mixed"][0][1:].any()
    expected = mixed_path.row[0] @ np.arange(3)
    assert data["expected_action"][0][0] == pytest.approx(expected)
    assert 0 < expected < 2
    assert data["restrict_probability"][1][0] == pytest.approx(1 - mixed_path.col[0, 0])
    fig = plot_path(mixed_path)
    us, china = fig.axes[1], fig.axes[2]
    assert us.get_ylabel() == "United States\n(expected)"
    assert [t.get_text() for t in china.get_yticklabels()] == ["open", "licensing", "ban"]
    plt.close(fig)


def test_path_figure_renders(tmp_path, leverage_path) -> None:
    path, m = leverage_path
    fig = plot_path(path, players=m.labels, unit=m.unit, title="Seed 000")
    assert len(fig.axes) == 4  # state, two action panels, payoffs
    state, us, china, pay = fig.axes
    assert _legend_texts(state) == [
        "China's dependence on chips",
        "trust in United States as chips supplier",
        "United States' dependence on minerals",
        "trust in China as minerals supplier",
    ]
    assert [t.get_text() for t in us.get_yticklabels()] == ["open", "entity-list", "embargo"]
    assert china.get_ylabel() == "China"
    assert pay.get_ylabel() == "expected stage payoff ($bn/yr)"
    assert pay.get_xlabel().startswith("period")
    ticks = pay.get_xticks()
    assert_array_equal(ticks[(ticks >= 0) & (ticks <= 8)], np.arange(9))  # whole periods
    assert fig.get_suptitle() == "Seed 000"
    _save_everywhere(fig, tmp_path, "path")


def test_a_path_without_derived_values_shows_actions(leverage_path) -> None:
    path, _ = leverage_path
    bare = replace(path, derived={"other": np.zeros(path.periods + 1)})
    data = path_data(bare)
    assert data["goods"] == () and data["dependence"] == {} and data["trust"] == {}
    fig = plot_path(bare, players=("row", "column"))
    assert len(fig.axes) == 3  # two action panels and the payoffs
    assert fig.axes[0].get_ylabel() == "row"
    plt.close(fig)


def test_one_good_has_no_holder(leverage_path) -> None:
    path, _ = leverage_path
    one = replace(path, derived={"trust_chips": path.derived["trust_chips"]})
    data = path_data(one)
    assert data["holders"] == (None,)
    fig = plot_path(one)
    assert _legend_texts(fig.axes[0]) == ["trust in the chips supplier"]
    plt.close(fig)


def test_bad_paths_are_refused(leverage_path) -> None:
    path, _ = leverage_path
    with pytest.raises(ValueError, match="must be a tradegame Path"):
        path_data(path.to_dict())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one value per state"):
        path_data(replace(path, derived={"trust_chips": np.ones(3)}))
    with pytest.raises(ValueError, match=r"path.row must have shape \(8, 3\)"):
        path_data(replace(path, row=path.row[:, :2]))
    for players in (("United States",), "US", ("United States", 1)):
        with pytest.raises(ValueError, match="players must be a pair of names"):
            plot_path(path, players=players)  # type: ignore[arg-type]


# --- leverage maps -----------------------------------------------------------------------


def _toy(gain: float, cost: float) -> StochasticGame:
    """Row coerces for ``gain`` a period and builds a grudge costing ``cost`` a period."""

    def payoff(points: np.ndarray) -> np.ndarray:
        U = np.zeros((points.shape[0], 2, 1, 2))
        U[:, 1, 0, 0] = gain
        U[:, :, 0, 0] -= cost * points[:, :1]
        U[:, 1, 0, 1] = -gain
        return U

    return StochasticGame(
        grids=(np.linspace(0.0, 2.0, 21),),
        owners=(0,),
        step=lambda player, points, action: 0.5 * points + action,
        payoff=payoff,
        actions=(("open", "coerce"), ("take",)),
        discount=(0.9, 0.9),
    )


@pytest.fixture(scope="module")
def toy_map() -> LeverageMap:
    # coercing pays when its gain outweighs the discounted grudge, about 4.9 * cost
    return leverage_regions(_toy, {"gain": [1.0, 4.0, 10.0], "cost": [0.5, 3.0]}, player=0)


@pytest.fixture(scope="module")
def toy_line() -> LeverageMap:
    return leverage_regions(lambda g: _toy(g, 3.0), {"gain": [1.0, 4.0, 10.0, 20.0]}, player=0)


def test_region_codes_are_the_map(toy_map) -> None:
    data = leverage_map_data(toy_map)
    codes = data["codes"]
    assert_array_equal(codes == WINDOW, toy_map.in_window)
    assert_array_equal(codes == SELF_HARM, toy_map.self_harm)
    assert_array_equal(codes == NEITHER, ~toy_map.in_window & ~toy_map.self_harm)
    assert codes.tolist() == [[WINDOW, SELF_HARM], [WINDOW, SELF_HARM], [WINDOW, WINDOW]]
    assert data["counts"] == {"neither": 0, "leverage window": 4, "self-harm": 2}
    assert_array_equal(data["value_never"], toy_map.value_never)
    assert_array_equal(data["edges"][0], [1.0, 2.5, 7.0, 10.0])
    assert_array_equal(data["edges"][1], [0.5, 1.75, 3.0])
    assert "window_intervals" not in data


def test_axes_are_put_in_order(toy_map) -> None:
    backwards = replace(
        toy_map,
        axes=(toy_map.axes[0][::-1], toy_map.axes[1]),
        in_window=toy_map.in_window[::-1],
        self_harm=toy_map.self_harm[::-1],
        value_eq=toy_map.value_eq[::-1],
        value_restrict=toy_map.value_restrict[::-1],
        value_never=toy_map.value_never[::-1],
        restrict_probability=toy_map.restrict_probability[::-1],
        converged=toy_map.converged[::-1],
    )
    a, b = leverage_map_data(toy_map), leverage_map_data(backwards)
    assert_array_equal(a["codes"], b["codes"])
    assert_array_equal(a["value_eq"], b["value_eq"])
    assert_array_equal(b["axes"][0], [1.0, 4.0, 10.0])


def test_one_parameter_intervals(toy_line) -> None:
    data = leverage_map_data(toy_line)
    assert data["codes"].tolist() == [SELF_HARM, SELF_HARM, WINDOW, WINDOW]
    assert data["self_harm_intervals"] == [(1.0, 7.0)]
    assert data["window_intervals"] == [(7.0, 20.0)]


def test_map_figures_render(tmp_path, toy_map, toy_line) -> None:
    fig = plot_leverage_map(
        toy_map,
        labels={"gain": "gain of coercing (per period)"},
        marks=[("calibrated", 4.0, 3.0)],
        restrictor="Row",
    )
    ax = fig.axes[0]
    assert ax.get_xlabel() == "gain of coercing (per period)"
    assert ax.get_ylabel() == "cost"
    assert _legend_texts(ax) == [
        "neither (0 of 6)",
        "leverage window (4 of 6)",
        "self-harm (2 of 6)",
        "grid points",
        "calibrated",
    ]
    assert fig.get_suptitle() == "Where restricting pays for Row"
    _save_everywhere(fig, tmp_path, "map2")
    fig = plot_leverage_map(toy_line, marks=[("today", 5.0)], unit="$bn")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "value to player 0 ($bn)"
    texts = _legend_texts(ax)
    assert texts[:3] == [
        "equilibrium $V^{eq}$",
        "restrict now $V^{R}$",
        "never restrict $V^{never}$",
    ]
    assert "leverage window (shaded)" in texts
    _save_everywhere(fig, tmp_path, "map1")


def test_points_that_did_not_converge_are_marked(toy_map) -> None:
    converged = toy_map.converged.copy()
    converged[0, 0] = False
    fig = plot_leverage_map(replace(toy_map, converged=converged, periods=4))
    assert "did not converge" in _legend_texts(fig.axes[0])
    assert fig.get_suptitle() == "Where restricting pays for player 0, 4-period horizon"
    plt.close(fig)


def test_the_two_views_on_one_map() -> None:
    # seed 000's leverage view: China's restriction pays at its calibration (reputation
    # cost 1, domestic gain 5) and becomes self-harm once its reputation cost is 20,
    # unless the domestic gain is large
    base = tg.load_model("rare-earth-2025-leverage")
    lmap = leverage_regions(
        lambda r, g: base.with_params({REP: r, GAIN: g}).dynamic(resolution=3),
        {REP: [1.0, 20.0], GAIN: [5.0, 80.0]},
        player=1,
    )
    data = leverage_map_data(lmap)
    assert data["codes"].tolist() == [[WINDOW, WINDOW], [SELF_HARM, WINDOW]]
    assert_array_equal(data["codes"] == WINDOW, lmap.in_window)
    calibrated = ("as calibrated", float(base.params[REP]), float(base.params[GAIN]))
    fig = plot_leverage_map(
        lmap,
        labels={REP: "reputation cost ($bn/yr)", GAIN: "domestic gain ($bn/yr)"},
        marks=[calibrated],
        restrictor="China",
    )
    assert fig.axes[0].get_xlabel() == "reputation cost ($bn/yr)"
    plt.close(fig)


def test_bad_maps_labels_and_marks(toy_map, toy_line) -> None:
    with pytest.raises(ValueError, match="must be a LeverageMap"):
        leverage_map_data(toy_map.to_dict())  # type: ignore[arg-type]
    three = replace(toy_map, names=("a", "b", "c"), axes=(*toy_map.axes, np.ones(1)))
    with pytest.raises(ValueError, match="one or two named axes"):
        leverage_map_data(three)
    with pytest.raises(ValueError, match=r"lmap.in_window has shape \(2, 3\)"):
        leverage_map_data(replace(toy_map, in_window=toy_map.in_window.T))
    both = toy_map.in_window | True
    with pytest.raises(ValueError, match="both in the leverage window and self-harm"):
        leverage_map_data(replace(toy_map, in_window=both, self_harm=both))
    repeated = replace(toy_line, axes=(np.array([1.0, 1.0, 2.0, 3.0]),))
    with pytest.raises(ValueError, match="repeats a value"):
        leverage_map_data(repeated)
    with pytest.raises(ValueError, match=r"labels for parameters not in the figure: \['gian'\]"):
        plot_leverage_map(toy_map, labels={"gian": "gain"})
    with pytest.raises(ValueError, match="must be a string"):
        plot_leverage_map(toy_map, labels={"gain": 3})  # type: ignore[dict-item]
    with pytest.raises(
        ValueError, match=r"marks\[0\] \('far'\): cost must lie within the axes \[0.5, 3\]; got 9$"
    ):
        plot_leverage_map(toy_map, marks=[("far", 4.0, 9.0)])
    with pytest.raises(ValueError, match=r"marks\[0\] must be \(label, x, y\) with a string label"):
        plot_leverage_map(toy_map, marks=[("no y", 4.0)])
    with pytest.raises(ValueError, match=r"marks\[0\] must be \(label, x\) with a string label"):
        plot_leverage_map(toy_line, marks=[("extra y", 4.0, 1.0)])
    with pytest.raises(ValueError, match="finite numbers"):
        plot_leverage_map(toy_line, marks=[("nan", float("nan"))])
    with pytest.raises(ValueError, match="marks must be a list"):
        plot_leverage_map(toy_line, marks="today")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="restrictor must be a name"):
        plot_leverage_map(toy_line, restrictor=1)  # type: ignore[arg-type]
    plt.close("all")


def test_a_single_value_axis_gets_a_cell() -> None:
    lmap = leverage_regions(_toy, {"gain": [10.0, 20.0], "cost": [3.0]}, player=0)
    data = leverage_map_data(lmap)
    assert_allclose(data["edges"][1], [2.7, 3.3])
    fig = plot_leverage_map(lmap, marks=[("here", 15.0, 3.0)])
    plt.close(fig)
