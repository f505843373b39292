"""How ``tradegame sweep`` runs: atomic output, interrupts, and the chunks kept for --resume.

Imported by the sweep command when it runs, so that ``tradegame --help`` does
not pay for these imports.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tradegame.cli.common import progress

if TYPE_CHECKING:
    from tradegame.sweeps import SweepSpec

__all__ = [
    "PARTIAL",
    "ChunkStore",
    "Interrupted",
    "SweepRun",
    "atomic_output",
    "check_output",
    "fingerprint",
    "partial_folder",
    "sigterm_interrupts",
]


def check_output(path: Path, force: bool) -> None:
    """The checks ``--out FILE`` must pass before any work: format, folder, no file to lose."""
    from tradegame.report.sweep import FORMATS

    if path.suffix.lower() not in FORMATS:
        raise ValueError(
            f"--out {path}: unknown format {path.suffix or '(none)'!r}; "
            f"allowed: {', '.join(FORMATS)}"
        )
    if path.is_dir():
        raise ValueError(f"--out {path}: is a folder; give a file name ending in .csv or .json")
    if not path.parent.exists():
        raise ValueError(f"--out {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise ValueError(f"--out {path}: the file exists; add --force to replace it")


@contextmanager
def atomic_output(path: Path, force: bool) -> Iterator[Any]:
    """A file that appears at ``path`` only when complete: written aside, then renamed.

    Interrupted (Ctrl-C, SIGTERM under :func:`sigterm_interrupts`, an error),
    the partial file is removed and ``path`` is left as it was.
    """
    check_output(path, force)
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(partial, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


class Interrupted(KeyboardInterrupt):
    """A signal that ends a sweep cleanly, as Ctrl-C does: ``signum`` names it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Turn SIGTERM into :class:`Interrupted` while the block runs, then restore the handler.

    Python's default SIGTERM ends the process at once, without ``finally``
    blocks: a temporary file would stay behind, and a process pool's workers
    would finish their tasks for nothing. Signal handlers belong to the main
    thread; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)

    def terminate(signum: int, frame: Any) -> None:
        raise Interrupted(signum)

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


# ----------------------------------------------------------------------------- resuming

#: The chunk folder of ``--out F`` is ``F`` followed by this.
PARTIAL = ".partial"
_LAYOUT = "tradegame sweep chunks, layout 1"
_MANIFEST = "manifest.json"
_CHUNK = re.compile(r"^chunk-(\d+)\.rows$")


def partial_folder(out: Path) -> Path:
    """Where the finished chunks of a sweep to ``out`` are kept until it is complete."""
    return out.with_name(out.name + PARTIAL)


