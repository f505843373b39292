"""Stamps and `tradegame reproduce` for match, tournament, bargain, dynamic, evolve and show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from clihelpers import assert_one_line_error, run
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.cli.reproduce import REPRODUCIBLE
from tradegame.report.provenance import (
    StampError,
    build_stamp,
    check_stamp,
    comment_block,
    read_comment_block,
    read_stamp,
    sha256_file,
    stamp_from_text,
    stamp_text,
)
from tradegame.report.render import to_json

# Small, fast options for each command, and a number in its JSON to tamper with.
COMMANDS: dict[str, tuple[tuple[str, ...], tuple[Any, ...]]] = {
    "match": (
        ("match", "prisoners-dilemma", "tit-for-tat", "always-restrict", "--turns", "5"),
        ("payoffs", 0),
    ),
    "tournament": (
        ("tournament", "prisoners-dilemma", "--strategies", "grim,tit-for-tat,alternator"),
        ("scores", 1),
    ),
    "bargain": (("bargain", "rare-earth-2025", "--no-dynamic"), ("total_surplus",)),
    "dynamic": (
        ("dynamic", "rare-earth-2025", "--resolution", "5", "--periods", "3", "--quiet"),
        ("path", "total", 0),
    ),
    "evolve": (
        (
            "evolve",
            "prisoners-dilemma",
            "--strategies",
            "grim,always-restrict,alternator",
            "--turns",
            "5",
            "--size",
            "5",
            "--horizon",
            "100",
            "--quiet",
        ),
        ("replicator", "end", 0, 0),
    ),
    "show": (("show", "chicken", "--set", "T=2"), ("params", "T")),
}

# A strategy that forgives nothing, written as data.
STRATEGY = """\
name = "unforgiving"
start = "calm"

[states.calm]
play = "cooperate"
next = { default = "calm", deviate = "angry" }

