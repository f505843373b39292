"""Tests for tradegame.solvers.finite: subgame-perfect equilibria of finitely repeated games."""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import FrozenInstanceError
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from tradegame.game import Game
from tradegame.solvers.finite import MAX_VECTORS, FiniteHorizon, Witness, finite_horizon

CD = (["C", "D"], ["C", "D"])
CDP = (["C", "D", "P"], ["C", "D", "P"])


def pd(scale: Any = 1) -> Game:
    """The prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0): C is action 0, D action 1."""
    A = [[3 * scale, 0 * scale], [5 * scale, 1 * scale]]
    return Game(A, [list(r) for r in zip(*A, strict=True)], actions=CD)


# The prisoner's dilemma with a third action P whose equilibrium (P, P) is bad for
# both: (D, D) pays (1, 1), (P, P) pays (-2, -2), and the gap of 3 exceeds the
# gain of 2 from deviating from (C, C).
BK_A = [[3, 0, -3], [5, 1, -3], [-3, -3, -2]]


def bk(scale: Any = 1) -> Game:
    A = [[x * scale for x in row] for row in BK_A]
    return Game(A, [list(r) for r in zip(*A, strict=True)], actions=CDP, players=("US", "China"))


# --- independent references --------------------------------------------------------------


def stage_ne(A: Any, B: Any) -> list[tuple[int, int]]:
    """Pure stage equilibria, from the definition."""
    m, n = len(A), len(A[0])
    return [
        (i, j)
        for i in range(m)
        for j in range(n)
        if all(A[i][j] >= A[d][j] for d in range(m)) and all(B[i][j] >= B[i][e] for e in range(n))
    ]


def brute_force_two_periods(A: Any, B: Any, delta: tuple[Fraction, Fraction]) -> set[Any]:
    """SPE payoffs of the twice-repeated game, by enumerating every pure strategy profile.

    A strategy is a first action and a second action after each of the m*n first-period
    histories. A profile is an SPE when its play after every history is a stage
    equilibrium (the period-2 subgames) and no player gains by switching to any other
    strategy in the whole game. Integer payoffs, scaled by q_i for delta_i = p_i / q_i.
    """
    A, B = np.array(A, dtype=np.int64), np.array(B, dtype=np.int64)
    m, n = A.shape
    H = m * n
    R = np.array(list(itertools.product(range(m), repeat=1 + H)))
    C = np.array(list(itertools.product(range(n), repeat=1 + H)))
    r1, c1 = R[:, 0][:, None], C[:, 0][None, :]
    h = r1 * n + c1
    r2 = np.take_along_axis(R, 1 + h, axis=1)
    c2 = np.take_along_axis(C.T, 1 + h, axis=0)
    (p0, q0), (p1, q1) = ((d.numerator, d.denominator) for d in delta)
    pay_r = q0 * A[r1, c1] + p0 * A[r2, c2]
    pay_c = q1 * B[r1, c1] + p1 * B[r2, c2]
    is_ne = np.zeros((m, n), dtype=bool)
    for i, j in stage_ne(A.tolist(), B.tolist()):
        is_ne[i, j] = True
    ok = np.ones(pay_r.shape, dtype=bool)
    for k in range(H):
        ok &= is_ne[R[:, 1 + k][:, None], C[:, 1 + k][None, :]]
    ok &= pay_r >= pay_r.max(axis=0, keepdims=True)
    ok &= pay_c >= pay_c.max(axis=1, keepdims=True)
    return {
        (Fraction(int(x), q0), Fraction(int(y), q1))
        for x, y in zip(pay_r[ok], pay_c[ok], strict=True)
    }


def three_periods_2x2(A: Any, B: Any) -> set[Any]:
    """SPE totals of a 2x2 game played three times, from the two-period brute force.

    An SPE of three periods is a first profile a followed, after each first-period
    history, by an SPE of the two-period game. Every assignment of SPE payoffs to the
    three histories a unilateral deviation can reach is tried; a deviator's best
    continuation is its SPE payoff there, since an SPE is a Nash equilibrium of it.
    """
    V2 = sorted(brute_force_two_periods(A, B, (Fraction(1), Fraction(1))))
    out = set()
    for r, c in itertools.product(range(2), range(2)):
        for on, dev_r, dev_c in itertools.product(V2, repeat=3):
            keeps_r = A[r][c] + on[0] >= A[1 - r][c] + dev_r[0]
            keeps_c = B[r][c] + on[1] >= B[r][1 - c] + dev_c[1]
            if keeps_r and keeps_c:
                out.add((A[r][c] + on[0], B[r][c] + on[1]))
    return out


