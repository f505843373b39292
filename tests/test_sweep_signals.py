"""A sweep stopped by a signal: no output file, no temporary file, no process left behind.

The command runs as a real process in a session of its own. Ctrl-C in a
terminal sends SIGINT to the whole foreground process group (the command and
its pool workers); ``kill PID`` or a batch system sends SIGTERM to the command
alone. Either way the command exits nonzero with one line on stderr, and the
same command with ``--resume`` finishes the file, byte for byte as an
uninterrupted run writes it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# A 3×3 game, solved point by point in a pool of two processes: about 0.1 s a chunk.
SWEEP = [
    "sweep",
    "rare-earth-2025",
    "--vary",
    "minerals.criticality=1:400:40",
    "--vary",
    "minerals.substitution_time=1,20",
    "--chunk-size",
    "2",
    "--workers",
    "2",
    "--quiet",
    "--out",
    "grid.csv",
]
CHUNKS = 40
# The same sweep, long enough (400 chunks) that it cannot finish between the
# first chunks and the signal, however slow a busy machine makes the test.
LONG = [arg.replace("1:400:40", "1:400:400") for arg in SWEEP]
LONG_CHUNKS = 400


def tradegame(folder: Path, *args: str) -> subprocess.Popen[str]:
    """``tradegame ARGS`` in ``folder``, leading a process group (and session) of its own."""
    return subprocess.Popen(
        [sys.executable, "-c", "from tradegame.cli import main; main()", *args],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def session(sid: int) -> set[int]:
    """The processes still running in session ``sid`` (zombies are finished)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
        state, this_session = fields[0], int(fields[3])
        if this_session == sid and state not in ("Z", "X"):
            found.add(int(entry.name))
    return found


def wait_for_chunks(process: subprocess.Popen[str], folder: Path, count: int) -> None:
    """Until ``count`` chunks are recorded (so the pool is at work)."""
    deadline = time.monotonic() + 60
    while len(list(folder.glob("chunk-*.rows"))) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the sweep recorded no chunk in 60 s"
        time.sleep(0.02)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGINT, True), (signal.SIGTERM, False)],
    ids=["ctrl-c-to-the-process-group", "sigterm-to-the-command"],
)
def test_a_signal_stops_the_sweep_cleanly(tmp_path: Path, signum: int, to_group: bool) -> None:
    process = tradegame(tmp_path, *LONG)
    partial = tmp_path / "grid.csv.partial"
    wait_for_chunks(process, partial, 2)
    assert len(session(process.pid)) == 3  # the command and its two workers
    if to_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)

    assert process.returncode == 128 + signum, stderr
    assert stdout == ""
    [line] = stderr.splitlines()
    kept = len(list(partial.glob("chunk-*.rows")))
    assert line == (
        f"tradegame: interrupted; grid.csv not written; {kept} of {LONG_CHUNKS} chunks kept in "
        "grid.csv.partial (add --resume to continue)"
    )
    assert session(process.pid) == set()  # no worker outlives the command
    # no output file and no temporary file: only the chunk folder, every file in it complete
    assert [p.name for p in tmp_path.iterdir()] == ["grid.csv.partial"]
    chunks = sorted(p.name for p in partial.iterdir() if p.name != "manifest.json")
    assert chunks == [f"chunk-{k:08d}.rows" for k in range(kept)]


def test_resuming_after_sigterm_gives_the_uninterrupted_file(tmp_path: Path) -> None:
    interrupted, whole = tmp_path / "interrupted", tmp_path / "whole"
    interrupted.mkdir()
    whole.mkdir()
    process = tradegame(interrupted, *SWEEP)
    wait_for_chunks(process, interrupted / "grid.csv.partial", 3)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM

    resumed = tradegame(interrupted, *SWEEP, "--resume")
    uninterrupted = tradegame(whole, *SWEEP)
    for p in (resumed, uninterrupted):
        _, stderr = p.communicate(timeout=120)
        assert p.returncode == 0, stderr
    assert (interrupted / "grid.csv").read_bytes() == (whole / "grid.csv").read_bytes()
    assert [p.name for p in interrupted.iterdir()] == ["grid.csv"]


def test_sigterm_is_an_interrupt_only_while_the_command_runs(runner, tmp_path, monkeypatch):
    import tradegame.sweeps as module
    from tradegame.cli import main

    real = module.solve_chunk

    def terminated(spec, start, stop):
        if start == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # handled before this returns
        return real(spec, start, stop)

    monkeypatch.setattr(module, "solve_chunk", terminated)
    before = signal.getsignal(signal.SIGTERM)
    out = tmp_path / "grid.csv"
    args = ["sweep", "prisoners-dilemma", "--vary", "T=4:6:6", "--chunk-size", "2"]
    result = runner.invoke(main, [*args, "--out", str(out)])
    assert signal.getsignal(signal.SIGTERM) is before
    assert result.exit_code == 128 + signal.SIGTERM
    assert result.stderr.startswith(f"tradegame: interrupted; {out} not written; 1 of 3 chunks")
    assert [p.name for p in tmp_path.iterdir()] == ["grid.csv.partial"]
    monkeypatch.setattr(module, "solve_chunk", real)
    result = runner.invoke(main, [*args, "--out", str(out), "--resume", "--quiet"])
    assert result.exit_code == 0
    assert signal.getsignal(signal.SIGTERM) is before
    assert [p.name for p in tmp_path.iterdir()] == ["grid.csv"]
