"""Tests for tradegame.solvers.repeated: grim-trigger critical discount factors."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tradegame.game import Game
from tradegame.solvers.grim import GrimAnalysis
from tradegame.solvers.repeated import RepeatedGame

INF = float("inf")
CD = (["C", "D"], ["C", "D"])


def pd(T: object = 5, R: object = 3, P: object = 1, S: object = 0, **kw: object) -> Game:
    """The prisoner's dilemma: C is action 0, D action 1."""
    return Game([[R, S], [T, P]], [[R, T], [S, P]], actions=CD, **kw)  # type: ignore[arg-type]


def independent_threshold(v: Fraction, d: Fraction, p: Fraction) -> Fraction | float:
    """The grim threshold from the definition, written out again.

    Deviating does not pay iff f(delta) = (v - d) + delta (d - p) >= 0, a line in delta
    with f(1) = v - p. The threshold is where the final stretch on which f >= 0 begins.
    """
    if p > v or (p == v and d > v):  # f < 0 just below 1
        return INF
    if d <= v:  # f(0) >= 0 and f(1) >= 0: f >= 0 on all of (0, 1)
        return Fraction(0)
    return (d - v) / (d - p)


def profitable(delta: Fraction, v: Fraction, d: Fraction, p: Fraction) -> bool:
    """Whether deviating once and being punished forever beats the path."""
    return (1 - delta) * d + delta * p > v


# --- oracles ------------------------------------------------------------------------------


def test_pd_oracle_by_names_and_indices() -> None:
    rg = RepeatedGame(pd(), 0.9)
    for path in (("C", "C"), (0, 0), ("C", 0), [0, "C"]):
        result = rg.critical_delta("grim", path=path)
        assert result == (Fraction(1, 2), Fraction(1, 2))
        assert all(type(t) is Fraction for t in result)
    assert rg.critical_delta() == (Fraction(1, 2), Fraction(1, 2))  # defaults: grim, (0, 0)
    assert rg.critical_delta(path=("C", "C"), punish=("D", "D")) == (Fraction(1, 2),) * 2


def test_pd_formula_over_parameters() -> None:
    for T, R, P, S in [(5, 3, 1, 0), (7, 4, 2, 1), (10, 9, 0, -3), (4, 3, 2, 1)]:
        got = RepeatedGame(pd(T, R, P, S), 0.5).critical_delta(path=("C", "C"))
        assert got == (Fraction(T - R, T - P),) * 2


def test_details_pd() -> None:
    details = RepeatedGame(pd(), 0.9).grim_details(("C", "C"))
    assert isinstance(details, GrimAnalysis)
    assert details.path == (0, 0)
    assert details.punish == (1, 1)
    assert details.path_payoffs == (3, 3)
    assert details.deviation_payoffs == (5, 5)
    assert details.deviation_actions == (1, 1)
    assert details.punishment_payoffs == (1, 1)
    assert details.thresholds == (Fraction(1, 2), Fraction(1, 2))
    assert details.sustainable == (True, True)
    assert details.punish_label() == "(D, D)"
    text = repr(details)
    assert "path=(C, C)" in text and "1/2" in text and "(D, D)" in text
    data = details.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["thresholds"] == ["1/2", "1/2"]
    assert data["thresholds_float"] == [0.5, 0.5]
    assert data["path_actions"] == ["C", "C"]
    assert data["sustainable"] == [True, True]


def test_inexact_game_gives_floats() -> None:
    g = pd(5 + math.pi / 100, 3, 1, 0)
    assert not g.is_exact
    thresholds = RepeatedGame(g, 0.9).critical_delta(path=("C", "C"))
    assert all(type(t) is float for t in thresholds)
    expected = (2 + math.pi / 100) / (4 + math.pi / 100)
    np.testing.assert_allclose(thresholds, [expected, expected], rtol=0, atol=1e-12)


# --- delta, asymmetric discounting and sustainability ----------------------------------


