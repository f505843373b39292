"""Tests for tradegame.solvers.perfection and tradegame.solvers.thresholds.

Subgame perfection and Nash checks of automaton profiles, and their exact
critical discount factors. Independent methods used here: grim.py's closed
forms, a float re-implementation of the one-shot deviation check built on
product_chain, brute-force enumeration of deviation automata and of stationary
policies, and threshold formulas derived by hand for the prisoner's dilemma.
"""

from __future__ import annotations

import doctest
import itertools
import json
import math
from collections import deque
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from tradegame.game import Game
from tradegame.solvers import perfection, thresholds
from tradegame.solvers.grim import grim_details
from tradegame.solvers.perfection import (
    Match,
    RivalMDP,
    Verdict,
    best_reply,
    is_nash,
    is_subgame_perfect,
)
from tradegame.solvers.strategies.automaton import Automaton, pure
from tradegame.solvers.strategies.product import product_chain
from tradegame.solvers.thresholds import Interval, critical_delta, threshold_details

INF = float("inf")
CD = (["C", "D"], ["C", "D"])
HALF = Fraction(1, 2)


def pd(T: object = 5, R: object = 3, P: object = 1, S: object = 0, **kw: object) -> Game:
    """The prisoner's dilemma: C is action 0, D action 1."""
    return Game([[R, S], [T, P]], [[R, T], [S, P]], actions=CD, **kw)  # type: ignore[arg-type]


# --- automata, built by hand ---------------------------------------------------------------


def table(n_own: int, n_other: int, move) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(move(a, b) for b in range(n_other)) for a in range(n_own))


def grim(
    n_own: int = 2, n_other: int = 2, path: tuple[int, int] = (0, 0), punish: int = 1
) -> Automaton:
    """Grim trigger: any deviation from the path profile (own, other) by either player."""
    return Automaton(
        "grim",
        ("cooperate", "punish"),
        (pure(path[0], n_own), pure(punish, n_own)),
        (
            table(n_own, n_other, lambda a, b: 0 if (a, b) == path else 1),
            table(n_own, n_other, lambda a, b: 1),
        ),
    )


def tft() -> Automaton:
    """Tit-for-tat: the state is the rival's last action."""
    return Automaton("tft", ("C", "D"), (pure(0, 2), pure(1, 2)), (((0, 1), (0, 1)),) * 2)


def wsls() -> Automaton:
    """Win-stay, lose-shift: repeat after the rival's C, switch after its D."""
    return Automaton("wsls", ("C", "D"), (pure(0, 2), pure(1, 2)), (((0, 1), (1, 0)),) * 2)


def always(action: int, n_own: int = 2, n_other: int = 2) -> Automaton:
    return Automaton(
        f"always-{action}", ("s",), (pure(action, n_own),), (table(n_own, n_other, lambda a, b: 0),)
    )


def limited(k: int, n_own: int = 2, n_other: int = 2, path=(0, 0), punish: int = 1) -> Automaton:
    """k periods of punishment after a deviation from the path, whatever is played meanwhile."""
    return Automaton(
        f"limited({k})",
        ("cooperate", *(f"p{s}" for s in range(1, k + 1))),
        (pure(path[0], n_own), *(pure(punish, n_own) for _ in range(k))),
        (
            table(n_own, n_other, lambda a, b: 0 if (a, b) == path else 1),
            *(table(n_own, n_other, lambda a, b, s=s: (s + 1) % (k + 1)) for s in range(1, k + 1)),
        ),
    )


def truce(k: int) -> Automaton:
    """Answer the rival's D with k periods of D, ignoring play meanwhile."""
    return Automaton(
        f"truce({k})",
        ("open", *(f"p{s}" for s in range(1, k + 1))),
        (pure(0, 2), *(pure(1, 2) for _ in range(k))),
        (((0, 1), (0, 1)), *((((s + 1) % (k + 1),) * 2,) * 2 for s in range(1, k + 1))),
    )


def generous_tft(g: Fraction = Fraction(1, 3)) -> Automaton:
    """Tit-for-tat that forgives a D with probability g."""
    return Automaton("gtft", ("C", "D"), (pure(0, 2), (g, 1 - g)), (((0, 1), (0, 1)),) * 2)


