"""Tests for tradegame.solvers.reputation: chain store, commitment bound, trust updates."""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import FrozenInstanceError
from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from tradegame.game import Game
from tradegame.solvers.commitment import ReputationBound, reputation_bound
from tradegame.solvers.reputation import (
    MAX_MARKETS,
    ChainStore,
    Stage,
    chain_store,
    trust_update,
)

# --- strategies ---------------------------------------------------------------------------

unit = st.fractions(min_value=0, max_value=1, max_denominator=40)
inner = st.fractions(min_value=0, max_value=1, max_denominator=12).filter(lambda x: 0 < x < 1)
above_one = st.fractions(min_value=1, max_value=6, max_denominator=6).filter(lambda x: x > 1)


@st.composite
def chain_cases(draw: Any, max_markets: int = 5) -> tuple[int, F, F, F]:
    """(markets, prior, b, a), with priors often exactly at a threshold b**j."""
    markets = draw(st.integers(1, max_markets))
    b, a = draw(inner), draw(above_one)
    power = b ** draw(st.integers(0, markets + 1))
    prior = draw(st.one_of(unit, st.just(power), st.just(power * b), st.just(power / 2)))
    return markets, prior, b, a


# --- independent references ---------------------------------------------------------------


def oracle(k: int, p: F, b: F, a: F) -> tuple[F, F]:
    """(stay-out probability, weak fight probability) from ORACLES.md's closed forms.

    The stay-out probability 1/a at the tie p = b**k is Kreps and Wilson's tie-break; at
    k = 1 the weak type acquiesces (the closed form's "fight" at p = 1 is not optimal).
    """
    stay = F(1) if p > b**k else (1 / a if p == b**k else F(0))
    if k == 1:
        return stay, F(0)
    if p >= b ** (k - 1):
        return stay, F(1)
    return stay, p * (1 - b ** (k - 1)) / ((1 - p) * b ** (k - 1))


def check_sequential(b: F, a: F, k: int, p: F, memo: dict[tuple[int, F], F]) -> F:
    """The weak incumbent's value at (k, p), by backward induction on the reported strategies.

    Along the way, asserts sequential rationality of the weak type and of the entrant, and
    Bayes consistency of the beliefs, at every state reached from (k, p) on or off the path.
    """
    if k == 0:
        return F(0)
    if (k, p) in memo:
        return memo[(k, p)]
    s = chain_store(k, p, b, a)[0]
    assert s.markets_left == k and s.reputation == p
    fight = -1 + check_sequential(b, a, k - 1, s.after_fight, memo)
    give_in = 0 + check_sequential(b, a, k - 1, s.after_acquiesce, memo)
    # the weak incumbent: indifferent exactly where it mixes, strict elsewhere except at the
    # boundary p = b**(k-1), where fighting for sure is the limit of mixing
    if 0 < s.weak_fight < 1:
        assert fight == give_in
    elif s.weak_fight == 1:
        assert fight > give_in or (fight == give_in and p == b ** (k - 1))
    else:
        assert s.weak_fight == 0 and give_in > fight
    # the entrant: entering is worth b - q against 0 for staying out
    q = p + (1 - p) * s.weak_fight
    assert s.fight == q
    if s.stay_out == 1:
        assert b - q < 0 and s.entrant == "out"
    elif s.stay_out == 0:
        assert b - q > 0 and s.entrant == "in"
    else:
        assert b - q == 0 and s.stay_out == 1 / a and s.entrant == "mix"
    # Bayes: the tough type fights for sure, and only the weak type acquiesces
    assert s.after_fight == (p / q if q > 0 else p)
    assert s.after_acquiesce == 0
    value = s.stay_out * (a + check_sequential(b, a, k - 1, p, memo))
    value += (1 - s.stay_out) * (s.weak_fight * fight + (1 - s.weak_fight) * give_in)
    assert s.weak_value == value
    memo[(k, p)] = value
    return value


def tree_pooling(markets: int, prior: F, b: F, a: F) -> list[F]:
    """P(weak type has not acquiesced) at the start of each market, over every branch."""
    reach = [F(0)] * (markets + 1)

    def walk(k: int, p: F, mass: F) -> None:
        if k == 0 or mass == 0:
            return
        reach[k] += mass
        stay, beta = oracle(k, p, b, a)
        walk(k - 1, p, mass * stay)
        post = p / (p + (1 - p) * beta) if p > 0 else F(0)
        walk(k - 1, post, mass * (1 - stay) * beta)

    walk(markets, prior, F(1))
    return [reach[k] for k in range(markets, 0, -1)]


