"""Exercise files: every stated answer is what the tool computes; files are validated on load.

The checks run the command line in this process (click's CliRunner), and each
distinct command runs once per test session.
"""

from __future__ import annotations

import functools
import re
import shlex
import shutil
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tradegame.cli import main
from tradegame.exercises import (
    KINDS,
    ExerciseError,
    build_exercise,
    exercises_dir,
    find_exercise,
    list_exercises,
    parse_number,
    read_exercise,
    render_pages,
    resolve,
    tool_value,
    verify,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "exercises"
EXERCISES = list_exercises()
QUESTIONS = [(ex, q) for ex in EXERCISES for q in ex.questions]


def _id(pair: Any) -> str:
    ex, q = pair
    return f"{ex.label}.{q.number}"


@functools.cache
def run_cached(args: tuple[str, ...]) -> tuple[int, str, str]:
    """Run ``tradegame ARGS`` once per session: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# --- the bundled exercises --------------------------------------------------


def test_at_least_ten_exercises_numbered_from_one() -> None:
    assert len(EXERCISES) >= 10
    assert [ex.number for ex in EXERCISES] == list(range(1, len(EXERCISES) + 1))
    assert all(len(ex.questions) >= 3 for ex in EXERCISES)


def test_the_exercises_cover_the_syllabus() -> None:
    names = " ".join(ex.name for ex in EXERCISES)
    for topic in ("threshold", "minmax", "class", "mixed", "views", "finite", "tournament"):
        assert topic in names, topic
    for topic in ("bargaining", "leverage-window", "reputation"):
        assert topic in names, topic


def test_every_setting_is_attributed_to_a_seed_article() -> None:
    for ex in EXERCISES:
        assert re.search(r"seed 00[04]", ex.source), ex.name
        assert len(ex.setting.split()) < 140, f"{ex.name}: keep the setting short"


@pytest.mark.parametrize(("exercise", "question"), QUESTIONS, ids=[_id(p) for p in QUESTIONS])
def test_stated_answer_is_what_the_tool_computes(exercise: Any, question: Any) -> None:
    code, out, err = run_cached(tuple(exercise.command(question)))
    assert code == 0, err
    value = tool_value(exercise, question, out)
    assert question.agrees(value), (question.answer, value)


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name)
def test_commands_to_explore_run(exercise: Any) -> None:
    # Run as JSON, so that a command that is also a check runs only once; the
    # text rendering of every command is tested in its own test file.
    for command in exercise.shown_commands():
        words = shlex.split(command)
        assert words[0] == "tradegame"
        args = words[1:]
        if not any(w == "--format" or w.startswith("--format=") for w in args):
            args += ["--format", "json"]
        code, _, err = run_cached(tuple(args))
        assert code == 0, (command, err)


def test_every_question_checks_a_json_command() -> None:
    for ex, q in QUESTIONS:
        args = q.check.args
        assert "--format" in args and args[args.index("--format") + 1] == "json", _id((ex, q))


def test_verify_agrees_with_the_tool_for_one_exercise() -> None:
    def invoke(args: list[str]) -> tuple[int, str, str]:
        return run_cached(tuple(args))

    verdicts = verify(EXERCISES[0], invoke)
    assert [v.agrees for v in verdicts] == [True] * len(EXERCISES[0].questions)


# --- pages ------------------------------------------------------------------


def test_pages_are_up_to_date() -> None:
    """Regenerate with: python -m tradegame.exercises docs/exercises."""
    for rel, text in render_pages(EXERCISES).items():
        path = DOCS / rel
        assert path.is_file(), f"{rel} is missing"
        assert path.read_text(encoding="utf-8") == text, f"{rel} is out of date"


def test_no_stale_pages() -> None:
    expected = set(render_pages(EXERCISES)) | {"writing.md"}
    found = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert found == expected


def test_solution_pages_state_the_files_answers() -> None:
    for ex in EXERCISES:
        page = (DOCS / "solutions" / f"{ex.name}.md").read_text(encoding="utf-8")
        stated = re.findall(r"\*\*Answer:\*\* `([^`]*)`", page)
        assert stated == [q.answer for q in ex.questions], ex.name


def test_exercise_pages_never_state_answers() -> None:
    for ex in EXERCISES:
        page = (DOCS / f"{ex.name}.md").read_text(encoding="utf-8")
        assert "**Answer:**" not in page
        for q in ex.questions:
            assert q.hint not in page and q.explanation not in page


def test_index_lists_every_exercise() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for ex in EXERCISES:
        assert f"({ex.name}.md)" in index and f"(solutions/{ex.name}.md)" in index


# --- packaging --------------------------------------------------------------


def test_exercise_files_ship_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    setup = config["setuptools"]
    assert "tradegame._exercises" in setup["packages"]
    assert setup["package-dir"]["tradegame._exercises"] == "docs/exercises"
    globs = setup["package-data"]["tradegame._exercises"]
    assert "*.toml" in globs
    assert (DOCS / "__init__.py").is_file()
    shipped = {p.relative_to(DOCS).as_posix() for g in globs for p in DOCS.glob(g)}
    for ex in EXERCISES:  # found in the checkout or, installed, in tradegame._exercises
        assert ex.path.name in shipped
        for text in [*ex.commands, *(a for q in ex.questions for a in q.check.args)]:
            for ref in re.findall(r"\{here\}/(\S+)", text):
                assert ref in shipped, ref


def test_exercises_are_found_by_scanning() -> None:
    assert [ex.path.name for ex in EXERCISES] == sorted(
        p.name for p in exercises_dir().glob("*.toml")
    )


# --- finding ----------------------------------------------------------------


def test_find_by_number_name_and_path() -> None:
    first = EXERCISES[0]
    assert find_exercise("1").name == first.name
    assert find_exercise("01").name == first.name
    assert find_exercise(first.name).name == first.name
    assert find_exercise(first.name.split("-", 1)[1]).name == first.name
    assert find_exercise(str(first.path)).name == first.name


def test_unknown_exercise_suggests_a_name() -> None:
    with pytest.raises(ExerciseError, match=r"no such exercise.*did you mean '01-first-threshold'"):
        find_exercise("first-treshold")


# --- validation -------------------------------------------------------------


def _question(**changes: Any) -> dict[str, Any]:
    q: dict[str, Any] = {
        "text": "Grim trigger's critical discount factor?",
        "kind": "fraction",
        "answer": "1/2",
        "hint": "Solve (1 - d)T + dP = R for d.",
        "explanation": "(T - R)/(T - P).",
        "check": {
            "args": ["run", "prisoners-dilemma", "--format", "json"],
            "path": ["thresholds", "thresholds", 0],
        },
    }
    q.update(changes)
    return {k: v for k, v in q.items() if v is not None}


def _exercise(*questions: dict[str, Any], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Quiz",
        "goal": "Practice.",
        "setting": "A dilemma.",
        "source": "seed 000, section 8",
        "commands": ["tradegame run prisoners-dilemma"],
        "questions": list(questions) or [_question()],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _build(data: dict[str, Any], tmp_path: Path | None = None) -> Any:
    path = (tmp_path or Path(".")) / "99-quiz.toml"
    return build_exercise(data, "quiz.toml", path)


def _error(data: dict[str, Any], *fragments: str, tmp_path: Path | None = None) -> str:
    with pytest.raises(ExerciseError) as info:
        _build(data, tmp_path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("quiz.toml: ")
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_a_valid_exercise_loads() -> None:
    ex = _build(_exercise())
    assert ex.number == 99 and ex.title == "Quiz"
    (q,) = ex.questions
    assert q.kind == "fraction" and q.value == Fraction(1, 2) and q.tolerance == Fraction(1, 1000)


@pytest.mark.parametrize("key", ["title", "goal", "setting", "source", "commands", "questions"])
def test_missing_top_level_keys(key: str) -> None:
    _error(_exercise(**{key: None}), f"{key}: missing")


@pytest.mark.parametrize("key", ["text", "kind", "answer", "hint", "explanation", "check"])
def test_missing_question_keys(key: str) -> None:
    _error(_exercise(_question(**{key: None})), f"questions[1].{key}", "missing")


@pytest.mark.parametrize(
    ("changes", "fragments"),
    [
        ({"title": 3}, ("title = 3", "non-empty text")),
        ({"goal": ""}, ("goal = ''", "non-empty text")),
        ({"commands": "tradegame run x"}, ("commands = 'tradegame run x'", "list")),
        ({"commands": ["run prisoners-dilemma"]}, ("commands[0]", "starting with 'tradegame '")),
        ({"code": "import os"}, ("code = 'import os'", "'>>> '")),
        ({"questions": []}, ("questions = []", "at least one")),
        ({"questions": ["q"]}, ("questions[1] = 'q'", "a table")),
        ({"titel": "x"}, ("titel: unknown key", "did you mean 'title'")),
    ],
)
def test_top_level_errors_name_key_value_and_what_is_allowed(
    changes: dict[str, Any], fragments: tuple[str, ...]
) -> None:
    _error(_exercise(**changes), *fragments)


@pytest.mark.parametrize(
    ("changes", "fragments"),
    [
        ({"kind": "fractoin"}, ("kind = 'fractoin'", "one of fraction", "did you mean 'fraction'")),
        ({"kind": "number"}, ("tolerance: missing",)),
        ({"tolerance": -1}, ("tolerance = -1", "a number >= 0")),
        ({"tolerance": "0.1"}, ("tolerance = '0.1'", "a number >= 0")),
        ({"kind": "integer", "answer": 3, "tolerance": 0.1}, ("tolerance", "only for")),
        ({"answer": "0.5"}, ("answer = '0.5'", "exact fraction")),
        ({"answer": "one half"}, ("answer = 'one half'", "exact fraction")),
        ({"answer": True}, ("answer = True",)),
        ({"kind": "integer", "answer": 1.5}, ("answer = 1.5", "whole number")),
        ({"kind": "yes-no", "answer": "maybe"}, ("answer = 'maybe'", "'yes' or 'no'")),
        ({"kind": "word", "answer": "grim"}, ("choices: missing",)),
        ({"kind": "word", "answer": "x", "choices": ["a", "b"]}, ("answer = 'x'", "choices: a, b")),
        ({"kind": "word", "answer": "a", "choices": ["a", "A"]}, ("choices", "distinct")),
        ({"choices": ["a", "b"]}, ("choices", "only for kind = 'word'")),
        ({"hint": "It is 0.5."}, ("hint", "must not contain the answer")),
        ({"hint": "Two fourths, 2/4."}, ("hint", "must not contain the answer")),
        ({"colour": "red"}, ("questions[1].colour: unknown key",)),
    ],
)
def test_question_errors_name_key_value_and_what_is_allowed(
    changes: dict[str, Any], fragments: tuple[str, ...]
) -> None:
    _error(_exercise(_question(**changes)), *fragments)


def test_a_word_hint_must_not_contain_the_answer() -> None:
    q = _question(
        kind="word",
        answer="prisoners-dilemma",
        choices=["prisoners-dilemma", "chicken"],
        hint="Is it a Prisoner's Dilemma?",
    )
    _error(_exercise(q), "hint", "must not contain the answer")
    _error(_exercise(_question(kind="yes-no", answer="no", hint="No.")), "hint")


def test_a_numeric_hint_is_read_for_the_answer_in_any_form() -> None:
    _error(_exercise(_question(answer="-1/2", hint="It is −1/2.")), "hint")
    _error(_exercise(_question(answer="-1/2", hint="About -0.5.")), "hint")
    _error(_exercise(_question(answer="inf", hint="Infinity.")), "hint")
    _error(_exercise(_question(answer="inf", hint="It is ∞.")), "hint")
    ok = _exercise(_question(answer="inf", hint="Use the information given, not 1/2."))
    assert _build(ok).questions[0].value == float("inf")


ARGS = ["run", "prisoners-dilemma", "--format", "json"]


@pytest.mark.parametrize(
    ("check", "fragments"),
    [
        ("run", ("check = 'run'", "a table with args and path")),
        ({"path": ["class"]}, ("check.args: missing",)),
        ({"args": ARGS}, ("check.path: missing",)),
        ({"args": [], "path": ["class"]}, ("check.args = []", "non-empty list")),
        ({"args": ["run", 3], "path": ["class"]}, ("check.args", "non-empty list")),
        (
            {"args": ["run", "prisoners-dilemma"], "path": ["class"]},
            ("must include --format json",),
        ),
        (
            {"args": ["run", "x", "--format", "text"], "path": ["x"]},
            ("must include --format json",),
        ),
        ({"args": ["exercise", "list", "--format", "json"], "path": [0]}, ("tradegame command",)),
        ({"args": ["--debug", *ARGS], "path": [0]}, ("tradegame command",)),
        ({"args": [*ARGS, "--plot", "a.png"], "path": [0]}, ("no --plot or --out",)),
        ({"args": [*ARGS, "--out=a.csv"], "path": [0]}, ("no --plot or --out",)),
        ({"args": ARGS, "path": []}, ("check.path = []", "non-empty list")),
        ({"args": ARGS, "path": "class"}, ("check.path = 'class'",)),
        ({"args": ARGS, "path": [["a"]]}, ("step ['a']", "{field = value}")),
        ({"args": ARGS, "path": [True]}, ("step True",)),
        ({"args": ARGS, "path": [{"a": 1, "b": 2}]}, ("{field = value}",)),
        ({"args": ARGS, "path": ["class"], "where": 1}, ("check.where: unknown key",)),
    ],
)
def test_check_errors_name_key_value_and_what_is_allowed(
    check: Any, fragments: tuple[str, ...]
) -> None:
    _error(_exercise(_question(check=check)), "questions[1].check", *fragments)


def test_here_must_name_a_file_in_the_exercise_folder(tmp_path: Path) -> None:
    (tmp_path / "strategies").mkdir()
    (tmp_path / "strategies" / "s.toml").write_text("start = 'a'\n", encoding="utf-8")
    (tmp_path.parent / "outside.toml").write_text("x = 1\n", encoding="utf-8")
    good = ["match", "prisoners-dilemma", "{here}/strategies/s.toml", "grim", "--format", "json"]
    ex = _build(_exercise(_question(check={"args": good, "path": [0]})), tmp_path)
    assert ex.command(ex.questions[0])[2] == f"{tmp_path}/strategies/s.toml"
    for bad in ("{here}/strategies/missing.toml", "{here}/../outside.toml", "{here}", "x{here}"):
        args = [*good[:2], bad, *good[3:]]
        _error(
            _exercise(_question(check={"args": args, "path": [0]})),
            "check.args",
            "{here}/ must be followed by a file",
            tmp_path=tmp_path,
        )
    _error(
        _exercise(commands=["tradegame match {here}/nope.toml grim"]),
        "commands[0]",
        tmp_path=tmp_path,
    )


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_file_errors_are_one_line(tmp_path: Path) -> None:
    cases = {
        "a.toml": ("title = ", "not valid TOML"),
        "b.toml": ("", "is empty"),
        "c.toml": (b"\xff\xfe", "not UTF-8"),
    }
    for name, (text, fragment) in cases.items():
        with pytest.raises(ExerciseError) as info:
            read_exercise(_write(tmp_path, name, text))
        assert fragment in str(info.value) and "\n" not in str(info.value)
        assert str(info.value).startswith(str(tmp_path / name))
    with pytest.raises(ExerciseError, match="no such file"):
        read_exercise(tmp_path / "missing.toml")


def test_scanning_needs_numbered_unique_file_names(tmp_path: Path) -> None:
    text = (DOCS / "01-first-threshold.toml").read_text(encoding="utf-8")
    _write(tmp_path, "01-one.toml", text)
    assert [ex.number for ex in list_exercises(tmp_path)] == [1]
    _write(tmp_path, "01-again.toml", text)
    with pytest.raises(ExerciseError, match=r"01-one.toml: file name .* number taken by 01-again"):
        list_exercises(tmp_path)
    (tmp_path / "01-again.toml").unlink()
    _write(tmp_path, "quiz.toml", text)
    with pytest.raises(
        ExerciseError, match=r"quiz.toml: file name = 'quiz.toml': expected NN-name"
    ):
        list_exercises(tmp_path)


def test_a_user_file_needs_no_number(tmp_path: Path) -> None:
    text = (DOCS / "01-first-threshold.toml").read_text(encoding="utf-8")
    ex = find_exercise(str(_write(tmp_path, "my-quiz.toml", text)))
    assert ex.number is None and ex.label == "my-quiz"


# --- paths into the output --------------------------------------------------

OUTPUT = {
    "class": "chicken",
    "equilibria": [{"pure": True, "p": ["1", "0"]}, {"pure": False, "p": ["9/10", "1/10"]}],
    "rows": [{"name": "a", "v": 1}, {"name": "a", "v": 2}],
}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["class"], "chicken"),
        (["equilibria", 1, "p", 0], "9/10"),
        (["equilibria", -1, "p", -1], "1/10"),
        (["equilibria", ("pure", False), "p", 0], "9/10"),
        (["equilibria", ("pure", True), "p", 0], "1"),
    ],
)
def test_resolve_follows_keys_indices_and_selectors(path: list[Any], value: Any) -> None:
    assert resolve(OUTPUT, path) == value


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        (["klass"], "no key 'klass' in the top; keys there: class, equilibria, rows"),
        (["equilibria", 2], "no index 2 in equilibria (2 elements)"),
        (["class", 0], "no index 0 in class (not a list)"),
        (["equilibria", ("pure", 1)], "0 elements of equilibria have pure = 1"),
        (["rows", ("name", "a")], "2 elements of rows have name = 'a'"),
        (["class", ("a", 1)], "class is not a list"),
        (["equilibria", 0, "q"], "no key 'q' in equilibria[0]"),
    ],
)
def test_resolve_says_where_a_path_breaks(path: list[Any], fragment: str) -> None:
    with pytest.raises(LookupError, match=re.escape(fragment)):
        resolve(OUTPUT, path)


def test_a_path_that_does_not_exist_is_a_one_line_error() -> None:
    q = {"args": ARGS, "path": ["thresholds", "nope", 0]}
    ex = _build(_exercise(_question(check=q)))
    code, out, _ = run_cached(tuple(ARGS))
    assert code == 0
    with pytest.raises(ExerciseError) as info:
        tool_value(ex, ex.questions[0], out)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("quiz.toml: questions[1].check.path = 'thresholds.nope[0]'")
    assert "no key 'nope' in thresholds" in message
    assert "tradegame run prisoners-dilemma --format json" in message
    with pytest.raises(ExerciseError, match="did not print JSON"):
        tool_value(ex, ex.questions[0], "not json")


def test_verify_reports_differences_failures_and_wrong_types() -> None:
    questions = [
        _question(),
        _question(answer="2/3"),
        _question(check={"args": ARGS, "path": ["thresholds", "thresholds_float", 0]}),
        _question(check={"args": ARGS, "path": ["nope"]}),
    ]
    ex = _build(_exercise(*questions))
    verdicts = verify(ex, lambda args: run_cached(tuple(args)))
    assert [v.agrees for v in verdicts] == [True, False, False, False]
    assert verdicts[1].value == "1/2" and not verdicts[1].problem
    assert "not an exact fraction: use kind = 'number'" in verdicts[2].problem
    assert "no key 'nope'" in verdicts[3].problem
    failed = verify(ex, lambda args: (2, "", "tradegame: error: boom\n"))
    assert all("exited with 2: tradegame: error: boom" in v.problem for v in failed)


# --- comparing answers ------------------------------------------------------


def _q(**changes: Any) -> Any:
    return _build(_exercise(_question(**changes))).questions[0]


@pytest.mark.parametrize(
    ("text", "value", "exact"),
    [
        ("1/3", Fraction(1, 3), True),
        (" -2 / 6 ", Fraction(-1, 3), True),
        ("−3", Fraction(-3), True),
        ("0.3333", Fraction(3333, 10000), False),
        (".5", Fraction(1, 2), False),
        ("1e-3", Fraction(1, 1000), False),
        ("inf", float("inf"), True),
        ("-∞", float("-inf"), True),
        ("Infinity", float("inf"), True),
    ],
)
def test_parse_number(text: str, value: Any, exact: bool) -> None:
    assert parse_number(text) == (value, exact)


@pytest.mark.parametrize("text", ["", "abc", "1/0", "1/2/3", "--1", "1,5", "infinite", "nan"])
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


def test_fraction_replies() -> None:
    q = _q()
    assert all(q.accepts(r) for r in ("1/2", "2/4", "0.5", "0.5004", ".4999", "5e-1"))
    assert not any(q.accepts(r) for r in ("1/3", "0.502", "1", "inf"))
    assert _q(tolerance=0).accepts("0.5") and not _q(tolerance=0).accepts("0.5001")
    infinite = _q(answer="inf", hint="Compare the gain with the loss.")
    assert infinite.accepts("∞") and infinite.accepts("Infinity") and not infinite.accepts("1e9")


def test_number_integer_word_and_yes_no_replies() -> None:
    number = _q(kind="number", answer=0.5714, tolerance=0.0005, hint="Use Bayes' rule.")
    assert number.accepts("4/7") and number.accepts("0.5714") and not number.accepts("0.57")
    integer = _q(kind="integer", answer=199, hint="Count the periods.")
    assert integer.accepts("199") and integer.accepts("199.0") and integer.accepts("398/2")
    assert not integer.accepts("198")
    with pytest.raises(ValueError, match="not a whole number"):
        integer.accepts("199.5")
    word = _q(
        kind="word",
        answer="leverage window",
        choices=["leverage window", "self-harm", "neither"],
        hint="Compare the values.",
    )
    assert word.accepts("Leverage-Window") and word.accepts(" leverage_window ")
    assert not word.accepts("self harm")
    with pytest.raises(ValueError, match="not one of the choices: leverage window, self-harm"):
        word.accepts("window")
    yes = _q(kind="yes-no", answer="yes", hint="Compare the numbers.")
    assert yes.accepts("Y") and yes.accepts("TRUE") and not yes.accepts("no")
    with pytest.raises(ValueError, match="answer yes or no"):
        yes.accepts("perhaps")


def test_tool_values() -> None:
    fraction = _q()
    assert fraction.agrees("1/2") and fraction.agrees("2/4") and not fraction.agrees("1/3")
    for inexact in (0.5, "0.5"):
        with pytest.raises(ValueError, match="not an exact fraction"):
            fraction.agrees(inexact)
    with pytest.raises(ValueError, match="not a number"):
        fraction.agrees([1, 2])
    number = _q(kind="number", answer=-28.625, tolerance=0.001, hint="Find the equilibrium.")
    assert number.agrees(-28.625) and number.agrees("-229/8") and not number.agrees(-28.6)
    assert _q(kind="integer", answer=5, hint="Count.").agrees(5.0)
    yes_no = _q(kind="yes-no", answer="no", hint="Compare.")
    assert yes_no.agrees(False) and yes_no.agrees("no") and not yes_no.agrees(True)
    with pytest.raises(ValueError, match="not text"):
        yes_no.agrees(0)


def test_the_bundled_exercises_use_every_kind() -> None:
    assert {q.kind for _, q in QUESTIONS} == set(KINDS)


# --- properties -------------------------------------------------------------

fractions = st.fractions(min_value=-1000, max_value=1000, max_denominator=1000)


@given(fractions, st.integers(min_value=2, max_value=50), st.integers(min_value=4, max_value=12))
def test_every_form_of_a_fraction_is_accepted(value: Fraction, k: int, digits: int) -> None:
    q = _q(answer=str(value), hint="Solve the indifference condition.")
    assert q.accepts(str(value))
    assert q.accepts(f"{value.numerator * k}/{value.denominator * k}")
    assert q.accepts(f"{float(value):.{digits}f}")
    assert not q.accepts(f"{float(value) + 0.0011:.{digits}f}")
    assert not q.accepts(str(value + Fraction(1, 1001)))


@given(fractions, st.sampled_from(["0.01", "0.001", "0.0001"]), st.floats(-3, 3))
def test_a_number_is_accepted_exactly_within_its_tolerance(
    value: Fraction, tol: str, shift: float
) -> None:
    q = _q(kind="number", answer=str(float(value)), tolerance=float(tol), hint="Solve it.")
    reply = Fraction(str(float(value))) + Fraction(tol) * Fraction(shift)
    assert q.accepts(str(reply)) is (abs(Fraction(shift)) <= 1)
    assert q.accepts(f"{float(value):.6f}")


@given(st.sampled_from(["prisoners-dilemma", "stag-hunt", "no-pure-equilibrium"]), st.data())
def test_words_are_accepted_in_any_case_and_spacing(word: str, data: Any) -> None:
    choices = ["prisoners-dilemma", "stag-hunt", "no-pure-equilibrium", "chicken"]
    q = _q(kind="word", answer=word, choices=choices, hint="Follow the best replies.")
    spaced = word.replace("-", data.draw(st.sampled_from(["-", " ", "_", " - "])))
    cased = "".join(c.upper() if data.draw(st.booleans()) else c for c in spaced)
    assert q.accepts(cased) and q.accepts(f"  {cased} ")
    assert not q.accepts("chicken")


def test_a_copy_of_the_folder_loads_the_same_exercises(tmp_path: Path) -> None:
    shutil.copytree(DOCS / "strategies", tmp_path / "strategies")
    for ex in EXERCISES:
        shutil.copy(ex.path, tmp_path / ex.path.name)
    copies = list_exercises(tmp_path)
    assert [c.name for c in copies] == [ex.name for ex in EXERCISES]
    assert [c.questions for c in copies] == [ex.questions for ex in EXERCISES]
    assert copies[5].command(copies[5].questions[2])[2].startswith(str(tmp_path))


def _example_loads(text: str) -> None:
    ex = build_exercise(tomllib.loads(text), "example.toml", Path("01-example.toml"))
    assert ex.questions[0].check.args[-2:] == ("--format", "json")


def test_the_documented_examples_are_valid_exercises() -> None:
    import tradegame.exercises as module

    block = (module.__doc__ or "").split("A file::\n\n", 1)[1].split("\n\nThe kinds", 1)[0]
    _example_loads("\n".join(line[4:] for line in block.splitlines()))
    writing = (DOCS / "writing.md").read_text(encoding="utf-8")
    found = re.search(r"```toml\n(.*?)```", writing, re.S)
    assert found
    _example_loads(found.group(1))