def test_asymmetric_delta_and_flags() -> None:
    rg = RepeatedGame(pd(), (0.6, 0.4))
    assert rg.delta == (0.6, 0.4)
    details = rg.grim_details(("C", "C"))
    assert details.sustainable == (True, False)
    assert RepeatedGame(pd(), [0.4, 0.6]).grim_details((0, 0)).sustainable == (False, True)
    # at the threshold exactly, the player is (weakly) willing: delta >= delta*
    assert RepeatedGame(pd(), 0.5).grim_details((0, 0)).sustainable == (True, True)
    assert RepeatedGame(pd(), Fraction(1, 2)).grim_details((0, 0)).sustainable == (True, True)
    assert RepeatedGame(pd(), np.array([0.5, 0.49])).grim_details((0, 0)).sustainable == (
        True,
        False,
    )


def test_delta_stored_as_pair() -> None:
    assert RepeatedGame(pd(), 0.9).delta == (0.9, 0.9)
    assert RepeatedGame(pd(), Fraction(9, 10)).delta == (Fraction(9, 10), Fraction(9, 10))
    assert RepeatedGame(pd(), sympy.Rational(1, 3)).delta == (Fraction(1, 3), Fraction(1, 3))
    d = sympy.Symbol("delta")
    assert RepeatedGame(pd(), d).delta == (d, d)


