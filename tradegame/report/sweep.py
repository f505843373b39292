"""Write sweep results: CSV and JSON, chunk by chunk, and the summary ``tradegame sweep`` prints."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from tradegame.report.render import Section, layout, to_json

__all__ = ["SweepSummary", "render_summary", "write_chunk", "write_end", "write_start"]

#: The file formats of ``--out``, by extension.
FORMATS = (".csv", ".json")


def _plain(x: Any) -> Any:
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return "inf" if x > 0 else "-inf" if x < 0 else "nan"
    return x


def write_start(out: Any, kind: str, columns: list[str], meta: Mapping[str, Any]) -> None:
    """The file's head: the CSV header, or the JSON object up to its list of rows."""
    if kind == ".csv":
        csv.writer(out, lineterminator="\n").writerow(columns)
    else:
        head = json.dumps(dict(meta), indent=None, ensure_ascii=False)
        out.write(head[:-1] + ', "rows": [\n')


def write_chunk(
    out: Any, kind: str, columns: list[str], chunk: Mapping[str, Any], first: bool
) -> None:
    """One chunk of rows, in column order (infinite thresholds as ``inf``)."""
    n = len(next(iter(chunk.values())))
    if kind == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for k in range(n):
            writer.writerow(["" if (v := _plain(chunk[c][k])) is None else v for c in columns])
        out.write(buffer.getvalue())
        return
    lines = []
    for k in range(n):
        lines.append(json.dumps({c: _plain(chunk[c][k]) for c in columns}, ensure_ascii=False))
    if lines:
        out.write(("" if first else ",\n") + ",\n".join(lines))


def write_end(out: Any, kind: str) -> None:
    if kind == ".json":
        out.write("\n]}\n")


class SweepSummary:
    """Counts over every row, gathered chunk by chunk (memory stays flat)."""

    def __init__(self, columns: list[str]) -> None:
        self.columns = columns
        self.points = 0
        self.counts: dict[str, Counter[Any]] = {
            c: Counter()
            for c in columns
            if c == "class" or c.endswith(".sustained") or c.startswith("dynamic_")
        }

    def add(self, chunk: Mapping[str, Any]) -> None:
        n = len(next(iter(chunk.values())))
        self.points += n
        for c, counter in self.counts.items():
            counter.update(_plain(x) for x in chunk[c])

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": self.points,
            "counts": {
                c: {str(k): v for k, v in sorted(cnt.items(), key=lambda kv: str(kv[0]))}
                for c, cnt in self.counts.items()
            },
        }


def render_summary(
    model_name: str,
    names: Iterable[str],
    shape: tuple[int, ...],
    summary: SweepSummary,
    seconds: float,
    written: str | None,
    style: str,
) -> str:
    """How many points fell in each class, verdict and dynamic region."""
    data: dict[str, Any] = {"model": model_name, "parameters": list(names), "shape": list(shape)}
    data.update(summary.to_dict())
    data["seconds"] = round(seconds, 3)
    data["output"] = written
    if style == "json":
        return to_json(data)
    sections: list[Section] = []
    intro = (
        f"{summary.points} points over {' × '.join(str(s) for s in shape)} "
        f"({', '.join(names)}), solved in {seconds:.2f} s."
    )
    blocks: list[Any] = [intro]
    if written:
        blocks.append(f"One row per point in {written}.")
    sections.append(("Sweep", blocks))
    for column, counts in summary.counts.items():
        rows = [
            [
                str(k) if k is not None else "no discount factors",
                str(v),
                f"{v / summary.points:.1%}",
            ]
            for k, v in sorted(counts.items(), key=lambda kv: -kv[1])
        ]
        sections.append((column, [([column, "points", "share"], rows)]))
    return layout(f"{model_name}: sweep", sections, style)
