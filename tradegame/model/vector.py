"""A model's stage payoffs at many parameter points at once, as numpy arrays.

Sweeps solve a model at up to millions of points. Building one
:class:`~tradegame.game.Game` per point costs about a millisecond; the payoff
formula of :mod:`tradegame.model.payoffs` is plain arithmetic plus a clamp, so
here it runs once on arrays of parameter values instead (floats: sweeps that
need exact answers solve points one by one with :meth:`Model.game`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tradegame.model.payoffs import payoff_matrices
from tradegame.model.spec import PLAYER_PARAMS, ModelError

if TYPE_CHECKING:  # pragma: no cover
    from tradegame.model.model import Model

__all__ = ["payoff_arrays"]

FloatArray = npt.NDArray[np.float64]


def _clip(x: Any) -> Any:
    return np.clip(x, 0.0, 1.0)


def payoff_arrays(model: Model, values: Mapping[str, Any]) -> tuple[FloatArray, FloatArray]:
    """The stage payoffs ``(A, B)``, each ``(N, m, n)``, at ``N`` parameter points.

    Parameters
    ----------
    model : Model
        Parameters not in ``values`` keep the model's values.
    values : mapping of str to array_like
        Parameter keys to arrays of one common length ``N`` (scalars broadcast).
        Every value is checked as :meth:`Model.with_params` checks it.

    Raises
    ------
    ModelError
        If a key is unknown or a value is outside its allowed range.
    ValueError
        If the arrays have different lengths.
    """
    arrays = {k: np.asarray(v, dtype=np.float64).ravel() for k, v in values.items()}
    sizes = {a.size for a in arrays.values() if a.size != 1}
    if len(sizes) > 1:
        raise ValueError(f"parameter arrays must have one length; got {sorted(sizes)}")
    N = sizes.pop() if sizes else 1
    for key, a in arrays.items():
        _check(model, key, a)
    params: dict[str, Any] = {k: float(v) for k, v in model.params.items()}
    params.update({k: np.broadcast_to(a, (N,)) for k, a in arrays.items()})
    if model.kind == "matrix":
        assert model.cells is not None
        A, B = (
            [[params[c] if isinstance(c, str) else float(c) for c in row] for row in M]
            for M in model.cells
        )
    else:
        row, col = ({name: params[f"{p}.{name}"] for name in PLAYER_PARAMS} for p in model.players)
        ladders = [[float(x) for _, x in ladder] for ladder in model.ladders]
        A, B = payoff_matrices(
            row, col, ladders[0], ladders[1], params["period"], params["harm_convexity"], _clip
        )
    return _stack(A, N), _stack(B, N)


def _stack(M: list[list[Any]], N: int) -> FloatArray:
    cells = [[np.broadcast_to(np.asarray(x, dtype=np.float64), (N,)) for x in row] for row in M]
    return np.ascontiguousarray(np.array(cells, dtype=np.float64).transpose(2, 0, 1))


def _check(model: Model, key: str, a: FloatArray) -> None:
    """Each distinct value of one parameter, checked as a model file's would be."""
    if key not in model.params:
        model.with_params({key: float(a[0]) if a.size else 0.0})  # raises: unknown key
    if not np.all(np.isfinite(a)):
        bad = a[~np.isfinite(a)][0]
        raise ModelError(model.source, key, bad, "a finite number")
    for low_high in (a.min(initial=np.inf), a.max(initial=-np.inf)):
        if np.isfinite(low_high):
            model.with_params({key: float(low_high)})
