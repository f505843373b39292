"""Provenance stamps: what they hold, where each format keeps them, and that they read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from clihelpers import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.report.provenance import (
    StampError,
    build_stamp,
    comment_block,
    digest,
    model_files,
    read_comment_block,
    read_stamp,
    sha256_file,
    stamp_from_text,
    stamp_text,
)
from tradegame.report.render import to_json

MODELS = Path(__file__).resolve().parent.parent / "models"

# --- what a stamp holds ---------------------------------------------------------------------


def test_a_stamp_holds_version_command_models_and_hashes() -> None:
    m = tg.load_model("rare-earth-2025-leverage").with_params({"chips.discount": 0.6})
    stamp = build_stamp(["run", "rare-earth-2025-leverage"], [m])
    assert stamp["tradegame"] == tg.__version__
    assert stamp["command"] == ["run", "rare-earth-2025-leverage"]
    assert stamp["output"] == "stdout" and stamp["seed"] is None and stamp["digest"] is None
    (entry,) = stamp["models"]
    assert entry["name"] == "rare-earth-2025-leverage"
    assert entry["params"]["chips.discount"] == 0.6
    assert entry["overrides"] == {"chips.discount": 0.6}
    assert set(entry["params"]) == set(m.params)
    # the file and the one it extends, each hashed on its own
    assert [f["file"] for f in entry["files"]] == [
        "models/rare-earth-2025-leverage.toml",
        "models/rare-earth-2025.toml",
    ]
    assert all(f["bundled"] for f in entry["files"])
    assert entry["files"][1]["sha256"] == sha256_file(MODELS / "rare-earth-2025.toml")
    json.dumps(stamp, allow_nan=False)  # JSON-safe


def test_an_extends_chain_of_user_files(tmp_path: Path) -> None:
    base = tmp_path / "base.toml"
    base.write_text((MODELS / "prisoners-dilemma.toml").read_text(encoding="utf-8"))
    child = tmp_path / "sub" / "child.toml"
    child.parent.mkdir()
    child.write_text('extends = "../base.toml"\n[params]\nT = 6\n', encoding="utf-8")
    files = model_files(tg.load_model(child))
    assert [f["file"] for f in files] == [str(child), str(child.parent / "../base.toml")]
    assert [f["bundled"] for f in files] == [False, False]
    assert files[1]["sha256"] == sha256_file(base)


def test_a_model_built_in_python_has_no_files() -> None:
    from dataclasses import replace

    m = replace(tg.load_model("chicken"), path=None)
    assert model_files(m) == []


def test_bad_output_kind() -> None:
    with pytest.raises(ValueError, match="--plot"):
        build_stamp(["run"], [], output="screen")


def test_digest_ignores_float_noise_only() -> None:
    assert digest({"x": [0.1 + 0.2]}) == digest({"x": [0.3]})
    assert digest({"x": [0.3]}) != digest({"x": [0.3001]})
    assert digest({"x": "a"}) != digest({"x": "b"})


# --- the commands stamp their machine outputs -------------------------------------------------


def test_json_output_gains_only_a_provenance_key(runner) -> None:
    data = json.loads(run(runner, "run", "prisoners-dilemma", "--format", "json").stdout)
    stamp = data.pop("provenance")
    assert stamp["command"] == ["run", "prisoners-dilemma", "--format", "json"]
    assert stamp["models"][0]["name"] == "prisoners-dilemma"
    assert data["class"] == "prisoners-dilemma"  # the existing keys stay where they were


def test_the_command_is_canonical_whatever_the_order_typed(runner) -> None:
    one = run(runner, "run", "--format", "json", "chicken", "--set", "T=1", "--set", "S=0")
    two = run(runner, "run", "chicken", "--set", "T=1", "--set", "S=0", "--format", "json")
    assert one.stdout == two.stdout
    command = json.loads(one.stdout)["provenance"]["command"]
    assert command == ["run", "chicken", "--set", "T=1", "--set", "S=0", "--format", "json"]


def test_output_is_deterministic(runner) -> None:
    args = ["compare", "prisoners-dilemma", "chicken", "--format", "json"]
    assert run(runner, *args).stdout == run(runner, *args).stdout


@pytest.mark.parametrize("style", ["text", "markdown"])
def test_reading_formats_stay_clean(runner, style: str) -> None:
    out = run(runner, "run", "prisoners-dilemma", "--format", style).stdout
    assert "provenance" not in out and "sha256" not in out


@pytest.mark.parametrize(
    "args",
    [
        ("run", "chicken"),
        ("repeated", "prisoners-dilemma"),
        ("compare", "chicken", "stag-hunt", "--no-dynamic"),
        ("sweep", "chicken", "--vary", "T=1,2", "--quiet"),
        ("explain", "chicken"),
    ],
)
@pytest.mark.parametrize("style", ["json", "latex"])
def test_every_machine_output_is_stamped(runner, args: tuple[str, ...], style: str) -> None:
    result = run(runner, *args, "--format", style)
    assert result.exit_code == 0, result.stderr
    stamp = stamp_from_text(result.stdout, ".json" if style == "json" else ".tex")
    assert stamp is not None
    assert stamp["command"][0] == args[0] and "--format" in stamp["command"]
    assert stamp["models"][0]["files"][0]["file"].startswith("models/")


def test_sweep_files_are_stamped(runner, tmp_path: Path) -> None:
    args = ["sweep", "chicken", "--vary", "T=1,2,3", "--quiet"]
    for suffix in (".csv", ".json"):
        out = tmp_path / f"grid{suffix}"
        assert run(runner, *args, "--out", str(out)).exit_code == 0
        stamp = read_stamp(out)
        assert stamp["output"] == "--out"
        assert stamp["command"][stamp["command"].index("--out") + 1] == str(out)
    rows = json.loads((tmp_path / "grid.json").read_text())["rows"]
    assert len(rows) == 3
    # CSV readers that skip '#' comment lines see an ordinary table
    text = (tmp_path / "grid.csv").read_text()
    table = list(csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#")))
    assert [float(r["T"]) for r in table] == [1.0, 2.0, 3.0]


def test_pandas_reads_the_stamped_csv(runner, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    out = tmp_path / "grid.csv"
    run(runner, "sweep", "chicken", "--vary", "T=1,2,3", "--quiet", "--out", str(out))
    frame = pandas.read_csv(out, comment="#")
    assert list(frame["T"]) == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_figures_carry_the_stamp(runner, tmp_path: Path, suffix: str) -> None:
    figure = tmp_path / f"space{suffix}"
    result = run(runner, "repeated", "prisoners-dilemma", "--plot", str(figure))
    assert result.exit_code == 0, result.stderr
    stamp = read_stamp(figure)
    assert stamp["output"] == "--plot"
    assert stamp["digest"].startswith("sha256:")
    assert stamp["models"][0]["params"]["T"] == 5.0


def test_sweep_phase_diagram_is_stamped(runner, tmp_path: Path) -> None:
    figure = tmp_path / "phase.png"
    args = ["sweep", "chicken", "--vary", "T=1,2", "--vary", "S=-1,0", "--quiet"]
    assert run(runner, *args, "--plot", str(figure)).exit_code == 0
    assert read_stamp(figure)["digest"].startswith("sha256:")


# --- every format gives the stamp back unchanged --------------------------------------------

names = st.text(min_size=1, max_size=20)
stamps = st.fixed_dictionaries(
    {
        "tradegame": st.text(max_size=10),
        "command": st.lists(st.text(max_size=20), min_size=1, max_size=6),
        "output": st.sampled_from(["stdout", "--out", "--plot"]),
        "models": st.lists(
            st.fixed_dictionaries(
                {
                    "name": names,
                    "params": st.dictionaries(
                        names, st.floats(allow_nan=False, allow_infinity=False), max_size=4
                    ),
                    "overrides": st.dictionaries(names, st.integers(), max_size=2),
                    "files": st.lists(
                        st.fixed_dictionaries(
                            {
                                "file": names,
                                "bundled": st.booleans(),
                                "sha256": st.text("0123456789abcdef", min_size=64, max_size=64),
                            }
                        ),
                        max_size=2,
                    ),
                }
            ),
            max_size=2,
        ),
        "seed": st.none() | st.integers(min_value=0),
        "digest": st.none() | st.text(max_size=20),
    }
)


@settings(max_examples=300)
@given(stamps)
def test_stamps_round_trip_through_json(stamp: dict) -> None:
    text = to_json({"model": "m", "rows": [1, 2]}, stamp)
    assert stamp_from_text(text, ".json") == stamp
    assert json.loads(text)["rows"] == [1, 2]


@settings(max_examples=300)
@given(stamps)
def test_stamps_round_trip_through_csv_and_latex_comments(stamp: dict) -> None:
    for prefix in ("# ", "% "):
        text = comment_block(stamp, prefix) + "a,b\n1,2\n"
        assert read_comment_block(text, prefix) == stamp
        assert all(line.startswith(prefix) for line in comment_block(stamp, prefix).splitlines())
    assert "^" not in comment_block(stamp, "% ")  # TeX reads ^^ even inside comments
    assert comment_block(stamp, "% ").isascii()


UNUSUAL = {
    "tradegame": "0.1.0",
    "command": ["run", "dé(f)\\ault ^^M", "--set", "x=1"],
    "output": "--plot",
    "models": [
        {
            "name": "модель) (",
            "params": {"a.b": 0.1, "δ": -2.5e-300},
            "overrides": {},
            "files": [{"file": "x (1).toml", "bundled": False, "sha256": "0" * 64}],
        }
    ],
    "seed": 7,
    "digest": "sha256:" + "f" * 64,
}


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_stamps_round_trip_through_figure_metadata(tmp_path: Path, suffix: str) -> None:
    from tradegame.plot.style import new_figure, save

    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1])
    path = save(fig, tmp_path / f"f{suffix}", metadata={"Title": "t"}, stamp=stamp_text(UNUSUAL))
    assert read_stamp(path) == UNUSUAL


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stamps, st.sampled_from([".png", ".svg", ".pdf"]))
def test_any_stamp_round_trips_through_a_figure(tmp_path: Path, stamp: dict, suffix: str) -> None:
    from tradegame.plot.style import new_figure, save

    fig, _ = new_figure(1, 1)
    path = save(fig, tmp_path / f"any{suffix}", stamp=stamp_text(stamp))
    assert read_stamp(path) == stamp


# --- files without a (good) stamp -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("missing.json", None, "no such file"),
        ("plain.json", '{"a": 1}', "no tradegame provenance stamp"),
        ("broken.json", "{", "unreadable JSON"),
        ("plain.csv", "a,b\n1,2\n", "no tradegame provenance stamp"),
        ("notes.txt", "hello", "allowed: .json"),
        ("bad.png", "not a png", "unreadable PNG"),
        ("bad.svg", "<svg", "unreadable SVG"),
        ("plain.pdf", "%PDF-1.4\n", "no tradegame provenance stamp"),
        ("bad.json", '{"provenance": {"tradegame": "0.1.0"}}', "provenance.command"),
        (
            "bad2.json",
            json.dumps({"provenance": {**UNUSUAL, "output": "screen"}}),
            "provenance.output",
        ),
        (
            "bad3.json",
            json.dumps({"provenance": {**UNUSUAL, "models": [{"params": {}, "files": [{}]}]}}),
            "provenance.models[0].files[0]",
        ),
    ],
)
def test_unstamped_and_malformed_files(tmp_path: Path, name, content, fragment) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(StampError) as info:
        read_stamp(path)
    message = str(info.value)
    assert fragment in message and str(path) in message and "\n" not in message
