"""The ``tradegame`` command line: a thin click layer over the library.

One module per command family; heavy imports happen inside the commands, so
``tradegame --help`` starts fast. Results go to stdout, errors to stderr, and
bad input exits with code 2 and one line.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from tradegame import __version__
from tradegame.cli.bargain import bargain_command
from tradegame.cli.common import describe, error_line, fail
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


class _OneLineUsageError(click.UsageError):
    """A usage error (unknown option, missing argument, bad value) shown as one line."""

    def show(self, file: Any = None) -> None:
        hint = f" See `{self.ctx.command_path} --help`." if self.ctx is not None else ""
        click.echo(f"tradegame: error: {error_line(self.format_message())}{hint}", err=True)


class _Group(click.Group):
    """The top-level group: every error that reaches it becomes one line on stderr.

    Bad input (a ValueError, an unreadable file) exits with code 2; an
    unexpected exception, a bug, exits with code 1; neither shows a traceback
    unless ``--debug`` is given. Usage errors (an unknown option, a value
    click cannot convert) are one line too, with a pointer to ``--help``.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _one_line(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _one_line(exc) from None
        except click.ClickException as exc:
            fail(exc.format_message(), exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(1)
        except Exception as exc:
            if ctx.params.get("debug"):
                raise
            fail(*describe(exc))


def _quiet_stdout() -> None:
    """The reader of stdout went away (``tradegame ... | head``): stop quietly.

    Later writes, and the flush at exit, go to /dev/null instead of raising again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's stream)
        pass


# click >= 8.2 shows a group's help through an error when it is called with no arguments
_HELP = [
    getattr(click.exceptions, n) for n in ["NoArgsIsHelpError"] if hasattr(click.exceptions, n)
]
_KEEP: tuple[type[click.UsageError], ...] = (_OneLineUsageError, *_HELP)


def _one_line(exc: click.UsageError) -> click.UsageError:
    if isinstance(exc, _KEEP):
        return exc
    return _OneLineUsageError(exc.format_message(), ctx=exc.ctx)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
