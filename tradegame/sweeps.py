"""Solve a model at every point of a parameter grid: ``tg.sweep`` and ``tradegame sweep``.

Pipeline: model + grid -> chunks of points -> (vectorised payoffs ->
per-point or vectorised solvers) -> one column per result -> a
:class:`SweepTable`, or rows streamed to a file.

* **Points.** The grid is the product of the axes, in C order (the last
  parameter varies fastest). Point ``k`` is always the same point, so a chunk
  ``[start, stop)`` can be solved anywhere: in this process, a process pool,
  or a Dask cluster. Every point is solved on its own, so the results do not
  depend on the engine or the chunking.
* **Payoffs** for a whole chunk come from one numpy evaluation of the model's
  formula (:func:`tradegame.model.vector.payoff_arrays`), in floats.
* **Solvers.** 2×2 games take closed forms over arrays
  (:mod:`tradegame.solvers.batch`) for the class, the equilibria, minmax and
  grim trigger. Larger ladders, other named strategies and the dynamic game
  are solved point by point with the general solvers, which a process pool or
  a cluster runs in parallel.

Columns, one row per point: each varied parameter; ``class``;
``pure_equilibria`` and ``mixed_equilibria`` (counts) and ``equilibria`` (each
equilibrium with its payoffs); ``minmax_row`` and ``minmax_col``; for each
strategy ``S``, ``S.delta_row`` and ``S.delta_col`` (the critical discount
factors, ``inf`` where none works) and ``S.sustained`` (at the point's own
discount factors); with ``dynamic=True``, ``dynamic_row`` and ``dynamic_col``
(the leverage verdict of each player restricting at the start: ``leverage
window``, ``self-harm``, ``neither`` or ``not solved``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Collection, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.model.model import Model
from tradegame.solvers import _markdown as md

__all__ = [
    "SweepSpec",
    "SweepTable",
    "chunk_length",
    "chunks",
    "run_chunks",
    "solve_chunk",
    "sweep",
    "sweep_spec",
    "with_text",
]

ENGINES = ("local", "serial")
_VECTOR_CHUNK = 200_000  # points per chunk on the vectorised path (memory: ~100 bytes/point)
_GENERAL_CHUNK = 64  # points per chunk solved one by one (a task for a worker)


@dataclass(frozen=True)
class SweepSpec:
    """What to solve: a model, the axes of its grid, and which analyses to run."""

    model: Model
    names: tuple[str, ...]
    axes: tuple[tuple[float, ...], ...]
    strategies: tuple[str, ...] = ("grim",)
    dynamic: bool = False
    resolution: int = 5
    path: tuple[int, int] = (0, 0)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def columns(self) -> list[str]:
        """The column names, in order."""
        cols = [*self.names, "class", "pure_equilibria", "mixed_equilibria", "equilibria"]
        cols += ["minmax_row", "minmax_col"]
        for s in self.strategies:
            cols += [f"{s}.delta_row", f"{s}.delta_col", f"{s}.sustained"]
        if self.dynamic:
            cols += ["dynamic_row", "dynamic_col"]
        return cols

    @property
    def vectorised(self) -> bool:
        """Whether chunks take the closed-form 2×2 path (no point-by-point work)."""
        m, n = len(self.model.actions[0]), len(self.model.actions[1])
        return (m, n) == (2, 2) and set(self.strategies) <= {"grim"} and not self.dynamic

    def values(self, start: int, stop: int) -> dict[str, npt.NDArray[np.float64]]:
        """The parameter values of points ``start .. stop - 1``."""
        index = np.unravel_index(np.arange(start, stop), self.shape)
        return {
            name: np.asarray(axis, dtype=np.float64)[idx]
            for name, axis, idx in zip(self.names, self.axes, index, strict=True)
        }


def sweep_spec(
    model: Model,
    grid: Mapping[str, Sequence[float]],
    strategies: Sequence[str] = ("grim",),
    dynamic: bool = False,
    resolution: int = 5,
    path: tuple[int | str, int | str] = (0, 0),
) -> SweepSpec:
    """Check a grid against the model and return the :class:`SweepSpec`.

    Raises
    ------
    ModelError
        If a parameter is unknown or a value is outside its range.
    ValueError
        If the grid is empty, an axis is empty, or a strategy is unknown.
    """
    from tradegame.model.vector import payoff_arrays
    from tradegame.solvers.strategies import resolve

    if not grid:
        raise ValueError("the grid needs at least one parameter to vary")
    names = tuple(grid)
    axes: list[tuple[float, ...]] = []
    for name in names:
        values = np.asarray(grid[name], dtype=np.float64).ravel()
        if values.size == 0:
            raise ValueError(f"{name}: the axis has no values")
        axes.append(tuple(float(x) for x in values))
    for name, axis in zip(names, axes, strict=True):
        payoff_arrays(model, {name: np.array(axis)})  # checks every value against its range
    for s in strategies:
        if s != "grim":
            resolve(s)
    g = model.game()
    if dynamic and model.kind != "coercion":
        raise ValueError(f"{model.name}: --dynamic needs a coercion model; this is a matrix game")
    if isinstance(resolution, bool) or not isinstance(resolution, int) or resolution < 2:
        raise ValueError(f"resolution must be a whole number >= 2; got {resolution!r}")
    profile = (g.action_index(0, path[0]), g.action_index(1, path[1]))
    return SweepSpec(
        model=model,
        names=names,
        axes=tuple(axes),
        strategies=tuple(dict.fromkeys(strategies)),
        dynamic=dynamic,
        resolution=resolution,
        path=profile,
    )


# ----------------------------------------------------------------------------- solving


def solve_chunk(spec: SweepSpec, start: int, stop: int) -> dict[str, np.ndarray]:
    """Every column for points ``start .. stop - 1``: a dict of equal-length arrays."""
    from tradegame.model.vector import payoff_arrays

    values = spec.values(start, stop)
    A, B = payoff_arrays(spec.model, values)
    deltas = _deltas(spec, values, stop - start)
    out: dict[str, np.ndarray] = dict(values)
    if spec.vectorised:
        out.update(_solve_vectorised(spec, A, B, deltas))
    else:
        out.update(_solve_points(spec, A, B, deltas, values))
    return out


def _deltas(spec: SweepSpec, values: Mapping[str, np.ndarray], n: int) -> np.ndarray | None:
    """Each point's discount factors ``(n, 2)``, or None when the model has none."""
    m = spec.model
    if m.discounts() is None:
        return None
    if m.kind == "matrix":
        keys = ("discount", "discount")
    else:
        keys = (f"{m.players[0]}.discount", f"{m.players[1]}.discount")
    cols = [
        np.broadcast_to(values[k], (n,)) if k in values else np.full(n, float(m.params[k]))
        for k in keys
    ]
    return np.stack(cols, axis=1)


