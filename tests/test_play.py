"""Tests for tradegame.solvers.play: exact matches, and the Monte Carlo check on them."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from tradegame.game import Game
from tradegame.solvers.play import Outcome, play
from tradegame.solvers.simulate import Estimate, simulate
from tradegame.solvers.strategies.automaton import Automaton, Side, Strategy, pure

CD = (["C", "D"], ["C", "D"])
Prob = tuple[Fraction, ...]


def pd(T: int = 5, R: int = 3, P: int = 1, S: int = 0) -> Game:
    """The prisoner's dilemma: C is action 0, D action 1."""
    return Game([[R, S], [T, P]], [[R, T], [S, P]], actions=CD)


# --- automata built by hand, independently of the strategy library -------------------------


def machine(
    name: str,
    outputs: list[int | Prob],
    nxt: Callable[[int, int, int], int],
    n_own: int = 2,
    n_other: int = 2,
    start: int = 0,
) -> Automaton:
    """An automaton from per-state outputs (an action or probabilities) and a next-state rule."""
    out = tuple(pure(o, n_own) if isinstance(o, int) else tuple(o) for o in outputs)
    table = tuple(
        tuple(tuple(nxt(s, i, j) for j in range(n_other)) for i in range(n_own))
        for s in range(len(outputs))
    )
    return Automaton(name, tuple(f"s{s}" for s in range(len(outputs))), out, table, start)


def allc(n: int = 2) -> Automaton:
    return machine("always-cooperate", [0], lambda s, i, j: 0, n, n)


def alld(n: int = 2) -> Automaton:
    return machine("always-defect", [n - 1], lambda s, i, j: 0, n, n)


def tft(start: int = 0) -> Automaton:
    return machine("tit-for-tat", [0, 1], lambda s, i, j: j, start=start)


def grim() -> Automaton:
    return machine("grim", [0, 1], lambda s, i, j: 1 if s == 1 or j == 1 else 0)


def alternator() -> Automaton:
    return machine("alternator", [0, 1], lambda s, i, j: 1 - s)


def coin(p: Fraction = Fraction(1, 2)) -> Automaton:
    return machine("random", [(p, 1 - p)], lambda s, i, j: 0)


def gtft(forgive: Fraction = Fraction(1, 3)) -> Automaton:
    """Generous tit-for-tat: after a defection, cooperate with probability ``forgive``."""
    return machine("generous-tft", [0, (forgive, 1 - forgive)], lambda s, i, j: j)


# --- independent computations ---------------------------------------------------------------


def naive_profiles(row: Automaton, col: Automaton, periods: int) -> list[tuple[int, int]]:
    """The realised profiles of a noiseless deterministic match, period by period."""
    a, b, out = row.start, col.start, []
    for _ in range(periods):
        i, j = row.action(a), col.action(b)
        out.append((i, j))
        a, b = row.next_state(a, i, j), col.next_state(b, j, i)
    return out


def realised(probs: Prob, noise: Fraction) -> list[Fraction]:
    """P(realised = b) = sum_a p_a * (1 - noise if a == b else noise / (k - 1))."""
    k = len(probs)
    if k == 1:
        return list(probs)
    keep = [[1 - noise if a == b else noise / (k - 1) for b in range(k)] for a in range(k)]
    return [sum(probs[a] * keep[a][b] for a in range(k)) for b in range(k)]


def brute_force(
    g: Game, row: Automaton, col: Automaton, turns: int, noise: Fraction = Fraction(0)
) -> tuple[Fraction, Fraction]:
    """Expected totals by enumerating every realised history (small ``turns`` only)."""
    A, B = g.exact_A, g.exact_B

    def walk(t: int, a: int, b: int) -> tuple[Fraction, Fraction]:
        if t == turns:
            return Fraction(0), Fraction(0)
        u = v = Fraction(0)
        x, y = realised(row.output[a], noise), realised(col.output[b], noise)
        for i, p in enumerate(x):
            for j, q in enumerate(y):
                if p * q:
                    du, dv = walk(t + 1, row.next_state(a, i, j), col.next_state(b, j, i))
                    u += p * q * (A[i, j] + du)
                    v += p * q * (B[i, j] + dv)
        return u, v

    return walk(0, row.start, col.start)


