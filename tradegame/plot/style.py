"""One look for every tradegame figure: sizes, colours, fonts, and how files are written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "COLOURS",
    "FIGURE_FORMATS",
    "STAMP_KEYS",
    "check_figure_path",
    "new_figure",
    "save",
]

#: Colour-blind-safe colours (Okabe and Ito 2008), one role each.
COLOURS = {
    "feasible": "#BBBBBB",
    "rational": "#56B4E9",
    "spe": "#E69F00",
    "equilibrium": "#000000",
    "cooperative": "#009E73",
    "row": "#0072B2",
    "col": "#D55E00",
}
FIGURE_FORMATS = (".png", ".svg", ".pdf")
#: Where a figure file keeps its provenance stamp (JSON text), by format: a PNG
#: ``tEXt`` chunk, the PDF Info dictionary's Keywords, the SVG Dublin Core description.
STAMP_KEYS = {".png": "tradegame-provenance", ".pdf": "Keywords", ".svg": "Description"}


def new_figure(width: float = 5.5, height: float = 4.5) -> tuple[Any, Any]:
    """A figure and its axes, on the non-interactive backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {"font.size": 10, "axes.titlesize": 11, "legend.fontsize": 8, "figure.dpi": 100}
    )
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    ax.grid(True, linewidth=0.4, alpha=0.5)
    return fig, ax


def check_figure_path(path: str | Path) -> Path:
    """``path`` as a Path, if a figure can be written there; ValueError naming what is allowed.

    Commands call it before a long solve, so that a typo fails at once.
    """
    out = Path(path)
    if out.suffix.lower() not in FIGURE_FORMATS:
        raise ValueError(
            f"{out}: unknown figure format {out.suffix or '(none)'!r}; "
            f"allowed: {', '.join(FIGURE_FORMATS)}"
        )
    if not out.parent.exists():
        raise ValueError(f"{out}: the folder {out.parent} does not exist")
    if out.is_dir():
        raise ValueError(f"{out}: is a folder; give a file name ending in .png, .svg or .pdf")
    return out


def save(
    fig: Any, path: str | Path, metadata: dict[str, str] | None = None, stamp: str | None = None
) -> Path:
    """Write ``fig`` to ``path``; the format follows the extension (.png, .svg or .pdf).

    ``stamp``, the JSON text of a provenance stamp (ASCII), goes into the file's
    metadata under the key of :data:`STAMP_KEYS`; for PDF the Subject says so.
    """
    import matplotlib.pyplot as plt

    out = check_figure_path(path)
    suffix = out.suffix.lower()
    meta = dict(metadata or {})
    if suffix == ".svg":
        meta = {"Description": meta.get("Description", "")} if meta else {}
    if stamp is not None:
        meta[STAMP_KEYS[suffix]] = stamp
        if suffix == ".pdf":
            meta.setdefault("Subject", "tradegame provenance stamp (JSON) in Keywords")
    fig.savefig(out, dpi=200, metadata=meta or None)
    plt.close(fig)
    return out