def _solve_vectorised(
    spec: SweepSpec, A: np.ndarray, B: np.ndarray, deltas: np.ndarray | None
) -> dict[str, np.ndarray]:
    from tradegame.solvers import batch

    classes = batch.classify_batch(A, B)
    eq = batch.equilibria_batch(A, B)
    tol = batch.tolerances(A, B)
    minmax = batch.minmax_batch(A, B)
    grim_all = batch.grim_batch(A, B, spec.path, eq=eq)
    grim = grim_all.thresholds
    out: dict[str, np.ndarray] = {
        "class": np.asarray(classes, dtype=object),
        "pure_equilibria": eq.pure_count,
        "mixed_equilibria": eq.mixed_count,
        # The equilibria stay numbers here; with_text formats them where they are
        # read or written, so a sweep kept in memory never pays for the text.
        **{key: getattr(eq, key.removeprefix("_eq.")) for key in _PACKED},
        "_eq.tol": tol,
        "minmax_row": minmax[:, 0],
        "minmax_col": minmax[:, 1],
    }
    if "grim" in spec.strategies:
        out["grim.delta_row"], out["grim.delta_col"] = grim[:, 0], grim[:, 1]
        out["grim.sustained"] = (
            np.full(A.shape[0], None, dtype=object)
            if deltas is None
            else batch.verdict_batch(grim, deltas[:, 0], deltas[:, 1], grim_all.ceilings)
        )
    return out


