r"""Classroom exercises as data files that check themselves.

An exercise is a TOML file named ``NN-name.toml`` in ``docs/exercises/``
(installed as the package ``tradegame._exercises``, and found by scanning that
folder). It is data: it is parsed with :mod:`tomllib`, nothing in it is
executed or evaluated, and every problem raises :class:`ExerciseError`, whose
message is one line naming the file, the key, the value and what is allowed.

Each question states its answer, and names the ``tradegame`` command (with
``--format json``) and the place in that command's JSON output where the tool
computes it, so that a test can run every check and assert that the stated
answer is what the tool computes. A file::

    title = "The first threshold"
    goal = "Find the patience at which grim trigger sustains cooperation."
    setting = "Seed 000 expects a tit-for-tat pattern, chips versus minerals, ..."
    source = "seed 000, China's Rare Earth Strategy (2025), section 8"
    commands = ["tradegame run prisoners-dilemma"]
    code = ">>> import tradegame as tg"   # optional: doctest-style Python
    solution = "Why the answers are what they are."   # optional

    [[questions]]
    text = "What is grim trigger's critical discount factor?"
    kind = "fraction"
    answer = "1/2"
    hint = "Compare the gain from defecting once with the loss that follows."
    explanation = "delta >= (T - R)/(T - P)."

    [questions.check]                     # or an inline table on one line
    args = ["run", "prisoners-dilemma", "--format", "json"]
    path = ["thresholds", "thresholds", 0]

The kinds of answer, and how a reply is compared with the stated answer:

* ``fraction``: an exact fraction (``"1/3"``), or ``"inf"``. A reply in
  fraction form must be equal; a decimal reply must be within ``tolerance``
  (default 0.001). The tool must give the value exactly (a fraction string or
  an integer).
* ``number``: a decimal, compared within ``tolerance`` (required), with the
  reply and with the tool's value.
* ``integer``: a whole number, compared exactly.
* ``word``: one of ``choices`` (required), compared ignoring case, quotes,
  and the difference between spaces, hyphens and underscores.
* ``yes-no``: ``"yes"`` or ``"no"``; the tool gives a boolean or yes/no.

A ``path`` step is a key (text), a list index (an integer), or a table
``{field = value}`` that picks the one element of a list whose ``field``
equals ``value``. A check's argument or a command may start with ``{here}/``,
which stands for the folder holding the exercise file (for data files such as
a strategy file shipped with the exercises). A hint must not give the answer
away: a hint that contains it is rejected.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from tradegame.datafile import MISSING, DataFileError, did_you_mean, is_text, read_toml, show

__all__ = [
    "KINDS",
    "Check",
    "Exercise",
    "ExerciseError",
    "Question",
    "Verdict",
    "build_exercise",
    "exercises_dir",
    "find_exercise",
    "list_exercises",
    "parse_number",
    "read_exercise",
    "render_index",
    "render_page",
    "render_pages",
    "render_solutions",
    "resolve",
    "tool_value",
    "verify",
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
_EXACT = re.compile(r"[+-]?\d+(?:/0*[1-9]\d*)?")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE](?P<exp>[+-]?\d+))?")
_MAX_EXPONENT = 400  # 1e400 and beyond are no answer; 10**exponent is costly to build
_NUMBER_TOKEN = re.compile(r"(?<![\w.])[+-]?(?:\d+(?:\.\d+)?(?:\s*/\s*\d+)?|\.\d+)(?![\w])")
_INFINITE = {"inf", "infinity", "∞"}
_YES, _NO = ("yes", "y", "true"), ("no", "n", "false")

Number = Fraction | float  # a float only for ±inf
PathStep = str | int | tuple[str, Any]


class ExerciseError(DataFileError):
    """An exercise file (or a reference to one, or a reply) is invalid; the message is one line."""


# --- numbers and words ------------------------------------------------------


def parse_number(text: str) -> tuple[Number, bool]:
    """A number written as text: ``(value, exact)``.

    Integers and fractions (``"-3"``, ``"2/6"``) are exact; decimals
    (``"0.3333"``, ``"1e-3"``) are read exactly but marked inexact, since they
    may be roundings. ``inf``, ``infinity`` and ``∞`` (with a sign) are
    infinite. Anything else raises ValueError.
    """
    t = re.sub(r"\s+", "", text).replace("−", "-")
    bare = t.lstrip("+-").lower()
    if bare in _INFINITE and len(t) - len(bare) <= 1:
        return (-math.inf if t.startswith("-") else math.inf), True
    if _EXACT.fullmatch(t):
        return Fraction(t), True
    decimal = _DECIMAL.fullmatch(t)
    if decimal:
        if decimal.group("exp") and abs(int(decimal.group("exp"))) > _MAX_EXPONENT:
            raise ValueError(f"not a number: {text!r} has an exponent beyond ±{_MAX_EXPONENT}")
        return Fraction(t), False
    raise ValueError(f"not a number: {text!r}")


def _infinite(x: Number) -> bool:
    """Whether ``x`` is ±inf; a Fraction never is, however large (math.isinf would overflow)."""
    return isinstance(x, float) and math.isinf(x)


def _close(a: Number, b: Number, tol: Fraction) -> bool:
    if _infinite(a) or _infinite(b):
        return a == b
    return abs(Fraction(a) - Fraction(b)) <= tol


def _word(text: str) -> str:
    """Lower case, no quotes, one hyphen for any run of spaces, hyphens and underscores."""
    t = re.sub(r"['’\"`]", "", text.strip().lower())
    t = re.sub(r"[\s_-]+", "-", t)
    return re.sub(r"-?([^a-z0-9-])-?", r"\1", t).strip("-")


def _yes_no(text: str) -> str | None:
    t = text.strip().lower()
    return "yes" if t in _YES else "no" if t in _NO else None


def _decimal(x: Fraction) -> str:
    return f"{float(x):g}"


# --- the data ---------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """Where the tool computes an answer: a command's arguments and a path into its JSON."""

    args: tuple[str, ...]
    path: tuple[PathStep, ...]

    def describe(self) -> str:
        """The path as text: ``strategies[strategy=grim].thresholds[0]``."""
        return _show_path(self.path)


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
        tol = _decimal(self.tolerance) if self.tolerance is not None else ""
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
            words = {_word(c): c for c in self.choices}
            if _word(reply) not in words:
                raise ValueError(f"{reply!r} is not one of the choices: {', '.join(self.choices)}")
            return _word(reply) == _word(self.answer)
        if self.kind == "yes-no":
            said = _yes_no(reply)
            if said is None:
                raise ValueError(f"{reply!r}: answer yes or no")
            return said == self.value
        try:
            got, exact = parse_number(reply)
        except ValueError:
            raise ValueError(f"{reply!r} is not {self.form}") from None
        assert isinstance(self.value, Fraction | float)
        if self.kind == "integer":
            if _infinite(got) or Fraction(got).denominator != 1:
                raise ValueError(f"{reply!r} is not a whole number")
            return got == self.value
        if self.kind == "fraction" and exact:
            return got == self.value
        assert self.tolerance is not None
        return _close(got, self.value, self.tolerance)

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
                return _yes_no(found) == self.value
            return _word(found) == _word(self.answer)
        number = _tool_number(found)
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
        return _close(got, self.value, self.tolerance)

    def reveals(self, text: str) -> bool:
        """Whether ``text`` contains the stated answer (in any accepted form)."""
        if isinstance(self.value, str):  # word and yes-no

            def flat(t: str) -> str:
                return " " + re.sub(r"[^a-z0-9]+", " ", _word(t)).strip() + " "

            return flat(self.answer) in flat(text)
        text = text.replace("−", "-")
        if _infinite(self.value) and re.search(r"\binf(inity)?\b|∞", text.lower()):
            return True
        for token in _NUMBER_TOKEN.findall(text):
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


