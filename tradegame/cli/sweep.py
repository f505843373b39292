"""``tradegame sweep``: a model solved over a grid of parameters, streamed to a file."""

from __future__ import annotations

import os
import signal
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from tradegame.cli.common import (
    format_option,
    load,
    parse_path,
    path_option,
    progress,
    quiet_option,
    reports_errors,
    set_option,
    stamp,
)
from tradegame.cli.dynamic import resolution_option

__all__ = ["parse_vary", "sweep_command"]


def parse_vary(item: str) -> tuple[str, list[float]]:
    """``KEY=LO:HI:N`` (N evenly spaced values), ``KEY=LO:HI:N:log`` (evenly spaced on a
    log scale) or ``KEY=V1,V2,...`` -> (key, values)."""
    key, sep, text = item.partition("=")
    key = key.strip()
    if not sep or not key or not text.strip():
        raise ValueError(f"--vary {item!r}: expected KEY=LO:HI:N or KEY=V1,V2,...")
    try:
        if ":" in text:
            parts = text.split(":")
            if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3].strip() != "log"):
                raise ValueError
            low, high = float(parts[0]), float(parts[1])
            count = int(parts[2])
            if count < 1 or (len(parts) == 4 and (low <= 0 or high <= 0)):
                raise ValueError
            import numpy as np

            spaced = np.geomspace if len(parts) == 4 else np.linspace
            values = [float(x) for x in spaced(low, high, count)]
        else:
            values = [float(x) for x in text.split(",")]
    except ValueError:
        raise ValueError(
            f"--vary {item!r}: expected KEY=LO:HI:N (numbers, N a whole number >= 1), "
            "KEY=LO:HI:N:log (LO and HI above 0) or KEY=V1,V2,..."
        ) from None
    return key, values


