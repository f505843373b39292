"""Exercise files read and validated: :class:`Exercise`, :class:`Question`, :class:`Check`.

The file format is described in :mod:`tradegame.exercises`. Every problem with a
file raises :class:`ExerciseError`, whose message is one line naming the file,
the key, the value and what is allowed. Files are found by scanning a folder
(default: the bundled ``tradegame._exercises``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from tradegame.datafile import MISSING, DataFileError, did_you_mean, is_text, read_toml, show
from tradegame.exercises.replies import (
    NUMBER_TOKEN,
    Number,
    close,
    decimal,
    is_infinite,
    parse_number,
    tool_number,
    word,
    yes_no,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "HERE",
    "KINDS",
    "Check",
    "Exercise",
    "ExerciseError",
    "PathStep",
    "Question",
    "build_exercise",
    "exercises_dir",
    "find_exercise",
    "list_exercises",
    "read_exercise",
    "show_path",
]

KINDS = ("fraction", "number", "integer", "word", "yes-no")
DEFAULT_TOLERANCE = Fraction(1, 1000)
HERE = "{here}"

_FILE = re.compile(r"(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.toml")
_TOP_KEYS = ("title", "goal", "setting", "source", "commands", "code", "solution", "questions")
_QUESTION_KEYS = ("text", "kind", "answer", "tolerance", "choices", "hint", "explanation", "check")
_CHECK_KEYS = ("args", "path")
_COMMAND = re.compile(r"[a-z][a-z-]*")
_WRITES = ("--plot", "--out")

PathStep = str | int | tuple[str, Any]


class ExerciseError(DataFileError):
    """An exercise file (or a reference to one, or a reply) is invalid; the message is one line."""


# --- the data ---------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """Where the tool computes an answer: a command's arguments and a path into its JSON."""

    args: tuple[str, ...]
    path: tuple[PathStep, ...]

    def describe(self) -> str:
        """The path as text: ``strategies[strategy=grim].thresholds[0]``."""
        return show_path(self.path)


@dataclass(frozen=True)
class Question:
    """One question: its text, its stated answer and how replies are compared with it."""

    number: int
    text: str
    kind: str
    answer: str
    value: Number | str
    tolerance: Fraction | None
    choices: tuple[str, ...]
    hint: str
    explanation: str
    check: Check

    @property
    def form(self) -> str:
        """What a reply should look like (never the answer itself)."""
        tol = decimal(self.tolerance) if self.tolerance is not None else ""
        return {
            "fraction": f"an exact fraction p/q, or a decimal within {tol}",
            "number": f"a number, within {tol}",
            "integer": "a whole number",
            "word": "one of: " + ", ".join(self.choices),
            "yes-no": "yes or no",
        }[self.kind]

    def accepts(self, reply: str) -> bool:
        """Whether a student's reply is the stated answer; ValueError if it is malformed."""
        if self.kind == "word":
            words = {word(c): c for c in self.choices}
            if word(reply) not in words:
                raise ValueError(f"{reply!r} is not one of the choices: {', '.join(self.choices)}")
            return word(reply) == word(self.answer)
        if self.kind == "yes-no":
            said = yes_no(reply)
            if said is None:
                raise ValueError(f"{reply!r}: answer yes or no")
            return said == self.value
        try:
            got, exact = parse_number(reply)
        except ValueError:
            raise ValueError(f"{reply!r} is not {self.form}") from None
        assert isinstance(self.value, Fraction | float)
        if self.kind == "integer":
            if is_infinite(got) or Fraction(got).denominator != 1:
                raise ValueError(f"{reply!r} is not a whole number")
            return got == self.value
        if self.kind == "fraction" and exact:
            return got == self.value
        assert self.tolerance is not None
        return close(got, self.value, self.tolerance)

    def agrees(self, found: Any) -> bool:
        """Whether a value from the tool's JSON output is the stated answer.

        Raises ValueError when the value is of a type the kind cannot compare
        (a list where a number is expected, a float for an exact fraction).
        """
        if self.kind in ("word", "yes-no"):
            if self.kind == "yes-no" and isinstance(found, bool):
                return ("yes" if found else "no") == self.value
            if not isinstance(found, str):
                raise ValueError(f"the tool gives {show(found)}, not text")
            if self.kind == "yes-no":
                return yes_no(found) == self.value
            return word(found) == word(self.answer)
        number = tool_number(found)
        if number is None:
            raise ValueError(f"the tool gives {show(found)}, not a number")
        got, exact = number
        assert isinstance(self.value, Fraction | float)
        if self.kind == "fraction":
            if not exact:
                raise ValueError(
                    f"the tool gives {show(found)}, not an exact fraction: use kind = 'number'"
                )
            return got == self.value
        if self.kind == "integer":
            return got == self.value
        assert self.tolerance is not None
        return close(got, self.value, self.tolerance)

    def reveals(self, text: str) -> bool:
        """Whether ``text`` contains the stated answer (in any accepted form)."""
        if isinstance(self.value, str):  # word and yes-no

            def flat(t: str) -> str:
                return " " + re.sub(r"[^a-z0-9]+", " ", word(t)).strip() + " "

            return flat(self.answer) in flat(text)
        text = text.replace("−", "-")
        if is_infinite(self.value) and re.search(r"\binf(inity)?\b|∞", text.lower()):
            return True
        for token in NUMBER_TOKEN.findall(text):
            try:
                if self.accepts(token):
                    return True
            except ValueError:
                continue
        return False


