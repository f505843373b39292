"""The symbolic derivation behind `tradegame explain`, checked against the numeric solvers."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import sympy

import tradegame as tg
from tradegame.cli import main
from tradegame.explain import explain

COERCION = [
    "rare-earth-2025",
    "rare-earth-2025-leverage",
    "rare-earth-2025-commodity",
    "japan-2010",
]


def test_prisoners_dilemma_formula_and_effects() -> None:
    e = explain(tg.load_model("prisoners-dilemma"))
    T, R, P = (sympy.Symbol(name) for name in "TRP")
    for p in e.players:
        assert p.status == "binds"
        assert p.value == Fraction(1, 2)
        plain = p.threshold.xreplace({s: sympy.Symbol(str(s)) for s in p.threshold.free_symbols})
        assert sympy.simplify(plain - (T - R) / (T - P)) == 0
        directions = {f.key: f.direction for f in p.effects}
        # d/dR (T-R)/(T-P) < 0; d/dT = (R-P)/(T-P)^2 > 0; d/dP = (T-R)/(T-P)^2 > 0
        assert directions == {"R": "lowers", "T": "raises", "P": "raises"}


@pytest.mark.parametrize("name", COERCION)
def test_symbolic_threshold_equals_the_numeric_one(name: str) -> None:
    m = tg.load_model(name)
    numeric = tg.RepeatedGame(m.game(), 0.5).grim_details(path=(0, 0)).thresholds
    e = explain(m)
    assert tuple(p.value for p in e.players) == numeric


@pytest.mark.parametrize("name", ["rare-earth-2025", "rare-earth-2025-leverage"])
def test_effect_signs_agree_with_finite_differences(name: str) -> None:
    # An independent check of each derivative's sign: move the parameter by 1% in the
    # model file's numbers and re-solve the numeric game.
    m = tg.load_model(name)
    e = explain(m)
    for k, p in enumerate(e.players):
        assert p.effects, p
        for effect in p.effects[:5]:
            value = m.params[effect.key]
            bumped = m.with_params({effect.key: float(value) * 1.01})
            before = tg.RepeatedGame(m.game(), 0.5).grim_details(path=(0, 0)).thresholds[k]
            after = tg.RepeatedGame(bumped.game(), 0.5).grim_details(path=(0, 0)).thresholds[k]
            assert (after > before) == (effect.direction == "raises"), effect
            # and the elasticity predicts the size of a 1% move to first order
            assert float(after - before) / float(before) == pytest.approx(
                effect.elasticity / 100, rel=0.05
            )


def test_abbreviations_expand_to_the_full_symbolic_game() -> None:
    m = tg.load_model("rare-earth-2025")
    short, full = m.symbolic_game(abbreviate=True), m.symbolic_game()
    for a, b in zip([*short.A.flat, *short.B.flat], [*full.A.flat, *full.B.flat], strict=True):
        assert sympy.simplify(m.expand(a) - b) == 0
    assert short.subs() == m.game()


def test_free_and_never_statuses() -> None:
    china = explain(tg.load_model("rare-earth-2025-commodity")).players[1]
    assert (china.status, china.value, china.effects) == ("free", 0, ())
    mismatcher = explain(tg.load_model("matching-pennies")).players[1]
    assert mismatcher.status == "never" and mismatcher.holds is False


@pytest.mark.parametrize("style", ["text", "markdown", "latex", "json"])
def test_cli_formats(runner, style: str) -> None:
    result = runner.invoke(main, ["explain", "prisoners-dilemma", "--format", style])
    assert result.exit_code == 0, result.output
    out = result.stdout
    if style == "json":
        data = json.loads(out)
        assert data["players"][0]["value"] == "1/2"
        assert data["players"][0]["threshold"]["latex"] == r"\frac{T - R}{T - P}"
    elif style == "latex":
        assert r"\frac{T - R}{T - P}" in out and r"\begin{align*}" in out
    elif style == "markdown":
        assert "$$ \\frac{T - R}{T - P} $$" in out
    else:
        assert "T - R" in out and "0.5 (= 1/2)" in out


def test_cli_rare_earth_text_reads_well(runner) -> None:
    result = runner.invoke(main, ["explain", "rare-earth-2025"])
    assert result.exit_code == 0, result.output
    assert "H_minerals = D_minerals⋅V_minerals" in result.stdout
    assert "0.6802 (= 487/716)" in result.stdout
    assert all(len(line) <= 100 for line in result.stdout.splitlines())


def test_cli_bad_input(runner) -> None:
    result = runner.invoke(main, ["explain", "prisoners-dilemma", "--path", "cooperate,nope"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "tradegame: error: Column has no action 'nope'; its actions are cooperate, defect"
    ]


def test_a_game_of_plain_numbers_has_thresholds_that_depend_on_nothing(tmp_path) -> None:
    # No parameters: the thresholds are numbers, and no parameter moves them.
    model = tmp_path / "plain.nfg"
    tg.Game([[3, 0], [5, 1]], [[3, 5], [0, 1]]).to_nfg(model)
    row = explain(tg.load_model(str(model))).to_dict()["players"][0]
    assert row["threshold"] == {"text": "1/2", "latex": r"\frac{1}{2}"}  # (5 - 3)/(5 - 1)
    assert row["effects"] == []
    from click.testing import CliRunner

    out = CliRunner().invoke(main, ["explain", str(model)])
    assert out.exit_code == 0, out.output
    assert "Traceback" not in out.output