def tracker(rival: Automaton, policy: tuple[int, ...], n_own: int) -> Automaton:
    """The deviation that follows ``policy`` on the rival's states (it tracks the rival's state)."""
    k = len(rival.states)
    return Automaton(
        "policy",
        tuple(rival.states),
        tuple(pure(policy[s], n_own) for s in range(k)),
        tuple(
            table(n_own, rival.n_own, lambda a, b, s=s: rival.next_state(s, b, a)) for s in range(k)
        ),
        rival.start,
    )


# --- independent methods -------------------------------------------------------------------


def reachable(row: Automaton, col: Automaton) -> list[tuple[int, int]]:
    """Product states reached by some history: a search over all action profiles."""
    start = (row.start, col.start)
    seen, queue = [start], deque([start])
    while queue:
        a, b = queue.popleft()
        for i in range(row.n_own):
            for j in range(col.n_own):
                nxt = (row.next_state(a, i, j), col.next_state(b, j, i))
                if nxt not in seen:
                    seen.append(nxt)
                    queue.append(nxt)
    return seen


def float_values(g: Game, row: Automaton, col: Automaton, delta: tuple[float, float]):
    """Both players' values on all product states, from product_chain, in floats."""
    chain = product_chain(g, row, col)
    P = np.array([[float(x) for x in r] for r in chain.P])
    n = len(chain.states)
    out = []
    for d, r in zip(delta, (chain.r_row, chain.r_col), strict=True):
        out.append(np.linalg.solve(np.eye(n) - d * P, (1 - d) * np.array([float(x) for x in r])))
    return chain, out


def spe_by_floats(g: Game, row: Automaton, col: Automaton, delta: tuple[float, float]) -> float:
    """The largest one-shot gain over reachable states, written out again in floats."""
    chain, values = float_values(g, row, col, delta)
    index = {s: k for k, s in enumerate(chain.states)}
    worst = -INF
    for a, b in reachable(row, col):
        for p, (V, d) in enumerate(zip(values, delta, strict=True)):
            theirs = b if p == 0 else a
            me, rival = (row, col) if p == 0 else (col, row)
            for k in range(me.n_own):
                q = 0.0
                for j, y in enumerate(rival.output[theirs]):
                    i, jj = (k, j) if p == 0 else (j, k)
                    u = float((g.A if p == 0 else g.B)[i, jj])
                    nxt = index[(row.next_state(a, i, jj), col.next_state(b, jj, i))]
                    q += float(y) * ((1 - d) * u + d * V[nxt])
                worst = max(worst, q - V[index[(a, b)]])
    return worst


def start_value(g: Game, row: Automaton, col: Automaton, p: int, d: float) -> float:
    chain, values = float_values(g, row, col, (d, d))
    return float(values[p][chain.start])


def best_by_policies(g: Game, rival: Automaton, p: int, d: float) -> float:
    """The best value against ``rival`` over every stationary policy on its states."""
    n_own = g.shape[p]
    best = -INF
    for policy in itertools.product(range(n_own), repeat=len(rival.states)):
        dev = tracker(rival, policy, n_own)
        best = max(best, start_value(g, *((dev, rival) if p == 0 else (rival, dev)), p, d))
    return best


def two_state_automata(n_own: int = 2, n_other: int = 2):
    """Every deterministic automaton with one or two states (start 0)."""
    for action in range(n_own):
        yield always(action, n_own, n_other)
    cells = n_own * n_other
    for outputs in itertools.product(range(n_own), repeat=2):
        for moves in itertools.product(range(2), repeat=2 * cells):
            yield Automaton(
                "two",
                ("a", "b"),
                tuple(pure(o, n_own) for o in outputs),
                tuple(
                    table(
                        n_own,
                        n_other,
                        lambda a, b, s=s, moves=moves: moves[s * cells + a * n_other + b],
                    )
                    for s in range(2)
                ),
            )


# --- oracles: ORACLES.md, the prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0) ---------------


