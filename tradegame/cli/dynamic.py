"""``tradegame dynamic``: leverage that erodes, trust that is lost, over time."""

from __future__ import annotations

import math
from typing import Any

import click

from tradegame.cli.common import (
    count_option_value,
    format_option,
    load,
    progress,
    quiet_option,
    reports_errors,
    set_option,
    stamp,
)

__all__ = ["MAX_PERIODS", "dynamic_command", "parse_starts", "resolution_option"]

#: The most periods ``--periods`` follows. Each period solves the stage game of its state
#: again (about 10 ms), so 10,000 periods take a minute or two. A period is one stage (a
#: year in the bundled models); the docs and tests follow at most 40.
MAX_PERIODS = 10_000

resolution_option = click.option(
    "--resolution",
    type=int,
    default=9,
    show_default=True,
    help="Grid points per state dimension of the dynamic game.",
)


@click.command("dynamic")
@click.argument("model")
@set_option
@format_option(("text", "json", "markdown"))
@click.option(
    "--periods",
    type=int,
    default=10,
    show_default=True,
    help=f"Periods to follow, 1 to {MAX_PERIODS}.",
)
@resolution_option
@click.option(
    "--start",
    "starts",
    multiple=True,
    metavar="NAME=VALUE",
    help="Start from another state, e.g. pressure_minerals=1 (repeatable); each value "
    "within the state space: pressure from 0 to 1/forgetting, dependence from "
    "dependence_floor to dependence.",
)
@click.option(
    "--plot",
    "plot_file",
    default=None,
    metavar="FILE",
    help="Also draw dependence, trust and actions over time to FILE (.png, .svg or .pdf).",
)
@quiet_option
@reports_errors
def dynamic_command(
    model: str,
    overrides: tuple[str, ...],
    style: str,
    periods: int,
    resolution: int,
    starts: tuple[str, ...],
    plot_file: str | None,
    quiet: bool,
) -> None:
    """Solve MODEL's dynamic game (Markov perfect equilibrium) and follow its path.

    JSON output and the --plot figure carry a provenance stamp for
    `tradegame reproduce`.
    """
    from tradegame.report.dynamic import render_dynamic
    from tradegame.solvers.markov import markov_perfect
    from tradegame.solvers.paths import simulate_path

    count_option_value("--periods", periods, 1, MAX_PERIODS)
    if plot_file is not None:
        from tradegame.plot.style import check_figure_path

        check_figure_path(plot_file)
    m = load(model, overrides)
    dyn = m.dynamic(resolution=resolution)
    start = parse_starts(starts, dyn) if starts else None
    with progress("Solving the dynamic game", quiet) as report:
        solution = markov_perfect(dyn, progress=report)
    path = simulate_path(dyn, solution, periods=periods, start=start)
    click.echo(render_dynamic(m, solution, path, style, stamp([m])), nl=False)
    if plot_file is not None:
        from tradegame.plot.dynamic_path import plot_path
        from tradegame.plot.style import save
        from tradegame.report.provenance import digest, stamp_text

        fig = plot_path(path, players=m.labels, unit=m.unit, title=f"{m.name}: equilibrium path")
        figure_stamp = stamp([m], output="--plot", digest=digest(path.to_dict()))
        save(
            fig,
            plot_file,
            metadata={"Title": f"tradegame dynamic {m.name}"},
            stamp=stamp_text(figure_stamp),
        )
        click.echo(f"tradegame: wrote {plot_file}", err=True)


def parse_starts(items: tuple[str, ...], dyn: Any) -> list[float]:
    """``--start NAME=VALUE`` items over the dynamic game's initial state.

    Each value must be a finite number in the state space of its dimension (the
    span of its grid): pressure from 0 to 1/forgetting, dependence from the
    floor to the initial dependence. ValueError otherwise.
    """
    start = [float(x) for x in dyn.start]
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or name not in dyn.names:
            raise ValueError(
                f"--start {item!r}: expected NAME=VALUE with NAME one of {', '.join(dyn.names)}"
            )
        k = dyn.names.index(name)
        low, high = float(dyn.grids[k][0]), float(dyn.grids[k][-1])
        try:
            value = float(text)
        except ValueError:
            raise ValueError(
                f"--start {item!r}: the value must be a number from {low!r} to {high!r}"
            ) from None
        if not (math.isfinite(value) and low <= value <= high):
            raise ValueError(
                f"--start {item!r}: {name} must be a finite number from {low!r} to {high!r}, "
                "its range in the state space"
            )
        start[k] = value
    return start
