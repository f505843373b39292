"""Fuzzing the other data files: strategy files, Gambit .nfg files and exercise files.

As for model files (test_fuzz_models.py), each reader gives a sound result or
raises its own ``DataFileError`` (a ValueError) with one printable line naming
the file. Nothing else escapes, nothing hangs on a number, and nothing in a
file is executed.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_models import (
    NASTY_CHARS,
    PAYLOADS,
    assert_one_line,
    budget,
    mutate,
    numbers,
    toml_string,
    toml_text,
    values,
    weird_text,
)

import tradegame as tg
from tradegame.datafile import MAX_FILE_BYTES
from tradegame.exercises import (
    ExerciseError,
    exercises_dir,
    parse_number,
    read_exercise,
    render_page,
    render_solutions,
)
from tradegame.model.spec import ModelError
from tradegame.nfg import NfgError, parse_nfg, read_nfg
from tradegame.solvers.play import play
from tradegame.solvers.strategies import Side, StrategyFileError, load_strategy_file, resolve

TESTS = Path(__file__).resolve().parent
STRATEGY_FILES = sorted((TESTS / "data" / "strategies").glob("*.toml")) + sorted(
    (exercises_dir() / "strategies").glob("*.toml")
)
NFG_FILES = sorted((TESTS / "data" / "nfg").glob("*.nfg"))
EXERCISE_FILES = sorted(exercises_dir().glob("*.toml"))
PD = tg.load_model("prisoners-dilemma").game()
SIDES = [
    Side(("cooperate", "defect"), ("cooperate", "defect")),
    Side(("open", "partial", "full"), ("open", "partial", "full")),
    Side(("a",), ("b", "c")),
]


def special_files(folder: Path) -> dict[Path, str]:
    """Paths that are not readable data files, each with a fragment of its error."""
    (folder / "folder.toml").mkdir(exist_ok=True)
    (folder / "empty.toml").write_text("")
    (folder / "garbage.toml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    with (folder / "huge.toml").open("wb") as handle:
        handle.truncate(10 * 1024 * 1024)
    if not (folder / "fifo.toml").exists():
        os.mkfifo(folder / "fifo.toml")
    if not (folder / "loop.toml").is_symlink():
        (folder / "loop.toml").symlink_to(folder / "loop.toml")
    return {
        folder / "missing.toml": "no such file",
        folder / "folder.toml": "a directory",
        folder / "empty.toml": "empty",
        folder / "garbage.toml": "not UTF-8",
        folder / "huge.toml": f"at most {MAX_FILE_BYTES} bytes",
        folder / "fifo.toml": "a device or a pipe",
        folder / "loop.toml": "cannot be read",
        folder / ("n" * 300 + ".toml"): "file name too long",
        Path(str(folder / "nul\x00.toml")): "no such file",
    }


# --- strategy files ------------------------------------------------------------------

# probabilities as text: fine, impossible, unreadable, or not ASCII
PROBABILITY_TEXT = [
    "1/3",
    "2/3",
    "0.25",
    "1",
    "0",
    "1/0",
    "nan",
    "inf",
    "-Infinity",
    "1e-5",
    "0x1",
    "9/10",
    " 1/2 ",
    "½",
    "١/٢",
]
probability_values = st.one_of(numbers, st.sampled_from([*PROBABILITY_TEXT, "1" * 50]), weird_text)
CONDITIONS = ["default", "deviate", "cooperate", "cooperate,defect", "defect,defect", "a,b,c", ","]


def check_strategy(strategy: Any, source: Path) -> None:
    """A loaded strategy binds to a side, or says which action it misses, in one line."""
    for side in SIDES:
        try:
            automaton = strategy.bind(side)
        except StrategyFileError as exc:
            assert_one_line(exc, str(source))
            continue
        for probs in automaton.output:
            assert len(probs) == side.n_own
            assert all(isinstance(p, Fraction) and 0 <= p <= 1 for p in probs)
            assert sum(probs) == 1
        for table in automaton.transition:
            assert len(table) == side.n_own and all(len(row) == side.n_other for row in table)
            assert all(0 <= s < len(automaton.states) for row in table for s in row)
        if side is SIDES[0]:
            outcome = play(PD, strategy, "grim", turns=4)
            assert all(math.isfinite(float(x)) for x in outcome.payoffs)


def load_strategy_or_error(path: Path) -> Any:
    try:
        strategy = load_strategy_file(path)
    except StrategyFileError as exc:
        assert_one_line(exc, str(path))
        return None
    check_strategy(strategy, path)
    return strategy


@st.composite
def strategy_data(draw: Any) -> dict[str, Any]:
    """A plausible strategy file with random parts."""
    state_names = st.one_of(st.sampled_from(["a", "b", "calm"]), weird_text)
    names = draw(st.lists(state_names, min_size=1, max_size=3, unique=True))
    states: dict[str, Any] = {}
    for name in names:
        play_value = draw(
            st.one_of(
                st.sampled_from(["cooperate", "punish", "defect", "open", "full"]),
                st.dictionaries(
                    st.sampled_from(["cooperate", "punish", "defect", "x"]),
                    probability_values,
                    max_size=3,
                ),
                values,
            )
        )
        next_value = draw(
            st.one_of(
                st.sampled_from(names),
                st.dictionaries(
                    st.one_of(
                        st.sampled_from(CONDITIONS),
                        weird_text,
                    ),
                    st.one_of(st.sampled_from(names), values),
                    max_size=3,
                ),
                values,
            )
        )
        states[name] = {"play": play_value, "next": next_value}
    data: dict[str, Any] = {
        "start": draw(st.one_of(st.sampled_from(names), values)),
        "states": states,
    }
    for key in draw(st.lists(st.sampled_from(["name", "description", "criterion", "extra"]))):
        data[key] = draw(st.one_of(weird_text, values))
    return data


@budget(200)
@given(data=strategy_data())
def test_random_strategy_files(tmp_path: Path, data: dict) -> None:
    path = tmp_path / "s.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    load_strategy_or_error(path)


@budget(200)
@given(source=st.sampled_from(STRATEGY_FILES), data=st.data())
def test_mutated_strategy_files(tmp_path: Path, source: Path, data: Any) -> None:
    content = tomllib.loads(source.read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        content = mutate(data.draw, content)
    path = tmp_path / source.name
    path.write_text(toml_text(content), encoding="utf-8")
    load_strategy_or_error(path)


@budget(150)
@given(p=probability_values, q=probability_values)
def test_strategy_probabilities(tmp_path: Path, p: Any, q: Any) -> None:
    path = tmp_path / "mix.toml"
    path.write_text(
        f'start = "a"\n[states.a]\nplay = {{ cooperate = {toml_value(p)}, punish = '
        f'{toml_value(q)} }}\nnext = "a"\n',
        encoding="utf-8",
    )
    strategy = load_strategy_or_error(path)
    if strategy is not None:
        out = strategy.bind(SIDES[0]).output[0]
        assert sum(out) == 1


def toml_value(value: Any) -> str:
    from test_fuzz_models import toml_value as write

    return write(value)


def test_special_strategy_files(tmp_path: Path) -> None:
    for path, fragment in special_files(tmp_path).items():
        with pytest.raises(StrategyFileError) as info:
            load_strategy_file(path)
        assert_one_line(info.value, fragment)
        with pytest.raises(ValueError) as info:
            resolve(str(path))
        assert_one_line(info.value, fragment)


def test_a_file_name_that_is_no_strategy_name_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "my strategy!.toml"
    path.write_text('start = "a"\n[states.a]\nplay = "cooperate"\nnext = "a"\n')
    with pytest.raises(StrategyFileError) as info:
        load_strategy_file(path)
    assert_one_line(info.value, "name: missing", "'my strategy!'", "write name =")


@pytest.mark.parametrize(
    "label",
    ["truce(punish=99999999999)", "truce(punish=10001)", "limited-punishment(k=10**9)",
     "maximum-pressure(n=1" + "0" * 60 + ")", "truce(punish=-1)"],
)  # fmt: skip
def test_huge_period_counts_are_refused_at_once(label: str) -> None:
    # once built an automaton with 10**11 states: the command never returned
    with pytest.raises(ValueError) as info:
        resolve(label)
    assert_one_line(info.value, "at most 10000")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_strings_in_strategy_files_stay_data(tmp_path: Path, payload: str) -> None:
    marker = tmp_path / "pwned"
    text = payload.format(marker=marker)
    for content in (
        {"name": text, "start": "a", "states": {"a": {"play": "cooperate", "next": "a"}}},
        {"description": text, "start": "a", "states": {"a": {"play": "cooperate", "next": "a"}}},
        {"start": text, "states": {"a": {"play": "cooperate", "next": "a"}}},
        {"start": "a", "states": {"a": {"play": text, "next": "a"}}},
        {"start": "a", "states": {"a": {"play": {"cooperate": text}, "next": "a"}}},
        {"start": "a", "states": {"a": {"play": "cooperate", "next": {"default": "a", text: "a"}}}},
        {"start": "a", "states": {"a": {"play": "cooperate", "next": text}}},
    ):
        path = tmp_path / "s.toml"
        path.write_text(toml_text(content), encoding="utf-8")
        load_strategy_or_error(path)
    for label in (text, f"truce(punish={text})", f"grim({text}=1)"):
        with pytest.raises(ValueError) as info:
            resolve(label)
        assert_one_line(info.value)
    assert not marker.exists()


# --- .nfg files ----------------------------------------------------------------------

NFG_TOKENS = ["NFG", "1", "R", "D", "EFG", "{", "}", ",", '"', '"x"', '""', '"\\"', "0", "-1",
              "1/0", "1/3", "2e3", "1e400", "1e999999999", "-1e-999999999", "9" * 500, "+1",
              ".5", "5.", "1e", "nan", "inf", "-0", "100000", "99999999999", "\x00",
              '"\u202e"', '"\n"', "\ufeff"]  # fmt: skip


@st.composite
def mutated_nfg(draw: Any) -> str:
    text = draw(st.sampled_from(NFG_FILES)).read_text(encoding="utf-8")
    tokens = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', text)
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(tokens) - 1))
        operation = draw(st.sampled_from(["drop", "duplicate", "replace", "insert"]))
        if operation == "drop" and len(tokens) > 1:
            tokens.pop(k)
        elif operation == "duplicate":
            tokens.insert(k, tokens[k])
        elif operation == "replace":
            tokens[k] = draw(st.one_of(st.sampled_from(NFG_TOKENS), weird_text))
        else:
            tokens.insert(k, draw(st.sampled_from(NFG_TOKENS)))
    return " ".join(tokens)


def check_nfg_text(text: str) -> None:
    try:
        data = parse_nfg(text, "f.nfg")
    except NfgError as exc:
        assert_one_line(exc, "f.nfg")
    else:
        m, n = len(data.actions[0]), len(data.actions[1])
        assert len(data.A) == len(data.B) == m
        assert all(len(row) == n for row in (*data.A, *data.B))
        assert all(isinstance(x, Fraction) for row in (*data.A, *data.B) for x in row)
        assert all(math.isfinite(float(x)) for row in (*data.A, *data.B) for x in row)


@budget(300)
@given(text=mutated_nfg())
def test_mutated_nfg_files(text: str) -> None:
    check_nfg_text(text)


@budget(200)
@given(
    text=st.one_of(
        st.text(max_size=80), st.lists(st.sampled_from(NFG_TOKENS), max_size=30).map(" ".join)
    )
)
def test_random_nfg_text(text: str) -> None:
    check_nfg_text(text)


@budget(60)
@given(text=mutated_nfg())
def test_mutated_nfg_files_as_models(tmp_path: Path, text: str) -> None:
    path = tmp_path / "game.nfg"
    path.write_text(text, encoding="utf-8")
    try:
        model = tg.load_model(path)
    except ModelError as exc:
        assert_one_line(exc, str(path))
    else:
        game = model.game()
        assert all(math.isfinite(float(x)) for row in game.A for x in row)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('NFG 1 R "" { "a" "b" } { 1 1 } 1e999999999 0', "out of range"),
        ('NFG 1 R "" { "a" "b" } { 1 1 } 1/0 0', "divides by zero"),
        ('NFG 1 R "" { "a" "b" } { 1 1 } ' + "9" * 500 + " 0", "must be a number"),
        ('NFG 1 R "" { "a" "b" } { 99999999999 1 } 0 0', "a strategy count"),
        ('NFG 1 R "unclosed { "a" "b" } { 1 1 } 0 0', "never closed"),
    ],
)
def test_hostile_nfg_numbers_fail_fast(text: str, fragment: str) -> None:
    with pytest.raises(NfgError) as info:
        parse_nfg(text, "f.nfg")
    assert_one_line(info.value, fragment)


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        ('"a\\u0001b" "c"', "players"),
        ('"a" "\u202eevil"', "players"),
        ('"a" "   "', "players"),
    ],
)
def test_nfg_names_a_model_cannot_show_are_refused(
    tmp_path: Path, header: str, fragment: str
) -> None:
    # any text round-trips through parse_nfg; a model shows and types its names
    text = f'NFG 1 R "t" {{ {header} }} {{ 1 1 }} 0 0'.replace("\\u0001", "\x01")
    path = tmp_path / "g.nfg"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as info:
        tg.load_model(path)
    assert_one_line(info.value, str(path), fragment)


def test_nfg_payoffs_beyond_the_model_limits_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "g.nfg"
    path.write_text('NFG 1 R "t" { "a" "b" } { 1 1 } 1e300 0', encoding="utf-8")
    assert read_nfg(path).A[0][0] == 10**300
    with pytest.raises(ModelError) as info:
        tg.load_model(path)
    assert_one_line(info.value, str(path), "payoff A[0][0]", "1e15")


def test_special_nfg_files(tmp_path: Path) -> None:
    for path, fragment in special_files(tmp_path).items():
        target = Path(str(path).removesuffix(".toml") + ".nfg")
        if not os.path.lexists(path):  # missing, or a name the system refuses
            pass
        elif path.is_symlink():
            target.symlink_to(target)
        else:
            os.rename(path, target)
        with pytest.raises(NfgError) as info:
            read_nfg(target)
        assert_one_line(info.value, fragment)
        with pytest.raises(ModelError) as info:
            tg.load_model(target)
        assert_one_line(info.value, fragment)


# --- exercise files ------------------------------------------------------------------


def load_exercise_or_error(path: Path) -> Any:
    try:
        exercise = read_exercise(path)
    except ExerciseError as exc:
        assert_one_line(exc)
        return None
    render_page(exercise)
    render_solutions(exercise)
    for q in exercise.questions:
        assert q.form
    return exercise


@budget(150)
@given(source=st.sampled_from(EXERCISE_FILES), data=st.data())
def test_mutated_exercise_files(tmp_path: Path, source: Path, data: Any) -> None:
    folder = tmp_path / "exercises"
    if not folder.exists():
        shutil.copytree(exercises_dir() / "strategies", folder / "strategies")
    content = tomllib.loads(source.read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        content = mutate(data.draw, content)
    path = folder / source.name
    path.write_text(toml_text(content), encoding="utf-8")
    load_exercise_or_error(path)


EXERCISES = {path: read_exercise(path) for path in EXERCISE_FILES}
reply_text = st.one_of(
    weird_text,
    st.sampled_from(
        [
            "1e999999999",
            "-1e-999999999",
            "1" * 5000,
            "1/" + "0" * 10,
            "inf",
            "∞",
            "-infinity",
            "1/3",
            "0.3333",
            "yes",
            "NO",
            " 2 / 3 ",
            "1e400",
            "٣",
        ]
    ),
    st.from_regex(r"[+-]?[0-9]{1,4}(\.[0-9]{0,4})?([eE][+-]?[0-9]{1,12})?", fullmatch=True),
)


@budget(300)
@given(source=st.sampled_from(EXERCISE_FILES), number=st.integers(0, 5), reply=reply_text)
def test_replies_to_every_question(source: Path, number: int, reply: str) -> None:
    exercise = EXERCISES[source]
    question = exercise.questions[number % len(exercise.questions)]
    try:
        assert isinstance(question.accepts(reply), bool)
    except ValueError as exc:
        assert_one_line(exc)


@pytest.mark.parametrize("text", ["1e999999999", "-1E-999999999", "1e401", "1" + "0" * 5000])
def test_parse_number_refuses_huge_numbers_at_once(text: str) -> None:
    # 1e999999999 once built 10**999999999 as an exact fraction: `exercise check` hung
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("field", ["title", "goal", "setting", "source"])
@pytest.mark.parametrize("bad", ["a\x00b", "bell\x07", "\x1b[2Jclear", "rtl\u202eevil"])
def test_control_characters_in_exercise_text(tmp_path: Path, field: str, bad: str) -> None:
    source = EXERCISE_FILES[0]
    folder = tmp_path / "exercises"
    shutil.copytree(exercises_dir() / "strategies", folder / "strategies")
    content = tomllib.loads(source.read_text(encoding="utf-8"))
    content[field] = bad
    path = folder / source.name
    path.write_text(toml_text(content), encoding="utf-8")
    with pytest.raises(ExerciseError) as info:
        read_exercise(path)
    assert_one_line(info.value, field, "control characters")


def test_special_exercise_files(tmp_path: Path) -> None:
    for path, fragment in special_files(tmp_path).items():
        with pytest.raises(ExerciseError) as info:
            read_exercise(path)
        assert_one_line(info.value, fragment)


@pytest.mark.parametrize("ref", ["²", "٣", "1" * 5000, "0" * 20 + "1", "x" * 300 + ".toml"])
def test_exercise_references(ref: str) -> None:
    from tradegame.exercises import find_exercise

    with pytest.raises(ExerciseError) as info:
        find_exercise(ref)
    assert_one_line(info.value)


def test_nasty_characters_are_all_escaped_in_messages(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        f'start = "a"\n[states.a]\nplay = {toml_string(NASTY_CHARS)}\nnext = "a"\n',
        encoding="utf-8",
    )
    strategy = load_strategy_file(path)
    with pytest.raises(StrategyFileError) as info:
        strategy.bind(SIDES[0])
    assert_one_line(info.value, "\\x00", "\\n", "\\u202e")
