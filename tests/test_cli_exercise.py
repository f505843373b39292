"""``tradegame exercise``: list, show, check and verify, and that answers never leak."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from clihelpers import assert_one_line_error, run
from hypothesis import given
from hypothesis import strategies as st

from tradegame.exercises import list_exercises, parse_number

DOCS = Path(__file__).resolve().parent.parent / "docs" / "exercises"
EXERCISES = list_exercises()
QUESTIONS = [(ex, q) for ex in EXERCISES for q in ex.questions]
IDS = [f"{ex.label}.{q.number}" for ex, q in QUESTIONS]


def _equivalent(q: Any) -> str:
    """Another accepted form of the stated answer."""
    if q.kind == "word":
        return q.answer.upper().replace("-", " ")
    if q.kind == "yes-no":
        return {"yes": "Y", "no": "FALSE"}[q.answer]
    value, _ = parse_number(q.answer)
    if q.kind == "integer":
        return f"{2 * int(value)}/2"
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "-∞"
    return f"{float(value):.5f}" if q.kind == "fraction" else str(Fraction(value))


def _wrong(q: Any) -> str:
    """A well-formed reply that is not the answer."""
    if q.kind == "word":
        return next(c for c in q.choices if c != q.answer)
    if q.kind == "yes-no":
        return "no" if q.answer == "yes" else "yes"
    value, _ = parse_number(q.answer)
    return str(value + 7) if q.kind != "number" else str(float(value) + 3 * float(q.tolerance) + 1)


def _body(output: str) -> str:
    """The output without its '(exercise N, question Q)' label."""
    return re.sub(r"\(exercise [^)]*\)", "", output)


# --- list and show ----------------------------------------------------------


def test_list_shows_every_exercise(runner: CliRunner) -> None:
    result = run(runner, "exercise", "list")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert [int(line.split()[0]) for line in lines] == [ex.number for ex in EXERCISES]
    for line, ex in zip(lines, EXERCISES, strict=True):
        assert ex.title in line and f"{len(ex.questions)} question" in line


def test_list_json(runner: CliRunner) -> None:
    rows = json.loads(run(runner, "exercise", "list", "--format", "json").stdout)
    assert [r["name"] for r in rows] == [ex.name for ex in EXERCISES]
    assert set(rows[0]) == {"number", "name", "title", "goal", "questions"}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name)
def test_show_prints_goal_setting_commands_and_questions(runner: CliRunner, exercise: Any) -> None:
    out = run(runner, "exercise", "show", str(exercise.number)).stdout
    flat = " ".join(out.split())
    assert f"Exercise {exercise.number}: {exercise.title}" in out
    for part in (exercise.goal, exercise.setting, exercise.source):
        assert " ".join(part.split()) in flat
    for raw, command in zip(exercise.commands, exercise.shown_commands(), strict=True):
        assert f"$ {command}" in out or "{here}" in raw
    for q in exercise.questions:
        assert f"{exercise.label}.{q.number}" in out
        assert " ".join(q.text.split()) in flat
        assert " ".join(q.form.split()) in flat
        assert " ".join(q.hint.split()) not in flat
        assert " ".join(q.explanation.split()) not in flat
    if exercise.code:
        assert ">>>" not in out and exercise.code_inputs().splitlines()[0] in out


def test_show_by_name_and_in_every_format(runner: CliRunner) -> None:
    text = run(runner, "exercise", "show", "first-threshold").stdout
    assert text == run(runner, "exercise", "show", "01").stdout
    markdown = run(runner, "exercise", "show", "1", "--format", "markdown").stdout
    assert markdown.startswith("# Exercise 1: ") and "## Questions" in markdown
    data = json.loads(run(runner, "exercise", "show", "1", "--format", "json").stdout)
    assert data["name"] == EXERCISES[0].name
    assert [q["id"] for q in data["questions"]] == [f"1.{q.number}" for q in EXERCISES[0].questions]
    assert not {"answer", "hint", "explanation", "check"} & set(data["questions"][0])


def test_show_expands_here_to_the_exercise_folder(runner: CliRunner) -> None:
    out = run(runner, "exercise", "show", "6").stdout
    assert "{here}" not in out
    assert "strategies/defect-in-round-5.toml grim --turns 5" in out


def _secret_copy(tmp_path: Path, exercise: Any) -> tuple[Path, Path]:
    """The exercise copied twice: as it is, and with every answer-side field changed."""
    shutil.copytree(DOCS / "strategies", tmp_path / "strategies", dirs_exist_ok=True)
    data = tomllib.loads(exercise.path.read_text(encoding="utf-8"))
    plain = tmp_path / "zqx-aaaaa.toml"
    plain.write_text(exercise.path.read_text(encoding="utf-8"), encoding="utf-8")
    secret = {"fraction": "98765/4321", "number": "8642.0975", "integer": "97531"}
    lines = []
    for key in ("title", "goal", "setting", "source"):
        lines.append(f"{key} = {json.dumps(data[key])}")
    lines.append(f"commands = {json.dumps(data['commands'])}")
    if "code" in data:
        lines.append(f"code = {json.dumps(data['code'])}")
    lines.append('solution = "SECRET-SOLUTION"')
    for q in data["questions"]:
        if q["kind"] == "word":
            answer = json.dumps(next(c for c in q["choices"] if c != q["answer"]))
        elif q["kind"] == "yes-no":
            answer = json.dumps("no" if q["answer"] == "yes" else "yes")
        else:
            answer = json.dumps(secret[q["kind"]])
        lines += ["", "[[questions]]", f"text = {json.dumps(q['text'])}"]
        lines += [f"kind = {json.dumps(q['kind'])}", f"answer = {answer}"]
        if "tolerance" in q:
            lines.append(f"tolerance = {q['tolerance']}")
        if "choices" in q:
            lines.append(f"choices = {json.dumps(q['choices'])}")
        lines += ['hint = "SECRET-HINT"', 'explanation = "SECRET-EXPLANATION"']
        check = {"args": [*q["check"]["args"][:-2], "--set", "secret=1", "--format", "json"]}
        lines.append(f'check = {{ args = {json.dumps(check["args"])}, path = ["secret"] }}')
    changed = tmp_path / "zqx-bbbbb.toml"
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return plain, changed


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name)
@pytest.mark.parametrize("style", ["text", "markdown", "json"])
def test_show_does_not_depend_on_answers(
    runner: CliRunner, tmp_path: Path, exercise: Any, style: str
) -> None:
    plain, changed = _secret_copy(tmp_path, exercise)
    shown = [
        run(runner, "exercise", "show", str(path), "--format", style).stdout.replace(path.stem, "X")
        for path in (plain, changed)
    ]
    assert shown[0] == shown[1]
    assert "SECRET" not in shown[1] and "98765" not in shown[1]


# --- check ------------------------------------------------------------------


@pytest.mark.parametrize(("exercise", "question"), QUESTIONS, ids=IDS)
def test_the_stated_answer_and_its_equivalent_forms_are_right(
    runner: CliRunner, exercise: Any, question: Any
) -> None:
    ref = f"{exercise.label}.{question.number}"
    for reply in (question.answer, _equivalent(question)):
        result = run(runner, "exercise", "check", ref, *reply.split())
        assert result.exit_code == 0, (reply, result.stdout, result.stderr)
        assert result.stdout.startswith(f"Right (exercise {exercise.label}, question")
        assert " ".join(question.explanation.split()) in " ".join(result.stdout.split())


@pytest.mark.parametrize(("exercise", "question"), QUESTIONS, ids=IDS)
def test_a_wrong_answer_gets_the_hint_and_never_the_answer(
    runner: CliRunner, exercise: Any, question: Any
) -> None:
    result = run(
        runner, "exercise", "check", f"{exercise.label}.{question.number}", _wrong(question)
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("Not right (exercise")
    body = _body(result.stdout)
    assert " ".join(question.hint.split()) in " ".join(body.split())
    assert not question.reveals(body)
    assert question.explanation[:30] not in result.stdout
    if len(question.answer) > 2:
        assert question.answer.lower() not in body.lower()


def test_check_accepts_negative_numbers_and_words_with_spaces(runner: CliRunner) -> None:
    assert run(runner, "exercise", "check", "2.4", "-28.625").exit_code == 0
    assert run(runner, "exercise", "check", "2.4", "-229/8").exit_code == 0
    assert run(runner, "exercise", "check", "6.5", "−85.875").exit_code == 0
    assert run(runner, "exercise", "check", "3.1", "Prisoner's", "Dilemma").exit_code == 0
    assert run(runner, "exercise", "check", "9.4", "leverage", "window").exit_code == 0
    assert run(runner, "exercise", "check", "9.4", "--", "self-harm").exit_code == 1


def test_a_decimal_outside_the_tolerance_is_wrong(runner: CliRunner) -> None:
    assert run(runner, "exercise", "check", "1.1", "0.5009").exit_code == 0
    assert run(runner, "exercise", "check", "1.1", "0.502").exit_code == 1


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("99.1", "1"), ("exercise = '99'", "no such exercise")),
        (("first-treshold.1", "1"), ("did you mean '01-first-threshold'",)),
        (("1.9", "1/2"), ("question = 9", "exercise 1 has questions 1 to 4")),
        (("1.0", "1/2"), ("question = 0",)),
        (("1", "1/2"), ("exercise 1 has 4 questions", "check 1.1 ANSWER")),
        (("1.1", "abc"), ("exercise 1, question 1: 'abc' is not an exact fraction",)),
        (("1.1", "1/0"), ("'1/0' is not",)),
        (("3.1", "banana"), ("'banana' is not one of the choices: prisoners-dilemma, chicken",)),
        (("1.3", "maybe"), ("'maybe': answer yes or no",)),
        (("6.1", "5.5"), ("'5.5' is not a whole number",)),
        (("nowhere/quiz.toml.1", "1"), ("nowhere/quiz.toml", "no such file")),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    runner: CliRunner, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    assert_one_line_error(run(runner, "exercise", "check", *args), *fragments)


def test_bad_show_is_one_line_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    assert_one_line_error(run(runner, "exercise", "show", "0"), "no such exercise")
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n', encoding="utf-8")
    assert_one_line_error(run(runner, "exercise", "show", str(bad)), "bad.toml", "goal: missing")


def test_check_a_question_of_a_user_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "my-quiz.toml"
    shutil.copy(DOCS / "01-first-threshold.toml", path)
    assert run(runner, "exercise", "check", f"{path}.2", "1/4").exit_code == 0
    assert run(runner, "exercise", "check", f"{path}.2", "1/3").exit_code == 1


# --- verify -----------------------------------------------------------------


def test_verify_one_exercise(runner: CliRunner) -> None:
    result = run(runner, "exercise", "verify", "1")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.strip().splitlines()
    assert [line.split()[:2] for line in lines] == [[f"1.{k}", "ok"] for k in range(1, 5)]
    assert "stated 1/2; the tool gives 1/2" in lines[0]


def test_verify_reports_a_wrong_stated_answer_and_a_broken_path(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = (DOCS / "01-first-threshold.toml").read_text(encoding="utf-8")
    text = text.replace('answer = "1/4"', 'answer = "1/3"')
    text = text.replace('path = ["strategies", { strategy = "tit-for-tat" }', 'path = ["nope"')
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    result = run(runner, "exercise", "verify", str(path))
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[1] == "ok"
    assert "DIFFERS" in lines[1] and "stated 1/3; the tool gives 1/4" in lines[1]
    assert "ERROR" in lines[3] and "no key 'nope'" in lines[3]
    assert "2 checks failed" in result.stderr


def test_verify_reports_a_command_that_fails(runner: CliRunner, tmp_path: Path) -> None:
    text = (DOCS / "01-first-threshold.toml").read_text(encoding="utf-8")
    text = text.replace('"--set", "R=4"', '"--set", "Q=4"')
    path = tmp_path / "failing.toml"
    path.write_text(text, encoding="utf-8")
    result = run(runner, "exercise", "verify", str(path))
    assert result.exit_code == 1
    line = result.stdout.strip().splitlines()[1]
    assert "ERROR" in line and "exited with 2" in line and "Q" in line


def test_help_lists_the_subcommands(runner: CliRunner) -> None:
    out = run(runner, "exercise", "--help").stdout
    for name in ("list", "show", "check", "verify"):
        assert name in out


# --- properties: answers never leak ----------------------------------------

fractions = st.fractions(min_value=-50, max_value=50, max_denominator=97).filter(
    lambda f: f.denominator > 1
)

TEMPLATE = """\
title = "Quiz"
goal = "Practise finding a fraction."
setting = "After seed 000: a dilemma between two players."
source = "seed 000, section 8"
commands = ["tradegame run prisoners-dilemma"]