@dataclass(frozen=True)
class Exercise:
    """One exercise file, validated."""

    number: int | None
    name: str
    path: Path
    source_file: str
    title: str
    goal: str
    setting: str
    source: str
    commands: tuple[str, ...]
    code: str
    solution: str
    questions: tuple[Question, ...]

    @property
    def label(self) -> str:
        """``"3"`` for exercise 03, the file name for an unnumbered user file."""
        return str(self.number) if self.number is not None else self.name

    def question(self, number: int) -> Question:
        """Question ``number`` (from 1); ExerciseError if there is none."""
        if not 1 <= number <= len(self.questions):
            raise ExerciseError(
                self.source_file,
                "question",
                number,
                f"exercise {self.label} has questions 1 to {len(self.questions)}",
            )
        return self.questions[number - 1]

    def command(self, question: Question, here: str | None = None) -> list[str]:
        """The check's arguments, with ``{here}`` replaced by the exercise folder (or ``here``)."""
        return [_expand(a, here or str(self.path.parent)) for a in question.check.args]

    def shown_commands(self, here: str | None = None) -> list[str]:
        """The commands to explore, with ``{here}`` replaced by the folder (or ``here``)."""
        return [_expand(c, here or str(self.path.parent)) for c in self.commands]

    def code_inputs(self) -> str:
        """The Python to explore, without its outputs: what a student types."""
        lines = []
        for line in self.code.splitlines():
            stripped = line.strip()
            if stripped.startswith((">>>", "...")):
                lines.append(stripped[4:])
        return "\n".join(lines)


def _expand(text: str, here: str) -> str:
    return text.replace(HERE, here)


def show_path(path: Iterable[PathStep]) -> str:
    out = ""
    for step in path:
        if isinstance(step, tuple):
            out += f"[{step[0]}={json.dumps(step[1]).strip(chr(34))}]"
        elif isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


# --- finding and loading ----------------------------------------------------


def exercises_dir() -> Path:
    """The folder of the bundled exercise files.

    Installed, it is the package ``tradegame._exercises``; in a source
    checkout whose install predates that package, ``docs/exercises``.
    """
    try:
        return Path(str(resources.files("tradegame._exercises")))
    except ModuleNotFoundError:  # an editable install made before the package existed
        return Path(__file__).resolve().parents[2] / "docs" / "exercises"


