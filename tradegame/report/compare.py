"""Render a :class:`~tradegame.compare.Comparison`: ``tradegame compare``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradegame.report.numbers import fmt
from tradegame.report.render import Block, Section, Stamp, layout, to_json

if TYPE_CHECKING:
    from tradegame.compare import Comparison

__all__ = ["render_comparison"]

_CELL = 40  # the terminal table cuts long conclusions; the list of differences has them whole


def _cut(text: str) -> str:
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


def render_comparison(c: Comparison, style: str, stamp: Stamp = None) -> str:
    """Parameters that differ, every conclusion side by side, and the list of differences."""
    if style == "json":
        return to_json(c.to_dict(), stamp)
    a, b = c.first.name, c.second.name
    params = [
        [key, "-" if x is None else fmt(x), "-" if y is None else fmt(y)]
        for key, x, y in c.parameters
    ]
    cell = _cut if style == "text" else (lambda text: text)
    rows = [
        [k.topic, cell(k.first), cell(k.second), "differs" if k.differs else ""]
        for k in c.conclusions
    ]
    differences: list[Block] = [
        f"{k.topic}: {a} says {k.first}; {b} says {k.second}." for k in c.differences
    ] or ["The two models reach the same conclusions."]
    sections: list[Section] = [
        ("Parameters that differ", [(["parameter", a, b], params)] if params else ["none"]),
        ("Conclusions", [(["", a, b, ""], rows)]),
        (f"Where the conclusions differ ({len(c.differences)})", differences),
    ]
    return layout(f"{a} against {b}", sections, style, stamp)
