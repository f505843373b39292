"""Write sweep results: CSV and JSON, chunk by chunk, and the summary ``tradegame sweep`` prints.

A stamped CSV file starts with the provenance stamp as ``# `` comment lines
(read it with ``pandas.read_csv(F, comment="#")``); a stamped JSON file has a
``"provenance"`` key before its ``"rows"``.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from tradegame.report.render import Section, Stamp, layout, to_json

__all__ = [
    "FORMATS",
    "SweepSummary",
    "chunk_text",
    "read_chunk",
    "render_summary",
    "write_chunk",
    "write_end",
    "write_start",
]

#: The file formats of ``--out``, by extension.
FORMATS = (".csv", ".json")


def _plain(x: Any) -> Any:
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return "inf" if x > 0 else "-inf" if x < 0 else "nan"
    return x


def write_start(
    out: Any, kind: str, columns: list[str], meta: Mapping[str, Any], stamp: Stamp = None
) -> None:
    """The file's head: the stamp and the CSV header, or the JSON object up to its rows."""
    if kind == ".csv":
        if stamp is not None:
            from tradegame.report.provenance import comment_block

            out.write(comment_block(stamp, "# "))
        csv.writer(out, lineterminator="\n").writerow(columns)
    else:
        head = json.dumps(
            {**meta, **({"provenance": dict(stamp)} if stamp is not None else {})},
            indent=None,
            ensure_ascii=False,
        )
        out.write(head[:-1] + ', "rows": [\n')


def write_chunk(
    out: Any, kind: str, columns: list[str], chunk: Mapping[str, Any], first: bool
) -> None:
    """One chunk of rows, in column order (infinite thresholds as ``inf``)."""
    out.write(chunk_text(kind, columns, chunk, first))


_BATCH = 8192  # rows converted to Python values at a time (memory stays small)


def chunk_text(kind: str, columns: list[str], chunk: Mapping[str, Any], first: bool) -> str:
    """The text one chunk of rows adds to a ``kind`` file (``first``: the file's first chunk).

    The files are the concatenation of :func:`write_start`, the chunks' texts
    in order, and :func:`write_end`; a chunk's text depends only on its rows,
    and on ``first`` for JSON (every other chunk starts with the separator).
    """
    n = len(next(iter(chunk.values())))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for start in range(0, n, _BATCH):
        stop = min(start + _BATCH, n)
        rows = zip(*(_cells(chunk[c][start:stop]) for c in columns), strict=True)
        if kind == ".csv":
            writer.writerows(rows)  # None is written as an empty field
            continue
        if start or not first:
            buffer.write(",\n")
        buffer.write(
            ",\n".join(
                json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False) for row in rows
            )
        )
    return buffer.getvalue()


def _cells(values: Any) -> list[Any]:
    """A column's values as plain Python values (:func:`_plain`), fast for numeric arrays."""
    array = np.asarray(values)
    if array.dtype == object:
        return [_plain(x) for x in array]
    cells: list[Any] = array.tolist()
    if array.dtype.kind in "fc" and not np.isfinite(array).all():
        cells = [_plain(x) for x in cells]
    return cells


def read_chunk(
    kind: str, columns: list[str], text: str, wanted: Iterable[str]
) -> tuple[int, dict[str, list[Any]]]:
    """The number of rows in a chunk's text (:func:`chunk_text`) and the ``wanted`` columns.

    The values are those :class:`SweepSummary` counts: text, ``True`` or
    ``False`` for the verdict columns (``*.sustained``), and None where a
    value is missing.
    """
    wanted = list(dict.fromkeys(wanted))
    out: dict[str, list[Any]] = {c: [] for c in wanted}
    n = 0
    if kind == ".csv":
        where = [columns.index(c) for c in wanted]
        for row in csv.reader(io.StringIO(text, newline="")):
            n += 1
            for c, k in zip(wanted, where, strict=True):
                out[c].append(_read_cell(c, row[k]))
        return n, out
    for line in text.split("\n"):  # JSON escapes newlines, not U+2028 and the like
        line = line.strip().rstrip(",")
        if line:
            n += 1
            row = json.loads(line)
            for c in wanted:
                out[c].append(row[c])
    return n, out


def _read_cell(column: str, text: str) -> Any:
    if text == "":
        return None
    if column.endswith(".sustained"):
        return {"True": True, "False": False}.get(text, text)
    return text


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
    stamp: Stamp = None,
) -> str:
    """How many points fell in each class, verdict and dynamic region.

    LaTeX leaves out the solving time and the name of the output file, which are
    not results.
    """
    data: dict[str, Any] = {"model": model_name, "parameters": list(names), "shape": list(shape)}
    data.update(summary.to_dict())
    data["seconds"] = round(seconds, 3)
    data["output"] = written
    if style == "json":
        return to_json(data, stamp)
    sections: list[Section] = []
    timing = "" if style == "latex" else f", solved in {seconds:.2f} s"
    intro = (
        f"{summary.points} points over {' × '.join(str(s) for s in shape)} "
        f"({', '.join(names)}){timing}."
    )
    blocks: list[Any] = [intro]
    if written and style != "latex":
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
    return layout(f"{model_name}: sweep", sections, style, stamp)
