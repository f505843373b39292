"""Options shared by every command, and the one place where bad input becomes exit code 2.

Every command loads its model through :func:`load`, so ``--set`` parsing and
error reporting are identical everywhere.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import click

__all__ = [
    "EXIT_BAD_INPUT",
    "command_line",
    "fail",
    "format_option",
    "load",
    "parse_path",
    "path_option",
    "progress",
    "quiet_option",
    "reports_errors",
    "set_option",
    "stamp",
]

EXIT_BAD_INPUT = 2
F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> None:
    """Print one line to stderr and exit with code 2."""
    click.echo(f"tradegame: error: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def reports_errors(command: F) -> F:
    """Turn a ValueError (bad model, bad --set, bad action name) into one line and exit 2.

    With ``--debug`` on the group, the traceback is shown instead.
    """

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ValueError as exc:
            ctx = click.get_current_context(silent=True)
            if ctx is not None and ctx.find_root().params.get("debug"):
                raise
            fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    return wrapper  # type: ignore[return-value]


def set_option(command: F) -> F:
    """``--set KEY=VALUE``, repeatable: override any model parameter."""
    return click.option(
        "--set",
        "overrides",
        multiple=True,
        metavar="KEY=VALUE",
        help="Override a parameter, e.g. --set minerals.substitution_time=1.5 (repeatable).",
    )(command)


def format_option(choices: Sequence[str]) -> Callable[[F], F]:
    """``--format``: how results are printed on stdout."""
    return click.option(
        "--format",
        "style",
        type=click.Choice(list(choices)),
        default="text",
        show_default=True,
        help="Output format.",
    )


def parse_overrides(items: Sequence[str]) -> dict[str, float]:
    """``["a.b=1.5"]`` -> ``{"a.b": 1.5}``; ValueError on anything else."""
    out: dict[str, float] = {}
    for item in items:
        key, sep, text = item.partition("=")
        key, text = key.strip(), text.strip()
        if not sep or not key:
            raise ValueError(f"--set {item!r}: expected KEY=VALUE, e.g. minerals.dependence=0.5")
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"--set {key} = {text!r}: the value must be a number") from None
        if not math.isfinite(value):
            raise ValueError(f"--set {key} = {text!r}: the value must be finite")
        out[key] = (
            int(value)
            if value.is_integer() and "." not in text and "e" not in text.lower()
            else value
        )
    return out


def load(ref: str, overrides: Sequence[str] = ()) -> Any:
    """Load a model by name or path and apply ``--set`` overrides."""
    from tradegame.model.load import load_model

    model = load_model(ref)
    values = parse_overrides(overrides)
    return model.with_params(values) if values else model


def command_line(ctx: click.Context | None = None) -> list[str]:
    """The running command as an argument list, rebuilt from its parsed parameters.

    Every parameter is spelled out, defaults included, in the order the
    command declares them; a parameter whose value is None is left out. The
    list starts with the command's name: ``["run", "chicken", "--format", "json"]``.
    """
    ctx = ctx or click.get_current_context()
    args = [ctx.info_name or ctx.command.name or ""]
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if value is None or param.expose_value is False:
            continue
        if isinstance(param, click.Argument):
            args += [str(v) for v in value] if param.multiple else [str(value)]
            continue
        if not isinstance(param, click.Option):
            continue
        name = next((o for o in param.opts if o.startswith("--")), param.opts[0])
        if param.is_flag and param.secondary_opts:
            args.append(name if value else param.secondary_opts[0])
        elif param.is_flag:
            args += [name] if value else []
        else:
            for v in value if param.multiple else (value,):
                args += [name, str(v)]
    return args


def stamp(models: Sequence[Any], output: str = "stdout", digest: str | None = None) -> Any:
    """The provenance stamp of the running command's ``output`` (see ``report.provenance``)."""
    from tradegame.report.provenance import build_stamp

    return build_stamp(command_line(), models, output=output, digest=digest)


def path_option(command: F) -> F:
    """``--path ROW,COL``: the cooperative outcome whose sustainability is tested."""
    return click.option(
        "--path",
        default=None,
        metavar="ROW,COL",
        help="The cooperative outcome to sustain, as two action names (default: both first).",
    )(command)


def parse_path(text: str | None) -> tuple[int | str, int | str]:
    """``--path ROW,COL`` -> a pair of action names; both first actions when not given."""
    if text is None:
        return (0, 0)
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"--path {text!r}: expected two action names, ROW,COL")
    return (parts[0], parts[1])


def quiet_option(command: F) -> F:
    """``--quiet``: no progress bar on stderr."""
    return click.option(
        "--quiet", "-q", is_flag=True, help="Do not show a progress bar on stderr."
    )(command)


_STEPS = 1000  # progress-bar resolution: fractions of the work are shown in thousandths


@contextmanager
def progress(label: str, quiet: bool, file: Any = None) -> Iterator[Callable[[float], None]]:
    """A progress bar on stderr, fed with fractions of the work done (never going back).

    Yields the callback that the solvers take as ``progress=``. It does nothing
    with ``quiet``, or when ``file`` (default stderr) is not a terminal, so that
    logs and pipes stay clean.
    """
    stream = sys.stderr if file is None else file
    if quiet or not stream.isatty():
        yield lambda fraction: None
        return
    with click.progressbar(length=_STEPS, label=label, file=stream) as bar:
        shown = 0

        def update(fraction: float) -> None:
            nonlocal shown
            target = int(min(max(fraction, 0.0), 1.0) * _STEPS)
            if target > shown:
                bar.update(target - shown)
                shown = target

        yield update
