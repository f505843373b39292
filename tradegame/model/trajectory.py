"""Follow a model's transitions under given restriction intensities: the state path.

A fixed action path, not an equilibrium: the Japan 2010 embargo is a two-month
restriction (intensity 1/6 of a one-year period) followed by openness. The
transitions are those of :mod:`tradegame.model.dynamics`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tradegame.model.dynamics import directions, stage_payoffs

if TYPE_CHECKING:
    from tradegame.model.model import Model

__all__ = ["Trajectory", "trajectory"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Trajectory:
    """The state path under given restriction intensities, with both players' stage payoffs.

    ``pressure``, ``dependence`` and ``trust`` are ``(T + 1, 2)`` arrays (one
    column per good, row player's first); ``intensities`` and ``payoffs`` are
    ``(T, 2)``.
    """

    holders: tuple[str, str]
    intensities: FloatArray
    pressure: FloatArray
    dependence: FloatArray
    trust: FloatArray
    payoffs: FloatArray

    def __repr__(self) -> str:
        last = self.dependence[-1]
        return (
            f"Trajectory(periods={self.intensities.shape[0]}, holders={self.holders}, "
            f"final dependence=({last[0]:.3f}, {last[1]:.3f}))"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description."""
        return {
            "holders": list(self.holders),
            "intensities": self.intensities.tolist(),
            "pressure": self.pressure.tolist(),
            "dependence": self.dependence.tolist(),
            "trust": self.trust.tolist(),
            "payoffs": self.payoffs.tolist(),
        }


def trajectory(
    model: Model,
    intensities: Sequence[Sequence[float]],
    pressure: Sequence[float] = (0.0, 0.0),
    dependence: Sequence[float] | None = None,
) -> Trajectory:
    """Follow the transitions of a model under given intensities, one pair per period.

    Parameters
    ----------
    model : Model
    intensities : sequence of (e_row, e_col)
        Each player's restriction intensity in each period, any number in
        [0, 1] (a two-month embargo in a one-year period is about 1/6).
    pressure, dependence : pairs of float, optional
        The starting state; default no pressure and the stage dependences.

    Raises
    ------
    ValueError
        If an intensity lies outside [0, 1] or the pairs have the wrong length.
    """
    dirs = directions(model)
    e = (
        np.asarray(intensities, dtype=float).reshape(-1, 2)
        if len(intensities)
        else np.zeros((0, 2))
    )
    if not np.all(np.isfinite(e)) or np.any(e < 0) or np.any(e > 1):
        raise ValueError("intensities must be pairs of numbers in [0, 1]")
    P = np.array(pressure, dtype=float)
    D = np.array([d.d0 for d in dirs] if dependence is None else dependence, dtype=float)
    if P.shape != (2,) or D.shape != (2,):
        raise ValueError("pressure and dependence must be pairs (row player's good first)")
    Ps, Ds, pays = [P.copy()], [D.copy()], []
    for e_row, e_col in e:
        a, b = stage_payoffs(
            model, dirs, (P[:1], P[1:]), (D[:1], D[1:]), float(e_row), float(e_col)
        )
        pays.append([float(a[0]), float(b[0])])
        for k, ek in enumerate((e_row, e_col)):
            P[k], D[k] = (float(v) for v in dirs[k].step(P[k], D[k], ek))
        Ps.append(P.copy())
        Ds.append(D.copy())
    pressure_path = np.array(Ps)
    trust = np.stack([dirs[k].trust(pressure_path[:, k]) for k in (0, 1)], axis=1)
    return Trajectory(
        holders=model.players,
        intensities=e,
        pressure=pressure_path,
        dependence=np.array(Ds),
        trust=trust,
        payoffs=np.array(pays).reshape(-1, 2),
    )
