"""``tradegame exercise``: classroom exercises that check themselves.

``list`` and ``show`` print the exercises (never their answers); ``check``
compares a student's answer with one question's stated answer and prints the
file's hint when it is wrong; ``verify`` runs every question's check against
the tool, for whoever writes an exercise file.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tradegame.cli.common import format_option, reports_errors

if TYPE_CHECKING:
    from tradegame.exercises import Exercise, Question

__all__ = ["MAX_ANSWER_CHARS", "exercise_command"]

EXIT_WRONG = 1
_WIDTH = 78
#: The longest answer ``check`` reads. Stated answers are short (the longest, a strategy
#: label, has 23 characters); a reply of thousands of digits is a paste gone wrong.
MAX_ANSWER_CHARS = 200
_MAX_QUESTION_DIGITS = 6  # no exercise has a million questions


@click.group("exercise")
def exercise_command() -> None:
    """Classroom exercises: list them, show one, check an answer.

    N is an exercise's number (see `tradegame exercise list`), its name, or a
    path to an exercise file (.toml).
    """


def _here(ex: Exercise) -> str:
    """The exercise folder as a student can type it: relative to the working directory if inside."""
    folder = ex.path.parent.resolve()
    try:
        rel = folder.relative_to(Path.cwd().resolve())
    except ValueError:
        return str(folder)
    return str(rel) if str(rel) != "." else "."


def _fill(text: str, first: str, rest: str) -> str:
    """One paragraph, wrapped without breaking names such as rare-earth-2025."""
    return textwrap.fill(
        text,
        _WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _wrap(text: str, indent: str = "  ") -> str:
    """Each paragraph of ``text`` wrapped, indented; blank lines kept between paragraphs."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(_fill(p, indent, indent) for p in paragraphs)


@exercise_command.command("list")
@format_option(("text", "json"))
@reports_errors
def list_exercises_command(style: str) -> None:
    """List the exercises, one line each."""
    from tradegame.exercises import list_exercises

    found = list_exercises()
    if style == "json":
        rows = [
            {
                "number": ex.number,
                "name": ex.name,
                "title": ex.title,
                "goal": ex.goal,
                "questions": len(ex.questions),
            }
            for ex in found
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(ex.title) for ex in found)
    for ex in found:
        n = len(ex.questions)
        click.echo(f"{ex.label:>3}  {ex.title.ljust(width)}  {n} question{'s' * (n != 1)}")


def _show_text(ex: Exercise) -> str:
    here = _here(ex)
    title = f"Exercise {ex.number}: {ex.title}" if ex.number is not None else ex.title
    out = [title, "=" * len(title), "", "Goal", _wrap(ex.goal), "", "Setting", _wrap(ex.setting)]
    out += [_wrap(f"(Source: {ex.source}.)"), "", "Explore"]
    out += [f"  $ {command}" for command in ex.shown_commands(here)]
    if ex.code:
        out += ["", "  In Python:", textwrap.indent(ex.code_inputs(), "    ")]
    out += ["", "Questions"]
    for q in ex.questions:
        label = f"  {ex.label}.{q.number}  "
        indent = " " * len(label)
        text = _fill(" ".join(q.text.split()), label, indent)
        out += [text, _wrap(f"(Answer with {q.form}.)", indent), ""]
    out.append(f"Check an answer: tradegame exercise check {ex.label}.N ANSWER")
    return "\n".join(out) + "\n"


def _show_json(ex: Exercise) -> dict[str, Any]:
    return {
        "number": ex.number,
        "name": ex.name,
        "title": ex.title,
        "goal": ex.goal,
        "setting": ex.setting,
        "source": ex.source,
        "commands": ex.shown_commands(_here(ex)),
        "code": ex.code_inputs(),
        "questions": [
            {"id": f"{ex.label}.{q.number}", "text": q.text, "kind": q.kind, "form": q.form}
            for q in ex.questions
        ],
    }