def _display(path: Path) -> str:
    try:
        return f"docs/exercises/{path.resolve().relative_to(exercises_dir().resolve())}"
    except (OSError, RuntimeError, ValueError):  # elsewhere, or a link loop, or a NUL
        return str(path)


def list_exercises(folder: Path | None = None) -> list[Exercise]:
    """Every exercise in ``folder`` (default: the bundled ones), by number, each validated.

    The exercises are found by scanning the folder for ``*.toml`` files.
    """
    found = [read_exercise(p) for p in sorted((folder or exercises_dir()).glob("*.toml"))]
    seen: dict[int | None, str] = {}
    for ex in found:
        if ex.number is None:
            raise ExerciseError(ex.source_file, "file name", ex.path.name, "expected NN-name.toml")
        if ex.number in seen:
            raise ExerciseError(
                ex.source_file, "file name", ex.path.name, f"number taken by {seen[ex.number]}"
            )
        seen[ex.number] = ex.path.name
    return found


def find_exercise(ref: str | Path) -> Exercise:
    """An exercise by number (``3``, ``03``), by name (``first-threshold``) or by file path."""
    text = str(ref)
    if isinstance(ref, Path) or text.lower().endswith(".toml") or "/" in text or "\\" in text:
        return read_exercise(Path(ref))
    every = list_exercises()
    for ex in every:
        slug = ex.name.split("-", 1)[1] if ex.number is not None else ex.name
        number = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
        if (number is not None and number == ex.number) or text in (ex.name, slug):
            return ex
    names = [ex.name for ex in every]
    raise ExerciseError(
        "",
        "exercise",
        text,
        "no such exercise; `tradegame exercise list` shows them" + did_you_mean(text, names),
    )


def read_exercise(path: Path) -> Exercise:
    """Read and validate one exercise file."""
    source = _display(path)
    data = read_toml(
        path, source, "exercise", "an exercise needs a title, a goal and questions", ExerciseError
    )
    return build_exercise(data, source, path)


def _fail(source: str, key: str, value: Any, allowed: str) -> ExerciseError:
    return ExerciseError(source, key, value, allowed)


def _text(data: Mapping[str, Any], key: str, source: str, where: str, required: bool = True) -> str:
    full = f"{where}{key}"
    if key not in data:
        if required:
            raise _fail(source, full, MISSING, "missing; write it as text")
        return ""
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, full, value, "must be non-empty text")
    if not is_text(value):
        raise _fail(source, full, value, "must be text with no control characters but newlines")
    return value.strip()


def _unknown(data: Mapping[str, Any], allowed: Sequence[str], source: str, where: str) -> None:
    for key in data:
        if key not in allowed:
            raise _fail(
                source,
                f"{where}{key}",
                MISSING,
                "unknown key; allowed: " + ", ".join(allowed) + did_you_mean(key, allowed),
            )


def build_exercise(data: Mapping[str, Any], source: str, path: Path) -> Exercise:
    """Validate parsed exercise data (from a file at ``path``) into an :class:`Exercise`."""
    _unknown(data, _TOP_KEYS, source, "")
    texts = {key: _text(data, key, source, "") for key in ("title", "goal", "setting", "source")}
    folder = path.parent
    match = _FILE.fullmatch(path.name)
    commands = data.get("commands", MISSING)
    if commands is MISSING:
        raise _fail(source, "commands", MISSING, "missing; a list of tradegame commands to try")
    if not isinstance(commands, list) or not commands:
        raise _fail(source, "commands", commands, "a non-empty list of tradegame commands")
    for k, command in enumerate(commands):
        if not isinstance(command, str) or not command.startswith("tradegame "):
            raise _fail(source, f"commands[{k}]", command, "text starting with 'tradegame '")
        _check_here(command, folder, source, f"commands[{k}]")
    code = _text(data, "code", source, "", required=False)
    if code and not code.startswith(">>> "):
        raise _fail(source, "code", code, "doctest-style Python: lines start with '>>> '")
    questions = data.get("questions", MISSING)
    if questions is MISSING:
        raise _fail(source, "questions", MISSING, "missing; at least one [[questions]] table")
    if not isinstance(questions, list) or not questions:
        raise _fail(source, "questions", questions, "at least one [[questions]] table")
    return Exercise(
        number=int(match.group(1)) if match else None,
        name=path.stem,
        path=path,
        source_file=source,
        title=texts["title"],
        goal=texts["goal"],
        setting=texts["setting"],
        source=texts["source"],
        commands=tuple(commands),
        code=code,
        solution=_text(data, "solution", source, "", required=False),
        questions=tuple(_question(q, k + 1, source, folder) for k, q in enumerate(questions)),
    )