@pytest.mark.parametrize(
    ("delta", "message"),
    [
        (0, "strictly between 0 and 1"),
        (1, "strictly between 0 and 1"),
        (1.5, "strictly between 0 and 1"),
        (-0.2, "strictly between 0 and 1"),
        (float("nan"), "strictly between 0 and 1"),
        (float("inf"), "strictly between 0 and 1"),
        ((0.5, 1.0), "strictly between 0 and 1"),
        ((0.5,), "pair"),
        ((0.5, 0.6, 0.7), "pair"),
        ("0.5", "must be a number"),
        (None, "must be a number"),
        (True, "must be a number"),
    ],
)
def test_bad_delta(delta: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RepeatedGame(pd(), delta)


def test_bad_delta_names_the_player() -> None:
    g = pd()
    g.players = ("US", "China")
    with pytest.raises(ValueError, match="China"):
        RepeatedGame(g, (0.5, 2))


# --- conventions: zero and infinity ------------------------------------------------------


def test_path_that_is_stage_equilibrium_needs_no_patience() -> None:
    rg = RepeatedGame(pd(), 0.1)
    assert rg.critical_delta(path=("D", "D")) == (0, 0)
    details = rg.grim_details(("D", "D"))
    assert details.sustainable == (True, True)
    assert details.deviation_payoffs == (0, 0)  # deviating to C against D gives S


def test_unsustainable_path_is_infinite() -> None:
    # On (C, D) the row player gets S = 0 < P = 1: punishment is no threat.
    rg = RepeatedGame(pd(), 0.99)
    assert rg.critical_delta(path=("C", "D")) == (INF, 0)
    assert rg.critical_delta(path=("D", "C")) == (0, INF)
    details = rg.grim_details(("C", "D"))
    assert details.sustainable == (False, True)
    assert details.to_dict()["thresholds"] == ["inf", "0"]


def test_one_action_player_has_no_deviation() -> None:
    g = Game([[2, 0]], [[2, 3]])
    details = RepeatedGame(g, 0.5).grim_details((0, 0))
    assert details.deviation_actions == (None, 1)
    assert details.thresholds == (0, INF)  # the only equilibrium is (0, 1): col gets 3 > 2


# --- punishment choice ----------------------------------------------------------------


def two_equilibria() -> Game:
    """A 3x3 game with three stage equilibria of different severity.

    Path (0, 0) pays 4 each and deviating pays 6. The pure equilibria (1, 1) and (2, 2)
    pay 2 and 0 each; mixing 1/4 : 3/4 over actions 1 and 2 is an equilibrium paying -1/4.
    """
    A = [[4, -1, -1], [6, 2, -1], [-1, -1, 0]]
    return Game(A, np.array(A).T.tolist())


def test_auto_punishment_picks_harshest_equilibrium() -> None:
    rg = RepeatedGame(two_equilibria(), 0.9)
    assert rg.critical_delta(path=(0, 0), punish=(1, 1)) == (Fraction(1, 2), Fraction(1, 2))
    assert rg.critical_delta(path=(0, 0), punish=(2, 2)) == (Fraction(1, 3), Fraction(1, 3))
    # the harshest is the mixed one: (6 - 4) / (6 + 1/4) = 8/25
    details = rg.grim_details((0, 0))
    assert details.thresholds == (Fraction(8, 25), Fraction(8, 25))
    assert details.punishment_payoffs == (Fraction(-1, 4), Fraction(-1, 4))
    mix = (Fraction(0), Fraction(1, 4), Fraction(3, 4))
    assert details.punish == (mix, mix)


def test_auto_punishment_ties_go_to_first_equilibrium() -> None:
    from tradegame.solvers.stage import equilibria

    g = two_equilibria()
    first = equilibria(g)[0]
    # (1, 1) is a stage equilibrium: no player deviates, every punishment gives (0, 0)
    details = RepeatedGame(g, 0.9).grim_details((1, 1))
    assert details.thresholds == (0, 0)
    assert details.punishment_payoffs == first.exact_payoffs


def test_mixed_punishment_exact() -> None:
    # No pure equilibrium: the unique equilibrium mixes with row (2/3, 1/3), col (3/5, 2/5);
    # its payoffs are (9/5, 2).
    g = Game([[3, 0], [5, -3]], [[3, 4], [0, -2]], actions=(["U", "D"], ["L", "R"]))
    details = RepeatedGame(g, 0.6).grim_details(("U", "L"))
    assert details.punishment_payoffs == (Fraction(9, 5), Fraction(2))
    assert details.punish == ((Fraction(2, 3), Fraction(1, 3)), (Fraction(3, 5), Fraction(2, 5)))
    assert details.thresholds == (Fraction(5, 8), Fraction(1, 2))
    assert all(type(t) is Fraction for t in details.thresholds)
    assert details.sustainable == (False, True)
    assert "mixed" in details.punish_label()
    data = details.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data


def test_minmax_punishment() -> None:
    rg = RepeatedGame(pd(), 0.9)
    assert rg.critical_delta(path=("C", "C"), punish="minmax") == (Fraction(1, 2),) * 2
    # The column player's third action X holds the row player to -1, below the stage
    # equilibrium payoff 1: a harsher (Nash, not subgame-perfect) threat.
    A = [[3, 0, -2], [5, 1, -1]]
    B = [[3, 5, -5], [0, 1, -5]]
    g = Game(A, B, actions=(["C", "D"], ["C", "D", "X"]))
    rg = RepeatedGame(g, Fraction(2, 5))
    assert rg.critical_delta(path=("C", "C")) == (Fraction(1, 2), Fraction(1, 2))
    details = rg.grim_details(("C", "C"), punish="minmax")
    assert details.punish == "minmax"
    assert details.punishment_payoffs == (-1, 1)
    assert details.thresholds == (Fraction(1, 3), Fraction(1, 2))
    assert all(type(t) is Fraction for t in details.thresholds)
    assert details.sustainable == (True, False)
    assert details.to_dict()["punish"] == "minmax"


# --- bad input ----------------------------------------------------------------------------


def test_unknown_strategy() -> None:
    rg = RepeatedGame(pd(), 0.9)
    with pytest.raises(ValueError, match=r"unknown strategy 'no-such-strategy'.*grim"):
        rg.critical_delta("no-such-strategy", path=(0, 0))
    with pytest.raises(ValueError, match="a strategy must be a name"):
        rg.critical_delta(None, path=(0, 0))  # type: ignore[arg-type]


def test_bad_paths_and_actions() -> None:
    rg = RepeatedGame(pd(), 0.9)
    with pytest.raises(ValueError, match="has no action 'X'; its actions are C, D"):
        rg.critical_delta(path=("X", "C"))
    with pytest.raises(ValueError, match=r"actions 0..1; got index 2"):
        rg.critical_delta(path=(0, 2))
    for path in ("CC", (0,), (0, 0, 0), 0):
        with pytest.raises(ValueError, match="path must be a pair"):
            rg.critical_delta(path=path)  # type: ignore[arg-type]


def test_punish_not_an_equilibrium() -> None:
    rg = RepeatedGame(pd(), 0.9)
    with pytest.raises(ValueError, match=r"punish \(C, C\) is not a stage Nash equilibrium"):
        rg.critical_delta(path=("C", "C"), punish=("C", "C"))
    with pytest.raises(ValueError, match="punish must be None, 'minmax'"):
        rg.critical_delta(path=("C", "C"), punish="harsh")
    with pytest.raises(ValueError, match="has no action 'Z'"):
        rg.critical_delta(path=("C", "C"), punish=("Z", "D"))


def test_not_a_game() -> None:
    with pytest.raises(ValueError, match="needs a tradegame Game"):
        RepeatedGame([[1, 2], [3, 4]], 0.5)  # type: ignore[arg-type]


# --- symbolic games ---------------------------------------------------------------------

T, R, P, S = sympy.symbols("T R P S")
PD_POINT = {T: 5, R: 3, P: 1, S: 0}


def test_symbolic_pd_formula() -> None:
    g = pd(T, R, P, S, point=PD_POINT)
    assert g.is_symbolic
    rg = RepeatedGame(g, 0.9)
    row, col = rg.critical_delta(path=("C", "C"))
    for expr in (row, col):
        assert sympy.simplify(expr - (T - R) / (T - P)) == 0
        assert expr.subs(PD_POINT) == sympy.Rational(1, 2)
    numeric = RepeatedGame(g.subs(), 0.9).critical_delta(path=("C", "C"))
    assert (row.subs(PD_POINT), col.subs(PD_POINT)) == numeric
    details = rg.grim_details(("C", "C"))
    assert details.sustainable == (True, True)
    assert details.punish == (1, 1)
    data = details.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["thresholds_float"] == [0.5, 0.5]


def test_symbolic_point_with_string_keys_and_other_branches() -> None:
    g = pd(T, R, P, S, point={"T": 5, "R": 3, "P": 1, "S": 0})
    rg = RepeatedGame(g, 0.3)
    assert rg.grim_details(("C", "C")).sustainable == (False, False)
    assert rg.critical_delta(path=("D", "D")) == (0, 0)
    assert rg.critical_delta(path=("C", "D")) == (INF, 0)


def test_symbolic_without_point() -> None:
    g = pd(T, R, P, S)
    rg = RepeatedGame(g, 0.9)
    with pytest.raises(ValueError, match=r"no reference point.*punish="):
        rg.critical_delta(path=("C", "C"))
    row, col = rg.critical_delta(path=("C", "C"), punish=("D", "D"))
    assert sympy.simplify(row - (T - R) / (T - P)) == 0
    assert sympy.simplify(col - (T - R) / (T - P)) == 0
    assert rg.grim_details(("C", "C"), ("D", "D")).sustainable == (None, None)
    with pytest.raises(ValueError, match="minmax"):
        rg.critical_delta(path=("C", "C"), punish="minmax")


def test_symbolic_punish_checked() -> None:
    a = sympy.Symbol("a", positive=True)
    g = Game([[a, 0], [a + 1, 1]], [[a, a + 1], [0, 1]])  # a PD-like game for every a > 0
    with pytest.raises(ValueError, match="not a stage Nash equilibrium"):
        RepeatedGame(g, 0.5).critical_delta(path=(0, 0), punish=(0, 0))
    with_point = Game(g.A, g.B, point={a: 2})
    with pytest.raises(ValueError, match="not a stage Nash equilibrium"):
        RepeatedGame(with_point, 0.5).critical_delta(path=(0, 0), punish=(0, 0))


def test_symbolic_mixed_punishment_closed_form() -> None:
    x = sympy.Symbol("x")
    A = [[3, 0], [x, -3]]
    g = Game(A, [[3, 4], [0, -2]], actions=(["U", "D"], ["L", "R"]), point={x: 5})
    row, col = RepeatedGame(g, 0.6).critical_delta(path=("U", "L"))
    assert row.free_symbols == {x}
    assert row.subs(x, 5) == sympy.Rational(5, 8)
    assert col == sympy.Rational(1, 2)
    for value in (4, 6, Fraction(11, 2)):  # the same branch: D is the best reply to L
        numeric = RepeatedGame(g.subs({x: value}), 0.6).critical_delta(path=("U", "L"))
        exact = sympy.Rational(value.numerator, value.denominator)
        assert row.subs(x, exact) == numeric[0] == exact / (exact + 3)


def test_symbolic_mixed_punishment_larger_game_refused() -> None:
    x = sympy.Symbol("x")
    A = [[1, -1, -5], [-1, 1, -5], [-5, -5, x]]
    B = [[-1, 1, -5], [1, -1, -5], [-5, -5, -10]]
    g = Game(A, B, point={x: -10})  # only equilibrium: mix over the first two actions
    with pytest.raises(ValueError, match="2x2"):
        RepeatedGame(g, 0.5).critical_delta(path=(2, 2))


small = st.integers(-6, 6)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(small, min_size=8, max_size=8), i=st.integers(0, 1), j=st.integers(0, 1))
def test_symbolic_formula_matches_numeric(values: list[int], i: int, j: int) -> None:
    a = [[values[0], values[1]], [values[2], values[3]]]
    b = [[values[4], values[5]], [values[6], values[7]]]
    # generic games only: no player is indifferent between its actions against a pure action
    assume(a[0][0] != a[1][0] and a[0][1] != a[1][1])
    assume(b[0][0] != b[0][1] and b[1][0] != b[1][1])
    names = sympy.symbols("a0:4 b0:4")
    A = [[names[0], names[1]], [names[2], names[3]]]
    B = [[names[4], names[5]], [names[6], names[7]]]
    point = dict(zip(names, values, strict=True))
    symbolic = RepeatedGame(Game(A, B, point=point), 0.5).critical_delta(path=(i, j))
    numeric = RepeatedGame(Game(a, b), 0.5).critical_delta(path=(i, j))
    for expr, number in zip(symbolic, numeric, strict=True):
        if number == INF:
            assert expr == INF
        else:
            assert math.isclose(float(sympy.sympify(expr).subs(point)), number, abs_tol=1e-12)


