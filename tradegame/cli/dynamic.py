"""``tradegame dynamic``: leverage that erodes, trust that is lost, over time."""

from __future__ import annotations

import click

from tradegame.cli.common import (
    format_option,
    load,
    progress,
    quiet_option,
    reports_errors,
    set_option,
    stamp,
)

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
@click.option("--periods", type=int, default=10, show_default=True, help="Periods to follow.")
@resolution_option
@click.option(
    "--start",
    "starts",
    multiple=True,
    metavar="NAME=VALUE",
    help="Start from another state, e.g. pressure_minerals=1 (repeatable).",
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

    if periods < 1:
        raise ValueError(f"--periods {periods}: expected a whole number >= 1")
    if plot_file is not None:
        from tradegame.plot.style import check_figure_path

        check_figure_path(plot_file)
    m = load(model, overrides)
    dyn = m.dynamic(resolution=resolution)
    with progress("Solving the dynamic game", quiet) as report:
        solution = markov_perfect(dyn, progress=report)
    start = None
    if starts:
        start = [float(x) for x in dyn.start]
        for item in starts:
            name, sep, text = item.partition("=")
            if not sep or name.strip() not in dyn.names:
                raise ValueError(
                    f"--start {item!r}: expected NAME=VALUE with NAME one of {', '.join(dyn.names)}"
                )
            try:
                start[dyn.names.index(name.strip())] = float(text)
            except ValueError:
                raise ValueError(f"--start {item!r}: the value must be a number") from None
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
