"""Tests for tradegame.solvers.tournament: exact round-robin tournaments."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradegame.game import Game
from tradegame.solvers.play import play
from tradegame.solvers.simulate import simulate
from tradegame.solvers.strategies.automaton import Automaton, Side, Strategy, pure
from tradegame.solvers.tournament import Table, tournament

CD = (["C", "D"], ["C", "D"])
Prob = tuple[Fraction, ...]
HALF = Fraction(1, 2)


def pd(T: int = 5, R: int = 3, P: int = 1, S: int = 0) -> Game:
    """The prisoner's dilemma: C is action 0, D action 1."""
    return Game([[R, S], [T, P]], [[R, T], [S, P]], actions=CD)


# --- twelve automata built by hand (2 actions, state = what the machine plays next) ---------


def machine(
    name: str, outputs: list[int | Prob], nxt: Callable[[int, int, int], int], start: int = 0
) -> Automaton:
    out = tuple(pure(o, 2) if isinstance(o, int) else tuple(o) for o in outputs)
    table = tuple(
        tuple(tuple(nxt(s, i, j) for j in range(2)) for i in range(2)) for s in range(len(outputs))
    )
    return Automaton(name, tuple(f"s{s}" for s in range(len(outputs))), out, table, start)


def hand_built() -> dict[str, Automaton]:
    return {
        "allc": machine("allc", [0], lambda s, i, j: 0),
        "alld": machine("alld", [1], lambda s, i, j: 0),
        "tft": machine("tft", [0, 1], lambda s, i, j: j),
        "grim": machine("grim", [0, 1], lambda s, i, j: max(s, j)),
        "alternator": machine("alternator", [0, 1], lambda s, i, j: 1 - s),
        "random": machine("random", [(HALF, HALF)], lambda s, i, j: 0),
        "gtft": machine("gtft", [0, (Fraction(1, 3), Fraction(2, 3))], lambda s, i, j: j),
        "wsls": machine("wsls", [0, 1], lambda s, i, j: int(i != j)),
        # defect only after two defections in a row
        "tf2t": machine("tf2t", [0, 0, 1], lambda s, i, j: min(s + 1, 2) if j else 0),
        "stft": machine("stft", [0, 1], lambda s, i, j: j, start=1),
        # two defections answer each defection
        "2tft": machine("2tft", [0, 1, 1], lambda s, i, j: 1 if j else (2 if s == 1 else 0)),
        "ccd": machine("ccd", [0, 0, 1], lambda s, i, j: (s + 1) % 3),
    }


def h2h_from_play(g: Game, players: list[Any], turns: int, noise: Any = 0) -> list[list[Any]]:
    """Head-to-head by definition: i's payoff as row and as column against j, averaged."""
    n = len(players)
    H: list[list[Any]] = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            as_row = play(g, players[i], players[j], turns=turns, noise=noise).payoffs[0]
            as_col = play(g, players[j], players[i], turns=turns, noise=noise).payoffs[1]
            H[i][j] = (as_row + as_col) / (2 * turns)
    return H


# --- a tournament checked by hand ---------------------------------------------------------


def test_three_strategies_on_the_prisoners_dilemma() -> None:
    # PD (5,3,1,0), 200 turns. Per turn: ALLD 1 vs itself, 204/200 vs TFT (ORACLES.md:
    # TFT vs ALLD totals 199 : 204), 5 vs ALLC; TFT 199/200, 3, 3; ALLC 0, 3, 3.
    m = hand_built()
    table = tournament(pd(), [m["alld"], m["tft"], m["allc"]], turns=200)
    assert table.names == ("alld", "tft", "allc")
    assert table.head_to_head == (
        (1, Fraction(204, 200), 5),
        (Fraction(199, 200), 3, 3),
        (0, 3, 3),
    )
    assert table.scores == (Fraction(117, 50), Fraction(1399, 600), 2)
    assert table.ranks == (1, 2, 3)
    assert table.rows() == [
        (1, "alld", Fraction(117, 50)),
        (2, "tft", Fraction(1399, 600)),
        (3, "allc", Fraction(2)),
    ]
    assert table.exact and table.symmetric and table.turns == 200 and table.noise == 0


def test_grim_joins_and_ties_share_a_rank() -> None:
    # grim and tit-for-tat meet only strategies they treat alike, so both score
    # (3 + 3 + 3 + 199/200) / 4; ALLC (3 + 3 + 3 + 0) / 4; ALLD (5 + 204/200 * 2 + 1) / 4.
    # The reciprocators now win: Axelrod's point about the company a strategy keeps.
    m = hand_built()
    table = tournament(pd(), [m["allc"], m["tft"], m["grim"], m["alld"]], turns=200)
    assert table.scores == (
        Fraction(9, 4),
        Fraction(1999, 800),
        Fraction(1999, 800),
        Fraction(201, 100),
    )
    assert table.ranks == (3, 1, 1, 4)
    assert [r[1] for r in table.rows()] == ["tft", "grim", "allc", "alld"]