def _question(data: Any, number: int, source: str, folder: Path) -> Question:
    where = f"questions[{number}]."
    if not isinstance(data, dict):
        raise _fail(source, f"questions[{number}]", data, "a table ([[questions]])")
    _unknown(data, _QUESTION_KEYS, source, where)
    kind = data.get("kind", MISSING)
    if kind is MISSING:
        raise _fail(source, f"{where}kind", MISSING, "missing; one of " + ", ".join(KINDS))
    if kind not in KINDS:
        hint = did_you_mean(kind, KINDS) if isinstance(kind, str) else ""
        raise _fail(source, f"{where}kind", kind, "one of " + ", ".join(KINDS) + hint)
    choices = _choices(data, kind, source, where)
    tolerance = _tolerance(data, kind, source, where)
    answer, value = _answer(data, kind, choices, source, where)
    question = Question(
        number=number,
        text=_text(data, "text", source, where),
        kind=kind,
        answer=answer,
        value=value,
        tolerance=tolerance,
        choices=choices,
        hint=_text(data, "hint", source, where),
        explanation=_text(data, "explanation", source, where),
        check=_check(data.get("check", MISSING), source, where + "check", folder),
    )
    if question.reveals(question.hint):
        raise _fail(source, f"{where}hint", question.hint, "must not contain the answer")
    return question


def _choices(data: Mapping[str, Any], kind: str, source: str, where: str) -> tuple[str, ...]:
    choices = data.get("choices", MISSING)
    if kind != "word":
        if choices is not MISSING:
            raise _fail(source, f"{where}choices", choices, "only for kind = 'word'")
        return ()
    if choices is MISSING:
        raise _fail(source, f"{where}choices", MISSING, "missing; the list of allowed words")
    if (
        not isinstance(choices, list)
        or len(choices) < 2
        or not all(isinstance(c, str) and word(c) for c in choices)
        or len({word(c) for c in choices}) != len(choices)
    ):
        raise _fail(source, f"{where}choices", choices, "a list of at least two distinct words")
    return tuple(choices)


def _tolerance(data: Mapping[str, Any], kind: str, source: str, where: str) -> Fraction | None:
    tol = data.get("tolerance", MISSING)
    if kind not in ("fraction", "number"):
        if tol is not MISSING:
            raise _fail(source, f"{where}tolerance", tol, "only for kind = 'fraction' or 'number'")
        return None
    if tol is MISSING:
        if kind == "number":
            raise _fail(source, f"{where}tolerance", MISSING, "missing; a number >= 0")
        return DEFAULT_TOLERANCE
    if isinstance(tol, bool) or not isinstance(tol, int | float) or not 0 <= tol <= 1e15:
        raise _fail(source, f"{where}tolerance", tol, "a number >= 0 (and at most 1e15)")
    return Fraction(repr(tol)) if isinstance(tol, float) else Fraction(tol)