def path_value(g: Game, path: Any, delta: Any) -> tuple[Fraction, Fraction]:
    """The discounted sum of a path of named profiles."""
    assert g.exact_A is not None and g.exact_B is not None
    total = [Fraction(0), Fraction(0)]
    for k, (a, b) in enumerate(path):
        i, j = g.action_index(0, a), g.action_index(1, b)
        total[0] += Fraction(delta[0]) ** k * g.exact_A[i, j]
        total[1] += Fraction(delta[1]) ** k * g.exact_B[i, j]
    return total[0], total[1]


def names(g: Game, profiles: Any) -> list[tuple[str, str]]:
    return [(g.actions[0][i], g.actions[1][j]) for i, j in profiles]


# --- strategies -------------------------------------------------------------------------


def matrices(m: int, n: int, low: int = -3, high: int = 3) -> st.SearchStrategy[Any]:
    entry = st.integers(low, high)
    mat = st.lists(st.lists(entry, min_size=n, max_size=n), min_size=m, max_size=m)
    return st.tuples(mat, mat)


deltas = st.tuples(st.integers(1, 4), st.integers(0, 3)).map(lambda t: Fraction(t[0], t[0] + t[1]))


# --- the prisoner's dilemma --------------------------------------------------------------


@pytest.mark.parametrize("T", range(1, 7))
def test_pd_only_repeats_the_stage_equilibrium(T: int) -> None:
    result = finite_horizon(pd(), T)
    assert result.payoffs == ((Fraction(T), Fraction(T)),)
    assert all(type(x) is Fraction for x in result.payoffs[0])
    assert result.sustainable == {t: [("D", "D")] for t in range(1, T + 1)}
    assert result.best == result.worst == (T, T)
    assert result.unique_stage_equilibrium
    assert result.stage_equilibria == (("D", "D"),)
    assert result.mixed_stage_equilibria == 0
    assert result.witness is None
    assert result.set_sizes == (1,) * T
    assert f"plays (D, D) in each of the {T} period" in result.explanation


# --- Benoît–Krishna: two stage equilibria ------------------------------------------------


def test_bk_two_periods_by_hand() -> None:
    # Row gains max_d A[d, j] - A[i, j]: (C,C) 2, (C,D) 1, (C,P) 1, (D,C) 0, (D,D) 0,
    # (D,P) 1, (P,C) 8, (P,D) 4, (P,P) 0; the column player's mirror them. With E_2 =
    # {(1,1), (-2,-2)} a profile is sustainable when both gains are at most 1 - (-2) = 3
    # (rewarded with (D, D)), and may be followed by (P, P) only when both gains are 0.
    result = finite_horizon(bk(), 2)
    assert result.sustainable[1] == [("C", "C"), ("C", "D"), ("D", "C"), ("D", "D"), ("P", "P")]
    assert result.sustainable[2] == [("D", "D"), ("P", "P")]
    expected = [(-4, -4), (-1, -1), (1, 6), (2, 2), (4, 4), (6, 1)]
    assert result.payoffs == tuple((Fraction(x), Fraction(y)) for x, y in expected)
    assert result.best == (6, 6) and result.worst == (-4, -4)
    assert not result.unique_stage_equilibrium
    assert result.stage_equilibria == (("D", "D"), ("P", "P"))
    assert result.mixed_stage_equilibria == 1  # both mix D and P with weights 1/5, 4/5
    w = result.witness
    assert w is not None
    assert (w.period, w.profile, w.gains) == (1, ("C", "C"), (2, 2))
    assert w.path == (("C", "C"), ("D", "D"))
    assert w.reward == (("D", "D"),) and w.reward_payoffs == (1, 1)
    assert w.punishments == ((("P", "P"),), (("P", "P"),))
    assert w.punishment_payoffs == (-2, -2)
    assert "Benoît and Krishna" in result.explanation
    assert "deviation by US" in result.explanation and "by China" in result.explanation