def test_head_to_head_is_play_per_turn_and_includes_self_play() -> None:
    m = hand_built()
    players = [m[k] for k in ("tft", "alternator", "random", "gtft", "wsls")]
    for noise in (0, Fraction(1, 20)):
        table = tournament(pd(), players, turns=50, noise=noise)
        for i, a in enumerate(players):
            for j, b in enumerate(players):
                out = play(pd(), a, b, turns=50, noise=noise)
                assert table.head_to_head[i][j] == out.payoffs[0] / 50
        # the symmetric shortcut agrees with both seatings, computed one by one
        assert [list(r) for r in table.head_to_head] == h2h_from_play(pd(), players, 50, noise)
        n = len(players)
        assert table.scores == tuple(sum(row) / n for row in table.head_to_head)


def test_noisy_tournament_is_exact_and_repeatable() -> None:
    m = hand_built()
    players = [m["tft"], m["gtft"], m["alld"], m["wsls"]]
    first = tournament(pd(), players, turns=200, noise=0.05)
    assert first == tournament(pd(), players, turns=200, noise=0.05)
    assert first.exact and first.noise == Fraction(1, 20)
    assert all(isinstance(s, Fraction) for s in first.scores)
    # one entry against Monte Carlo: within four standard errors
    est = simulate(pd(), m["gtft"], m["wsls"], turns=200, noise=0.05, repetitions=2000, rng=4)
    assert abs(float(first.head_to_head[1][3]) * 200 - est.mean[0]) <= 4 * est.stderr[0]


# --- asymmetric games: both seatings ------------------------------------------------------


def _open(side: Side) -> Automaton:
    return Automaton(
        "open",
        ("open",),
        (pure(side.cooperate, side.n_own),),
        ((tuple(0 for _ in range(side.n_other)),) * side.n_own,),
    )


def _trigger(side: Side) -> Automaton:
    row = lambda s: tuple(  # noqa: E731
        tuple(int(s == 1 or j != side.other_cooperate) for j in range(side.n_other))
        for _ in range(side.n_own)
    )
    return Automaton(
        "trigger",
        ("open", "punish"),
        (pure(side.cooperate, side.n_own), pure(side.punish_action, side.n_own)),
        (row(0), row(1)),
    )


def _pressure(side: Side) -> Automaton:
    return Automaton(
        "pressure",
        ("press",),
        (pure(side.punish_action, side.n_own),),
        ((tuple(0 for _ in range(side.n_other)),) * side.n_own,),
    )


STRATEGIES = [Strategy("open", _open), Strategy("trigger", _trigger), Strategy("press", _pressure)]


def test_asymmetric_game_averages_both_seatings() -> None:
    # a 3x2 game with different payoffs for the two players (a ladder against two actions)
    g = Game([[0, -5], [7, -4], [17, -3]], [[0, -3], [-40, -39], [-100, -95]])
    table = tournament(g, STRATEGIES, turns=20)
    assert not table.symmetric
    assert [list(r) for r in table.head_to_head] == h2h_from_play(g, STRATEGIES, 20)
    # by hand: press (row, action 2) against open (column, action 0) earns 17 a turn as row;
    # press (column, action 1) against open (row, action 0) earns -3 a turn as column
    assert table.head_to_head[2][0] == Fraction(17 - 3, 2)
    assert table.ranks == tuple(1 + sum(o > s for o in table.scores) for s in table.scores)


def test_asymmetric_payoffs_on_a_square_game_are_not_symmetric() -> None:
    g = Game([[3, 0], [5, 1]], [[2, 5], [0, 1]], actions=CD)
    m = hand_built()
    players = [m["tft"], m["alld"], m["gtft"]]
    table = tournament(g, players, turns=10, noise=Fraction(1, 10))
    assert not table.symmetric
    assert [list(r) for r in table.head_to_head] == h2h_from_play(g, players, 10, Fraction(1, 10))


def test_bundled_rare_earth_model_runs() -> None:
    from tradegame.model.load import load_model

    g = load_model("rare-earth-2025").game()
    table = tournament(g, STRATEGIES, turns=30)
    assert table.exact and not table.symmetric and len(table.rows()) == 3


# --- properties -------------------------------------------------------------------------


@st.composite
def symmetric_setups(draw: st.DrawFn) -> tuple[Game, list[Automaton]]:
    A = draw(st.lists(st.lists(st.integers(-4, 6), min_size=2, max_size=2), min_size=2, max_size=2))
    g = Game(A, [[A[0][0], A[1][0]], [A[0][1], A[1][1]]], actions=CD)
    pool = list(hand_built().values())
    players = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4))
    return g, players