# --- chain store: known answers -----------------------------------------------------------


def test_worked_example() -> None:
    # Kreps and Wilson (1982) with b = 1/2, a = 2, prior 1/10, four markets, by hand:
    # b^3 = 1/8 >= 1/10 > b^4, so entry is deterred in market 4 only; in market 3 the weak
    # type fights with probability (1/10)(3/4) / ((9/10)(1/4)) = 1/3, sending the belief to
    # 1/4 = b^2; markets 2 and 1 open at the tie (stay out with probability 1/a = 1/2).
    game = chain_store(4, F(1, 10), F(1, 2), 2)
    assert [s.markets_left for s in game] == [4, 3, 2, 1]
    assert [s.reputation for s in game] == [F(1, 10), F(1, 10), F(1, 4), F(1, 2)]
    assert [s.entrant for s in game] == ["out", "in", "mix", "mix"]
    assert [s.stay_out for s in game] == [1, 0, F(1, 2), F(1, 2)]
    assert [s.weak_fight for s in game] == [F(7, 9), F(1, 3), F(1, 3), 0]
    assert [s.after_fight for s in game] == [F(1, 8), F(1, 4), F(1, 2), 1]
    assert [s.weak_value for s in game] == [2, 0, 1, 1]
    assert [s.pooling_on_path for s in game] == [1, 1, F(1, 3), F(1, 9)]
    # market 1: from (2, 1/4) the weak type is out of the game with prob 1/2 (stays at 1/4)
    # or fights with prob 1/2 * 1/3: 1/3 * (1/2 + 1/6) = 2/9
    assert [s.pooling for s in game] == [1, 1, F(1, 3), F(2, 9)]
    assert game.deterred == 1 and game.weak_value == 2 and game.exact


@pytest.mark.parametrize("b", [F(1, 3), F(1, 2), F(2, 3), F(9, 10)])
@pytest.mark.parametrize("a", [F(3, 2), F(4)])
@pytest.mark.parametrize("k", range(1, 7))
def test_closed_forms_of_oracles(b: F, a: F, k: int) -> None:
    # ORACLES.md, Kreps-Wilson chain store: the entrant stays out iff p_k > b^k; the weak
    # incumbent fights for sure iff p_k >= b^(k-1), else with prob
    # p_k (1 - b^(k-1)) / ((1 - p_k) b^(k-1)).
    lo, hi = b**k, b ** (k - 1)
    priors = {F(0), F(1), lo, hi, lo / 2, (lo + hi) / 2, (hi + 1) / 2, F(1, 7), F(5, 6)}
    for p in priors:
        s = chain_store(k, p, b, a)[0]
        assert (s.stay_out == 1) == (p > lo)
        assert (s.stay_out == 0) == (p < lo)
        if p == lo:
            assert s.stay_out == 1 / a
        if k == 1:
            assert s.weak_fight == 0  # the last fight earns nothing, even at p = 1
            continue
        assert (s.weak_fight == 1) == (p >= hi)
        if p < hi:
            assert s.weak_fight == p * (1 - hi) / ((1 - p) * hi)
            assert s.after_fight == (hi if p > 0 else 0)  # mixing lands the belief on b^(k-1)


def test_deterrence_phase_length() -> None:
    # Entry is deterred while prior > b^k: with J = max{j : b^j >= prior}, the first
    # markets - J markets (the chain-store paradox dissolves as markets grow).
    prior, b = F(1, 1000), F(1, 2)
    J = max(j for j in range(20) if b**j >= prior)
    assert J == 9
    for markets in (1, 5, 9, 10, 50, 3000):
        game = chain_store(markets, prior, b, 3)
        assert game.deterred == max(markets - J, 0)
        assert game.weak_value == 3 * max(markets - J, 0)


def test_thresholds_where_logarithms_round() -> None:
    # log(1000) / log(10) is 2.9999999999999996 in floats: the tie at b^3 must still be found
    game = chain_store(5, F(1, 1000), F(1, 10), 2)
    assert [s.entrant for s in game] == ["out", "out", "mix", "mix", "mix"]
    # a prior a hair above b^2 = 1/4, where the float guess says 2.0000000000000053
    game = chain_store(4, F(1, 4) + F(1, 10**20), F(1, 2), 2)
    assert game.deterred == 3 and game[3].entrant == "in"