#: The hidden columns that hold a vectorised chunk's equilibria as numbers.
_PACKED = ("_eq.row", "_eq.col", "_eq.payoffs", "_eq.count", "_eq.continuum")


def with_text(spec: SweepSpec, chunk: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``chunk`` with its ``equilibria`` column, formatted from the numbers if need be."""
    out = dict(chunk)
    if "equilibria" not in out:
        from tradegame.solvers.batch import Equilibria2x2

        eq = Equilibria2x2(*(out[key] for key in _PACKED))
        text = eq.describe_all(spec.model.actions, out["_eq.tol"])
        out["equilibria"] = np.array(text, dtype=object)
    return out


def _solve_points(
    spec: SweepSpec,
    A: np.ndarray,
    B: np.ndarray,
    deltas: np.ndarray | None,
    values: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """The general solvers, one point at a time (floats)."""
    from tradegame.analysis import strategy_verdicts
    from tradegame.game import Game
    from tradegame.solvers.classify import classify, extreme_subgame
    from tradegame.solvers.minmax import minmax
    from tradegame.solvers.repeated import RepeatedGame
    from tradegame.solvers.stage import equilibria

    n = A.shape[0]
    m = spec.model
    cols: dict[str, list[Any]] = {c: [] for c in spec.columns if c not in spec.names}
    others = [s for s in spec.strategies if s != "grim"]
    for k in range(n):
        g = Game(A[k], B[k], actions=m.actions, players=m.labels)
        eqs = equilibria(g)
        cols["class"].append(classify(extreme_subgame(g)))
        pure = sum(1 for e in eqs if e.is_pure)
        cols["pure_equilibria"].append(pure)
        cols["mixed_equilibria"].append(len(eqs) - pure)
        cols["equilibria"].append(describe_equilibria(eqs, m.actions, g.tolerance()))
        mm = minmax(g)
        cols["minmax_row"].append(mm[0])
        cols["minmax_col"].append(mm[1])
        point_deltas = None if deltas is None else (float(deltas[k, 0]), float(deltas[k, 1]))
        if "grim" in spec.strategies:
            rg = RepeatedGame(g, point_deltas or (0.5, 0.5))
            grim = rg.grim_details(spec.path)
            cols["grim.delta_row"].append(float(grim.thresholds[0]))
            cols["grim.delta_col"].append(float(grim.thresholds[1]))
            cols["grim.sustained"].append(
                None if point_deltas is None else all(bool(s) for s in grim.sustainable)
            )
        if others:
            for s, verdict in zip(
                others, strategy_verdicts(g, point_deltas, spec.path, others), strict=True
            ):
                cols[f"{s}.delta_row"].append(float(verdict.thresholds[0]))
                cols[f"{s}.delta_col"].append(float(verdict.thresholds[1]))
                cols[f"{s}.sustained"].append(verdict.sustained)
        if spec.dynamic:
            point = {name: float(v[k]) for name, v in values.items()}
            for player, region in enumerate(_dynamic_verdicts(spec, point)):
                cols[("dynamic_row", "dynamic_col")[player]].append(region)
    return {c: np.array(v, dtype=_dtype(c)) for c, v in cols.items()}


def _dtype(column: str) -> Any:
    if column in ("pure_equilibria", "mixed_equilibria"):
        return np.int64
    if column.startswith("minmax") or ".delta_" in column:
        return np.float64
    return object


def _dynamic_verdicts(spec: SweepSpec, point: Mapping[str, float]) -> list[str]:
    from tradegame.solvers.markov import markov_perfect
    from tradegame.solvers.regions import leverage_at

    dyn = spec.model.with_params(point).dynamic(resolution=spec.resolution)
    solution = markov_perfect(dyn)
    if not solution.converged:
        return ["not solved", "not solved"]
    out = []
    for player in (0, 1):
        v = leverage_at(dyn, player, solution=solution)
        out.append("leverage window" if v.in_window else "self-harm" if v.self_harm else "neither")
    return out


def describe_equilibria(
    eqs: Sequence[Any], actions: Sequence[Sequence[str]], tol: float = 0.0
) -> str:
    """``(open, open) 3|3; mixed [0.5 0.5]x[0.5 0.5] 2.5|2.5``: each equilibrium and payoffs.

    Payoffs within ``tol`` of zero (round-off in a mixed equilibrium) print as 0.
    """
    parts = []
    for e in eqs:
        u = [0.0 if abs(x) <= tol else x for x in e.payoffs]
        pay = f"{_short(u[0])}|{_short(u[1])}"
        if e.is_pure:
            i, j = int(np.argmax(e.row)), int(np.argmax(e.col))
            parts.append(f"({actions[0][i]}, {actions[1][j]}) {pay}")
        else:
            x = " ".join(_short(p) for p in e.row)
            y = " ".join(_short(p) for p in e.col)
            parts.append(f"mixed [{x}]x[{y}] {pay}")
    return "; ".join(parts)


def _short(x: float) -> str:
    return f"{float(x):.6g}"


# ----------------------------------------------------------------------------- engines


def chunk_length(spec: SweepSpec, chunk_size: int | None = None) -> int:
    """The points per chunk: ``chunk_size``, or the default for the spec's path when None."""
    if chunk_size is None:
        return _VECTOR_CHUNK if spec.vectorised else _GENERAL_CHUNK
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a whole number >= 1; got {chunk_size!r}")
    return chunk_size


def chunks(spec: SweepSpec, chunk_size: int | None = None) -> list[tuple[int, int]]:
    """The ``[start, stop)`` ranges that cover the grid, in order."""
    size = chunk_length(spec, chunk_size)
    return [(a, min(a + size, spec.size)) for a in range(0, spec.size, size)]


def run_chunks(
    spec: SweepSpec,
    engine: Any = "local",
    chunk_size: int | None = None,
    workers: int | None = None,
    progress: Callable[[float], None] | None = None,
    skip: Collection[int] = (),
) -> Generator[dict[str, np.ndarray], None, None]:
    """Solve the grid chunk by chunk and yield the chunks in order (results stream).

    ``engine`` is ``"local"`` (the vectorised path in this process; a process
    pool of ``workers`` processes, default the CPU count, for point-by-point
    work), ``"serial"`` (everything in this process), a
    ``dask.distributed.Client``, or a scheduler address ``"tcp://HOST:PORT"``.

    ``skip`` holds indices into :func:`chunks` of chunks solved before (a
    resumed sweep): they are neither solved nor yielded, and count as done for
    ``progress``. Every other chunk is yielded exactly once, in order, whatever
    the engine: a result is taken from its own task, so a task that Dask runs
    again after losing a worker still gives one chunk.

    Closing the iterator early (an error, Ctrl-C) stops the work: queued
    tasks are cancelled and the local pool's processes are ended.
    """
    ranges = chunks(spec, chunk_size)
    todo = [r for k, r in enumerate(ranges) if k not in skip]
    done = spec.size - sum(b - a for a, b in todo)

    def report(chunk: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        nonlocal done
        done += len(next(iter(chunk.values()))) if chunk else 0
        if progress is not None:
            progress(done / spec.size)
        return chunk

    if isinstance(engine, str) and engine.startswith(("tcp://", "tls://", "inproc://")):
        from dask.distributed import Client

        with Client(engine) as client:
            yield from (report(c) for c in _dask(client, spec, todo))
        return
    if not isinstance(engine, str):
        yield from (report(c) for c in _dask(engine, spec, todo))
        return
    if engine not in ENGINES:
        raise ValueError(
            f"engine {engine!r}: expected one of {', '.join(ENGINES)}, a dask Client "
            "or a scheduler address tcp://HOST:PORT"
        )
    count = workers or os.cpu_count() or 1
    if engine == "serial" or spec.vectorised or count == 1 or len(todo) <= 1:
        for start, stop in todo:
            yield report(solve_chunk(spec, start, stop))
        return
    yield from (report(c) for c in _pool(spec, todo, min(count, len(todo))))


def _pool(spec: SweepSpec, ranges: list[tuple[int, int]], count: int) -> Iterator[Any]:
    """The chunks solved by a pool of ``count`` processes, in order."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=count, initializer=_worker_signals)
    futures: list[Any] = []
    finished = False
    try:
        for a, b in ranges:
            futures.append(pool.submit(solve_chunk, spec, a, b))
        for f in futures:  # in order: the output streams in point order
            yield f.result()
        finished = True
    finally:
        if not finished:  # interrupted, failed or abandoned: stop at once, leave no process
            for f in futures:
                f.cancel()
            _stop_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_signals() -> None:
    """In a pool process: ignore Ctrl-C, and end on SIGTERM.

    Ctrl-C in a terminal reaches the whole process group; the parent stops the
    pool, and a worker that raised KeyboardInterrupt would only print a
    traceback. SIGTERM gets its default action back, in case the parent's
    handler (which turns it into an interrupt) was inherited through fork.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop_workers(pool: Any) -> None:
    """End a process pool's workers now, without waiting for their tasks."""
    kill = getattr(pool, "kill_workers", None)  # Python 3.14+
    if kill is not None:
        kill()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()


def _dask(client: Any, spec: SweepSpec, ranges: list[tuple[int, int]]) -> Iterator[Any]:
    if not hasattr(client, "map") or not hasattr(client, "scatter"):
        raise ValueError(
            f"engine {client!r}: expected 'local', 'serial', a dask.distributed.Client or "
            "a scheduler address tcp://HOST:PORT"
        )
    if not ranges:
        return
    # hash=False: a key of its own, so another sweep of the same spec cannot release it
    [shared] = client.scatter([spec], broadcast=True, hash=False)
    futures = client.map(
        solve_chunk, [shared] * len(ranges), [a for a, _ in ranges], [b for _, b in ranges]
    )
    try:
        # One future per chunk, read once and in order. When a worker dies, the
        # scheduler runs its tasks again elsewhere; the future is the same, so a
        # chunk is neither lost nor yielded twice.
        for f in futures:
            yield f.result()
    finally:
        pending = [f for f in futures if not f.done()]
        if pending:  # interrupted: stop the work still queued
            client.cancel(pending)


# ----------------------------------------------------------------------------- results


@dataclass(frozen=True, eq=False)
class SweepTable:
    """The results of a sweep: one column per result, one row per grid point.

    Attributes
    ----------
    spec : SweepSpec
    columns : dict of str to ndarray
        Every column of ``spec.columns``, read through ``table[name]``. A 2×2
        sweep keeps its equilibria as numbers, in hidden ``_eq.*`` columns, and
        formats the ``equilibria`` column the first time it is read.
    """

    spec: SweepSpec
    columns: dict[str, np.ndarray] = field(repr=False)

    def __len__(self) -> int:
        return self.spec.size

    def __getitem__(self, name: str) -> np.ndarray:
        if name == "equilibria" and name not in self.columns:
            self.columns[name] = with_text(self.spec, self.columns)[name]
        return self.columns[name]

    def grid(self, name: str) -> np.ndarray:
        """A column reshaped to the grid's shape (one axis per varied parameter)."""
        return self[name].reshape(self.spec.shape)

    def __repr__(self) -> str:
        axes = ", ".join(
            f"{n} ({len(a)})" for n, a in zip(self.spec.names, self.spec.axes, strict=True)
        )
        return f"SweepTable({self.spec.model.name!r}, {len(self)} points over {axes})"

    def _repr_markdown_(self) -> str:
        """Every column, one row per point (the first and last of many), for notebooks."""
        axes = ", ".join(
            f"{md.text(n)} ({len(a)} values)"
            for n, a in zip(self.spec.names, self.spec.axes, strict=True)
        )
        head = md.title(f"Sweep of {md.text(self.spec.model.name)}")
        head += f": {len(self)} points over {axes}"
        columns = self.spec.columns
        n = len(self)
        long = n > md.HEAD + md.TAIL + 1
        # Only the rows shown are formatted: a sweep can hold millions of points.
        keep = np.r_[0 : md.HEAD, n - md.TAIL : n] if long else np.arange(n)
        shown = with_text(self.spec, {c: v[keep] for c, v in self.columns.items()})
        rows = [
            [
                md.text(v) if isinstance(v, str) else md.number(v)
                for v in (plain(shown[c][k]) for c in columns)
            ]
            for k in range(len(keep))
        ]
        if long:
            rows.insert(md.HEAD, [md.ELLIPSIS] * len(columns))
        return f"{head}\n\n" + md.table([md.text(c) for c in columns], rows)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Each row as a dict of plain Python values."""
        columns = {c: self[c] for c in self.spec.columns}
        for k in range(len(self)):
            yield {c: plain(v[k]) for c, v in columns.items()}


def plain(x: Any) -> Any:
    """A numpy scalar as a plain Python value (for CSV and JSON)."""
    if isinstance(x, np.generic):
        return x.item()
    return x


def sweep(
    model: Model,
    grid: Mapping[str, Sequence[float]],
    engine: Any = "local",
    strategies: Sequence[str] = ("grim",),
    dynamic: bool = False,
    resolution: int = 5,
    path: tuple[int | str, int | str] = (0, 0),
    chunk_size: int | None = None,
    workers: int | None = None,
    progress: Callable[[float], None] | None = None,
) -> SweepTable:
    """Solve ``model`` at every point of ``grid``; see the module docstring for the columns.

    Parameters
    ----------
    model : Model
    grid : mapping of str to sequence of float
        Parameter keys (as in the model file, e.g. ``"minerals.substitution_time"``)
        to their values; the grid is their product.
    engine : {"local", "serial"}, dask Client, or str
        Where to solve (see :func:`run_chunks`). The results are the same.
    strategies : sequence of str
        Named strategies whose thresholds to report (``"grim"`` is grim trigger
        with Nash reversion).
    dynamic : bool
        Also judge each player's restriction in the dynamic game (coercion
        models), on a grid of ``resolution`` points per state dimension.
    path : pair
        The cooperative outcome whose sustainability is tested.
    chunk_size, workers : int, optional
        Points per task, and processes of the local pool.
    progress : callable, optional
        Called with the fraction of points done.

    Examples
    --------
    >>> import tradegame as tg
    >>> t = tg.sweep(tg.load_model("prisoners-dilemma"), {"T": [4, 6]})
    >>> t["class"].tolist(), t["grim.delta_row"].tolist()
    (['prisoners-dilemma', 'prisoners-dilemma'], [0.3333333333333333, 0.6])
    """
    spec = sweep_spec(model, grid, strategies, dynamic, resolution, path)
    parts: dict[str, list[np.ndarray]] = {}
    for chunk in run_chunks(spec, engine, chunk_size, workers, progress):
        for c, v in chunk.items():
            parts.setdefault(c, []).append(np.asarray(v))
    return SweepTable(spec, {c: np.concatenate(v) for c, v in parts.items()})
