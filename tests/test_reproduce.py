"""`tradegame reproduce`: re-run a stamped output and confirm, or refute, its numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clihelpers import assert_one_line_error, run

from tradegame.report.provenance import comment_block, read_stamp, stamp_text

MODELS = Path(__file__).resolve().parent.parent / "models"


def write(runner, path: Path, *args: str) -> Path:
    result = run(runner, *args)
    assert result.exit_code == 0, result.stderr
    path.write_text(result.stdout, encoding="utf-8")
    return path


def reproduced(runner, path: Path) -> str:
    result = run(runner, "reproduce", str(path))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stdout.startswith(f"reproduced: {path}: tradegame ")
    return result.stdout


def not_reproduced(runner, path: Path, *fragments: str) -> str:
    result = run(runner, "reproduce", str(path))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout.startswith(f"not reproduced: {path}: ")
    for fragment in fragments:
        assert fragment in result.stdout, result.stdout
    return result.stdout


def restamp(path: Path, change) -> None:
    """Edit the stamp of a JSON output in place."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["provenance"])
    path.write_text(json.dumps(data), encoding="utf-8")


# --- round trips ------------------------------------------------------------------------------


def test_run_json_round_trip(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "run.json", "run", "prisoners-dilemma", "--format", "json")
    assert "values agree" in reproduced(runner, out)


