"""The cells of grid figures: cell edges, runs of flagged cells, and their outline."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from tradegame.plot.grid import cell_runs, edges_of, outline, runs


def test_grid_cells_and_runs() -> None:
    assert_allclose(edges_of(np.array([2.0])), [1.8, 2.2])
    assert_allclose(edges_of(np.array([0.0])), [-0.5, 0.5])
    assert_allclose(edges_of(np.array([2.0]), "log"), [1.6, 2.5])
    edges = np.array([0.0, 1.0, 2.0, 3.0])
    assert runs(np.array([False, False, False]), edges) == []
    assert runs(np.array([True, True, True]), edges) == [(0.0, 3.0)]
    flags = np.array([[True, False, True], [True, True, False]])
    xy = (np.array([0.0, 1.0, 2.0]), edges)
    assert cell_runs(flags, xy) == [
        (0.0, 1.0, 0.0, 1.0),
        (0.0, 1.0, 2.0, 3.0),
        (1.0, 2.0, 0.0, 2.0),
    ]
    # three cells in an L: its border is eight cell sides
    block = np.array([[True, True], [True, False]])
    assert len(outline(block, (np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 2.0])))) == 8