def test_extreme_priors() -> None:
    nobody_tough = chain_store(4, 0, F(1, 2), 2)
    assert all(s.entrant == "in" and s.weak_fight == 0 for s in nobody_tough)
    assert all(s.reputation == 0 and s.after_fight == 0 for s in nobody_tough)
    assert [s.pooling for s in nobody_tough] == [1, 0, 0, 0]
    assert nobody_tough.weak_value == 0 and nobody_tough.deterred == 0
    surely_tough = chain_store(4, 1, F(1, 2), 2)
    assert all(s.entrant == "out" and s.reputation == 1 for s in surely_tough)
    assert [s.weak_fight for s in surely_tough] == [1, 1, 1, 0]
    assert surely_tough.weak_value == 8 and surely_tough.deterred == 4


# --- chain store: independent checks ------------------------------------------------------


@settings(max_examples=150)
@given(chain_cases())
def test_sequential_rationality_and_bayes(case: tuple[int, F, F, F]) -> None:
    markets, prior, b, a = case
    memo: dict[tuple[int, F], F] = {}
    assert chain_store(markets, prior, b, a).weak_value == check_sequential(
        b, a, markets, prior, memo
    )


@settings(max_examples=150)
@given(chain_cases(max_markets=6))
def test_reputation_path(case: tuple[int, F, F, F]) -> None:
    markets, prior, b, a = case
    game = chain_store(markets, prior, b, a)
    assert len(game) == markets and [s.markets_left for s in game] == list(range(markets, 0, -1))
    assert game.stages[0].reputation == prior
    for stage, following in itertools.pairwise(game):
        # the path continues after a fight whenever entry has positive probability
        expected = stage.reputation if stage.stay_out == 1 else stage.after_fight
        assert following.reputation == expected
    for stage in game:
        # the strategies are Markov in (k, p): the same as a game started at that state
        fresh = chain_store(stage.markets_left, stage.reputation, b, a)[0]
        assert (fresh.stay_out, fresh.weak_fight, fresh.after_fight, fresh.weak_value) == (
            stage.stay_out,
            stage.weak_fight,
            stage.after_fight,
            stage.weak_value,
        )
        assert (stage.stay_out, stage.weak_fight) == oracle(
            stage.markets_left, stage.reputation, b, a
        )
        # Bayes from the prior: p_k = prior / (prior + (1 - prior) * P(weak pooled so far))
        if prior > 0:
            total = prior + (1 - prior) * stage.pooling_on_path
            assert stage.reputation == prior / total
        assert 0 <= stage.pooling_on_path <= stage.pooling <= 1
    assert [s.pooling for s in game] == tree_pooling(markets, prior, b, a)


def test_pooling_against_simulation() -> None:
    # Monte Carlo play of a weak incumbent: the share still pooling at each market
    markets, prior, b, a = 6, F(1, 20), F(1, 2), F(3)
    game = chain_store(markets, prior, b, a)
    rng = np.random.default_rng(2024)
    runs = 20_000
    alive = np.zeros(markets)
    for _ in range(runs):
        p = prior
        for index, k in enumerate(range(markets, 0, -1)):
            alive[index] += 1
            stay, beta = oracle(k, p, b, a)
            if rng.random() < stay:
                continue
            if rng.random() >= beta:
                break  # acquiesced: revealed
            p = p / (p + (1 - p) * beta)
    assert_allclose(alive / runs, [float(s.pooling) for s in game], atol=0.015)


def test_numbers_exact_and_float() -> None:
    exact = chain_store(5, F(1, 10), F(1, 2), 2)
    # short decimals and sympy rationals are read as the fractions they spell
    assert chain_store(5, 0.1, 0.5, 2.0) == exact
    assert chain_store(5, sympy.Rational(1, 10), sympy.Rational(1, 2), 2) == exact
    assert chain_store(np.int64(5), F(1, 10), F(1, 2), np.int64(2)) == exact
    assert all(isinstance(s.reputation, F) for s in exact)
    # other floats are solved exactly on their binary values and reported as floats
    b = math.pi / 4
    approx = chain_store(6, 0.3, b, math.e)
    reference = chain_store(6, F(3, 10), F(b), F(math.e))
    assert not approx.exact and reference.exact
    for s, r in zip(approx, reference, strict=True):
        assert isinstance(s.reputation, float) and s.entrant == r.entrant
        assert s.reputation == float(r.reputation) and s.weak_fight == float(r.weak_fight)
        assert s.pooling == float(r.pooling)
    # a tie on binary values is still a tie
    tie = chain_store(3, F(b) ** 2, b, 2.5)
    assert [s.entrant for s in tie] == ["out", "mix", "mix"]