@pytest.mark.parametrize("T", range(2, 8))
def test_bk_cooperation_in_all_but_the_last_period(T: int) -> None:
    result = finite_horizon(bk(), T)
    for t in range(1, T):
        assert ("C", "C") in result.sustainable[t]
    assert result.sustainable[T] == [("D", "D"), ("P", "P")]
    # Cooperating until T-1 and playing (D, D) last is an SPE path: 3(T-1) + 1 each.
    assert (3 * T - 2, 3 * T - 2) in result.payoffs
    # Nothing beats it for both: (C, C) is the best profile and the last period is Nash.
    assert max(x + y for x, y in result.payoffs) == 2 * (3 * T - 2)
    # Always (P, P) is the worst SPE for both (no SPE pays less than the minmax -2 per
    # period; both players can guarantee -2 by playing P).
    assert result.worst == (-2 * T, -2 * T)
    w = result.witness
    assert w is not None and w.period == 1 and w.profile == ("C", "C")
    assert w.reward == (("C", "C"),) * (T - 2) + (("D", "D"),)
    assert w.punishments == ((("P", "P"),) * (T - 1),) * 2


def test_bk_last_period_never_cooperates_even_when_patient() -> None:
    for delta in (1, Fraction(9, 10), (Fraction(1, 2), Fraction(3, 4))):
        result = finite_horizon(bk(), 4, delta)
        assert ("C", "C") not in result.sustainable[4]


def test_bk_impatience_kills_cooperation() -> None:
    # (C, C) needs 2 <= delta * (spread of next-period SPE payoffs); with T = 2 the spread
    # is 3, so delta = 2/3 is the threshold, exactly.
    assert ("C", "C") in finite_horizon(bk(), 2, Fraction(2, 3)).sustainable[1]
    assert ("C", "C") not in finite_horizon(
        bk(), 2, Fraction(2, 3) - Fraction(1, 10**9)
    ).sustainable[1]
    # With one impatient player only that player's incentive fails.
    assert ("C", "C") not in finite_horizon(bk(), 2, (Fraction(1, 2), 1)).sustainable[1]


def test_equal_equilibrium_payoffs_sustain_nothing_else() -> None:
    # Two stage equilibria that both pay (1, 1) cannot reward or punish.
    A = [[3, 0, 0], [5, 1, 0], [5, 0, 1]]
    g = Game(A, [list(r) for r in zip(*A, strict=True)])
    result = finite_horizon(g, 5)
    assert result.payoffs == ((5, 5),)
    assert all(result.sustainable[t] == [("r1", "c1"), ("r2", "c2")] for t in range(1, 6))
    assert result.witness is None
    assert "every subgame-perfect path is a sequence of stage equilibria" in result.explanation


def test_one_period_is_the_stage_game() -> None:
    result = finite_horizon(bk(), 1)
    assert result.payoffs == ((-2, -2), (1, 1))
    assert result.witness is None


# --- independent check: brute force over strategy profiles -------------------------------


def test_brute_force_reference_on_bk() -> None:
    # the 3x2 corner of BK: rows C, D, P against columns D, P
    A = [[0, -3], [1, -3], [-3, -2]]
    B = [[5, -3], [1, -3], [-3, -2]]
    one = (Fraction(1), Fraction(1))
    got = finite_horizon(Game(A, B), 2).payoffs
    assert set(got) == brute_force_two_periods(A, B, one)


@settings(max_examples=60)
@given(matrices(2, 2), deltas, deltas)
def test_two_periods_2x2_match_brute_force(AB: Any, d0: Fraction, d1: Fraction) -> None:
    A, B = AB
    result = finite_horizon(Game(A, B), 2, (d0, d1))
    assert set(result.payoffs) == brute_force_two_periods(A, B, (d0, d1))
    assert len(set(result.payoffs)) == len(result.payoffs)


@settings(max_examples=25)
@given(st.sampled_from([(3, 2), (2, 3)]).flatmap(lambda s: matrices(*s)), deltas, deltas)
def test_two_periods_3x2_match_brute_force(AB: Any, d0: Fraction, d1: Fraction) -> None:
    A, B = AB
    result = finite_horizon(Game(A, B), 2, (d0, d1))
    assert set(result.payoffs) == brute_force_two_periods(A, B, (d0, d1))


