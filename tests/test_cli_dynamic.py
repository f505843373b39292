"""`tradegame dynamic`: the solver's report and the equilibrium path, and bad input."""

from __future__ import annotations

import json

import pytest
from clihelpers import assert_one_line_error, run

import tradegame as tg


@pytest.mark.parametrize("style", ["text", "markdown", "json"])
def test_formats(runner, style: str) -> None:
    result = run(runner, "dynamic", "rare-earth-2025", "--periods", "4", "--format", style)
    assert result.exit_code == 0, result.stderr
    if style == "json":
        data = json.loads(result.stdout)
        assert data["solution"]["converged"] is True
        assert len(data["path"]["payoffs"]) == 4
    else:
        assert "Equilibrium path" in result.stdout


def test_path_matches_the_library(runner) -> None:
    # the 2025 truce: from an open start the calibrated path stays open
    m = tg.load_model("rare-earth-2025")
    dyn = m.dynamic()
    path = tg.simulate_path(dyn, tg.markov_perfect(dyn), periods=3)
    assert path.row[:, 0].tolist() == [1.0, 1.0, 1.0]
    out = run(runner, "dynamic", "rare-earth-2025", "--periods", "3", "--format", "json").stdout
    assert json.loads(out)["path"]["payoffs"] == path.to_dict()["payoffs"]


def test_start_after_a_restriction_returns_to_openness(runner) -> None:
    # MODEL.md fact 2: after a restriction the calibrated path returns to openness
    result = run(
        runner,
        "dynamic",
        "rare-earth-2025",
        "--periods",
        "4",
        "--start",
        "pressure_minerals=1",
        "--start",
        "pressure_chips=1",
    )
    assert result.exit_code == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if line.strip()[:1].isdigit()]
    assert [r[1:3] for r in rows[1:4]] == [["open", "open"]] * 3


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--periods", "0"), "--periods"),
        (("--start", "nothing=1"), "pressure_minerals"),
        (("--start", "pressure_minerals=x"), "must be a number"),
    ],
)
def test_bad_input(runner, args, fragment: str) -> None:
    assert_one_line_error(run(runner, "dynamic", "rare-earth-2025", *args), fragment)


def test_plot_writes_the_path_figure(runner, tmp_path) -> None:
    out = tmp_path / "path.png"
    result = run(
        runner,
        "dynamic",
        "rare-earth-2025-leverage",
        "--periods",
        "5",
        "--quiet",
        "--plot",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 1000
    assert f"wrote {out}" in result.stderr


@pytest.mark.parametrize("name", ["path.txt", "missing/path.png"])
def test_plot_to_a_bad_file_fails_before_solving(runner, tmp_path, name: str) -> None:
    result = run(runner, "dynamic", "rare-earth-2025", "--plot", str(tmp_path / name))
    assert_one_line_error(result, name.split("/")[0])