@exercise_command.command("show")
@click.argument("number", metavar="N")
@format_option(("text", "markdown", "json"))
@reports_errors
def show_exercise_command(number: str, style: str) -> None:
    """Show exercise N: its goal, setting, what to try and its questions (not the answers)."""
    from tradegame.exercises import find_exercise, render_page

    ex = find_exercise(number)
    if style == "json":
        click.echo(json.dumps(_show_json(ex), indent=2, ensure_ascii=False))
    elif style == "markdown":
        click.echo(render_page(ex, here=_here(ex)), nl=False)
    else:
        click.echo(_show_text(ex), nl=False)


def _question(ref: str) -> tuple[Exercise, Question]:
    """``N.Q`` (or ``N`` for an exercise with one question) -> the exercise and the question."""
    from tradegame.exercises import find_exercise
    from tradegame.exercises.load import ExerciseError

    found = re.fullmatch(r"(.+)\.(\d+)", ref)
    ex = find_exercise(found.group(1) if found else ref)
    if found:
        digits = found.group(2)
        if len(digits) > _MAX_QUESTION_DIGITS:
            raise ExerciseError(
                ex.source_file,
                "question",
                digits,
                f"exercise {ex.label} has questions 1 to {len(ex.questions)}",
            )
        return ex, ex.question(int(digits))
    if len(ex.questions) == 1:
        return ex, ex.questions[0]
    raise ValueError(
        f"exercise {ex.label} has {len(ex.questions)} questions: name one, "
        f"e.g. `tradegame exercise check {ex.label}.1 ANSWER`"
    )


@exercise_command.command(
    "check", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False}
)
@click.argument("ref", metavar="N.Q")
@click.argument("answer", nargs=-1, required=True, metavar="ANSWER")
@reports_errors
def check_exercise_command(ref: str, answer: tuple[str, ...]) -> None:
    """Check ANSWER to question Q of exercise N (e.g. `check 3.2 1/3`).

    Fractions, decimals (within the question's tolerance) and words in any
    case are accepted. A wrong answer prints a hint and exits with code 1.
    """
    ex, q = _question(ref)
    where = f"exercise {ex.label}, question {q.number}"
    reply = " ".join(answer)
    if len(reply) > MAX_ANSWER_CHARS:
        from tradegame.datafile import show

        raise ValueError(
            f"{where}: ANSWER {show(reply)} has {len(reply)} characters; "
            f"an answer has at most {MAX_ANSWER_CHARS}"
        )
    try:
        right = q.accepts(reply)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    if right:
        click.echo(f"Right ({where}).\n\n{_wrap(q.explanation, '')}")
        return
    click.echo(f"Not right ({where}).\n{_wrap('Hint: ' + q.hint, '')}")
    raise SystemExit(EXIT_WRONG)


def invoke(args: list[str]) -> tuple[int, str, str]:
    """Run ``tradegame ARGS`` in this process: (exit code, stdout, stderr)."""
    from tradegame.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main.main(args=args, prog_name="tradegame", standalone_mode=False)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except click.ClickException as exc:
            err.write(f"tradegame: error: {exc.format_message()}\n")
            code = exc.exit_code
        except Exception as exc:  # a crash is reported as a failed check, not raised
            err.write(f"tradegame: crashed: {type(exc).__name__}: {exc}\n")
            code = 1
    return code, out.getvalue(), err.getvalue()


@exercise_command.command("verify")
@click.argument("numbers", nargs=-1, metavar="[N]...")
@reports_errors
def verify_exercise_command(numbers: tuple[str, ...]) -> None:
    """Run the checks of exercises N (default: all) against the tool; for exercise writers.

    Prints each question's stated answer and what the tool computes, and
    exits with code 1 if any differ or a check cannot run.
    """
    from tradegame.exercises import find_exercise, list_exercises, verify

    found = [find_exercise(n) for n in numbers] if numbers else list_exercises()
    failed = 0
    for ex in found:
        for v in verify(ex, invoke):
            tag = f"{ex.label}.{v.question.number}"
            if v.problem:
                line = f"{tag:<6} {'ERROR':<7}  {v.problem}"
            else:
                status = "ok" if v.agrees else "DIFFERS"
                line = f"{tag:<6} {status:<7}  stated {v.question.answer}; the tool gives {v.value}"
            failed += not v.agrees
            click.echo(line)
    if failed:
        click.echo(f"{failed} check{'s' * (failed != 1)} failed", err=True)
        raise SystemExit(EXIT_WRONG)
