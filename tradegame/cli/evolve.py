"""``tradegame evolve``: which repeated-game strategies survive evolution."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import click

from tradegame.cli.common import (
    format_option,
    load,
    progress,
    quiet_option,
    reports_errors,
    set_option,
)
from tradegame.cli.repeated import (
    _delta_option,
    _probability,
    _split,
    parse_delta,
    strategy_stamp,
)

__all__ = ["evolve_command"]


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
    help="Periods per match (payoffs per period); default: infinite, discounted matches.",
)
@_delta_option
@click.option(
    "--size",
    default="20",
    show_default=True,
    metavar="N",
    help="Moran population size N (at least 2).",
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
            noise=_probability(noise),
            turns=turns,
            delta=deltas,
            size=None if no_moran else _whole(size, "--size"),
            selection=_number(selection, "--selection"),
            horizon=float(_number(horizon, "--horizon")),
            progress=update,
        )
    stamped = strategy_stamp([m], entries or ())
    click.echo(render_evolution(result, style, stamped), nl=False)


def _number(text: str, option: str) -> Any:
    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{option} {text!r}: expected a number, such as 0.1 or 1/10") from None


def _whole(text: str, option: str) -> int:
    value = _number(text, option)
    if value.denominator != 1:
        raise ValueError(f"{option} {text!r}: expected a whole number")
    return int(value)