def test_grim_threshold_oracle() -> None:
    # ORACLES.md: grim trigger sustains (C, C) iff delta >= (T-R)/(T-P) = 1/2 (Friedman 1971)
    details = threshold_details(pd(), grim(), grim())
    assert details.thresholds == (HALF, HALF)
    assert all(type(t) is Fraction for t in details.thresholds)
    assert details.holds == ((Interval(HALF, Fraction(1), True, False),),) * 2
    assert details.binding[0] == "one-shot deviation to D at state (cooperate, cooperate)"
    assert critical_delta(pd(), grim(), grim(), "nash") == (HALF, HALF)


def test_tit_for_tat_nash_oracle() -> None:
    # ORACLES.md: tit-for-tat is a best reply to itself iff
    # delta >= max((T-R)/(T-P), (T-R)/(R-S)) = 2/3 (Axelrod 1984)
    assert critical_delta(pd(), tft(), tft(), "nash") == (Fraction(2, 3), Fraction(2, 3))
    assert is_nash(pd(), tft(), tft(), Fraction(2, 3)).holds
    assert not is_nash(pd(), tft(), tft(), Fraction(2, 3) - Fraction(1, 10**6)).holds


def test_tit_for_tat_never_subgame_perfect_here() -> None:
    # By hand: at (C, C) TFT needs delta >= (T-R)/(R-S) = 2/3, at (D, C) delta <= 2/3, at
    # (C, D) delta >= (P-S)/(T-P) = 1/4 and at (D, D) delta <= 1/4. Both equalities
    # cannot hold, so on this PD the set is empty and the threshold infinite.
    details = threshold_details(pd(), tft(), tft())
    assert details.thresholds == (INF, INF)
    assert details.holds == ((), ())
    for delta in (Fraction(1, 4), Fraction(2, 3), Fraction(9, 10)):
        assert not is_subgame_perfect(pd(), tft(), tft(), delta).holds


def test_tit_for_tat_subgame_perfect_at_one_point() -> None:
    # On (6, 4, 2, 0) both equalities give delta = 1/2: a single point, still no threshold
    details = threshold_details(pd(6, 4, 2, 0), tft(), tft())
    point = Interval(HALF, HALF, True, True)
    assert details.holds == ((point,), (point,))
    assert details.thresholds == (INF, INF)
    assert is_subgame_perfect(pd(6, 4, 2, 0), tft(), tft(), HALF).holds
    for delta in (HALF - Fraction(1, 1000), HALF + Fraction(1, 1000)):
        assert not is_subgame_perfect(pd(6, 4, 2, 0), tft(), tft(), delta).holds


def test_win_stay_lose_shift_oracle() -> None:
    # ORACLES.md: WSLS is subgame perfect iff delta >= (T-R)/(R-P), which needs 2R > T+P;
    # here 2R = T+P, so never
    assert critical_delta(pd(), wsls(), wsls()) == (INF, INF)
    assert threshold_details(pd(), wsls(), wsls()).holds == ((), ())
    assert critical_delta(pd(5, 4, 1, 0), wsls(), wsls()) == (Fraction(1, 3), Fraction(1, 3))


@settings(max_examples=40)
@given(st.integers(-5, 5), st.integers(1, 6), st.integers(1, 6), st.integers(1, 6))
def test_pd_formulas(S: int, a: int, b: int, c: int) -> None:
    T, R, P = S + a + b + c, S + a + b, S + a  # T > R > P > S
    g = pd(T, R, P, S)
    # WSLS (ORACLES.md): (T-R)/(R-P) when that is below 1
    w = Fraction(T - R, R - P)
    assert critical_delta(g, wsls(), wsls()) == ((w, w) if w < 1 else (INF, INF))
    # TFT Nash (Axelrod 1984): the larger of (T-R)/(T-P) and (T-R)/(R-S), when below 1
    n = max(Fraction(T - R, T - P), Fraction(T - R, R - S))
    assert critical_delta(g, tft(), tft(), "nash") == ((n, n) if n < 1 else (INF, INF))
    # TFT subgame perfect exactly where (T-R)/(R-S) = delta = (P-S)/(T-P), if anywhere
    x, y = Fraction(T - R, R - S), Fraction(P - S, T - P)
    expected = (Interval(x, x, True, True),) if x == y and x < 1 else ()
    assert threshold_details(g, tft(), tft()).holds == (expected, expected)