def discounted_by_sympy(
    g: Game, row: Automaton, col: Automaton, delta: Fraction, noise: Fraction
) -> tuple[Fraction, Fraction]:
    """Normalised discounted payoffs from a chain built here and solved by sympy."""
    states = [(a, b) for a in range(len(row.states)) for b in range(len(col.states))]
    k = len(states)
    P = sympy.zeros(k, k)
    r = sympy.zeros(k, 2)
    for x, (a, b) in enumerate(states):
        for i, p in enumerate(realised(row.output[a], noise)):
            for j, q in enumerate(realised(col.output[b], noise)):
                y = states.index((row.next_state(a, i, j), col.next_state(b, j, i)))
                P[x, y] += sympy.Rational(str(p * q))
                r[x, 0] += sympy.Rational(str(p * q * g.exact_A[i, j]))
                r[x, 1] += sympy.Rational(str(p * q * g.exact_B[i, j]))
    d = sympy.Rational(str(delta))
    v = (sympy.eye(k) - d * P).LUsolve((1 - d) * r)
    start = states.index((row.start, col.start))
    return Fraction(str(v[start, 0])), Fraction(str(v[start, 1]))


def closed_form(stream: list[Fraction], cycle_start: int, delta: Fraction) -> Fraction:
    """(1-d) [sum over the prefix + d^p (sum over one cycle) / (1 - d^c)]."""
    head, loop = stream[:cycle_start], stream[cycle_start:]
    first = sum((delta**t * u for t, u in enumerate(head)), Fraction(0))
    lap = sum((delta**t * u for t, u in enumerate(loop)), Fraction(0))
    return (1 - delta) * (first + delta ** len(head) * lap / (1 - delta ** len(loop)))


# --- oracles --------------------------------------------------------------------------------


def test_axelrod_tft_against_defector_and_itself() -> None:
    # ORACLES.md: PD (T,R,P,S) = (5,3,1,0) over 200 turns, tit-for-tat vs always-defect
    # totals 199 : 204, tit-for-tat vs itself 600 : 600 (Axelrod's documented match results).
    g = pd()
    out = play(g, tft(), alld(), turns=200)
    assert out.payoffs == (199, 204)
    assert all(isinstance(x, Fraction) for x in out.payoffs)
    assert out.exact and out.turns == 200 and out.delta is None
    assert out.prefix == ((0, 1),) and out.cycle == ((1, 1),)
    assert out.moves is not None and len(out.moves) == 200
    assert out.moves[0] == (0, 1) and set(out.moves[1:]) == {(1, 1)}
    assert out.cooperation == (Fraction(1, 200), 0)
    same = play(g, tft(), tft(), turns=200)
    assert same.payoffs == (600, 600) and same.cooperation == (1, 1)
    assert same.prefix == () and same.cycle == ((0, 0),)


def test_discounted_tft_against_defector_by_hand() -> None:
    # TFT gets S then P forever: (1-d)*0 + d*1; ALLD gets (1-d)*5 + d*1.
    d = Fraction(9, 10)
    out = play(pd(), tft(), alld(), delta=d)
    assert out.payoffs == (d, (1 - d) * 5 + d)
    assert out.delta == (d, d) and out.turns is None and out.moves is None
    assert out.cooperation == (1 - d, 0)
    # a float delta written as a short decimal is read exactly, like the game's payoffs
    assert play(pd(), tft(), alld(), delta=0.9).payoffs == out.payoffs


def test_own_discount_factors() -> None:
    d_row, d_col = Fraction(1, 2), Fraction(3, 4)
    out = play(pd(), alternator(), alld(), delta=(d_row, d_col))
    # profiles alternate (C,D), (D,D): row payoffs 0, 1, 0, 1, ...; column 5, 1, 5, 1, ...
    assert out.payoffs[0] == closed_form([Fraction(0), Fraction(1)], 0, d_row)
    assert out.payoffs[1] == closed_form([Fraction(5), Fraction(1)], 0, d_col)
    assert out.cooperation[0] == closed_form([Fraction(1), Fraction(0)], 0, d_row)


