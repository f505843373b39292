"""Timing, machine description and formatting helpers for ``benchmarks/run.py``.

Every time is measured with :func:`time.perf_counter`. In-process work is timed
like :mod:`timeit`: one untimed warm-up call, then ``repeat`` samples, each the
mean of ``number`` calls (``number`` chosen so that one sample lasts at least
``min_time``), with the garbage collector off; the reported time is the median
sample. Work in a new process (cold starts, the command line) is timed from
the parent around :func:`subprocess.run`, one sample per process.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.metadata
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Timing:
    """Seconds per call: the median of ``samples``; ``number`` calls per sample."""

    samples: list[float]
    number: int = 1

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def describe(self) -> str:
        """How the median was obtained, e.g. ``7 × 16 calls`` or ``5 processes``."""
        runs = len(self.samples)
        if self.number == 1:
            return f"{runs} run{'s' if runs != 1 else ''}"
        return f"{runs} × {self.number} calls"


def time_calls(
    fn: Callable[[], Any], *, repeat: int = 7, min_time: float = 0.2, warm: bool = True
) -> Timing:
    """Time ``fn()`` in this process (see the module docstring).

    With ``repeat=1`` and ``warm=False`` it is a single timed call (smoke mode).
    """
    if warm:
        fn()
    number = 1
    if repeat > 1 or warm:
        while True:  # grow ``number`` until one sample lasts min_time
            elapsed = _clock(fn, number)
            if elapsed >= min_time or number >= 1_000_000:
                break
            number = max(number * 2, int(number * min_time / max(elapsed, 1e-9)) + 1)
    samples = [_clock(fn, number) / number for _ in range(repeat)]
    return Timing(samples, number)


def time_pair(
    ours: Callable[[], Any], theirs: Callable[[], Any], *, repeat: int = 7, min_time: float = 0.2
) -> tuple[Timing, Timing]:
    """Time two functions in this process with their samples interleaved.

    Each is warmed up and calibrated as in :func:`time_calls`; then the samples
    alternate (ours, theirs, ours, ...), so that both meet the same background load.
    """
    first = [time_calls(fn, repeat=1, min_time=min_time) for fn in (ours, theirs)]
    numbers = [t.number for t in first]
    samples: list[list[float]] = [[], []]
    for _ in range(repeat):
        for k, fn in enumerate((ours, theirs)):
            samples[k].append(_clock(fn, numbers[k]) / numbers[k])
    return Timing(samples[0], numbers[0]), Timing(samples[1], numbers[1])


def _clock(fn: Callable[[], Any], number: int) -> float:
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


@dataclass
class ProcessRun:
    """One finished process: wall time, exit code and output."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str


def run_process(argv: Sequence[str], timeout: float = 600.0) -> ProcessRun:
    """Run ``argv`` to completion, timing it from the parent."""
    start = time.perf_counter()
    done = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, check=False)
    seconds = time.perf_counter() - start
    return ProcessRun(seconds, done.returncode, done.stdout, done.stderr)


def time_processes(
    commands: dict[str, Sequence[str]], runs: dict[str, int]
) -> tuple[dict[str, Timing], dict[str, ProcessRun]]:
    """Time each command ``runs[key]`` times in new processes, interleaved.

    Interleaving (a, b, a, b, ...) exposes the commands to the same background
    load. Returns the timings and each command's last run (for its output).
    A failing run raises RuntimeError with its standard error.
    """
    samples: dict[str, list[float]] = {key: [] for key in commands}
    last: dict[str, ProcessRun] = {}
    for k in range(max(runs.values(), default=0)):
        for key, argv in commands.items():
            if k >= runs[key]:
                continue
            done = run_process(argv)
            if done.returncode != 0:
                command = " ".join(argv[:3])
                raise RuntimeError(
                    f"{command} ... exited with {done.returncode}:\n{done.stderr[-2000:]}"
                )
            samples[key].append(done.seconds)
            last[key] = done
    return {key: Timing(values) for key, values in samples.items()}, last


def installed(module: str) -> bool:
    """Whether ``module`` can be imported (without importing it)."""
    return importlib.util.find_spec(module) is not None


def version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


VERSIONED = (
    "tradegame",
    "numpy",
    "scipy",
    "sympy",
    "click",
    "nashpy",
    "axelrod",
    "quantecon",
    "numba",
    "pygambit",
    "pyinstrument",
)


@dataclass
class Machine:
    """What the numbers were measured on."""

    date: str
    cpu_count: int | None
    cpus_usable: int | None
    cpu_model: str
    platform: str
    python: str
    executable: str
    load_before: tuple[float, float, float] | None
    versions: dict[str, str] = field(default_factory=dict)
    load_after: tuple[float, float, float] | None = None

    @classmethod
    def describe(cls) -> Machine:
        usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
        return cls(
            date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            cpu_count=os.cpu_count(),
            cpus_usable=usable,
            cpu_model=_cpu_model(),
            platform=platform.platform(),
            python=sys.version.split()[0] + f" ({platform.python_implementation()})",
            executable=sys.executable,
            load_before=_load(),
            versions={name: version(name) for name in VERSIONED},
        )

    def finish(self) -> None:
        self.load_after = _load()

    def markdown(self) -> list[str]:
        def load(values: tuple[float, float, float] | None) -> str:
            return "n/a" if values is None else " / ".join(f"{v:.2f}" for v in values)

        lines = [
            f"- date: {self.date}",
            f"- CPUs: {self.cpu_count} ({self.cpus_usable} usable by this process), "
            f"{self.cpu_model}",
            f"- platform: {self.platform}",
            f"- Python: {self.python}",
            f"- load average (1 / 5 / 15 min) before the run: {load(self.load_before)}; "
            f"after: {load(self.load_after)}",
            "- versions: " + ", ".join(f"{k} {v}" for k, v in self.versions.items()),
        ]
        busy = max((v[0] for v in (self.load_before, self.load_after) if v), default=0.0)
        if busy > 0.5:
            lines.append(
                f"- note: the 1-minute load average reached {busy:.2f} on "
                f"{self.cpu_count} CPUs, so other processes shared the machine; absolute "
                "times are inflated, and the interleaved ratios are the fairer comparison"
            )
        return lines


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _load() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except (AttributeError, OSError):
        return None


def seconds(value: float | None) -> str:
    """A time with a readable unit: ``412 µs``, ``3.21 ms``, ``1.05 s``."""
    if value is None:
        return "—"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.3g} ms"
    return f"{value:.3g} s"