@settings(max_examples=40)
@given(matrices(2, 2))
def test_three_periods_2x2_match_enumeration(AB: Any) -> None:
    A, B = AB
    assert set(finite_horizon(Game(A, B), 3).payoffs) == three_periods_2x2(A, B)


# --- discounting ---------------------------------------------------------------------------


@pytest.mark.parametrize("T", range(1, 6))
def test_pd_discounted_pair(T: int) -> None:
    d = (Fraction(1, 2), Fraction(3, 4))
    result = finite_horizon(pd(), T, d)
    expected = tuple(sum(x**k for k in range(T)) for x in d)
    assert result.payoffs == (expected,)
    assert result.delta == d


@settings(max_examples=40)
@given(st.data(), st.integers(1, 3), st.integers(1, 3), st.integers(1, 5), deltas, deltas)
def test_dominant_strategies_repeat(
    data: st.DataObject, m: int, n: int, T: int, d0: Fraction, d1: Fraction
) -> None:
    A, B = (np.array(x) for x in data.draw(matrices(m, n)))
    i, j = data.draw(st.integers(0, m - 1)), data.draw(st.integers(0, n - 1))
    A[i, :] = A.max(axis=0) + 1  # i strictly dominant for the row player
    B[:, j] = B.max(axis=1) + 1  # j strictly dominant for the column player
    g = Game(A.tolist(), B.tolist())
    result = finite_horizon(g, T, (d0, d1))
    direct = (
        sum(d0**k * int(A[i, j]) for k in range(T)),
        sum(d1**k * int(B[i, j]) for k in range(T)),
    )
    assert result.payoffs == (direct,)
    assert result.unique_stage_equilibrium
    assert result.sustainable == {t: [(f"r{i}", f"c{j}")] for t in range(1, T + 1)}
    assert "backward induction confirms" in result.explanation


def test_float_delta_read_as_decimal() -> None:
    result = finite_horizon(pd(), 3, 0.9)
    assert result.delta == (Fraction(9, 10), Fraction(9, 10))
    assert result.payoffs == ((Fraction(271, 100), Fraction(271, 100)),)
    inexact = finite_horizon(pd(), 3, 1 / 3)
    assert all(type(x) is float for x in inexact.payoffs[0])
    assert_allclose(inexact.payoffs[0], (13 / 9, 13 / 9), atol=1e-12)


def test_numeric_game_matches_scaled_exact_game() -> None:
    exact, numeric = finite_horizon(bk(), 2), finite_horizon(bk(math.pi), 2)
    assert not bk(math.pi).is_exact
    assert numeric.sustainable == exact.sustainable
    assert all(type(x) is float for v in numeric.payoffs for x in v)
    scaled = [(math.pi * float(x), math.pi * float(y)) for x, y in exact.payoffs]
    assert_allclose(sorted(numeric.payoffs), sorted(scaled), atol=1e-9)
    pd_float = finite_horizon(pd(math.pi), 10)
    assert_allclose(pd_float.payoffs, [(10 * math.pi, 10 * math.pi)], atol=1e-9)


def test_delta_one_and_sympy_rational() -> None:
    a = finite_horizon(bk(), 3, 1.0)
    b = finite_horizon(bk(), 3, (sympy.Rational(1), Fraction(1)))
    c = finite_horizon(bk(), 3, np.array([1, 1]))
    assert a.payoffs == b.payoffs == c.payoffs == finite_horizon(bk(), 3).payoffs
    assert finite_horizon(pd(), 2, sympy.Rational(1, 2)).payoffs == ((Fraction(3, 2),) * 2,)


# --- structural properties -------------------------------------------------------------------


