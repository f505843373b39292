"""Checking stated answers against the tool: where a check points in a command's JSON.

A :class:`~tradegame.exercises.load.Check` names a ``tradegame`` command and a
path into its ``--format json`` output; :func:`verify` runs every check of an
exercise and says, per question, whether the tool computes the stated answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from tradegame.datafile import MISSING, show
from tradegame.exercises.load import Exercise, ExerciseError, PathStep, Question, show_path

__all__ = ["Verdict", "resolve", "tool_value", "verify"]


@dataclass(frozen=True)
class Verdict:
    """One check run against the tool: the value found, and whether it is the stated answer."""

    question: Question
    value: Any
    agrees: bool
    problem: str = ""


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def resolve(data: Any, path: Sequence[PathStep]) -> Any:
    """The value at ``path`` in parsed JSON; LookupError saying where the path breaks."""
    node = data
    for depth, step in enumerate(path):
        where = show_path(path[:depth]) or "the top"
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


def tool_value(exercise: Exercise, question: Question, output: str) -> Any:
    """The value a check finds in a command's JSON output; ExerciseError if it cannot."""
    key = f"questions[{question.number}].check.path"
    command = "tradegame " + " ".join(question.check.args)
    try:
        data = json.loads(output)
    except ValueError:
        raise ExerciseError(
            exercise.source_file, key, MISSING, f"`{command}` did not print JSON"
        ) from None
    try:
        return resolve(data, question.check.path)
    except LookupError as exc:
        raise ExerciseError(
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