def test_long_horizon_near_one() -> None:
    game = chain_store(800, F(1, 1000), F(99, 100), 2)
    J = 687  # (99/100)^687 >= 1/1000 > (99/100)^688
    assert F(99, 100) ** J >= F(1, 1000) > F(99, 100) ** (J + 1)
    assert game.deterred == 800 - J
    assert all(s.reputation == F(99, 100) ** s.markets_left for s in game[800 - J + 1 :])


def test_result_objects() -> None:
    game = chain_store(3, F(1, 5), F(1, 2), 2)
    assert isinstance(game, ChainStore) and isinstance(game[0], Stage)
    assert list(game) == list(game.stages) and game[-1].markets_left == 1
    assert game[1:] == game.stages[1:]
    with pytest.raises(FrozenInstanceError):
        game.markets = 4  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        game[0].reputation = F(1)  # type: ignore[misc]
    data = json.loads(json.dumps(game.to_dict()))
    assert data["markets"] == 3 and data["prior"] == "1/5" and data["exact"] is True
    assert [F(s["reputation"]) for s in data["stages"]] == [s.reputation for s in game]
    assert data["stages"][2]["entrant"] == "mix"
    assert repr(game).startswith("ChainStore(markets=3, prior=1/5, b=1/2, a=2, deterred=1")
    assert repr(game[2]) == (
        "Stage(k=1, p=1/2, entrant=mix(out 1/2), weak_fight=0, after_fight=1, pooling=1/4)"
    )
    assert "0.5" in repr(chain_store(2, 0.5, math.pi / 4, 2))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 0.5, 0.5, 2), "markets must be between 1"),
        ((-3, 0.5, 0.5, 2), "markets must be between 1"),
        ((MAX_MARKETS + 1, 0.5, 0.5, 2), "markets must be between 1"),
        ((2.0, 0.5, 0.5, 2), "markets must be a whole number"),
        ((True, 0.5, 0.5, 2), "markets must be a whole number"),
        (("3", 0.5, 0.5, 2), "markets must be a whole number"),
        ((3, -0.1, 0.5, 2), r"prior must be a number in \[0, 1\]"),
        ((3, 1.5, 0.5, 2), r"prior must be a number in \[0, 1\]"),
        ((3, math.nan, 0.5, 2), "prior must be a finite number"),
        ((3, "half", 0.5, 2), "prior must be a number"),
        ((3, None, 0.5, 2), "prior must be a number"),
        ((3, True, 0.5, 2), "prior must be a number"),
        ((3, 0.5, 0, 2), r"b must be a number in \(0, 1\)"),
        ((3, 0.5, 1, 2), r"b must be a number in \(0, 1\)"),
        ((3, 0.5, 0.5, 1), "a must be a number greater than 1"),
        ((3, 0.5, 0.5, 0.5), "a must be a number greater than 1"),
        ((3, 0.5, 0.5, math.inf), "a must be a finite number"),
        ((3, 0.5, 0.5, sympy.Symbol("a")), "a must be a number"),
        ((3, 0.5, 0.5, 2j), "a must be a number"),
    ],
)
def test_chain_store_bad_input(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        chain_store(*args)
    assert "\n" not in str(info.value)


# --- the commitment bound -----------------------------------------------------------------


def product_choice(x: Any = 3) -> Game:
    """Product choice: the firm (row) picks quality, the customer (column) buys or shuns.

    The customer gets x from buying high quality, 1 from shunning low quality, 0 otherwise,
    so it shuns iff 1 - P(high) >= x P(high): pi_bar = 1 / (1 + x).
    """
    return Game(
        [[2, 0], [3, 1]],
        [[x, 0], [0, 1]],
        actions=(["high", "low"], ["buy", "shun"]),
        players=("firm", "customer"),
    )


@pytest.mark.parametrize(
    ("prior", "delta", "N", "bound"),
    [
        # by hand, with pi_bar = 1/4, u* = 2 (high, buy) and u_min = 0 (high, shun)
        (F(1, 100), F(9, 10), 3, F(729, 500)),  # (1/4)^3 = 1/64 >= 1/100 > 1/256
        (F(1, 64), F(1, 2), 3, F(1, 4)),  # equality counts as a possible surprise
        (F(1, 65), F(1, 2), 3, F(1, 4)),
        (F(1, 63), F(1, 2), 2, F(1, 2)),
        (F(1, 4), F(3, 4), 1, F(3, 2)),
        (F(1, 2), F(1, 10), 0, F(2)),
        (F(1), F(1, 10), 0, F(2)),
    ],
)
def test_product_choice_by_hand(prior: F, delta: F, N: int, bound: F) -> None:
    # Fudenberg and Levine (1989), in the product-choice game of Mailath and Samuelson (2006)
    result = reputation_bound(product_choice(), "high", prior, delta)
    assert (result.N, result.bound, result.pi_bar) == (N, bound, F(1, 4))
    assert (result.u_star, result.u_min, result.responses) == (2, 0, ("buy",))
    assert result == reputation_bound(product_choice(), 0, prior, delta)
    assert float(result) == float(bound)


def test_surprises_where_logarithms_round() -> None:
    # pi_bar = 1/10, and log(1000) / log(10) is 2.9999999999999996 in floats
    assert reputation_bound(product_choice(9), "high", F(1, 1000), F(1, 2)).N == 3
    # pi_bar = 1/2, and a prior a hair above 1/4 where the float guess is 2.0000000000000053
    assert reputation_bound(product_choice(1), "high", F(1, 4) + F(1, 10**20), F(1, 2)).N == 1


def test_low_quality_commitment() -> None:
    # committing to low quality: the customer shuns, u* = u_min = 1; buying stays a best
    # response while P(low) <= 3/4, and (3/4)^2 >= 1/2 > (3/4)^3
    result = reputation_bound(product_choice(), "low", F(1, 2), F(9, 10))
    assert (result.pi_bar, result.N, result.u_star, result.u_min) == (F(3, 4), 2, 1, 1)
    assert result.bound == 1 and result.responses == ("shun",)


def test_indifferent_column_player() -> None:
    # every column action is a best response to the commitment: no surprise is possible
    g = Game([[1, 4], [0, 0]], [[2, 2], [0, 1]])
    result = reputation_bound(g, 0, F(1, 1000), F(1, 2))
    assert (result.pi_bar, result.N, result.bound) == (0, 0, 1)
    assert result.responses == ("c0", "c1") and result.u_star == result.u_min == 1


@settings(max_examples=100)
@given(
    st.fractions(min_value=F(1, 10), max_value=10, max_denominator=10),
    unit.filter(lambda p: p > 0),
)
def test_surprises_against_greedy_count(x: F, prior: F) -> None:
    # The most surprises: predictions at pi_bar each time while the belief allows it,
    # each one dividing the belief in the commitment type by pi_bar.
    result = reputation_bound(product_choice(x), "high", prior, F(1, 2))
    pi_bar = 1 / (1 + x)
    assert result.pi_bar == pi_bar
    mu, count = prior, 0
    while mu <= pi_bar:
        mu, count = mu / pi_bar, count + 1
    assert count == result.N


@settings(max_examples=60)
@given(
    st.fractions(min_value=F(1, 10), max_value=10, max_denominator=10),
    unit.filter(lambda p: p > 0),
    inner,
)
def test_bound_is_the_worst_surprise_schedule(x: F, prior: F, delta: F) -> None:
    # brute force: the least normalised payoff over all placements of at most N surprises
    # (payoff u_min) among the first N + 3 periods, u* in every other period
    result = reputation_bound(product_choice(x), "high", prior, delta)
    assume(result.N <= 4)
    T = result.N + 3
    worst = None
    for size in range(result.N + 1):
        for S in itertools.combinations(range(T), size):
            flow = [result.u_min if t in S else result.u_star for t in range(T)]
            value = (1 - delta) * sum(delta**t * u for t, u in enumerate(flow))
            value += delta**T * result.u_star
            worst = value if worst is None else min(worst, value)
    assert worst == result.bound


@st.composite
def small_games(draw: Any) -> tuple[Game, int]:
    m, n = draw(st.integers(2, 3)), draw(st.integers(2, 4))
    entries = st.integers(-3, 3)
    A = [[draw(entries) for _ in range(n)] for _ in range(m)]
    B = [[draw(entries) for _ in range(n)] for _ in range(m)]
    return Game(A, B), draw(st.integers(0, m - 1))


def best_responses(B: Any, alpha: list[F]) -> set[int]:
    payoffs = [sum(alpha[r] * F(B[r][c]) for r in range(len(alpha))) for c in range(len(B[0]))]
    return {c for c, u in enumerate(payoffs) if u == max(payoffs)}


@settings(max_examples=120)
@given(small_games(), st.lists(st.fractions(0, 1, max_denominator=9), min_size=3, max_size=3))
def test_pi_bar_against_linear_programming(case: tuple[Game, int], weights: list[F]) -> None:
    g, i = case
    exact = reputation_bound(g, i, F(1, 100), F(9, 10))
    # an irrational prior sends the same game through scipy's linear programs
    approx = reputation_bound(g, i, math.pi / 300, 0.9)
    assert isinstance(exact.pi_bar, F) and isinstance(approx.pi_bar, float)
    assert_allclose(float(exact.pi_bar), approx.pi_bar, atol=1e-9)
    assert exact.responses == approx.responses and exact.u_star == approx.u_star
    # any mixture putting more than pi_bar on the commitment action draws only best
    # responses to that action
    m = g.shape[0]
    rest = weights[: m - 1]
    shares = [w / sum(rest) for w in rest] if sum(rest) else [F(1, m - 1)] * (m - 1)
    top = exact.pi_bar + (1 - exact.pi_bar) * F(1, 7)
    alpha = [(1 - top) * share for share in shares]
    alpha.insert(i, top)
    assert sum(alpha) == 1
    names = g.actions[1]
    assert {names[c] for c in best_responses(g.exact_B, alpha)} <= set(exact.responses)


@settings(max_examples=100)
@given(small_games(), unit, unit, inner, inner)
def test_bound_monotone_and_below_commitment_payoff(
    case: tuple[Game, int], p1: F, p2: F, d1: F, d2: F
) -> None:
    g, i = case
    p1, p2 = sorted((max(p1, F(1, 50)), max(p2, F(1, 50))))
    d1, d2 = sorted((d1, d2))
    low = reputation_bound(g, i, p1, d1)
    assert low.u_min <= low.bound <= low.u_star
    assert low.bound <= reputation_bound(g, i, p2, d1).bound  # more prior, higher bound
    assert low.bound <= reputation_bound(g, i, p1, d2).bound  # more patience, higher bound
    # as delta -> 1 the bound rises to u*: the gap is at most N (1 - delta) (u* - u_min)
    deltas = [1 - F(1, 10**k) for k in range(1, 7)]
    near = [reputation_bound(g, i, p1, delta) for delta in deltas]
    assert [r.bound for r in near] == sorted(r.bound for r in near)
    for r, delta in zip(near, deltas, strict=True):
        assert 0 <= r.u_star - r.bound <= r.N * (1 - delta) * (r.u_star - r.u_min)


def test_bound_result_objects() -> None:
    result = reputation_bound(product_choice(), "high", F(1, 100), F(9, 10))
    assert isinstance(result, ReputationBound)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["bound"] == "729/500" and data["bound_float"] == 1.458 and data["N"] == 3
    assert data["responses"] == ["buy"] and data["commitment"] == "high"
    assert repr(result).startswith("ReputationBound(bound=729/500, N=3, pi_bar=1/4, u_star=2")
    with pytest.raises(FrozenInstanceError):
        result.N = 0  # type: ignore[misc]
    floats = reputation_bound(product_choice(), "high", 0.01, 0.9)
    assert floats == result  # short decimals are exact
    noisy = reputation_bound(product_choice(), "high", math.pi / 314, 0.9)
    assert isinstance(noisy.bound, float) and noisy.N == 3
    assert_allclose(noisy.bound, 1.458, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"commitment": "medium"}, ValueError, "has no action 'medium'"),
        ({"commitment": 5}, ValueError, "has actions 0..1"),
        ({"prior": 0}, ValueError, r"prior must be a number in \(0, 1\]"),
        ({"prior": 1.2}, ValueError, r"prior must be a number in \(0, 1\]"),
        ({"delta": 1}, ValueError, r"delta must be a number in \(0, 1\)"),
        ({"delta": 0}, ValueError, r"delta must be a number in \(0, 1\)"),
        ({"delta": "0.9"}, ValueError, "delta must be a number"),
        ({"game": Game([[sympy.Symbol("x"), 0], [1, 1]])}, ValueError, "symbolic"),
        ({"game": [[1, 0], [0, 1]]}, TypeError, "needs a tradegame.Game"),
    ],
)
def test_reputation_bound_bad_input(kwargs: dict[str, Any], error: type, message: str) -> None:
    args: dict[str, Any] = {
        "game": product_choice(),
        "commitment": "high",
        "prior": F(1, 10),
        "delta": F(9, 10),
    }
    args.update(kwargs)
    with pytest.raises(error, match=message) as info:
        reputation_bound(**args)
    assert "\n" not in str(info.value)


