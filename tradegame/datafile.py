"""Data files (models, strategies): reading TOML safely, and one-line errors.

Model files and strategy files are data, never code: they are parsed with the
standard library's ``tomllib`` and nothing in them is executed. Every problem
becomes a :class:`DataFileError` whose message is one line naming the file,
the key, the value and what is allowed. Both the model layer and the strategy
library use this module, which imports nothing else from tradegame.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["MAX_FILE_BYTES", "MISSING", "DataFileError", "did_you_mean", "read_toml", "show"]

MAX_FILE_BYTES = 1_000_000  # data files are small; a huge one is a mistake


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


#: Stands for "no value" in an error: the key is absent, or the whole file is at fault.
MISSING: Any = _Missing()


class DataFileError(ValueError):
    """A data file (or an override) is invalid.

    The message is one line: the file, the key, the value and what is allowed.
    """

    def __init__(self, source: str, key: str, value: Any, allowed: str) -> None:
        self.source, self.key, self.value, self.allowed = source, key, value, allowed
        where = f"{source}: " if source else ""
        shown = "" if value is MISSING else f" = {show(value)}"
        super().__init__(f"{where}{key}{shown}: {allowed}")


def show(value: Any) -> str:
    """A value for an error message: its repr (one line: newlines are escaped), cut at 60."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' suffix for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def read_toml(
    path: Path, source: str, kind: str, needs: str, error: type[DataFileError] = DataFileError
) -> dict[str, Any]:
    """Parse one TOML file into a dict; every failure raises ``error`` with one line.

    ``kind`` names the files ("model", "strategy") and ``needs`` says what an
    empty file lacks, for the messages.
    """
    if not path.exists():
        raise error(source, "file", MISSING, "no such file")
    if not path.is_file():
        raise error(source, "file", MISSING, "is not a regular file (a directory?)")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise error(
            source, "file", f"{size} bytes", f"{kind} files are at most {MAX_FILE_BYTES} bytes"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise error(source, "file", MISSING, "is not UTF-8 text (a binary file?)") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(source, "TOML", MISSING, f"not valid TOML: {exc}") from None
    if not data:
        raise error(source, "file", MISSING, f"is empty; {needs}")
    return data
