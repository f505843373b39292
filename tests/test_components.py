"""Maximal Nash subsets and components, checked against exact best responses."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.solvers.batch import equilibria_batch
from tradegame.solvers.components import components, is_finite, nash_subsets

H = Fraction(1, 2)


def test_indifferent_column_player_gives_one_component_of_three_segments() -> None:
    g = tg.Game([[1, 1], [0, 2]], [[1, 1], [1, 1]])
    eqs = tg.equilibria(g)
    assert not is_finite(eqs)
    (c,) = components(eqs)
    assert not c.is_isolated and len(c.equilibria) == 4
    assert c.row_vertices == ((1, 0), (0, 1))
    assert c.col_vertices == ((1, 0), (0, 1), (H, H))
    subsets = {
        (tuple(c.row_vertices[i] for i in s.rows), tuple(c.col_vertices[j] for j in s.cols))
        for s in c.subsets
    }
    assert subsets == {
        (((1, 0),), ((1, 0), (H, H))),  # a against any mix with c at least 1/2
        (((1, 0), (0, 1)), ((H, H),)),  # any mix of a and b against the even mix
        (((0, 1),), ((0, 1), (H, H))),
    }


def test_all_equal_payoffs_are_one_subset_the_whole_square() -> None:
    eqs = tg.equilibria(tg.Game([[0, 0], [0, 0]], [[0, 0], [0, 0]]))
    (c,) = components(eqs)
    assert [(s.rows, s.cols) for s in c.subsets] == [((0, 1), (0, 1))]
    assert c.to_dict()["nash_subsets"] == [{"rows": [0, 1], "cols": [0, 1]}]


def test_generic_games_have_isolated_equilibria() -> None:
    for name in ("battle-of-the-sexes", "chicken", "matching-pennies", "prisoners-dilemma"):
        eqs = tg.equilibria(tg.load_model(name).game())
        parts = components(eqs)
        assert is_finite(eqs) and len(parts) == len(eqs), name
        assert all(c.is_isolated and c.to_dict()["isolated"] for c in parts)
        assert [c.equilibria[0] for c in parts] == eqs


def _mix(vertices: list[tuple[Fraction, ...]], weights: list[int]) -> list[Fraction]:
    total = sum(weights)
    return [
        sum(Fraction(w, total) * v[k] for w, v in zip(weights, vertices, strict=True))
        for k in range(len(vertices[0]))
    ]


payoff = st.integers(-1, 1)


@st.composite
def tie_heavy_games(draw: st.DrawFn) -> tg.Game:
    m, n = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    cells = st.lists(st.lists(payoff, min_size=n, max_size=n), min_size=m, max_size=m)
    return tg.Game(draw(cells), draw(cells))


@given(tie_heavy_games(), st.lists(st.integers(1, 5), min_size=6, max_size=6))
@settings(max_examples=150, deadline=None)
def test_subsets_are_products_of_equilibria_and_the_edge_graph_is_exact(
    g: tg.Game, w: list[int]
) -> None:
    eqs = tg.equilibria(g)
    parts = components(eqs)
    assert sum(len(c.equilibria) for c in parts) == len(eqs)
    rows = [v for c in parts for v in c.row_vertices]
    cols = [v for c in parts for v in c.col_vertices]
    pairs = {(tuple(e.exact_row), tuple(e.exact_col)) for e in eqs}
    # Every vertex pair is an equilibrium exactly when it is listed: nothing is
    # missing between components, and nothing is listed that is not one.
    for x, y in itertools.product(rows, cols):
        assert tg.is_equilibrium(g, list(x), list(y)) == ((x, y) in pairs)
    for c in parts:
        for s in c.subsets:
            xs, ys = [c.row_vertices[i] for i in s.rows], [c.col_vertices[j] for j in s.cols]
            assert all((x, y) in pairs for x in xs for y in ys)
            x, y = _mix(xs, w[: len(xs)]), _mix(ys, w[3 : 3 + len(ys)])
            assert tg.is_equilibrium(g, x, y)  # every mixture in the product
    assert is_finite(eqs) == all(c.is_isolated for c in parts)
    assert len(nash_subsets(eqs)) == sum(len(c.subsets) for c in parts)


def test_finiteness_agrees_with_the_2x2_closed_forms_on_every_small_game() -> None:
    games = np.array(list(itertools.product((-1, 0, 1), repeat=8)), dtype=float).reshape(
        -1, 2, 2, 2
    )
    continuum = equilibria_batch(games[:, 0], games[:, 1]).continuum
    for k, (A, B) in enumerate(games):
        g = tg.Game(A.astype(int).tolist(), B.astype(int).tolist())
        assert is_finite(tg.equilibria(g)) != continuum[k], (A.tolist(), B.tolist())


@given(tie_heavy_games(), st.integers(1, 1000), st.integers(-1000, 1000))
@settings(max_examples=30, deadline=None)
def test_components_survive_positive_affine_maps_and_floats(g: tg.Game, a: int, b: int) -> None:
    def shape(
        game: tg.Game,
    ) -> list[tuple[int, int, list[tuple[tuple[int, ...], tuple[int, ...]]]]]:
        return [
            (len(c.row_vertices), len(c.col_vertices), [(s.rows, s.cols) for s in c.subsets])
            for c in components(tg.equilibria(game))
        ]

    A, B = g.exact_A.tolist(), g.exact_B.tolist()
    moved = tg.Game(
        [[a * v + b for v in r] for r in A], [[Fraction(a, 7) * v - b for v in r] for r in B]
    )
    assert shape(moved) == shape(g)
    floats = tg.Game(
        [[math.pi * v for v in r] for r in A], [[math.e * v + 0.5 for v in r] for r in B]
    )
    assert shape(floats) == shape(g)


DEGENERATE = """\
kind = "matrix"
title = "Indifferent column"
description = "The column player is indifferent: a continuum of equilibria."
players = ["Row", "Col"]
actions = [["a", "b"], ["c", "d"]]
A = [[1, 1], [0, 2]]
B = [[1, 1], [1, 1]]
discount = 0.9

[sources]
A = "constructed"
B = "constructed"
discount = "constructed"
"""


def test_run_says_when_the_equilibria_are_a_continuum(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from tradegame.cli import main

    path = tmp_path / "degenerate.toml"
    path.write_text(DEGENERATE)
    runner = CliRunner()
    text = runner.invoke(main, ["run", str(path)]).stdout
    assert "Not isolated" in " ".join(text.split())
    assert "one group is an equilibrium too: {1, 3}, {2, 4}, {3, 4}." in " ".join(text.split())
    data = json.loads(runner.invoke(main, ["run", str(path), "--format", "json"]).stdout)
    assert data["equilibrium_set"] == {
        "finite": False,
        "components": [[1, 2, 3, 4]],
        "subsets": [[1, 3], [2, 4], [3, 4]],
    }
    generic = json.loads(runner.invoke(main, ["run", "chicken", "--format", "json"]).stdout)
    count = len(generic["equilibria"])
    assert generic["equilibrium_set"] == {
        "finite": True,
        "components": [[k] for k in range(1, count + 1)],
        "subsets": [[k] for k in range(1, count + 1)],
    }
    assert "Not isolated" not in runner.invoke(main, ["run", "chicken"]).stdout
