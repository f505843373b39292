"""``tradegame reproduce``: re-run an analysis from its provenance stamp and check the numbers.

The stamp's command is data: its first word must name a command that stamps
its output (:data:`REPRODUCIBLE`), and the rest is parsed by that command's
own click options, never by a shell. Before anything runs, every file the
stamp hashed (model files, and strategy files) must be unchanged. Output
files go to a temporary folder, never over the recorded ones, and a recorded
Dask scheduler is not contacted: the re-run solves locally.

Exit codes: 0 when the numbers agree, 1 when they do not (or a model or
strategy file changed, or the command now fails), 2 for a missing, unreadable
or unstamped file, or a stamp whose command is not allowed.
"""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import click

from tradegame.cli.common import reports_errors

__all__ = ["REPRODUCIBLE", "reproduce_command"]

#: The commands whose output carries a stamp, and so can be re-run from it.
REPRODUCIBLE = (
    "bargain",
    "compare",
    "dynamic",
    "evolve",
    "explain",
    "match",
    "repeated",
    "run",
    "show",
    "sweep",
    "tournament",
)
EXIT_MISMATCH = 1
_SHOWN = 20  # differences listed before "... and N more"
# Options that name where output goes, or where work runs, rather than what is computed.
_OUT, _PLOT, _FORCE, _SCHEDULER, _QUIET = "--out", "--plot", "--force", "--scheduler", "--quiet"
_TOO_DEEP = "nested too deeply to read; a stamped output nests only a few levels"


@click.command("reproduce")
@click.argument("stamp_file", metavar="STAMP_FILE")
@reports_errors
def reproduce_command(stamp_file: str) -> None:
    """Re-run the analysis that wrote STAMP_FILE and confirm the same numbers.

    STAMP_FILE is a stamped output: JSON (--format json), LaTeX (--format
    latex), a sweep's --out CSV or JSON, or a --plot figure (.png, .svg,
    .pdf). The model and strategy files must be unchanged (their sha256 is in
    the stamp); exact results must be equal, and floats agree within a
    relative 1e-9.
    """
    from tradegame import __version__
    from tradegame.report.provenance import read_stamp

    path = Path(stamp_file)
    _check_file(path)
    try:
        stamp = read_stamp(path)
    except RecursionError:
        raise ValueError(f"{path}: {_TOO_DEEP}") from None
    command = _command(stamp, path)
    if stamp["tradegame"] != __version__:
        click.echo(
            f"tradegame: note: {path} was written by tradegame {stamp['tradegame']}; "
            f"this is {__version__}",
            err=True,
        )
    changed = _changed_file(stamp)
    if changed:
        _not_reproduced(path, changed)
    shown = "tradegame " + " ".join(stamp["command"])
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tradegame-reproduce-") as folder:
        fresh, new_stamp, agreement = _rerun(command, stamp, path, Path(folder))
    differences = _model_differences(stamp, new_stamp) + agreement.differences
    if differences:
        extra = len(differences) - _SHOWN
        lines = [f"  {d}" for d in differences[:_SHOWN]]
        lines += [f"  ... and {extra} more"] if extra > 0 else []
        _not_reproduced(path, f"{len(differences)} differences from {shown}", lines)
    click.echo(f"reproduced: {path}: {shown}: {fresh}")


def _check_file(path: Path) -> None:
    """ValueError naming ``path`` unless it is a regular file (or missing: read_stamp says so)."""
    if path.is_dir():
        raise ValueError(f"{path}: is a directory; expected a stamped output file")
    if path.exists() and not path.is_file():
        raise ValueError(
            f"{path}: not a regular file (a device or a pipe); expected a stamped output file"
        )


def _not_reproduced(path: Path, why: str, details: list[str] | None = None) -> None:
    click.echo("\n".join([f"not reproduced: {path}: {why}", *(details or [])]))
    sys.exit(EXIT_MISMATCH)


def _command(stamp: dict[str, Any], path: Path) -> click.Command:
    """The click command the stamp names, if it is one that may be re-run."""
    from tradegame.cli import main

    name = stamp["command"][0]
    if name not in REPRODUCIBLE:
        raise ValueError(
            f"{path}: provenance.command[0] = {name!r}: not a command to re-run; "
            f"allowed: {', '.join(REPRODUCIBLE)}"
        )
    return main.commands[name]


def _changed_file(stamp: dict[str, Any]) -> str | None:
    """The first hashed file (model, then strategy) that no longer matches; None if all match."""
    from tradegame.model.spec import ModelError
    from tradegame.report.provenance import resolve_file, sha256_file

    entries = [entry for model in stamp["models"] for entry in model["files"]]
    for entry in [*entries, *stamp.get("files", [])]:
        name = entry["file"] if "kind" not in entry else f"{entry['kind']} file {entry['file']}"
        try:
            found = resolve_file(entry)
            now = sha256_file(found) if found.is_file() else None
        except (ModelError, OSError):
            now = None
        if now is None:
            return f"{name} no longer exists"
        if now != entry["sha256"]:
            return (
                f"{name} changed since the stamp (sha256 {entry['sha256'][:12]}…, now {now[:12]}…)"
            )
    return None


