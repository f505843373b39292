"""Helpers shared by the stage-game solvers: input checks, tolerances, rescaling."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from tradegame.game import Game

FloatArray = npt.NDArray[np.float64]

SUPPORT_TOL = 1e-9  # a probability above this puts the action in the support


def require_numeric(g: Game, what: str) -> None:
    if not isinstance(g, Game):
        raise TypeError(f"{what} needs a tradegame.Game; got {type(g).__name__}")
    if g.is_symbolic:
        raise ValueError(
            f"{what} needs numbers, but this game is symbolic: evaluate with .subs() first"
        )


def tolerance(g: Game, tol: float | None) -> float:
    if tol is None:
        return g.tolerance()
    if not np.isfinite(tol) or tol < 0:
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
    return float(tol)


def scaled(M: FloatArray, low: float = 0.0) -> FloatArray:
    """``M`` moved by a positive affine map onto ``[low, low + 1]`` (constant -> ``low``)."""
    spread = float(M.max() - M.min())
    return np.full_like(M, low) if spread == 0.0 else low + (M - M.min()) / spread


def clean(z: Any, size: int) -> FloatArray | None:
    """A probability vector from a solver's output, or None when it is not one."""
    try:
        z = np.asarray(z, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        return None
    if z.size != size or not np.all(np.isfinite(z)) or np.any(z < -SUPPORT_TOL):
        return None
    z = np.where(z > SUPPORT_TOL, z, 0.0)
    return None if z.sum() <= 0 else np.asarray(z / z.sum(), dtype=np.float64)


def unit(k: int, size: int) -> FloatArray:
    e = np.zeros(size)
    e[k] = 1.0
    return e
