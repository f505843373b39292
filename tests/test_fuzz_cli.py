"""Fuzzing the command line: every command that reads a file or an option value.

The only outcomes allowed: exit code 0 with a correct result, or exit code 2
with one line on stderr, ``tradegame: error: ...``, and nothing on stdout. No
traceback, no warning, no other exit code; ``--debug`` shows the traceback on
purpose. Formula-like strings anywhere stay data.

Examples per property: the numbers given to ``budget`` in CI; set
TRADEGAME_FUZZ_EXAMPLES for a long local run.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tomllib
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_models import (
    BUNDLED,
    PAYLOADS,
    PD,
    SPECIAL_NUMBER_TEXT,
    budget,
    extreme_payoffs,
    mutated_bundled,
    random_models,
    toml_text,
    weird_text,
)

import tradegame as tg
from tradegame.cli import main
from tradegame.cli.common import exact_number
from tradegame.datafile import is_name
from tradegame.solvers.strategies import strategies as library

MODELS = [p.stem for p in BUNDLED]
PD_KEYS = ["T", "R", "P", "S", "discount"]
COERCION_KEYS = sorted(tg.load_model("rare-earth-2025").params)


def invoke(*args: str) -> Any:
    """Run tradegame; the warnings it raises (a user would see them on stderr) are kept."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, list(args))
    result.warnings = [
        f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})"
        for w in caught
        if not issubclass(w.category, DeprecationWarning | PendingDeprecationWarning)
    ]
    return result


