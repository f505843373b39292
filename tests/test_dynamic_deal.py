"""Bargaining in the dynamic game, the dynamic view that `compare` and `bargain` share,
profile values, and progress reports."""

from __future__ import annotations

import json

import numpy as np
import pytest
from clihelpers import assert_one_line_error, run
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.cli.common import progress
from tradegame.dynamic_view import verdict_text
from tradegame.model.trajectory import trajectory
from tradegame.negotiation import negotiate_dynamic
from tradegame.solvers.stochastic import as_stochastic_game, first_values, profile_values


@pytest.fixture(scope="module")
def deals() -> dict:
    names = ["rare-earth-2025", "rare-earth-2025-leverage", "rare-earth-2025-commodity"]
    return {name: negotiate_dynamic(tg.load_model(name), years=4) for name in names}


# --- profile values: the grid game against the continuous trajectory ----------------------


def _discounted(model: tg.Model, e: tuple[float, float], periods: int) -> np.ndarray:
    """Both players' discounted values of holding intensities ``e`` for ``periods`` periods."""
    t = trajectory(model, [e] * periods)
    deltas = np.array([float(x) for x in model.discounts()])
    weights = deltas[None, :] ** np.arange(periods)[:, None]
    return (weights * t.payoffs).sum(axis=0)


def test_profile_values_approach_the_continuous_trajectory_as_the_grid_is_refined() -> None:
    # Independent method: follow the model's own transitions without a grid.
    m = tg.load_model("rare-earth-2025-leverage")
    exact = _discounted(m, (1.0, 1.0), 600)  # 0.95^600 leaves < 1e-10 of the range
    errors = []
    for resolution in (5, 9, 17):
        dyn = m.dynamic(resolution=resolution)
        V = profile_values(dyn, 2, 2)  # (embargo, ban) held forever
        at_start = as_stochastic_game(dyn).interpolate(V, dyn.start[None])[0]
        errors.append(np.abs(at_start - exact).max())
    scale = np.abs(exact).max()
    # Interpolation is second order: halving the spacing cuts the error about four-fold
    # (measured: 4.5, 1.3, 0.34 $bn on values of about 4,100).
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 2e-4 * scale


def test_first_values_are_the_open_profile() -> None:
    dyn = tg.load_model("rare-earth-2025").dynamic(resolution=3)
    np.testing.assert_array_equal(first_values(dyn), profile_values(dyn, 0, 0))


@pytest.mark.parametrize("bad", [-1, 3, True, 1.0, "open"])
def test_profile_values_reject_bad_actions(bad: object) -> None:
    dyn = tg.load_model("rare-earth-2025").dynamic(resolution=2)
    with pytest.raises(ValueError, match="action index"):
        profile_values(dyn, bad, 0)  # type: ignore[arg-type]


# --- the dynamic view -------------------------------------------------------------------


def test_the_two_views_part_in_the_dynamic_game(deals: dict) -> None:
    leverage = deals["rare-earth-2025-leverage"].view
    commodity = deals["rare-earth-2025-commodity"].view
    assert leverage.first_play == ("embargo", "ban")
    assert leverage.restrictions_end is None  # restricting lasts the whole path
    assert [verdict_text(v) for v in leverage.verdicts] == ["leverage window"] * 2
    assert commodity.first_play == ("open", "open")
    assert commodity.restrictions_end == 0
    assert [verdict_text(v) for v in commodity.verdicts] == ["self-harm"] * 2


def test_average_values_are_per_period(deals: dict) -> None:
    view = deals["rare-earth-2025-leverage"].view
    deltas = view.solution.game.discount
    for k in range(2):
        assert view.average_values[k] == pytest.approx((1 - deltas[k]) * view.values[k])


# --- the deal --------------------------------------------------------------------------


def test_disagreement_is_the_equilibrium_value(deals: dict) -> None:
    # In the leverage view the equilibrium is the dispute itself, so the split path's first
    # disagreement point (the dispute held forever) is the equilibrium's value.
    deal = deals["rare-earth-2025-leverage"]
    tol = 1e-6 * max(1.0, deal.view.solution.game.payoff_range)
    np.testing.assert_allclose(deal.split[0].disagreement, deal.disagreement, atol=tol)
    assert deal.dispute_play == "(embargo, ban)"


def test_without_restrictions_there_is_nothing_to_bargain_over(deals: dict) -> None:
    for name in ("rare-earth-2025", "rare-earth-2025-commodity"):
        deal = deals[name]
        assert deal.disagreement == pytest.approx((0.0, 0.0), abs=1e-6)
        assert not deal.deal.feasible


def test_the_deal_maximises_the_nash_product_over_commitments(deals: dict) -> None:
    # Independent check: brute force over lotteries between pairs of commitments.
    deal = deals["rare-earth-2025-leverage"]
    d = np.array(deal.disagreement)
    points = np.array([v for _, v in deal.commitments])
    w = deal.weights[0]
    u = np.array([float(x) for x in deal.deal.payoffs])
    best = (u[0] - d[0]) ** w * (u[1] - d[1]) ** (1 - w)
    for a in points:
        for b in points:
            for t in np.linspace(0, 1, 201):
                p = t * a + (1 - t) * b
                if np.all(p > d):
                    assert (p[0] - d[0]) ** w * (p[1] - d[1]) ** (1 - w) <= best * (1 + 1e-9)


