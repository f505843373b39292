"""``tradegame run``: the whole stage and repeated analysis of one model."""

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


@click.command("run")
@click.argument("model")
@set_option
@format_option(("text", "json", "markdown", "latex"))
@path_option
@reports_errors
def run_command(model: str, overrides: tuple[str, ...], style: str, path: str | None) -> None:
    """Solve MODEL: game, class, equilibria, minmax and grim-trigger thresholds, with a reading.

    MODEL is a bundled name (see `tradegame list`) or a path to a .toml file.
    JSON and LaTeX output carry a provenance stamp for `tradegame reproduce`.
    """
    from tradegame.analysis import analyse
    from tradegame.report.render import render_analysis

    m = load(model, overrides)
    click.echo(render_analysis(analyse(m, parse_path(path)), style, stamp([m])), nl=False)
