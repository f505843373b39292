r"""Every extreme equilibrium of a small exact game, by vertex enumeration in integers.

The best-response polytopes of a game with payoffs made positive are

.. math::

    P = \{x \ge 0 : B^\top x \le 1\}, \qquad Q = \{y \ge 0 : A y \le 1\}.

A point of :math:`P` has the *label* :math:`i` (a row action) when
:math:`x_i = 0` and the label :math:`m + j` (a column action) when
:math:`(B^\top x)_j = 1`; a point of :math:`Q` has the label :math:`i` when
:math:`(A y)_i = 1` and :math:`m + j` when :math:`y_j = 0`. A pair
:math:`(x, y) \ne (0, 0)` that carries every label between them is a Nash
equilibrium after normalisation, and the extreme equilibria are exactly the
completely labelled pairs of *vertices*, degenerate games included (von Stengel,
*Handbook of Game Theory* 3, 2002, ch. 45; Avis, Rosenberg, Savani and von
Stengel, *Economic Theory* 42, 2010).

Why by hand: nashpy enumerates these vertices with Qhull in floating point, so
whether a constraint is tight is decided with a tolerance. For a rational game
everything here is integer arithmetic: payoffs are scaled by the common
denominator, each vertex is solved exactly from a basis, and a label is an
equality of integers. The number of bases, :func:`bases`, grows exponentially
with the game; even so this is faster than nashpy's vertex enumeration plus
support enumeration at every size measured (from 2 x 2 to 9 x 9).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

__all__ = ["bases", "extreme_equilibria"]

IntMatrix = list[list[int]]
# A solution as (numerators, denominator), the denominator positive.
Vertex = tuple[tuple[int, ...], int]
ExactEquilibrium = tuple[tuple[Fraction, ...], tuple[Fraction, ...], tuple[Fraction, Fraction]]


def bases(m: int, n: int) -> int:
    """How many candidate bases the enumeration of an ``m x n`` game solves."""
    return math.comb(m + n, m)


def _integers(M: Sequence[Sequence[Fraction]]) -> tuple[IntMatrix, int]:
    """``M`` times the common denominator ``d`` of its entries, as integers, and ``d``."""
    d = math.lcm(*(x.denominator for row in M for x in row))
    return [[x.numerator * (d // x.denominator) for x in row] for row in M], d


def _positive(M: IntMatrix) -> IntMatrix:
    """``M`` shifted so that its smallest entry is 1: both polytopes are then bounded."""
    shift = 1 - min(min(row) for row in M)
    return [[x + shift for x in row] for row in M]


def _solve(M: IntMatrix) -> Vertex | None:
    """The unique solution of ``M z = 1`` as integers over a positive common denominator.

    Gauss--Jordan elimination without division, each row divided by the gcd of
    its entries to keep the numbers small. None when ``M`` is singular.
    """
    k = len(M)
    if k == 2:  # Cramer's rule: most bases of small games are 2 x 2
        (a, b), (c, d) = M
        det = a * d - b * c
        if det == 0:
            return None
        return ((d - b, a - c), det) if det > 0 else ((b - d, c - a), -det)
    rows = [[*row, 1] for row in M]
    for col in range(k):
        pivot = next((r for r in range(col, k) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col]
        p = lead[col]
        for r in range(k):
            f = rows[r][col]
            if r != col and f != 0:
                new = [p * a - f * b for a, b in zip(rows[r], lead, strict=True)]
                g = math.gcd(*new)
                rows[r] = [a // g for a in new] if g > 1 else new
    den = math.lcm(*(abs(rows[i][i]) for i in range(k)))
    nums = tuple(rows[i][k] * (den // rows[i][i]) for i in range(k))
    return nums, den


def _vertices(M: IntMatrix, columns: IntMatrix) -> list[tuple[tuple[int, ...], int, int, int]]:
    r"""The nonzero vertices of :math:`\{z \ge 0 : z^\top M \le 1\}`, ``M`` positive.

    ``columns`` is ``M`` transposed. Each vertex comes as ``(numerators, their sum,
    zero mask, tight mask)``, the numerators reduced by their gcd (so the
    strategy is the numerators over their sum): bit ``i`` of the zero mask is set
    when :math:`z_i = 0`, bit ``j`` of the tight mask when :math:`(z^\top M)_j = 1`.

    A vertex has ``k`` independent tight constraints; choosing ``f`` of them among
    the columns leaves ``f`` free coordinates ``F`` and the square system
    :math:`M[F, T]^\top z_F = 1`, so every basis is a pair ``(F, T)`` of equal
    sizes. Along a ray from the origin only the far end can be a vertex, so two
    vertices with proportional numerators are the same vertex.
    """
    k, cols = len(M), len(columns)
    everything = (1 << k) - 1
    found: dict[tuple[int, ...], tuple[tuple[int, ...], int, int, int]] = {}
    for i, row in enumerate(M):
        # One free coordinate: z = e_i / max_j M[i][j], tight at the maximising columns.
        top, tight_mask = max(row), 0
        for j, v in enumerate(row):
            if v == top:
                tight_mask |= 1 << j
        key = (0,) * i + (1,) + (0,) * (k - i - 1)
        found[key] = (key, 1, everything ^ (1 << i), tight_mask)
    for f in range(2, min(k, cols) + 1):
        for free in itertools.combinations(range(k), f):
            for tight in itertools.combinations(range(cols), f):
                solved = _solve([[columns[j][i] for i in free] for j in tight])
                if solved is None or min(solved[0]) < 0:
                    continue
                free_nums, den = solved
                nums = [0] * k
                for i, v in zip(free, free_nums, strict=True):
                    nums[i] = v
                g = math.gcd(*free_nums)
                key = tuple(v // g for v in nums)
                if key in found:
                    continue  # the same vertex from another basis
                zero_mask = everything
                for i in free:
                    if nums[i]:
                        zero_mask ^= 1 << i
                tight_mask = 0
                for j, col in enumerate(columns):
                    load = sum(nums[i] * col[i] for i in free)
                    if load > den:
                        break  # outside the polytope
                    if load == den:
                        tight_mask |= 1 << j
                else:
                    found[key] = (key, sum(key), zero_mask, tight_mask)
    return list(found.values())


def _transpose(M: IntMatrix) -> IntMatrix:
    return [list(col) for col in zip(*M, strict=True)]


def _fractions(nums: Sequence[int], den: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(v, den) for v in nums)


def extreme_equilibria(
    A: Sequence[Sequence[Fraction]], B: Sequence[Sequence[Fraction]]
) -> list[ExactEquilibrium]:
    """Every extreme equilibrium of the exact game ``(A, B)``, exactly.

    Returns ``(x, y, (x^T A y, x^T B y))`` triples of fractions, in no particular
    order. Each vertex pair is completely labelled by integer comparisons, so the
    answer involves no tolerance.
    """
    m, n = len(A), len(A[0])
    A_int, a_scale = _integers(A)
    B_int, b_scale = _integers(B)
    B_pos, A_pos = _positive(B_int), _positive(A_int)
    B_pos_T, A_pos_T = _transpose(B_pos), _transpose(A_pos)
    P = _vertices(B_pos, B_pos_T)  # zero labels: rows; tight labels: columns
    Q = _vertices(A_pos_T, A_pos)  # zero labels: columns; tight labels: rows
    full_rows, full_cols = (1 << m) - 1, (1 << n) - 1
    pairs = [
        (a, b)
        for a, (_, _, zero_x, tight_x) in enumerate(P)
        for b, (_, _, zero_y, tight_y) in enumerate(Q)
        if zero_x | tight_y == full_rows and tight_x | zero_y == full_cols
    ]
    xs = {a: _fractions(*P[a][:2]) for a in {a for a, _ in pairs}}
    ys = {b: _fractions(*Q[b][:2]) for b in {b for _, b in pairs}}
    out: list[ExactEquilibrium] = []
    for a, b in pairs:
        (px, sx), (qy, sy) = P[a][:2], Q[b][:2]
        # Every action in a support is a best response, so it earns the payoff.
        i = next(r for r, v in enumerate(px) if v)
        j = next(c for c, v in enumerate(qy) if v)
        u = sum(v * q for v, q in zip(A_int[i], qy, strict=True))
        w = sum(p * row[j] for p, row in zip(px, B_int, strict=True))
        out.append((xs[a], ys[b], (Fraction(u, sy * a_scale), Fraction(w, sx * b_scale))))
    return out
