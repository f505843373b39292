"""Bargaining applied to the models: `tradegame bargain` and tradegame.negotiation."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest
from clihelpers import assert_one_line_error, run

import tradegame as tg
from tradegame.negotiation import negotiate, patience_weights


def test_disagreement_is_the_retaliation_equilibrium() -> None:
    n = negotiate(tg.load_model("rare-earth-2025"))
    g = tg.load_model("rare-earth-2025").game()
    assert n.disagreement == (g.exact_A[2, 2], g.exact_B[2, 2])  # (embargo, ban)
    assert n.disagreement_play == "(embargo, ban)"
    assert n.surplus == (-g.exact_A[2, 2], -g.exact_B[2, 2])
    # facts 5: mutual restriction is Pareto-dominated, so de-escalation gains both
    assert all(x > 0 for x in n.surplus)


def test_weights_follow_impatience_rates() -> None:
    w = patience_weights((0.8, 0.9))
    assert w[0] == pytest.approx(math.log(0.9) / (math.log(0.8) + math.log(0.9)))
    assert sum(w) == pytest.approx(1)
    assert patience_weights((0.9, 0.9)) == pytest.approx((0.5, 0.5))
    assert patience_weights((0.95, 0.7))[0] > 0.5  # the more patient player has more power


def test_nash_solution_is_efficient_and_rational() -> None:
    # Independent check: no stage payoff pair (nor any mixture) beats the Nash point for both.
    for name in ["rare-earth-2025", "rare-earth-2025-leverage", "rare-earth-2025-commodity"]:
        n = negotiate(tg.load_model(name))
        g = tg.load_model(name).game()
        for b in (n.nash_equal, n.nash_patience):
            u = b.payoffs
            assert u[0] >= n.disagreement[0] and u[1] >= n.disagreement[1]
            for i in range(3):
                for j in range(3):
                    assert not (g.exact_A[i, j] > u[0] and g.exact_B[i, j] > u[1])


def test_rubinstein_split_of_the_surplus() -> None:
    n = negotiate(tg.load_model("prisoners-dilemma"))
    # delta = 0.9 for both: the first proposer's share is 1/(1 + 0.9) = 10/19 (ORACLES.md)
    assert n.rubinstein.shares == (Fraction(10, 19), Fraction(9, 19))


@pytest.mark.parametrize("style", ["text", "markdown", "json"])
def test_cli(runner, style: str) -> None:
    result = run(runner, "bargain", "rare-earth-2025", "--format", style)
    assert result.exit_code == 0, result.stderr
    if style == "json":
        data = json.loads(result.stdout)
        assert data["disagreement_play"] == "(embargo, ban)"
        assert data["nash_patience_weights"]["payoffs"] == [0.0, 0.0]
    else:
        assert "retaliation equilibrium" in result.stdout


def test_cli_bad_input(runner) -> None:
    assert_one_line_error(run(runner, "bargain", "rare-earth-2052"), "did you mean")
    assert_one_line_error(
        run(runner, "bargain", "rare-earth-2025", "--path", "open,nothing"), "nothing"
    )
