"""Tests of tradegame.game: the Game class and to_fraction."""

from __future__ import annotations

import json
import math
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tradegame.game import Game, to_fraction

PD_A = [[3, 0], [5, 1]]
PD_B = [[3, 5], [0, 1]]


# Shapes ----------------------------------------------------------------------


def test_shape_and_arrays():
    g = Game(PD_A, PD_B)
    assert g.shape == (2, 2)
    assert g.A.dtype == np.float64 and g.B.dtype == np.float64
    assert g.A.tolist() == [[3.0, 0.0], [5.0, 1.0]]
    assert Game([[1, 2, 3]], [[0, 0, 0]]).shape == (1, 3)
    assert Game(np.arange(6).reshape(3, 2)).shape == (3, 2)


def test_zero_sum_default():
    g = Game([[1, -2], [F(1, 3), 0]])
    assert g.B.tolist() == (-g.A).tolist()
    assert g.exact_B[1, 0] == F(-1, 3)


@pytest.mark.parametrize(
    ("A", "B", "message"),
    [
        ([[1, 2], [3, 4]], [[1, 2]], "same shape"),
        ([1, 2, 3], None, "2-d"),
        ([[[1]]], None, "2-d"),
        ([[]], None, "at least one"),
        ([], None, "2-d"),
        ([[1, 2], [3]], None, "A must be"),
    ],
)
def test_bad_shapes(A, B, message):
    with pytest.raises(ValueError, match=message):
        Game(A, B)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, np.nan, sympy.oo, sympy.nan])
def test_nan_and_infinity_rejected(bad):
    with pytest.raises(ValueError, match=r"A\[0, 1\] must be finite"):
        Game([[1, bad]], [[0, 0]])
    with pytest.raises(ValueError, match=r"B\[0, 0\] must be finite"):
        Game([[1, 2]], [[bad, 0]])


@pytest.mark.parametrize("bad", ["3", None, 1j, object()])
def test_non_numbers_rejected(bad):
    with pytest.raises(ValueError, match="must be a number"):
        Game([[1, bad]], [[0, 0]])


def test_non_number_in_zero_sum_game_raises_value_error():
    with pytest.raises(ValueError, match="must be a number"):
        Game([[1, "a"]])


@pytest.mark.parametrize("flag", [True, np.bool_(False)])
def test_booleans_are_not_numbers(flag):
    with pytest.raises(ValueError, match="must be a number"):
        Game([[flag, 0]], [[0, 0]])


@pytest.mark.parametrize("ragged", [[[1, 2], [3]], [[1], [2, 3], [4]]])
def test_ragged_matrix_message(ragged):
    with pytest.raises(ValueError, match="rectangular"):
        Game(ragged, ragged)


# Names -----------------------------------------------------------------------


def test_default_and_given_names():
    g = Game([[1, 2, 3], [4, 5, 6]])
    assert g.actions == (("r0", "r1"), ("c0", "c1", "c2"))
    assert g.players == ("row", "col")
    g = Game(PD_A, PD_B, actions=(["open", "restrict"], ("open", "restrict")), players=("US", "CN"))
    assert g.actions == (("open", "restrict"), ("open", "restrict"))
    assert g.players == ("US", "CN")
    assert g.action_index(0, "restrict") == 1 and g.action_index(1, 0) == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"actions": (["a"], ["x", "y"])}, "2 actions in the matrix but 1 names"),
        ({"actions": (["a", "a"], ["x", "y"])}, "distinct"),
        ({"actions": (["a", "b"],)}, "pair"),
        ({"players": ("US", "US")}, "two distinct names"),
        ({"players": ("US", "CN", "EU")}, "two distinct names"),
    ],
)
def test_bad_names(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Game(PD_A, PD_B, **kwargs)


def test_action_index_errors():
    g = Game(PD_A, PD_B, actions=(["open", "restrict"], ["open", "restrict"]))
    with pytest.raises(ValueError, match="no action 'ban'"):
        g.action_index(0, "ban")
    with pytest.raises(ValueError, match=r"actions 0\.\.1"):
        g.action_index(1, 2)


# Exactness -------------------------------------------------------------------


def test_exact_entries():
    g = Game([[0.1, 2], [F(1, 3), -1.5]], [[sympy.Rational(2, 7), 0], [0, np.int64(4)]])
    assert g.is_exact and not g.is_symbolic
    assert g.exact_A.tolist() == [[F(1, 10), 2], [F(1, 3), F(-3, 2)]]
    assert g.exact_B.tolist() == [[F(2, 7), 0], [0, 4]]
    assert all(isinstance(x, F) for x in g.exact_A.flat)
    assert g.A[0, 0] == 0.1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.1, F(1, 10)),
        (-2.5e-7, F(-25, 10**8)),
        (1e20, F(10**20)),
        (3, F(3)),
        (np.int32(-4), F(-4)),
        (np.float64(0.2), F(1, 5)),
        (F(2, 3), F(2, 3)),
        (sympy.Rational(-5, 9), F(-5, 9)),
        (sympy.Integer(7), F(7)),
        (0.1 + 0.2, None),  # 0.30000000000000004: the result of arithmetic
        (math.pi, None),
        (1 / 3, None),
        (math.nan, None),
        (math.inf, None),
        (True, None),
        (sympy.Symbol("x"), None),
        ("1/2", None),
    ],
)
def test_to_fraction(value, expected):
    assert to_fraction(value) == expected