@settings(max_examples=30)
@given(matrices(3, 3), st.integers(1, 3), deltas, deltas)
def test_witness_is_consistent(AB: Any, T: int, d0: Fraction, d1: Fraction) -> None:
    g = Game(*AB)
    result = finite_horizon(g, T, (d0, d1))
    ne = names(g, stage_ne(*AB))
    assert result.stage_equilibria == tuple(ne)
    assert result.sustainable[T] == ne
    if len(ne) == 0:
        assert result.is_empty and result.best is None
        assert all(result.sustainable[t] == [] for t in range(1, T + 1))
        return
    # every sequence of stage equilibria is an SPE path
    for seq in itertools.product(ne, repeat=T):
        assert path_value(g, seq, (d0, d1)) in result.payoffs
    w = result.witness
    off = [t for t in range(1, T + 1) if set(result.sustainable[t]) - set(ne)]
    assert (w is None) == (not off)
    if w is None:
        return
    t = w.period
    assert t == off[0] and w.profile not in ne and w.profile in result.sustainable[t]
    rest = finite_horizon(g, T - t, (d0, d1))  # the game that starts in period t + 1
    assert w.reward_payoffs in rest.payoffs
    assert rest.worst is not None and w.punishment_payoffs == rest.worst
    assert path_value(g, w.reward, (d0, d1)) == w.reward_payoffs
    assert path_value(g, w.punishments[0], (d0, d1))[0] == w.punishment_payoffs[0]
    assert path_value(g, w.punishments[1], (d0, d1))[1] == w.punishment_payoffs[1]
    assert max(w.gains) > 0 and min(w.gains) >= 0  # not a stage equilibrium
    for i, d in enumerate((d0, d1)):
        assert w.gains[i] <= d * (w.reward_payoffs[i] - w.punishment_payoffs[i])
    assert len(w.path) == T and w.path[t - 1] == w.profile and w.path[t:] == w.reward
    assert path_value(g, w.path, (d0, d1)) in result.payoffs
    for s, a in enumerate(w.path, start=1):
        assert a in result.sustainable[s]


@settings(max_examples=30)
@given(matrices(3, 3), st.integers(1, 3), deltas)
def test_one_more_period_shifts_the_sets(AB: Any, T: int, d: Fraction) -> None:
    g = Game(*AB)
    short, long = finite_horizon(g, T, d), finite_horizon(g, T + 1, d)
    assert long.set_sizes[1:] == short.set_sizes
    assert all(long.sustainable[t + 1] == short.sustainable[t] for t in range(1, T + 1))


@settings(max_examples=30)
@given(matrices(3, 3), st.integers(2, 4))
def test_without_discounting_earlier_periods_sustain_more(AB: Any, T: int) -> None:
    result = finite_horizon(Game(*AB), T)
    for t in range(2, T + 1):
        assert set(result.sustainable[t]) <= set(result.sustainable[t - 1])


@settings(max_examples=30)
@given(
    matrices(2, 3),
    st.integers(1, 3),
    st.tuples(st.integers(1, 5), st.integers(-4, 4), st.integers(1, 5), st.integers(-4, 4)),
    deltas,
)
def test_positive_affine_maps_commute(AB: Any, T: int, coef: Any, d: Fraction) -> None:
    a, b, c, e = (Fraction(x, 2) for x in coef)
    A, B = AB
    g = Game(A, B)
    h = Game([[a * x + b for x in r] for r in A], [[c * y + e for y in r] for r in B])
    base, moved = finite_horizon(g, T, d), finite_horizon(h, T, d)
    assert base.sustainable == moved.sustainable
    run = sum(d**k for k in range(T))
    assert moved.payoffs == tuple((a * x + b * run, c * y + e * run) for x, y in base.payoffs)


# --- degenerate games ---------------------------------------------------------------------------


def test_no_pure_equilibrium_gives_empty_set() -> None:
    pennies = Game([[1, -1], [-1, 1]])
    result = finite_horizon(pennies, 3)
    assert result.is_empty and result.payoffs == ()
    assert result.best is None and result.worst is None and result.witness is None
    assert result.sustainable == {1: [], 2: [], 3: []}
    assert result.mixed_stage_equilibria == 1 and not result.unique_stage_equilibrium
    assert "no pure equilibrium" in result.explanation
    assert result.to_dict()["empty"] is True


def test_unique_pure_but_mixed_equilibria_reported() -> None:
    # (r0, c0) is the only pure equilibrium; a mixed one also exists on rows r1, r2.
    A = [[2, 0, 0], [0, 1, 0], [0, 0, 1]]
    B = [[2, 0, 0], [0, 0, 1], [0, 1, 0]]
    result = finite_horizon(Game(A, B), 3)
    assert result.stage_equilibria == (("r0", "c0"),)
    assert result.mixed_stage_equilibria >= 1 and not result.unique_stage_equilibrium
    assert result.payoffs == ((6, 6),)
    assert "mixed" in result.explanation and "plays (r0, c0)" in result.explanation