@contextmanager
def atomic_output(path: Path, force: bool) -> Iterator[Any]:
    """A file that appears at ``path`` only when complete: written aside, then renamed.

    Interrupted (Ctrl-C, SIGTERM, an error), the partial file is removed and
    ``path`` is left as it was.
    """
    from tradegame.report.sweep import FORMATS

    if path.suffix.lower() not in FORMATS:
        raise ValueError(
            f"--out {path}: unknown format {path.suffix or '(none)'!r}; "
            f"allowed: {', '.join(FORMATS)}"
        )
    if path.is_dir():
        raise ValueError(f"--out {path}: is a folder; give a file name ending in .csv or .json")
    if not path.parent.exists():
        raise ValueError(f"--out {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise ValueError(f"--out {path}: the file exists; add --force to replace it")
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(partial, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
    previous = signal.getsignal(signal.SIGTERM)

    def terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if os.path.exists(partial):
            os.unlink(partial)


@click.command("sweep")
@click.argument("model")
@click.option(
    "--vary",
    "varies",
    multiple=True,
    required=True,
    metavar="KEY=LO:HI:N",
    help="A parameter and its values: LO:HI:N evenly spaced, LO:HI:N:log, or V1,V2,... "
    "(repeatable).",
)
@set_option
@format_option(("text", "json", "markdown", "latex"))
@click.option(
    "--out",
    "out_file",
    default=None,
    metavar="FILE",
    help="Write one row per point to FILE (.csv or .json), with a provenance stamp.",
)
@click.option("--force", is_flag=True, help="Replace --out FILE if it exists.")
@click.option(
    "--strategies",
    default="grim",
    show_default=True,
    metavar="S1,S2,...",
    help="Named strategies whose thresholds to report.",
)
@click.option("--dynamic", is_flag=True, help="Also judge restricting in the dynamic game.")
@resolution_option
@path_option
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDR",
    help="Solve on a Dask cluster, e.g. tcp://HOST:8786 (needs the distributed extra).",
)
@click.option("--workers", type=int, default=None, help="Local processes (default: CPU count).")
@click.option("--chunk-size", type=int, default=None, help="Points per task.")
@click.option(
    "--plot",
    "plot_file",
    default=None,
    metavar="FILE",
    help="Draw a phase diagram of two varied parameters to FILE.",
)
@quiet_option
@reports_errors
def sweep_command(
    model: str,
    varies: tuple[str, ...],
    overrides: tuple[str, ...],
    style: str,
    out_file: str | None,
    force: bool,
    strategies: str,
    dynamic: bool,
    resolution: int,
    path: str | None,
    scheduler: str | None,
    workers: int | None,
    chunk_size: int | None,
    plot_file: str | None,
    quiet: bool,
) -> None:
    """Solve MODEL at every point of a parameter grid; one row per point.

    Each row gives the game's class, the equilibria with payoffs, minmax, each
    strategy's critical discount factors and verdict, and with --dynamic the
    leverage verdict of each player in the dynamic game. Example:

    tradegame sweep rare-earth-2025 --vary minerals.substitution_time=0.5:20:40
    --vary minerals.criticality=1:40:40 --out grid.csv

    --format latex prints the summary (points per class and verdict) as
    booktabs tables; the rows themselves go to --out as CSV or JSON.
    """
    from tradegame.report.sweep import (
        SweepSummary,
        render_summary,
        write_chunk,
        write_end,
        write_start,
    )
    from tradegame.sweeps import run_chunks, sweep_spec, with_text

    grid: dict[str, list[float]] = {}
    for item in varies:
        key, values = parse_vary(item)
        if key in grid:
            raise ValueError(f"--vary {key}: given twice")
        grid[key] = values
    if workers is not None and workers < 1:
        raise ValueError(f"--workers {workers}: expected a whole number >= 1")
    if plot_file is not None:
        from tradegame.plot.style import check_figure_path

        check_figure_path(plot_file)
        if len(grid) != 2:
            raise ValueError(
                f"--plot draws a phase diagram of two parameters; --vary gives {len(grid)}"
            )
    m = load(model, overrides)
    names = [s.strip() for s in strategies.split(",") if s.strip()]
    spec = sweep_spec(m, grid, names, dynamic, resolution, parse_path(path))
    engine: Any = scheduler or "local"
    summary = SweepSummary(spec.columns)
    keep: dict[str, list[Any]] = {"class": [], "grim.sustained": []} if plot_file else {}
    started = time.perf_counter()

    def solve(write: Any = None) -> None:
        kind = Path(out_file).suffix.lower() if out_file else ""
        meta = {"model": m.name, "parameters": list(spec.names)}
        if write is not None:
            write_start(write, kind, spec.columns, meta, stamp([m], output="--out"))
        with progress("Sweeping", quiet) as report:
            for k, chunk in enumerate(run_chunks(spec, engine, chunk_size, workers, report)):
                summary.add(chunk)
                for c in keep:
                    if c in chunk:
                        keep[c].extend(chunk[c])
                if write is not None:
                    write_chunk(write, kind, spec.columns, with_text(spec, chunk), first=k == 0)
        if write is not None:
            write_end(write, kind)

    if out_file:
        with atomic_output(Path(out_file), force) as handle:
            solve(handle)
    else:
        solve()
    seconds = time.perf_counter() - started
    if plot_file:
        _phase_plot(spec, keep, plot_file)
        click.echo(f"tradegame: wrote {plot_file}", err=True)
    click.echo(
        render_summary(
            m.name, spec.names, spec.shape, summary, seconds, out_file, style, stamp([m])
        ),
        nl=False,
    )


def _phase_plot(spec: Any, keep: dict[str, list[Any]], plot_file: str) -> None:
    import numpy as np

    from tradegame.plot.phase import plot_phase
    from tradegame.plot.style import save
    from tradegame.report.provenance import digest, stamp_text

    classes = np.array(keep["class"], dtype=object).reshape(spec.shape)
    held = keep.get("grim.sustained") or []
    sustained = (
        np.array([bool(x) for x in held]).reshape(spec.shape)
        if held and all(x is not None for x in held)
        else None  # no verdict without grim, or without discount factors
    )
    fig = plot_phase(
        spec.names[0],
        np.array(spec.axes[0]),
        spec.names[1],
        np.array(spec.axes[1]),
        classes,
        sustained,
        model=spec.model,
        scales=tuple(_scale(axis) for axis in spec.axes[:2]),
    )
    drawn = digest({"axes": spec.axes[:2], **keep})
    figure_stamp = stamp([spec.model], output="--plot", digest=drawn)
    save(
        fig,
        plot_file,
        metadata={"Title": f"tradegame sweep {spec.model.name}"},
        stamp=stamp_text(figure_stamp),
    )


def _scale(axis: Any) -> str:
    """A log axis for positive values spanning two decades or more, else linear."""
    low, high = min(axis), max(axis)
    return "log" if low > 0 and high / low >= 100 else "linear"
