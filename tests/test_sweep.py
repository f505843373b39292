"""Sweeps: every row agrees with the single-model analysis, whatever the engine and chunking."""

from __future__ import annotations

import itertools
import json
import math
from typing import Any

import numpy as np
import pytest
from clihelpers import assert_one_line_error, run
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.analysis import analyse, strategy_verdicts
from tradegame.model.vector import payoff_arrays
from tradegame.sweeps import chunks, sweep, sweep_spec

MODEL = "rare-earth-2025"
GRID = {"minerals.substitution_time": [0.5, 5, 20], "minerals.criticality": [25, 250]}


@pytest.fixture(scope="module")
def serial() -> Any:
    return sweep(tg.load_model(MODEL), GRID, engine="serial")


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return [str(x) for x in a] == [str(x) for x in b]


# --- payoffs at many points --------------------------------------------------------------


@pytest.mark.parametrize("name", ["rare-earth-2025", "rare-earth-2025-commodity", "chicken"])
def test_vector_payoffs_equal_the_model_game(name: str) -> None:
    m = tg.load_model(name)
    key = next(k for k in m.params if "discount" not in k)
    base = float(m.params[key])
    values = [base, base * 1.5 + 0.1, base * 0.5]
    A, B = payoff_arrays(m, {key: values})
    for k, v in enumerate(values):
        g = m.with_params({key: v}).game()
        np.testing.assert_allclose(A[k], g.A, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(B[k], g.B, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", tg.list_models())
def test_vector_payoffs_equal_the_model_game_for_every_parameter(name: str) -> None:
    # Each parameter swept on its own, at values the model accepts, against one
    # Model.game() per value: the vectorised formula must agree everywhere.
    from tradegame.model.spec import ModelError

    m = tg.load_model(name)
    for key, base in m.params.items():
        accepted = []
        for v in (float(base), float(base) * 0.5, float(base) * 1.25 + 0.5):
            try:
                accepted.append((v, m.with_params({key: v}).game()))
            except (ModelError, ValueError):
                continue  # outside the parameter's range
        if len(accepted) < 2:
            continue
        A, B = payoff_arrays(m, {key: [v for v, _ in accepted]})
        for k, (_, g) in enumerate(accepted):
            np.testing.assert_allclose(A[k], g.A, rtol=1e-12, atol=1e-12, err_msg=key)
            np.testing.assert_allclose(B[k], g.B, rtol=1e-12, atol=1e-12, err_msg=key)


def test_vector_payoffs_check_values() -> None:
    m = tg.load_model(MODEL)
    with pytest.raises(tg.ModelError, match=r"minerals\.criticality"):
        payoff_arrays(m, {"minerals.criticality": [1, -5]})
    with pytest.raises(tg.ModelError, match="unknown parameter"):
        payoff_arrays(m, {"minerals.criticalty": [1]})
    with pytest.raises(ValueError, match="one length"):
        payoff_arrays(m, {"minerals.criticality": [1, 2], "chips.criticality": [1, 2, 3]})


# --- rows against the single-model analysis ------------------------------------------------


def test_rows_agree_with_the_analysis_of_each_point(serial) -> None:
    m = tg.load_model(MODEL)
    for row in serial.rows():
        point = {k: row[k] for k in GRID}
        a = analyse(m.with_params(point))
        assert row["class"] == a.game_class
        assert row["pure_equilibria"] + row["mixed_equilibria"] == len(a.equilibria)
        for k, side in enumerate(("row", "col")):
            assert row[f"grim.delta_{side}"] == pytest.approx(float(a.grim.thresholds[k]))
            assert row[f"minmax_{side}"] == pytest.approx(a.minmax[k], abs=1e-9 * 400)
        assert row["grim.sustained"] == all(a.grim.sustainable)


def test_the_calibrated_point_gives_the_run_verdict() -> None:
    m = tg.load_model(MODEL)
    t = sweep(m, {"minerals.substitution_time": [float(m.params["minerals.substitution_time"])]})
    a = analyse(m)
    assert t["grim.delta_row"][0] == pytest.approx(487 / 716)
    assert bool(t["grim.sustained"][0]) == all(a.grim.sustainable)


def test_other_strategies_and_the_dynamic_game() -> None:
    m = tg.load_model("rare-earth-2025-leverage")
    t = sweep(
        m,
        {"minerals.reputation_cost": [1, 30]},
        engine="serial",
        strategies=("grim", "tit-for-tat"),
        dynamic=True,
        resolution=5,
    )
    # the leverage window lies below a reputation cost of about 15 (docs/explanation/dynamic.md)
    assert list(t["dynamic_col"]) == ["leverage window", "self-harm"]
    (verdict,) = strategy_verdicts(
        m.with_params({"minerals.reputation_cost": 1}).game(),
        m.discounts(),
        (0, 0),
        ["tit-for-tat"],
    )
    assert t["tit-for-tat.sustained"][0] == verdict.sustained
    assert t["tit-for-tat.delta_row"][0] == pytest.approx(float(verdict.thresholds[0]))


# --- engines and chunking ------------------------------------------------------------------


@pytest.mark.parametrize("chunk_size", [1, 4])
def test_local_pool_gives_the_serial_results(serial, chunk_size: int) -> None:
    local = sweep(tg.load_model(MODEL), GRID, engine="local", chunk_size=chunk_size, workers=2)
    for c in serial.spec.columns:
        assert _same(serial[c], local[c]), c


def test_a_dask_cluster_gives_the_serial_results(serial) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = sweep(tg.load_model(MODEL), GRID, engine=client, chunk_size=2)
    for c in serial.spec.columns:
        assert _same(serial[c], on_dask[c]), c


@given(st.integers(1, 7))
@settings(max_examples=4, deadline=None)
def test_chunks_cover_the_grid_once_in_order(size: int) -> None:
    spec = sweep_spec(tg.load_model("prisoners-dilemma"), {"T": range(4, 11), "R": [2, 3]})
    ranges = chunks(spec, size)
    assert ranges[0][0] == 0 and ranges[-1][1] == spec.size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ({}, "at least one parameter"),
        ({"minerals.criticality": []}, "no values"),
    ],
)
def test_bad_grids(grid: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sweep(tg.load_model(MODEL), grid)


def test_bad_engine() -> None:
    with pytest.raises(ValueError, match="engine"):
        sweep(tg.load_model(MODEL), {"minerals.criticality": [1, 2]}, engine="gpu")


# --- the command line ----------------------------------------------------------------------


def test_cli_writes_csv_and_json(runner, tmp_path) -> None:
    csv_path, json_path = tmp_path / "grid.csv", tmp_path / "grid.json"
    args = ["sweep", MODEL, "--vary", "minerals.substitution_time=0.5:20:3", "--quiet"]
    result = run(runner, *args, "--out", str(csv_path))
    assert result.exit_code == 0, result.stderr
    text = csv_path.read_text()
    assert text.startswith("# tradegame provenance")  # the stamp, as comment lines
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines[0].startswith("minerals.substitution_time,class,")
    assert len(lines) == 4
    result = run(runner, *args, "--out", str(json_path), "--format", "json")
    assert json.loads(result.stdout)["points"] == 3
    rows = json.loads(json_path.read_text())["rows"]
    assert [r["minerals.substitution_time"] for r in rows] == [0.5, 10.25, 20.0]
    assert all(not math.isnan(r["grim.delta_col"]) for r in rows)


def test_cli_never_overwrites_without_force(runner, tmp_path) -> None:
    out = tmp_path / "grid.csv"
    out.write_text("keep me")
    args = ["sweep", MODEL, "--vary", "minerals.criticality=1,2", "--out", str(out)]
    assert_one_line_error(run(runner, *args), "exists", "--force")
    assert out.read_text() == "keep me"
    assert run(runner, *args, "--force", "--quiet").exit_code == 0
    rows = [line for line in out.read_text().splitlines() if not line.startswith("#")]
    assert rows[0].startswith("minerals.criticality")


def test_an_interrupted_sweep_leaves_no_file(runner, tmp_path, monkeypatch) -> None:
    import tradegame.sweeps as module

    real = module.solve_chunk
    calls = []

    def interrupted(spec, start, stop):
        calls.append(start)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(spec, start, stop)

    monkeypatch.setattr(module, "solve_chunk", interrupted)
    out = tmp_path / "grid.csv"
    args = ["sweep", MODEL, "--vary", "minerals.criticality=1:30:6", "--chunk-size", "2"]
    result = runner.invoke(tg_main(), [*args, "--workers", "1", "--out", str(out)])
    assert result.exit_code == 130
    assert result.stderr.strip().splitlines() == [
        f"tradegame: interrupted; {out} not written; 1 of 3 chunks kept in {out}.partial "
        "(add --resume to continue)"
    ]
    # no file, no temporary file: only the folder of finished chunks, for --resume
    assert [p.name for p in tmp_path.iterdir()] == ["grid.csv.partial"]
    assert sorted(p.name for p in (tmp_path / "grid.csv.partial").iterdir()) == [
        "chunk-00000000.rows",
        "manifest.json",
    ]


def test_interrupted_before_any_chunk_leaves_nothing(runner, tmp_path, monkeypatch) -> None:
    import tradegame.sweeps as module

    def interrupted(spec, start, stop):
        raise KeyboardInterrupt

    monkeypatch.setattr(module, "solve_chunk", interrupted)
    out = tmp_path / "grid.csv"
    args = ["sweep", MODEL, "--vary", "minerals.criticality=1:30:6", "--workers", "1"]
    result = runner.invoke(tg_main(), [*args, "--out", str(out)])
    assert result.exit_code == 130
    assert result.stderr == f"tradegame: interrupted; {out} not written\n"
    assert list(tmp_path.iterdir()) == []
    result = runner.invoke(tg_main(), args)  # no --out: nothing to keep
    assert (result.exit_code, result.stderr) == (130, "tradegame: interrupted\n")


def tg_main():
    from tradegame.cli import main

    return main


@pytest.mark.parametrize(
    ("vary", "fragment"),
    [
        ("minerals.criticality", "KEY=LO:HI:N"),
        ("minerals.criticality=1:2", "KEY=LO:HI:N"),
        ("minerals.criticality=1:2:0", "KEY=LO:HI:N"),
        ("minerals.criticality=a,b", "KEY=LO:HI:N"),
        ("minerals.criticalty=1,2", "minerals.criticalty"),
        ("minerals.criticality=-1,2", "minerals.criticality"),
    ],
)
def test_cli_bad_vary(runner, vary: str, fragment: str) -> None:
    assert_one_line_error(run(runner, "sweep", MODEL, "--vary", vary), fragment)


def test_cli_bad_out_and_plot(runner, tmp_path) -> None:
    args = ["sweep", MODEL, "--vary", "minerals.criticality=1,2"]
    assert_one_line_error(run(runner, *args, "--out", str(tmp_path / "grid.txt")), ".csv")
    assert_one_line_error(run(runner, *args, "--plot", str(tmp_path / "p.png")), "two parameters")


def test_vary_spacings() -> None:
    from tradegame.cli.sweep import parse_vary

    assert parse_vary("T=1:3:3") == ("T", [1.0, 2.0, 3.0])
    key, values = parse_vary("T=1:100:3:log")
    assert key == "T" and values == pytest.approx([1, 10, 100])
    assert parse_vary(" T = 4,5") == ("T", [4.0, 5.0])
    for bad in ("T=0:10:3:log", "T=1:10:3:lin", "T=1:10:3:log:x"):
        with pytest.raises(ValueError, match="LO:HI:N:log"):
            parse_vary(bad)


@pytest.mark.parametrize("name", ["prisoners-dilemma", "chicken", "stag-hunt", "inspection"])
def test_the_vectorised_path_agrees_with_the_general_solvers(name: str) -> None:
    # Independent methods: closed forms over arrays against one Game at a time.
    import tradegame.sweeps as sweeps

    m = tg.load_model(name)
    keys = [k for k in m.params if k != "discount"][:2]
    grid = {k: np.linspace(-2, 6, 7) for k in keys}
    spec = sweep_spec(m, grid)
    assert spec.vectorised
    values = spec.values(0, spec.size)
    A, B = payoff_arrays(m, values)
    deltas = sweeps._deltas(spec, values, spec.size)
    fast = sweeps.with_text(spec, sweeps._solve_vectorised(spec, A, B, deltas))
    slow = sweeps._solve_points(spec, A, B, deltas, values)
    for c in ("class", "pure_equilibria", "mixed_equilibria", "equilibria", "grim.sustained"):
        assert _same(fast[c], slow[c]), c
    for c in ("minmax_row", "minmax_col", "grim.delta_row", "grim.delta_col"):
        np.testing.assert_allclose(fast[c], slow[c], rtol=1e-9, atol=1e-9)


def test_the_output_file_gets_ordinary_permissions(runner, tmp_path) -> None:
    import os

    out = tmp_path / "grid.csv"
    run(runner, "sweep", "prisoners-dilemma", "--vary", "T=4,5", "--out", str(out), "--quiet")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_same_sweep_twice_on_one_cluster(serial) -> None:
    distributed = pytest.importorskip("dask.distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        first = sweep(tg.load_model(MODEL), GRID, engine=client, chunk_size=1)
        second = sweep(tg.load_model(MODEL), GRID, engine=client, chunk_size=1)
    for c in serial.spec.columns:
        assert _same(first[c], second[c]) and _same(first[c], serial[c]), c


@pytest.mark.parametrize("name", tg.list_models())
def test_every_bundled_model_sweeps(name: str) -> None:
    m = tg.load_model(name)
    key = next((k for k in m.params if "discount" not in k), "discount")
    value = float(m.params[key])
    t = sweep(m, {key: [value, value]}, engine="serial")
    assert len(t) == 2 and t["class"][0] == t["class"][1]
    assert t["class"][0] == analyse(m).game_class


# --- chunks written one by one, and the work stopped when a sweep stops ----------------------

_ROW = st.fixed_dictionaries(
    {
        "T": st.floats(allow_nan=False, allow_infinity=False),
        "class": st.sampled_from(["prisoners-dilemma", "chicken", 'a, "quoted" class']),
        "grim.delta_row": st.one_of(st.floats(allow_nan=False), st.just(math.inf)),
        "grim.sustained": st.sampled_from([True, False, None]),
        # any text a model's names could give: no control characters
        "equilibria": st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    }
)


@given(st.lists(_ROW, min_size=1, max_size=12), st.data())
@settings(max_examples=40, deadline=None)
def test_a_file_is_its_chunks_texts_whatever_the_chunking(rows, data) -> None:
    from tradegame.report.sweep import chunk_text, read_chunk

    columns = list(rows[0])
    table = {
        "T": np.array([r["T"] for r in rows]),
        "class": np.array([r["class"] for r in rows], dtype=object),
        "grim.delta_row": np.array([r["grim.delta_row"] for r in rows]),
        "grim.sustained": np.array([r["grim.sustained"] for r in rows], dtype=object),
        "equilibria": np.array([r["equilibria"] for r in rows], dtype=object),
    }
    cuts = sorted(data.draw(st.sets(st.integers(1, len(rows) - 1))) if len(rows) > 1 else [])
    bounds = list(itertools.pairwise([0, *cuts, len(rows)]))
    for kind in (".csv", ".json"):
        whole = chunk_text(kind, columns, table, first=True)
        parts = [
            chunk_text(kind, columns, {c: v[a:b] for c, v in table.items()}, first=a == 0)
            for a, b in bounds
        ]
        assert "".join(parts) == whole
        for (a, b), text in zip(bounds, parts, strict=True):
            n, back = read_chunk(kind, columns, text, ["class", "grim.sustained"])
            assert n == b - a
            assert back["class"] == list(table["class"][a:b])
            assert back["grim.sustained"] == list(table["grim.sustained"][a:b])


def test_skipped_chunks_are_neither_solved_nor_yielded(monkeypatch) -> None:
    import tradegame.sweeps as module

    spec = sweep_spec(tg.load_model("prisoners-dilemma"), {"T": range(4, 11), "R": [2, 3]})
    solved, fractions = [], []
    real = module.solve_chunk

    def counted(spec, start, stop):
        solved.append((start, stop))
        return real(spec, start, stop)

    monkeypatch.setattr(module, "solve_chunk", counted)
    out = list(module.run_chunks(spec, "serial", 3, progress=fractions.append, skip={0, 2}))
    assert solved == [(3, 6), (9, 12), (12, 14)]
    assert [list(c["T"]) for c in out] == [[5, 6, 6], [8, 9, 9], [10, 10]]
    assert fractions == [9 / 14, 12 / 14, 1.0]


def test_a_pool_closed_early_leaves_no_worker() -> None:
    import multiprocessing

    from tradegame.sweeps import run_chunks

    spec = sweep_spec(tg.load_model(MODEL), {"minerals.criticality": np.linspace(1, 400, 24)})
    assert not spec.vectorised
    solving = run_chunks(spec, "local", chunk_size=2, workers=2)
    first = next(solving)
    workers = multiprocessing.active_children()
    assert len(workers) == 2
    solving.close()  # what an interrupt does to the command's loop
    assert all(not w.is_alive() for w in workers)
    assert multiprocessing.active_children() == []
    assert list(first["minerals.criticality"]) == list(spec.axes[0][:2])


def test_a_dask_worker_killed_mid_sweep_loses_and_repeats_no_row() -> None:
    # The scheduler runs a dead worker's tasks again; each chunk is read from its
    # own future, once and in order, so the table is the serial one.
    import os
    import signal

    distributed = pytest.importorskip("dask.distributed")
    m = tg.load_model(MODEL)  # a 3×3 game: solved point by point, a few ms a chunk
    grid = {"minerals.criticality": np.linspace(1, 400, 24), "minerals.substitution_time": [1, 20]}
    serial = sweep(m, grid, engine="serial")
    killed: dict[str, Any] = {}
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = client.run(os.getpid)  # worker address -> process id

        def kill_a_busy_worker(fraction: float) -> None:
            if killed or fraction >= 0.5:
                return
            for address, state in list(cluster.scheduler.workers.items()):
                if len(state.processing) and address in pids:
                    os.kill(pids[address], signal.SIGKILL)
                    killed.update(pid=pids[address], at=fraction)
                    return

        on_dask = sweep(m, grid, engine=client, chunk_size=2, progress=kill_a_busy_worker)
        assert killed["pid"] not in client.run(os.getpid).values()
    assert 0 < killed["at"] < 0.5  # killed with half the chunks or more still to come
    assert len(on_dask) == serial.spec.size == 48
    for c in serial.spec.columns:
        assert _same(serial[c], on_dask[c]), c