def test_inexact_floats_make_a_numeric_game():
    g = Game([[math.pi, 0], [0, 1]], [[0, 0], [0, 0]])
    assert not g.is_exact and g.exact_A is None and g.exact_B is None
    # One inexact entry in B is enough to drop the exact entries of both.
    g = Game([[1, 0], [0, 1]], [[0, 0], [0.1 + 0.2, 0]])
    assert not g.is_exact and g.exact_A is None


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=-(10**6), max_value=10**6, places=6, allow_nan=False))
def test_short_decimals_are_exact(decimal):
    # A number written with few digits is read back as exactly that number.
    value = float(decimal)
    assert to_fraction(value) == F(decimal)
    assert Game([[value]], [[0]]).exact_A[0, 0] == F(decimal)


# Symbolic games --------------------------------------------------------------


def test_symbolic_detection_and_subs():
    cost, gain = sympy.symbols("cost gain")
    g = Game(
        [[gain, -cost], [gain + cost, 0]],
        [[gain, 2], [1, 0]],
        point={"cost": 1, "gain": F(1, 2)},
    )
    assert g.is_symbolic and not g.is_exact
    assert g.A.dtype == object
    with pytest.raises(ValueError, match=r"\.subs\(\) first"):
        g.tolerance()
    h = g.subs()  # at its point
    assert not h.is_symbolic and h.is_exact
    assert h.exact_A.tolist() == [[F(1, 2), -1], [F(3, 2), 0]]
    by_name = g.subs({"cost": 0.25, "gain": 2})
    assert by_name.exact_A.tolist() == [[2, F(-1, 4)], [F(9, 4), 0]]
    by_symbol = g.subs({cost: math.pi, gain: 1})
    assert not by_symbol.is_exact and by_symbol.A[0, 1] == pytest.approx(-math.pi)
    partial = g.subs({"cost": 1})
    assert partial.is_symbolic
    assert h.actions == g.actions and h.players == g.players
    numeric = Game(PD_A, PD_B)
    assert numeric.subs({"cost": 1}) is numeric


def test_subs_without_values():
    x = sympy.Symbol("x")
    with pytest.raises(ValueError, match="no reference point"):
        Game([[x, 0]], [[0, 0]]).subs()


def test_numbers_from_sympy_are_not_symbolic():
    g = Game([[sympy.Integer(2), sympy.Rational(1, 2)]], [[sympy.Float(0.25), 0]])
    assert not g.is_symbolic and g.is_exact is False  # a sympy Float is not kept exactly
    assert g.A.tolist() == [[2.0, 0.5]]


# Tolerance, equality, serialisation -----------------------------------------


def test_tolerance_and_payoff_range():
    assert Game(PD_A, PD_B).payoff_range == 5.0
    assert Game(PD_A, PD_B).tolerance() == pytest.approx(5e-9)
    assert Game([[0.1, 0.2]], [[0, 0]]).tolerance() == pytest.approx(1e-9)  # max(1, range)
    assert Game([[0, 1000]], [[0, 0]]).tolerance(rel=1e-6) == pytest.approx(1e-3)


def test_equality_and_hash():
    assert Game(PD_A, PD_B) == Game(np.array(PD_A, dtype=float), PD_B)
    assert Game(PD_A, PD_B) != Game(PD_A, PD_A)
    assert Game(PD_A, PD_B) != Game(PD_A, PD_B, players=("a", "b"))
    assert Game(PD_A, PD_B).__eq__("game") is NotImplemented
    with pytest.raises(TypeError):
        hash(Game(PD_A, PD_B))


def test_repr():
    g = Game(PD_A, PD_B, actions=(["o", "r"], ["o", "r"]))
    assert repr(g) == ("Game(2x2 exact, players=('row', 'col'), actions=(['o', 'r'], ['o', 'r']))")
    assert "numeric" in repr(Game([[math.pi]], [[0]]))
    assert "symbolic" in repr(Game([[sympy.Symbol("x")]], [[0]]))


def test_to_dict_is_json_safe():
    g = Game([[0.1, 2]], [[-1, F(1, 4)]], actions=(["a"], ["x", "y"]), players=("P", "Q"))
    data = g.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "players": ["P", "Q"],
        "actions": [["a"], ["x", "y"]],
        "A": [[0.1, 2.0]],
        "B": [[-1.0, 0.25]],
    }
    x = sympy.Symbol("x")
    symbolic = Game([[x, 1]], [[0, 2 * x]]).to_dict()
    assert json.loads(json.dumps(symbolic))["A"] == [["x", "1"]]
    assert symbolic["B"] == [["0", "2*x"]]


def test_transpose_swaps_the_roles_exactly() -> None:
    import tradegame as tg

    g = tg.load_model("rare-earth-2025").game()
    t = g.transpose()
    assert t.players == g.players[::-1] and t.actions == g.actions[::-1]
    assert t.is_exact and (t.exact_A == g.exact_B.T).all() and (t.exact_B == g.exact_A.T).all()
    assert t.transpose() == g
    # equilibria are the same profiles, with the roles swapped
    swap = sorted((e.payoffs[1], e.payoffs[0]) for e in tg.equilibria(g))
    assert sorted(e.payoffs for e in tg.equilibria(t)) == swap
    sym = tg.load_model("rare-earth-2025").symbolic_game()
    assert sym.transpose().is_symbolic and sym.transpose().A[0, 1] == sym.B[1, 0]
