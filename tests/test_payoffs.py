"""The coercion payoffs: symbolic equals numeric, textbook reductions, and the phase structure."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from modelfiles import coercion_data, player

import tradegame as tg
from tradegame.model.load import build_model
from tradegame.model.payoffs import harm, unmitigated_share


def model(row: dict, col: dict, **top) -> tg.Model:
    data = coercion_data(player(**row), player(**col))
    data.update(top)
    return build_model(data, name="phase", source="phase.toml")


def two_by_two(row: dict, col: dict | None = None) -> tg.Game:
    return model(row, row if col is None else col).game()


def test_unmitigated_share_clamps() -> None:
    good = {"substitution_time": 3, "stockpile": 1}
    assert unmitigated_share(good, 1) == 1
    assert unmitigated_share(good, 4) == Fraction(1, 2)
    assert unmitigated_share({"substitution_time": 0, "stockpile": 1}, 1) == 0


def test_harm_reference_form() -> None:
    good = {
        "consumption": 10,
        "dependence": Fraction(1, 2),
        "criticality": 8,
        "substitution_premium": 2,
        "substitution_time": Fraction(3, 2),
        "stockpile": 1,
    }
    # x = 1/2: H = e * V D (x K + (1 - x) c) = 1 * 5 * (4 + 1)
    assert harm(good, 1, 1, 1) == 25
    assert harm(good, Fraction(1, 2), 1, 2) == Fraction(25, 4)
    assert harm(good, 0, 1, 1) == 0


def test_reduces_to_the_textbook_prisoners_dilemma() -> None:
    # beta = 1, theta = 1/2, H = 2, X = 1: (T, R, P, S) = (2, 0, -2, -3) = (5, 3, 1, 0) - 3
    g = two_by_two({"domestic_gain": 1, "concession_rate": 0.5, "criticality": 2, "spiral_cost": 1})
    assert (g.A + 3).tolist() == [[3, 0], [5, 1]]
    assert (g.B + 3).tolist() == [[3, 5], [0, 1]]
    assert tg.classify(g) == "prisoners-dilemma"


def test_zero_parameters_give_the_zero_game() -> None:
    g = two_by_two({})
    assert not g.A.any() and not g.B.any()


def test_pure_externality_when_only_harm_is_left() -> None:
    # No gains, costs or concessions: each payoff is minus the harm the rival inflicts.
    g = two_by_two({"criticality": 3}, {"criticality": 5})
    assert g.A.tolist() == [[0, -5], [0, -5]]
    assert g.B.tolist() == [[0, 0], [-3, -3]]


PHASES = {
    "prisoners-dilemma": (
        {"domestic_gain": 1, "concession_rate": 0.5, "criticality": 2, "spiral_cost": 1},
        None,
    ),
    "chicken": (
        {"domestic_gain": 1, "concession_rate": 0.5, "criticality": 2, "spiral_cost": 10},
        None,
    ),
    "stag-hunt": (
        {"reputation_cost": 1, "concession_rate": 0.25, "criticality": 2, "audience_cost": 2},
        None,
    ),
    "harmony": (
        {"reputation_cost": 1, "concession_rate": 0.25, "criticality": 2, "spiral_cost": 1},
        None,
    ),
    "deadlock": (
        {"domestic_gain": 5, "concession_rate": 0.5, "criticality": 2, "spiral_cost": 1},
        None,
    ),
    "no-pure-equilibrium": (
        {"reputation_cost": 1, "concession_rate": 0.25, "criticality": 2, "audience_cost": 1},
        {"concession_rate": 0.5, "criticality": 2, "spiral_cost": 2},
    ),
}


@pytest.mark.parametrize("name", list(PHASES))
def test_the_same_model_reaches_every_phase(name: str) -> None:
    row, col = PHASES[name]
    g = two_by_two(row, col)
    assert tg.classify(g) == name
    if name == "no-pure-equilibrium":
        assert tg.pure_equilibria(g) == []


def test_calibrated_models_have_mutual_restriction_pareto_dominated() -> None:
    # MODEL.md section 9, fact 5: mutual suffocation benefits no one.
    for name in (
        "rare-earth-2025",
        "rare-earth-2025-leverage",
        "rare-earth-2025-commodity",
        "japan-2010",
    ):
        g = tg.load_model(name).game()
        assert g.A[-1, -1] < g.A[0, 0] and g.B[-1, -1] < g.B[0, 0], name


def test_leverage_is_not_trade_value() -> None:
    # MODEL.md section 9, fact 4: $170M of imports against a $600bn chip market, yet
    # a minerals restriction costs the US more than a hundred times the trade at stake.
    from tradegame.analysis import harm_summary

    rows = {r["player"]: r for r in harm_summary(tg.load_model("rare-earth-2025"))}
    china, us = rows["China"], rows["United States"]
    assert china["trade"] < us["trade"] / 500
    assert china["ratio"] > 100
    assert china["harm"] > 10  # $bn/yr: tens of billions from a $0.12bn trade


NAMES = ["rare-earth-2025", "rare-earth-2025-leverage", "rare-earth-2025-commodity", "japan-2010"]


@pytest.mark.parametrize("name", NAMES)
def test_symbolic_game_evaluates_to_the_numeric_game(name: str) -> None:
    m = tg.load_model(name)
    s = m.symbolic_game()
    assert s.is_symbolic
    assert s.subs() == m.game()
    assert s.subs().exact_A.tolist() == m.game().exact_A.tolist()


@settings(max_examples=40)
@given(
    tau=st.fractions(min_value=0, max_value=30, max_denominator=8),
    stock=st.fractions(min_value=0, max_value=2, max_denominator=8),
    crit=st.fractions(min_value=0, max_value=500, max_denominator=4),
    dep=st.fractions(min_value=0, max_value=1, max_denominator=20),
)
def test_symbolic_equals_numeric_across_parameter_space(tau, stock, crit, dep) -> None:
    m = tg.load_model("rare-earth-2025")
    values = {
        "minerals.substitution_time": float(tau),
        "minerals.stockpile": float(stock),
        "minerals.criticality": float(crit),
        "minerals.dependence": float(dep),
    }
    n = m.with_params(values)
    symbols = m.symbols()
    point = {symbols[k]: v for k, v in n.params.items()}
    s = m.symbolic_game()
    evaluated = np.array([[float(sympy.sympify(x).subs(point)) for x in row] for row in s.A])
    np.testing.assert_allclose(
        evaluated, n.game().A, rtol=0, atol=1e-9 * max(1, np.abs(n.game().A).max())
    )
