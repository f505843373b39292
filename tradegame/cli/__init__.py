"""The ``tradegame`` command line: a thin click layer over the library.

One module per command family; heavy imports happen inside the commands, so
``tradegame --help`` starts fast. Results go to stdout, errors to stderr, and
bad input exits with code 2 and one line.
"""

from __future__ import annotations

import click

from tradegame import __version__
from tradegame.cli.bargain import bargain_command
from tradegame.cli.compare import compare_command
from tradegame.cli.dynamic import dynamic_command
from tradegame.cli.evolve import evolve_command
from tradegame.cli.exercise import exercise_command
from tradegame.cli.explain import explain_command
from tradegame.cli.models import list_command, show_command
from tradegame.cli.new import new_command
from tradegame.cli.repeated import (
    match_command,
    repeated_command,
    strategies_command,
    tournament_command,
)
from tradegame.cli.reproduce import reproduce_command
from tradegame.cli.run import run_command
from tradegame.cli.sweep import sweep_command

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tradegame")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
def main(debug: bool) -> None:
    """tradegame: economic coercion as a game, solved exactly.

    Chips versus minerals: run a named model with `tradegame run rare-earth-2025`.
    """


main.add_command(list_command)
main.add_command(show_command)
main.add_command(run_command)
main.add_command(explain_command)
main.add_command(strategies_command)
main.add_command(match_command)
main.add_command(tournament_command)
main.add_command(repeated_command)
main.add_command(bargain_command)
main.add_command(compare_command)
main.add_command(dynamic_command)
main.add_command(sweep_command)
main.add_command(evolve_command)
main.add_command(new_command)
main.add_command(reproduce_command)
main.add_command(exercise_command)
