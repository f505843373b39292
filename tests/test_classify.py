"""Tests of tradegame.solvers.classify: names of 2x2 games."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tradegame.game import Game
from tradegame.solvers.classify import GAME_CLASSES, classify, describe
from tradegame.solvers.stage import pure_equilibria


def symmetric(T, R, P, S) -> Game:
    """The symmetric 2x2 game with row payoffs [[R, S], [T, P]] and B = A transposed."""
    A = [[R, S], [T, P]]
    return Game(A, [list(r) for r in zip(*A, strict=True)])


def transpose(g: Game) -> Game:
    """Swap the players: the row player becomes the column player."""
    return Game(g.B.T.tolist(), g.A.T.tolist())


def relabel(g: Game, swap_row: bool, swap_col: bool) -> Game:
    rows = [1, 0] if swap_row else [0, 1]
    cols = [1, 0] if swap_col else [0, 1]
    return Game(g.A[np.ix_(rows, cols)].tolist(), g.B[np.ix_(rows, cols)].tolist())


# Textbook examples, one per class.
EXAMPLES = {
    # Prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0) (Axelrod 1984).
    "prisoners-dilemma": symmetric(5, 3, 1, 0),
    # Chicken: swerve = cooperate; T > R > S > P (Rapoport and Chammah 1966).
    "chicken": Game([[0, -1], [1, -10]], [[0, 1], [-1, -10]]),
    # Stag hunt (Skyrms 2004, strict version): R > T > P > S.
    "stag-hunt": Game([[4, 1], [3, 2]], [[4, 3], [1, 2]]),
    # Deadlock: T > P > R > S.
    "deadlock": symmetric(3, 1, 2, 0),
    # Harmony: cooperation dominant and mutual cooperation best.
    "harmony": Game([[4, 2], [3, 1]], [[4, 3], [2, 1]]),
    # Battle of the sexes (ORACLES.md).
    "battle-of-the-sexes": Game([[3, 0], [0, 2]], [[2, 0], [0, 3]]),
    # Pure coordination with a better equilibrium (QuantEcon's coordination game).
    "coordination": Game([[4, 0], [0, 1]], [[4, 0], [0, 1]]),
    # Matching pennies.
    "no-pure-equilibrium": Game([[1, -1], [-1, 1]]),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_textbook_examples(name):
    assert classify(EXAMPLES[name]) == name


def test_inspection_game_is_cyclic():
    # An inspection game (Tsebelis 1989): the inspector (row) inspects at cost 1 and
    # loses 4 to an uncaught cheat; the agent gains 1 by cheating, loses 2 if caught.
    g = Game([[-1, -1], [0, -4]], [[0, -2], [0, 1]])
    assert pure_equilibria(g) == []
    assert classify(g) == "no-pure-equilibrium"


def test_relabelled_prisoners_dilemma():
    pd = EXAMPLES["prisoners-dilemma"]
    defect_first = Game([[1, 5], [0, 3]], [[1, 0], [5, 3]])  # both players list D first
    assert classify(defect_first) == "prisoners-dilemma"
    for swap_row in (False, True):
        for swap_col in (False, True):
            assert classify(relabel(pd, swap_row, swap_col)) == "prisoners-dilemma"
    named = Game(pd.A, pd.B, actions=(["restrict", "open"], ["open", "restrict"]))
    assert classify(named) == "prisoners-dilemma"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_transposed_games_keep_their_names(name):
    assert classify(transpose(EXAMPLES[name])) == name


def test_asymmetric_games():
    # Row player: chicken (T, R, S, P) = (3, 2, 1, 0); column player: prisoner's
    # dilemma (5, 3, 1, 0). One pure equilibrium: (open, restrict).
    g = Game([[2, 1], [3, 0]], [[3, 5], [0, 1]])
    assert classify(g) == "asymmetric:chicken/prisoners-dilemma"
    assert classify(transpose(g)) == "asymmetric:prisoners-dilemma/chicken"
    assert classify(relabel(g, True, False)) == "asymmetric:chicken/prisoners-dilemma"
    # Row prisoner's dilemma, column harmony.
    g = Game([[3, 0], [5, 1]], [[4, 2], [3, 1]])
    assert classify(g) == "asymmetric:prisoners-dilemma/harmony"


def test_ties_break_the_patterns():
    # The stag hunt with T = P = 3 (Skyrms's [[4, 0], [3, 3]]): not a strict stag
    # hunt, but two pure equilibria that both players rank alike.
    assert classify(Game([[4, 0], [3, 3]], [[4, 3], [0, 3]])) == "coordination"
    # A prisoner's dilemma with T = R: no longer a PD; D is only weakly dominant.
    assert classify(symmetric(3, 3, 1, 0)) == "coordination"
    # Chicken with S = P: the pattern breaks, and three cells are pure equilibria.
    assert classify(symmetric(3, 2, 0, 0)) == "other"
    # Each player's payoffs all equal.
    assert classify(Game([[1, 1], [1, 1]], [[2, 2], [2, 2]])) == "trivial"
    assert classify(Game([[0, 0], [0, 0]])) == "trivial"
    # Only one player indifferent: not trivial. Here the column player always plays
    # column 0, so both cells of that column are equilibria: "other".
    assert classify(Game([[0, 0], [0, 0]], [[1, 0], [1, 0]])) == "other"
    # Here the column player matches the row player, and nobody ranks the two
    # matching equilibria differently: "coordination".
    assert classify(Game([[0, 0], [0, 0]], [[1, 0], [0, 1]])) == "coordination"


def test_tolerance_rule():
    # Exact games are compared exactly by default; an explicit tol compares floats.
    nearly = symmetric(F(3) + F(1, 10**12), 3, 1, 0)  # T - R = 1e-12
    assert nearly.is_exact
    assert classify(nearly) == "prisoners-dilemma"
    assert classify(nearly, tol=1e-9) == "coordination"
    assert classify(nearly, tol=0) == "prisoners-dilemma"
    # A numeric game: payoffs within g.tolerance() are tied by default.
    numeric = symmetric(np.pi * (1 + 1e-13), np.pi, 1, 0)
    assert not numeric.is_exact
    assert classify(numeric) == "coordination"
    assert classify(numeric, tol=0) == "prisoners-dilemma"
    with pytest.raises(ValueError, match="tol"):
        classify(numeric, tol=-1)


@pytest.mark.parametrize(("shape", "name"), [((3, 3), "3x3"), ((1, 2), "1x2"), ((2, 3), "2x3")])
def test_games_that_are_not_2x2(shape, name):
    assert classify(Game(np.zeros(shape).tolist(), np.ones(shape).tolist())) == name


def test_symbolic_game_rejected():
    x = sympy.Symbol("x")
    with pytest.raises(ValueError, match=r"evaluate with \.subs\(\) first"):
        classify(Game([[x, 0], [0, 1]]))


def test_game_classes_and_descriptions():
    required = {
        "prisoners-dilemma",
        "chicken",
        "stag-hunt",
        "deadlock",
        "harmony",
        "battle-of-the-sexes",
        "no-pure-equilibrium",
        "coordination",
    }
    assert required <= set(GAME_CLASSES)
    assert len(set(GAME_CLASSES)) == len(GAME_CLASSES)
    for name in GAME_CLASSES:
        text = describe(name)
        assert text[0].isupper() and text.endswith(".") and text.count(".") == 1
    assert "brinkmanship" in describe("chicken").lower()
    assert "matching pennies" in describe("no-pure-equilibrium")
    mixed = describe("asymmetric:chicken/prisoners-dilemma")
    assert "chicken" in mixed and "prisoners-dilemma" in mixed
    assert describe("3x3").startswith("A game with 3 row actions and 3 column actions")
    for bad in ("poker", "asymmetric:chicken/poker", "3x", "asymmetric:"):
        with pytest.raises(ValueError, match="unknown"):
            describe(bad)


def test_every_result_has_a_description():
    rng = np.random.default_rng(1)
    for _ in range(300):
        A, B = rng.integers(0, 4, size=(2, 2, 2))
        assert describe(classify(Game(A.tolist(), B.tolist())))


# Properties ------------------------------------------------------------------

small = st.integers(-3, 3)
matrices = st.lists(st.lists(small, min_size=2, max_size=2), min_size=2, max_size=2)
positive = st.fractions(min_value=F(1, 100), max_value=100)
shifts = st.fractions(min_value=-100, max_value=100)


@settings(max_examples=200, deadline=None)
@given(matrices, matrices, positive, shifts, positive, shifts)
def test_invariant_under_positive_affine_transforms(A, B, a, b, c, d):
    g = Game(A, B)
    h = Game([[a * x + b for x in r] for r in A], [[c * y + d for y in r] for r in B])
    assert classify(h) == classify(g)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.1, 10), st.floats(-50, 50))
def test_invariant_under_float_affine_transforms(seed, a, b):
    # Numeric games with distinct payoffs, scaled by float factors.
    rng = np.random.default_rng(seed)
    A, B = (rng.permutation(4).reshape(2, 2) + rng.uniform(0, 0.5, (2, 2)) for _ in range(2))
    assert classify(Game(A * a + b, B / a - b)) == classify(Game(A, B))


@settings(max_examples=200, deadline=None)
@given(matrices, matrices)
def test_invariant_under_relabelling_and_transposition(A, B):
    g = Game(A, B)
    name = classify(g)
    for swap_row in (False, True):
        for swap_col in (False, True):
            assert classify(relabel(g, swap_row, swap_col)) == name
    if name.startswith("asymmetric:"):
        row, col = name.removeprefix("asymmetric:").split("/")
        assert classify(transpose(g)) == f"asymmetric:{col}/{row}"
    else:
        assert classify(transpose(g)) == name


@settings(max_examples=200, deadline=None)
@given(matrices, matrices)
def test_consistent_with_the_equilibrium_structure(A, B):
    g = Game(A, B)
    name = classify(g)
    pure = pure_equilibria(g)
    assert (name == "no-pure-equilibrium") == (not pure)
    if name in ("battle-of-the-sexes", "coordination", "chicken", "stag-hunt"):
        assert len(pure) == 2
    if name in ("prisoners-dilemma", "deadlock", "harmony"):
        assert len(pure) == 1
    assert name in GAME_CLASSES or name.startswith("asymmetric:")