def test_truce_threshold_is_algebraic() -> None:
    # Truce(2) against always-D: 2 <= 2 (delta + delta^2), so delta >= (sqrt 5 - 1) / 2
    row, col = threshold_details(pd(), truce(2), truce(2), "nash").thresholds
    assert row == col
    assert isinstance(row, sympy.Expr) and row.is_algebraic and not row.is_rational
    assert sympy.simplify(row - (sympy.sqrt(5) - 1) / 2) == 0
    golden = (math.sqrt(5) - 1) / 2
    below, above = Fraction(golden).limit_denominator(10**6) - Fraction(1, 10**5), Fraction(5, 8)
    assert not is_nash(pd(), truce(2), truce(2), below).holds
    assert is_nash(pd(), truce(2), truce(2), above).holds
    assert critical_delta(pd(), truce(1), truce(1), "nash") == (INF, INF)


# --- cross-check (a), (b): grim with pure Nash reversion against grim.py --------------------


@st.composite
def games_with_pure_equilibrium(draw):
    m, n = draw(st.sampled_from([(2, 2), (2, 3), (3, 3)]))
    entries = st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n), min_size=m, max_size=m)
    A, B = draw(entries), draw(entries)
    pure_eq = [
        (i, j)
        for i in range(m)
        for j in range(n)
        if A[i][j] == max(A[k][j] for k in range(m)) and B[i][j] == max(B[i][k] for k in range(n))
    ]
    assume(pure_eq)
    punish = draw(st.sampled_from(pure_eq))
    path = (draw(st.integers(0, m - 1)), draw(st.integers(0, n - 1)))
    return Game(A, B), path, punish


@st.composite
def cooperative_games(draw):
    """A game where the last profile is a stage equilibrium and the first pays both more."""
    m, n = draw(st.sampled_from([(2, 2), (2, 3), (3, 3)]))
    entries = st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n), min_size=m, max_size=m)
    A, B = draw(entries), draw(entries)
    A[-1][-1] = max(row[-1] for row in A)  # the last row is a best reply to the last column
    B[-1][-1] = max(B[-1])
    A[0][0] = max(A[0][0], A[-1][-1] + draw(st.integers(1, 4)))  # not in the last column
    B[0][0] = max(B[0][0], B[-1][-1] + draw(st.integers(1, 4)))  # not in the last row
    return Game(A, B), (0, 0), (m - 1, n - 1)


def grim_pair(g: Game, path: tuple[int, int], punish: tuple[int, int]):
    m, n = g.shape
    return (
        grim(m, n, path, punish[0]),
        grim(n, m, (path[1], path[0]), punish[1]),
    )


@settings(max_examples=80)
@given(games_with_pure_equilibrium() | cooperative_games())
def test_grim_matches_closed_form(case) -> None:
    g, path, punish = case
    ours = threshold_details(g, *grim_pair(g, path, punish))
    theirs = grim_details(g, (HALF, HALF), path, punish)
    for p in (0, 1):
        v, d, q = theirs.path_payoffs[p], theirs.deviation_payoffs[p], theirs.punishment_payoffs[p]
        assert ours.thresholds[p] == theirs.thresholds[p]
        if d <= v < q:
            # the punishment pays more than the path, so deviating (d now, q for ever)
            # pays once (1 - delta) d + delta q > v: the set is (0, (v - d)/(q - d)]
            event("the punishment pays more than the path")
            cut = Fraction(v - d, q - d)
            assert ours.holds[p] == ((Interval(Fraction(0), cut, False, True),) if cut else ())