def test_tft_and_alternator_moves() -> None:
    out = play(pd(), tft(), alternator(), turns=7)
    assert out.moves == tuple(naive_profiles(tft(), alternator(), 7))
    assert out.moves == ((0, 0), (0, 1), (1, 0), (0, 1), (1, 0), (0, 1), (1, 0))
    assert out.prefix == ((0, 0),) and out.cycle == ((0, 1), (1, 0))
    assert out.payoffs == (3 + 3 * (0 + 5), 3 + 3 * (5 + 0))


# --- exact against independent computations ---------------------------------------------------

MIXED = [
    (tft, tft),
    (gtft, tft),
    (coin, gtft),
    (grim, coin),
    (alternator, gtft),
]


@pytest.mark.parametrize("noise", [Fraction(0), Fraction(1, 20), Fraction(1, 5)])
@pytest.mark.parametrize(("make_row", "make_col"), MIXED)
def test_finite_exact_equals_enumeration(make_row, make_col, noise) -> None:
    g = pd()
    for turns in (1, 2, 5):
        out = play(g, make_row(), make_col(), turns=turns, noise=noise)
        assert out.payoffs == brute_force(g, make_row(), make_col(), turns, noise)
        assert out.exact


@pytest.mark.parametrize("noise", [Fraction(0), Fraction(1, 20)])
@pytest.mark.parametrize(("make_row", "make_col"), MIXED)
def test_discounted_exact_equals_sympy_solve(make_row, make_col, noise) -> None:
    g = pd()
    for delta in (Fraction(1, 3), Fraction(9, 10)):
        out = play(g, make_row(), make_col(), delta=delta, noise=noise)
        assert out.payoffs == discounted_by_sympy(g, make_row(), make_col(), delta, noise)


def test_own_discount_factors_on_a_random_match() -> None:
    g, noise = pd(), Fraction(1, 20)
    d_row, d_col = Fraction(1, 2), Fraction(9, 10)
    out = play(g, gtft(), grim(), delta=(d_row, d_col), noise=noise)
    assert out.payoffs[0] == discounted_by_sympy(g, gtft(), grim(), d_row, noise)[0]
    assert out.payoffs[1] == discounted_by_sympy(g, gtft(), grim(), d_col, noise)[1]


def test_reported_path_is_shortest() -> None:
    # two defecting states against ALLD: the path is (D,D) forever, with no prefix
    twice = machine("defect-twice", [1, 1], lambda s, i, j: 1)
    out = play(pd(), twice, alld(), turns=4)
    assert out.prefix == () and out.cycle == ((1, 1),)
    # a two-state cycle that plays C in both states has period one
    blink = machine("blink", [0, 0], lambda s, i, j: 1 - s)
    out = play(pd(), blink, allc(), delta=Fraction(1, 2))
    assert out.prefix == () and out.cycle == ((0, 0),) and out.payoffs == (3, 3)


def test_deterministic_discounted_equals_truncated_sum() -> None:
    # direct sum over 2000 periods; the tail is at most d^2000 * 5, far below the tolerance
    g, d = pd(), 0.95
    A, B = g.A, g.B
    pairs = [(tft(), alld()), (grim(), alternator()), (alternator(), tft(start=1))]
    for row, col in pairs:
        out = play(g, row, col, delta=Fraction(19, 20))
        profiles = naive_profiles(row, col, 2000)
        weights = (1 - d) * d ** np.arange(2000)
        direct = [sum(w * M[p] for w, p in zip(weights, profiles, strict=True)) for M in (A, B)]
        np.testing.assert_allclose([float(x) for x in out.payoffs], direct, rtol=0, atol=1e-9)
        # the reported prefix and cycle reproduce the path and, in closed form, the payoffs
        assert out.prefix is not None and out.cycle is not None
        p, c = len(out.prefix), len(out.cycle)
        assert [*out.prefix, *out.cycle * 3] == profiles[: p + 3 * c]
        stream = [g.exact_A[q] for q in (*out.prefix, *out.cycle)]
        assert out.payoffs[0] == closed_form(stream, p, Fraction(19, 20))


