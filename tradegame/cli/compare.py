"""``tradegame compare``: two models side by side."""

from __future__ import annotations

import click

from tradegame.cli.common import (
    format_option,
    load,
    progress,
    quiet_option,
    reports_errors,
    stamp,
)
from tradegame.cli.dynamic import resolution_option


@click.command("compare")
@click.argument("first", metavar="MODEL_A")
@click.argument("second", metavar="MODEL_B")
@format_option(("text", "json", "markdown", "latex"))
@click.option(
    "--dynamic/--no-dynamic",
    default=True,
    show_default=True,
    help="Also compare the dynamic games (coercion models).",
)
@resolution_option
@quiet_option
@reports_errors
def compare_command(
    first: str, second: str, style: str, dynamic: bool, resolution: int, quiet: bool
) -> None:
    """Compare MODEL_A and MODEL_B, and list exactly where their conclusions differ.

    Try it on the two views of 2025:
    tradegame compare rare-earth-2025-leverage rare-earth-2025-commodity
    """
    from tradegame.compare import compare
    from tradegame.report.compare import render_comparison

    a, b = load(first), load(second)
    with progress("Solving the dynamic games", quiet or not dynamic) as report:
        result = compare(a, b, dynamic=dynamic, resolution=resolution, progress=report)
    click.echo(render_comparison(result, style, stamp([a, b])), nl=False)
