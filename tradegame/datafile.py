"""Data files (models, strategies, exercises, .nfg): reading them safely, and one-line errors.

Model files and strategy files are data, never code: they are parsed with the
standard library's ``tomllib`` and nothing in them is executed. Every problem
becomes a :class:`DataFileError` whose message is one line naming the file,
the key, the value and what is allowed. Both the model layer and the strategy
library use this module, which imports nothing else from tradegame.

Reading never fails with anything but a :class:`DataFileError`: a missing or
unreadable file, a folder, a file over :data:`MAX_FILE_BYTES`, binary data,
TOML nested too deeply or holding an integer too long to convert, all become
one line.
"""

from __future__ import annotations

import difflib
import math
import stat
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_FILE_BYTES",
    "MISSING",
    "DataFileError",
    "did_you_mean",
    "is_name",
    "is_text",
    "one_line",
    "read_text",
    "read_toml",
    "show",
]

MAX_FILE_BYTES = 1_000_000  # data files are small; a huge one is a mistake


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


#: Stands for "no value" in an error: the key is absent, or the whole file is at fault.
MISSING: Any = _Missing()

# Zero-width (non-)joiners are invisible but belong to emoji and some scripts;
# every other character that is not printable (controls, NUL, bidirectional
# overrides) is refused in names and escaped in messages.
_JOINERS = frozenset("\u200c\u200d")


def one_line(text: str) -> str:
    r"""``text`` with every unprintable character escaped: ``"a\nb"`` -> ``"a\\nb"``.

    The result is one line that a terminal shows as written: newlines, NUL,
    escape sequences and bidirectional overrides are spelled out.
    """
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


def is_name(text: Any) -> bool:
    """True for a name: non-blank text of printable characters (emoji and joiners allowed)."""
    return (
        isinstance(text, str)
        and bool(text.strip())
        and all(c.isprintable() or c in _JOINERS for c in text)
    )


def is_text(text: Any) -> bool:
    """True for free text: printable characters, newlines and tabs (no other controls)."""
    return isinstance(text, str) and all(
        c.isprintable() or c in "\n\t" or c in _JOINERS for c in text
    )


class DataFileError(ValueError):
    """A data file (or an override) is invalid.

    The message is one line: the file, the key, the value and what is allowed.
    Unprintable characters in any part are escaped, so the line is shown as written.
    """

    def __init__(self, source: str, key: str, value: Any, allowed: str) -> None:
        self.source, self.key, self.value, self.allowed = source, key, value, allowed
        where = f"{source}: " if source else ""
        shown = "" if value is MISSING else f" = {show(value)}"
        super().__init__(one_line(f"{where}{key}{shown}: {allowed}"))


def show(value: Any) -> str:
    """A value for an error message: its repr (one line: newlines are escaped), cut at 60.

    Numpy scalars show as the Python numbers they hold; an integer too long to
    print shows its number of digits.
    """
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return f"<an integer of about {digits} digits>"
    try:
        text = one_line(repr(value))
    except (ValueError, RecursionError):  # an integer too long to print, or nesting too deep
        text = f"<a {type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for the closest choice, or ''."""
    if len(word) > 200:  # far from any choice, and slow to compare
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def read_text(
    path: Path, source: str, kind: str, error: type[DataFileError] = DataFileError
) -> str:
    """The UTF-8 text of a data file (a leading byte-order mark dropped); ``error`` otherwise.

    ``kind`` names the files ("model", "strategy") for the messages. A path
    that is not a regular file is never opened, so a FIFO or a device cannot
    block the reader.
    """
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise error(source, "file", MISSING, "no such file") from None
    except ValueError:  # a NUL character in the name
        raise error(source, "file", MISSING, "no such file (the name holds a NUL)") from None
    except OSError as exc:
        raise error(source, "file", MISSING, f"cannot be read: {_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(source, "file", MISSING, "is not a regular file (a directory?)")
    if not stat.S_ISREG(info.st_mode):
        raise error(source, "file", MISSING, "is not a regular file (a device or a pipe?)")
    too_big = f"{kind} files are at most {MAX_FILE_BYTES} bytes"
    if info.st_size > MAX_FILE_BYTES:
        raise error(source, "file", f"{info.st_size} bytes", too_big)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise error(source, "file", MISSING, f"cannot be read: {_reason(exc)}") from None
    if len(raw) > MAX_FILE_BYTES:  # it grew, or stat did not tell (a /proc file)
        raise error(source, "file", f"over {MAX_FILE_BYTES} bytes", too_big)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(source, "file", MISSING, "is not UTF-8 text (a binary file?)") from None
    return text.removeprefix("\ufeff")


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def read_toml(
    path: Path, source: str, kind: str, needs: str, error: type[DataFileError] = DataFileError
) -> dict[str, Any]:
    """Parse one TOML file into a dict; every failure raises ``error`` with one line.

    ``kind`` names the files ("model", "strategy") and ``needs`` says what an
    empty file lacks, for the messages.
    """
    text = read_text(path, source, kind, error)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(source, "TOML", MISSING, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise error(
            source, "TOML", MISSING, "nested too deeply: arrays and tables nest a few levels"
        ) from None
    except ValueError:  # tomllib converts integers with int(), limited to 4300 digits
        raise error(
            source, "TOML", MISSING, "holds an integer too long to read: at most 4300 digits"
        ) from None
    if not data:
        raise error(source, "file", MISSING, f"is empty; {needs}")
    return data
