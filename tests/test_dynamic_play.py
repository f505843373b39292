"""Strategies played in the dynamic game: tradegame.solvers.dynamic_play.

Checks against independent computations: with frozen dynamics the values are
the repeated game's exact match values (``tradegame.solvers.play``, which
normalises by 1 - delta); a hand-solved three-period path and its closed-form
value; a brute-force enumeration of every history of a mixed match; and
properties of the truncation bound.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.solvers.dynamic_play import DynamicMatch, bind_pair, play_dynamic
from tradegame.solvers.paths import Path
from tradegame.solvers.repeated import RepeatedGame
from tradegame.solvers.stochastic import StochasticGame, as_stochastic_game, tolerances
from tradegame.solvers.strategies import Automaton, pure

DETERMINISTIC = [n for n in tg.strategies() if tg.strategy(n).deterministic]


@pytest.fixture(scope="module")
def dyn() -> Any:
    return tg.load_model("rare-earth-2025").dynamic(resolution=2)


def frozen(U: np.ndarray, delta: tuple[float, float], point: Any, actions: Any) -> StochasticGame:
    """A game whose state never moves, at ``point``, with stage payoffs ``U`` (m, n, 2)."""
    point = np.asarray(point, dtype=float)
    return StochasticGame(
        grids=tuple(np.array([x - 1.0, x + 1.0]) for x in point),
        owners=tuple([0] * (len(point) // 2) + [1] * (len(point) - len(point) // 2)),
        step=lambda player, points, action: points.copy(),
        payoff=lambda points: np.repeat(U[None], points.shape[0], axis=0),
        actions=actions,
        discount=delta,
        start=point,
    )


# --- (a) frozen dynamics: the repeated game's match values ---------------------------------

PAIRS = [
    ("maximum-pressure", "calibrated"),
    ("maximum-pressure(n=1)", "calibrated"),
    ("calibrated", "maximum-pressure(n=3)"),
    ("grim", "tit-for-tat"),
    ("always-restrict", "calibrated"),
    ("truce(punish=3)", "suspicious-tit-for-tat"),
    ("win-stay-lose-shift", "alternator"),
    ("limited-punishment", "always-restrict"),
    # mixed: generous tit-for-tat forgives at random; with a frozen state the
    # branches merge, so the match is played exactly
    ("generous-tit-for-tat", "always-restrict"),
    ("suspicious-tit-for-tat", "generous-tit-for-tat(forgive=1/2)"),
]


@pytest.mark.parametrize(("row", "col"), PAIRS)
def test_frozen_model_state_gives_repeated_game_values(dyn: Any, row: str, col: str) -> None:
    # the model's dynamic stage game one period after a US embargo, with the state frozen there
    point = dyn.after("embargo", "open")
    g = dyn.stage_game(point)
    U = np.stack([np.asarray(g.A, dtype=float), np.asarray(g.B, dtype=float)], axis=-1)
    game = frozen(U, dyn.discount, point, dyn.actions)
    match = play_dynamic(game, row, col)
    assert match.converged
    assert np.allclose(match.path.states, point)  # the state never moves
    outcome = RepeatedGame(g, dyn.discount).play(row, col)
    for p in (0, 1):
        d = dyn.discount[p]
        # play() normalises by (1 - delta); play_dynamic does not
        expected = float(outcome.payoffs[p]) / (1 - d)
        assert match.values[p] == pytest.approx(
            expected, abs=match.bound[p] + 1e-9 * max(1.0, abs(expected))
        )
        assert match.normalised[p] == pytest.approx(float(outcome.payoffs[p]), abs=1e-6)
    if outcome.prefix is not None:  # deterministic: the same realised profiles
        assert match.prefix == outcome.prefix and match.cycle == outcome.cycle


def test_frozen_state_on_a_grid_uses_the_payoffs_at_the_start() -> None:
    # payoffs vary over a 2-d grid, but an identity transition keeps them at the start's
    rng = np.random.default_rng(3)
    base, slope = rng.normal(size=(2, 2, 2, 2))

    def payoff(points: np.ndarray) -> np.ndarray:
        return base[None] + slope[None] * (points[:, 0] - points[:, 1])[:, None, None, None]

    game = StochasticGame(
        grids=(np.linspace(0, 1, 3), np.linspace(0, 1, 3)),
        owners=(0, 1),
        step=lambda player, points, action: points.copy(),
        payoff=payoff,
        actions=(("C", "D"), ("C", "D")),
        discount=(0.9, 0.6),
        start=(0.7, 0.2),
    )
    U = payoff(np.array([[0.7, 0.2]]))[0]
    g = tg.Game(U[..., 0], U[..., 1], actions=(["C", "D"], ["C", "D"]))
    for row, col in [("tit-for-tat", "alternator"), ("grim", "win-stay-lose-shift")]:
        match = play_dynamic(game, row, col, tol=1e-10)
        outcome = RepeatedGame(g, (0.9, 0.6)).play(row, col)
        for p, d in enumerate((0.9, 0.6)):
            assert match.values[p] == pytest.approx(float(outcome.payoffs[p]) / (1 - d), abs=1e-9)


# --- (c) a path solved by hand ---------------------------------------------------------


def hand_game(delta: tuple[float, float] = (0.5, 0.8)) -> StochasticGame:
    """Row owns x and moves it to x/2 + i; u_row = x - i, u_col = -x + 2j."""

    def payoff(points: np.ndarray) -> np.ndarray:
        x = points[:, 0]
        U = np.zeros((points.shape[0], 2, 2, 2))
        for i in (0, 1):
            for j in (0, 1):
                U[:, i, j, 0] = x - i
                U[:, i, j, 1] = -x + 2 * j
        return U

    return StochasticGame(
        grids=(np.array([0.0, 2.0]),),
        owners=(0,),
        step=lambda player, points, action: points / 2 + action,
        payoff=payoff,
        actions=(("open", "restrict"), ("open", "restrict")),
        discount=delta,
        names=("x",),
        start=(0.0,),
    )


def test_hand_computed_path_and_value() -> None:
    # always-restrict against tit-for-tat: row plays 1 for ever, col opens, then punishes.
    # x_t = 2 (1 - 2^-t): 0, 1, 1.5, 1.75; u_row = x_t - 1; u_col = -x_t + 2 [t >= 1]
    game = hand_game()
    match = play_dynamic(game, "always-restrict", "tit-for-tat", tol=1e-12)
    assert match.path.states[:4, 0].tolist() == [0.0, 1.0, 1.5, 1.75]
    assert match.path.payoffs[:3].tolist() == [[-1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    assert match.path.profile(0) == ("restrict", "open")
    assert match.path.profile(1) == ("restrict", "restrict")
    assert match.automaton_states is not None
    assert match.automaton_states[:2] == (("punish", "cooperate"), ("punish", "punish"))
    assert match.prefix == ((1, 0),) and match.cycle == ((1, 1),)
    assert match.restriction_ends(0) is None and match.restriction_ends(1) is None
    # closed forms: sum d^t (1 - 2^(1-t)) and sum d^t (2^(1-t) - 2) + 2 d / (1 - d)
    d0, d1 = game.discount
    row = 1 / (1 - d0) - 2 / (1 - d0 / 2)
    col = 2 / (1 - d1 / 2) - 2 / (1 - d1) + 2 * d1 / (1 - d1)
    assert row == pytest.approx(-2 / 3)
    assert match.values[0] == pytest.approx(row, abs=match.bound[0] + 1e-14)
    assert match.values[1] == pytest.approx(col, abs=match.bound[1] + 1e-14)
    # the truncation: the first T with d^T M / (1 - d) <= tol for both players, M = 2
    T = max(math.ceil(math.log(1e-12 * (1 - d) / 2) / math.log(d)) for d in (d0, d1))
    assert match.periods == T
    assert match.bound == pytest.approx((d0**T * 2 / (1 - d0), d1**T * 2 / (1 - d1)))
    assert match.converged and max(match.bound) <= 1e-12


def test_path_is_a_paths_path_with_one_hot_actions(dyn: Any) -> None:
    match = play_dynamic(dyn, "maximum-pressure", "calibrated")
    assert isinstance(match.path, Path) and isinstance(match, DynamicMatch)
    T = match.periods
    assert match.path.states.shape == (T + 1, len(dyn.grids))
    assert match.path.row.shape == (T, 3) and match.path.col.shape == (T, 3)
    assert set(np.unique(match.path.row)) <= {0.0, 1.0}
    assert match.path.total == match.values
    assert {"dependence_chips", "trust_minerals"} <= set(match.path.derived)
    assert match.path.derived["trust_chips"].shape == (T + 1,)
    # embargo, then embargo against a ban for ever: the US never lifts its restrictions
    assert [match.path.profile(t) for t in range(3)] == [
        ("embargo", "open"),
        ("embargo", "ban"),
        ("embargo", "ban"),
    ]
    assert match.restriction_ends(0) is None and match.restriction_ends(1) is None
    json.dumps(match.to_dict())
    assert "maximum-pressure(n=2) vs calibrated" in repr(match)


def test_default_start_and_tolerance(dyn: Any) -> None:
    match = play_dynamic(dyn, "calibrated", "calibrated")
    sg = as_stochastic_game(dyn)
    assert np.array_equal(match.path.states[0], sg.start)
    assert match.tol == tolerances(sg)[0] == pytest.approx(1e-8 * sg.payoff_range)
    assert match.values == (0.0, 0.0)  # open for ever at the start: u(open, open) = 0
    assert match.restriction_ends(0) == 0 and match.restriction_ends(1) == 0


def test_named_strategies_bind_like_the_repeated_game(dyn: Any) -> None:
    a, b = bind_pair(dyn, "maximum-pressure", tg.strategy("calibrated"))
    assert a.name == "maximum-pressure(n=2)" and b.name == "calibrated"
    by_automaton = play_dynamic(dyn, a, b)
    by_name = play_dynamic(dyn, "maximum-pressure", "calibrated")
    assert by_automaton.values == by_name.values
    # a cooperative path given by action names, as RepeatedGame takes it
    grim = play_dynamic(dyn, "grim", "grim", path=("entity-list", "licensing"))
    assert grim.path.profile(0) == ("entity-list", "licensing")


# --- a mixed match against every history enumerated --------------------------------------


def enumerate_histories(game: StochasticGame, a: Automaton, b: Automaton, T: int) -> np.ndarray:
    """Expected discounted totals over T periods, by recursion over every history."""
    deltas = np.array(game.discount)

    def go(t: int, sa: int, sb: int, state: np.ndarray) -> np.ndarray:
        if t == T:
            return np.zeros(2)
        U = game.stage_payoffs(state[None])[0]
        total = np.zeros(2)
        for i, p in enumerate(a.output[sa]):
            for j, q in enumerate(b.output[sb]):
                if p * q == 0:
                    continue
                nxt = game.next_state(state, i, j)
                later = go(t + 1, a.next_state(sa, i, j), b.next_state(sb, j, i), nxt)
                total += float(p * q) * (U[i, j] + deltas * later)
        return total

    return go(0, a.start, b.start, np.asarray(game.start, dtype=float))


def test_mixed_match_equals_every_history_enumerated(dyn: Any) -> None:
    a, b = bind_pair(dyn, "generous-tit-for-tat", "maximum-pressure(n=1)")
    T = 9
    match = play_dynamic(dyn, a, b, max_periods=T)
    assert not match.converged and match.periods == T
    assert match.automaton_states is None and match.prefix is None and match.branches > 1
    expected = enumerate_histories(as_stochastic_game(dyn), a, b, T)
    assert match.values == pytest.approx(tuple(expected), rel=1e-12)
    # action marginals: generous tit-for-tat forgives the first ban with probability 1/3
    assert match.path.row[1].tolist() == pytest.approx([1 / 3, 0, 2 / 3])


# --- (d) properties --------------------------------------------------------------------


def affine_game(seed: int) -> StochasticGame:
    """Payoffs affine in a state in [0, 1]^2 that the moves keep in the square."""
    rng = np.random.default_rng(seed)
    base, s0, s1 = rng.normal(size=(3, 3, 3, 2)) * np.array([3.0, 1.0, 1.0])[:, None, None, None]
    keep = [rng.uniform(0, 0.9, size=3), rng.uniform(0, 0.9, size=3)]
    target = [rng.uniform(0, 1, size=3), rng.uniform(0, 1, size=3)]

    def step(player: int, points: np.ndarray, action: int) -> np.ndarray:
        k = keep[player][action]
        return k * points + (1 - k) * target[player][action]

    def payoff(points: np.ndarray) -> np.ndarray:
        x0, x1 = points[:, 0, None, None, None], points[:, 1, None, None, None]
        return base[None] + s0[None] * x0 + s1[None] * x1

    grid = np.array([0.0, 1.0])
    return StochasticGame(
        grids=(grid, grid),
        owners=(0, 1),
        step=step,
        payoff=payoff,
        actions=(("a", "b", "c"), ("a", "b", "c")),
        discount=(float(rng.uniform(0.3, 0.9)), float(rng.uniform(0.3, 0.9))),
        start=tuple(rng.uniform(0, 1, size=2)),
    )


@settings(max_examples=25)
@given(
    seed=st.integers(0, 10_000),
    row=st.sampled_from(DETERMINISTIC),
    col=st.sampled_from(DETERMINISTIC),
)
def test_values_lie_in_the_payoff_range_and_shrink_with_tol(seed: int, row: str, col: str) -> None:
    game = affine_game(seed)
    coarse = play_dynamic(game, row, col, tol=1e-3)
    fine = play_dynamic(game, row, col, tol=1e-9)
    U = game.payoffs  # affine payoffs: their extremes over the square are at the grid corners
    for p, d in enumerate(game.discount):
        low, high = U[..., p].min() / (1 - d), U[..., p].max() / (1 - d)
        assert low - fine.bound[p] - 1e-9 <= fine.values[p] <= high + fine.bound[p] + 1e-9
        assert abs(fine.values[p] - coarse.values[p]) <= coarse.bound[p] + fine.bound[p] + 1e-12
        assert coarse.bound[p] <= 1e-3 and fine.bound[p] <= 1e-9
    assert fine.periods >= coarse.periods
    # the coarse path is the beginning of the fine one
    assert np.allclose(fine.path.states[: coarse.periods + 1], coarse.path.states)


def test_max_periods_stops_early_and_says_so(dyn: Any) -> None:
    match = play_dynamic(dyn, "maximum-pressure", "calibrated", max_periods=5)
    assert match.periods == 5 and not match.converged and max(match.bound) > match.tol
    full = play_dynamic(dyn, "maximum-pressure", "calibrated")
    for p in (0, 1):
        assert abs(full.values[p] - match.values[p]) <= match.bound[p]


# --- (e) bad input -----------------------------------------------------------------------


def test_unknown_strategy(dyn: Any) -> None:
    with pytest.raises(ValueError, match=r"unknown strategy 'maximum-presure'.*maximum-pressure"):
        play_dynamic(dyn, "maximum-presure", "calibrated")


def test_mixed_strategy_that_branches_too_much_is_rejected(dyn: Any) -> None:
    # generous tit-for-tat against always-restrict mixes every period, and pressure
    # remembers each of its random rungs, so the branches double
    with pytest.raises(
        ValueError, match=r"generous-tit-for-tat\(forgive=1/3\) mixes.*max_branches=8"
    ):
        play_dynamic(dyn, "generous-tit-for-tat", "always-restrict", max_branches=8)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": [0.0, 0.25, 0.0]}, "start must have 4 coordinates"),
        ({"start": [0.0, 0.25, 0.0, 0.7, 1.0]}, "start must have 4 coordinates"),
        ({"start": [0.0, 0.9, 0.0, 0.7]}, "outside the grid"),
        ({"start": [0.0, np.nan, 0.0, 0.7]}, "finite"),
        ({"tol": 0}, "tol must be a finite number > 0"),
        ({"tol": -1e-6}, "tol must be a finite number > 0"),
        ({"tol": float("nan")}, "tol must be a finite number > 0"),
        ({"max_periods": 0}, "max_periods must be a whole number >= 1"),
        ({"max_branches": 1.5}, "max_branches must be a whole number >= 1"),
        ({"path": ("open", "embargo")}, "no action 'embargo'"),
        ({"path": (0, 3)}, "not in 0..2"),
    ],
)
def test_bad_arguments(dyn: Any, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        play_dynamic(dyn, "calibrated", "calibrated", **kwargs)


def test_automaton_that_does_not_fit_its_seat(dyn: Any) -> None:
    two = Automaton("stubborn", ("open",), (pure(0, 2),), (((0, 0, 0), (0, 0, 0)),))
    with pytest.raises(ValueError, match="stubborn is built for 2x3 actions"):
        play_dynamic(dyn, two, "calibrated")