@dataclass(frozen=True)
class Verdict:
    """One check run against the tool: the value found, and whether it is the stated answer."""

    question: Question
    value: Any
    agrees: bool
    problem: str = ""


def _expand(text: str, here: str) -> str:
    return text.replace(HERE, here)


# --- finding and loading ----------------------------------------------------


def exercises_dir() -> Path:
    """The folder of the bundled exercise files.

    Installed, it is the package ``tradegame._exercises``; in a source
    checkout whose install predates that package, ``docs/exercises``.
    """
    try:
        return Path(str(resources.files("tradegame._exercises")))
    except ModuleNotFoundError:  # an editable install made before the package existed
        return Path(__file__).resolve().parent.parent / "docs" / "exercises"


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
        or not all(isinstance(c, str) and _word(c) for c in choices)
        or len({_word(c) for c in choices}) != len(choices)
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
        if not isinstance(answer, str) or _word(answer) not in {_word(c) for c in choices}:
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
        kind == "integer" and (_infinite(value) or Fraction(value).denominator != 1)
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


# --- checking against the tool ----------------------------------------------


def _show_path(path: Iterable[PathStep]) -> str:
    out = ""
    for step in path:
        if isinstance(step, tuple):
            out += f"[{step[0]}={json.dumps(step[1]).strip(chr(34))}]"
        elif isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def resolve(data: Any, path: Sequence[PathStep]) -> Any:
    """The value at ``path`` in parsed JSON; LookupError saying where the path breaks."""
    node = data
    for depth, step in enumerate(path):
        where = _show_path(path[:depth]) or "the top"
        if isinstance(step, tuple):
            field, want = step
            if not isinstance(node, list):
                raise LookupError(f"{where} is not a list, so [{field}=...] selects nothing")
            hits = [x for x in node if isinstance(x, dict) and _same(x.get(field), want)]
            if len(hits) != 1:
                have = [x.get(field) for x in node if isinstance(x, dict) and field in x]
                raise LookupError(
                    f"{len(hits)} elements of {where} have {field} = {show(want)}; "
                    f"it has {show(have)}"
                )
            node = hits[0]
        elif isinstance(step, int):
            if not isinstance(node, list) or not -len(node) <= step < len(node):
                size = f"{len(node)} elements" if isinstance(node, list) else "not a list"
                raise LookupError(f"no index {step} in {where} ({size})")
            node = node[step]
        else:
            if not isinstance(node, dict) or step not in node:
                keys = f"keys there: {', '.join(list(node)[:10])}" if isinstance(node, dict) else ""
                raise LookupError(f"no key {step!r} in {where}" + (f"; {keys}" if keys else ""))
            node = node[step]
    return node