@settings(max_examples=150)
@given(
    games_with_pure_equilibrium() | cooperative_games(),
    st.tuples(st.fractions(0, 1), st.fractions(0, 1)).filter(lambda d: 0 < min(d) <= max(d) < 1),
)
def test_grim_verdict_is_the_general_solvers_set_of_deltas(case, delta) -> None:
    # The closed form's verdict, ceilings included, against the set of discount
    # factors the general solver finds for the same two automata.
    g, path, punish = case
    ours = threshold_details(g, *grim_pair(g, path, punish))
    theirs = grim_details(g, delta, path, punish)
    for p in (0, 1):
        inside = any(delta[p] in interval for interval in ours.holds[p])
        if theirs.ceilings[p] is not None:
            event("a ceiling")
        assert theirs.sustainable[p] == inside, (p, theirs, ours.holds[p])
    if g.shape == (2, 2):  # the batch closed forms agree
        from tradegame.solvers.batch import grim_batch, sustainable_batch

        batch = grim_batch(g.A[None], g.B[None], path, punish)
        both = sustainable_batch(batch.thresholds, float(delta[0]), float(delta[1]), batch.ceilings)
        exact_floats_agree = all(
            abs(float(delta[p]) - float(x)) > 1e-9
            for p, x in enumerate(theirs.ceilings)
            if x is not None
        )
        if exact_floats_agree:  # away from a ceiling, where floats may round either way
            assert both[0].tolist() == list(theirs.sustainable)


@settings(max_examples=60)
@given(
    games_with_pure_equilibrium() | cooperative_games(),
    st.sampled_from([Fraction(1, 1000), Fraction(1, 10**9)]),
)
def test_grim_subgame_perfect_iff_above_threshold(case, eps: Fraction) -> None:
    g, path, punish = case
    row, col = grim_pair(g, path, punish)
    thresholds = critical_delta(g, row, col)
    t = max(thresholds)
    event(f"threshold: {'inf' if t == INF else '0' if t == 0 else 'in (0, 1)'}")
    if t == INF:
        assert not is_subgame_perfect(g, row, col, 1 - eps).holds
        return
    t = max(t, eps)  # a threshold of 0: every delta in (0, 1)
    assert is_subgame_perfect(g, row, col, t).holds
    assert is_subgame_perfect(g, row, col, (t + 1) / 2).holds
    assert is_nash(g, row, col, (t + 1) / 2).holds  # subgame perfect, so Nash
    if t > eps:
        assert not is_subgame_perfect(g, row, col, t - eps).holds
    # each player at its own threshold, then one of them just below it
    own = tuple(max(x, eps) for x in thresholds)
    assert is_subgame_perfect(g, row, col, own).holds
    for p in (0, 1):
        if own[p] > eps:
            delta = tuple(x - eps if q == p else x for q, x in enumerate(own))
            verdict = is_subgame_perfect(g, row, col, delta)
            assert not verdict.holds
            assert verdict.deviation.player == p
            assert verdict.deviation.state_index == (0, 0)  # on the path


# --- cross-check (c): the Nash check against brute force ------------------------------------


@pytest.mark.parametrize(
    "rival", [grim(), tft(), wsls(), always(1), generous_tft()], ids=lambda a: a.name
)
def test_best_reply_beats_every_two_state_automaton(rival: Automaton) -> None:
    g = pd()
    for delta in (Fraction(2, 5), Fraction(7, 10)):
        match = Match(g, always(0), rival)
        _, W, _ = best_reply(
            RivalMDP(match, 0), [[Fraction(x) for x in r] for r in g.exact_A], delta, 0
        )
        brute = max(start_value(g, dev, rival, 0, float(delta)) for dev in two_state_automata())
        assert math.isclose(brute, float(W[0]), abs_tol=1e-9)


@settings(max_examples=50)
@given(st.data())
def test_nash_matches_policy_enumeration(data) -> None:
    g = Game(
        *(
            data.draw(
                st.lists(
                    st.lists(st.integers(-4, 4), min_size=2, max_size=2), min_size=2, max_size=2
                )
            )
            for _ in "AB"
        )
    )
    row, col = data.draw(automata(2, mixed=True)), data.draw(automata(2, mixed=True))
    delta = Fraction(data.draw(st.integers(1, 19)), 20)
    verdict = is_nash(g, row, col, delta)
    gains = [
        best_by_policies(g, col, 0, float(delta)) - start_value(g, row, col, 0, float(delta)),
        best_by_policies(g, row, 1, float(delta)) - start_value(g, row, col, 1, float(delta)),
    ]
    assert min(gains) > -1e-9  # a best reply does at least as well as the automaton
    assume(all(x < 1e-9 or x > 1e-7 for x in gains))
    assert verdict.holds == (max(gains) < 1e-9)
    event(f"Nash: {verdict.holds}")
    if not verdict.holds:
        assert gains[verdict.deviation.player] > 1e-7
    details = threshold_details(g, row, col, "nash")
    assert all(any(delta in i for i in s) for s in details.holds) == verdict.holds


