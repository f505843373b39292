"""``tradegame compare``: two models side by side."""

from __future__ import annotations

import click

from tradegame.cli.common import format_option, load, reports_errors


@click.command("compare")
@click.argument("first", metavar="MODEL_A")
@click.argument("second", metavar="MODEL_B")
@format_option(("text", "json", "markdown"))
@reports_errors
def compare_command(first: str, second: str, style: str) -> None:
    """Compare MODEL_A and MODEL_B, and list exactly where their conclusions differ.

    Try it on the two views of 2025:
    tradegame compare rare-earth-2025-leverage rare-earth-2025-commodity
    """
    from tradegame.compare import compare
    from tradegame.report.compare import render_comparison

    click.echo(render_comparison(compare(load(first), load(second)), style), nl=False)