def _tool_number(value: Any) -> tuple[Number, bool] | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value), True
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return (value if math.isinf(value) else Fraction(value)), False
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ValueError:
            return None
    return None


def tool_value(exercise: Exercise, question: Question, output: str) -> Any:
    """The value a check finds in a command's JSON output; ExerciseError if it cannot."""
    key = f"questions[{question.number}].check.path"
    command = "tradegame " + " ".join(question.check.args)
    try:
        data = json.loads(output)
    except ValueError:
        raise _fail(exercise.source_file, key, MISSING, f"`{command}` did not print JSON") from None
    try:
        return resolve(data, question.check.path)
    except LookupError as exc:
        raise _fail(
            exercise.source_file, key, question.check.describe(), f"{exc}, in `{command}`"
        ) from None


def verify(
    exercise: Exercise, invoke: Callable[[list[str]], tuple[int, str, str]]
) -> list[Verdict]:
    """Run every check of ``exercise``; ``invoke(args)`` runs tradegame: (exit code, out, err)."""
    verdicts = []
    for q in exercise.questions:
        code, out, err = invoke(exercise.command(q))
        if code != 0:
            first = (err.strip().splitlines() or [""])[0]
            problem = f"`tradegame {' '.join(q.check.args)}` exited with {code}: {first}"
            verdicts.append(Verdict(q, None, False, problem))
            continue
        try:
            value = tool_value(exercise, q, out)
            verdicts.append(Verdict(q, value, q.agrees(value)))
        except ValueError as exc:
            verdicts.append(Verdict(q, None, False, str(exc)))
    return verdicts


# --- pages ------------------------------------------------------------------


def _heading(ex: Exercise) -> str:
    return f"Exercise {ex.number}: {ex.title}" if ex.number is not None else ex.title