@st.composite
def automata(draw, n: int, max_states: int = 3, mixed: bool = False):
    k = draw(st.integers(1, max_states))
    outputs = []
    for _ in range(k):
        if mixed and draw(st.booleans()):
            w = Fraction(draw(st.integers(1, 3)), 4)
            outputs.append((w, 1 - w) if n == 2 else (w, 1 - w, Fraction(0)))
        else:
            outputs.append(pure(draw(st.integers(0, n - 1)), n))
    moves = st.integers(0, k - 1)
    transition = tuple(
        tuple(tuple(draw(moves) for _ in range(n)) for _ in range(n)) for _ in range(k)
    )
    return Automaton("random", tuple(f"s{i}" for i in range(k)), tuple(outputs), transition)


# --- the subgame-perfection check against a float re-implementation -----------------------


def pool(n: int) -> list[Automaton]:
    """Named automata for an n x n game, where random ones are seldom equilibria."""
    if n == 2:
        return [grim(), tft(), wsls(), always(0), always(1), generous_tft(), limited(2), truce(2)]
    return [grim(3, 3, (0, 0), 2), limited(2, 3, 3, (0, 0), 2), always(0, 3, 3), always(2, 3, 3)]


@settings(max_examples=100)
@given(st.data())
def test_subgame_perfect_matches_float_check(data) -> None:
    n = data.draw(st.sampled_from([2, 2, 3]))
    entries = st.lists(st.lists(st.integers(-4, 4), min_size=n, max_size=n), min_size=n, max_size=n)
    g = Game(data.draw(entries), data.draw(entries))
    either = st.one_of(automata(n, mixed=True), st.sampled_from(pool(n)))
    row, col = data.draw(either), data.draw(either)
    delta = (Fraction(data.draw(st.integers(1, 9)), 10), Fraction(data.draw(st.integers(1, 9)), 10))
    worst = spe_by_floats(g, row, col, (float(delta[0]), float(delta[1])))
    assume(not 1e-10 < worst < 1e-6)  # too close to call in floats
    verdict = is_subgame_perfect(g, row, col, delta)
    event(f"subgame perfect: {verdict.holds}")
    assert verdict.holds == (worst <= 1e-10)
    if not verdict.holds:
        assert math.isclose(float(verdict.deviation.gain), worst, rel_tol=1e-9)
    details = threshold_details(g, row, col)
    assert verdict.holds == all(
        any(d in i for i in s) for d, s in zip(delta, details.holds, strict=True)
    )


def test_mixed_automaton_needs_indifference() -> None:
    # Generous TFT mixes after a D, so C and D must be equally good there: that pins delta.
    # On (5, 3, 1, 0) no delta works; on (4, 3, 1, 0) exactly delta = 1/2 does.
    assert threshold_details(pd(), generous_tft(), generous_tft()).holds == ((), ())
    g = pd(4, 3, 1, 0)
    point = Interval(HALF, HALF, True, True)
    assert threshold_details(g, generous_tft(), generous_tft()).holds == ((point,), (point,))
    for delta in [Fraction(k, 20) for k in range(1, 20)]:
        worst = spe_by_floats(g, generous_tft(), generous_tft(), (float(delta),) * 2)
        assert is_subgame_perfect(g, generous_tft(), generous_tft(), delta).holds == (
            abs(worst) < 1e-12
        )
        assert (delta == HALF) == (abs(worst) < 1e-12)
    # the Nash condition asks nothing off the path: it holds from 1/2 on
    assert critical_delta(g, generous_tft(), generous_tft(), "nash") == (HALF, HALF)


def test_off_path_states_are_checked() -> None:
    # At delta = 9/10 TFT is a Nash equilibrium, but not subgame perfect: the profitable
    # deviation is off the path, where the players echo each other's defection
    g = pd()
    assert is_nash(g, tft(), tft(), Fraction(9, 10)).holds
    verdict = is_subgame_perfect(g, tft(), tft(), Fraction(9, 10))
    assert not verdict.holds
    assert verdict.deviation.state != ("C", "C")


