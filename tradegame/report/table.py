"""Aligned plain-text tables for the terminal, and Markdown tables."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["looks_numeric", "markdown_table", "text_table"]


def _width(cell: str) -> int:
    return len(cell)


def looks_numeric(cell: str) -> bool:
    """A number, a threshold or a placeholder: a leading digit, sign or ``∞``."""
    return cell[:1].isdigit() or (cell[:1] in "-+∞" and len(cell) > 0)


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> str:
    """Columns padded to their widest cell, numbers (a leading digit or sign) right-aligned."""
    table = [list(header), *[list(r) for r in rows]]
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        out = []
        for cell, width in zip(cells, widths, strict=True):
            out.append(cell.rjust(width) if looks_numeric(cell) else cell.ljust(width))
        return (indent + "  ".join(out)).rstrip()

    rule = indent + "  ".join("─" * w for w in widths)
    return "\n".join([line(table[0]), rule, *(line(r) for r in table[1:])])


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table; pipes in cells are escaped."""

    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = [
        "| " + " | ".join(esc(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