def render_page(ex: Exercise, here: str = "docs/exercises", solutions: str = "") -> str:
    """The exercise as a Markdown handout: goal, setting, what to try, questions; no answers."""
    lines = [f"# {_heading(ex)}", "", f"**Goal.** {ex.goal}", "", "## Setting", "", ex.setting]
    lines += ["", f"*Source: {ex.source}.*", "", "## Explore", "", "```bash"]
    lines += [*ex.shown_commands(here), "```", ""]
    if ex.code:
        lines += ["In Python:", "", "```python", ex.code_inputs(), "```", ""]
    lines += ["## Questions", ""]
    for q in ex.questions:
        lines += [f"{q.number}. {q.text} *(Answer with {q.form}.)*", ""]
    lines.append(f"Check an answer with `tradegame exercise check {ex.label}.N ANSWER`.")
    if solutions:
        lines += ["", f"The answers, with their reasoning: [solutions]({solutions})."]
    return "\n".join(lines) + "\n"


def _stated(q: Question) -> str:
    tol = f" (within {_decimal(q.tolerance)})" if q.kind == "number" and q.tolerance else ""
    return f"**Answer:** `{q.answer}`{tol}"


def render_solutions(ex: Exercise, here: str = "docs/exercises", page: str = "") -> str:
    """The solutions page: every answer, its reasoning, and where the tool computes it."""
    lines = [f"# Solutions to exercise {ex.label}: {ex.title}", ""]
    if page:
        lines += [f"The exercise: [{_heading(ex)}]({page}).", ""]
    for q in ex.questions:
        command = " ".join(ex.command(q, here))
        lines += [f"## {ex.label}.{q.number}", "", q.text, "", _stated(q), "", q.explanation, ""]
        lines += [f"The tool computes it: `tradegame {command}`, at `{q.check.describe()}`.", ""]
    if ex.solution:
        lines += ["## Discussion", "", ex.solution, ""]
    if ex.code:
        lines += ["## In Python", "", "```python", ex.code, "", "```", ""]
    return "\n".join(lines)


def render_index(exercises: Sequence[Exercise]) -> str:
    """The index page: every exercise, with its goal and links to it and its solutions."""
    lines = [
        "# Exercises",
        "",
        "Classroom exercises on the chips-versus-minerals game, from the first threshold to",
        "reputation. Each is a data file in this folder (`NN-name.toml`); this page, the",
        "exercise pages and the solutions pages are generated from those files by",
        "`python -m tradegame.exercises docs/exercises`. Every stated answer is checked",
        "against the tool by the test suite. [Writing an exercise](writing.md) explains the",
        "file format.",
        "",
        "```text",
        "tradegame exercise list              # the exercises",
        "tradegame exercise show 1            # goal, setting, what to try, the questions",
        "tradegame exercise check 1.2 2/3     # is 2/3 the answer to question 2 of exercise 1?",
        "```",
        "",
        "| # | exercise | goal | questions | solutions |",
        "|---|---|---|---|---|",
    ]
    for ex in exercises:
        goal = ex.goal.replace("\n", " ").replace("|", "\\|")
        lines.append(
            f"| {ex.label} | [{ex.title}]({ex.name}.md) | {goal} | {len(ex.questions)} "
            f"| [solutions](solutions/{ex.name}.md) |"
        )
    return "\n".join(lines) + "\n"


def render_pages(exercises: Sequence[Exercise]) -> dict[str, str]:
    """Every generated page, by path relative to the exercises folder."""
    out = {"index.md": render_index(exercises)}
    for ex in exercises:
        out[f"{ex.name}.md"] = render_page(ex, solutions=f"solutions/{ex.name}.md")
        out[f"solutions/{ex.name}.md"] = render_solutions(ex, page=f"../{ex.name}.md")
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m tradegame.exercises [FOLDER]``: write the pages next to the exercise files."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    folder = Path(args[0]) if args else exercises_dir()
    (folder / "solutions").mkdir(exist_ok=True)
    for rel, text in render_pages(list_exercises(folder)).items():
        (folder / rel).write_text(text, encoding="utf-8")
        print(folder / rel)


if __name__ == "__main__":
    main()