def test_unreachable_pairs_are_not_checked() -> None:
    # Grim's pair (cooperate, punish) is reached by no history: there C is no best reply,
    # yet grim is subgame perfect from 1/2 on
    match = Match(pd(), grim(), grim())
    assert sorted(match.states) == [(0, 0), (1, 1)]
    assert is_subgame_perfect(pd(), grim(), grim(), HALF).holds


# --- cross-check (d): asymmetric discount factors --------------------------------------------


def test_asymmetric_deltas_name_the_right_player() -> None:
    # row (T, R, P, S) = (5, 3, 1, 0): threshold 1/2; column (7, 3, 1, 0): 4/6 = 2/3
    g = Game([[3, 0], [5, 1]], [[3, 7], [0, 1]], actions=CD)
    assert critical_delta(g, grim(), grim()) == (HALF, Fraction(2, 3))
    assert is_subgame_perfect(g, grim(), grim(), (HALF, Fraction(2, 3))).holds
    for delta, player in (
        ((Fraction(3, 5), Fraction(3, 5)), 1),
        ((Fraction(2, 5), Fraction(9, 10)), 0),
    ):
        for check in (is_subgame_perfect, is_nash):
            verdict = check(g, grim(), grim(), delta)
            assert not verdict.holds
            assert verdict.deviation.player == player
            assert verdict.deviation.action == "D"
            assert verdict.delta == delta


def test_float_deltas_are_read_as_decimals() -> None:
    assert is_subgame_perfect(pd(), grim(), grim(), 0.5).holds  # 1/2 exactly
    verdict = is_subgame_perfect(pd(), grim(), grim(), 0.4)
    assert verdict.deviation.gain == Fraction(2, 5)  # (1 - 2/5) 5 + 2/5 - 3


# --- cross-check (e): symbolic games ---------------------------------------------------------

T, R, P, S = sympy.symbols("T R P S")
PD_POINT = {T: 5, R: 3, P: 1, S: 0}


def test_symbolic_grim_matches_grim_py() -> None:
    g = pd(T, R, P, S, point=PD_POINT)
    ours = critical_delta(g, grim(), grim())
    theirs = grim_details(g, (HALF, HALF), (0, 0), (1, 1)).thresholds
    for a, b in zip(ours, theirs, strict=True):
        assert sympy.cancel(a - b) == 0
        assert sympy.cancel(a - (T - R) / (T - P)) == 0


def test_symbolic_formulas_choose_the_branch_at_the_point() -> None:
    g = pd(T, R, P, S, point=PD_POINT)
    row, _ = critical_delta(g, tft(), tft(), "nash")  # at the point (T-R)/(R-S) binds
    assert sympy.cancel(row - (T - R) / (R - S)) == 0
    row, _ = critical_delta(pd(T, R, P, S, point={T: 5, R: 4, P: 1, S: 0}), wsls(), wsls())
    assert sympy.cancel(row - (T - R) / (R - P)) == 0
    assert critical_delta(g, wsls(), wsls()) == (INF, INF)
    assert critical_delta(g, always(1), always(1)) == (0, 0)
    # a quadratic binding condition: truce(2); the formula holds near the point too
    row, _ = critical_delta(g, truce(2), truce(2), "nash")
    for point in (PD_POINT, {T: 6, R: 4, P: 1, S: 0}, {T: 9, R: 5, P: 2, S: -1}):
        numeric = critical_delta(g.subs(point), truce(2), truce(2), "nash")[0]
        assert math.isclose(float(row.subs(point)), float(numeric), abs_tol=1e-12)


def test_symbolic_details_and_refusals() -> None:
    g = pd(T, R, P, S, point=PD_POINT)
    details = threshold_details(g, grim(), grim())
    data = details.to_dict()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["thresholds_float"] == [0.5, 0.5]
    assert is_subgame_perfect(g, grim(), grim(), HALF).holds  # evaluated at the point
    with pytest.raises(ValueError, match="degree 3 in delta"):
        critical_delta(g, truce(3), truce(3), "nash")
    with pytest.raises(ValueError, match="no reference point"):
        critical_delta(pd(T, R, P, S), grim(), grim())
    with pytest.raises(ValueError, match="no reference point"):
        is_nash(pd(T, R, P, S), grim(), grim(), HALF)