def _answer(
    data: Mapping[str, Any], kind: str, choices: Sequence[str], source: str, where: str
) -> tuple[str, Number | str]:
    key = f"{where}answer"
    answer = data.get("answer", MISSING)
    if answer is MISSING:
        raise _fail(source, key, MISSING, "missing; the answer the tool computes")
    if kind == "word":
        if not isinstance(answer, str) or word(answer) not in {word(c) for c in choices}:
            raise _fail(source, key, answer, "one of the choices: " + ", ".join(choices))
        return answer, answer
    if kind == "yes-no":
        if answer not in ("yes", "no"):
            raise _fail(source, key, answer, "'yes' or 'no'")
        return answer, answer
    allowed = {
        "fraction": "an exact fraction as text, such as '2/5' or '-3', or 'inf'",
        "number": "a number, such as 0.5714 or '-28.625'",
        "integer": "a whole number, such as 199",
    }[kind]
    if isinstance(answer, bool) or not isinstance(answer, str | int | float):
        raise _fail(source, key, answer, allowed)
    text = repr(answer) if isinstance(answer, float) else str(answer)
    try:
        value, exact = parse_number(text)
    except ValueError:
        raise _fail(source, key, answer, allowed) from None
    if (kind == "fraction" and not exact) or (
        kind == "integer" and (is_infinite(value) or Fraction(value).denominator != 1)
    ):
        raise _fail(source, key, answer, allowed)
    return text, value


def _check(data: Any, source: str, where: str, folder: Path) -> Check:
    if data is MISSING:
        raise _fail(source, where, MISSING, "missing; a table with args and path")
    if not isinstance(data, dict):
        raise _fail(source, where, data, "a table with args and path")
    _unknown(data, _CHECK_KEYS, source, where + ".")
    args = data.get("args", MISSING)
    key = f"{where}.args"
    if args is MISSING:
        raise _fail(source, key, MISSING, "missing; the tradegame command as a list of arguments")
    if not isinstance(args, list) or not args or not all(isinstance(a, str) and a for a in args):
        raise _fail(source, key, args, "a non-empty list of arguments (text)")
    if not _COMMAND.fullmatch(args[0]) or args[0] == "exercise":
        raise _fail(source, key, args, "must start with a tradegame command such as 'run'")
    if not any(
        a == "--format=json" or (a == "--format" and nxt == "json")
        for a, nxt in zip(args, [*args[1:], ""], strict=True)
    ):
        raise _fail(source, key, args, "must include --format json")
    if any(a.split("=", 1)[0] in _WRITES for a in args):
        raise _fail(source, key, args, "checks only read: no --plot or --out")
    for arg in args:
        _check_here(arg, folder, source, key)
    path = data.get("path", MISSING)
    key = f"{where}.path"
    if path is MISSING:
        raise _fail(source, key, MISSING, "missing; the keys and indices of the value in the JSON")
    if not isinstance(path, list) or not path:
        raise _fail(source, key, path, "a non-empty list of keys, indices and {field = value}")
    steps: list[PathStep] = []
    for step in path:
        if isinstance(step, dict) and len(step) == 1:
            ((field, value),) = step.items()
            if isinstance(value, str | int | float | bool):
                steps.append((field, value))
                continue
        elif isinstance(step, str | int) and not isinstance(step, bool):
            steps.append(step)
            continue
        raise _fail(
            source, key, path, f"step {show(step)}: a key, an index or a table {{field = value}}"
        )
    return Check(tuple(args), tuple(steps))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL in it
        return False


def _check_here(text: str, folder: Path, source: str, key: str) -> None:
    """A ``{here}/...`` reference must name an existing file inside the exercise folder."""
    for token in text.split():
        if HERE not in token:
            continue
        rel = token[len(HERE) + 1 :] if token.startswith(HERE + "/") else ""
        parts = Path(rel).parts
        if not rel or ".." in parts or HERE in rel or not _is_file(folder / rel):
            raise _fail(
                source, key, text, "{here}/ must be followed by a file in the exercise folder"
            )