[states.angry]
play = "punish"
next = "angry"
"""


def write(runner, path: Path, *args: str) -> Path:
    result = run(runner, *args)
    assert result.exit_code == 0, result.stderr
    path.write_text(result.stdout, encoding="utf-8")
    return path


def reproduce(runner, path: Path) -> Any:
    return run(runner, "reproduce", str(path))


def reproduced(runner, path: Path) -> str:
    result = reproduce(runner, path)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stdout.startswith(f"reproduced: {path}: tradegame ")
    return str(result.stdout)


def not_reproduced(runner, path: Path, *fragments: str) -> str:
    result = reproduce(runner, path)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout.startswith(f"not reproduced: {path}: ")
    for fragment in fragments:
        assert fragment in result.stdout, result.stdout
    return str(result.stdout)


def strategy_file(folder: Path, name: str = "unforgiving.toml") -> Path:
    path = folder / name
    path.write_text(STRATEGY, encoding="utf-8")
    return path


def tamper(value: Any) -> Any:
    """A clearly different value of the same kind: exact numbers written as text stay text."""
    if isinstance(value, str):
        return f"{value}1"
    return value + 1.5 if isinstance(value, float) else value + 1


# --- every command that takes a MODEL stamps its JSON -------------------------------------------


def test_every_command_that_takes_a_model_is_reproducible() -> None:
    import click

    from tradegame.cli import main

    takes_a_model = {
        name
        for name, command in main.commands.items()
        if any(
            isinstance(p, click.Argument) and (p.name == "model" or p.metavar == "MODEL_A")
            for p in command.params
        )
    }
    assert takes_a_model == set(REPRODUCIBLE)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_json_gains_only_a_provenance_key(runner, name: str) -> None:
    args, where = COMMANDS[name]
    data = json.loads(run(runner, *args, "--format", "json").stdout)
    assert list(data)[-1] == "provenance"
    stamp = data.pop("provenance")
    check_stamp(stamp, name)
    assert stamp["command"][0] == name and "--format" in stamp["command"]
    assert stamp["output"] == "stdout"
    assert stamp["models"][0]["files"][0]["file"].startswith("models/")
    value: Any = data
    for key in where:  # the tampered number is where the classroom exercises read it
        value = value[key]
    assert isinstance(value, str | int | float)


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("style", ["text", "markdown"])
def test_reading_formats_stay_clean(runner, name: str, style: str) -> None:
    out = run(runner, *COMMANDS[name][0], "--format", style).stdout
    assert "provenance" not in out and "sha256" not in out


def test_the_renderers_document_is_unchanged(runner) -> None:
    from tradegame.report.render import render_model

    data = json.loads(run(runner, "show", "japan-2010", "--format", "json").stdout)
    del data["provenance"]
    assert data == json.loads(render_model(tg.load_model("japan-2010"), "json"))


# --- round trips and tampered numbers ----------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_json_round_trip(runner, tmp_path: Path, name: str) -> None:
    out = write(runner, tmp_path / f"{name}.json", *COMMANDS[name][0], "--format", "json")
    before = out.read_bytes()
    assert "values agree" in reproduced(runner, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_bargain_with_the_dynamic_game_round_trips(runner, tmp_path: Path) -> None:
    args = ("bargain", "rare-earth-2025", "--years", "0", "--quiet", "--format", "json")
    out = write(runner, tmp_path / "deal.json", *args)
    assert "dynamic" in json.loads(out.read_text())
    reproduced(runner, out)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_tampered_number_is_caught(runner, tmp_path: Path, name: str) -> None:
    args, where = COMMANDS[name]
    out = write(runner, tmp_path / f"{name}.json", *args, "--format", "json")
    data = json.loads(out.read_text())
    parent = data
    for key in where[:-1]:
        parent = parent[key]
    parent[where[-1]] = tamper(parent[where[-1]])
    out.write_text(json.dumps(data), encoding="utf-8")
    shown = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in where).lstrip(".")
    not_reproduced(runner, out, "1 differences", f"{shown}: ")


def test_tampered_parameters_in_the_stamp_are_caught(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "m.json", *COMMANDS["match"][0], "--format", "json")
    data = json.loads(out.read_text())
    data["provenance"]["models"][0]["params"]["T"] = 9.0
    out.write_text(json.dumps(data), encoding="utf-8")
    not_reproduced(runner, out, "provenance.models[0].params.T: 9.0 -> 5.0")


# --- strategy files are hashed like model files ------------------------------------------------


def strategy_commands(path: Path) -> dict[str, tuple[str, ...]]:
    """Each command that takes strategies, with the file ``path`` among them."""
    return {
        "match": ("match", "prisoners-dilemma", str(path), "grim", "--turns", "4"),
        "tournament": (
            "tournament",
            "prisoners-dilemma",
            "--strategies",
            f"grim,{path},always-restrict",
            "--turns",
            "4",
        ),
        "evolve": (
            "evolve",
            "prisoners-dilemma",
            "--strategies",
            f"{path},tit-for-tat,always-restrict",
            "--turns",
            "4",
            "--no-moran",
            "--horizon",
            "50",
            "--quiet",
        ),
    }


@pytest.mark.parametrize("name", ["match", "tournament", "evolve"])
def test_a_strategy_file_is_hashed_in_the_stamp(runner, tmp_path: Path, name: str) -> None:
    path = strategy_file(tmp_path)
    out = write(runner, tmp_path / "out.json", *strategy_commands(path)[name], "--format", "json")
    stamp = read_stamp(out)
    assert stamp["files"] == [
        {"kind": "strategy", "file": str(path), "bundled": False, "sha256": sha256_file(path)}
    ]
    reproduced(runner, out)


@pytest.mark.parametrize("name", ["match", "tournament", "evolve"])
def test_a_changed_strategy_file_is_named(runner, tmp_path: Path, name: str) -> None:
    path = strategy_file(tmp_path)
    out = write(runner, tmp_path / "out.json", *strategy_commands(path)[name], "--format", "json")
    # a change that leaves the numbers alone is still a change to the input
    path.write_text(STRATEGY.replace("unforgiving", "still-unforgiving"), encoding="utf-8")
    text = not_reproduced(runner, out, f"strategy file {path} changed since the stamp", "sha256")
    assert len(text.strip().splitlines()) == 1
    path.unlink()
    text = not_reproduced(runner, out, f"strategy file {path} no longer exists")
    assert len(text.strip().splitlines()) == 1


def test_a_relative_strategy_file(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    strategy_file(tmp_path)
    args = ("match", "prisoners-dilemma", "unforgiving.toml", "unforgiving.toml", "--turns", "3")
    out = write(runner, tmp_path / "m.json", *args, "--format", "json")
    (entry,) = read_stamp(out)["files"]  # given twice, hashed once
    assert entry["file"] == "unforgiving.toml"
    reproduced(runner, out)
    Path("unforgiving.toml").write_text(STRATEGY + "# an edit\n", encoding="utf-8")
    not_reproduced(runner, out, "strategy file unforgiving.toml changed")


@pytest.mark.parametrize(
    "args",
    [
        ("match", "prisoners-dilemma", "truce(punish=2)", "grim", "--turns", "3"),
        ("tournament", "prisoners-dilemma", "--strategies", "grim,alternator", "--turns", "3"),
    ],
)
def test_named_strategies_read_no_files(runner, args: tuple[str, ...]) -> None:
    stamp = json.loads(run(runner, *args, "--format", "json").stdout)["provenance"]
    assert stamp["files"] == []


def test_a_malformed_strategy_entry_is_refused(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "m.json", *COMMANDS["match"][0], "--format", "json")
    data = json.loads(out.read_text())
    data["provenance"]["files"] = [{"kind": "strategy", "file": "x.toml", "bundled": False}]
    out.write_text(json.dumps(data), encoding="utf-8")
    assert_one_line_error(reproduce(runner, out), str(out), "provenance.files[0]")


# --- the dynamic game's figure -----------------------------------------------------------------

DYNAMIC = COMMANDS["dynamic"][0]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_dynamic_figure_round_trip(runner, tmp_path: Path, suffix: str) -> None:
    figure = tmp_path / f"path{suffix}"
    result = run(runner, *DYNAMIC, "--plot", str(figure))
    assert result.exit_code == 0, result.stderr
    stamp = read_stamp(figure)
    assert stamp["output"] == "--plot" and stamp["digest"].startswith("sha256:")
    assert stamp["command"][stamp["command"].index("--plot") + 1] == str(figure)
    before = figure.read_bytes()
    assert "the numbers drawn agree" in reproduced(runner, figure)
    assert figure.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [figure.name]


def test_dynamic_figure_with_json_reproduces_either(runner, tmp_path: Path) -> None:
    figure = tmp_path / "path.png"
    out = write(runner, tmp_path / "d.json", *DYNAMIC, "--plot", str(figure), "--format", "json")
    figure.unlink()
    reproduced(runner, out)  # the JSON alone: no figure is drawn
    assert not figure.exists()


def test_a_tampered_dynamic_figure_digest_is_caught(runner, tmp_path: Path) -> None:
    from tradegame.plot.style import new_figure, save

    figure = tmp_path / "path.png"
    assert run(runner, *DYNAMIC, "--plot", str(figure)).exit_code == 0
    stamp = read_stamp(figure)
    stamp["digest"] = "sha256:" + "0" * 64
    fig, _ = new_figure()
    save(fig, figure, stamp=stamp_text(stamp))
    not_reproduced(runner, figure, "the numbers drawn differ")


def test_a_changed_model_is_caught_through_the_figure(runner, tmp_path: Path) -> None:
    from tradegame.plot.style import new_figure, save

    figure = tmp_path / "path.svg"
    assert run(runner, *DYNAMIC, "--plot", str(figure)).exit_code == 0
    stamp = read_stamp(figure)
    stamp["models"][0]["params"]["minerals.accident_rate"] = 0.5
    fig, _ = new_figure()
    save(fig, figure, stamp=stamp_text(stamp))
    not_reproduced(runner, figure, "provenance.models[0].params.minerals.accident_rate")


# --- invariants --------------------------------------------------------------------------------

LIBRARY = tg.strategies()


@settings(max_examples=25)
@given(
    row=st.sampled_from(LIBRARY),
    col=st.sampled_from(LIBRARY),
    turns=st.integers(min_value=1, max_value=4),
    noise=st.sampled_from(["0", "1/10", "0.25"]),
    temptation=st.sampled_from([None, "4", "6.5"]),
)
def test_a_match_stamp_round_trips_and_re_runs_to_the_same_bytes(
    row: str, col: str, turns: int, noise: str, temptation: str | None
) -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    extra = ["--set", f"T={temptation}"] if temptation else []
    args = ["match", "prisoners-dilemma", row, col, *extra, "--turns", str(turns)]
    out = run(runner, *args, "--noise", noise, "--format", "json").stdout
    stamp = stamp_from_text(out, ".json")
    assert stamp is not None
    check_stamp(stamp, "match")
    # the stamp goes through JSON and comment lines unchanged
    assert stamp_from_text(to_json({"x": 1}, stamp), ".json") == stamp
    assert read_comment_block(comment_block(stamp, "% "), "% ") == stamp
    # the recorded command is canonical: running it gives the same bytes
    assert run(runner, *stamp["command"]).stdout == out


hashed = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["strategy", "data"]),
        "file": st.text(min_size=1, max_size=20),
        "bundled": st.booleans(),
        "sha256": st.text("0123456789abcdef", min_size=64, max_size=64),
    }
)


@settings(max_examples=200)
@given(
    command=st.lists(st.text(max_size=20), min_size=1, max_size=6),
    files=st.lists(hashed, max_size=3),
)
def test_stamps_with_files_round_trip(command: list[str], files: list[dict[str, Any]]) -> None:
    stamp = {**build_stamp(command, []), "files": files}
    check_stamp(stamp, "x")
    assert stamp_from_text(to_json({"rows": []}, stamp), ".json") == stamp
    for prefix in ("# ", "% "):
        assert read_comment_block(comment_block(stamp, prefix), prefix) == stamp


def test_the_files_key_is_left_out_when_a_command_reads_no_other_files() -> None:
    assert "files" not in build_stamp(["show", "chicken"], [tg.load_model("chicken")])
    stamp = build_stamp(["match"], [], files=[])
    assert stamp["files"] == []


@pytest.mark.parametrize(
    "files",
    [{"kind": "strategy"}, [{"file": "a.toml", "bundled": False, "sha256": "0" * 64}], ["a"]],
)
def test_malformed_files_are_named(files: Any) -> None:
    stamp = {**build_stamp(["match"], []), "files": files}
    with pytest.raises(StampError, match=r"provenance\.files"):
        check_stamp(stamp, "here")