# --- trust ---------------------------------------------------------------------------------


@settings(max_examples=200)
@given(unit, st.booleans(), unit, unit)
def test_trust_update_is_bayes(prior: F, restricted: bool, accident: F, opportunistic: F) -> None:
    # joint probabilities of (type, observation), then conditioning
    seen_reliable = prior * (accident if restricted else 1 - accident)
    seen_other = (1 - prior) * (opportunistic if restricted else 1 - opportunistic)
    posterior = trust_update(prior, restricted, accident, opportunistic)
    if seen_reliable + seen_other == 0:
        assert posterior == prior  # an impossible observation teaches nothing
    else:
        assert posterior == seen_reliable / (seen_reliable + seen_other)
    assert isinstance(posterior, F) and 0 <= posterior <= 1


@settings(max_examples=200)
@given(unit, unit, unit, unit)
def test_trust_update_monotone(p1: F, p2: F, e1: F, e2: F) -> None:
    p1, p2 = sorted((p1, p2))
    e1, e2 = sorted((e1, e2))
    for restricted in (True, False):  # more prior trust, more trust after either event
        assert trust_update(p1, restricted, e1) <= trust_update(p2, restricted, e1)
    # a restriction never raises trust when accidents are rarer than opportunism
    assert trust_update(p1, True, e1) <= p1 <= trust_update(p1, False, e1)
    # more frequent accidents make a restriction less damning
    assert trust_update(p1, True, e1, F(1, 2)) <= trust_update(p1, True, e2, F(1, 2))
    # a more opportunistic rival type makes a restriction more damning
    assert trust_update(p1, True, F(1, 10), e2) <= trust_update(p1, True, F(1, 10), e1)


