"""Fuzzing the model loader: hostile and broken model files give a model or one clear error.

Every property here allows two outcomes only: a model whose parameters and
payoffs are exactly what the file says, or a :class:`ModelError` whose message
is one line naming the file. The inputs: random TOML, random mutations of every
bundled model, wrong types, huge and tiny numbers, NaN and infinity (as TOML
floats and as strings), unicode in every name, deep and looping ``extends``
chains, missing, empty, binary and oversized files, and formula-like strings
that must stay data.

The strategies and checks defined here are shared with test_fuzz_cli.py and
test_fuzz_files.py. Examples per property: the numbers given to :func:`budget`
in CI; set TRADEGAME_FUZZ_EXAMPLES for a long local run (see conftest.py).
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import json
import math
import os
import re
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.datafile import MAX_FILE_BYTES, is_name
from tradegame.model.load import (
    MAX_EXTENDS,
    MAX_MAGNITUDE,
    _bundled_dir,
    build_model,
)
from tradegame.model.spec import MODEL_PARAMS, PLAYER_PARAMS, ModelError

PACKAGE = Path(tg.__file__).resolve().parent
BUNDLED = sorted(_bundled_dir().glob("*.toml"))
# the "fuzz" profile of conftest.py (TRADEGAME_FUZZ_EXAMPLES, or --hypothesis-profile fuzz)
LONG_RUN = settings.default.max_examples if not settings.default.derandomize else None


def budget(ci: int) -> Any:
    """Hypothesis settings: ``ci`` examples in CI, the fuzz profile's number in a long run."""
    return settings(
        max_examples=LONG_RUN or ci,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture,
        ],
    )


# --- writing any data as TOML -------------------------------------------------


def toml_string(text: str) -> str:
    """A TOML basic string holding exactly ``text``."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """Any value tomllib can produce, as inline TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{toml_string(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
        )
    raise TypeError(type(value))


def toml_text(data: dict[str, Any]) -> str:
    """A TOML document whose tables are all inline: tomllib reads back ``data``."""
    return "".join(f"{toml_string(k)} = {toml_value(v)}\n" for k, v in data.items())


# --- strategies ---------------------------------------------------------------

# Characters that break names: NUL, controls, line breaks, bidirectional overrides,
# zero-width characters, combining marks, right-to-left letters, emoji.
NASTY_CHARS = (
    "\x00\x01\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\u2028\u2029\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202d\u202e\u2066\u2069\ufeff\u0301\u0308\u20dd"
    "\u05d0\u05d1\u0627\u0644\U0001f600\U0001f468\u2764\ufe0f\U0001f1fa\U0001f1f8"
)
PAYLOADS = (
    "__import__('os').system('touch {marker}')",
    "exec(\"open('{marker}', 'w')\")",
    "eval('open(\\'{marker}\\', \\'w\\')')",
    "$(touch {marker})",
    "`touch {marker}`",
    "{{{{ ''.__class__.__mro__[1].__subclasses__() }}}}",
    "!!python/object/apply:os.system ['touch {marker}']",
    "lambda: open('{marker}', 'w')",
    "R + T",
    "2 * R",
    "1e3",
    "0.5",
    "nan",
    "inf",
    "-Infinity",
)
SPECIAL_NUMBER_TEXT = (
    "nan", "NaN", "-nan", "inf", "+inf", "-inf", "Infinity", "-Infinity", "1e308", "-1e308",
    "1e309", "1e-320", "5e-324", "1" + "0" * 400, "-1" + "0" * 400, "0x10", "1_000", "1/3",
    "", " ", "1e", "--1", "+-1", "٣", "１", "1.5.2", "true", "None",
)  # fmt: skip

weird_text = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.sampled_from(NASTY_CHARS + "ab "), min_size=1, max_size=8),
    st.sampled_from(PAYLOADS + SPECIAL_NUMBER_TEXT),
)
huge_ints = st.sampled_from(
    [10**15, 10**15 + 1, 2**63 - 1, 2**63, -(2**63), 2**64, 10**400, -(10**400), 10**4000]
)
special_floats = st.sampled_from(
    [math.nan, math.inf, -math.inf, 1e308, -1e308, 1.7976931348623157e308, 5e-324, 1e-320,
     -0.0, 0.0, 1e-15, 9.99e-16, 1e15, 1.0000000000000002e15, 0.1, 1 / 3]
)  # fmt: skip
numbers = st.one_of(
    st.integers(-100, 100),
    huge_ints,
    st.floats(allow_nan=True, allow_infinity=True),
    special_floats,
    st.fractions(-10, 10, max_denominator=8).map(float),
)
datetimes = st.sampled_from(
    [dt.datetime(1979, 5, 27, 7, 32), dt.date(1979, 5, 27), dt.time(7, 32), dt.time(0, 0, 1)]
)
scalars = st.one_of(numbers, st.booleans(), weird_text, datetimes)
KNOWN_KEYS = sorted(
    {"kind", "title", "description", "extends", "sources", "notes", "unit", "players"}
    | {"actions", "A", "B", "params", "discount", "label", "ladder"}
    | set(MODEL_PARAMS)
    | set(PLAYER_PARAMS)
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), weird_text)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
kinds = st.sampled_from(["matrix", "coercion", "Matrix", "", "game", "matrix "])