def _context(command: click.Command, stamp: dict[str, Any], path: Path) -> click.Context:
    """The recorded arguments parsed by the command's own options (exit 2 if they do not parse)."""
    args = stamp["command"][1:]
    if any(a in ("--help", "-h") for a in args):
        raise ValueError(f"{path}: provenance.command asks for --help, which computes nothing")
    try:
        return command.make_context(stamp["command"][0], list(args))
    except click.ClickException as exc:
        raise ValueError(
            f"{path}: provenance.command is not a valid `tradegame {stamp['command'][0]}` "
            f"command: {exc.format_message()}"
        ) from None


def _params(command: click.Command) -> dict[str, str]:
    """Option -> parameter name, for the options that direct output or work (when present)."""
    names = {}
    for param in command.params:
        for option in (_OUT, _PLOT, _FORCE, _SCHEDULER, _QUIET):
            if option in getattr(param, "opts", ()) and param.name:
                names[option] = param.name
    return names


def _redirect(
    command: click.Command, ctx: click.Context, output: str, path: Path, folder: Path
) -> Path | None:
    """Send the re-run's files to ``folder``; returns the file that replaces the stamped one.

    The output the stamp describes goes to ``folder``; other outputs are not
    written at all. ``--force`` is dropped, ``--quiet`` set, and a scheduler
    replaced by local work.
    """
    params, names = ctx.params, _params(command)
    target = None
    for option in (_OUT, _PLOT):
        name = names.get(option)
        if output == option:
            recorded = params.get(name) if name else None
            if name is None or recorded is None:
                raise ValueError(
                    f"{path}: provenance.output = {output!r}, but the command has no {option} FILE"
                )
            target = folder / f"reproduced{Path(recorded).suffix}"
            params[name] = str(target)
        elif name:
            params[name] = None
    scheduler = names.get(_SCHEDULER)
    if scheduler and params.get(scheduler):
        click.echo("tradegame: note: re-running locally, not on the recorded scheduler", err=True)
        params[scheduler] = None
    for flag, value in ((_FORCE, False), (_QUIET, True)):
        if flag in names:
            params[names[flag]] = value
    return target


def _rerun(
    command: click.Command, stamp: dict[str, Any], path: Path, folder: Path
) -> tuple[str, dict[str, Any], Any]:
    """Run the recorded command again; (a summary, the new stamp, its agreement with the old)."""
    from tradegame.report.agreement import RTOL, Agreement, agreement
    from tradegame.report.provenance import read_stamp, stamp_from_text

    ctx = _context(command, stamp, path)
    output = stamp["output"]
    target = _redirect(command, ctx, output, path, folder)
    stdout, stderr = io.StringIO(), io.StringIO()
    code: Any = 0
    with ctx, redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            command.invoke(ctx)
        except SystemExit as exc:
            code = exc.code
        except click.ClickException as exc:
            code = exc.exit_code
            stderr.write(exc.format_message())
    if code not in (0, None):
        message = (stderr.getvalue().strip().splitlines() or [f"exit code {code}"])[-1]
        _not_reproduced(path, f"the recorded command now fails: {message}")
    suffix = path.suffix.lower()
    if output == "--plot" and target is not None:
        new_stamp = read_stamp(target)
        found = Agreement(values=1)
        if new_stamp.get("digest") != stamp.get("digest"):
            found.differences.append(
                f"digest: the numbers drawn differ ({stamp.get('digest')} -> "
                f"{new_stamp.get('digest')})"
            )
        return "the numbers drawn agree (digest)", new_stamp, found
    new_text = target.read_text(encoding="utf-8") if target else stdout.getvalue()
    new_stamp = stamp_from_text(new_text, suffix) or {}
    found = agreement(suffix, path.read_text(encoding="utf-8"), new_text)
    summary = f"{found.values} values agree (floats within a relative {RTOL:g})"
    return summary, new_stamp, found


def _model_differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Where the re-run's models (names, parameters, overrides) differ from the stamp's."""
    from tradegame.report.agreement import Agreement, compare_trees

    def models(stamp: dict[str, Any]) -> list[dict[str, Any]]:
        keys = ("name", "params", "overrides")
        return [{k: m.get(k) for k in keys} for m in stamp.get("models", [])]

    found = Agreement()
    compare_trees(models(old), models(new), "provenance.models", found)
    return found.differences
