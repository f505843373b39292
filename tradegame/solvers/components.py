r"""Maximal Nash subsets and components: the shape of the equilibrium set.

A degenerate game can have infinitely many equilibria. They are still described
by finitely many extreme equilibria :math:`(x_i, y_j)`, pairs of vertices of the
two best-response polytopes (Avis, Rosenberg, Savani and von Stengel 2010):

* two extreme equilibria are *interchangeable* when their strategies can be
  swapped, :math:`(x_1, y_2)` and :math:`(x_2, y_1)` being extreme equilibria
  too;
* a *maximal Nash subset* is a largest set of row vertices :math:`X` and column
  vertices :math:`Y` with every pair in :math:`X \times Y` an extreme
  equilibrium, a maximal biclique of the bipartite graph whose edges are the
  extreme equilibria. Every profile in :math:`\operatorname{conv} X \times
  \operatorname{conv} Y` is then an equilibrium;
* the equilibrium set is the union of these products, and its *components* are
  the connected unions of Nash subsets that share a vertex.

The equilibrium set is finite exactly when every maximal Nash subset is one
extreme equilibrium. Gambit's ``enummixed`` reports the same cliques, but only
from its C++ command line, which is not a dependency here; the clique search is
small enough to write out.

The list of extreme equilibria must be complete, as :func:`equilibria` gives
it with the ``"auto"``, ``"enumeration"`` or ``"vertex"`` method; from a
partial list (Lemke--Howson, support enumeration in a degenerate game) the
subsets found are only part of the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tradegame.solvers.stage import Equilibrium

__all__ = ["Component", "NashSubset", "components", "is_finite", "nash_subsets", "strategy_of"]

SAME_VERTEX_TOL = 1e-9  # float strategies this close are one vertex (probabilities)


@dataclass(frozen=True)
class NashSubset:
    """A maximal Nash subset: every mixture of ``rows`` against every mixture of ``cols``.

    Attributes
    ----------
    rows, cols : tuple of int
        Indices into :attr:`Component.row_vertices` and :attr:`Component.col_vertices`.
    """

    rows: tuple[int, ...]
    cols: tuple[int, ...]

    @property
    def is_single(self) -> bool:
        """True when the subset is one extreme equilibrium, an isolated point."""
        return len(self.rows) == 1 and len(self.cols) == 1


@dataclass(frozen=True)
class Component:
    """A connected component of the equilibrium set, as its maximal Nash subsets.

    Attributes
    ----------
    row_vertices, col_vertices : tuple
        The distinct row and column strategies of its extreme equilibria, exact
        tuples of fractions for an exact game, float tuples otherwise.
    subsets : tuple of NashSubset
        Its maximal Nash subsets; their union is the component.
    equilibria : tuple of Equilibrium
        Its extreme equilibria, in the order they were given.
    """

    row_vertices: tuple[tuple[Any, ...], ...]
    col_vertices: tuple[tuple[Any, ...], ...]
    subsets: tuple[NashSubset, ...]
    equilibria: tuple[Equilibrium, ...]

    @property
    def is_isolated(self) -> bool:
        """True when the component is a single equilibrium."""
        return len(self.subsets) == 1 and self.subsets[0].is_single

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: vertices as strings (exact) or floats, subsets as index lists."""
        return {
            "isolated": self.is_isolated,
            "row_vertices": [[_json(p) for p in v] for v in self.row_vertices],
            "col_vertices": [[_json(q) for q in v] for v in self.col_vertices],
            "nash_subsets": [{"rows": list(s.rows), "cols": list(s.cols)} for s in self.subsets],
        }


def _json(p: Any) -> Any:
    return p if isinstance(p, float) else str(p)


def strategy_of(eq: Equilibrium, side: str) -> tuple[Any, ...]:
    """One side's strategy (``"row"`` or ``"col"``) as the vertex key used here."""
    exact = eq.exact_row if side == "row" else eq.exact_col
    if exact is not None:
        return tuple(exact)
    return tuple(float(p) for p in (eq.row if side == "row" else eq.col))


def _vertex_index(vertices: list[tuple[Any, ...]], v: tuple[Any, ...]) -> int:
    for k, w in enumerate(vertices):
        if w == v or (
            isinstance(v[0], float) and np.allclose(w, v, rtol=0.0, atol=SAME_VERTEX_TOL)
        ):
            return k
    vertices.append(v)
    return len(vertices) - 1


