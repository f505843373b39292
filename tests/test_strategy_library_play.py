"""Shared checks over every named strategy, found by scanning: play is exact and reproducible."""

from __future__ import annotations

import pytest

import tradegame as tg
from tradegame.solvers.simulate import simulate

NAMES = tg.strategies()
PD = tg.Game([[3, 0], [5, 1]], [[3, 5], [0, 1]])
LADDER = tg.load_model("rare-earth-2025").game()


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("game", [PD, LADDER], ids=["pd", "rare-earth"])
def test_exact_play_agrees_with_simulation(name: str, game: tg.Game) -> None:
    rg = tg.RepeatedGame(game, 0.9)
    exact = rg.play(name, "tit-for-tat", turns=30, noise=0.1)
    estimate = rg.simulate(name, "tit-for-tat", turns=30, noise=0.1, repetitions=3000, rng=7)
    for k in (0, 1):
        spread = max(estimate.stderr[k], 1e-12)
        assert abs(float(exact.payoffs[k]) - estimate.mean[k]) <= 4.5 * spread, (k, exact, estimate)


@pytest.mark.parametrize("name", NAMES)
def test_simulation_is_reproducible_with_rng(name: str) -> None:
    first = simulate(PD, name, "win-stay-lose-shift", turns=20, noise=0.05, repetitions=50, rng=3)
    second = simulate(PD, name, "win-stay-lose-shift", turns=20, noise=0.05, repetitions=50, rng=3)
    assert first == second


@pytest.mark.parametrize("name", NAMES)
def test_discounted_play_agrees_with_simulation(name: str) -> None:
    rg = tg.RepeatedGame(PD, (0.8, 0.6))
    exact = rg.play(name, "grim", noise=0.05)
    estimate = rg.simulate(name, "grim", noise=0.05, repetitions=4000, rng=11)
    for k in (0, 1):
        spread = max(estimate.stderr[k], 1e-12)
        assert abs(float(exact.payoffs[k]) - estimate.mean[k]) <= 4.5 * spread
