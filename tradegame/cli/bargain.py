"""``tradegame bargain``: the return to the negotiating table."""

from __future__ import annotations

import click

from tradegame.cli.common import (
    format_option,
    load,
    parse_path,
    path_option,
    reports_errors,
    set_option,
)


@click.command("bargain")
@click.argument("model")
@set_option
@format_option(("text", "json", "markdown"))
@path_option
@reports_errors
def bargain_command(model: str, overrides: tuple[str, ...], style: str, path: str | None) -> None:
    """Bargaining over MODEL from its retaliation equilibrium: Nash and Rubinstein splits."""
    from tradegame.negotiation import negotiate
    from tradegame.report.bargain import render_negotiation

    m = load(model, overrides)
    click.echo(render_negotiation(negotiate(m, parse_path(path)), style), nl=False)