def test_float_game_matches_the_exact_one() -> None:
    # payoffs + 1/3 (a float with 16 digits) make the game inexact: the float code paths
    third = 1 / 3
    g = pd()
    gf = Game(g.A + third, g.B + third, actions=CD)
    assert not gf.is_exact
    for row, col, noise in [(tft(), alld(), 0), (gtft(), tft(), 0.05), (coin(), grim(), 0.1)]:
        for kwargs, shift in [({"turns": 30}, 30 * third), ({"delta": 0.8}, third)]:
            exact = play(g, row, col, noise=noise, **kwargs)
            approx = play(gf, row, col, noise=noise, **kwargs)
            assert not approx.exact and isinstance(approx.payoffs[0], float)
            np.testing.assert_allclose(
                approx.payoffs, [float(x) + shift for x in exact.payoffs], rtol=0, atol=1e-9
            )
            np.testing.assert_allclose(
                approx.cooperation, [float(x) for x in exact.cooperation], rtol=0, atol=1e-12
            )


def test_long_float_delta_is_not_read_exactly() -> None:
    # 1/3 as a float has 16 digits: it stays a float, and so does the outcome
    out = play(pd(), gtft(), tft(), delta=1 / 3, noise=Fraction(1, 10))
    exact = play(pd(), gtft(), tft(), delta=Fraction(1, 3), noise=Fraction(1, 10))
    assert not out.exact and isinstance(out.payoffs[0], float) and exact.exact
    np.testing.assert_allclose(out.payoffs, [float(x) for x in exact.payoffs], rtol=0, atol=1e-12)