def test_trust_update_special_cases() -> None:
    assert trust_update(F(1, 2), True, F(1, 10)) == F(1, 11)
    assert trust_update(F(9, 10), True, 0) == 0  # no accidents: one restriction ends trust
    assert trust_update(F(1, 2), False, F(1, 10), F(1, 2)) == F(9, 14)
    assert trust_update(0, False, F(1, 10)) == 0 and trust_update(1, True, 0) == 1
    assert trust_update(F(1, 3), True, 0, 0) == F(1, 3)  # impossible: unchanged
    assert trust_update(0.5, True, 0.1) == F(1, 11)  # short decimals are exact
    noisy = trust_update(math.pi / 4, True, 0.1)
    assert isinstance(noisy, float)
    assert_allclose(noisy, (math.pi / 40) / (math.pi / 40 + 1 - math.pi / 4), atol=1e-15)


def test_trust_update_reads_the_chain_store() -> None:
    # the reliable-supplier reading: tough = reliable (accident 0), acquiesce = restrict,
    # and the weak type restricts with probability 1 - weak_fight
    for stage in chain_store(6, F(1, 30), F(2, 3), 3):
        if stage.reputation < 1 and stage.weak_fight < 1:
            others = 1 - stage.weak_fight
            assert stage.after_fight == trust_update(stage.reputation, False, 0, others)
            assert stage.after_acquiesce == trust_update(stage.reputation, True, 0, others)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0.5, 1, 0.1), "restricted must be True or False"),
        ((0.5, "yes", 0.1), "restricted must be True or False"),
        ((1.5, True, 0.1), r"prior must be a number in \[0, 1\]"),
        ((0.5, True, -0.1), r"accident must be a number in \[0, 1\]"),
        ((0.5, True, 0.1, 2), r"opportunistic must be a number in \[0, 1\]"),
        ((0.5, True, math.nan), "accident must be a finite number"),
    ],
)
def test_trust_update_bad_input(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        trust_update(*args)
    assert "\n" not in str(info.value)