def fingerprint(spec: SweepSpec) -> dict[str, str]:
    """Hashes of what a sweep computes, in parts: equal fingerprints give equal rows.

    ``model``: every parameter (after ``--set``), the ladders, the cells of a
    matrix game and the sha256 of each model file read; ``grid``: the varied
    parameters and their values; ``options``: strategies, the cooperative path,
    and the dynamic game and its resolution; ``tradegame``: the version.
    """
    from tradegame import __version__
    from tradegame.report.provenance import model_files

    m = spec.model
    parts: dict[str, Any] = {
        "model": {
            "data": m.to_dict(),
            "cells": repr(m.cells),
            "files": [entry["sha256"] for entry in model_files(m)],
        },
        "grid": {"names": list(spec.names), "axes": [list(axis) for axis in spec.axes]},
        "options": {
            "strategies": list(spec.strategies),
            "path": list(spec.path),
            "dynamic": spec.resolution if spec.dynamic else None,
        },
    }
    found = {"tradegame": __version__}
    for key, value in parts.items():
        text = json.dumps(value, sort_keys=True, ensure_ascii=True, default=str)
        found[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return found


_WHAT = {
    "tradegame": "the tradegame version",
    "model": "the model (its parameters or file)",
    "grid": "the grid (--vary)",
    "options": "the options (--strategies, --path, --dynamic, --resolution)",
}


class ChunkStore:
    """``F.partial/``: the finished chunks of a sweep that ``--out F`` is writing.

    ``manifest.json`` names the sweep (:func:`fingerprint`, the chunk size and
    count); ``chunk-00000012.rows`` holds the exact text chunk 12 adds to F.
    Every file is written aside, flushed to disk and renamed into place, so a
    chunk file that is there is complete, whenever the sweep stopped.
    """

    def __init__(self, folder: Path, manifest: Mapping[str, Any]) -> None:
        self.folder = folder
        self.manifest = dict(manifest)
        self.count = int(manifest["chunks"])

    @staticmethod
    def manifest_of(folder: Path) -> dict[str, Any]:
        """The manifest of an existing chunk folder; ValueError if it is not one."""
        try:
            data = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            data = None
        if not isinstance(data, dict) or data.get("layout") != _LAYOUT:
            raise ValueError(
                f"{folder} exists and is not the chunk folder of a sweep; move it out of the way"
            )
        return data

    @classmethod
    def create(cls, folder: Path, manifest: Mapping[str, Any]) -> ChunkStore:
        folder.mkdir()
        _write_durably(folder / _MANIFEST, json.dumps(manifest, indent=1) + "\n")
        return cls(folder, manifest)

    def path(self, k: int) -> Path:
        return self.folder / f"chunk-{k:08d}.rows"

    def done(self) -> set[int]:
        """The chunks recorded so far."""
        found = set()
        for entry in os.scandir(self.folder):
            match = _CHUNK.match(entry.name)
            k = int(match.group(1)) if match else -1
            if 0 <= k < self.count and entry.name == self.path(k).name:
                found.add(k)
        return found

    def clear_leftovers(self) -> None:
        """Remove the temporary files of writes that a killed process never finished."""
        for entry in os.scandir(self.folder):
            if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                os.unlink(entry.path)

    def read(self, k: int) -> str:
        with open(self.path(k), encoding="utf-8", newline="") as f:
            return f.read()

    def record(self, k: int, text: str) -> None:
        _write_durably(self.path(k), text)

    def remove(self) -> None:
        if self.folder.is_symlink():
            self.folder.unlink()
        else:
            shutil.rmtree(self.folder, ignore_errors=True)


def _write_durably(path: Path, text: str) -> None:
    """``text`` at ``path``, all or nothing: written aside, synced to disk, renamed."""
    fd, aside = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(aside, path)
        _sync_folder(path.parent)
    finally:
        if os.path.exists(aside):
            os.unlink(aside)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk, where the system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _manifest(spec: SweepSpec, out: Path, chunk_size: int) -> dict[str, Any]:
    from tradegame.sweeps import chunks

    return {
        "layout": _LAYOUT,
        "output": out.name,
        "format": out.suffix.lower(),
        "model": spec.model.name,
        "parameters": list(spec.names),
        "shape": list(spec.shape),
        "points": spec.size,
        "chunk_size": chunk_size,
        "chunks": len(chunks(spec, chunk_size)),
        "sweep": fingerprint(spec),
    }


def _differences(recorded: Mapping[str, Any], now: Mapping[str, Any]) -> list[str]:
    """What differs between the recorded sweep and this one, in words."""
    found = []
    old, new = recorded.get("sweep") or {}, now["sweep"]
    found += [what for key, what in _WHAT.items() if old.get(key) != new[key]]
    if recorded.get("format") != now["format"]:
        found.append("the file format")
    if recorded.get("chunk_size") != now["chunk_size"]:
        found.append(f"the chunk size ({recorded.get('chunk_size')} recorded)")
    if not found and recorded.get("chunks") != now["chunks"]:
        found.append("the number of chunks")
    return found


def _open_store(
    spec: SweepSpec, out: Path, chunk_size: int | None, resume: bool, force: bool, quiet: bool
) -> tuple[dict[str, Any], bool]:
    """The manifest of this sweep's chunk folder, and whether an existing folder is resumed.

    Raises ValueError (before any work) when a folder is in the way: one left
    by an interrupted sweep, without --resume or --force; one of another sweep,
    with --resume; or one that is not a chunk folder at all.
    """
    from tradegame.sweeps import chunk_length

    folder = partial_folder(out)
    manifest = _manifest(spec, out, chunk_length(spec, chunk_size))
    if not (folder.exists() or folder.is_symlink()):
        if resume and not quiet:
            click.echo(f"tradegame: note: no {folder} to resume; solving every chunk", err=True)
        return manifest, False
    recorded = ChunkStore.manifest_of(folder)
    if not resume:
        if force:
            return manifest, False  # discarded when the sweep starts
        raise ValueError(
            f"--out {out}: {folder} holds an unfinished sweep; "
            "add --resume to continue it, or --force to start again"
        )
    size = recorded.get("chunk_size")
    if chunk_size is None and isinstance(size, int) and not isinstance(size, bool) and size >= 1:
        manifest = _manifest(spec, out, size)  # the recorded chunks are the ones to fill in
    differences = _differences(recorded, manifest)
    if differences:
        raise ValueError(
            f"--resume: {folder} holds another sweep ({'; '.join(differences)} differ); "
            "to start again, run without --resume and with --force"
        )
    return manifest, True


@dataclass
class SweepRun:
    """One sweep of the command: how to solve it, what it gathers, where its rows go."""

    spec: SweepSpec
    engine: Any
    chunk_size: int | None
    workers: int | None
    quiet: bool
    summary: Any  # SweepSummary: the counts printed at the end
    keep: dict[str, list[Any]]  # the columns a phase diagram draws
    out: Path | None = None
    store: ChunkStore | None = None
    written: bool = False

    def tally(self, chunk: Mapping[str, Any]) -> None:
        self.summary.add(chunk)
        for c, values in self.keep.items():
            if c in chunk:
                values.extend(chunk[c])

    def solve(self) -> None:
        """The sweep with no --out: the summary (and a phase diagram's columns) only."""
        from tradegame.sweeps import run_chunks

        solving = run_chunks(self.spec, self.engine, self.chunk_size, self.workers)
        with progress("Sweeping", self.quiet) as report, closing(solving) as solved:
            done = 0
            for chunk in solved:
                self.tally(chunk)
                done += len(chunk["class"])
                report(done / self.spec.size)
                del chunk  # not held while the next chunk is solved

    def write(self, force: bool, resume: bool, stamped: Any) -> None:
        """Solve the chunks not yet in the chunk folder, and stream every row to --out.

        Chunk ``k`` goes to the file in order: read back from the folder when
        solved before (and tallied from its text), or solved now and then
        recorded. The file is renamed into place when complete, and the folder
        removed.
        """
        from tradegame.report.sweep import write_end, write_start
        from tradegame.sweeps import chunks, run_chunks

        assert self.out is not None
        spec, out = self.spec, self.out
        check_output(out, force)
        manifest, resumed = _open_store(spec, out, self.chunk_size, resume, force, self.quiet)
        folder = partial_folder(out)
        ranges = chunks(spec, manifest["chunk_size"])
        with atomic_output(out, force) as handle:
            if resumed:
                self.store = store = ChunkStore(folder, manifest)
                store.clear_leftovers()
            else:
                if folder.exists() or folder.is_symlink():
                    ChunkStore.manifest_of(folder)  # --force: only a chunk folder is discarded
                    ChunkStore(folder, manifest).remove()
                self.store = store = ChunkStore.create(folder, manifest)
            done = store.done()
            if done and not self.quiet:
                click.echo(
                    f"tradegame: resuming from {folder}: {len(done)} of {len(ranges)} chunks "
                    "already solved",
                    err=True,
                )
            meta = {"model": spec.model.name, "parameters": list(spec.names)}
            write_start(handle, manifest["format"], spec.columns, meta, stamped)
            solving = run_chunks(spec, self.engine, manifest["chunk_size"], self.workers, skip=done)
            with progress("Sweeping", self.quiet) as report, closing(solving) as solved:
                for k, (a, b) in enumerate(ranges):
                    if k in done:
                        handle.write(self._recorded(k, b - a))
                    else:
                        handle.write(self._record(k, next(solved)))
                    report(b / spec.size)
            write_end(handle, manifest["format"])
        self.written = True
        store.remove()

    def _recorded(self, k: int, points: int) -> str:
        """Chunk ``k``'s text from the chunk folder, tallied as if solved now."""
        from tradegame.report.sweep import read_chunk

        assert self.store is not None
        text = self.store.read(k)
        wanted = dict.fromkeys([*self.summary.counts, *self.keep])
        n, values = read_chunk(self.store.manifest["format"], self.spec.columns, text, wanted)
        if n != points:
            raise ValueError(
                f"{self.store.path(k)}: holds {n} rows, not {points}; "
                "to start again, run without --resume and with --force"
            )
        self.tally(values)
        return text

    def _record(self, k: int, chunk: Any) -> str:
        """Chunk ``k``, solved now: tallied and recorded in the chunk folder; its text."""
        from tradegame.report.sweep import chunk_text
        from tradegame.sweeps import with_text

        assert self.store is not None
        self.tally(chunk)
        kind = self.store.manifest["format"]
        text = chunk_text(kind, self.spec.columns, with_text(self.spec, chunk), first=k == 0)
        self.store.record(k, text)
        return text

    def abandon(self) -> str:
        """After an interrupt: drop a chunk folder with nothing in it; the one-line message."""
        if self.out is None:
            return "tradegame: interrupted"
        store = self.store
        kept = len(store.done()) if store is not None and store.folder.is_dir() else 0
        if store is not None and (kept == 0 or self.written):
            store.remove()
        if self.written:
            return f"tradegame: interrupted after writing {self.out}"
        if store is None or kept == 0:
            return f"tradegame: interrupted; {self.out} not written"
        return (
            f"tradegame: interrupted; {self.out} not written; {kept} of {store.count} chunks "
            f"kept in {store.folder} (add --resume to continue)"
        )
