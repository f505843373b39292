"""Publication figures: phase diagram, critical δ, tournament heatmap, replicator shares.

Each figure's data is checked against the solvers (or passed through unchanged),
bad input must fail with a clear ValueError, and every figure renders to .png,
.svg and .pdf.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import tradegame as tg
from tradegame.analysis import extreme_subgame
from tradegame.plot.phase import (
    class_label,
    param_label,
    phase_data,
    phase_from_model,
    plot_phase,
)
from tradegame.plot.replicator import (
    plot_replicator,
    replicator_data,
    replicator_from_dynamics,
    simplex_xy,
)
from tradegame.plot.style import FIGURE_FORMATS, save
from tradegame.plot.thresholds import (
    INF_BAND,
    plot_thresholds,
    thresholds_data,
    thresholds_from_model,
)
from tradegame.plot.tournament import (
    plot_tournament,
    tournament_data,
    tournament_from_model,
    tournament_from_table,
)
from tradegame.solvers.classify import classify
from tradegame.solvers.repeated import RepeatedGame

TAU, K = "minerals.substitution_time", "minerals.criticality"
SEEDS = ("rare-earth-2025", "rare-earth-2025-leverage", "rare-earth-2025-commodity")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _save_everywhere(fig, tmp_path, stem: str) -> None:
    # save() closes the figure; it still draws into every format
    for suffix in FIGURE_FORMATS:
        out = save(fig, tmp_path / f"{stem}{suffix}")
        assert out.stat().st_size > 1000


def _legend_texts(fig) -> list[str]:
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends
    return [t.get_text() for legend in legends for t in legend.get_texts()]


# --- labels ----------------------------------------------------------------------------------


def test_param_label_gives_name_symbol_and_unit() -> None:
    m = tg.load_model("rare-earth-2025")
    assert param_label(m, TAU) == "minerals substitution time τ (years)"
    assert param_label(m, K) == "minerals criticality K (× per unit)"
    assert param_label(m, "chips.consumption") == "chips consumption V ($bn/yr)"
    assert param_label(m, "harm_convexity") == "harm convexity γ"  # unit "-": none shown
    pd = tg.load_model("prisoners-dilemma")
    assert param_label(pd, "T") == "T"
    assert param_label(pd, "discount") == "discount δ (per period)"
    with pytest.raises(ValueError, match=r"did you mean 'minerals\.substitution_time'"):
        param_label(m, "minerals.substitution_tme")


def test_class_labels_read_as_words() -> None:
    assert class_label("prisoners-dilemma") == "prisoner's dilemma"
    assert class_label("battle-of-the-sexes") == "battle of the sexes"
    assert (
        class_label("asymmetric:deadlock/chicken", ("US", "China"))
        == "asymmetric: deadlock (US), chicken (China)"
    )


# --- phase diagram ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def phase_inputs() -> dict:
    base = tg.load_model("rare-earth-2025")
    return phase_from_model(
        base,
        (TAU, [0.5, 2.0, 20.0]),
        (K, [5.0, 50.0, 250.0]),
        marks_from=[tg.load_model(name) for name in SEEDS],
    )


def test_phase_classes_and_verdicts_are_the_solvers(phase_inputs) -> None:
    base = tg.load_model("rare-earth-2025")
    data = phase_data(**phase_inputs)
    xs, ys = data["axes"]
    assert data["classes"].shape == (3, 3)
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            point = base.with_params({TAU: float(x), K: float(y)})
            g = point.game()
            # the class `tradegame run` reports: the extremes of each ladder
            assert data["classes"][i, j] == classify(extreme_subgame(g))
            deltas = point.discounts()
            thresholds = RepeatedGame(g, deltas).critical_delta("grim", (0, 0))
            expected = all(t <= d for t, d in zip(thresholds, deltas, strict=True))
            assert data["sustainable"][i, j] == expected
    # the grid holds both the sustainable and the unsustainable case, and two classes
    assert 0 < data["sustainable_count"] < 9
    assert len(data["class_names"]) >= 2
    assert sum(data["counts"].values()) == 9
    assert [data["class_names"][c] for c in data["codes"].ravel()] == data[
        "classes"
    ].ravel().tolist()


def test_phase_at_the_model_point_says_what_tradegame_run_says() -> None:
    # `tradegame run rare-earth-2025`: class prisoners-dilemma; grim trigger holds for both
    base = tg.load_model("rare-earth-2025")
    own = (float(base.params[TAU]), float(base.params[K]))
    inputs = phase_from_model(base, (TAU, [own[0]]), (K, [own[1]]))
    assert inputs["classes"][0, 0] == "prisoners-dilemma"
    assert bool(inputs["sustainable"][0, 0])
    assert inputs["marks"] == [("rare-earth-2025", *own)]
    assert "δ\u00a0=\u00a00.8 (United States), 0.9 (China)" in inputs["sustainable_label"]


def test_phase_marks_are_the_models_own_values(phase_inputs) -> None:
    data = phase_data(**phase_inputs)
    for (label, x, y), name in zip(data["marks"], SEEDS, strict=True):
        m = tg.load_model(name)
        assert label == name
        assert (x, y) == (float(m.params[TAU]), float(m.params[K]))
    assert data["labels"] == (
        param_label(tg.load_model(SEEDS[0]), TAU),
        param_label(tg.load_model(SEEDS[0]), K),
    )


def test_phase_data_sorts_axes_and_outlines_the_region() -> None:
    classes = np.array([["chicken", "chicken"], ["prisoners-dilemma", "chicken"]])
    flags = np.array([[True, False], [False, False]])
    data = phase_data("a", [2.0, 1.0], "b", [10.0, 20.0], classes, flags)
    assert_array_equal(data["axes"][0], [1.0, 2.0])
    # the rows move with their axis value
    assert data["classes"][0].tolist() == ["prisoners-dilemma", "chicken"]
    assert data["sustainable"].tolist() == [[False, False], [True, False]]
    assert data["class_names"] == ("prisoners-dilemma", "chicken")  # GAME_CLASSES order
    assert data["counts"] == {"prisoners-dilemma": 1, "chicken": 3}
    assert len(data["outline"]) == 4  # one cell: its four sides
    assert_array_equal(data["edges"][0], [1.0, 1.5, 2.0])
    logged = phase_data("a", [1, 4], "b", [1, 100], classes, scales=("log", "log"))
    assert_allclose(logged["edges"][0], [1, 2, 4])  # geometric midpoints
    assert logged["outline"] == [] and logged["sustainable"] is None


def test_phase_outline_of_a_block() -> None:
    flags = np.ones((2, 2), dtype=bool)
    data = phase_data("a", [0, 1], "b", [0, 1], np.full((2, 2), "harmony"), flags)
    assert len(data["outline"]) == 8  # the block's border, cell side by cell side


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"classes": np.full((3, 2), "chicken")}, r"transposed\?"),
        ({"classes": np.full((2, 2), "chicken")}, "classes has shape"),
        ({"classes": [["chicken", 3, "x"]] * 2}, "class names"),
        ({"sustainable": np.ones((2, 2), dtype=bool)}, "sustainable has shape"),
        ({"sustainable": np.full((2, 3), 0.5)}, "booleans"),
        (
            {"marks": [("far", 9.0, 0.5)]},
            r"marks\[0\] \('far'\): a must lie within the axes \[0, 1\]; got 9$",
        ),
        ({"marks": [("no y", 0.5)]}, r"marks\[0\] must be \(label, x, y\)"),
        ({"labels": {"c": "what"}}, r"labels for parameters not in the figure: \['c'\]"),
        ({"x_values": [0.0, 0.0]}, "repeat"),
        ({"x_values": [0.0, np.nan]}, "finite"),
        ({"y_name": "a"}, "different parameters"),
        ({"scales": ("log", "linear")}, "log axis needs positive values"),
        ({"scales": ("linear",)}, "pair of 'linear' or 'log'"),
        ({"players": "US"}, "pair of names"),
    ],
)
def test_phase_rejects_bad_input(change: dict, message: str) -> None:
    args = {
        "x_name": "a",
        "x_values": [0.0, 1.0],
        "y_name": "b",
        "y_values": [0.0, 0.5, 1.0],
        "classes": np.full((2, 3), "chicken"),
        "sustainable": np.zeros((2, 3), dtype=bool),
    }
    with pytest.raises(ValueError, match=message):
        phase_data(**{**args, **change})


def test_phase_from_model_rejects_unknown_parameters_and_bad_marks() -> None:
    base = tg.load_model("rare-earth-2025")
    with pytest.raises(ValueError, match=r"no parameter 'minerals\.criticalty'"):
        phase_from_model(base, (TAU, [1, 2]), ("minerals.criticalty", [1, 2]))
    with pytest.raises(ValueError, match="out of range"):
        phase_from_model(base, (TAU, [-1, 2]), (K, [1, 2]))
    with pytest.raises(ValueError, match="must lie within the axes"):  # the leverage view: tau 20
        phase_data(
            **phase_from_model(
                base, (TAU, [1, 5]), (K, [25, 250]), [tg.load_model("rare-earth-2025-leverage")]
            )
        )
    with pytest.raises(ValueError, match="has no parameter"):
        phase_from_model(base, (TAU, [1]), (K, [1]), [tg.load_model("prisoners-dilemma")])


def test_phase_data_fills_in_from_a_model(phase_inputs) -> None:
    # what a sweep gives: the arrays and the model, nothing else
    base = tg.load_model("rare-earth-2025")
    args = {k: phase_inputs[k] for k in ("x_name", "x_values", "y_name", "y_values", "classes")}
    data = phase_data(**args, sustainable=phase_inputs["sustainable"], model=base)
    assert data["labels"] == (param_label(base, TAU), param_label(base, K))
    assert data["players"] == ("United States", "China")
    assert data["marks"] == [("rare-earth-2025", 5.0, 250.0)]
    assert "0.8 (United States), 0.9 (China)" in data["sustainable_label"]
    assert data["note"].startswith("Each grid point is rare-earth-2025")
    # what is given wins; the model's own point is left out when off the grid
    mine = phase_data(**args, labels={TAU: "τ"}, marks=[], note="", model=base)
    assert mine["labels"][0] == "τ" and mine["marks"] == [] and mine["note"] == ""
    small = {**args, "x_values": [0.5, 2.0, 3.0]}
    assert phase_data(**small, model=base)["marks"] == []
    with pytest.raises(ValueError, match="has no parameter 'a'"):
        phase_data(**{**args, "x_name": "a"}, model=base)
    with pytest.raises(ValueError, match="must be a tradegame Model"):
        phase_data(**args, model="rare-earth-2025")


def test_phase_renders_in_every_format(phase_inputs, tmp_path) -> None:
    fig = plot_phase(**phase_inputs, scales=("log", "log"), title="Minerals leverage")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "minerals substitution time τ (years)"
    assert ax.get_ylabel() == "minerals criticality K (× per unit)"
    assert ax.get_xscale() == "log"
    texts = _legend_texts(fig)
    assert any(t.startswith("prisoner's dilemma") for t in texts)
    assert any("grim trigger sustains (open, open)" in t for t in texts)
    assert {t.get_text() for t in ax.texts} >= set(SEEDS)
    _save_everywhere(fig, tmp_path, "phase")


# --- critical delta --------------------------------------------------------------------------

STRATEGIES = ["grim", "always-open", "always-restrict", "tit-for-tat"]


@pytest.fixture(scope="module")
def threshold_inputs() -> dict:
    base = tg.load_model("rare-earth-2025")
    return thresholds_from_model(base, (K, [500.0, 250.0]), STRATEGIES)


def test_thresholds_are_critical_delta(threshold_inputs) -> None:
    base = tg.load_model("rare-earth-2025")
    data = thresholds_data(**threshold_inputs)
    assert_array_equal(data["x"], [250.0, 500.0])
    assert data["strategies"] == tuple(STRATEGIES)
    assert data["criteria"] == ("subgame-perfect", "subgame-perfect", "subgame-perfect", "nash")
    for i, x in enumerate(data["x"]):
        point = base.with_params({K: float(x)})
        rg = RepeatedGame(point.game(), point.discounts())
        for s, name in enumerate(STRATEGIES):
            expected = [float(t) for t in rg.critical_delta(name, (0, 0))]
            assert_allclose(data["thresholds"][i, s], expected)
    assert_allclose(data["deltas"], np.tile([0.8, 0.9], (2, 1)))
    # tit-for-tat holds no US patience at K = 250, and some at K = 500
    assert data["finite"][:, 3, 0].tolist() == [False, True]
    assert data["delta_constant"] == (True, True)
    # always-open never holds the path; always-restrict needs no patience
    assert data["never"][1].tolist() == [True, True]
    assert (data["thresholds"][:, 2] == 0).all()
    assert np.isnan(data["inf_level"][2]) and 1 < data["inf_level"][1] < data["top"]
    assert data["marks"] == [("rare-earth-2025", 250.0)]
    assert data["label"] == "minerals criticality K (× per unit)"


def test_thresholds_follow_a_moving_delta() -> None:
    base = tg.load_model("rare-earth-2025")
    data = thresholds_data(**thresholds_from_model(base, ("chips.discount", [0.5, 0.9]), ["grim"]))
    assert_allclose(data["deltas"][:, 0], [0.5, 0.9])
    assert data["delta_constant"] == (False, True)
    # grim's US threshold at the model point is 487/716 (tradegame run rare-earth-2025)
    assert_allclose(data["thresholds"][:, 0, 0], 487 / 716)
    assert data["below"][:, 0, 0].tolist() == [False, True]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"thresholds": np.zeros((2, 2, 2))}, r"expected \(values, strategies, players\)"),
        ({"thresholds": np.full((2, 1, 2), np.nan)}, "NaN"),
        ({"thresholds": np.full((2, 1, 2), -0.1)}, r"in \[0, 1\] or is inf"),
        ({"thresholds": np.full((2, 1, 2), 1.5)}, r"in \[0, 1\] or is inf"),
        ({"deltas": (0.5, 1.0)}, "strictly between 0 and 1"),
        ({"deltas": np.full((3, 2), 0.5)}, r"shape \(2, 2\)"),
        ({"strategies": ["grim", "grim"]}, "distinct"),
        ({"strategies": "grim"}, "non-empty list"),
        ({"criteria": ["perfect"]}, "'subgame-perfect' or 'nash'"),
        ({"marks": [("far", 7.0)]}, r"\('far'\): x must lie within the axes \[0, 1\]; got 7$"),
        ({"labels": {"y": "why"}}, "not in the figure"),
        ({"x_values": [1.0, 1.0]}, "repeat"),
        ({"scale": "logit"}, "'linear' or 'log'"),
    ],
)
def test_thresholds_reject_bad_input(change: dict, message: str) -> None:
    args = {
        "x_name": "x",
        "x_values": [0.0, 1.0],
        "strategies": ["grim"],
        "thresholds": np.array([[[0.5, np.inf]], [[0.0, 0.2]]]),
        "deltas": (0.8, 0.9),
    }
    thresholds_data(**args)  # the baseline is fine
    with pytest.raises(ValueError, match=message):
        thresholds_data(**{**args, **change})


def test_thresholds_from_model_rejects_unknowns() -> None:
    base = tg.load_model("rare-earth-2025")
    with pytest.raises(ValueError, match=r"no parameter 'minerals\.criticalty'"):
        thresholds_from_model(base, ("minerals.criticalty", [1.0]), ["grim"])
    with pytest.raises(ValueError, match="unknown strategy 'grimm'"):
        thresholds_from_model(base, (K, [1.0]), ["grimm"])


def test_thresholds_render_with_infinity_off_the_top(threshold_inputs, tmp_path) -> None:
    fig = plot_thresholds(**threshold_inputs, scale="log")
    us, china = fig.axes[:2]
    assert us.get_title() == "United States" and china.get_title() == "China"
    assert us.get_ylim()[1] == pytest.approx(1 + INF_BAND)
    heights = np.concatenate([line.get_ydata() for line in us.get_lines()]).astype(float)
    assert np.nanmax(heights) > 1  # always-open's infinite thresholds, in the band
    texts = _legend_texts(fig)
    assert "tit-for-tat (Nash)" in texts
    assert any(t.startswith("own δ (United States 0.8, China 0.9)") for t in texts)
    assert [t.get_text() for t in us.get_yticklabels()][-1] == "∞"
    _save_everywhere(fig, tmp_path, "thresholds")


# --- tournament ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def table():
    pd = tg.load_model("prisoners-dilemma")
    return tg.tournament(pd.game(), ["always-open", "grim", "always-restrict", "tit-for-tat"], 10)


def test_heatmap_matrix_is_the_tournaments(table) -> None:
    H = np.array([[float(v) for v in row] for row in table.head_to_head])
    given = tournament_data(**tournament_from_table(table), order="given")
    assert_allclose(given["matrix"], H)
    assert given["names"] == table.names
    ranked = tournament_data(**tournament_from_table(table))
    order = ranked["order"]
    assert_allclose(ranked["matrix"], H[np.ix_(order, order)])
    assert list(ranked["ranks"]) == sorted(table.ranks)
    assert ranked["names"] == tuple(table.names[i] for i in order)
    assert_allclose(ranked["scores"], [float(table.scores[i]) for i in order])
    # the scores the tournament gives are the rows' means
    assert_allclose(ranked["scores"], ranked["matrix"].mean(axis=1))
    assert not ranked["diverging"]  # PD payoffs are all >= 0


def test_heatmap_draws_the_matrix(table, tmp_path) -> None:
    data = tournament_data(**tournament_from_table(table))
    fig = plot_tournament(**tournament_from_table(table, unit="points"))
    ax = fig.axes[0]
    assert_allclose(np.asarray(ax.images[0].get_array()), data["matrix"])
    assert len(ax.texts) == 16
    assert fig.axes[1].get_ylabel() == "payoff per turn (points)"
    assert [t.get_text() for t in ax.get_xticklabels()] == list(data["names"])
    _save_everywhere(fig, tmp_path, "tournament")


def test_heatmap_of_a_model_diverges_about_zero(tmp_path) -> None:
    inputs = tournament_from_model(
        tg.load_model("rare-earth-2025"), ["grim", "always-open", "always-restrict"], turns=5
    )
    data = tournament_data(**inputs)
    assert data["diverging"] and data["unit"] == "$bn/yr"
    save(plot_tournament(**inputs), tmp_path / "model.png")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"head_to_head": np.zeros((2, 3))}, r"shape \(2, 3\); 2 names need \(2, 2\)"),
        ({"names": ["a", "a"]}, "distinct"),
        ({"names": ["a", "b", "c"]}, "3 names need"),
        ({"head_to_head": [[1.0, np.inf], [0.0, 1.0]]}, "finite"),
        ({"scores": [1.0]}, "2 finite numbers"),
        ({"order": "score"}, "'rank' or 'given'"),
    ],
)
def test_heatmap_rejects_bad_input(change: dict, message: str) -> None:
    args = {"names": ["a", "b"], "head_to_head": [[1.0, 0.0], [2.0, 1.0]]}
    with pytest.raises(ValueError, match=message):
        tournament_data(**{**args, **change})
    with pytest.raises(ValueError, match="tournament Table"):
        tournament_from_table({"names": ["a"]})


# --- replicator ------------------------------------------------------------------------------


def _run(T: int = 30) -> tuple[np.ndarray, np.ndarray]:
    t = np.linspace(0.0, 3.0, T)
    grim = 0.2 + 0.6 * t / 3
    shares = np.stack([grim, (1 - grim) / 2, (1 - grim) / 2], axis=1)
    return t, shares


def test_replicator_data_passes_the_arrays_through() -> None:
    t, shares = _run()
    data = replicator_data(t, shares, ["grim", "tit-for-tat", "always-restrict"])
    assert_array_equal(data["times"], t)
    assert_array_equal(data["shares"][0], shares)
    assert data["runs"] == 1 and data["leader"] == ("grim",)
    assert_allclose(data["final"], [shares[-1]])
    assert_allclose(data["simplex"][0], simplex_xy(shares))
    runs = replicator_data(t, np.stack([shares, shares[:, [1, 0, 2]]]), ["a", "b", "c"])
    assert runs["runs"] == 2 and runs["leader"] == ("a", "b")
    four = replicator_data(t[:2], [[0.25] * 4] * 2, ["a", "b", "c", "d"])
    assert four["simplex"] is None


def test_simplex_corners() -> None:
    assert_allclose(simplex_xy(np.eye(3)), [[0, 0], [1, 0], [0.5, np.sqrt(3) / 2]])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"shares": np.full((30, 2), 0.5)}, r"shape \(times, strategies\) = \(30, 3\)"),
        ({"times": np.linspace(0, 1, 29)}, r"\(29, 3\)"),
        ({"shares": np.full((30, 3), 0.5)}, "sum to 1"),
        ({"shares": np.tile([1.5, -0.25, -0.25], (30, 1))}, r"lie in \[0, 1\]"),
        ({"times": np.zeros(30)}, "strictly increasing"),
        ({"names": ["a", "a", "b"]}, "distinct"),
        ({"names": ["a"]}, "at least two"),
        ({"time_scale": "symlog"}, "'linear' or 'log'"),
    ],
)
def test_replicator_rejects_bad_input(change: dict, message: str) -> None:
    t, shares = _run()
    args = {"times": t, "shares": shares, "names": ["a", "b", "c"]}
    with pytest.raises(ValueError, match=message):
        replicator_data(**{**args, **change})


def test_replicator_figure_options_are_checked() -> None:
    t, shares = _run()
    names = ["a", "b", "c"]
    with pytest.raises(ValueError, match="'lines' or 'stacked'"):
        plot_replicator(t, shares, names, kind="area")
    with pytest.raises(ValueError, match="stacked area shows one run"):
        plot_replicator(t, np.stack([shares, shares]), names, kind="stacked")
    with pytest.raises(ValueError, match="simplex shows three strategies"):
        plot_replicator(t[:2], [[0.25] * 4] * 2, ["a", "b", "c", "d"], simplex=True)


def test_replicator_of_a_solver_run(tmp_path) -> None:
    from tradegame.solvers.evolution import replicator

    run = replicator(
        [[0, 3], [1, 2]],
        [[0, 1], [3, 2]],
        names=["hawk", "dove"],
        labels=("US", "China"),
        start=([0.3, 0.7], [0.6, 0.4]),
        horizon=100,
    )
    for p in (0, 1):
        inputs = replicator_from_dynamics(run, p)
        data = replicator_data(**inputs)
        assert_allclose(data["shares"][0], np.array(run.shares[p]))
        assert_allclose(data["times"], run.times)
        assert data["names"] == run.names[p]
        assert data["time_scale"] == "log" and data["linear_until"] == run.times[1] > 0
    fig = plot_replicator(**replicator_from_dynamics(run, 1))
    assert fig.axes[0].get_xscale() == "symlog"  # time 0, then decades
    _save_everywhere(fig, tmp_path, "replicator-solver")
    with pytest.raises(ValueError, match=r"population must be one of \[0, 1\]"):
        replicator_from_dynamics(run, 2)
    with pytest.raises(ValueError, match="replicator run"):
        replicator_from_dynamics(object())
    with pytest.raises(ValueError, match="needs a positive time"):
        replicator_data([-2.0, -1.0], [[0.5, 0.5]] * 2, ["a", "b"], time_scale="log")


@pytest.mark.parametrize(("kind", "simplex"), [("lines", True), ("stacked", False)])
def test_replicator_renders_in_every_format(kind: str, simplex: bool, tmp_path) -> None:
    t, shares = _run()
    fig = plot_replicator(
        t,
        shares,
        ["grim", "tit-for-tat", "always-restrict"],
        kind=kind,
        simplex=simplex,
        time_label="generation",
    )
    ax = fig.axes[0]
    assert ax.get_xlabel() == "generation" and ax.get_ylabel() == "population share"
    assert _legend_texts(fig)[:3] == ["grim", "tit-for-tat", "always-restrict"]
    if kind == "lines":
        assert_allclose(ax.get_lines()[0].get_ydata(), shares[:, 0])
    assert len(fig.axes) == (2 if simplex else 1)
    _save_everywhere(fig, tmp_path, f"replicator-{kind}")
