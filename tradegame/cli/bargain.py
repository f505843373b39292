"""``tradegame bargain``: the return to the negotiating table."""

from __future__ import annotations

import click

from tradegame.cli.common import (
    count_option_value,
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

__all__ = ["MAX_YEARS", "bargain_command"]

#: The most years of dispute ``--years`` follows. Each year interpolates every commitment's
#: value and bargains again (about 10 ms), so 10,000 years take a minute or two; the docs
#: and tests follow at most 8.
MAX_YEARS = 10_000


@click.command("bargain")
@click.argument("model")
@set_option
@format_option(("text", "json", "markdown"))
@path_option
@click.option(
    "--dynamic/--no-dynamic",
    default=True,
    show_default=True,
    help="Also bargain in the dynamic game (coercion models).",
)
@click.option(
    "--years",
    type=int,
    default=8,
    show_default=True,
    help=f"Years of dispute to follow for the split as substitution matures, 0 to {MAX_YEARS}.",
)
@quiet_option
@reports_errors
def bargain_command(
    model: str,
    overrides: tuple[str, ...],
    style: str,
    path: str | None,
    dynamic: bool,
    years: int,
    quiet: bool,
) -> None:
    """Bargaining over MODEL from its retaliation equilibrium: Nash and Rubinstein splits.

    For a coercion model, also the deal from the dynamic game's equilibrium
    values, and how the deal moves as the dispute goes on and substitution
    matures. JSON output carries a provenance stamp for `tradegame reproduce`.
    """
    from tradegame.negotiation import negotiate, negotiate_dynamic
    from tradegame.report.bargain import render_negotiation

    count_option_value("--years", years, 0, MAX_YEARS)
    m = load(model, overrides)
    stage = negotiate(m, parse_path(path))
    deal = None
    if dynamic and m.kind == "coercion":
        with progress("Solving the dynamic game", quiet) as report:
            deal = negotiate_dynamic(m, years=years, progress=report)
    click.echo(render_negotiation(stage, style, deal, stamp([m])), nl=False)
