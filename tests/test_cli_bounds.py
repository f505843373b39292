"""Bounds on the command line: huge counts, huge exponents, deep files and odd games.

Every refusal is exit code 2 with one line on stderr that names the option (or
the file), the value given and what is allowed, and it comes at once: before
the model is loaded or anything is solved. Values inside the bounds still work.
"""

from __future__ import annotations

import json
import math
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from clihelpers import assert_one_line_error, run
from hypothesis import given
from hypothesis import strategies as st
from test_fuzz_models import budget

import tradegame as tg
from tradegame.cli.bargain import MAX_YEARS
from tradegame.cli.common import count_option_value
from tradegame.cli.dynamic import MAX_PERIODS, parse_starts
from tradegame.cli.evolve import MAX_SIZE
from tradegame.cli.exercise import MAX_ANSWER_CHARS
from tradegame.cli.repeated import MAX_TURNS, MIN_DELTA, parse_delta
from tradegame.cli.sweep import MAX_SWEEP_POINTS, parse_vary
from tradegame.game import Game
from tradegame.model.spec import PLAYER_PARAMS
from tradegame.solvers.classify import classify, extreme_subgame


def refused(*args: str) -> Any:
    """Run tradegame; it must refuse with exit code 2 and no warning (a hang never returns)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run(CliRunner(), *args)
    assert not [w for w in caught if not issubclass(w.category, DeprecationWarning)], caught
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    return result


# --- the bounds are documented constants, chosen above every use ------------------------


def test_the_bounds_leave_room_for_every_documented_use() -> None:
    # largest values in docs/ and tests/: 200 turns on the command line (2000 in the
    # library), 40 periods, 8 years, 200 in a Moran population, 10**6 points benchmarked
    assert MAX_TURNS >= 50 * 200
    assert MAX_PERIODS >= 1000 and MAX_YEARS >= 1000
    assert MAX_SIZE >= 50 * 200
    assert MAX_SWEEP_POINTS >= 10 * 10**6
    # --delta refuses what a player's discount in a model file refuses
    assert PLAYER_PARAMS["discount"].smallest == MIN_DELTA


@pytest.mark.parametrize(
    ("args", "option", "bound"),
    [
        (("tournament", "prisoners-dilemma"), "--turns", MAX_TURNS),
        (("match", "prisoners-dilemma", "grim", "grim"), "--turns", MAX_TURNS),
        (("evolve", "prisoners-dilemma"), "--turns", MAX_TURNS),
        (("dynamic", "rare-earth-2025", "-q"), "--periods", MAX_PERIODS),
        (("bargain", "rare-earth-2025", "-q"), "--years", MAX_YEARS),
    ],
)
@pytest.mark.parametrize("above", [1, 10**12])
def test_a_count_above_its_bound_is_refused_at_once(
    args: tuple[str, ...], option: str, bound: int, above: int
) -> None:
    value = bound + above
    result = refused(*args, option, str(value))
    assert_one_line_error(result, option, str(value), f"to {bound}")


@pytest.mark.parametrize(
    ("args", "option", "value", "allowed"),
    [
        (("tournament", "prisoners-dilemma"), "--turns", "0", "from 1 to"),
        (("match", "prisoners-dilemma", "grim", "grim"), "--turns", "-5", "from 1 to"),
        (("dynamic", "rare-earth-2025", "-q"), "--periods", "0", "from 1 to"),
        (("bargain", "rare-earth-2025", "-q"), "--years", "-1", "from 0 to"),
    ],
)
def test_a_count_below_its_bound_is_refused(
    args: tuple[str, ...], option: str, value: str, allowed: str
) -> None:
    assert_one_line_error(refused(*args, option, value), option, value, allowed)


def test_an_integer_too_long_to_print_is_shown_by_its_size() -> None:
    value = "9" * 4000  # click reads it; the message does not repeat it
    result = refused("tournament", "prisoners-dilemma", "--turns", value)
    assert_one_line_error(result, "--turns <an integer of about", "digits>", str(MAX_TURNS))
    assert len(result.stderr) < 200


@budget(15)
@given(value=st.integers(MAX_TURNS + 1, 10**40))
def test_any_turns_above_the_bound_are_refused_at_once(value: int) -> None:
    result = refused("tournament", "prisoners-dilemma", "--turns", str(value))
    assert_one_line_error(result, "--turns", str(MAX_TURNS))


@budget(10)
@given(turns=st.one_of(st.integers(1, MAX_TURNS), st.sampled_from([1, MAX_TURNS])))
def test_any_turns_within_the_bound_play(turns: int) -> None:
    # grim against grim never leaves the path: exact totals at once, whatever the length
    args = ["match", "prisoners-dilemma", "grim", "grim", "--turns", str(turns)]
    result = run(CliRunner(), *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["turns"] == turns


def test_years_at_the_bound_are_accepted() -> None:
    # a matrix game has no dynamic game to follow: the years are checked, then unused
    result = run(CliRunner(), "bargain", "prisoners-dilemma", "--years", str(MAX_YEARS))
    assert result.exit_code == 0, result.stderr


@budget(30)
@given(
    value=st.integers(-(10**20), 10**20),
    low=st.integers(-3, 3),
    span=st.integers(0, 10**6),
)
def test_count_option_value_accepts_exactly_the_range(value: int, low: int, span: int) -> None:
    high = low + span
    if low <= value <= high:
        assert count_option_value("--n", value, low, high) == value
    else:
        with pytest.raises(ValueError, match=f"^--n {value}: expected a whole number from "):
            count_option_value("--n", value, low, high)


# --- sweep: N, the points in all, and endpoints numpy cannot space ----------------------


def test_a_sweep_axis_with_too_many_points_is_refused_at_once() -> None:
    item = f"T=0:1:{MAX_SWEEP_POINTS + 1}"
    result = refused("sweep", "prisoners-dilemma", "--vary", item, "-q")
    assert_one_line_error(result, f"--vary {item!r}", str(MAX_SWEEP_POINTS + 1), "at most")


def test_a_sweep_grid_with_too_many_points_in_all_is_refused_at_once() -> None:
    args = ["sweep", "prisoners-dilemma", "--vary", "T=0:1:10000", "--vary", "S=0:1:10000"]
    result = refused(*args, "-q")
    assert_one_line_error(result, "'S=0:1:10000'", str(MAX_SWEEP_POINTS), "all --vary axes")


def test_a_sweep_list_counts_towards_the_points() -> None:
    with pytest.raises(ValueError, match="3 values is too many"):
        parse_vary("T=1,2,3", room=2)
    assert parse_vary("T=1,2,3", room=3) == ("T", [1.0, 2.0, 3.0])
    assert parse_vary("T=1:3:3", room=3) == ("T", [1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    ("vary", "fragment"),
    [
        ("T=nan:1:3", "LO and HI must be finite"),
        ("T=1:inf:3:log", "LO and HI must be finite"),
        ("T=1e308:1e309:3", "LO and HI must be finite"),
        ("T=-1.7e308:1.7e308:3", "overflow"),
        ("T=1:1.7976931348623157e308:3:log", "overflow"),
        ("T=1,nan", "every value must be a finite number"),
        ("T=-inf,1", "every value must be a finite number"),
    ],
)
def test_sweep_endpoints_that_are_not_finite_are_one_line(vary: str, fragment: str) -> None:
    result = refused("sweep", "prisoners-dilemma", "--vary", vary, "-q")
    assert_one_line_error(result, f"--vary {vary!r}", fragment)
    assert "Warning" not in result.stderr


finite = st.floats(allow_nan=False, allow_infinity=False)


@budget(60)
@given(
    low=st.one_of(finite, st.sampled_from([math.nan, math.inf, -math.inf, 5e-324])),
    high=st.one_of(finite, st.sampled_from([math.nan, math.inf, -math.inf, 1.8e308])),
    count=st.integers(-2, 40),
    log=st.booleans(),
)
def test_parse_vary_never_warns(low: float, high: float, count: int, log: bool) -> None:
    item = f"T={low!r}:{high!r}:{count}" + (":log" if log else "")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a numpy RuntimeWarning fails the test
        try:
            key, values = parse_vary(item)
        except ValueError as exc:
            assert str(exc).startswith(f"--vary {item!r}: ") and "\n" not in str(exc)
            return
    assert key == "T" and len(values) == count
    assert all(math.isfinite(v) for v in values)
    assert math.isfinite(low) and math.isfinite(high) and count >= 1


# --- numbers with huge exponents never hang ------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("match", "prisoners-dilemma", "grim", "grim", "--turns", "3"), "--noise"),
        (("tournament", "prisoners-dilemma"), "--noise"),
        (("evolve", "prisoners-dilemma"), "--noise"),
        (("evolve", "prisoners-dilemma"), "--selection"),
        (("evolve", "prisoners-dilemma"), "--horizon"),
        (("evolve", "prisoners-dilemma"), "--size"),
    ],
)
@pytest.mark.parametrize("value", ["1e-99999999", "1e99999999", "1/0", "9" * 1500 + "e5"])
def test_a_huge_exponent_is_refused_at_once(args: tuple[str, ...], option: str, value: str) -> None:
    assert_one_line_error(refused(*args, option, value), option, value[:20])


@pytest.mark.parametrize("value", ["1e300", str(MAX_SIZE + 1)])
def test_a_moran_population_above_the_bound_is_refused(value: str) -> None:
    result = refused("evolve", "prisoners-dilemma", "--size", value)
    assert_one_line_error(result, "--size", value, f"at most {MAX_SIZE}")


# --- --delta: at least 1e-15 ---------------------------------------------------------


@pytest.mark.parametrize("delta", ["1e-320", "5e-324", "1e-16", "0.5,1e-300", "9.99e-16"])
def test_a_delta_below_the_smallest_is_refused(delta: str) -> None:
    result = refused("repeated", "prisoners-dilemma", "--delta", delta)
    assert_one_line_error(result, "--delta", repr(delta), "(0, 1)", "at least 1e-15")


@budget(40)
@given(
    delta=st.one_of(
        st.floats(0, 1, exclude_max=True),
        st.floats(-1, 2),
        st.sampled_from([MIN_DELTA, math.nextafter(MIN_DELTA, 0), 5e-324, math.nan, math.inf]),
    )
)
def test_parse_delta_takes_exactly_the_discount_factors(delta: float) -> None:
    text = repr(delta)
    if MIN_DELTA <= delta < 1:
        assert parse_delta(text, None) == (delta, delta)
        assert parse_delta(f"{text},0.5", None) == (delta, 0.5)
    else:
        with pytest.raises(ValueError, match="at least 1e-15"):
            parse_delta(text, None)


def test_the_smallest_delta_still_solves() -> None:
    result = run(CliRunner(), "repeated", "prisoners-dilemma", "--delta", "1e-15")
    assert result.exit_code == 0, result.stderr


# --- dynamic --start: inside the state space ------------------------------------------


@pytest.fixture(scope="module")
def dyn() -> Any:
    return tg.load_model("rare-earth-2025").dynamic(resolution=2)


def _spans(dyn: Any) -> list[tuple[str, float, float]]:
    return [(n, float(g[0]), float(g[-1])) for n, g in zip(dyn.names, dyn.grids, strict=True)]


@pytest.mark.parametrize("value", ["-1", "5.000001", "1e308", "nan", "inf", "-inf"])
def test_a_start_outside_the_state_space_is_refused_before_solving(value: str) -> None:
    args = ["dynamic", "rare-earth-2025", "-q", "--start", f"pressure_minerals={value}"]
    result = refused(*args)
    item = f"pressure_minerals={value}"
    assert_one_line_error(result, f"--start {item!r}", "from 0.0 to 5.0")


def test_a_dependence_below_its_floor_is_refused(dyn: Any) -> None:
    name, low, high = next(s for s in _spans(dyn) if s[0].startswith("dependence"))
    with pytest.raises(ValueError, match=f"from {low!r} to {high!r}"):
        parse_starts((f"{name}={low / 2}",), dyn)


@budget(40)
@given(data=st.data())
def test_parse_starts_takes_exactly_the_state_space(dyn: Any, data: Any) -> None:
    name, low, high = data.draw(st.sampled_from(_spans(dyn)))
    value = data.draw(
        st.one_of(
            st.floats(low, high),
            st.floats(allow_nan=True, allow_infinity=True),
            st.sampled_from([low, high, math.nextafter(low, -1), math.nextafter(high, 10)]),
        )
    )
    item = f"{name}={value!r}"
    if low <= value <= high:
        start = parse_starts((item,), dyn)
        k = dyn.names.index(name)
        assert start[k] == value
        assert start[:k] + start[k + 1 :] == [float(x) for i, x in enumerate(dyn.start) if i != k]
    else:
        with pytest.raises(ValueError, match="its range in the state space"):
            parse_starts((item,), dyn)


# --- extreme_subgame: a player with one action ----------------------------------------


@pytest.mark.parametrize(
    ("A", "B", "name"),
    [
        ([[1, 2, 3]], [[3, 1, 2]], "1x3"),
        ([[1], [2], [4]], [[3], [3], [1]], "3x1"),
        ([[1, 2]], [[2, 1]], "1x2"),
        ([[1]], [[3]], "1x1"),
    ],
)
def test_extreme_subgame_keeps_a_single_action_once(A: Any, B: Any, name: str) -> None:
    g = Game(A, B)
    sub = extreme_subgame(g)
    assert sub.shape == g.shape
    for k in range(2):
        assert len(set(sub.actions[k])) == len(sub.actions[k])  # no action twice
    assert classify(sub) == name


def test_extreme_subgame_of_a_ladder_is_its_first_and_last_actions() -> None:
    g = Game(
        [[1, 2, 3], [4, 5, 6], [7, 8, 9]],
        [[9, 8, 7], [6, 5, 4], [3, 2, 1]],
        actions=(["a", "b", "c"], ["x", "y", "z"]),
    )
    sub = extreme_subgame(g)
    assert sub.actions == (("a", "c"), ("x", "z"))
    assert sub.A.tolist() == [[1, 3], [7, 9]] and sub.B.tolist() == [[9, 7], [3, 1]]


def test_run_on_a_game_where_one_player_has_one_action(tmp_path: Path) -> None:
    path = tmp_path / "one-row.toml"
    path.write_text('kind = "matrix"\nA = [[1, 2, 3]]\nB = [[3, 1, 2]]\n')
    for style in ("text", "json", "markdown", "latex"):
        result = run(CliRunner(), "run", str(path), "--format", style)
        assert result.exit_code == 0, (style, result.stderr)
    data = json.loads(run(CliRunner(), "run", str(path), "--format", "json").stdout)
    assert "1x3" in json.dumps(data)


# --- exercise check: long replies and question numbers ---------------------------------


def test_a_5000_digit_answer_is_refused_at_once() -> None:
    answer = "9" * 5000
    result = refused("exercise", "check", "1.1", answer)
    assert_one_line_error(
        result, "exercise 1, question 1", "ANSWER '999", "5000 characters", "at most 200"
    )
    assert len(result.stderr) < 300


def test_a_5000_digit_question_number_is_refused_at_once() -> None:
    result = refused("exercise", "check", "1." + "9" * 5000, "1")
    assert_one_line_error(result, "question = '999", "questions 1 to")
    assert len(result.stderr) < 300 and "set_int_max_str_digits" not in result.stderr


def test_an_answer_at_the_bound_is_read() -> None:
    answer = "0." + "3" * (MAX_ANSWER_CHARS - 2)
    result = run(CliRunner(), "exercise", "check", "1.1", answer)
    assert result.exit_code in (0, 1), result.stderr  # right or wrong, but read


# --- reproduce FILE: name the file, say what is wrong ---------------------------------


def test_reproduce_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "out.json"
    folder.mkdir()
    assert_one_line_error(refused("reproduce", str(folder)), str(folder), "is a directory")


def test_reproduce_a_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    assert_one_line_error(refused("reproduce", str(fifo)), str(fifo), "not a regular file")


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"provenance": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"provenance": {"a": ' + '{"a": ' * 50_000 + "1" + "}" * 50_001 + "}",
    ],
)
def test_reproduce_a_deeply_nested_json(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text(text)
    assert_one_line_error(refused("reproduce", str(path)), str(path), "nested too deeply")


def test_reproduce_a_deeply_nested_csv_stamp(tmp_path: Path) -> None:
    from tradegame.report.provenance import MARKER

    path = tmp_path / "deep.csv"
    deep = "[" * 100_000 + "]" * 100_000
    path.write_text(f'# {MARKER}\n# {{\n# "x": {deep}\n# }}\nT,class\n')
    assert_one_line_error(refused("reproduce", str(path)), str(path), "nested too deeply")


@pytest.mark.parametrize("workers", ["0", "100000"])
def test_sweep_workers_are_bounded_by_the_cpus(workers: str) -> None:
    # --workers 100000 once forked a process per chunk until memory ran out
    from tradegame.cli.sweep import WORKERS_PER_CPU

    allowed = f"from 1 to {WORKERS_PER_CPU * (os.cpu_count() or 1)}"
    args = ("sweep", "prisoners-dilemma", "--vary", "T=4:6:3", "--workers", workers)
    assert_one_line_error(refused(*args), "--workers", workers, allowed)