[[questions]]
text = "What is the fraction?"
kind = "fraction"
answer = "{answer}"
hint = "Solve the indifference condition."
explanation = "Because it is {answer}."
check = {{ args = ["run", "prisoners-dilemma", "--format", "json"], path = ["class"] }}
"""


def _leaks(output: str, answer: Fraction) -> bool:
    tokens = re.findall(r"-?\d+(?:\.\d+)?(?:/\d+)?", output)
    return any(parse_number(t)[0] == answer or t == str(answer) for t in tokens)


@given(fractions)
def test_show_never_leaks_a_fraction_answer(answer: Fraction) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        quiz = Path(folder) / "quiz.toml"
        quiz.write_text(TEMPLATE.format(answer=answer), encoding="utf-8")
        for style in ("text", "markdown", "json"):
            out = run(runner, "exercise", "show", str(quiz), "--format", style).stdout
            assert not _leaks(out.replace(folder, ""), answer), out


@given(fractions, st.fractions(min_value=-3, max_value=3, max_denominator=50))
def test_a_wrong_reply_never_leaks_the_answer(answer: Fraction, shift: Fraction) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        quiz = Path(folder) / "quiz.toml"
        quiz.write_text(TEMPLATE.format(answer=answer), encoding="utf-8")
        result = run(runner, "exercise", "check", f"{quiz}.1", str(answer + shift))
        assert result.exit_code == (0 if shift == 0 else 1)
        if shift != 0:
            assert not _leaks(_body(result.stdout), answer), result.stdout
        decimal = f"{float(answer):.6f}"
        assert run(runner, "exercise", "check", f"{quiz}.1", decimal).exit_code == 0
