"""``tradegame sweep --out F --resume``: an interrupted sweep finished from its chunk folder.

The invariant: whatever the chunk size and whichever chunks were finished
before, the resumed file is byte for byte the file of an uninterrupted run
(provenance stamp included), and the summary is the same.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner
from clihelpers import assert_one_line_error
from hypothesis import given, settings
from hypothesis import strategies as st

from tradegame.cli import main
from tradegame.report.provenance import read_stamp

PD = ["sweep", "prisoners-dilemma", "--vary", "T=4:6:4", "--vary", "S=-1,0,0.5"]
PD_POINTS = 12


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def summary(result: Any) -> dict[str, Any]:
    """The --format json summary, less the time it took."""
    data = json.loads(result.stdout)
    del data["seconds"]
    return data


def interrupted_when_complete(*args: str) -> Any:
    """Run a sweep that records every chunk and is interrupted just before the file is done."""
    with mock.patch("tradegame.report.sweep.write_end", side_effect=KeyboardInterrupt):
        result = invoke(*args)
    assert result.exit_code == 130, result.stderr
    return result


def chunk_files(out: Path) -> list[Path]:
    return sorted(Path(f"{out}.partial").glob("chunk-*.rows"))


@given(
    size=st.integers(1, 7),
    kind=st.sampled_from([".csv", ".json"]),
    data=st.data(),
)
@settings(max_examples=30, deadline=None)
def test_resuming_from_any_chunks_gives_the_uninterrupted_file(size, kind, data) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"grid{kind}"
        args = [*PD, "--chunk-size", str(size), "--format", "json", "--out", str(out)]
        whole = invoke(*args)
        assert whole.exit_code == 0
        expected = out.read_bytes()
        out.unlink()

        interrupted_when_complete(*args)
        files = chunk_files(out)
        assert len(files) == math.ceil(PD_POINTS / size)
        kept = data.draw(st.sets(st.sampled_from(files)) if files else st.just(set()))
        for f in set(files) - kept:
            f.unlink()

        resumed = invoke(*args, "--resume")
        assert resumed.exit_code == 0, resumed.stderr
        assert out.read_bytes() == expected
        assert summary(resumed) == summary(whole)
        assert [p.name for p in Path(folder).iterdir()] == [out.name]


@pytest.mark.parametrize("kind", [".csv", ".json"])
def test_resuming_a_point_by_point_sweep_with_a_phase_diagram(tmp_path: Path, kind: str) -> None:
    # A 3×3 game and a second strategy: the general solvers, in this process.
    out, figure = tmp_path / f"grid{kind}", tmp_path / "phase.png"
    args = [
        "sweep",
        "rare-earth-2025",
        "--vary",
        "minerals.criticality=25,250,400",
        "--vary",
        "minerals.substitution_time=1,20",
        "--strategies",
        "grim,tit-for-tat",
        "--chunk-size",
        "2",
        "--workers",
        "1",
        "--format",
        "json",
        "--plot",
        str(figure),
        "--out",
        str(out),
    ]
    whole = invoke(*args)
    assert whole.exit_code == 0, whole.stderr
    expected, drawn = out.read_bytes(), read_stamp(figure)
    out.unlink()
    figure.unlink()

    interrupted_when_complete(*args)
    chunk_files(out)[1].unlink()  # the middle chunk is solved again, the others read back
    resumed = invoke(*args, "--resume")
    assert resumed.exit_code == 0, resumed.stderr
    assert "resuming from" in resumed.stderr and "2 of 3 chunks already solved" in resumed.stderr
    assert out.read_bytes() == expected
    assert summary(resumed) == summary(whole)
    # the same figure: the digest of its classes and verdicts, and a stamp without --resume
    assert read_stamp(figure) == drawn


def test_the_stamp_of_a_resumed_file_reproduces(tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    args = [*PD, "--chunk-size", "5", "--quiet", "--out", str(out)]
    interrupted_when_complete(*args)
    chunk_files(out)[0].unlink()
    assert invoke(*args, "--resume").exit_code == 0
    assert "--resume" not in read_stamp(out)["command"]
    result = invoke("reproduce", str(out))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"reproduced: {out}")


def test_the_recorded_chunk_size_is_used_when_none_is_given(tmp_path: Path) -> None:
    out, reference = tmp_path / "grid.csv", tmp_path / "reference" / "grid.csv"
    reference.parent.mkdir()
    interrupted_when_complete(*PD, "--chunk-size", "5", "--quiet", "--out", str(out))
    chunk_files(out)[-1].unlink()
    assert invoke(*PD, "--quiet", "--out", str(out), "--resume").exit_code == 0
    # the same bytes as a run of the same command (no --chunk-size), written at the same path
    expected = out.read_bytes()
    out.unlink()
    assert invoke(*PD, "--quiet", "--out", str(out)).exit_code == 0
    assert out.read_bytes() == expected


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (["--set", "R=2.5"], "the model"),
        (["--vary", "R=2,3"], "the grid"),
        (["--strategies", "grim,tit-for-tat"], "the options"),
        (["--chunk-size", "4"], "the chunk size (5 recorded)"),
    ],
    ids=["parameter", "grid", "strategies", "chunk-size"],
)
def test_another_sweep_is_refused(tmp_path: Path, change: list[str], fragment: str) -> None:
    out = tmp_path / "grid.csv"
    size = [] if "--chunk-size" in change else ["--chunk-size", "5"]
    interrupted_when_complete(*PD, "--chunk-size", "5", "--quiet", "--out", str(out))
    before = {p.name: p.read_bytes() for p in Path(f"{out}.partial").iterdir()}
    result = invoke(*PD, *size, *change, "--out", str(out), "--resume")
    assert_one_line_error(result, "--resume", "holds another sweep", fragment, "--force")
    assert {p.name: p.read_bytes() for p in Path(f"{out}.partial").iterdir()} == before
    assert not out.exists()


def test_a_chunk_folder_needs_resume_or_force(tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    args = [*PD, "--chunk-size", "5", "--quiet", "--out", str(out)]
    interrupted_when_complete(*args)
    assert_one_line_error(invoke(*args), "grid.csv.partial", "--resume", "--force")
    assert len(chunk_files(out)) == 3

    # --force starts again: every chunk solved anew, and the folder gone at the end
    forced = [*args, "--force"]
    with mock.patch("tradegame.sweeps.solve_chunk", wraps=_solve_chunk()) as solved:
        assert invoke(*forced).exit_code == 0
    assert solved.call_count == 3
    assert [p.name for p in tmp_path.iterdir()] == ["grid.csv"]


def _solve_chunk() -> Any:
    from tradegame.sweeps import solve_chunk

    return solve_chunk


def test_resume_solves_only_the_missing_chunks(tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    args = [*PD, "--chunk-size", "2", "--quiet", "--out", str(out)]
    interrupted_when_complete(*args)
    for f in chunk_files(out)[1::2]:
        f.unlink()
    with mock.patch("tradegame.sweeps.solve_chunk", wraps=_solve_chunk()) as solved:
        assert invoke(*args, "--resume").exit_code == 0
    assert [c.args[1:] for c in solved.call_args_list] == [(2, 4), (6, 8), (10, 12)]


def test_resume_with_nothing_to_resume_solves_everything(tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    result = invoke(*PD, "--out", str(out), "--resume")
    assert result.exit_code == 0
    assert result.stderr == f"tradegame: note: no {out}.partial to resume; solving every chunk\n"
    assert len([ln for ln in out.read_text().splitlines() if not ln.startswith("#")]) == 13
    # the file is there now: --resume does not replace it without --force
    assert_one_line_error(invoke(*PD, "--out", str(out), "--resume"), "exists", "--force")


def test_resume_needs_out(tmp_path: Path) -> None:
    assert_one_line_error(invoke(*PD, "--resume"), "--resume", "--out")


def test_a_folder_that_is_not_a_chunk_folder_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    mine = tmp_path / "grid.csv.partial"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    for extra in ([], ["--force"], ["--resume"]):
        result = invoke(*PD, "--out", str(out), *extra)
        assert_one_line_error(result, "grid.csv.partial", "not the chunk folder of a sweep")
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grid.csv.partial"]


def test_a_damaged_chunk_is_reported_and_leftovers_are_cleared(tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    args = [*PD, "--chunk-size", "5", "--quiet", "--out", str(out)]
    interrupted_when_complete(*args)
    partial = Path(f"{out}.partial")
    (partial / ".chunk-00000001.rows.abc.tmp").write_text("a write that never finished")
    first = chunk_files(out)[0]
    first.write_text("".join(first.read_text().splitlines(keepends=True)[:-1]))
    assert_one_line_error(invoke(*args, "--resume"), "chunk-00000000.rows", "4 rows, not 5")
    assert not out.exists()
    assert not list(partial.glob("*.tmp"))


def test_force_with_resume_resumes_and_replaces_the_file(tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    args = [*PD, "--chunk-size", "5", "--quiet", "--force", "--out", str(out)]
    out.write_text("an older file")
    assert invoke(*args).exit_code == 0  # uninterrupted, over an existing file
    expected = out.read_bytes()
    out.write_text("an older file")
    interrupted_when_complete(*args)
    assert out.read_text() == "an older file"  # kept until the new file is complete
    chunk_files(out)[2].unlink()
    with mock.patch("tradegame.sweeps.solve_chunk", wraps=_solve_chunk()) as solved:
        assert invoke(*args, "--resume").exit_code == 0
    assert solved.call_count == 1
    assert out.read_bytes() == expected
