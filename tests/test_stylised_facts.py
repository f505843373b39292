"""The stylised facts of MODEL.md section 9, in the dynamic game, with the bundled calibrations.

One calibration per model serves every test here: the numbers are those in
``models/*.toml`` (their comments say how each dynamic number was chosen), and
no test overrides a parameter. The solver runs with its defaults.
"""

from __future__ import annotations

import numpy as np
import pytest

import tradegame as tg
from tradegame.model.trajectory import trajectory
from tradegame.solvers.markov import MarkovSolution, markov_perfect
from tradegame.solvers.paths import simulate_path, state_game
from tradegame.solvers.regions import leverage_at
from tradegame.solvers.stochastic import StochasticGame, as_stochastic_game

COERCION = [
    "rare-earth-2025",
    "rare-earth-2025-leverage",
    "rare-earth-2025-commodity",
    "japan-2010",
]
HORIZONS = [None, 3, 5, 8]  # None: the infinite game; else years, ending in a return to trade


@pytest.fixture(scope="module")
def solved() -> dict[str, tuple[StochasticGame, MarkovSolution]]:
    out = {}
    for name in COERCION:
        game = as_stochastic_game(tg.load_model(name).dynamic())
        out[name] = (game, markov_perfect(game))
    return out


def test_every_calibrated_game_converges_without_cycling(solved: dict) -> None:
    for name, (_, sol) in solved.items():
        assert sol.converged and not sol.cycling, name
        assert sol.residual <= sol.tol


# --- 1. Japan 2010 -----------------------------------------------------------------------


def test_japan_2010_diversifies_then_relapses() -> None:
    # a two-month embargo is intensity 1/6 of a one-year period; then China stays open
    m = tg.load_model("japan-2010")
    assert m.players[0] == "minerals"
    D = trajectory(m, [(1 / 6, 0)] + [(0, 0)] * 16).dependence[:, 0]
    assert D[0] == pytest.approx(0.9)
    low = int(np.argmin(D))
    assert 5 <= low <= 8  # the low point comes five to eight years on
    assert abs(D[5:9] - 0.58).max() <= 0.05  # and dependence is 0.58 +- 0.05 through those years
    assert D[14] == pytest.approx(0.70, abs=0.05)  # relapse towards 0.70 by about 14 years (2024)
    assert np.all(np.diff(D[low:]) > 0)  # once pressure fades, dependence only relapses


# --- 2. The 2025 truce -------------------------------------------------------------------


@pytest.mark.parametrize("shock", [("embargo", "ban"), ("embargo", "open")])
def test_after_a_restriction_the_2025_equilibrium_returns_to_openness(
    solved: dict, shock: tuple
) -> None:
    game, sol = solved["rare-earth-2025"]
    dyn = tg.load_model("rare-earth-2025").dynamic()
    path = simulate_path(game, sol, 15, start=dyn.after(*shock))
    profiles = [path.profile(t) for t in range(15)]
    reopened = next(t for t, p in enumerate(profiles) if p == ("open", "open"))
    assert reopened <= 2  # punishment, if any, is limited ...
    assert all(p == ("open", "open") for p in profiles[reopened:])  # ... and openness lasts
    assert path.derived["trust_chips"][-1] > path.derived["trust_chips"][1]  # trust is rebuilt


def test_the_2025_equilibrium_is_a_truce_from_the_start(solved: dict) -> None:
    game, sol = solved["rare-earth-2025"]
    path = simulate_path(game, sol, 10)
    assert all(path.profile(t) == ("open", "open") for t in range(10))
    np.testing.assert_allclose(sol.value(), (0.0, 0.0), atol=1e-6)


# --- 3. Two views, one model -------------------------------------------------------------


@pytest.mark.parametrize("periods", HORIZONS)
def test_seed_000_restricting_is_in_the_leverage_window(solved: dict, periods: int | None) -> None:
    game, sol = solved["rare-earth-2025-leverage"]
    verdict = leverage_at(
        game, player=1, periods=periods, solution=sol if periods is None else None
    )
    assert verdict.restricts and verdict.in_window and not verdict.self_harm


@pytest.mark.parametrize("periods", HORIZONS)
def test_seed_004_the_same_move_is_self_harm(solved: dict, periods: int | None) -> None:
    game, sol = solved["rare-earth-2025-commodity"]
    verdict = leverage_at(
        game, player=1, periods=periods, solution=sol if periods is None else None
    )
    assert verdict.self_harm and not verdict.in_window


def test_seed_000_china_keeps_restricting_for_years(solved: dict) -> None:
    game, sol = solved["rare-earth-2025-leverage"]
    path = simulate_path(game, sol, 8)
    assert all(path.profile(t)[1] == "ban" for t in range(8))


# --- 4. Leverage is not trade value; 5. mutual restriction is Pareto-dominated --------------


def test_leverage_is_not_trade_value_in_the_dynamic_game(solved: dict) -> None:
    game, sol = solved["rare-earth-2025"]
    m = tg.load_model("rare-earth-2025")
    QA, QB, _ = state_game(game, game.start, sol.values)
    trade = {
        p: float(m.params[f"{p}.consumption"] * m.params[f"{p}.dependence"]) for p in m.players
    }
    us_loss = QA[0, 0] - QA[0, -1]  # China bans, the US stays open, equilibrium afterwards
    china_loss = QB[0, 0] - QB[-1, 0]  # the US embargoes, China stays open
    assert trade["minerals"] == pytest.approx(0.119)
    assert us_loss > 100 * trade["minerals"]  # a $0.12bn trade, a loss of tens of $bn
    assert us_loss / trade["minerals"] > 50 * china_loss / trade["chips"]


@pytest.mark.parametrize("name", COERCION)
def test_mutual_restriction_is_pareto_dominated(solved: dict, name: str) -> None:
    game, sol = solved[name]
    QA, QB, _ = state_game(game, game.start, sol.values)
    assert QA[-1, -1] < QA[0, 0] and QB[-1, -1] < QB[0, 0]


# --- convergence: the answers do not hang on the grid -------------------------------------


def test_results_stabilise_as_the_grid_is_refined() -> None:
    values = {}
    for resolution in (5, 7, 9):
        game = as_stochastic_game(tg.load_model("rare-earth-2025-leverage").dynamic(resolution))
        values[resolution] = np.array(markov_perfect(game).value())
    step1 = np.abs(values[7] - values[5]).max()
    step2 = np.abs(values[9] - values[7]).max()
    assert step2 < step1  # refining the grid moves the answer less and less
    assert step2 < 1e-3 * np.abs(values[9]).max()
    for name in ("rare-earth-2025", "rare-earth-2025-commodity"):  # and the verdicts hold
        game = as_stochastic_game(tg.load_model(name).dynamic(5))
        sol = markov_perfect(game)
        assert simulate_path(game, sol, 5).profile(0) == ("open", "open")