@st.composite
def random_models(draw: Any) -> dict[str, Any]:
    """A random TOML document, often with a plausible kind."""
    data = draw(st.dictionaries(keys, values, max_size=8))
    if draw(st.booleans()):
        data["kind"] = draw(kinds)
    data.pop("extends", None)  # extends has its own properties below
    return data


def bundled_data(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


MUTATIONS = ("drop", "duplicate", "retype", "number", "text", "swap-type")


plausible = st.one_of(
    st.sampled_from([0, 1, 2, 0.5, 0.9, 0.05, 10, -3]), st.floats(0, 1), st.integers(0, 20)
)


def mutate(draw: Any, data: Any, depth: int = 0) -> Any:
    """``data`` with one random change somewhere inside it, usually deep down."""
    containers = isinstance(data, dict | list) and len(data) > 0
    if containers and (depth == 0 or draw(st.integers(0, 3)) > 0):
        index = draw(st.integers(0, len(data) - 1))
        key = list(data)[index] if isinstance(data, dict) else index
        copy = dict(data) if isinstance(data, dict) else list(data)
        operation = draw(st.sampled_from(MUTATIONS))
        if operation == "drop":
            if isinstance(copy, dict):
                del copy[key]
            else:
                copy.pop(key)
        elif operation == "duplicate":
            if isinstance(copy, dict):
                copy[draw(keys)] = copy[key]
            else:
                copy.insert(key, copy[key])
        else:
            copy[key] = mutate(draw, copy[key], depth + 1)
        return copy
    operation = draw(st.sampled_from(MUTATIONS[2:]))
    if operation == "number":
        return draw(st.one_of(numbers, plausible, plausible))
    if operation == "text":
        return draw(weird_text)
    return draw(values)


@st.composite
def mutated_bundled(draw: Any) -> tuple[str, dict[str, Any]]:
    path = draw(st.sampled_from(BUNDLED))
    data = bundled_data(path)
    for _ in range(draw(st.integers(1, 3))):
        data = mutate(draw, data)
    return path.stem, data


def numeric_leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The paths to every number inside ``data``."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in numeric_leaves(v, (*path, k))]
    if isinstance(data, list):
        return [p for k, v in enumerate(data) for p in numeric_leaves(v, (*path, k))]
    return [path] if isinstance(data, int | float) and not isinstance(data, bool) else []


def set_leaf(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


@st.composite
def perturbed_bundled(draw: Any) -> tuple[str, dict[str, Any]]:
    """A bundled model with one to three of its numbers changed (often to valid values)."""
    path = draw(st.sampled_from(BUNDLED))
    data = bundled_data(path)
    leaves = numeric_leaves(data)
    for _ in range(draw(st.integers(1, 3))):
        set_leaf(data, draw(st.sampled_from(leaves)), draw(st.one_of(plausible, numbers)))
    return path.stem, data


# --- the checks ---------------------------------------------------------------


def assert_one_line(exc: BaseException, *fragments: str) -> None:
    """A one-line message, printable (escapes for anything odd), holding every fragment."""
    message = str(exc)
    assert message, exc
    assert message.isprintable(), repr(message)
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def acceptable(value: Any) -> bool:
    """Whether a model file may hold ``value`` as a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    return abs(value) <= MAX_MAGNITUDE


def check_number_value(value: Any) -> None:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    assert math.isfinite(value), value
    assert abs(value) <= MAX_MAGNITUDE, value


def check_model(model: tg.Model, data: dict[str, Any] | None = None) -> None:
    """A loaded model is sound: finite parameters in range, and a game that says what it read."""
    for key, value in model.params.items():
        check_number_value(value)
        spec = model.spec(key)
        if spec is not None:
            assert spec.admits(float(value)), (key, value)
    for name in (*model.labels, *model.actions[0], *model.actions[1]):
        assert is_name(name), repr(name)
    json.dumps(model.to_dict(), allow_nan=False)
    game = model.game()
    for M in (game.A, game.B):
        assert all(math.isfinite(float(x)) for row in M for x in row)
    if model.kind == "matrix" and model.cells is not None:
        for M, cells in zip((game.exact_A, game.exact_B), model.cells, strict=True):
            if M is None:
                continue
            for row, cell_row in zip(M, cells, strict=True):
                for x, cell in zip(row, cell_row, strict=True):
                    want = model.params[cell] if isinstance(cell, str) else cell
                    assert Fraction(x) == Fraction(repr(want) if isinstance(want, float) else want)
    if data is None:
        return
    # what the file says is what the model holds
    if model.kind == "matrix":
        for key, value in (data.get("params") or {}).items():
            assert model.params[key] == value, (key, value, model.params[key])
        if "discount" in data:
            assert model.params["discount"] == data["discount"]
    else:
        for pid, section in (data.get("players") or {}).items():
            for key, value in section.items():
                if key in PLAYER_PARAMS:
                    assert model.params[f"{pid}.{key}"] == value, (pid, key, value)


def load_or_error(path: Path, data: dict[str, Any] | None = None) -> tg.Model | None:
    """Load ``path``: a sound model, or a one-line ModelError naming the file."""
    try:
        model = tg.load_model(path)
    except ModelError as exc:
        assert_one_line(exc)
        assert str(exc).startswith(str(path)) or "extends" in str(exc) or "models/" in str(exc), (
            str(exc)
        )
        return None
    check_model(model, data)
    return model


# --- random TOML and mutations ------------------------------------------------


@budget(300)
@given(data=random_models())
def test_random_toml_gives_a_model_or_one_line(tmp_path: Path, data: dict) -> None:
    path = tmp_path / "model.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    load_or_error(path, data)


@budget(400)
@given(case=mutated_bundled())
def test_mutated_bundled_models(tmp_path: Path, case: tuple[str, dict]) -> None:
    name, data = case
    path = tmp_path / f"{name}.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    model = load_or_error(path, data)
    if model is not None and "extends" not in data:
        assert model.kind == data["kind"]


@budget(300)
@given(case=perturbed_bundled())
def test_bundled_models_with_changed_numbers(tmp_path: Path, case: tuple[str, dict]) -> None:
    name, data = case
    path = tmp_path / f"{name}.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    load_or_error(path, data)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_the_toml_writer_round_trips_every_bundled_model(path: Path, tmp_path: Path) -> None:
    data = bundled_data(path)
    assert tomllib.loads(toml_text(data)) == data
    copy = tmp_path / path.name
    copy.write_text(toml_text(data), encoding="utf-8")
    assert tg.load_model(copy).params == tg.load_model(path.stem).params


@budget(200)
@given(data=st.dictionaries(keys, values, max_size=6))
def test_build_model_on_random_data(data: dict) -> None:
    for kind in ("matrix", "coercion"):
        try:
            model = build_model({**data, "kind": kind}, name="m", source="m.toml")
        except ModelError as exc:
            assert_one_line(exc, "m.toml")
        else:
            check_model(model)


# --- numbers ------------------------------------------------------------------

PD = (
    'kind = "matrix"\nplayers = ["Row", "Column"]\n'
    'actions = [["cooperate", "defect"], ["cooperate", "defect"]]\n'
    'A = [["R", "S"], ["T", "P"]]\nB = [["R", "T"], ["S", "P"]]\ndiscount = 0.9\n'
    "[params]\nT = 5\nR = 3\nP = 1\nS = 0\n"
)

BAD_NUMBERS = [
    ("1e308", "too large"),
    ("-1e308", "too large"),
    ("1" + "0" * 400, "too large"),
    ("-1" + "0" * 400, "too large"),
    ("1" + "0" * 5000, "integer too long"),
    ("1000000000000001", "too large"),
    ("nan", "must be finite"),
    ("-nan", "must be finite"),
    ("inf", "must be finite"),
    ("-inf", "must be finite"),
    ('"nan"', "not str"),
    ('"inf"', "not str"),
    ('"-Infinity"', "not str"),
    ('"5"', "not str"),
    ("true", "not bool"),
    ("[]", "not list"),
    ("{}", "not dict"),
    ("1979-05-27", "not date"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_NUMBERS, ids=[b[0][:12] for b in BAD_NUMBERS])
def test_bad_numbers_are_named_with_the_rule(write_model: Any, text: str, expected: str) -> None:
    path = write_model(PD.replace("T = 5", f"T = {text}"))
    with pytest.raises(ModelError) as info:
        tg.load_model(path)
    assert_one_line(info.value, str(path), expected)
    if "integer too long" not in expected:
        assert "params.T" in str(info.value)


@pytest.mark.parametrize("text", ["1e-320", "5e-324", "1e-300"])
def test_a_subnormal_discount_is_refused_not_miscomputed(write_model: Any, text: str) -> None:
    # a discount this small made (1 - delta) / delta overflow: an empty SPE set, wrongly
    path = write_model(PD.replace("discount = 0.9", f"discount = {text}"))
    with pytest.raises(ModelError, match=r"discount = .*too small"):
        tg.load_model(path)


@pytest.mark.parametrize(
    "value", [1e15, -1e15, 1e-15, -1e-320, 5e-324, 0.0, -0.0, 10**15, -(10**15)]
)
def test_numbers_at_the_limits_are_kept_exactly(write_model: Any, value: Any) -> None:
    model = tg.load_model(write_model(PD.replace("T = 5", f"T = {toml_value(value)}")))
    assert model.params["T"] == value
    check_model(model)


@budget(300)
@given(value=numbers)
def test_any_number_in_a_payoff_cell(tmp_path: Path, value: Any) -> None:
    path = tmp_path / "m.toml"
    path.write_text(PD.replace('["R", "S"]', f'[{toml_value(value)}, "S"]'), encoding="utf-8")
    model = load_or_error(path)
    assert (model is not None) == acceptable(value), value
    if model is not None:
        assert model.cells is not None and model.cells[0][0][0] == value


@budget(300)
@given(key=st.one_of(st.sampled_from(["T", "R", "discount", "P"]), weird_text), value=scalars)
def test_with_params_validates_like_the_file(key: str, value: Any) -> None:
    model = tg.load_model("prisoners-dilemma")
    try:
        changed = model.with_params({key: value})
    except ModelError as exc:
        assert_one_line(exc)
    else:
        assert changed.params[key] == value
        check_model(changed)


# --- names --------------------------------------------------------------------


@budget(300)
@given(
    players=st.lists(weird_text, min_size=2, max_size=2),
    actions=st.lists(weird_text, min_size=2, max_size=2),
    title=weird_text,
)
def test_unicode_names_are_kept_or_refused(
    tmp_path: Path, players: list[str], actions: list[str], title: str
) -> None:
    data = tomllib.loads(PD)
    data.update(players=players, actions=[actions, ["c", "d"]], title=title)
    path = tmp_path / "m.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    model = load_or_error(path)
    ok = (
        all(is_name(n) and len(n) <= 200 for n in (*players, *actions, title))
        and players[0] != players[1]
        and actions[0] != actions[1]
    )
    assert (model is not None) == ok, (players, actions, title)
    if model is not None:
        assert model.labels == tuple(players)
        assert model.actions[0] == tuple(actions)
        assert model.title == title


@budget(200)
@given(rungs=st.dictionaries(weird_text, st.sampled_from([0, 0.5, 1]), min_size=2, max_size=3))
def test_unicode_ladder_rungs(tmp_path: Path, rungs: dict[str, Any]) -> None:
    data = bundled_data(_bundled_dir() / "rare-earth-2025.toml")
    data["players"]["chips"]["ladder"] = rungs
    path = tmp_path / "m.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    model = load_or_error(path)
    levels = list(rungs.values())
    ok = (
        all(is_name(n) and len(n) <= 200 for n in rungs)
        and levels[0] == 0
        and levels[-1] == 1
        and all(b > a for a, b in itertools.pairwise(levels))
    )
    assert (model is not None) == ok, rungs
    if model is not None:
        assert model.actions[0] == tuple(rungs)


@pytest.mark.parametrize(
    "name",
    ["e\u0301t\u0301e\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
     "\U0001f600", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u2764\ufe0f", "中国"],
)  # fmt: skip
def test_real_unicode_names_are_welcome(write_model: Any, name: str) -> None:
    text = PD.replace('"Row"', toml_string(name)).replace(
        '"cooperate", "defect"]', f'{toml_string(name)}, "defect"]', 1
    )
    model = tg.load_model(write_model(text))
    assert model.labels[0] == name and model.actions[0][0] == name
    check_model(model)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "a\nb"),
        ("title", "evil\u202etxt"),
        ("title", "nul\x00"),
        ("title", "   "),
        ("unit", "\x1b[31mred"),
        ("players", ["ok", "bad\x00"]),
        ("players", ["ok", "\u200f"]),
        ("actions", [["a\nb", "d"], ["c", "d"]]),
        ("description", "bell\x07"),
    ],
)
def test_unprintable_names_are_refused_and_escaped(
    write_model: Any, field: str, value: Any
) -> None:
    data = tomllib.loads(PD)
    data[field] = value
    path = write_model(toml_text(data))
    with pytest.raises(ModelError) as info:
        tg.load_model(path)
    assert_one_line(info.value, str(path), field)


def test_unknown_keys_with_line_breaks_stay_on_one_line(write_model: Any) -> None:
    path = write_model('"evil\\nkey\\u001b[2J" = 1\n' + PD)
    with pytest.raises(ModelError) as info:
        tg.load_model(path)
    assert_one_line(info.value, "evil\\nkey\\x1b[2J", "unknown key")


@pytest.mark.parametrize("pid", ["a\n", "a\x00", "é", "a" * 65, "1a"])
def test_player_ids_and_parameter_names_are_identifiers(write_model: Any, pid: str) -> None:
    # the pattern once ended in $, which let a trailing newline through
    data = tomllib.loads(PD)
    data["params"][pid] = 1
    with pytest.raises(ModelError, match="a parameter name is a letter"):
        tg.load_model(write_model(toml_text(data)))


def test_a_player_section_that_is_not_a_table_does_not_crash_the_merge(write_model: Any) -> None:
    write_model(
        'kind = "coercion"\nperiod = 1\n[players]\nchips = 5\n[players.minerals]\nlabel = "M"\n',
        name="parent",
    )
    child = write_model('extends = "parent.toml"\n[players.chips]\nlabel = "C"\n', name="child")
    with pytest.raises(ModelError) as info:
        tg.load_model(child)
    assert_one_line(info.value, "players.")


# --- extends ------------------------------------------------------------------


def _chain(folder: Path, length: int) -> Path:
    """f0 extends f1 extends ... extends the prisoner's dilemma; file k sets T = k + 10."""
    for k in range(length):
        parent = f"f{k + 1}.toml" if k + 1 < length else "prisoners-dilemma"
        (folder / f"f{k}.toml").write_text(
            f'extends = "{parent}"\ntitle = "level {k}"\n[params]\nT = {k + 10}\n',
            encoding="utf-8",
        )
    return folder / "f0.toml"


def test_an_extends_chain_of_200_files_loads_correctly(tmp_path: Path) -> None:
    model = tg.load_model(_chain(tmp_path, 200))
    assert model.params["T"] == 10 and model.params["R"] == 3
    assert model.title == "level 0"


def test_the_longest_extends_chain_loads_and_a_longer_one_is_refused(tmp_path: Path) -> None:
    # the chain's files and the bundled model at its end
    assert tg.load_model(_chain(tmp_path, MAX_EXTENDS - 1)).params["T"] == 10
    with pytest.raises(ModelError) as info:
        tg.load_model(_chain(tmp_path, MAX_EXTENDS))
    assert_one_line(info.value, "extends", f"at most {MAX_EXTENDS} files")


@pytest.mark.parametrize(
    ("files", "start", "fragment"),
    [
        ({"a": "a.toml"}, "a", "'a -> a'"),
        ({"a": "b.toml", "b": "a.toml"}, "a", "'a -> b -> a'"),
        ({"a": "b.toml", "b": "c.toml", "c": "b.toml"}, "a", "'a -> b -> c -> b'"),
        ({"a": "./a.toml"}, "a", "'a -> a'"),
        ({"a": "sub/../a.toml"}, "a", "'a -> a'"),
    ],
)
def test_extends_loops_are_reported(
    tmp_path: Path, files: dict[str, str], start: str, fragment: str
) -> None:
    (tmp_path / "sub").mkdir()
    for name, parent in files.items():
        (tmp_path / f"{name}.toml").write_text(f'extends = "{parent}"\n', encoding="utf-8")
    with pytest.raises(ModelError) as info:
        tg.load_model(tmp_path / f"{start}.toml")
    assert_one_line(info.value, "extends", fragment, "loops back")


def test_a_symlink_loop_is_reported(tmp_path: Path) -> None:
    (tmp_path / "x.toml").symlink_to(tmp_path / "y.toml")
    (tmp_path / "y.toml").symlink_to(tmp_path / "x.toml")
    (tmp_path / "m.toml").write_text('extends = "x.toml"\n', encoding="utf-8")
    with pytest.raises(ModelError) as info:
        tg.load_model(tmp_path / "m.toml")
    assert_one_line(info.value, "m.toml", "extends", "cannot be read")
    with pytest.raises(ModelError) as info:
        tg.load_model(tmp_path / "x.toml")
    assert_one_line(info.value, "x.toml", "cannot be read")


@pytest.mark.parametrize(
    ("parent", "fragment"),
    [
        ("missing.toml", "no such file"),
        ("./folder", "a directory"),
        ("empty.toml", "is empty"),
        ("garbage.toml", "not UTF-8"),
        ("bad.toml", "not valid TOML"),
        ("x" * 300 + ".toml", "cannot be read"),
        ("nul\x00.toml", "no such file"),
        ("game.nfg", "a path to a .toml model file"),
        ("", "a bundled model name or a path"),
        ("rare-earth-2052", "did you mean 'rare-earth-2025'"),
        ("/dev/null", "not a regular file"),
        ("/", "a directory"),
    ],
)
def test_a_bad_parent_is_blamed_on_the_extends_line(
    tmp_path: Path, parent: str, fragment: str
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "empty.toml").write_text("")
    (tmp_path / "garbage.toml").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "bad.toml").write_text("kind = \n")
    (tmp_path / "game.nfg").write_text('NFG 1 R "" { "a" "b" } { 1 1 } 0 0\n')
    child = tmp_path / "child.toml"
    child.write_text(f"extends = {toml_string(parent)}\n", encoding="utf-8")
    with pytest.raises(ModelError) as info:
        tg.load_model(child)
    assert_one_line(info.value, fragment)
    if fragment not in ("is empty", "not valid TOML"):  # those name the parent's own file
        assert str(info.value).startswith(str(child)), str(info.value)
        assert "extends" in str(info.value)


@budget(200)
@given(
    graph=st.lists(
        st.one_of(
            st.none(),
            st.integers(0, 4),
            st.sampled_from(["missing.toml", "prisoners-dilemma", "folder/", "nope"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_random_extends_graphs(tmp_path: Path, graph: list[Any]) -> None:
    folder = tmp_path
    (folder / "folder").mkdir(exist_ok=True)
    for k, target in enumerate(graph):
        text = f'title = "file {k}"\n'
        if target is None:
            text = text + PD
        elif isinstance(target, int):
            text = f'extends = "g{target % len(graph)}.toml"\n' + text
        else:
            text = f'extends = "{target}"\n' + text
        (folder / f"g{k}.toml").write_text(text, encoding="utf-8")
    # follow the chain by hand
    seen, k, expected = [], 0, "ok"
    while True:
        if k in seen:
            expected = "loops back"
            break
        seen.append(k)
        target = graph[k]
        if target is None or target == "prisoners-dilemma":
            break
        if isinstance(target, int):
            k = target % len(graph)
            continue
        expected = {"missing.toml": "no such file", "folder/": "a directory", "nope": "nope"}[
            target
        ]
        break
    try:
        model = tg.load_model(folder / "g0.toml")
    except ModelError as exc:
        assert expected != "ok", str(exc)
        assert_one_line(exc, expected)
    else:
        assert expected == "ok"
        assert model.title == "file 0"
        check_model(model)


# --- files --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"# only a comment\n", "is empty"),
        (b"\x00" * 64, "not valid TOML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        (b"\xef\xbb\xbf" + PD.encode(), ""),  # a byte-order mark is fine
        (b"kind = 'matrix'\x00", "not valid TOML"),
        (b"a = " + b"[" * 10_000 + b"]" * 10_000, "nested too deeply"),
        (b"a = " + b"{b = " * 5_000 + b"1" + b"}" * 5_000, "nested too deeply"),
        (b"a = " + b"9" * 5000, "integer too long"),
        (b"x" * (MAX_FILE_BYTES + 1), f"at most {MAX_FILE_BYTES} bytes"),
    ],
    ids=["empty", "comment", "nul", "png", "bom", "nul-tail", "deep-array", "deep-table",
         "long-int", "too-big"],
)  # fmt: skip
def test_broken_files(write_model: Any, content: bytes, fragment: str) -> None:
    path = write_model(content)
    if not fragment:
        check_model(tg.load_model(path))
        return
    with pytest.raises(ModelError) as info:
        tg.load_model(path)
    assert_one_line(info.value, str(path), fragment)


def test_a_10_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024)
    with pytest.raises(ModelError) as info:
        tg.load_model(path)
    assert_one_line(info.value, str(path), "10485760 bytes", "at most")


@budget(200)
@given(content=st.binary(max_size=200))
def test_binary_garbage(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "m.toml"
    path.write_bytes(content)
    load_or_error(path)


def test_special_paths(tmp_path: Path, monkeypatch: Any) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    cases = {
        tmp_path / "missing.toml": "no such file",
        tmp_path: "a directory",
        fifo: "a device or a pipe",  # never opened, so never blocks
        Path("/dev/zero"): "not a regular file",
        tmp_path / ("n" * 300 + ".toml"): "cannot be read: file name too long",
        Path(str(tmp_path / "nul\x00.toml")): "no such file",
        tmp_path / "missing" / "deeper.toml": "no such file",
        Path(__file__) / "x.toml": "no such file",
    }
    for path, fragment in cases.items():
        with pytest.raises(ModelError) as info:
            tg.load_model(path)
        assert_one_line(info.value, fragment)
    unreadable = tmp_path / "secret.toml"
    unreadable.write_text(PD)

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(ModelError) as info:
        tg.load_model(unreadable)
    assert_one_line(info.value, str(unreadable), "cannot be read: permission denied")


@pytest.mark.parametrize(
    "ref", ["x" * 300, "a\x00b", "..", ".", "", "-", "models", "../models/chicken", "chicken\n"]
)
def test_odd_bundled_names(ref: str) -> None:
    with pytest.raises(ModelError) as info:
        tg.load_model(ref)
    assert_one_line(info.value)


# --- code never runs ----------------------------------------------------------


STRING_FIELDS = ("title", "description", "unit", "players", "actions", "sources", "params",
                 "cell", "extends", "kind", "key")  # fmt: skip


@pytest.mark.parametrize("field", STRING_FIELDS)
@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_formula_strings_stay_data(
    write_model: Any, tmp_path: Path, field: str, payload: str
) -> None:
    marker = tmp_path / "pwned"
    text = payload.format(marker=marker)
    data = tomllib.loads(PD)
    if field in ("title", "description", "unit", "extends", "kind"):
        data[field] = text
    elif field == "players":
        data["players"] = [text, "Column"]
    elif field == "actions":
        data["actions"] = [[text, "defect"], ["cooperate", "defect"]]
    elif field == "sources":
        data["sources"] = {"T": text}
    elif field == "params":
        data["params"]["T"] = text
    elif field == "cell":
        data["A"][0][0] = text
    else:
        data[text] = 1
    path = write_model(toml_text(data))
    try:
        model = tg.load_model(path)
    except ModelError as exc:
        assert_one_line(exc)
    else:
        # accepted only as inert text: a title, a name, a citation
        assert field in ("title", "description", "unit", "players", "actions", "sources")
        check_model(model)
        model.symbolic_game()
    assert not marker.exists()


@budget(300)
@given(cell=st.one_of(weird_text, st.text(alphabet="RSTP+-*/()._ 0123456789eE", max_size=10)))
def test_a_payoff_cell_is_a_number_or_a_parameter_name_never_a_formula(
    tmp_path: Path, cell: str
) -> None:
    # cells are looked up in [params], never parsed: there is no expression language
    path = tmp_path / "m.toml"
    data = tomllib.loads(PD)
    data["A"][0][0] = cell
    path.write_text(toml_text(data), encoding="utf-8")
    model = load_or_error(path)
    assert (model is not None) == (cell in data["params"] or cell == "discount"), cell
    if model is not None:
        want = model.params[cell]
        assert model.game().exact_A[0][0] == Fraction(
            repr(want) if isinstance(want, float) else want
        )


# --- no code-executing primitive in the package ---------------------------------

_EVAL_LIKE = {"eval", "exec", "compile", "__import__", "execfile"}
_UNSAFE_MODULES = {"pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve", "yaml"}


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return f"{_name(func.value)}.{func.attr}"
    return ""


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_code_executing_primitive_is_applied_to_user_strings(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            )
            for module in modules:
                assert (module or "").split(".")[0] not in _UNSAFE_MODULES, (path, module)
                assert not (module or "").startswith("sympy.parsing"), (path, module)
    for call in _calls(tree):
        name = _name(call.func)
        where = f"{path.relative_to(PACKAGE)}:{call.lineno}: {name}"
        assert name not in _EVAL_LIKE, where
        assert not name.endswith(("parse_expr", "literal_eval", "yaml.load")), where
        assert name not in ("os.system", "os.popen"), where
        if name.startswith("subprocess."):
            shell = [k for k in call.keywords if k.arg == "shell"]
            assert not shell or (
                isinstance(shell[0].value, ast.Constant) and shell[0].value.value is False
            ), where
        if name.split(".")[-1] in ("sympify", "S") and name != "S":
            strict = [k for k in call.keywords if k.arg == "strict"]
            assert strict and isinstance(strict[0].value, ast.Constant), where
            assert strict[0].value.value is True, where
    # the text search the AST cannot fool: no eval( or exec( even in strings or comments
    assert not re.search(r"(?<![\w.])(eval|exec)\(", source), path


def test_sympy_never_parses_a_model_string() -> None:
    import sympy

    with pytest.raises(sympy.SympifyError):
        sympy.sympify("__import__('os').system('true')", strict=True)
    model = tg.load_model("prisoners-dilemma")
    assert all(isinstance(s, sympy.Symbol) for s in model.symbols().values())


# --- answers at the extremes a file may hold ------------------------------------

extreme_payoffs = st.one_of(
    st.sampled_from([0, 1, -1, 10**15, -(10**15), 1e-15, -1e-15, 1e15, 0.1, 1e-9, 123456.789]),
    st.integers(-5, 5),
)


@budget(150)
@given(
    rows=st.integers(1, 3),
    cols=st.integers(1, 3),
    cells=st.lists(extreme_payoffs, min_size=18, max_size=18),
    delta=st.sampled_from([1e-15, 1e-9, 0.5, 0.9, 0.999999999999999]),
)
def test_extreme_but_allowed_numbers_give_true_equilibria(
    tmp_path: Path, rows: int, cols: int, cells: list[Any], delta: float
) -> None:
    A = [cells[i * cols : (i + 1) * cols] for i in range(rows)]
    B = [cells[9 + i * cols : 9 + (i + 1) * cols] for i in range(rows)]
    path = tmp_path / "m.toml"
    path.write_text(toml_text({"kind": "matrix", "A": A, "B": B, "discount": delta}))
    model = tg.load_model(path)
    g = model.game()
    assert g.exact_A is not None and g.exact_B is not None
    EA = [[Fraction(x) for x in row] for row in g.exact_A]
    EB = [[Fraction(x) for x in row] for row in g.exact_B]
    found = tg.equilibria(g)
    assert found, "every finite game has an equilibrium"
    for eq in found:
        x, y = eq.exact_row, eq.exact_col
        assert x is not None and y is not None and sum(x) == 1 and sum(y) == 1
        assert min(x) >= 0 and min(y) >= 0
        row_values = [sum(EA[i][j] * y[j] for j in range(cols)) for i in range(rows)]
        col_values = [sum(x[i] * EB[i][j] for i in range(rows)) for j in range(cols)]
        u = sum(x[i] * row_values[i] for i in range(rows))
        v = sum(y[j] * col_values[j] for j in range(cols))
        assert max(row_values) == u and max(col_values) == v, (A, B, x, y)
    pure = [
        (i, j)
        for i in range(rows)
        for j in range(cols)
        if EA[i][j] == max(EA[k][j] for k in range(rows))
        and EB[i][j] == max(EB[i][k] for k in range(cols))
    ]
    for i, j in pure:  # every pure equilibrium is an extreme one, so it is listed
        assert any(eq.exact_row[i] == 1 and eq.exact_col[j] == 1 for eq in found), (i, j)
    if pure and rows > 1 and cols > 1:
        # a stage equilibrium played for ever is subgame perfect at every discount factor
        spe = tg.RepeatedGame(g, delta=model.discounts()).spe_payoffs()
        i, j = pure[0]
        assert not spe.is_empty, (A, B, delta)
        point = (float(EA[i][j]), float(EB[i][j]))
        scale = max(1.0, *(abs(float(c)) for c in cells))
        assert spe.contains(point, tol=1e-9 * scale), (A, B, delta, point)


@pytest.mark.parametrize(
    ("stem", "name"),
    [
        ("\U0001f600-game", "\U0001f600-game"),
        ("\u05e9\u05dc\u05d5\u05dd", "\u05e9\u05dc\u05d5\u05dd"),
        ("caf\u00e9\u0301", "caf\u00e9\u0301"),
        ("two\nlines", "two\\nlines"),
        ("evil\u202etxt", "evil\\u202etxt"),
        ("tab\there", "tab\\there"),
    ],
)
def test_model_names_from_any_file_name(tmp_path: Path, stem: str, name: str) -> None:
    path = tmp_path / f"{stem}.toml"
    path.write_text(PD, encoding="utf-8")
    model = tg.load_model(path)
    assert model.name == name and model.title == name
    check_model(model)
