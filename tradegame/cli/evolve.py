"""``tradegame evolve``: which repeated-game strategies survive evolution."""

from __future__ import annotations

from typing import Any

import click

from tradegame.cli.common import (
    count_option_value,
    exact_number,
    format_option,
    load,
    progress,
    quiet_option,
    reports_errors,
    set_option,
)
from tradegame.cli.repeated import (
    MAX_TURNS,
    _delta_option,
    _probability,
    _split,
    parse_delta,
    strategy_stamp,
)

__all__ = ["MAX_SIZE", "evolve_command"]

#: The largest Moran population ``--size`` takes. The fixation probabilities are exact
#: fractions built from N factors each, so the work grows faster than N: with every named
#: strategy it takes a few minutes at N = 10,000 and over an hour at N = 100,000. The
#: bound is 50 times the largest population in the docs and tests (200).
MAX_SIZE = 10_000


@click.command("evolve")
@click.argument("model")
@set_option
@format_option(("text", "json", "markdown"))
@click.option(
    "--strategies",
    "names",
    default=None,
    metavar="S1,S2,...",
    help="Strategies that compete, comma-separated (default: every named strategy).",
)
@click.option(
    "--noise", default="0", metavar="E", help="Probability that an intended action is replaced."
)
@click.option(
    "--turns",
    type=int,
    default=None,
    help=f"Periods per match (payoffs per period), 1 to {MAX_TURNS}; "
    "default: infinite, discounted matches.",
)
@_delta_option
@click.option(
    "--size",
    default="20",
    show_default=True,
    metavar="N",
    help=f"Moran population size N, 2 to {MAX_SIZE}.",
)
@click.option(
    "--selection",
    default="0.1",
    show_default=True,
    metavar="W",
    help="Moran selection intensity w in [0, 1), on payoffs scaled to [0, 1].",
)
@click.option("--no-moran", is_flag=True, help="Skip the Moran process.")
@click.option(
    "--horizon",
    default="100000",
    show_default=True,
    metavar="T",
    help="How long the replicator dynamics run (time on payoffs scaled to [0, 1]).",
)
@quiet_option
@reports_errors
def evolve_command(
    model: str,
    overrides: tuple[str, ...],
    style: str,
    names: str | None,
    noise: str,
    turns: int | None,
    delta: str | None,
    size: str,
    selection: str,
    no_moran: bool,
    horizon: str,
    quiet: bool,
) -> None:
    """Evolve strategies of MODEL's repeated game: who survives, and who invades whom.

    Every strategy plays every strategy exactly (discounted at the model's
    discount factors, or --delta; or over --turns periods). The replicator
    dynamics start from equal shares; a symmetric game has one population, a
    chips-versus-minerals game two (the United States' strategies against
    China's). The Moran process gives the exact probability that one mutant
    takes over a finite population of another strategy. JSON output carries
    a provenance stamp (with the sha256 of each strategy file) for
    `tradegame reproduce`.
    """
    from tradegame.evolve import evolve
    from tradegame.report.evolve import render_evolution

    if turns is not None:
        count_option_value("--turns", turns, 1, MAX_TURNS)
    probability = _probability(noise)
    population = None if no_moran else _population(size)
    selection_w = _number(selection, "--selection")
    time_horizon = float(_number(horizon, "--horizon"))
    m = load(model, overrides)
    entries = None if names is None else _split(names)
    deltas = None
    if turns is None:
        deltas = parse_delta(delta, m)
        if deltas is None:
            raise ValueError(
                f"{m.name} has no discount factors: give --turns N for matches of N periods, "
                "or --delta D"
            )
    with progress("playing matches", quiet) as update:
        result = evolve(
            m,
            entries,
            noise=probability,
            turns=turns,
            delta=deltas,
            size=population,
            selection=selection_w,
            horizon=time_horizon,
            progress=update,
        )
    stamped = strategy_stamp([m], entries or ())
    click.echo(render_evolution(result, style, stamped), nl=False)


def _number(text: str, option: str) -> Any:
    """An option's value as an exact fraction; ValueError otherwise (never slow)."""
    value = exact_number(text)
    if value is None:
        raise ValueError(
            f"{option} {text!r}: expected a number, such as 0.1 or 1/10 (an exponent within ±400)"
        )
    return value


def _population(text: str) -> int:
    """``--size``: a whole number from 2 to :data:`MAX_SIZE`."""
    value = _number(text, "--size")
    if value.denominator != 1 or not 2 <= value <= MAX_SIZE:
        raise ValueError(
            f"--size {text!r}: the population size N must be a whole number >= 2 "
            f"and at most {MAX_SIZE}"
        )
    return int(value)