# --- independent cross-checks -----------------------------------------------------------


@st.composite
def pd_like(draw: st.DrawFn) -> tuple[int, int, int, int]:
    P = draw(st.integers(-20, 20))
    R = draw(st.integers(P + 1, P + 20))
    T = draw(st.integers(R + 1, R + 20))
    S = draw(st.integers(P - 20, P - 1))
    return T, R, P, S


@settings(max_examples=150, deadline=None)
@given(payoffs=pd_like(), asymmetric=st.booleans())
def test_threshold_is_where_deviation_stops_paying(
    payoffs: tuple[int, int, int, int], asymmetric: bool
) -> None:
    T, R, P, S = payoffs
    # an asymmetric PD: the column player's temptation is one larger
    g = Game([[R, S], [T, P]], [[R, T + asymmetric], [S, P]], actions=CD)
    thresholds = RepeatedGame(g, 0.5).critical_delta(path=("C", "C"), punish=("D", "D"))
    temptations = (Fraction(T), Fraction(T + asymmetric))
    eps = Fraction(1, 10**6)
    for threshold, d in zip(thresholds, temptations, strict=True):
        assert threshold == (d - R) / (d - P)
        assert 0 < threshold < 1
        assert not profitable(threshold + eps, Fraction(R), d, Fraction(P))
        assert not profitable(threshold, Fraction(R), d, Fraction(P))  # indifferent
        assert profitable(threshold - eps, Fraction(R), d, Fraction(P))


