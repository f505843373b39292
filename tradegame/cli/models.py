"""``tradegame list`` and ``tradegame show``: what models there are, and what is in one."""

from __future__ import annotations

import json

import click

from tradegame.cli.common import format_option, load, reports_errors, set_option, stamp


@click.command("list")
@reports_errors
def list_command() -> None:
    """List the bundled models, one line each."""
    from tradegame.model.load import list_models, load_model

    names = list_models()
    width = max(len(n) for n in names)
    for name in names:
        model = load_model(name)
        click.echo(f"{name.ljust(width)}  {model.kind:<8}  {model.title}")


@click.command("show")
@click.argument("model")
@set_option
@format_option(("text", "json", "markdown"))
@reports_errors
def show_command(model: str, overrides: tuple[str, ...], style: str) -> None:
    """Show MODEL's parameters (with units and sources) and its payoff matrices.

    MODEL is a bundled name (see `tradegame list`) or a path to a .toml file.
    JSON output carries a provenance stamp for `tradegame reproduce`.
    """
    from tradegame.report.render import render_model, to_json

    m = load(model, overrides)
    text = render_model(m, style)
    if style == "json":
        # the renderer's document, unchanged, gains the top-level "provenance" key
        text = to_json(json.loads(text), stamp([m]))
    click.echo(text, nl=False)
