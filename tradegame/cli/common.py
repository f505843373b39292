"""Options shared by every command, and the one place where bad input becomes exit code 2.

Every command loads its model through :func:`load`, so ``--set`` parsing and
error reporting are identical everywhere.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from fractions import Fraction
from functools import wraps
from typing import Any, NoReturn, TypeVar

import click

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERNAL",
    "command_line",
    "count_option_value",
    "describe",
    "error_line",
    "exact_number",
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


EXIT_INTERNAL = 1  # a bug in tradegame, not in the input


def error_line(message: str) -> str:
    """``message`` as one line: line breaks become ``; ``, control characters are escaped."""
    from tradegame.datafile import one_line

    parts = [part.strip() for part in str(message).splitlines() if part.strip()]
    return one_line("; ".join(parts)) or "unknown error"


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print one line to stderr and exit with ``code`` (2: bad input)."""
    click.echo(f"tradegame: error: {error_line(message)}", err=True)
    sys.exit(code)


def describe(exc: BaseException) -> tuple[str, int]:
    """The one-line message and exit code for an exception that reached the command line.

    A ValueError is bad input (its message names the file, key and value);
    an OSError is a file that cannot be read or written; running out of memory
    or of stack is an input too large or too deep. Anything else is a bug in
    tradegame, reported as such with the way to see its traceback.
    """
    if isinstance(exc, ValueError):
        return (str(exc) or type(exc).__name__), EXIT_BAD_INPUT
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename is not None else ""
        reason = exc.strerror or str(exc) or type(exc).__name__
        return f"{where}{reason}", EXIT_BAD_INPUT
    if isinstance(exc, MemoryError):
        return "out of memory: the input asks for more than this computer has", EXIT_BAD_INPUT
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to process", EXIT_BAD_INPUT
    detail = f": {exc}" if str(exc) else ""
    return (
        f"internal error, {type(exc).__name__}{detail} (a bug in tradegame: please report it; "
        "`tradegame --debug ...` shows the traceback)",
        EXIT_INTERNAL,
    )


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
            fail(*describe(exc))

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


_EXPONENT = re.compile(r"[eE]\s*([+-]?\d+)")
_MAX_EXPONENT = 400  # Fraction("1e-999999999") builds 10**999999999: it never returns


def exact_number(text: str) -> Fraction | None:
    """``text`` such as ``"0.05"``, ``"1/20"`` or ``"2e-3"`` as an exact fraction; else None.

    Unlike ``Fraction(text)``, this returns at once for any text: an exponent
    beyond ±400, or text over 1000 characters, is refused rather than expanded.
    """
    if len(text) > 1000:
        return None
    exponent = _EXPONENT.search(text)
    if exponent is not None and (
        len(exponent.group(1)) > 6 or abs(int(exponent.group(1))) > _MAX_EXPONENT
    ):
        return None
    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError):
        return None


def count_option_value(option: str, value: int, low: int, high: int) -> int:
    """``value`` of the whole-number option ``option``, if in ``[low, high]``; else ValueError.

    The message names the option, the value given and the range allowed:
    ``--turns 1000000000000: expected a whole number from 1 to 10000``.
    """
    if not low <= value <= high:
        from tradegame.datafile import show

        raise ValueError(f"{option} {show(value)}: expected a whole number from {low} to {high}")
    return value


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
