"""The named strategy library, resolve(), and user strategy files.

Shared checks run over every strategy that scanning finds. Behaviour is checked
three ways: hand-derived opening sequences of key pairings; a history-based
reference for each named strategy (written from its definition, not from its
automaton) on random ladders; and the product chain of product.py, whose
0/1 transitions must follow the same path as a plain match loop.
"""

from __future__ import annotations

import doctest
import itertools
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame.solvers.strategies as lib
from tradegame.game import Game
from tradegame.solvers.strategies import (
    Automaton,
    Side,
    Strategy,
    StrategyFileError,
    load_strategy_file,
    resolve,
    sides,
    strategies,
    strategy,
)
from tradegame.solvers.strategies.automaton import pure
from tradegame.solvers.strategies.product import product_chain

DATA = Path(__file__).resolve().parent / "data" / "strategies"
NAMES = strategies()
OR = ("open", "restrict")
LADDER3 = ("open", "partial", "full")


def ladder(n: int, prefix: str = "a") -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(n))


def side(m: int, n: int, **roles: Any) -> Side:
    return Side(ladder(m), ladder(n, "b"), **roles)


# ---------------------------------------------------------------- a match loop


def run(
    row: Automaton, col: Automaton, turns: int, forced: dict[int, tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Follow two deterministic automata; ``forced`` replaces the realised profile at times t."""
    a, b = row.start, col.start
    path = []
    for t in range(turns):
        i, j = (forced or {}).get(t, (row.action(a), col.action(b)))
        path.append((i, j))
        a, b = row.next_state(a, i, j), col.next_state(b, j, i)
    return path


def match(
    s_row: Any,
    s_col: Any,
    turns: int = 8,
    actions: tuple[tuple[str, ...], tuple[str, ...]] = (OR, OR),
    forced: dict[int, tuple[int, int]] | None = None,
) -> tuple[str, str]:
    """The two players' moves as strings of action initials (O/R, or o/p/f on a ladder)."""
    row_side, col_side = sides(actions)
    row, col = resolve(s_row).bind(row_side), resolve(s_col).bind(col_side)
    path = run(row, col, turns, forced)
    return (
        "".join(actions[0][i][0] for i, _ in path).upper(),
        "".join(actions[1][j][0] for _, j in path).upper(),
    )


def scripted(name: str, moves: list[int], n_own: int, n_other: int) -> Automaton:
    """Play ``moves`` in order, then repeat the last one for ever."""
    k = len(moves)
    return Automaton(
        name=name,
        states=tuple(f"t{s}" for s in range(k)),
        output=tuple(pure(a, n_own) for a in moves),
        transition=tuple(
            tuple(tuple(min(s + 1, k - 1) for _ in range(n_other)) for _ in range(n_own))
            for s in range(k)
        ),
    )


# ------------------------------------------------------- shared checks, by scan

SHAPES = [(1, 1), (2, 2), (3, 3), (2, 4), (4, 2), (2, 5), (1, 3), (3, 1)]


def test_scan_finds_the_library() -> None:
    expected = {
        "always-open",
        "always-restrict",
        "grim",
        "tit-for-tat",
        "suspicious-tit-for-tat",
        "generous-tit-for-tat",
        "win-stay-lose-shift",
        "limited-punishment",
        "truce",
        "calibrated",
        "maximum-pressure",
        "alternator",
    }
    assert set(NAMES) >= expected
    assert sorted(NAMES) == NAMES


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_binds_on_every_shape(name: str, shape: tuple[int, int]) -> None:
    s = strategy(name)
    automaton = s.bind(side(*shape))
    assert (automaton.n_own, automaton.n_other) == shape
    assert automaton.name == s.label
    assert all(isinstance(label, str) and label for label in automaton.states)
    assert len(set(automaton.states)) == len(automaton.states)
    # the flag promises pure play on every side
    if s.deterministic:
        assert automaton.is_deterministic


@pytest.mark.parametrize("name", NAMES)
def test_metadata(name: str) -> None:
    s = strategy(name)
    assert s.name == name
    assert s.summary and "\n" not in s.summary
    assert s.reference and "\n" not in s.reference
    assert s.criterion in ("subgame-perfect", "nash")
    # on a 2x2 game with distinct open and restrict the flag is exact
    assert s.deterministic == s.bind(side(2, 2)).is_deterministic
    assert s.label.startswith(name) and (s.label == name) == (not s.params)
    with pytest.raises(ValueError, match="has no parameter 'bogus'"):
        s.with_params(bogus=1)
    with pytest.raises(ValueError, match="has no parameter 'bogus'"):
        strategy(name, bogus=1)


@pytest.mark.parametrize("name", NAMES)
def test_label_round_trips(name: str) -> None:
    s = strategy(name)
    again = resolve(s.label)
    assert again.name == s.name and dict(again.params) == dict(s.params)


def test_criteria_are_as_documented() -> None:
    nash = {n for n in NAMES if strategy(n).criterion == "nash"}
    assert {"tit-for-tat", "suspicious-tit-for-tat", "generous-tit-for-tat", "calibrated"} <= nash
    assert {"grim", "limited-punishment", "win-stay-lose-shift"}.isdisjoint(nash)


# ------------------------------------------------ hand-derived opening sequences


def test_tit_for_tat_against_alternator() -> None:
    assert match("tit-for-tat", "alternator") == ("OORORORO", "OROROROR")


def test_grim_against_suspicious_tit_for_tat() -> None:
    # suspicious TFT restricts first: grim punishes for good, STFT copies grim one period late
    assert match("grim", "suspicious-tit-for-tat") == ("ORRRRRRR", "RORRRRRR")


def test_win_stay_lose_shift_against_always_restrict() -> None:
    # every period is a loss, so it switches every period
    assert match("win-stay-lose-shift", "always-restrict") == ("OROROROR", "RRRRRRRR")


def test_win_stay_lose_shift_cooperates_iff_both_did_the_same() -> None:
    for forced, expected in [((0, 0), "O"), ((1, 1), "O"), ((0, 1), "R"), ((1, 0), "R")]:
        moves, _ = match("win-stay-lose-shift", "always-open", turns=2, forced={0: forced})
        assert moves[1] == expected, forced


def test_truce_against_a_rival_that_restricts_once() -> None:
    once = scripted("restrict-once", [0, 1, 0], 2, 2)
    assert match(strategy("truce", punish=2), once) == ("OORROOOO", "OROOOOOO")
    # it ignores play during the punishment: a restriction in its last period goes unanswered
    twice = scripted("restrict-twice", [0, 1, 0, 1, 0], 2, 2)
    assert match(strategy("truce", punish=2), twice) == ("OORROOOO", "OROROOOO")
    assert match("tit-for-tat", twice) == ("OOROROOO", "OROROOOO")  # TFT answers both


def test_limited_punishment_is_mutual_and_restarts() -> None:
    lp = strategy("limited-punishment", k=2)
    # the row player deviates once: both punish for two periods, then the path resumes
    assert match(lp, lp, forced={1: (1, 0)}) == ("ORRROOOO", "OORROOOO")
    # a deviation from the punishment (row opens at t = 2) restarts both punishments
    assert match(lp, lp, forced={1: (1, 0), 2: (0, 1)}) == ("ORORROOO", "OORRROOO")
    # against a rival that never joins the punishment, punishment never ends
    once = scripted("restrict-once", [0, 1, 0], 2, 2)
    assert match(lp, once) == ("OORRRRRR", "OROOOOOO")


def test_grim_punishes_a_deviation_by_either_player() -> None:
    assert match("grim", "grim", forced={2: (1, 0)}) == ("OORRRRRR", "OOORRRRR")
    assert match("grim", "grim", forced={2: (0, 1)}) == ("OOORRRRR", "OORRRRRR")


def test_calibrated_mirrors_a_rival_on_a_three_rung_ladder() -> None:
    rung1 = scripted("rung-1", [1], 3, 3)
    assert match("calibrated", rung1, actions=(LADDER3, LADDER3)) == ("OPPPPPPP", "PPPPPPPP")
    stepping = scripted("steps", [2, 0, 1, 2, 0], 3, 3)
    assert match("calibrated", stepping, actions=(LADDER3, LADDER3)) == (
        "OFOPFOOO",
        "FOPFOOOO",
    )


def test_calibrated_rounding_on_unequal_ladders() -> None:
    # 3 own rungs against 5: rival rung j is answered with floor(j/2 + 1/2), halves up
    c = strategy("calibrated").bind(side(3, 5))
    assert [c.action(c.next_state(0, 0, j)) for j in range(5)] == [0, 1, 1, 2, 2]
    # 5 own rungs against 3: rival rung j is answered with 2j
    c = strategy("calibrated").bind(side(5, 3))
    assert [c.action(c.next_state(0, 0, j)) for j in range(3)] == [0, 2, 4]
    # a rival with one action: rung 0
    c = strategy("calibrated").bind(side(4, 1))
    assert {c.next_state(s, i, 0) for s in range(4) for i in range(4)} == {0}


def test_maximum_pressure() -> None:
    mp = strategy("maximum-pressure", n=2)
    assert match(mp, "always-open") == ("RROOOOOO", "OOOOOOOO")
    # tit-for-tat answers the pressure, and calibrated then never comes down
    assert match(mp, "tit-for-tat") == ("RRRRRRRR", "ORRRRRRR")
    rung1 = scripted("rung-1", [1], 3, 3)
    assert match(mp, rung1, actions=(LADDER3, LADDER3)) == ("FFPPPPPP", "PPPPPPPP")
    # the rival comes down to open at t = 3: the concession follows one period later
    late = scripted("late", [2, 2, 2, 0], 3, 3)
    assert match(mp, late, actions=(LADDER3, LADDER3)) == ("FFFFOOOO", "FFFOOOOO")


def test_tit_for_tat_oracle_totals() -> None:
    # ORACLES.md (Axelrod 1984): over 200 turns of the PD (5, 3, 1, 0), TFT against
    # always-defect totals 199 : 204, and TFT against TFT 600 : 600.
    A = np.array([[3, 0], [5, 1]])
    for opponent, expected in [("always-restrict", (199, 204)), ("tit-for-tat", (600, 600))]:
        row_side, col_side = sides((OR, OR))
        row, col = strategy("tit-for-tat").bind(row_side), strategy(opponent).bind(col_side)
        path = run(row, col, 200)
        totals = (sum(A[i, j] for i, j in path), sum(A[j, i] for i, j in path))
        assert totals == expected


def test_generous_tit_for_tat_forgives_with_the_given_probability() -> None:
    g = strategy("generous-tit-for-tat").bind(side(2, 2))
    assert strategy("generous-tit-for-tat").params["forgive"] == Fraction(1, 3)
    assert g.output[g.next_state(0, 0, 1)] == (Fraction(1, 3), Fraction(2, 3))
    assert g.output[g.next_state(0, 0, 0)] == (Fraction(1), Fraction(0))
    # forgive = 0 is tit-for-tat
    assert match(strategy("generous-tit-for-tat", forgive=0), "alternator") == match(
        "tit-for-tat", "alternator"
    )


# ---------------------------------- a reference for each strategy, from its history


def rung(j: int, m: int, n: int) -> int:
    """Round j (m-1)/(n-1) half up, in integers."""
    return 0 if n == 1 else (2 * j * (m - 1) + (n - 1)) // (2 * (n - 1))


def reference(s: Strategy, sd: Side, history: list[tuple[int, int]]) -> dict[int, Fraction]:
    """What strategy ``s`` plays after ``history`` (own, rival), from its definition."""
    c, oc, p = sd.cooperate, sd.other_cooperate, sd.punish_action
    t, last = len(history), (history[-1] if history else None)
    name, params = s.name, dict(s.params)
    one = Fraction(1)
    if name == "always-open":
        return {c: one}
    if name == "always-restrict":
        return {p: one}
    if name == "alternator":
        return {c if t % 2 == 0 else p: one}
    if name == "grim":
        return {p if any(h != (c, oc) for h in history) else c: one}
    if name in ("tit-for-tat", "suspicious-tit-for-tat"):
        if last is None:
            return {c if name == "tit-for-tat" else p: one}
        return {c if last[1] == oc else p: one}
    if name == "generous-tit-for-tat":
        q = Fraction(params["forgive"])
        if last is None or last[1] == oc:
            return {c: one}
        return {c: q, p: 1 - q} if c != p else {c: one}
    if name == "win-stay-lose-shift":
        if last is None:
            return {c: one}
        cooperated, won = last[0] == c, last[1] == oc
        return {c if cooperated == won else p: one}
    if name == "limited-punishment":
        k, remaining = params["k"], 0
        for h in history:
            if remaining == 0:
                remaining = 0 if h == (c, oc) else k
            else:
                remaining = remaining - 1 if h == (p, sd.n_other - 1) else k
        return {p if remaining else c: one}
    if name == "truce":
        T, remaining = params["punish"], 0
        for h in history:
            remaining = remaining - 1 if remaining else (0 if h[1] == oc else T)
        return {p if remaining else c: one}
    if name == "calibrated":
        return {c if last is None else rung(last[1], sd.n_own, sd.n_other): one}
    if name == "maximum-pressure":
        if t < params["n"]:
            return {p: one}
        assert last is not None
        return {rung(last[1], sd.n_own, sd.n_other): one}
    raise AssertionError(f"no reference for {name}: add one when adding a strategy")


PARAMS: dict[str, Any] = {
    "limited-punishment": {"k": st.integers(1, 4)},
    "truce": {"punish": st.integers(1, 4)},
    "maximum-pressure": {"n": st.integers(1, 4)},
    "generous-tit-for-tat": {"forgive": st.fractions(0, 1, max_denominator=12)},
}


@st.composite
def sides_(draw: Any, max_actions: int = 5) -> Side:
    m, n = draw(st.integers(1, max_actions)), draw(st.integers(1, max_actions))
    return side(
        m,
        n,
        cooperate=draw(st.integers(0, m - 1)),
        other_cooperate=draw(st.integers(0, n - 1)),
        punish=draw(st.none() | st.integers(0, m - 1)),
    )


@st.composite
def library_strategies(draw: Any) -> Strategy:
    name = draw(st.sampled_from(NAMES))
    params = {k: draw(v) for k, v in PARAMS.get(name, {}).items()}
    return strategy(name, **params)


def test_every_strategy_has_a_reference() -> None:
    for name in NAMES:
        reference(strategy(name), side(2, 2), [])  # raises for a missing reference


@settings(max_examples=400)
@given(s=library_strategies(), sd=sides_(), data=st.data())
def test_automata_follow_their_definition(s: Strategy, sd: Side, data: Any) -> None:
    automaton = s.bind(sd)
    assert (automaton.n_own, automaton.n_other) == (sd.n_own, sd.n_other)
    k = len(automaton.states)
    for table in automaton.transition:
        assert all(0 <= x < k for row in table for x in row)
    # realised play is random (as with noise): the automaton must react to what happened
    history = data.draw(
        st.lists(
            st.tuples(st.integers(0, sd.n_own - 1), st.integers(0, sd.n_other - 1)), max_size=12
        )
    )
    state = automaton.start
    for t in range(len(history) + 1):
        expected = reference(s, sd, history[:t])
        probs = automaton.output[state]
        assert {a: q for a, q in enumerate(probs) if q} == {
            a: q for a, q in expected.items() if q
        }, (s.label, history[:t])
        if t < len(history):
            state = automaton.next_state(state, *history[t])


# -------------------------------------------------- cross-check with product_chain


DETERMINISTIC = [n for n in NAMES if strategy(n).deterministic]


@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (2, 4)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_product_chain_follows_the_match_loop(shape: tuple[int, int]) -> None:
    m, n = shape
    rng = np.random.default_rng(7)
    A, B = rng.integers(-5, 6, size=shape), rng.integers(-5, 6, size=shape)
    g = Game(A.tolist(), B.tolist(), actions=(ladder(m), ladder(n, "b")))
    row_side, col_side = sides(g.actions)
    for first, second in itertools.product(DETERMINISTIC, repeat=2):
        row, col = strategy(first).bind(row_side), strategy(second).bind(col_side)
        chain = product_chain(g, row, col)
        assert all(set(P) <= {0, 1} and sum(P) == 1 for P in chain.P)
        x, followed = chain.start, []
        for _ in range(10):
            [(profile, prob)] = chain.profile[x].items()
            assert prob == 1 and chain.r_row[x] == A[profile] and chain.r_col[x] == B[profile]
            followed.append(profile)
            x = chain.P[x].index(1)
        assert followed == run(row, col, 10), (first, second)


def test_product_chain_of_generous_tit_for_tat_is_exact() -> None:
    g = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(OR, OR))
    row_side, col_side = sides(g.actions)
    gtft = strategy("generous-tit-for-tat", forgive="1/4").bind(row_side)
    chain = product_chain(g, gtft, strategy("always-restrict").bind(col_side))
    x = chain.states.index((1, 0))  # after a rival restriction
    assert chain.profile[x] == {(0, 1): Fraction(1, 4), (1, 1): Fraction(3, 4)}


# ------------------------------ the criterion flag, checked on prisoner's dilemmas


def _reachable(row: Automaton, col: Automaton) -> list[tuple[int, int]]:
    """Product states reachable from the start under some history (any profiles)."""
    seen, todo = {(row.start, col.start)}, [(row.start, col.start)]
    while todo:
        a, b = todo.pop()
        for i, j in itertools.product(range(row.n_own), range(col.n_own)):
            nxt = (row.next_state(a, i, j), col.next_state(b, j, i))
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return sorted(seen)


def equilibrium(s: Strategy, A: np.ndarray, delta: float) -> tuple[bool, bool]:
    """(Nash, subgame perfect) for the profile (s, s) of the repeated 2x2 game (A, A.T).

    Subgame perfection by the one-shot deviation principle at every reachable
    product state; Nash by a best response (value iteration) against the rival's
    automaton from the start. Mailath & Samuelson (2006), sections 2.2-2.4.
    """
    B = A.T
    row_side, col_side = sides((OR, OR))
    row, col = s.bind(row_side), s.bind(col_side)
    states = list(itertools.product(range(len(row.states)), range(len(col.states))))
    index = {x: k for k, x in enumerate(states)}
    P, u, v = np.zeros((len(states),) * 2), np.zeros(len(states)), np.zeros(len(states))
    for (a, b), k in index.items():
        for i, j in itertools.product(range(2), repeat=2):
            q = float(row.output[a][i] * col.output[b][j])
            P[k, index[(row.next_state(a, i, j), col.next_state(b, j, i))]] += q
            u[k] += q * A[i, j]
            v[k] += q * B[i, j]
    solve = np.linalg.inv(np.eye(len(states)) - delta * P) * (1 - delta)
    U, V = solve @ u, solve @ v

    def one_shot(a: int, b: int, i: int, j: int, mine: np.ndarray, pay: np.ndarray) -> float:
        return (1 - delta) * pay[i, j] + delta * mine[
            index[(row.next_state(a, i, j), col.next_state(b, j, i))]
        ]

    spe = True
    for a, b in _reachable(row, col):
        k = index[(a, b)]
        for d in range(2):
            row_dev = sum(float(col.output[b][j]) * one_shot(a, b, d, j, U, A) for j in range(2))
            col_dev = sum(float(row.output[a][i]) * one_shot(a, b, i, d, V, B) for i in range(2))
            spe &= row_dev <= U[k] + 1e-9 and col_dev <= V[k] + 1e-9

    W = np.zeros(len(col.states))  # the row player's best-response values against col
    for _ in range(2000):
        W_new = np.array(
            [
                max(
                    sum(
                        float(col.output[b][j])
                        * ((1 - delta) * A[i, j] + delta * W[col.next_state(b, j, i)])
                        for j in range(2)
                    )
                    for i in range(2)
                )
                for b in range(len(col.states))
            ]
        )
        if np.max(np.abs(W_new - W)) < 1e-13:
            break
        W = W_new
    # the profile is symmetric, so the row player's check covers both
    nash = W[col.start] <= U[index[(row.start, col.start)]] + 1e-9
    return bool(nash), bool(spe)


PD_5310 = np.array([[3.0, 0.0], [5.0, 1.0]])  # (T, R, P, S) = (5, 3, 1, 0)
PD_5410 = np.array([[4.0, 0.0], [5.0, 1.0]])  # 2R > T + P: win-stay-lose-shift can be perfect


def test_equilibrium_check_reproduces_the_oracles() -> None:
    # ORACLES.md, PD (5, 3, 1, 0): grim sustains (C, C) iff delta >= 1/2; tit-for-tat is a
    # best reply to itself iff delta >= 2/3 (Axelrod 1984); win-stay-lose-shift is never
    # subgame perfect because 2R = T + P.
    assert equilibrium(strategy("grim"), PD_5310, 0.45) == (False, False)
    assert equilibrium(strategy("grim"), PD_5310, 0.55) == (True, True)
    assert equilibrium(strategy("tit-for-tat"), PD_5310, 0.6)[0] is False
    assert equilibrium(strategy("tit-for-tat"), PD_5310, 0.7) == (True, False)
    assert not any(equilibrium(strategy("win-stay-lose-shift"), PD_5310, d)[1] for d in (0.3, 0.9))
    assert equilibrium(strategy("win-stay-lose-shift"), PD_5410, 0.9) == (True, True)


@pytest.mark.parametrize("name", NAMES)
def test_criterion_is_truthful(name: str) -> None:
    # "subgame-perfect": wherever the profile is Nash it is also perfect, so the perfect
    # threshold is the meaningful one. "nash": perfection fails on a whole range where the
    # profile is Nash (it holds at isolated discount factors at most).
    s = strategy(name)
    grid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    results = [equilibrium(s, PD_5410, d) for d in grid]
    gaps = sum(nash and not spe for nash, spe in results)
    if s.criterion == "subgame-perfect":
        assert gaps == 0, results
    else:
        assert gaps >= 2, results


# ------------------------------------------------------------ strategy() errors


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(
        ValueError, match=r"unknown strategy 'tit-for-tatt' \(did you mean 'tit-for-tat'\?\)"
    ):
        strategy("tit-for-tatt")
    with pytest.raises(ValueError, match="choose one of: alternator, always-open"):
        strategy("zzzz")


def test_unknown_parameter_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="has no parameter 'periods'; its parameters: punish"):
        strategy("truce", periods=3)
    with pytest.raises(ValueError, match="its parameters: none"):
        strategy("grim", k=3)


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("truce", {"punish": 0}, "punish must be a whole number of periods, at least 1"),
        ("truce", {"punish": 1.5}, "punish must be a whole number"),
        ("limited-punishment", {"k": "two"}, "k must be a whole number"),
        ("limited-punishment", {"k": True}, "k must be a whole number"),
        ("maximum-pressure", {"n": -1}, "n must be a whole number"),
        ("generous-tit-for-tat", {"forgive": 2}, r"forgive must be a probability in \[0, 1\]"),
        ("generous-tit-for-tat", {"forgive": "-1/3"}, "forgive must be a probability"),
        ("generous-tit-for-tat", {"forgive": float("nan")}, "forgive must be a probability"),
        ("generous-tit-for-tat", {"forgive": "1/0"}, "forgive must be a probability"),
    ],
)
def test_bad_parameter_values(name: str, params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        strategy(name, **params)
    assert "\n" not in str(info.value)


def test_parameters_are_normalised() -> None:
    assert strategy("generous-tit-for-tat", forgive="0.25").params["forgive"] == Fraction(1, 4)
    assert strategy("generous-tit-for-tat", forgive=0.1).params["forgive"] == Fraction(1, 10)
    assert strategy("truce", punish="4").params["punish"] == 4
    assert strategy("truce", punish=4.0).label == "truce(punish=4)"


# --------------------------------------------------------------------- resolve()


def test_resolve_accepts_every_kind_of_spec(tmp_path: Path) -> None:
    grim = strategy("grim")
    assert resolve("grim") is grim
    assert resolve(grim) is grim
    assert resolve(" truce(punish=4) ").params == {"punish": 4}
    assert resolve("truce()").params == {"punish": 2}
    assert resolve(DATA / "grim.toml").name == "grim"
    assert resolve(str(DATA / "two-strikes.toml")).name == "two-strikes"


def test_resolve_wraps_an_automaton() -> None:
    stubborn = scripted("stubborn", [1, 0], 2, 2)
    s = resolve(stubborn)
    assert s.bind(side(2, 2)) is stubborn and s.deterministic and s.name == "stubborn"
    assert match(s, "tit-for-tat") == ("ROOOOOOO", "OROOOOOO")
    with pytest.raises(ValueError, match="built for 2 own actions against 2; this side has 3"):
        s.bind(side(3, 2))


def test_resolve_takes_a_python_strategy() -> None:
    def build(sd: Side, start: int = 0) -> Automaton:
        return scripted("mine", [start], sd.n_own, sd.n_other)

    mine = Strategy(name="mine", build=build, params={"start": 1})
    assert resolve(mine) is mine
    assert match(mine, "tit-for-tat", turns=3) == ("RRR", "ORR")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (3, r"a name, a Strategy, an Automaton or a path to a \.toml file; got int"),
        (None, "got NoneType"),
        (Path("strategy.txt"), "strategy files end in .toml"),
        ("truce(punish)", "parameters are written key=value"),
        ("nonesuch(x=1)", "unknown strategy 'nonesuch'"),
        ("missing-file.toml", "missing-file.toml: file: no such file"),
    ],
)
def test_resolve_rejects(spec: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve(spec)


def test_documentation_examples_run() -> None:
    result = doctest.testmod(lib, raise_on_error=False)
    assert result.attempted > 0 and result.failed == 0


# ------------------------------------------------------------ user strategy files


def test_two_strikes_file_behaves_as_written() -> None:
    s = load_strategy_file(DATA / "two-strikes.toml")
    assert (s.name, s.criterion, s.deterministic) == ("two-strikes", "subgame-perfect", False)
    assert s.summary == "Forgive one deviation, mostly; punish the second for good."
    a = s.bind(side(2, 2))
    assert a.states == ("calm", "warned", "angry")
    assert a.output == ((1, 0), (Fraction(9, 10), Fraction(1, 10)), (0, 1))
    # the rival's deviation moves calm -> warned -> angry; its cooperation changes nothing
    assert [a.next_state(0, i, 0) for i in range(2)] == [0, 0]
    assert [a.next_state(0, i, 1) for i in range(2)] == [1, 1]
    assert [a.next_state(1, i, j) for i in range(2) for j in range(2)] == [1, 2, 1, 2]
    assert {a.next_state(2, i, j) for i in range(2) for j in range(2)} == {2}


@settings(max_examples=100)
@given(sd=sides_())
def test_files_for_grim_and_tit_for_tat_match_the_library(sd: Side) -> None:
    for name in ("grim", "tit-for-tat"):
        from_file = load_strategy_file(DATA / f"{name}.toml")
        mine, library = from_file.bind(sd), strategy(name).bind(sd)
        assert (mine.states, mine.output, mine.transition, mine.start) == (
            library.states,
            library.output,
            library.transition,
            library.start,
        )
        assert from_file.criterion == strategy(name).criterion


def test_condition_precedence_on_a_ladder() -> None:
    s = load_strategy_file(DATA / "ladder-pairs.toml")
    a = s.bind(Side(LADDER3, LADDER3))
    # states a, b, c, d, e = 0..4; rows are own actions, columns the rival's
    assert a.transition[0] == ((0, 1, 3), (0, 1, 4), (0, 1, 1))
    assert a.transition[2] == ((0, 1, 2),) * 3
    assert a.output[1] == (Fraction(1, 2), 0, Fraction(1, 2))
    assert a.output[4] == (Fraction(1, 2), 0, Fraction(1, 2))  # cooperate and open add up
    assert a.output[2] == (0, 0, 1)
    with pytest.raises(
        StrategyFileError, match=r"ladder-pairs\.toml: states\.b\.play\.full = 'full': this player"
    ):
        s.bind(Side(("open", "partial"), ("open", "partial")))  # "full" is missing here
    with pytest.raises(StrategyFileError, match=r"states.d.play = 'partial'.*mean 'pattial'"):
        s.bind(Side(("open", "pattial", "full"), LADDER3))


def write(tmp_path: Path, body: str | bytes, name: str = "bad") -> Path:
    path = tmp_path / f"{name}.toml"
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


GOOD = 'start = "calm"\n[states.calm]\nplay = "cooperate"\nnext = "calm"\n'


def one(play: str = '"punish"', nxt: str = '"a"', head: str = "") -> str:
    """A file with a single state ``a`` (TOML values given as text)."""
    return f'{head}start = "a"\n[states.a]\nplay = {play}\nnext = {nxt}\n'


TWO_STATES = (
    'start = "calm"\n[states.calm]\nplay = "cooperate"\n'
    'next = { default = "calm", deviate = "warnd" }\n'
    '[states.warned]\nplay = "punish"\nnext = "calm"\n'
)

# (file text, the key the message names, what it says is allowed)
BAD_FILES: list[tuple[str | bytes, str, str]] = [
    ("", "file", "is empty"),
    (b"start = \xff\xfe", "file", "not UTF-8"),
    ("start = ", "TOML", "not valid TOML"),
    ("stats = 1\n" + GOOD, "stats", "did you mean 'states'"),
    ('[states.calm]\nplay = "open"\nnext = "calm"\n', "start", "missing; allowed: calm"),
    ('start = "calm"\n', "states", "needs one table per state"),
    (GOOD.replace('"calm"\n[', '"clam"\n['), "start", "unknown state (did you mean 'calm'?)"),
    ('start = "a"\nstates = { a = 3 }\n', "states.a", "must be a table"),
    ('start = "a"\n[states.a]\nnext = "a"\n', "states.a.play", "missing"),
    ('start = "a"\n[states.a]\nplay = "punish"\n', "states.a.next", "missing"),
    (one() + "plya = 1\n", "states.a.plya", "did you mean 'play'"),
    (one(nxt='{ deviate = "a" }'), "states.a.next.default", "missing"),
    (TWO_STATES, "states.calm.next.deviate = 'warnd'", "unknown state (did you mean 'warned'?)"),
    (TWO_STATES, "states.calm.next.deviate", "allowed: calm, warned"),
    (one(nxt="3"), "states.a.next = 3", "must be a state name"),
    (one(play="3"), "states.a.play = 3", "must be an action name"),
    (one(play="{}"), "states.a.play", "must be an action name"),
    (one(play='{ cooperate = "1/2", punish = "1/3" }'), "states.a.play", "add up to 5/6"),
    (one(play='{ cooperate = "3/2", punish = "-1/2" }'), "states.a.play.cooperate", "in [0, 1]"),
    (one(play="{ cooperate = 1.5, punish = -0.5 }"), "states.a.play.cooperate = 1.5", "[0, 1]"),
    (one(play="{ punish = -0.5, cooperate = 1.5 }"), "states.a.play.punish = -0.5", "[0, 1]"),
    (one(play="{ cooperate = nan }"), "states.a.play.cooperate = nan", "finite"),
    (one(play="{ punish = inf }"), "states.a.play.punish = inf", "finite"),
    (one(play="{ punish = true }"), "states.a.play.punish = True", "probability"),
    (one(play='{ punish = "one" }'), "states.a.play.punish = 'one'", "such as"),
    (one(play='{ punish = "1/0" }'), "states.a.play.punish = '1/0'", "such as"),
    ("name = 5\n" + GOOD, "name = 5", "must be up to 64 letters"),
    ('criterion = "perfect"\n' + GOOD, "criterion = 'perfect'", "allowed: subgame-perfect, nash"),
    ('description = "two\\nlines"\n' + GOOD, "description", "one line"),
    (one(nxt='{ default = "a", "x,y,z" = "a" }'), 'states.a.next."x,y,z"', "a pair"),
    (
        one(nxt='{ default = "a", "open,restrict" = "a", "open, restrict" = "a" }'),
        'states.a.next."open, restrict"',
        "repeats the condition 'open,restrict'",
    ),
    ('start = "a b("\n[states."a b("]\nplay = "punish"\nnext = "a"\n', 'states."a b("', "name is"),
]


@pytest.mark.parametrize(("body", "key", "allowed"), BAD_FILES)
def test_bad_files_give_one_line(tmp_path: Path, body: str | bytes, key: str, allowed: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(StrategyFileError) as info:
        load_strategy_file(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert key in message and allowed in message, message
    assert isinstance(info.value, ValueError) and info.value.key.startswith(key.split(" ")[0])


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(StrategyFileError, match=r"nope\.toml: file: no such file"):
        load_strategy_file(tmp_path / "nope.toml")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(StrategyFileError, match=r"folder\.toml: file: is not a regular file"):
        load_strategy_file(folder)


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('start = "a"\n[states.a]\nplay = "opn"\nnext = "a"\n', "states.a.play = 'opn'"),
        ('start = "a"\n[states.a]\nplay = { opn = 1 }\nnext = "a"\n', "states.a.play.opn = 'opn'"),
        (
            'start = "a"\n[states.a]\nplay = "open"\nnext = { default = "a", restrcit = "a" }\n',
            "states.a.next.restrcit = 'restrcit'",
        ),
        (
            'start = "a"\n[states.a]\nplay = "open"\nnext = { default = "a", "opn,open" = "a" }\n',
            "states.a.next.\"opn,open\" = 'opn'",
        ),
    ],
)
def test_unknown_actions_are_caught_at_bind_time(tmp_path: Path, body: str, key: str) -> None:
    s = load_strategy_file(write(tmp_path, body))
    with pytest.raises(StrategyFileError) as info:
        s.bind(Side(OR, OR))
    message = str(info.value)
    assert "\n" not in message and "bad.toml" in message and key in message, message
    assert "allowed: open, restrict (actions)" in message


def test_files_are_data_not_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code = "__import__('pathlib').Path('HACKED').touch()"
    cases = [
        f'name = "{code}"\n' + GOOD,
        f'start = "a"\n[states.a]\nplay = {{ cooperate = "{code}" }}\nnext = "a"\n',
        f'start = "{code}"\n' + GOOD[15:],
    ]
    for body in cases:
        with pytest.raises(StrategyFileError):
            load_strategy_file(write(tmp_path, body))
    # as an action name it loads, as a word to be looked up, and fails at bind time
    s = load_strategy_file(
        write(tmp_path, f'start = "a"\n[states.a]\nplay = "{code}"\nnext = "a"\n')
    )
    with pytest.raises(StrategyFileError, match="has no action"):
        s.bind(Side(OR, OR))
    assert not (tmp_path / "HACKED").exists()


def test_roles_yield_to_action_names(tmp_path: Path) -> None:
    # a game whose actions are called "punish" and "cooperate": names win over roles
    body = 'start = "a"\n[states.a]\nplay = "punish"\nnext = { default = "a", cooperate = "b" }\n'
    body += '[states.b]\nplay = "cooperate"\nnext = "b"\n'
    names = ("punish", "cooperate")
    a = load_strategy_file(write(tmp_path, body, "names")).bind(Side(names, names))
    assert a.output == ((1, 0), (0, 1))
    assert a.transition[0] == ((0, 1), (0, 1))


@settings(max_examples=100)
@given(sd=sides_(6))
def test_role_only_files_bind_on_any_ladder(sd: Side) -> None:
    s = load_strategy_file(DATA / "two-strikes.toml")
    a = s.bind(sd)
    assert (a.n_own, a.n_other) == (sd.n_own, sd.n_other)
    assert a.output[0] == pure(sd.cooperate, sd.n_own)
    assert all(sum(p) == 1 for p in a.output)