def outcome(result: Any) -> str:
    """ "ok" (exit 0, no warning) or "error" (exit 2, one line); anything else fails."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(*result.exc_info))
        raise AssertionError(f"an exception reached the user:\n{trace}")
    assert "Traceback" not in result.stderr, result.stderr
    assert not result.warnings, result.warnings
    if result.exit_code == 0:
        assert "Warning" not in result.stderr, result.stderr
        return "ok"
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tradegame: error: "), lines[0]
    assert lines[0].isprintable(), repr(lines[0])
    assert result.stdout == "", result.stdout
    return "error"


number_text = st.one_of(
    st.sampled_from(SPECIAL_NUMBER_TEXT),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**20), 10**20).map(str),
    st.from_regex(r"[+-]?[0-9]{0,3}(\.[0-9]{0,3})?([eE][+-]?[0-9]{1,3})?", fullmatch=True),
    st.fractions(0, 1, max_denominator=50).map(str),
    weird_text,
)


# --- --set ----------------------------------------------------------------------


@budget(150)
@given(
    model=st.sampled_from(["prisoners-dilemma", "rare-earth-2025"]),
    key=st.one_of(st.sampled_from(PD_KEYS + COERCION_KEYS), weird_text),
    value=number_text,
    sep=st.sampled_from(["=", " = ", "=="]),
)
def test_set_values(model: str, key: str, value: str, sep: str) -> None:
    result = invoke("show", model, "--set", f"{key}{sep}{value}", "--format", "json")
    if outcome(result) == "ok":
        shown = json.loads(result.stdout)["params"][key.strip()]
        assert shown == float(value.strip()), (key, value, shown)


@pytest.mark.parametrize(
    ("item", "fragments"),
    [
        ("T=nan", ["--set T", "'nan'", "finite"]),
        ("T=-Infinity", ["--set T", "finite"]),
        ("T=1e308", ["T = 1e+308", "too large"]),
        ("T=1e400", ["--set T", "finite"]),
        ("T=" + "9" * 400, ["--set T", "finite"]),
        ("discount=1e-320", ["discount = 1e-320", "too small"]),
        ("T=__import__('os')", ["--set T", "must be a number"]),
        ("T\nX=1", ["T\\nX = 1", "unknown parameter"]),
        ("T\x00=1", ["T\\x00 = 1", "unknown parameter"]),
        ("=1", ["--set", "KEY=VALUE"]),
        ("T", ["--set", "KEY=VALUE"]),
    ],
)
def test_set_errors_name_the_key_the_value_and_the_rule(item: str, fragments: list[str]) -> None:
    result = invoke("run", "prisoners-dilemma", "--set", item)
    assert outcome(result) == "error"
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)


# --- model files through the command line -----------------------------------------


@budget(120)
@given(
    case=st.one_of(mutated_bundled(), random_models().map(lambda d: ("random", d))),
    command=st.sampled_from(["show", "explain"]),
)
def test_broken_model_files_on_the_command_line(
    tmp_path: Path, case: tuple[str, dict], command: str
) -> None:
    name, data = case
    path = tmp_path / f"{name}.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    outcome(invoke(command, str(path)))


@budget(100)
@given(ref=st.one_of(weird_text, st.sampled_from(MODELS)))
def test_model_references(ref: str) -> None:
    result = invoke("show", ref)
    if ref in MODELS:
        assert outcome(result) == "ok"
    else:
        outcome(result)


@pytest.mark.parametrize(
    ("ref", "fragment"),
    [
        ("missing.toml", "no such file"),
        ("folder.toml", "a directory"),
        ("empty.toml", "is empty"),
        ("garbage.toml", "not UTF-8"),
        ("huge.toml", "at most 1000000 bytes"),
        ("x" * 300 + ".toml", "file name too long"),
        ("link.toml", "cannot be read"),
        ("game.nfg", "the file ends here"),
        ("/dev/zero", "not a regular file"),
        ("fifo.toml", "a device or a pipe"),
    ],
)
@pytest.mark.parametrize("command", ["show", "run", "repeated", "bargain"])
def test_unreadable_model_files(
    tmp_path: Path, monkeypatch: Any, ref: str, fragment: str, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "empty.toml").write_text("")
    (tmp_path / "garbage.toml").write_bytes(b"\x00\xff\xfe\x89PNG")
    with (tmp_path / "huge.toml").open("wb") as handle:
        handle.truncate(10 * 1024 * 1024)
    (tmp_path / "link.toml").symlink_to(tmp_path / "link.toml")
    (tmp_path / "game.nfg").write_text('NFG 1 R "t" { "a" "b" } { 2 2 } 1 2 3')
    import os

    os.mkfifo(tmp_path / "fifo.toml")
    result = invoke(command, ref)
    assert outcome(result) == "error"
    assert fragment in result.stderr, result.stderr


# --- run: a correct answer for any valid game ------------------------------------


@budget(12)
@given(
    cells=st.lists(extreme_payoffs, min_size=8, max_size=8),
    names=st.lists(
        st.text(min_size=1, max_size=6).filter(lambda t: is_name(t) and "," not in t),
        min_size=4,
        max_size=4,
        unique=True,
    ),
    delta=st.sampled_from([1e-15, 0.5, 0.9, 0.999999999999999]),
)
def test_run_gives_true_equilibria(
    tmp_path: Path, cells: list[Any], names: list[str], delta: float
) -> None:
    A, B = [cells[0:2], cells[2:4]], [cells[4:6], cells[6:8]]
    data = {
        "kind": "matrix",
        "players": names[:2],
        "actions": [names[2:], names[2:]],
        "A": A,
        "B": B,
        "discount": delta,
    }
    path = tmp_path / "game.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    result = invoke("run", str(path), "--format", "json")
    assert outcome(result) == "ok"
    out = json.loads(result.stdout)
    assert out["game"]["players"] == names[:2]
    assert out["game"]["actions"] == [names[2:], names[2:]]
    assert out["game"]["A"] == [[float(x) for x in row] for row in A]
    assert out["game"]["B"] == [[float(x) for x in row] for row in B]
    scale = max(1.0, *(abs(float(c)) for c in cells))
    equilibria = out["equilibria"]
    assert equilibria
    for eq in equilibria:
        x, y = eq["row"], eq["col"]
        assert math.isclose(sum(x), 1) and math.isclose(sum(y), 1) and min(x + y) >= 0
        rows = [sum(float(A[i][j]) * y[j] for j in range(2)) for i in range(2)]
        cols = [sum(x[i] * float(B[i][j]) for i in range(2)) for j in range(2)]
        u = sum(x[i] * rows[i] for i in range(2))
        v = sum(y[j] * cols[j] for j in range(2))
        assert max(rows) <= u + 1e-9 * scale and max(cols) <= v + 1e-9 * scale, eq


# --- options ----------------------------------------------------------------------

path_text = st.one_of(
    weird_text,
    st.tuples(weird_text, weird_text).map(",".join),
    st.sampled_from(["cooperate,defect", "defect,defect", "cooperate,cooperate", ",", "a,b,c"]),
)


@budget(120)
@given(path=path_text, command=st.sampled_from(["bargain", "explain"]))
def test_path_option(path: str, command: str) -> None:
    result = invoke(command, "prisoners-dilemma", "--path", path)
    parts = [p.strip() for p in path.split(",")]
    valid = len(parts) == 2 and all(p in ("cooperate", "defect") for p in parts)
    assert (outcome(result) == "ok") == valid, (path, result.stderr)


strategy_text = st.one_of(
    st.sampled_from(library()),
    st.builds(
        lambda name, key, value: f"{name}({key}={value})",
        st.sampled_from(
            ["truce", "limited-punishment", "generous-tit-for-tat", "maximum-pressure"]
        ),
        st.sampled_from(["punish", "k", "forgive", "n", "x", "__class__"]),
        number_text,
    ),
    weird_text,
)
turns_text = st.one_of(
    st.integers(-5, 10**12).map(str), st.sampled_from(["1e5", "", "ten", "0x10", "٣"]), weird_text
)
noise_text = st.one_of(
    st.sampled_from(["0", "0.05", "1/20", "1", "-0.1", "nan", "inf", "1/0", "0.999", "1e-3"]),
    st.fractions(0, 1, max_denominator=100).map(str),
    weird_text,
)
delta_text = st.one_of(
    st.sampled_from(["0.9", "0.5,0.7", "1", "0", "nan", "inf", "-0.5", "0.9,", ",", "1e-5"]),
    number_text,
)


@budget(150)
@given(
    s1=strategy_text,
    s2=strategy_text,
    turns=st.one_of(st.none(), turns_text),
    noise=st.one_of(st.none(), noise_text),
    delta=st.one_of(st.none(), delta_text),
)
def test_match_options(
    s1: str, s2: str, turns: str | None, noise: str | None, delta: str | None
) -> None:
    args = ["match", "prisoners-dilemma", s1, s2, "--format", "json"]
    for option, value in (("--turns", turns), ("--noise", noise), ("--delta", delta)):
        if value is not None:
            args += [option, value]
    result = invoke(*args)
    if outcome(result) == "ok":
        out = json.loads(result.stdout)
        assert isinstance(out, dict)


@budget(40)
@given(
    names=st.lists(strategy_text, min_size=1, max_size=3).map(",".join),
    turns=st.integers(-2, 30).map(str),
    noise=noise_text,
)
def test_tournament_options(names: str, turns: str, noise: str) -> None:
    outcome(
        invoke("tournament", "prisoners-dilemma", "--strategies", names, "--turns", turns,
               "--noise", noise)
    )  # fmt: skip


def _floats(text: str) -> list[float] | None:
    """``text`` as comma-separated floats, or None if any part is not one."""
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        return None


@budget(40)
@given(delta=delta_text)
def test_repeated_delta(delta: str) -> None:
    result = invoke("repeated", "prisoners-dilemma", "--delta", delta)
    values = _floats(delta)
    valid = values is not None and len(values) in (1, 2) and all(1e-15 <= v < 1 for v in values)
    assert (outcome(result) == "ok") == valid, (delta, result.stderr)


@budget(12)
@given(
    start=st.tuples(
        st.sampled_from(["pressure_minerals", "dependence_chips", "trust", "", "x"]),
        st.one_of(
            st.floats(0, 0.5).map(repr), st.sampled_from(["", "abc", "0x1", "1/2"]), weird_text
        ),
    ).map("=".join),
    resolution=st.sampled_from(["2", "1", "0", "-1", "abc", "1000000", "10" * 20]),
)
def test_dynamic_options(start: str, resolution: str) -> None:
    outcome(
        invoke("dynamic", "rare-earth-2025", "--resolution", resolution, "--periods", "1",
               "--start", start, "-q")
    )  # fmt: skip


vary_text = st.one_of(
    st.builds(
        lambda key, lo, hi, n, log: f"{key}={lo}:{hi}:{n}{log}",
        st.sampled_from(["T", "R", "discount", "Q", ""]),
        st.sampled_from(["0", "1", "-1", "nan", "inf", "1e15", "0.5", "abc"]),
        st.sampled_from(["0", "1", "2", "1e16", "-inf", "0.9"]),
        st.sampled_from(["1", "2", "3", "0", "-1", "2.5", "x"]),
        st.sampled_from(["", ":log", ":lin", ":"]),
    ),
    st.builds(
        lambda key, values: f"{key}={','.join(values)}",
        st.sampled_from(["T", "P", "discount"]),
        st.lists(
            st.sampled_from(["1", "2", "0.5", "nan", "inf", "", "x", "1e300"]),
            min_size=1,
            max_size=3,
        ),
    ),
    weird_text,
)


@budget(60)
@given(vary=vary_text)
def test_sweep_vary(vary: str) -> None:
    outcome(invoke("sweep", "prisoners-dilemma", "--vary", vary, "-q"))


@budget(60)
@given(
    ref=st.one_of(
        st.sampled_from(["1", "1.1", "1.2", "12.1", "first-threshold.1", "99.1"]), weird_text
    ),
    answer=st.one_of(number_text, weird_text),
)
def test_exercise_check(ref: str, answer: str) -> None:
    result = invoke("exercise", "check", ref, answer)
    if result.exit_code != 1:  # 1: a well-formed wrong answer, with its hint on stdout
        outcome(result)


# --- one line, or the traceback on purpose ------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["no-such-command"],
        ["run", "prisoners-dilemma", "--no-such-option"],
        ["match", "prisoners-dilemma", "grim", "grim", "--turns", "1e5"],
        ["dynamic", "rare-earth-2025", "--resolution", "many"],
        ["run", "prisoners-dilemma", "--format", "pdf"],
        ["--no-such-global-option", "run"],
        ["exercise", "check"],
        ["exercise", "no-such"],
    ],
)
def test_usage_errors_are_one_line(args: list[str]) -> None:
    result = invoke(*args)
    assert outcome(result) == "error"
    assert "--help" in result.stderr


@pytest.mark.parametrize("args", [[], ["exercise"]])
def test_a_group_without_a_command_still_shows_its_help(args: list[str]) -> None:
    result = invoke(*args)
    assert "Usage:" in result.output and "tradegame: error" not in result.output


@budget(300)
@given(
    text=st.one_of(
        number_text,
        st.from_regex(r"[+-]?[0-9]{1,3}(\.[0-9]{1,3})?[eE][+-]?[0-9]{1,12}", fullmatch=True),
    )
)
def test_exact_number_answers_at_once(text: str) -> None:
    value = exact_number(text)
    if value is not None:
        assert value == Fraction(text.strip())


def test_debug_shows_the_traceback_on_purpose(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('kind = "matrix"\nA = [[1e999]]\n')
    code = "from tradegame.cli import main; main()"
    # cwd outside the checkout: `python -c` puts the working directory first on the path
    quiet = subprocess.run(
        [sys.executable, "-c", code, "run", str(bad)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert quiet.returncode == 2
    assert quiet.stderr.count("\n") == 1 and "Traceback" not in quiet.stderr
    loud = subprocess.run(
        [sys.executable, "-c", code, "--debug", "run", str(bad)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert loud.returncode != 0
    assert "Traceback (most recent call last)" in loud.stderr
    assert "ModelError" in loud.stderr and "A[0][0]" in loud.stderr


def test_a_closed_pipe_stops_quietly(monkeypatch: Any) -> None:
    # `tradegame run MODEL | head -1`: the reader goes away; no error line, no traceback
    def closed(ref: Any) -> Any:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("tradegame.model.load.load_model", closed)
    result = invoke("show", "prisoners-dilemma")
    assert result.exit_code == 1 and result.stderr == ""


@pytest.mark.parametrize(
    ("error", "code", "fragment"),
    [
        (TypeError("boom"), 1, "internal error, TypeError: boom"),
        (KeyError("k"), 1, "internal error, KeyError"),
        (PermissionError(13, "Permission denied", "x.toml"), 2, "x.toml: Permission denied"),
        (OSError(28, "No space left on device"), 2, "No space left on device"),
        (MemoryError(), 2, "out of memory"),
        (RecursionError(), 2, "nested too deeply"),
        (ValueError("line one\nline two\x1b[2J"), 2, "line one; line two\\x1b[2J"),
    ],
)
def test_no_exception_reaches_the_user_without_debug(
    monkeypatch: Any, error: BaseException, code: int, fragment: str
) -> None:
    def broken(ref: Any) -> Any:
        raise error

    monkeypatch.setattr("tradegame.model.load.load_model", broken)
    result = invoke("show", "prisoners-dilemma")
    assert result.exit_code == code, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tradegame: error: "), result.stderr
    assert fragment in lines[0], lines[0]
    if code == 1:
        assert "--debug" in lines[0]
    debug = invoke("--debug", "show", "prisoners-dilemma")
    assert debug.exception is error


# --- code never runs ------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_formula_strings_on_the_command_line_stay_data(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    text = payload.format(marker=marker)
    data = tomllib.loads(PD)
    data.update(title=text, description=text, unit=text, players=[text, "Column"])
    data["actions"] = [[text, "defect"], ["cooperate", "defect"]]
    data["sources"] = {"T": text}
    model = tmp_path / "m.toml"
    model.write_text(toml_text(data), encoding="utf-8")
    strategy = tmp_path / "s.toml"
    quoted = json.dumps(text)
    strategy.write_text(
        f'name = "s"\ndescription = {quoted}\nstart = "a"\n'
        f'[states.a]\nplay = {quoted}\nnext = {{ default = "a", {quoted} = "a" }}\n'
    )
    commands = [
        ["show", str(model)],
        ["run", str(model), "--format", "json"],
        ["explain", str(model), "--format", "latex"],
        ["match", str(model), "grim", "grim", "--turns", "3"],
        ["match", "prisoners-dilemma", str(strategy), text],
        ["run", "prisoners-dilemma", "--set", f"T={text}"],
        ["run", "prisoners-dilemma", "--path", f"{text},{text}"],
        ["sweep", "prisoners-dilemma", "--vary", f"T={text}", "-q"],
        ["show", text],
        ["exercise", "check", text, text],
    ]
    for args in commands:
        outcome(invoke(*args))
    assert not marker.exists()


# --- hostile values that once slipped through --------------------------------------------


def test_a_subnormal_delta_option_is_refused() -> None:
    assert outcome(invoke("repeated", "prisoners-dilemma", "--delta", "1e-320")) == "error"


@pytest.mark.parametrize("value", ["-1", "1e3", "1e308", "nan", "inf"])
def test_a_start_outside_the_state_space_is_refused(value: str) -> None:
    result = invoke(
        "dynamic", "rare-earth-2025", "--resolution", "2", "--periods", "1", "-q",
        "--start", f"pressure_minerals={value}",
    )  # fmt: skip
    assert outcome(result) == "error"


@pytest.mark.parametrize(
    "vary",
    ["T=1e308:1e309:3", "T=0:-inf:1", "T=-1.7e308:1.7e308:3", "T=1:1.7976931348623157e308:3:log"],
)
def test_a_sweep_range_that_overflows_is_one_line(vary: str) -> None:
    assert outcome(invoke("sweep", "prisoners-dilemma", "--vary", vary, "-q")) == "error"


def test_a_game_where_one_player_has_one_action_runs(tmp_path: Path) -> None:
    path = tmp_path / "one-row.toml"
    path.write_text('kind = "matrix"\nA = [[1, 2, 3]]\nB = [[3, 1, 2]]\n')
    assert outcome(invoke("run", str(path))) == "ok"


def test_exact_fractions_survive_the_round_trip() -> None:
    # guards the oracle above: the JSON payoffs are the file's numbers
    result = invoke("show", "prisoners-dilemma", "--format", "json")
    assert Fraction(json.loads(result.stdout)["params"]["T"]) == 5