def pure_equilibria_brute(a: np.ndarray, b: np.ndarray) -> list[tuple[int, int]]:
    return [
        (i, j)
        for i in range(a.shape[0])
        for j in range(a.shape[1])
        if a[i, j] >= a[:, j].max() and b[i, j] >= b[i, :].max()
    ]


@settings(max_examples=80, deadline=None)
@given(
    entries=st.lists(st.integers(-5, 5), min_size=18, max_size=18),
    i=st.integers(0, 2),
    j=st.integers(0, 2),
)
def test_random_3x3_against_direct_computation(entries: list[int], i: int, j: int) -> None:
    a = np.array(entries[:9]).reshape(3, 3)
    b = np.array(entries[9:]).reshape(3, 3)
    pure = pure_equilibria_brute(a, b)
    assume(pure)
    rg = RepeatedGame(Game(a.tolist(), b.tolist()), 0.5)
    v = (Fraction(int(a[i, j])), Fraction(int(b[i, j])))
    d = (
        Fraction(int(max(a[k, j] for k in range(3) if k != i))),
        Fraction(int(max(b[i, k] for k in range(3) if k != j))),
    )
    worst = []
    for e in pure:
        p = (Fraction(int(a[e])), Fraction(int(b[e])))
        expected = tuple(independent_threshold(v[k], d[k], p[k]) for k in (0, 1))
        got = rg.critical_delta(path=(i, j), punish=e)
        assert got == expected
        for k in (0, 1):
            t = expected[k]
            if 0 < t < 1:  # discounted payoffs: deviation pays just below t, not at or above
                assert profitable(t - Fraction(1, 10**6), v[k], d[k], p[k])
                assert not profitable(t, v[k], d[k], p[k])
            elif t == INF:
                assert profitable(Fraction(999999, 10**6), v[k], d[k], p[k])
        worst.append(max(expected))
    # the automatic choice ranges over all stage equilibria, mixed ones included
    assert max(rg.critical_delta(path=(i, j))) <= min(worst)


