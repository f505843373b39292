"""``tradegame explain``: the symbolic derivation of the grim-trigger thresholds."""

from __future__ import annotations

import click

from tradegame.cli.common import (
    format_option,
    load,
    parse_path,
    path_option,
    reports_errors,
    set_option,
    stamp,
)


@click.command("explain")
@click.argument("model")
@set_option
@format_option(("text", "markdown", "latex", "json"))
@path_option
@reports_errors
def explain_command(model: str, overrides: tuple[str, ...], style: str, path: str | None) -> None:
    """Derive MODEL's grim-trigger thresholds as formulas, and what moves them.

    Prints the incentive constraints, the thresholds in the model's named
    parameters (simplified by sympy), their values at the calibration, and, by
    the sign of each derivative, which parameters raise or lower them.
    """
    from tradegame.explain import explain
    from tradegame.report.explain import render_explanation

    m = load(model, overrides)
    click.echo(render_explanation(explain(m, parse_path(path)), style, stamp([m])), nl=False)
