r"""Exact rational linear algebra for the stage-game solvers.

The float solvers (nashpy, scipy) find *which* constraints are tight at an
equilibrium or at a linear-programming optimum; the functions here then solve the
same linear system in :class:`fractions.Fraction` arithmetic and check the result
with no tolerance.

A mixed strategy :math:`z` over the rows of a matrix :math:`M` (shape
``(k, l)``) gives the opponent the payoffs :math:`(z^\top M)_j`, one per column.
:func:`tight_vertex` solves

.. math::

    z_i = 0 \;(i \notin S), \qquad \sum_i z_i = 1, \qquad
    (z^\top M)_j = v \;(j \in T)

for :math:`(z, v)`, where :math:`S` is the support and :math:`T` the set of tight
columns. When the solution is unique, :math:`z` is a vertex of the polyhedron
:math:`\{(z, v) : z \ge 0, \sum_i z_i = 1, z^\top M \le v\}`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import numpy.typing as npt

__all__ = [
    "certify_value",
    "dot",
    "is_equilibrium",
    "payoffs",
    "refine_equilibrium",
    "solve",
    "tight_vertex",
]

#: A matrix of fractions: nested sequences or a numpy ``object`` array.
Matrix = Sequence[Sequence[Fraction]] | npt.NDArray[np.object_]
#: A boolean mask: a sequence of bools or a numpy ``bool`` array.
Mask = Sequence[bool] | npt.NDArray[np.bool_]


def solve(M: Matrix, b: Sequence[Fraction]) -> list[Fraction] | None:
    """Solve ``M z = b`` exactly; the unique solution, or None.

    ``M`` may have more rows than columns (a consistent over-determined system is
    fine). Returns None when the system is inconsistent or has many solutions.
    """
    # Hand-written Gauss-Jordan elimination on Fractions: sympy's rref is slow and
    # importing sympy is heavy, and these systems are small.
    rows = [[Fraction(x) for x in row] + [Fraction(rhs)] for row, rhs in zip(M, b, strict=True)]
    n_unknowns = len(M[0]) if rows else 0
    rank = 0
    for col in range(n_unknowns):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            return None  # a free variable: not a unique solution
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][col]
        rows[rank] = [x / lead for x in rows[rank]]
        for r in range(len(rows)):
            factor = rows[r][col]
            if r != rank and factor != 0:
                rows[r] = [x - factor * p for x, p in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    if any(row[-1] != 0 for row in rows[rank:]):
        return None  # inconsistent
    return [rows[i][-1] for i in range(n_unknowns)]


def tight_vertex(M: Matrix, support: Mask, tight: Mask) -> tuple[list[Fraction], Fraction] | None:
    r"""The strategy ``z`` over the rows of ``M`` fixed by its support and tight columns.

    Parameters
    ----------
    M : sequence of sequences of Fraction
        Shape ``(k, l)``: ``M[i][j]`` is what the opponent gets from its action
        ``j`` when this player plays ``i``.
    support : sequence of bool, length ``k``
        ``False`` forces :math:`z_i = 0`.
    tight : sequence of bool, length ``l``
        ``True`` imposes :math:`(z^\top M)_j = v`.

    Returns
    -------
    tuple of (list of Fraction, Fraction) or None
        ``(z, v)`` when the system has a unique solution with :math:`z \ge 0`,
        otherwise None.
    """
    k, n_cols = len(M), len(M[0])
    zero, one = Fraction(0), Fraction(1)
    equations: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    for i in range(k):
        if not support[i]:
            equations.append([one if c == i else zero for c in range(k)] + [zero])
            rhs.append(zero)
    equations.append([one] * k + [zero])
    rhs.append(one)
    for j in range(n_cols):
        if tight[j]:
            equations.append([Fraction(M[i][j]) for i in range(k)] + [-one])
            rhs.append(zero)
    solution = solve(equations, rhs)
    if solution is None or any(z < 0 for z in solution[:k]):
        return None
    return solution[:k], solution[k]


def dot(z: Sequence[Fraction], M: Matrix) -> list[Fraction]:
    r""":math:`z^\top M`, exactly."""
    return [sum((z[i] * M[i][j] for i in range(len(z))), Fraction(0)) for j in range(len(M[0]))]


def payoffs(
    A: Matrix, B: Matrix, x: Sequence[Fraction], y: Sequence[Fraction]
) -> tuple[Fraction, Fraction]:
    r"""The expected payoffs :math:`(x^\top A y, x^\top B y)`, exactly."""
    xA, xB = dot(x, A), dot(x, B)
    return (
        sum((a * q for a, q in zip(xA, y, strict=True)), Fraction(0)),
        sum((b * q for b, q in zip(xB, y, strict=True)), Fraction(0)),
    )


def is_equilibrium(A: Matrix, B: Matrix, x: Sequence[Fraction], y: Sequence[Fraction]) -> bool:
    """True when ``(x, y)`` are probability vectors and mutual best responses, exactly."""
    for z in (x, y):
        if any(p < 0 for p in z) or sum(z, Fraction(0)) != 1:
            return False
    row_gains = dot(y, [list(r) for r in zip(*A, strict=True)])  # (A y)_i
    col_gains = dot(x, B)  # (x^T B)_j
    u_row, u_col = payoffs(A, B, x, y)
    return max(row_gains) == u_row and max(col_gains) == u_col


def refine_equilibrium(
    A: Matrix, B: Matrix, in_x: Mask, best_col: Mask, in_y: Mask, best_row: Mask
) -> tuple[list[Fraction], list[Fraction], tuple[Fraction, Fraction]] | None:
    """The exact vertex pair with these supports and best-response sets, if it is one.

    ``(x, y, payoffs)`` when both vertices are unique and form an exact
    equilibrium, otherwise None.
    """
    ex = tight_vertex(B, in_x, best_col)
    ey = tight_vertex([list(r) for r in zip(*A, strict=True)], in_y, best_row)
    if ex is None or ey is None or not is_equilibrium(A, B, ex[0], ey[0]):
        return None
    return ex[0], ey[0], payoffs(A, B, ex[0], ey[0])


def certify_value(
    M: Matrix, in_p: Mask, tight_cols: Mask, in_q: Mask, tight_rows: Mask
) -> tuple[Fraction, list[Fraction]] | None:
    r"""Exact value and minimiser of the zero-sum game :math:`\max_p \min_q p^\top M q`.

    ``p`` (the maximiser, over rows) and ``q`` (the minimiser, over columns) are
    recomputed from their supports and tight constraints; the answer is returned
    only when :math:`\min_j (p^\top M)_j = \max_i (M q)_i` exactly, which proves
    both optimal.
    """
    M_T = [list(r) for r in zip(*M, strict=True)]
    p, q = tight_vertex(M, in_p, tight_cols), tight_vertex(M_T, in_q, tight_rows)
    if p is None or q is None:
        return None
    lower, upper = min(dot(p[0], M)), max(dot(q[0], M_T))
    return (upper, q[0]) if lower == upper else None