def test_overrides_are_re_applied(runner, tmp_path: Path) -> None:
    out = write(
        runner,
        tmp_path / "run.json",
        "run",
        "rare-earth-2025-leverage",
        "--set",
        "chips.discount=0.6",
        "--format",
        "json",
    )
    reproduced(runner, out)


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "rare-earth-2025-leverage", "rare-earth-2025-commodity"),
        ("repeated", "prisoners-dilemma", "--delta", "0.8"),
        ("explain", "rare-earth-2025"),
        ("sweep", "chicken", "--vary", "T=1:3:3", "--quiet"),
    ],
    ids=lambda a: a[0],
)
def test_latex_round_trips(runner, tmp_path: Path, args: tuple[str, ...]) -> None:
    reproduced(runner, write(runner, tmp_path / "out.tex", *args, "--format", "latex"))


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_sweep_files_round_trip_and_stay_untouched(runner, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"grid{suffix}"
    args = ["sweep", "prisoners-dilemma", "--vary", "T=4:6:3", "--vary", "S=-1,0", "--quiet"]
    assert run(runner, *args, "--out", str(out)).exit_code == 0
    before = out.read_bytes()
    reproduced(runner, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_figure_round_trip(runner, tmp_path: Path, suffix: str) -> None:
    figure = tmp_path / f"space{suffix}"
    assert run(runner, "repeated", "prisoners-dilemma", "--plot", str(figure)).exit_code == 0
    before = figure.read_bytes()
    assert "the numbers drawn agree" in reproduced(runner, figure)
    assert figure.read_bytes() == before


def test_a_user_model_file(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("pd.toml").write_text((MODELS / "prisoners-dilemma.toml").read_text(encoding="utf-8"))
    reproduced(runner, write(runner, tmp_path / "r.json", "run", "pd.toml", "--format", "json"))


# --- mismatches: exit 1 -----------------------------------------------------------------------


def test_a_tampered_number_is_caught(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "run.json", "run", "prisoners-dilemma", "--format", "json")
    data = json.loads(out.read_text())
    data["minmax"]["mixed"][0] = 1.5
    data["thresholds"]["thresholds"][1] = "2/3"
    out.write_text(json.dumps(data))
    text = not_reproduced(runner, out, "2 differences")
    assert "minmax.mixed[0]: 1.5 -> 1" in text
    assert 'thresholds.thresholds[1]: "2/3" -> "1/2"' in text


def test_float_noise_within_the_tolerance_passes(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "rep.json", "repeated", "prisoners-dilemma", "--format", "json")
    data = json.loads(out.read_text())
    vertex = data["spe_payoffs"]["vertices"][1]
    vertex[0] *= 1 + 1e-12
    out.write_text(json.dumps(data))
    reproduced(runner, out)
    vertex[0] *= 1 + 1e-6
    out.write_text(json.dumps(data))
    not_reproduced(runner, out, "spe_payoffs.vertices[1][0]")


def test_a_tampered_csv_cell_is_caught(runner, tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    args = ["sweep", "prisoners-dilemma", "--vary", "T=4:6:3", "--quiet", "--out", str(out)]
    assert run(runner, *args).exit_code == 0
    out.write_text(out.read_text().replace(",0.6,0.6,True", ",0.6,0.61,True"))
    not_reproduced(runner, out, 'rows[2].grim.delta_col: "0.61" -> "0.6"')


def test_a_tampered_latex_number_is_caught(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "run.tex", "run", "prisoners-dilemma", "--format", "latex")
    out.write_text(out.read_text().replace(r"$\frac{1}{2}$", r"$\frac{1}{3}$", 1))
    not_reproduced(runner, out, "line ")


def test_a_tampered_figure_digest_is_caught(runner, tmp_path: Path) -> None:
    from tradegame.plot.style import new_figure, save

    figure = tmp_path / "space.png"
    assert run(runner, "repeated", "prisoners-dilemma", "--plot", str(figure)).exit_code == 0
    stamp = read_stamp(figure)
    stamp["digest"] = "sha256:" + "0" * 64
    fig, _ = new_figure()
    save(fig, figure, stamp=stamp_text(stamp))
    not_reproduced(runner, figure, "the numbers drawn differ")


def test_tampered_parameters_in_the_stamp_are_caught(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "run.json", "run", "prisoners-dilemma", "--format", "json")
    restamp(out, lambda s: s["models"][0]["params"].update(T=9.0))
    not_reproduced(runner, out, "provenance.models[0].params.T: 9.0 -> 5.0")


def test_a_changed_model_file_is_named(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("base.toml").write_text((MODELS / "prisoners-dilemma.toml").read_text(encoding="utf-8"))
    Path("child.toml").write_text('extends = "base.toml"\n[params]\nT = 6\n', encoding="utf-8")
    out = write(runner, tmp_path / "r.json", "run", "child.toml", "--format", "json")
    reproduced(runner, out)
    with Path("base.toml").open("a", encoding="utf-8") as handle:
        handle.write("# an edit\n")
    text = not_reproduced(runner, out, "base.toml changed since the stamp", "sha256")
    assert len(text.strip().splitlines()) == 1
    Path("base.toml").unlink()
    not_reproduced(runner, out, "base.toml no longer exists")


def test_a_command_that_now_fails(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "run.json", "run", "prisoners-dilemma", "--format", "json")
    restamp(out, lambda s: s["command"].extend(["--path", "cooperate,nope"]))
    not_reproduced(runner, out, "the recorded command now fails", "nope")


# --- bad stamps and files: exit 2 -------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        (["reproduce", "x.json"], "'reproduce'"),
        (["exercise", "list"], "'exercise'"),
        (["sh", "-c", "touch pwned"], "'sh'"),
        (["new", "model"], "'new'"),
    ],
)
def test_commands_that_may_not_be_re_run(runner, tmp_path: Path, command, fragment) -> None:
    out = write(runner, tmp_path / "run.json", "run", "prisoners-dilemma", "--format", "json")
    restamp(out, lambda s: s.update(command=command))
    assert_one_line_error(
        run(runner, "reproduce", str(out)), str(out), fragment, "allowed: bargain, compare"
    )
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        (["run", "prisoners-dilemma", "--format", "xml"], "not a valid `tradegame run`"),
        (["run", "prisoners-dilemma", "--no-such-option"], "--no-such-option"),
        (["run", "prisoners-dilemma", "--help"], "--help"),
        (["run", 5], "provenance.command"),
        ([], "provenance.command"),
        ("run prisoners-dilemma", "provenance.command"),
    ],
)
def test_malformed_commands(runner, tmp_path: Path, command, fragment) -> None:
    out = write(runner, tmp_path / "run.json", "run", "prisoners-dilemma", "--format", "json")
    restamp(out, lambda s: s.update(command=command))
    assert_one_line_error(run(runner, "reproduce", str(out)), str(out), fragment)


def test_an_output_the_command_does_not_write(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "run.json", "run", "prisoners-dilemma", "--format", "json")
    restamp(out, lambda s: s.update(output="--out"))
    assert_one_line_error(run(runner, "reproduce", str(out)), "--out FILE")


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("missing.json", None, "no such file"),
        ("plain.json", '{"class": "chicken"}', "no tradegame provenance stamp"),
        ("plain.csv", "T,class\n1,chicken\n", "no tradegame provenance stamp"),
        ("broken.json", "{not json", "unreadable JSON"),
        ("notes.md", "# hi", "allowed: .json, .csv, .tex"),
    ],
)
def test_bad_or_unstamped_files(runner, tmp_path: Path, name, content, fragment) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert_one_line_error(run(runner, "reproduce", str(path)), str(path), fragment)


# --- what a re-run never does -----------------------------------------------------------------


def test_a_recorded_scheduler_is_not_contacted(runner, tmp_path: Path) -> None:
    out = tmp_path / "grid.csv"
    args = ["sweep", "chicken", "--vary", "T=1,2", "--quiet", "--out", str(out)]
    assert run(runner, *args).exit_code == 0
    stamp = read_stamp(out)
    stamp["command"] += ["--scheduler", "tcp://127.0.0.1:9"]
    rows = [line for line in out.read_text().splitlines() if not line.startswith("#")]
    out.write_text(comment_block(stamp, "# ") + "\n".join(rows) + "\n")
    result = run(runner, "reproduce", str(out))
    assert result.exit_code == 0, result.stdout
    assert "re-running locally" in result.stderr


def test_another_version_is_noted(runner, tmp_path: Path) -> None:
    out = write(runner, tmp_path / "run.json", "run", "prisoners-dilemma", "--format", "json")
    restamp(out, lambda s: s.update(tradegame="0.0.1"))
    result = run(runner, "reproduce", str(out))
    assert result.exit_code == 0
    assert "written by tradegame 0.0.1" in result.stderr