def test_dependence_erodes_as_the_dispute_goes_on(deals: dict) -> None:
    for deal in deals.values():
        dep = np.array([step.dependence for step in deal.split])
        assert np.all(np.diff(dep, axis=0) <= 1e-12)
        assert [step.years for step in deal.split] == list(range(5))


@given(st.sampled_from([-1, True, 1.5, "3"]))
@settings(max_examples=4, deadline=None)
def test_bad_years_are_rejected(years: object) -> None:
    with pytest.raises(ValueError, match="years"):
        negotiate_dynamic(tg.load_model("rare-earth-2025"), years=years)  # type: ignore[arg-type]


# --- progress reports ------------------------------------------------------------------


@given(st.sampled_from(["rare-earth-2025", "japan-2010"]), st.integers(3, 5))
@settings(max_examples=6, deadline=None)
def test_progress_is_a_fraction_and_ends_at_one(name: str, resolution: int) -> None:
    seen: list[float] = []
    sol = tg.markov_perfect(
        tg.load_model(name).dynamic(resolution=resolution), progress=seen.append
    )
    assert len(seen) == sol.iterations
    assert all(0.0 <= f <= 1.0 for f in seen)
    assert sol.converged and seen[-1] == 1.0


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    class Terminal:
        def __init__(self, tty: bool) -> None:
            self.tty, self.text = tty, ""

        def isatty(self) -> bool:
            return self.tty

        def write(self, s: str) -> int:
            self.text += s
            return len(s)

        def flush(self) -> None:
            pass

    for tty, quiet, drawn in ((True, False, True), (True, True, False), (False, False, False)):
        out = Terminal(tty)
        with progress("Solving", quiet, file=out) as report:
            report(0.5)
            report(0.25)  # never goes back
            report(1.0)
        assert ("Solving" in out.text) is drawn


def test_value_iteration_that_stalls_stops_early_and_says_so() -> None:
    # With the US's discount factor at 0.6 the data model's iteration wanders among mixed
    # equilibria: it must stop long before max_iter and report it.
    m = tg.load_model("rare-earth-2025").with_params({"chips.discount": 0.6})
    sol = tg.markov_perfect(m.dynamic(resolution=5), max_iter=5000)
    if sol.converged:  # a coarse grid may settle; then nothing stalls
        assert not sol.stalled
    else:
        assert sol.stalled and sol.iterations < 5000


# --- the command line ------------------------------------------------------------------


def test_bargain_reports_the_dynamic_game(runner) -> None:
    result = run(
        runner, "bargain", "rare-earth-2025-leverage", "--years", "2", "--format", "json", "--quiet"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dynamic"]["first_play"] == ["embargo", "ban"]
    assert [s["years"] for s in data["dynamic"]["split"]] == [0, 1, 2]
    text = run(runner, "bargain", "rare-earth-2025-leverage", "--years", "1").stdout
    assert "The deal as substitution matures" in text


def test_bargain_without_the_dynamic_game(runner) -> None:
    result = run(runner, "bargain", "rare-earth-2025", "--no-dynamic", "--format", "json")
    assert result.exit_code == 0
    assert "dynamic" not in json.loads(result.stdout)


def test_bargain_rejects_negative_years(runner) -> None:
    assert_one_line_error(run(runner, "bargain", "rare-earth-2025", "--years", "-1"), "--years")


def test_compare_without_the_dynamic_game(runner) -> None:
    result = run(
        runner, "compare", "rare-earth-2025", "japan-2010", "--no-dynamic", "--format", "json"
    )
    assert result.exit_code == 0
    topics = [c["topic"] for c in json.loads(result.stdout)["conclusions"]]
    assert not any(t.startswith("dynamic game") for t in topics)


def test_compare_weighs_maximum_pressure_under_both_views() -> None:
    from tradegame.campaign import campaign
    from tradegame.compare import compare

    first = tg.load_model("rare-earth-2025-leverage")
    second = tg.load_model("rare-earth-2025-commodity")
    rows = {c.topic: c for c in compare(first, second, resolution=3).conclusions}
    for response, words in (("calibrated", "answered in kind"), ("always-open", "unanswered")):
        for k, player in enumerate(first.labels):
            row = rows[f"maximum pressure by {player}, {words}"]
            assert row.first == campaign(first, response=response).front(k).verdict
            assert row.second == campaign(second, response=response).front(k).verdict
    # a rival that answers in kind defeats pressure under both views; one that does not
    # answer rewards it only where leverage is durable
    assert rows["maximum pressure by China, answered in kind"].first == "does not pay"
    assert rows["maximum pressure by China, unanswered"].first == "pays"
    assert rows["maximum pressure by China, unanswered"].second == "does not pay"
