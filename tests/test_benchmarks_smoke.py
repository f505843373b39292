"""The benchmark script's smoke mode runs and writes every row; timings are not checked."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "run.py"

ROWS = [
    "equilibria, 2×2 battle of the sexes",
    "equilibria, 2×2 matching pennies",
    "equilibria, 3×3 coordination",
    "equilibria, 3×3 rock–paper–scissors",
    "tournament, 12 strategies × 200 turns, no noise",
    "spe_payoffs, Abreu–Sannikov example, cold start",
    "spe_payoffs, Abreu–Sannikov example, warm",
    "tradegame --help",
    "2×2 sweep vs nashpy loop",
    "dynamic-game sweep, 2-worker LocalCluster vs 1 worker",
]


def test_smoke_run_writes_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    table = [line for line in text.splitlines() if line.startswith("| ")]
    for name in ROWS:
        assert any(line.startswith(f"| {name} |") for line in table), name
    # a smoke run times once and judges nothing
    assert all("not judged (smoke run)" in line for line in table if line.startswith("| 2×2"))
    # a peer that is missing is skipped, and the results say why
    for peer in ("axelrod", "quantecon"):
        if importlib.util.find_spec(peer) is None:
            assert f"{peer} is not installed" in text


def test_only_runs_the_named_benchmark(tmp_path: Path) -> None:
    out = tmp_path / "one.md"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--only", "help", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    table = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    assert any(line.startswith("| tradegame --help |") for line in table)
    assert not any(line.startswith("| equilibria,") for line in table)


def test_only_with_an_unknown_name_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--only", "nonesuch"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2
    assert "matches no benchmark" in done.stderr
