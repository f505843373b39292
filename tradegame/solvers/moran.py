r"""The Moran process: the probability that one mutant takes over a finite population.

Tolerance: none. Rational payoffs and selection give an exact fraction; floats
are summed in floats with no comparison that a tolerance would decide.

References
----------
.. [1] P. A. P. Moran, *The Statistical Processes of Evolutionary Theory*,
   Clarendon Press, 1962.
.. [2] M. A. Nowak, A. Sasaki, C. Taylor and D. Fudenberg, "Emergence of
   cooperation and evolutionary stability in finite populations", *Nature* 428,
   2004, pp. 646-650.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import Any

import numpy as np

from tradegame.game import to_fraction
from tradegame.solvers._values import Value
from tradegame.solvers.population import _matrix

__all__ = ["fixation"]


def fixation(payoffs: Any, size: int, selection: Any) -> Value:
    r"""The probability that one mutant takes over a Moran population of ``size``.

    Parameters
    ----------
    payoffs : 2x2 matrix
        ``[[a, b], [c, d]]``: mutant against mutant, mutant against resident,
        resident against mutant, resident against resident.
    size : int
        The population size N, at least 2.
    selection : number in [0, 1]
        The intensity of selection w: fitness is ``1 - w + w * payoff``.

    Returns
    -------
    Fraction or float
        :math:`\rho` of the module docstring (Nowak et al. 2004, equation 1): a
        Fraction when the payoffs and ``selection`` are rational.

    Raises
    ------
    ValueError
        For a matrix that is not 2x2 numbers, ``size`` below 2, ``selection``
        outside [0, 1], or a fitness that is not positive.

    Examples
    --------
    Neutral drift, and a mutant that earns twice as much as the residents
    (constant fitness 2 against 1, in a population of 3):

    >>> fixation([[1, 1], [1, 1]], 10, 1)
    Fraction(1, 10)
    >>> fixation([[2, 2], [1, 1]], 3, 1)      # (1 - 1/2) / (1 - 1/8)
    Fraction(4, 7)
    """
    rows = _matrix(payoffs, "payoffs")
    if len(rows) != 2 or len(rows[0]) != 2:
        raise ValueError("payoffs must be a 2x2 matrix [[a, b], [c, d]]")
    if isinstance(size, bool) or not isinstance(size, numbers.Integral) or size < 2:
        raise ValueError(f"the population size N must be a whole number >= 2; got {size!r}")
    n = int(size)
    w_exact = None if isinstance(selection, bool) else to_fraction(selection)
    if w_exact is None and (
        isinstance(selection, bool) or not isinstance(selection, numbers.Real | np.floating)
    ):
        raise ValueError(f"selection must be a number in [0, 1]; got {selection!r}")
    w_value = float(selection) if w_exact is None else w_exact
    if not 0 <= w_value <= 1:
        raise ValueError(f"selection must be a number in [0, 1]; got {selection!r}")
    values = [to_fraction(x) for row in rows for x in row]
    exact = w_exact is not None and all(v is not None for v in values)
    if exact:
        a, b, c, d = (v for v in values if v is not None)
        w: Value = w_exact
    else:
        a, b, c, d = (float(x) for row in rows for x in row)
        w = float(w_value)
    # fitness times (N - 1): f[i-1] for the mutants, g[i-1] for the residents, i = 1..N-1
    f = [(1 - w) * (n - 1) + w * (a * (i - 1) + b * (n - i)) for i in range(1, n)]
    g = [(1 - w) * (n - 1) + w * (c * i + d * (n - i - 1)) for i in range(1, n)]
    if min(f) <= 0 or min(g) <= 0:
        raise ValueError(
            f"fitness 1 - w + w * payoff must be positive; with selection {selection} the "
            "payoffs must exceed 1 - 1/w (rescale them to [0, 1])"
        )
    if not exact:
        total = 0.0  # Horner: sum_k prod_{j<=k} r_j = r_1 (1 + r_2 (1 + ... r_{N-1}))
        for fi, gi in zip(reversed(f), reversed(g), strict=True):
            total = gi / fi * (1 + total)
        return 1 / (1 + total) if math.isfinite(total) else 0.0
    # the same over the integers: fitness over a common denominator, one reduction at the end
    den = math.lcm(*(Fraction(v).denominator for v in (*f, *g)))
    fi_int = [int(v * den) for v in f]
    gi_int = [int(v * den) for v in g]
    p, q = 0, 1  # the tail sum as p / q
    for fi, gi in zip(reversed(fi_int), reversed(gi_int), strict=True):
        p, q = gi * (q + p), fi * q
    return Fraction(q, q + p)