def _graph(
    eqs: Sequence[Equilibrium],
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[int, int]]]:
    rows: list[tuple[Any, ...]] = []
    cols: list[tuple[Any, ...]] = []
    edges = [
        (_vertex_index(rows, strategy_of(e, "row")), _vertex_index(cols, strategy_of(e, "col")))
        for e in eqs
    ]
    return rows, cols, edges


def _maximal_bicliques(edges: set[tuple[int, int]]) -> list[NashSubset]:
    """Every maximal biclique, as the closed sets of the neighbourhood lattice.

    The row sets of maximal bicliques are exactly the nonempty intersections of
    column vertices' neighbourhoods; closing each under "common neighbours" gives
    the column set. The number of extreme equilibria is small, so the
    intersection family is built directly.
    """
    col_ids = sorted({j for _, j in edges})
    neighbours = {j: frozenset(i for i, jj in edges if jj == j) for j in col_ids}
    closed: set[frozenset[int]] = set()
    frontier = set(neighbours.values())
    while frontier:
        closed |= frontier
        frontier = {a & b for a in frontier for b in neighbours.values()} - closed - {frozenset()}
    subsets = []
    for rows in closed:
        cols = tuple(j for j in col_ids if rows <= neighbours[j])
        subsets.append(NashSubset(tuple(sorted(rows)), cols))
    return sorted(subsets, key=lambda s: (s.rows, s.cols))


def nash_subsets(eqs: Sequence[Equilibrium]) -> list[NashSubset]:
    """The maximal Nash subsets of a complete list of extreme equilibria.

    Indices refer to the distinct row and column strategies in order of first
    appearance in ``eqs``; :func:`components` groups them with their vertices.
    """
    _, _, edges = _graph(eqs)
    return _maximal_bicliques(set(edges))


def components(eqs: Sequence[Equilibrium]) -> list[Component]:
    """The connected components of the equilibrium set, each with its Nash subsets.

    Parameters
    ----------
    eqs : sequence of Equilibrium
        Every extreme equilibrium of one game, as :func:`equilibria` returns them
        (method ``"auto"``, ``"enumeration"`` or ``"vertex"``).

    Returns
    -------
    list of Component
        In order of their first extreme equilibrium in ``eqs``. A game with
        finitely many equilibria has one isolated component per equilibrium.

    Examples
    --------
    >>> from tradegame import Game, equilibria
    >>> g = Game([[1, 1], [0, 2]], [[1, 1], [1, 1]])  # the column player is indifferent
    >>> [c.is_isolated for c in components(equilibria(g))]
    [False]
    >>> len(components(equilibria(g))[0].subsets)
    3
    """
    rows, cols, edges = _graph(eqs)
    # Union-find over row vertices: a column vertex joins every row it meets.
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_row: dict[int, int] = {}
    for i, j in edges:
        if j in first_row:
            parent[root(i)] = root(first_row[j])
        else:
            first_row[j] = i
    order: list[int] = []
    for i, _ in edges:
        if root(i) not in order:
            order.append(root(i))
    out = []
    for r in order:
        mine = [k for k, (i, _) in enumerate(edges) if root(i) == r]
        row_ids = sorted({edges[k][0] for k in mine})
        col_ids = sorted({edges[k][1] for k in mine})
        local = {(row_ids.index(edges[k][0]), col_ids.index(edges[k][1])) for k in mine}
        out.append(
            Component(
                row_vertices=tuple(rows[i] for i in row_ids),
                col_vertices=tuple(cols[j] for j in col_ids),
                subsets=tuple(_maximal_bicliques(local)),
                equilibria=tuple(eqs[k] for k in mine),
            )
        )
    return out


def is_finite(eqs: Sequence[Equilibrium]) -> bool:
    """True when the game has finitely many equilibria: no two extreme ones interchange.

    With a complete list of extreme equilibria, the set is infinite exactly when
    some row vertex is an equilibrium against two column vertices, or the
    other way round (then the segment between them is all equilibria).
    """
    _, _, edges = _graph(eqs)
    return len({i for i, _ in edges}) == len(edges) == len({j for _, j in edges})