# --- lightness ----------------------------------------------------------------------------


def test_module_imports_no_heavy_libraries() -> None:
    code = (
        "import sys, tradegame.solvers.repeated\n"
        "heavy = {'sympy', 'scipy', 'nashpy'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- named strategies through RepeatedGame ------------------------------------------------


def test_named_strategy_thresholds_match_the_oracles() -> None:
    # ORACLES.md, prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0): grim 1/2 (SPE),
    # tit-for-tat 2/3 (Nash; Axelrod 1984), win-stay-lose-shift never SPE since 2R = T + P.
    game = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"], ["C", "D"]))
    rg = RepeatedGame(game, 0.9)
    half, two_thirds = Fraction(1, 2), Fraction(2, 3)
    assert rg.critical_delta("grim") == (half, half)
    assert rg.threshold_details("grim").thresholds == (half, half)  # automaton = closed form
    assert rg.critical_delta("tit-for-tat") == (two_thirds, two_thirds)
    assert rg.critical_delta("win-stay-lose-shift") == (INF, INF)
    assert rg.is_nash("tit-for-tat", "tit-for-tat").holds
    assert (
        not RepeatedGame(game, Fraction(2, 3) - Fraction(1, 10**9))
        .is_nash("tit-for-tat", "tit-for-tat")
        .holds
    )
    with pytest.raises(ValueError, match="punish applies to strategy='grim' only"):
        rg.critical_delta("tit-for-tat", punish=(1, 1))


def test_play_through_repeated_game_matches_the_oracle() -> None:
    # ORACLES.md: over 200 turns tit-for-tat vs always-defect totals 199 : 204.
    game = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    outcome = RepeatedGame(game, 0.9).play("tit-for-tat", "always-restrict", turns=200)
    assert outcome.payoffs == (199, 204)


def test_grim_holds_where_a_deviation_loses_even_against_a_rewarding_punishment() -> None:
    # The row player's punishment (2) pays more than its path (1), but deviating
    # costs 1 now: it keeps to the path while 0.7 * 0 + 0.3 * 2 <= 1, up to delta 1/2.
    from tradegame.game import Game
    from tradegame.solvers.repeated import RepeatedGame

    g = Game([[1, 0], [0, 2]], [[2, 3], [0, 1]])
    rg = RepeatedGame(g, (0.3, 0.6))
    assert rg.is_subgame_perfect("grim", "grim", (0, 0)).holds  # the independent check
    details = rg.grim_details((0, 0))
    assert details.sustainable == (True, True)
    assert details.ceilings == (Fraction(1, 2), None)
    assert not RepeatedGame(g, (0.6, 0.6)).grim_details((0, 0)).sustainable[0]


def test_a_ceiling_is_reported_where_the_punishment_pays_more(tmp_path) -> None:
    from click.testing import CliRunner

    from tradegame.cli import main
    from tradegame.game import Game

    path = tmp_path / "ceiling.nfg"
    Game([[1, 0], [0, 2]], [[2, 3], [0, 1]]).to_nfg(path)
    out = CliRunner().invoke(main, ["run", str(path)])
    assert out.exit_code == 0, out.output
    assert "only δ ≤ 0.5 (= 1/2)" in out.output
    text = " ".join(out.output.split())
    assert "only when col δ ≥ 0.5 and row δ ≤ 0.5" in text
    data = CliRunner().invoke(main, ["run", str(path), "--format", "json"])
    assert '"ceilings"' in data.output
