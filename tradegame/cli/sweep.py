"""``tradegame sweep``: a model solved over a grid of parameters, streamed to a file."""

from __future__ import annotations

import math
import signal
import sys
import time
from pathlib import Path
from typing import Any

import click

from tradegame.cli.common import (
    count_option_value,
    format_option,
    load,
    parse_path,
    path_option,
    quiet_option,
    reports_errors,
    set_option,
    stamp,
)
from tradegame.cli.dynamic import resolution_option

__all__ = ["MAX_SWEEP_POINTS", "parse_vary", "sweep_command"]

#: The most points a sweep solves, over all its --vary axes together. A million points of
#: a 2x2 game take about a second in memory and the rows stream to --out in about 200 MB,
#: so ten million stay within minutes; more is a typo (N = 10**12) that would never finish.
MAX_SWEEP_POINTS = 10_000_000
#: The most local worker processes per CPU. Each is a Python process of about 100 MB:
#: --workers 100000 would fork until the machine ran out of memory.
WORKERS_PER_CPU = 4

_VARY_FORMS = (
    "expected KEY=LO:HI:N (numbers, N a whole number >= 1), "
    "KEY=LO:HI:N:log (LO and HI above 0) or KEY=V1,V2,..."
)


def parse_vary(item: str, room: int = MAX_SWEEP_POINTS) -> tuple[str, list[float]]:
    """``KEY=LO:HI:N`` (N evenly spaced values), ``KEY=LO:HI:N:log`` (evenly spaced on a
    log scale) or ``KEY=V1,V2,...`` -> (key, values).

    Every value is a finite number, and there are at most ``room`` of them (the
    points the other axes leave of :data:`MAX_SWEEP_POINTS`). ValueError otherwise,
    checked before any value is computed.
    """
    key, sep, text = item.partition("=")
    key = key.strip()
    if not sep or not key or not text.strip():
        raise ValueError(f"--vary {item!r}: expected KEY=LO:HI:N or KEY=V1,V2,...")
    if ":" not in text:
        try:
            values = [float(x) for x in text.split(",")]
        except ValueError:
            raise ValueError(f"--vary {item!r}: {_VARY_FORMS}") from None
        if not all(math.isfinite(v) for v in values):
            raise ValueError(f"--vary {item!r}: every value must be a finite number")
        _check_count(item, len(values), room)
        return key, values
    parts = text.split(":")
    log = len(parts) == 4
    try:
        if len(parts) not in (3, 4) or (log and parts[3].strip() != "log"):
            raise ValueError
        low, high, count = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise ValueError(f"--vary {item!r}: {_VARY_FORMS}") from None
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"--vary {item!r}: LO and HI must be finite numbers")
    if count < 1 or (log and (low <= 0 or high <= 0)):
        raise ValueError(f"--vary {item!r}: {_VARY_FORMS}")
    _check_count(item, count, room)
    import numpy as np

    spaced = np.geomspace if log else np.linspace
    try:
        # an overflow is refused here with one line, never shown as a numpy warning
        with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
            values = [float(x) for x in spaced(low, high, count)]
    except FloatingPointError:
        values = [math.inf]
    if not all(math.isfinite(v) for v in values):
        allowed = "LO and HI at most about 1e308" if log else "HI - LO within about ±1.7e308"
        raise ValueError(f"--vary {item!r}: the values from LO to HI overflow; expected {allowed}")
    return key, values


def _check_count(item: str, count: int, room: int) -> None:
    if count > room:
        others = "" if room >= MAX_SWEEP_POINTS else ", over all --vary axes together"
        raise ValueError(
            f"--vary {item!r}: {count} values is too many; a sweep has at most "
            f"{MAX_SWEEP_POINTS} points{others}"
        )


def _stamp(models: list[Any], output: str = "stdout", digest: str | None = None) -> Any:
    """The provenance stamp, as if --resume were not given: resuming changes no output."""
    ctx = click.get_current_context()
    resume = ctx.params.get("resume")
    ctx.params["resume"] = False
    try:
        return stamp(models, output=output, digest=digest)
    finally:
        ctx.params["resume"] = resume


@click.command("sweep")
@click.argument("model")
@click.option(
    "--vary",
    "varies",
    multiple=True,
    required=True,
    metavar="KEY=LO:HI:N",
    help="A parameter and its values: LO:HI:N evenly spaced, LO:HI:N:log, or V1,V2,... "
    f"(repeatable; at most {MAX_SWEEP_POINTS} points in all).",
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
    "--resume",
    is_flag=True,
    help="Continue an interrupted sweep to --out FILE from the chunks it finished.",
)
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
    resume: bool,
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

    While the rows are written, each finished chunk of points is kept in
    FILE.partial/ as well. Interrupted (Ctrl-C, SIGTERM), the sweep leaves no
    FILE and says so on one line (exit 130, or 143 for SIGTERM); the same
    command with --resume then solves only the chunks that are missing. The
    folder is removed when FILE is complete.
    """
    from tradegame.cli.sweep_run import SweepRun, sigterm_interrupts
    from tradegame.report.sweep import SweepSummary, render_summary
    from tradegame.sweeps import sweep_spec

    grid: dict[str, list[float]] = {}
    points = 1
    for item in varies:
        key, values = parse_vary(item, room=MAX_SWEEP_POINTS // points)
        if key in grid:
            raise ValueError(f"--vary {key}: given twice")
        grid[key] = values
        points *= len(values)
    if workers is not None:
        import os

        cpus = os.cpu_count() or 1
        count_option_value("--workers", workers, 1, WORKERS_PER_CPU * cpus)
    if chunk_size is not None and chunk_size < 1:
        raise ValueError(f"--chunk-size {chunk_size}: expected a whole number >= 1")
    if resume and not out_file:
        raise ValueError("--resume continues a sweep to a file; give the --out FILE it was writing")
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
    run = SweepRun(
        spec,
        engine=scheduler or "local",
        chunk_size=chunk_size,
        workers=workers,
        quiet=quiet,
        summary=SweepSummary(spec.columns),
        keep={"class": [], "grim.sustained": []} if plot_file else {},
        out=Path(out_file) if out_file else None,
    )
    started = time.perf_counter()
    try:
        with sigterm_interrupts():
            if run.out is None:
                run.solve()
            else:
                run.write(force, resume, _stamp([m], output="--out"))
    except KeyboardInterrupt as exc:
        click.echo(run.abandon(), err=True)
        sys.exit(128 + getattr(exc, "signum", signal.SIGINT))
    seconds = time.perf_counter() - started
    if plot_file:
        _phase_plot(spec, run.keep, plot_file)
        click.echo(f"tradegame: wrote {plot_file}", err=True)
    click.echo(
        render_summary(
            m.name, spec.names, spec.shape, run.summary, seconds, out_file, style, _stamp([m])
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
    figure_stamp = _stamp([spec.model], output="--plot", digest=drawn)
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
