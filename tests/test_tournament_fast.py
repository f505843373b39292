"""Exact finite matches over the integers, and tournaments built on them.

Every check compares against an independent computation: the fractional
Markov chain of :func:`~tradegame.solvers.strategies.product.product_chain`,
with the distribution propagated one period at a time.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame.solvers.play as play_module
from tradegame.game import Game
from tradegame.solvers.match_inputs import bind
from tradegame.solvers.play import _chain_sums, _sums_squaring, _sums_stepping, exact_totals, play
from tradegame.solvers.strategies import strategies, strategy
from tradegame.solvers.strategies.automaton import Automaton, Strategy, pure
from tradegame.solvers.strategies.product import product_chain
from tradegame.solvers.tournament import tournament

PD = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))


# --- the reference: fractions, period by period --------------------------------------------


def reference_match(
    g: Game, row: Automaton, col: Automaton, turns: int, noise: Any = 0
) -> tuple[tuple[Fraction, Fraction], tuple[Fraction, Fraction]]:
    """Expected totals and action-0 shares over every product state, in fractions."""
    chain = product_chain(g, row, col, Fraction(noise))
    n = len(chain.states)
    mu = {chain.start: Fraction(1)}  # the distribution's support and probabilities
    sums = [Fraction(0)] * 4
    for _ in range(turns):
        nxt: dict[int, Fraction] = {}
        for x, m in mu.items():
            sums[0] += m * chain.r_row[x]
            sums[1] += m * chain.r_col[x]
            for (i, j), p in chain.profile[x].items():
                sums[2] += m * p * (i == 0)
                sums[3] += m * p * (j == 0)
            for y in range(n):
                if chain.P[x][y]:
                    nxt[y] = nxt.get(y, Fraction(0)) + m * chain.P[x][y]
        mu = nxt
    return (sums[0], sums[1]), (sums[2] / turns, sums[3] / turns)


def reference_table(g: Game, players: list[Any], turns: int, noise: Any) -> dict[str, Any]:
    """H, scores and ranks by their definitions: both seatings of every ordered pair."""
    rows = [bind(g, p, 0) for p in players]
    cols = [bind(g, p, 1) for p in players]
    n = len(players)
    totals = [
        [reference_match(g, rows[i], cols[j], turns, noise)[0] for j in range(n)] for i in range(n)
    ]
    # i's payoff against j: as the row player, and as the column player
    H = [[(totals[i][j][0] + totals[j][i][1]) / (2 * turns) for j in range(n)] for i in range(n)]
    scores = [sum(row, Fraction(0)) / n for row in H]
    ranks = [1 + sum(other > s for other in scores) for s in scores]
    return {"H": H, "scores": scores, "ranks": ranks}


# --- random games and automata -------------------------------------------------------------

ratios = st.builds(Fraction, st.integers(-6, 6), st.sampled_from([1, 2, 3, 4]))


@st.composite
def automata(draw: st.DrawFn, n_own: int, n_other: int) -> Automaton:
    k = draw(st.integers(1, 3))
    outputs = []
    for _ in range(k):
        if draw(st.booleans()):
            outputs.append(pure(draw(st.integers(0, n_own - 1)), n_own))
        else:
            w = draw(st.lists(st.integers(0, 3), min_size=n_own, max_size=n_own))
            w[draw(st.integers(0, n_own - 1))] += 1  # at least one positive weight
            outputs.append(tuple(Fraction(x, sum(w)) for x in w))
    states = st.integers(0, k - 1)
    transition = tuple(
        tuple(tuple(draw(states) for _ in range(n_other)) for _ in range(n_own)) for _ in range(k)
    )
    return Automaton(
        "random", tuple(f"s{s}" for s in range(k)), tuple(outputs), transition, draw(states)
    )


@st.composite
def games(draw: st.DrawFn, symmetric: bool | None = None) -> Game:
    m, n = (2, 2) if symmetric else draw(st.sampled_from([(2, 2), (2, 3), (3, 2)]))
    A = [[draw(ratios) for _ in range(n)] for _ in range(m)]
    if symmetric:
        return Game(A, [[A[j][i] for j in range(m)] for i in range(n)], actions=(["C", "D"],) * 2)
    return Game(A, [[draw(ratios) for _ in range(n)] for _ in range(m)])


@st.composite
def matches(draw: st.DrawFn) -> tuple[Game, Automaton, Automaton]:
    g = draw(games())
    m, n = g.shape
    return g, draw(automata(m, n)), draw(automata(n, m))


noises = st.sampled_from([Fraction(0), Fraction(0), Fraction(1, 10), Fraction(1, 3)])


# --- the chain sums ------------------------------------------------------------------------


@st.composite
def int_chains(draw: st.DrawFn) -> tuple[list[list[int]], list[list[int]], int]:
    n = draw(st.integers(1, 5))
    L = draw(st.integers(1, 4))
    Q = []
    for _ in range(n):
        row = [0] * n
        for _ in range(L):  # L units of probability 1/L, each to some state
            row[draw(st.integers(0, n - 1))] += 1
        Q.append(row)
    K = draw(st.integers(1, 4))
    R = [[draw(st.integers(-9, 9)) for _ in range(K)] for _ in range(n)]
    return Q, R, L


@settings(max_examples=150, deadline=None)
@given(int_chains(), st.integers(1, 300))
def test_squaring_and_stepping_give_the_matrix_sum(chain, turns: int) -> None:
    Q, R, L = chain
    n, K = len(Q), len(R[0])
    # reference: sum_{t<T} e_0 (Q/L)^t R, in fractions, then scaled by L**(T-1)
    mu = [Fraction(int(x == 0)) for x in range(n)]
    expected = [Fraction(0)] * K
    for _ in range(turns):
        for k in range(K):
            expected[k] += sum(mu[x] * R[x][k] for x in range(n))
        mu = [sum(mu[x] * Fraction(Q[x][y], L) for x in range(n)) for y in range(n)]
    scaled = [e * L ** (turns - 1) for e in expected]
    assert all(s.denominator == 1 for s in scaled)
    for method in (_sums_squaring, _sums_stepping, _chain_sums):
        got = method(Q, R, L, turns)
        assert got == scaled
        assert all(type(x) is int for x in got)


def test_a_large_chain_over_a_short_horizon_is_stepped(monkeypatch: pytest.MonkeyPatch) -> None:
    # 20 states in a ring: squaring (n^3 per product) costs more than 5 steps, less than 500
    n, L = 20, 2
    Q = [[int(y == (x + 1) % n) + int(y == x) for y in range(n)] for x in range(n)]
    R = [[x] for x in range(n)]
    calls: list[str] = []
    for name in ("_sums_squaring", "_sums_stepping"):
        original = getattr(play_module, name)

        def spy(*args: Any, _f: Any = original, _name: str = name) -> list[int]:
            calls.append(_name)
            return list(_f(*args))

        monkeypatch.setattr(play_module, name, spy)
    short = play_module._chain_sums(Q, R, L, 5)
    long = play_module._chain_sums(Q, R, L, 500)
    assert calls == ["_sums_stepping", "_sums_squaring"]
    assert short == _sums_squaring(Q, R, L, 5)
    assert long == _sums_stepping(Q, R, L, 500)


# --- matches -------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(matches(), st.integers(1, 40), noises)
def test_exact_finite_play_equals_the_fraction_chain(match, turns: int, noise: Fraction) -> None:
    g, row, col = match
    out = play(g, row, col, turns=turns, noise=noise)
    payoffs, cooperation = reference_match(g, row, col, turns, noise)
    assert out.exact
    assert out.payoffs == payoffs and out.cooperation == cooperation
    assert all(type(x) is Fraction for x in (*out.payoffs, *out.cooperation))
    if out.moves is not None:  # a deterministic match: the totals are the sums along its moves
        assert out.payoffs[0] == sum((g.exact_A[p] for p in out.moves), Fraction(0))
        assert out.payoffs[1] == sum((g.exact_B[p] for p in out.moves), Fraction(0))


@settings(max_examples=60, deadline=None)
@given(matches(), st.integers(1, 30), noises)
def test_exact_totals_for_many_pairs(match, turns: int, noise: Fraction) -> None:
    g, row, col = match
    rows, cols = ([row, col], [col, row]) if g.shape[0] == g.shape[1] else ([row], [col])
    pairs = [(i, j) for i in range(len(rows)) for j in range(len(cols))]
    got = exact_totals(g, rows, cols, pairs, turns, noise)
    assert got == [reference_match(g, rows[i], cols[j], turns, noise)[0] for i, j in pairs]


def test_exact_totals_declines_floats() -> None:
    g = Game([[0.3, 0], [5, 1]], [[3, 5], [0, 1]])
    tft = strategy("tit-for-tat")
    a, b = bind(PD, tft, 0), bind(PD, tft, 1)
    assert exact_totals(g, [a], [b], [(0, 0)], 10, Fraction(0)) is not None  # 0.3 is read as 3/10
    assert (
        exact_totals(Game([[2**0.5, 0], [5, 1]], PD.B), [a], [b], [(0, 0)], 10, Fraction(0)) is None
    )
    float_mix = Automaton("mix", ("s",), ((0.25, 0.75),), (((0, 0), (0, 0)),))
    assert exact_totals(PD, [float_mix], [b], [(0, 0)], 10, Fraction(0)) is None


@pytest.mark.parametrize("turns", [1, 2, 199, 1000])
def test_library_strategies_over_long_horizons(turns: int) -> None:
    names = ["generous-tit-for-tat", "maximum-pressure", "alternator", "suspicious-tit-for-tat"]
    autos = [bind(PD, strategy(name), 0) for name in names]
    for row in autos:
        for col in autos:
            out = play(PD, row, col, turns=turns)
            assert (out.payoffs, out.cooperation) == reference_match(PD, row, col, turns)


# --- tournaments ---------------------------------------------------------------------------


def assert_matches_reference(table: Any, ref: dict[str, Any], noise: Any) -> None:
    assert [list(r) for r in table.head_to_head] == ref["H"]
    assert list(table.scores) == ref["scores"]
    assert list(table.ranks) == ref["ranks"]
    assert table.exact and table.noise == Fraction(noise)
    assert all(type(x) is Fraction for r in table.head_to_head for x in r)
    assert all(type(x) is Fraction for x in table.scores)


@settings(max_examples=40, deadline=None)
@given(st.data(), games(), st.integers(1, 15), noises)
def test_tournament_equals_the_definition(data, g: Game, turns: int, noise: Fraction) -> None:
    if g.shape == (2, 2):
        # automata play both seats as they are; a Strategy is bound to each seat
        pool: list[Any] = data.draw(st.lists(automata(2, 2), min_size=1, max_size=3))
        pool.append(Strategy("wrapped", _fixed(pool[0])))
    else:
        pool = [strategy(name) for name in ("tit-for-tat", "generous-tit-for-tat", "grim")]
    players = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4))
    table = tournament(g, players, turns=turns, noise=noise)
    assert_matches_reference(table, reference_table(g, players, turns, noise), noise)


def _fixed(automaton: Automaton) -> Any:
    """A build function that ignores the side (the automaton fits both seats of a 2x2 game)."""
    return lambda side: automaton


@settings(max_examples=30, deadline=None)
@given(games(symmetric=True), st.integers(1, 30), noises, st.data())
def test_symmetric_tournament_of_named_strategies(g: Game, turns: int, noise, data) -> None:
    names = data.draw(st.lists(st.sampled_from(strategies()), min_size=1, max_size=4))
    table = tournament(g, names, turns=turns, noise=noise)
    assert table.symmetric
    assert_matches_reference(table, reference_table(g, names, turns, noise), noise)


def test_seats_with_different_action_names_bind_separately() -> None:
    # the same payoffs as the prisoner's dilemma, but the players name their actions
    # differently, so the game is not symmetric and each seat gets its own automaton
    g = Game(PD.exact_A, PD.exact_B, actions=(["C", "D"], ["c", "d"]))
    names = ["tit-for-tat", "generous-tit-for-tat", "always-restrict", "truce"]
    table = tournament(g, names, turns=50, noise=Fraction(1, 20))
    assert not table.symmetric
    assert_matches_reference(table, reference_table(g, names, 50, Fraction(1, 20)), Fraction(1, 20))
    same = tournament(PD, names, turns=50, noise=Fraction(1, 20))
    assert same.symmetric and same.head_to_head == table.head_to_head


def test_benchmark_sized_tournament_equals_the_definition() -> None:
    names = [
        "always-open",
        "always-restrict",
        "alternator",
        "grim",
        "tit-for-tat",
        "suspicious-tit-for-tat",
        "win-stay-lose-shift",
        "generous-tit-for-tat",
        "limited-punishment",
        "truce",
        "maximum-pressure",
    ]
    table = tournament(PD, names, turns=200)
    assert_matches_reference(table, reference_table(PD, names, 200, 0), 0)


def test_float_inputs_still_go_through_play() -> None:
    half = Automaton("half", ("s",), ((0.5, 0.5),), (((0, 0), (0, 0)),))
    players = [half, strategy("tit-for-tat")]
    table = tournament(PD, players, turns=20)
    assert not table.exact and isinstance(table.scores[0], float)
    exact_half = Automaton("half", ("s",), ((Fraction(1, 2),) * 2,), (((0, 0), (0, 0)),))
    exact = tournament(PD, [exact_half, strategy("tit-for-tat")], turns=20)
    assert list(table.scores) == pytest.approx([float(s) for s in exact.scores], abs=1e-12)