def test_long_horizon_follows_the_cycle() -> None:
    out = play(pd(), tft(), alternator(), turns=10**9 + 1)
    assert out.payoffs == (3 + 5 * 10**9 // 2, 3 + 5 * 10**9 // 2)


# --- exact against Monte Carlo ---------------------------------------------------------------

NOISY = [
    (tft, tft, Fraction(1, 20)),
    (gtft, grim, Fraction(1, 10)),
    (coin, tft, Fraction(0)),
    (alternator, gtft, Fraction(1, 20)),
]


@pytest.mark.parametrize(("make_row", "make_col", "noise"), NOISY)
@pytest.mark.parametrize("horizon", [{"turns": 30}, {"delta": Fraction(4, 5)}])
def test_exact_within_four_standard_errors_of_simulation(
    make_row, make_col, noise, horizon
) -> None:
    g = pd()
    exact = play(g, make_row(), make_col(), noise=noise, **horizon)
    estimate = simulate(g, make_row(), make_col(), noise=noise, repetitions=4000, rng=7, **horizon)
    for k in range(2):
        assert estimate.stderr[k] > 0
        assert abs(float(exact.payoffs[k]) - estimate.mean[k]) <= 4 * estimate.stderr[k]


def test_simulation_of_a_deterministic_match_has_no_spread() -> None:
    est = simulate(pd(), tft(), alld(), turns=200, repetitions=5, rng=0)
    assert est.mean == (199.0, 204.0) and est.stderr == (0.0, 0.0)
    # a constant stage payoff: the geometric-time estimator is exact for every draw
    est = simulate(pd(), alld(), alld(), delta=0.99, repetitions=50, rng=1)
    assert est.mean == (1.0, 1.0) and est.stderr == (0.0, 0.0)


def test_simulation_noise_replaces_with_another_action() -> None:
    # 3 actions, always-cooperate with noise 0.3: action 0 in 70% of periods, else 1 or 2 equally
    g = Game(np.diag([0, 1, 2]), np.zeros((3, 3)))
    est = simulate(g, allc(3), allc(3), turns=20, noise=0.3, repetitions=3000, rng=3)
    exact = play(g, allc(3), allc(3), turns=20, noise=Fraction(3, 10))
    assert abs(est.mean[0] - float(exact.payoffs[0])) <= 4 * est.stderr[0]
    assert exact.cooperation == (Fraction(7, 10), Fraction(7, 10))


def test_simulation_is_reproducible_and_serialisable() -> None:
    a = simulate(pd(), gtft(), tft(), delta=0.9, noise=0.05, repetitions=200, rng=11)
    b = simulate(pd(), gtft(), tft(), delta=0.9, noise=0.05, repetitions=200, rng=11)
    assert a == b
    c = simulate(pd(), gtft(), tft(), delta=0.9, noise=0.05, repetitions=200, rng=12)
    assert c.mean != a.mean
    assert isinstance(a, Estimate) and a.repetitions == 200 and a.delta == (0.9, 0.9)
    assert json.loads(json.dumps(a.to_dict()))["mean"] == list(a.mean)
    assert "generous-tft vs tit-for-tat" in repr(a)
    generator = np.random.default_rng(5)
    assert simulate(pd(), coin(), coin(), turns=3, repetitions=10, rng=generator).repetitions == 10


# --- properties on random games and automata ------------------------------------------------


@st.composite
def games(draw: st.DrawFn, symmetric: bool = False) -> Game:
    n = draw(st.sampled_from([2, 3]))
    m = n if symmetric else draw(st.sampled_from([2, 3]))
    entries = st.integers(-6, 6)
    A = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    if symmetric:
        return Game(A, np.array(A, dtype=object).T.tolist())
    B = draw(st.lists(st.lists(entries, min_size=n, max_size=n), min_size=m, max_size=m))
    return Game(A, B)


@st.composite
def automata(draw: st.DrawFn, n_own: int, n_other: int, mixed: bool = False) -> Automaton:
    k = draw(st.integers(1, 3))
    outputs: list[int | Prob] = []
    for _ in range(k):
        if mixed and draw(st.booleans()):
            weights = draw(st.lists(st.integers(0, 3), min_size=n_own, max_size=n_own))
            weights[draw(st.integers(0, n_own - 1))] += 1
            outputs.append(tuple(Fraction(w, sum(weights)) for w in weights))
        else:
            outputs.append(draw(st.integers(0, n_own - 1)))
    table = draw(
        st.lists(st.integers(0, k - 1), min_size=k * n_own * n_other, max_size=k * n_own * n_other)
    )
    start = draw(st.integers(0, k - 1))
    return machine(
        "random-machine",
        outputs,
        lambda s, i, j: table[(s * n_own + i) * n_other + j],
        n_own,
        n_other,
        start,
    )


@st.composite
def matches(draw: st.DrawFn, mixed: bool = False, symmetric: bool = False) -> Any:
    g = draw(games(symmetric))
    m, n = g.shape
    return g, draw(automata(m, n, mixed)), draw(automata(n, m, mixed))


@settings(max_examples=300)
@given(matches(), st.integers(1, 60))
def test_totals_equal_the_period_by_period_sum(match, turns: int) -> None:
    g, row, col = match
    out = play(g, row, col, turns=turns)
    profiles = naive_profiles(row, col, turns)
    assert out.payoffs == (
        sum(g.exact_A[p] for p in profiles),
        sum(g.exact_B[p] for p in profiles),
    )
    assert out.moves == tuple(profiles)
    assert out.cooperation[0] == Fraction(sum(p[0] == 0 for p in profiles), turns)


@settings(max_examples=200)
@given(matches(), st.fractions(Fraction(1, 100), Fraction(99, 100)))
def test_discounted_is_a_fraction_with_a_matching_cycle(match, delta: Fraction) -> None:
    g, row, col = match
    out = play(g, row, col, delta=delta)
    assert all(isinstance(x, Fraction) for x in (*out.payoffs, *out.cooperation))
    assert out.prefix is not None and out.cycle is not None
    stream = [g.exact_B[p] for p in (*out.prefix, *out.cycle)]
    assert out.payoffs[1] == closed_form(stream, len(out.prefix), delta)
    p, c = len(out.prefix), len(out.cycle)
    assert [*out.prefix, *out.cycle * 2] == naive_profiles(row, col, p + 2 * c)


@settings(max_examples=100)
@given(
    matches(mixed=True),
    st.sampled_from([Fraction(0), Fraction(1, 10)]),
    st.integers(1, 3),
)
def test_noisy_mixed_totals_equal_enumeration(match, noise: Fraction, turns: int) -> None:
    g, row, col = match
    assert play(g, row, col, turns=turns, noise=noise).payoffs == brute_force(
        g, row, col, turns, noise
    )


@settings(max_examples=100)
@given(
    matches(mixed=True),
    st.integers(-3, 4).filter(bool),
    st.integers(-5, 5),
    st.sampled_from([{"turns": 7}, {"delta": Fraction(2, 3)}]),
    st.sampled_from([0, Fraction(1, 10)]),
)
def test_payoffs_are_affine_in_the_game(match, scale: int, shift: int, horizon, noise) -> None:
    g, row, col = match
    moved = Game(g.exact_A * scale + shift, g.exact_B * scale + shift)
    base = play(g, row, col, noise=noise, **horizon)
    out = play(moved, row, col, noise=noise, **horizon)
    periods = horizon.get("turns", 1)  # a total over T periods, or a normalised payoff
    assert out.payoffs == tuple(x * scale + shift * periods for x in base.payoffs)
    assert out.cooperation == base.cooperation


@settings(max_examples=100)
@given(
    matches(mixed=True, symmetric=True),
    st.sampled_from([{"turns": 9}, {"delta": Fraction(3, 4)}]),
    st.sampled_from([0, Fraction(1, 20)]),
)
def test_swapping_seats_in_a_symmetric_game_swaps_payoffs(match, horizon, noise) -> None:
    g, a, b = match
    forward = play(g, a, b, noise=noise, **horizon)
    backward = play(g, b, a, noise=noise, **horizon)
    assert backward.payoffs == forward.payoffs[::-1]
    assert backward.cooperation == forward.cooperation[::-1]


# --- strategies, non-square games, results ---------------------------------------------------


def _cooperate(side: Side) -> Automaton:
    n, k = side.n_own, side.n_other
    return machine("open", [side.cooperate], lambda s, i, j: 0, n, k)


def _trigger(side: Side) -> Automaton:
    n, k = side.n_own, side.n_other
    rule = lambda s, i, j: 1 if s == 1 or j != side.other_cooperate else 0  # noqa: E731
    return machine("trigger", [side.cooperate, side.punish_action], rule, n, k)


OPEN = Strategy("open", _cooperate)
TRIGGER = Strategy("trigger", _trigger)


def test_strategies_bind_to_each_seat_of_a_non_square_game() -> None:
    # a 3x2 ladder: the row player has three actions, the column player two
    g = Game([[0, -5], [7, -4], [17, -3]], [[0, -3], [-40, -39], [-100, -95]])
    out = play(g, TRIGGER, OPEN, turns=10)
    assert out.payoffs == (0, 0) and out.cycle == ((0, 0),)
    deviator = machine("deviate-once", [1, 0], lambda s, i, j: 1, 3, 2)
    out = play(g, deviator, TRIGGER, turns=10)
    # (1,0) once, then the column player punishes with its last action forever
    assert out.moves == ((1, 0), *((0, 1),) * 9)
    assert out.payoffs == (7 + 9 * -5, -40 + 9 * -3)


def test_outcome_is_readable_and_json_safe() -> None:
    out = play(pd(), tft(), alld(), turns=3)
    data = json.loads(json.dumps(out.to_dict()))
    assert data["payoffs"] == ["2", "7"]
    assert data["moves"] == [["C", "D"], ["D", "D"], ["D", "D"]]
    assert data["prefix"] == [["C", "D"]] and data["cycle"] == [["D", "D"]]
    assert "tit-for-tat vs always-defect" in repr(out) and "payoffs=(2, 7)" in repr(out)
    noisy = play(pd(), gtft(), tft(), delta=0.9, noise=0.05)
    assert isinstance(noisy, Outcome) and noisy.prefix is None and noisy.moves is None
    data = json.loads(json.dumps(noisy.to_dict()))
    assert data["noise"] == "1/20" and data["delta"] == ["9/10", "9/10"]
    assert Fraction(data["payoffs"][0]) == noisy.payoffs[0]
    assert "≈" in repr(noisy) or "/" in repr(noisy)


def test_unreached_mixed_states_keep_the_path() -> None:
    # a mixed state that the match never visits leaves it deterministic
    row = machine("cautious", [0, (Fraction(1, 2), Fraction(1, 2))], lambda s, i, j: s)
    out = play(pd(), row, allc(), turns=5)
    assert out.cycle == ((0, 0),) and out.payoffs == (15, 15)


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("turns", [0, -3, 2.5, True, "10", 10.0])
def test_bad_turns(turns) -> None:
    with pytest.raises(ValueError, match="turns must be a whole number"):
        play(pd(), tft(), alld(), turns=turns)


@pytest.mark.parametrize("noise", [-0.1, 1, 1.5, float("nan"), True, "0.1"])
def test_bad_noise(noise) -> None:
    with pytest.raises(ValueError, match=r"noise must be a probability in \[0, 1\)"):
        play(pd(), tft(), alld(), turns=5, noise=noise)


def test_bad_delta() -> None:
    with pytest.raises(ValueError, match="needs delta"):
        play(pd(), tft(), alld())
    for delta in (0, 1, 1.5, (0.5, 0.5, 0.5), "x"):
        with pytest.raises(ValueError, match="delta"):
            play(pd(), tft(), alld(), delta=delta)
    # a finite horizon ignores delta
    assert play(pd(), tft(), alld(), delta=0.5, turns=2).delta is None


def test_bad_automata_and_games() -> None:
    with pytest.raises(ValueError, match="the row player of this game has 2 actions"):
        play(pd(), alld(3), alld(), turns=5)
    with pytest.raises(ValueError, match="the column player of this game has 2 actions"):
        play(pd(), alld(), allc(3), turns=5)
    with pytest.raises(ValueError, match="a strategy must be"):
        play(pd(), 42, alld(), turns=5)
    with pytest.raises(ValueError, match="needs a tradegame Game"):
        play([[1, 2], [3, 4]], tft(), alld(), turns=5)
    x = sympy.Symbol("x")
    with pytest.raises(ValueError, match="symbolic"):
        play(Game([[x, 0], [0, 1]], [[1, 0], [0, 1]]), tft(), alld(), turns=5)


@pytest.mark.parametrize("repetitions", [1, 0, 2.5, True])
def test_bad_repetitions(repetitions) -> None:
    with pytest.raises(ValueError, match="repetitions must be a whole number >= 2"):
        simulate(pd(), tft(), alld(), turns=5, repetitions=repetitions)


def test_simulate_checks_like_play() -> None:
    with pytest.raises(ValueError, match="needs delta"):
        simulate(pd(), tft(), alld())
    with pytest.raises(ValueError, match="noise"):
        simulate(pd(), tft(), alld(), turns=3, noise=1)
    with pytest.raises(ValueError, match="turns"):
        simulate(pd(), tft(), alld(), turns=0)


# --- the named strategy library, when present ------------------------------------------------

library = importlib.import_module("tradegame.solvers.strategies")
needs_library = pytest.mark.skipif(
    not hasattr(library, "strategy"), reason="the named strategy library is not available"
)


@needs_library
def test_named_strategies_reproduce_the_oracle() -> None:
    # ORACLES.md: tit-for-tat vs always-defect over 200 turns totals 199 : 204 (Axelrod)
    names = library.strategies()
    defect = next(n for n in ("always-restrict", "always-defect") if n in names)
    g = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["open", "restrict"],) * 2)
    assert play(g, "tit-for-tat", defect, turns=200).payoffs == (199, 204)
    assert play(g, library.strategy("tit-for-tat"), "tit-for-tat", turns=200).payoffs == (600, 600)


@needs_library
def test_every_named_strategy_plays_exactly_and_agrees_with_simulation() -> None:
    g = pd()
    for name in library.strategies():
        out = play(g, name, "tit-for-tat", delta=Fraction(4, 5), noise=Fraction(1, 20))
        assert out.exact
        est = simulate(g, name, "tit-for-tat", delta=0.8, noise=0.05, repetitions=1500, rng=2)
        for k in range(2):
            assert abs(float(out.payoffs[k]) - est.mean[k]) <= 4 * est.stderr[k] + 1e-12
