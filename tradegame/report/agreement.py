r"""Whether two outputs of one command agree: exactly, or within a stated float tolerance.

``tradegame reproduce`` compares an output it has just recomputed with the
stamped one. Exact results (fractions written as ``"1/2"``, class names,
verdicts, whole numbers) must be equal; floats must agree to a relative
tolerance of :data:`RTOL` (and an absolute one of :data:`ATOL` near zero).

- JSON: the two documents as trees; the top-level keys of :data:`IGNORED`
  (the stamp, run times, output file names, the version) are skipped.
- CSV: the header, then every cell; a cell that parses as a number is a float.
- LaTeX: every line that is not a ``%`` comment, split into text and numbers.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ATOL", "IGNORED", "RTOL", "Agreement", "agreement", "compare_trees"]

#: Relative and absolute tolerance for floats (``math.isclose``).
RTOL = 1e-9
ATOL = 1e-12
#: Top-level JSON keys that are not results.
IGNORED = ("provenance", "seconds", "output", "tradegame", "created")
_NUMBER = re.compile(r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
_SHOWN = 40  # characters of a value shown in a difference


@dataclass
class Agreement:
    """The result of comparing two outputs: how many values, and where they differ."""

    values: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        return not self.differences


def agreement(kind: str, old: str, new: str) -> Agreement:
    """Compare two outputs of format ``kind`` (``".json"``, ``".csv"`` or ``".tex"``)."""
    result = Agreement()
    if kind == ".json":
        before, after = json.loads(old), json.loads(new)
        if isinstance(before, dict) and isinstance(after, dict):
            before = {k: v for k, v in before.items() if k not in IGNORED}
            after = {k: v for k, v in after.items() if k not in IGNORED}
        compare_trees(before, after, "", result, numeric_text=False)
    elif kind == ".csv":
        compare_trees(_csv_rows(old), _csv_rows(new), "", result, numeric_text=True)
    elif kind == ".tex":
        compare_trees(_tex_lines(old), _tex_lines(new), "", result, numeric_text=True)
    else:
        raise ValueError(f"cannot compare {kind!r} outputs; allowed: .json, .csv, .tex")
    return result


def _csv_rows(text: str) -> dict[str, Any]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header = rows[0] if rows else []
    return {"header": header, "rows": [dict(zip(header, row, strict=False)) for row in rows[1:]]}


def _tex_lines(text: str) -> dict[str, list[str]]:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("%")]
    return {f"line {k}": _NUMBER.split(line) for k, line in enumerate(lines, start=1)}


def compare_trees(
    old: Any, new: Any, where: str, out: Agreement, numeric_text: bool = False
) -> None:
    """Add to ``out`` every leaf where ``new`` differs from ``old`` (``where``: the path so far).

    With ``numeric_text``, strings that parse as numbers compare as floats.
    """
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in [*old, *(k for k in new if k not in old)]:
            here = f"{where}.{key}" if where else str(key)
            if key not in new:
                out.differences.append(f"{here}: missing from the new output")
            elif key not in old:
                out.differences.append(f"{here}: only in the new output")
            else:
                compare_trees(old[key], new[key], here, out, numeric_text)
        return
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            out.differences.append(f"{where}: {len(old)} items, now {len(new)}")
            return
        for k, (a, b) in enumerate(zip(old, new, strict=True)):
            compare_trees(a, b, f"{where}[{k}]", out, numeric_text)
        return
    out.values += 1
    if not _same(old, new, numeric_text):
        out.differences.append(f"{where}: {_show(old)} -> {_show(new)}")


def _number(x: Any, numeric_text: bool) -> float | None:
    if isinstance(x, bool):
        return None
    if isinstance(x, int | float):
        return float(x)
    if numeric_text and isinstance(x, str) and x.strip():
        try:
            return float(x)
        except ValueError:
            return None
    return None


def _same(old: Any, new: Any, numeric_text: bool) -> bool:
    a, b = _number(old, numeric_text), _number(new, numeric_text)
    if a is not None and b is not None:
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=RTOL, abs_tol=ATOL)
    return bool(type(old) is type(new) and old == new)


def _show(x: Any) -> str:
    text = json.dumps(x, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"