# --- larger games, numeric games, results ---------------------------------------------------

LADDER = Game(
    [[4, -1, -3], [5, 1, -2], [6, 2, 0]],
    [[4, 5, 6], [-1, 1, 2], [-3, -2, 0]],
    actions=(["open", "partial", "ban"], ["open", "partial", "ban"]),
)


def test_three_by_three_with_three_state_automata() -> None:
    row, col = limited(2, 3, 3, (0, 0), 2), limited(2, 3, 3, (0, 0), 2)
    for criterion, check in (("subgame-perfect", is_subgame_perfect), ("nash", is_nash)):
        details = threshold_details(LADDER, row, col, criterion)
        for k in range(1, 20):
            delta = Fraction(k, 20)
            assert check(LADDER, row, col, delta).holds == any(delta in i for i in details.holds[0])
    # two periods of punishment at (ban, ban): 2 <= 4 (delta + delta^2), delta >= (sqrt 3 - 1)/2
    t = critical_delta(LADDER, row, col)[0]
    assert sympy.simplify(t - (sympy.sqrt(3) - 1) / 2) == 0


def test_numeric_games_give_floats() -> None:
    g = pd(5 + math.pi, 3, 1, 0)  # pi is kept as a float, not a fraction
    assert not g.is_exact
    row, _ = critical_delta(g, grim(), grim())
    assert type(row) is float
    assert math.isclose(row, (2 + math.pi) / (4 + math.pi), rel_tol=1e-12)
    assert is_subgame_perfect(g, grim(), grim(), row + 1e-6).holds
    assert not is_subgame_perfect(g, grim(), grim(), row - 1e-6).holds


def test_results_are_readable_and_json_safe() -> None:
    verdict = is_subgame_perfect(pd(), tft(), tft(), Fraction(9, 10))
    assert isinstance(verdict, Verdict)
    assert repr(verdict).startswith("Verdict(holds=False, criterion=subgame-perfect, delta=(9/10")
    for data in (
        verdict.to_dict(),
        is_nash(pd(), grim(), grim(), 0.9).to_dict(),
        threshold_details(pd(), truce(2), truce(2), "nash").to_dict(),
        threshold_details(pd(), wsls(), wsls()).to_dict(),
    ):
        assert json.loads(json.dumps(data, allow_nan=False)) == data
    details = threshold_details(pd(), truce(2), truce(2), "nash")
    assert "~0.618034" in repr(details)
    assert details.to_dict()["thresholds_float"][0] == pytest.approx((math.sqrt(5) - 1) / 2)


# --- bad input -------------------------------------------------------------------------------


def test_bad_input() -> None:
    g = pd()
    three = always(0, 3, 2)
    with pytest.raises(ValueError, match=r"built for 3x2 actions; the row player .* 2 actions"):
        is_subgame_perfect(g, three, grim(), HALF)
    with pytest.raises(ValueError, match="built for 2x3"):
        critical_delta(g, grim(), always(0, 2, 3))
    with pytest.raises(ValueError, match="must be an Automaton"):
        is_nash(g, "grim", grim(), HALF)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="expected a tradegame Game"):
        critical_delta([[1]], grim(), grim())  # type: ignore[arg-type]
    for delta in (0, 1, 1.5, -0.1, float("nan"), "0.5", (HALF, HALF, HALF)):
        for check in (is_subgame_perfect, is_nash):
            with pytest.raises(ValueError, match="delta"):
                check(g, grim(), grim(), delta)
    with pytest.raises(ValueError, match="unknown criterion 'perfect'; choose one of"):
        critical_delta(g, grim(), grim(), "perfect")
    with pytest.raises(ValueError, match="must be a number"):
        is_nash(g, grim(), grim(), sympy.Symbol("d"))


@pytest.mark.parametrize("module", [perfection, thresholds], ids=lambda m: m.__name__)
def test_docstring_examples(module) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0
