"""``tradegame dynamic``: leverage that erodes, trust that is lost, over time."""

from __future__ import annotations

import click

from tradegame.cli.common import format_option, load, reports_errors, set_option


@click.command("dynamic")
@click.argument("model")
@set_option
@format_option(("text", "json", "markdown"))
@click.option("--periods", type=int, default=10, show_default=True, help="Periods to follow.")
@click.option(
    "--resolution",
    type=int,
    default=9,
    show_default=True,
    help="Grid points per state dimension.",
)
@click.option(
    "--start",
    "starts",
    multiple=True,
    metavar="NAME=VALUE",
    help="Start from another state, e.g. pressure_minerals=1 (repeatable).",
)
@reports_errors
def dynamic_command(
    model: str,
    overrides: tuple[str, ...],
    style: str,
    periods: int,
    resolution: int,
    starts: tuple[str, ...],
) -> None:
    """Solve MODEL's dynamic game (Markov perfect equilibrium) and follow its path."""
    from tradegame.report.dynamic import render_dynamic
    from tradegame.solvers.markov import markov_perfect
    from tradegame.solvers.paths import simulate_path

    if periods < 1:
        raise ValueError(f"--periods {periods}: expected a whole number >= 1")
    m = load(model, overrides)
    dyn = m.dynamic(resolution=resolution)
    solution = markov_perfect(dyn)
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
    click.echo(render_dynamic(m, solution, path, style), nl=False)