def test_single_action_players() -> None:
    result = finite_horizon(Game([[1, 4, 2]], [[0, 3, 3]]), 2)
    assert result.stage_equilibria == (("r0", "c1"), ("r0", "c2"))
    # c0 tempts the column player by 3, and both equilibria pay it 3: no punishment
    assert result.sustainable[1] == [("r0", "c1"), ("r0", "c2")]
    assert result.payoffs == ((4, 6), (6, 6), (8, 6))


# --- results ------------------------------------------------------------------------------------


def test_result_is_frozen_and_json_safe() -> None:
    result = finite_horizon(bk(), 3, (Fraction(9, 10), Fraction(4, 5)))
    assert isinstance(result, FiniteHorizon) and isinstance(result.witness, Witness)
    with pytest.raises(FrozenInstanceError):
        result.periods = 4  # type: ignore[misc]
    data = json.loads(json.dumps(result.to_dict()))
    assert data["periods"] == 3 and data["delta"] == ["9/10", "4/5"]
    assert [[Fraction(x) for x in v] for v in data["payoffs"]] == [list(v) for v in result.payoffs]
    assert data["payoffs_float"][0] == [float(x) for x in result.payoffs[0]]
    assert data["sustainable"]["3"] == [["D", "D"], ["P", "P"]]
    assert data["witness"]["profile"] == ["C", "C"]
    assert data["witness"]["gains"] == ["2", "2"]
    assert data["unique_stage_equilibrium"] is False
    text = repr(result)
    assert text.startswith("FiniteHorizon(periods=3, delta=(9/10, 4/5)")
    assert "witness=Witness(period=1, profile=(C, C)" in text
    big = finite_horizon(bk(), 6)
    assert f"<{len(big.payoffs)} vectors>" in repr(big)


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("periods", [0, -1, 2.5, 2.0, True, "3", None])
def test_bad_periods(periods: Any) -> None:
    with pytest.raises(ValueError, match="periods must be a whole number >= 1"):
        finite_horizon(pd(), periods)


@pytest.mark.parametrize(
    "delta", [0, -0.5, 1.5, float("nan"), float("inf"), True, "0.9", None, 1 + 1e-12]
)
def test_bad_delta(delta: Any) -> None:
    with pytest.raises(ValueError, match="delta of row must be"):
        finite_horizon(pd(), 2, delta)


def test_bad_delta_shapes_and_symbols() -> None:
    with pytest.raises(ValueError, match="sequence of 3 values"):
        finite_horizon(pd(), 2, (0.5, 0.5, 0.5))
    with pytest.raises(ValueError, match="delta of col must be in"):
        finite_horizon(pd(), 2, (0.5, 2))
    with pytest.raises(ValueError, match="expression"):
        finite_horizon(pd(), 2, sympy.Symbol("d"))


def test_symbolic_and_non_games_rejected() -> None:
    x = sympy.Symbol("x")
    with pytest.raises(ValueError, match="symbolic"):
        finite_horizon(Game([[x, 0], [5, 1]], [[3, 5], [0, 1]]), 2)
    with pytest.raises(ValueError, match="needs a tradegame Game"):
        finite_horizon([[1, 2], [3, 4]], 2)  # type: ignore[arg-type]


def test_cap_exceeded() -> None:
    assert MAX_VECTORS == 100_000
    with pytest.raises(ValueError, match="over the cap max_vectors=50; use fewer periods"):
        finite_horizon(bk(), 5, max_vectors=50)
    assert finite_horizon(bk(), 5, max_vectors=92).set_sizes[0] == 92  # the cap is inclusive
    # discounting makes the sets grow geometrically: past the default cap by T = 8
    with pytest.raises(ValueError, match=r"more than 100000 .* period 1 of 8"):
        finite_horizon(bk(), 8, (Fraction(9, 10), Fraction(4, 5)))
    for cap in (0, -3, 1.5, True):
        with pytest.raises(ValueError, match="max_vectors must be a whole number"):
            finite_horizon(pd(), 2, max_vectors=cap)  # type: ignore[arg-type]