@settings(max_examples=60)
@given(symmetric_setups(), st.integers(1, 12), st.sampled_from([0, Fraction(1, 10)]))
def test_tables_agree_with_play_and_rank_by_score(setup, turns: int, noise: Any) -> None:
    g, players = setup
    table = tournament(g, players, turns=turns, noise=noise)
    assert table.symmetric
    assert [list(r) for r in table.head_to_head] == h2h_from_play(g, players, turns, noise)
    for i, s in enumerate(table.scores):
        assert table.ranks[i] == 1 + sum(o > s for o in table.scores)
    ranks = [r for r, _, _ in table.rows()]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert len(set(table.names)) == len(players)  # repeated strategies get distinct labels


# --- results ----------------------------------------------------------------------------


def test_table_is_readable_and_json_safe() -> None:
    m = hand_built()
    table = tournament(pd(), [m["alld"], m["tft"], m["alld"]], turns=10)
    assert table.names == ("alld", "tft", "alld #2")
    assert table.ranks[0] == table.ranks[2]
    data = json.loads(json.dumps(table.to_dict()))
    assert data["names"] == list(table.names)
    assert [Fraction(x) for x in data["scores"]] == list(table.scores)
    assert data["symmetric"] is True and data["turns"] == 10
    text = repr(table)
    assert isinstance(table, Table) and "alld #2" in text and "tft" in text


def test_float_game_ranks_with_a_tolerance() -> None:
    third = 1 / 3
    g = Game(pd().A + third, pd().B + third, actions=CD)
    m = hand_built()
    table = tournament(g, [m["allc"], m["tft"], m["grim"], m["alld"]], turns=200)
    assert not table.exact and isinstance(table.scores[0], float)
    exact = tournament(pd(), [m["allc"], m["tft"], m["grim"], m["alld"]], turns=200)
    np.testing.assert_allclose(table.scores, [float(s) + third for s in exact.scores], atol=1e-9)
    assert table.ranks == exact.ranks == (3, 1, 1, 4)


# --- bad input ----------------------------------------------------------------------------


def test_bad_input() -> None:
    m = hand_built()
    with pytest.raises(ValueError, match="at least one strategy"):
        tournament(pd(), [])
    with pytest.raises(ValueError, match="must be a list"):
        tournament(pd(), "tit-for-tat")
    with pytest.raises(ValueError, match="turns must be a whole number"):
        tournament(pd(), [m["tft"]], turns=0)
    with pytest.raises(ValueError, match="turns must be a whole number"):
        tournament(pd(), [m["tft"]], turns=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="noise must be a probability"):
        tournament(pd(), [m["tft"]], noise=1)
    with pytest.raises(ValueError, match="needs a tradegame Game"):
        tournament([[1, 0], [0, 1]], [m["tft"]])
    three = Automaton("three", ("s",), (pure(0, 3),), (((0, 0, 0),) * 3,))
    with pytest.raises(ValueError, match="has 2 actions"):
        tournament(pd(), [m["tft"], three])
    # an automaton fits one seat of a non-square game only
    g = Game([[0, 1], [1, 0], [2, 2]], [[0, 1], [1, 0], [2, 2]])
    row_only = Automaton("row-only", ("s",), (pure(0, 3),), (((0, 0),) * 3,))
    with pytest.raises(ValueError, match="column player of this game"):
        tournament(g, [row_only])


# --- the named strategy library, when present ----------------------------------------------

library = importlib.import_module("tradegame.solvers.strategies")
needs_library = pytest.mark.skipif(
    not hasattr(library, "strategy"), reason="the named strategy library is not available"
)


@needs_library
def test_named_library_tournament() -> None:
    names = library.strategies()
    g = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["open", "restrict"],) * 2)
    table = tournament(g, names, turns=200)
    assert table.exact and len(table.names) == len(names)
    by_name = dict(zip(table.names, range(len(names)), strict=True))
    tft, defect = by_name["tit-for-tat"], by_name["always-restrict"]
    # ORACLES.md (Axelrod): tit-for-tat vs always-defect totals 199 : 204 over 200 turns
    assert table.head_to_head[tft][defect] == Fraction(199, 200)
    assert table.head_to_head[defect][tft] == Fraction(204, 200)
    assert table.head_to_head[tft][tft] == 3


@needs_library
def test_named_library_with_noise_matches_hand_built() -> None:
    m = hand_built()
    g = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["open", "restrict"],) * 2)
    named = ["tit-for-tat", "grim", "always-restrict", "win-stay-lose-shift"]
    # the library's grim also stops cooperating after its own (noisy) defection
    grim = machine("grim", [0, 1], lambda s, i, j: max(s, i, j))
    ours = [m["tft"], grim, m["alld"], m["wsls"]]
    a = tournament(g, named, turns=100, noise=Fraction(1, 20))
    b = tournament(g, ours, turns=100, noise=Fraction(1, 20))
    assert a.head_to_head == b.head_to_head and a.ranks == b.ranks
