"""Tests of tradegame.nfg: Gambit strategic-form files, read and written exactly.

The tests that need pygambit are skipped where it is not installed; run them
with a Python that has it (``python -m pytest tests/test_nfg.py``).
"""

from __future__ import annotations

import io
import json
import math
import tempfile
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
from clihelpers import assert_one_line_error, run
from hypothesis import given, settings
from hypothesis import strategies as st

import tradegame as tg
from tradegame.datafile import DataFileError
from tradegame.nfg import NfgError, nfg_text, parse_nfg, read_nfg, write_nfg

DATA = Path(__file__).resolve().parent / "data" / "nfg"
FILES = sorted(DATA.glob("*.nfg"))
MODELS = tg.list_models()


def assert_same_game(got: tg.Game, expected: tg.Game) -> None:
    """Equal names and exactly equal payoffs (fractions, not floats)."""
    assert got.players == expected.players
    assert got.actions == expected.actions
    assert got.shape == expected.shape
    assert got.is_exact and expected.is_exact
    assert got.exact_A.tolist() == expected.exact_A.tolist()
    assert got.exact_B.tolist() == expected.exact_B.tolist()
    assert got == expected


def rows(M: tuple[tuple[F, ...], ...]) -> tuple[tuple[F, ...], ...]:
    return tuple(tuple(row) for row in M)


def round_trip(game: tg.Game, **kwargs: Any) -> tg.Game:
    return parse_nfg(nfg_text(game, **kwargs)).game()


# The files in tests/data/nfg -------------------------------------------------


def test_the_data_folder_is_scanned() -> None:
    assert {"prisoners-dilemma.nfg", "inspection-outcomes.nfg", "degenerate.nfg"} <= {
        p.name for p in FILES
    }


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_file_reads_exactly_solves_and_round_trips(path: Path, tmp_path: Path) -> None:
    g = tg.Game.from_nfg(path)
    assert g.is_exact
    for e in tg.equilibria(g):
        assert tg.is_equilibrium(g, e.row, e.col)
    h = tg.Game.from_nfg(g.to_nfg(tmp_path / path.name))
    assert_same_game(h, g)
    # the same file as a model: a parameter-free matrix model with the same game
    m = tg.load_model(path)
    assert m.kind == "matrix" and dict(m.params) == {} and m.discounts() is None
    assert_same_game(m.game(), g)
    assert m.symbolic_game() == g


def test_payoff_format_matches_the_bundled_prisoners_dilemma() -> None:
    # the file lists profiles with the first player's strategy changing fastest
    g = tg.Game.from_nfg(DATA / "prisoners-dilemma.nfg")
    assert_same_game(g, tg.load_model("prisoners-dilemma").game())


def test_profile_order_first_player_fastest() -> None:
    text = 'NFG 1 R "t" { "P1" "P2" } { { "a1" "a2" "a3" } { "b1" "b2" } }\n'
    text += " ".join(str(k) for k in range(1, 13))
    data = parse_nfg(text)
    # profile k (from 0) is (k % 3, k // 3); its payoffs are tokens 2k+1 and 2k+2
    assert rows(data.A) == tuple(tuple(F(2 * (j * 3 + i) + 1) for j in range(2)) for i in range(3))
    assert rows(data.B) == tuple(tuple(F(2 * (j * 3 + i) + 2) for j in range(2)) for i in range(3))
    assert data.players == ("P1", "P2")
    assert data.actions == (("a1", "a2", "a3"), ("b1", "b2"))


def test_outcome_format_with_names_rationals_decimals_and_comment() -> None:
    data = read_nfg(DATA / "inspection-outcomes.nfg")
    assert data.title == "Inspection game, outcome format"
    assert data.comment.startswith("Outcome format")
    assert data.players == ("Inspector", "Firm")
    assert data.actions == (("inspect", "trust"), ("comply", "cheat"))
    # outcomes 1..4 at (inspect, comply), (trust, comply), (inspect, cheat), (trust, cheat)
    assert rows(data.A) == ((F(-1, 2), F(3, 2)), (F(0), F(-3)))
    assert rows(data.B) == ((F(1), F(-2)), (F(1), F(2)))


def test_outcome_zero_means_payoffs_zero_and_outcomes_can_repeat() -> None:
    text = 'NFG 1 R "" { "A" "B" } { 2 2 }\n{ { "x" 1 2 } { "y" 3, 4 } }\n1 0 2 1'
    data = parse_nfg(text)
    assert rows(data.A) == ((F(1), F(3)), (F(0), F(1)))
    assert rows(data.B) == ((F(2), F(4)), (F(0), F(2)))
    empty = parse_nfg('NFG 1 R "" { "A" "B" } { 1 1 } { } 0')
    assert rows(empty.A) == ((F(0),),) and rows(empty.B) == ((F(0),),)


def test_every_number_form_is_exact() -> None:
    data = read_nfg(DATA / "exact-numbers.nfg")
    assert data.actions == (("1", "2", "3"), ("1", "2"))  # strategy counts name them 1, 2, ...
    assert rows(data.A) == ((F(1, 10), F(4)), (F(100), F(1)), (F(-1, 4), F(-7)))
    assert rows(data.B) == ((F(-2, 3), F(1, 4)), (F(1, 2), F(1, 3)), (F(1, 7), F(-45, 4)))
    assert all(isinstance(x, F) for row in data.A + data.B for x in row)


def test_names_are_unescaped_and_made_distinct_as_gambit_does() -> None:
    g = tg.Game.from_nfg(DATA / "labels.nfg")
    assert g.players == ('the "row" player', "_1")
    assert g.actions == (("up_1", "up_2", "_1"), ("left\\right", "x"))
    # a generated name never collides with a name already in the file
    data = parse_nfg('NFG 1 R "" { "A" "B" } { { "x" "x" "x_1" } { "" } } 1 2 3 4 5 6')
    assert data.actions == (("x_2", "x_3", "x_1"), ("_1",))


def test_degenerate_file_has_several_extreme_equilibria() -> None:
    g = tg.Game.from_nfg(DATA / "degenerate.nfg")
    # against T the column player is indifferent: the game is degenerate
    assert g.exact_B[0, 0] == g.exact_B[0, 1]
    eqs = tg.equilibria(g)
    assert len(eqs) >= 2
    assert len({(e.exact_row, e.exact_col) for e in eqs}) == len(eqs)
    for e in eqs:
        assert e.is_exact and tg.is_equilibrium(g, e.row, e.col)


def test_file_written_by_gambit_reads() -> None:
    # written by pygambit 16.7: outcome format, empty outcome names, commas
    g = tg.Game.from_nfg(DATA / "gambit-written.nfg")
    assert g.players == ("Ann", "Bob")
    assert g.actions == (("opera", "football"), ("opera", "football", "stay-home"))
    assert g.exact_A.tolist() == [[2, 0, F(1, 3)], [0, 1, F(1, 2)]]
    assert g.exact_B.tolist() == [[1, 0, F(-2, 3)], [0, 2, F(5, 4)]]


# Writing ---------------------------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_every_bundled_stage_game_round_trips(name: str, tmp_path: Path) -> None:
    g = tg.load_model(name).game()
    path = g.to_nfg(tmp_path / f"{name}.nfg", title=tg.load_model(name).title)
    assert path.read_text(encoding="utf-8").startswith("NFG 1 R ")
    assert_same_game(tg.Game.from_nfg(path), g)
    assert_same_game(tg.load_model(path).game(), g)
    assert tg.load_model(path).title == tg.load_model(name).title


def test_payoffs_are_written_exactly_and_without_exponents() -> None:
    g = tg.Game(
        [[F(1, 3), F(1, 1024), -2.5], [10**20, F(-7, 8), 0]],
        [[F(1, 10**30), 0.1, 3], [1e-7, F(22, 7), -1]],
    )
    text = nfg_text(g)
    body = text.split("\n", 2)[2]
    for token in body.split():
        assert "e" not in token.lower() and "+" not in token, token
    assert "1/3" in body and "0.0009765625" in body and "-2.5" in body and "22/7" in body
    assert_same_game(round_trip(g), g)


def test_inexact_floats_read_back_as_the_same_floats() -> None:
    g = tg.Game([[math.pi, 0.1 + 0.2], [1 / 3, -math.e]], [[1e-300, 1e300], [2.0**-60, 0]])
    assert not g.is_exact
    h = round_trip(g)
    assert h.is_exact  # a file holds decimals: they read back as fractions
    assert np.array_equal(h.A, g.A) and np.array_equal(h.B, g.B)


def test_names_with_quotes_backslashes_and_unicode_round_trip(tmp_path: Path) -> None:
    g = tg.Game(
        [[1, 2]],
        [[3, 4]],
        actions=(['say "no"'], ["a\\b", '中国 \\" x']),
        players=("Row {1}", "Col, 2"),
    )
    assert_same_game(tg.Game.from_nfg(g.to_nfg(tmp_path / "names.nfg", title='"t"')), g)
    assert read_nfg(tmp_path / "names.nfg").title == '"t"'


def test_symbolic_game_cannot_be_written() -> None:
    x = sympy.Symbol("x")
    with pytest.raises(ValueError, match="subs"):
        nfg_text(tg.Game([[x, 1]], [[0, 0]]))


def test_write_nfg_returns_the_path(tmp_path: Path) -> None:
    g = tg.load_model("chicken").game()
    path = write_nfg(g, str(tmp_path / "c.nfg"))
    assert path == tmp_path / "c.nfg" and path.is_file()


# Properties ------------------------------------------------------------------

exact_numbers = st.one_of(
    st.integers(-(10**12), 10**12).map(F),
    st.fractions(max_denominator=10**6).filter(lambda x: abs(x) < 10**9),
    st.decimals(-(10**6), 10**6, places=5, allow_nan=False, allow_infinity=False).map(F),
)


def names(n: int, alphabet: Any = None) -> st.SearchStrategy[list[str]]:
    text = (
        st.text(alphabet=alphabet, min_size=1, max_size=8)
        if alphabet is not None
        else st.text(min_size=1)
    )
    return st.lists(text, min_size=n, max_size=n, unique=True)


# Gambit's enummixed finds no equilibrium in some games with payoffs near 1e12:
# its equilibria are compared on games with small payoffs.
small_numbers = st.one_of(
    st.integers(-20, 20).map(F),
    st.fractions(-20, 20, max_denominator=12),
)


@st.composite
def exact_games(draw: Any, alphabet: Any = None, numbers: Any = exact_numbers) -> tg.Game:
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    A = [[draw(numbers) for _ in range(n)] for _ in range(m)]
    B = [[draw(numbers) for _ in range(n)] for _ in range(m)]
    players = draw(names(2, alphabet))
    actions = (draw(names(m, alphabet)), draw(names(n, alphabet)))
    return tg.Game(A, B, actions=actions, players=(players[0], players[1]))


@settings(max_examples=300)
@given(exact_games(), st.text())
def test_random_exact_games_round_trip_exactly(g: tg.Game, title: str) -> None:
    text = nfg_text(g, title=title)
    data = parse_nfg(text)
    assert data.title == title
    assert_same_game(data.game(), g)


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_any_text_is_read_or_rejected_with_one_line(text: str) -> None:
    try:
        parse_nfg(text, "fuzz.nfg")
    except NfgError as exc:
        assert str(exc).startswith("fuzz.nfg: ")
        assert len(str(exc).splitlines()) == 1


@settings(max_examples=200)
@given(
    exact_games(alphabet=st.characters(min_codepoint=97, max_codepoint=122)), st.integers(0, 10**6)
)
def test_corrupting_one_payoff_is_caught_and_located(g: tg.Game, seed: int) -> None:
    header, blank, body = nfg_text(g).split("\n", 2)
    tokens = body.split()
    k = seed % len(tokens)
    tokens[k] = "x" + tokens[k]
    with pytest.raises(NfgError) as info:
        parse_nfg("\n".join([header, blank, " ".join(tokens)]), "bad.nfg")
    message = str(info.value)
    assert message.startswith("bad.nfg: line 3, payoff of ")
    assert repr("x" + nfg_text(g).split("\n", 2)[2].split()[k]) in message
    assert len(message.splitlines()) == 1


# Bad input -------------------------------------------------------------------

HEADER = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'
BAD = {
    "truncated-header": ('NFG 1 R "t" { "A" "B"', ["line 1", "the file ends here"]),
    "truncated-payoffs": (HEADER + "1 2 3", ["line 2, payoffs", "found 3 of the 8 payoffs"]),
    "too-many-payoffs": (
        HEADER + "1 2 3 4 5 6 7 8 9",
        ["line 2 = '9'", "end of the file after the 8 payoffs of a 2x2 game"],
    ),
    "text-for-number": (
        HEADER + "1 2 3 4 5 6 7 abc",
        ["line 2, payoff of B at (2, 2) = 'abc'", "must be a number", "2/3"],
    ),
    "code-for-number": (
        HEADER + "1 2 3 4 5 6 7 __import__('os')",
        ["payoff of B at (2, 2) = \"__import__('os')\"", "must be a number"],
    ),
    "formula": (HEADER + "1 2 3 4 5 6 7 1+1", ["= '1+1'", "must be a number"]),
    "nan": (HEADER + "nan 2 3 4 5 6 7 8", ["payoff of A at (1, 1) = 'nan'", "number"]),
    "infinity": (HEADER + "1 2 inf 4 5 6 7 8", ["payoff of A at (2, 1) = 'inf'", "number"]),
    "huge": (HEADER + "1 2 3 4 1e400 6 7 8", ["= '1e400'", "finite"]),
    "huge-integer": (HEADER + "1 " + "9" * 320 + " 3 4 5 6 7 8", ["finite"]),
    "zero-denominator": (HEADER + "1 2 3 4 5 6 7 1/0", ["= '1/0'", "divides by zero"]),
    "plus-sign": (HEADER + "+1 2 3 4 5 6 7 8", ["= '+1'", "no + sign"]),
    "comma-in-payoffs": (HEADER + "1, 2 3 4 5 6 7 8", ["= ','", "must be a number"]),
    "three-players": (
        'NFG 1 R "t" { "A" "B" "C" } { 2 2 2 }\n' + "0 " * 24,
        ["line 1, players = ['A', 'B', 'C']", "two-player games only", "3 players"],
    ),
    "one-player": ('NFG 1 R "t" { "A" } { 2 }\n1 2', ["two-player games only", "has 1 player"]),
    "outcome-three-payoffs": (
        HEADER + '{ { "o" 1 2 3 } }\n1 1 1 1',
        ["outcome 1 (o) = '3'", "more than 2 payoffs"],
    ),
    "outcome-one-payoff": (HEADER + '{ { "o" 1 } }\n1 1 1 1', ["outcome 1 (o)", "has 1 payoff"]),
    "outcome-index": (
        HEADER + '{ { "o" 1 2 } }\n1 0 2 1',
        ["outcome at (1, 2) = '2'", "0 (no outcome, payoffs 0) or 1 to 1"],
    ),
    "outcome-count": (HEADER + '{ { "o" 1 2 } }\n1 0', ["found 2 of the 4 outcome numbers"]),
    "not-nfg": ("hello world", ["line 1 = 'hello'", "not a Gambit strategic-form"]),
    "efg": ('EFG 2 R "t" { "A" "B" } ""', ["= 'EFG'", "not a strategic-form file"]),
    "version": ('NFG 2 R "t" { "A" "B" } { 1 1 } 1 2', ["line 1, version = '2'", "must be 1"]),
    "number-type": ('NFG 1 X "t" { "A" "B" } { 1 1 } 1 2', ["number type = 'X'", "R"]),
    "unquoted-title": ('NFG 1 R t { "A" "B" } { 1 1 } 1 2', ["title = 't'", "quoted"]),
    "unclosed-quote": ('NFG 1 R "t { "A" "B" } { 1 1 } 1 2', ["closed"]),
    "unquoted-player": ('NFG 1 R "t" { A "B" } { 1 1 } 1 2', ["player names = 'A'", "quoted"]),
    "zero-strategies": ('NFG 1 R "t" { "A" "B" } { 0 2 } 1 2', ["of A = '0'", "from 1"]),
    "no-strategy-names": ('NFG 1 R "t" { "A" "B" } { { } { "x" } } 1 2', ["at least one"]),
    "no-body": ('NFG 1 R "t" { "A" "B" } { 1 1 } "c" }', ["payoffs = '}'", "expected the payoffs"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_files_raise_one_line_naming_file_place_and_value(case: str, tmp_path: Path) -> None:
    text, fragments = BAD[case]
    path = tmp_path / f"{case}.nfg"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(NfgError) as info:
        tg.Game.from_nfg(path)
    message = str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, DataFileError)
    assert len(message.splitlines()) == 1 and "\r" not in message
    assert message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message, message
    # loaded as a model, the same line comes as a ModelError
    with pytest.raises(tg.ModelError) as as_model:
        tg.load_model(path)
    assert str(as_model.value) == message


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: p.write_bytes(b""), "is empty; an .nfg file starts NFG 1 R"),
        (lambda p: p.write_bytes(b" \n\t\n"), "is empty"),
        (lambda p: p.write_bytes(bytes(range(256)) * 4), "not UTF-8 text (a binary file?)"),
        (lambda p: p.write_bytes(b"NFG 1 R \x00\x01\x02"), "NUL bytes"),
        (lambda p: None, "no such file"),
        (lambda p: p.mkdir(), "not a regular file (a directory?)"),
        (lambda p: p.write_bytes(b" " * 1_000_001), "at most 1000000 bytes"),
    ],
    ids=["empty", "blank", "binary", "nul", "missing", "directory", "too-large"],
)
def test_unreadable_files(make: Any, fragment: str, tmp_path: Path) -> None:
    path = tmp_path / "game.nfg"
    make(path)
    with pytest.raises(NfgError) as info:
        tg.Game.from_nfg(path)
    message = str(info.value)
    assert message.startswith(f"{path}: file")
    assert fragment in message and len(message.splitlines()) == 1


def test_bom_is_ignored() -> None:
    text = (DATA / "prisoners-dilemma.nfg").read_text(encoding="utf-8")
    assert_same_game(
        parse_nfg("\ufeff" + text).game(), tg.Game.from_nfg(DATA / "prisoners-dilemma.nfg")
    )


def test_names_in_messages_stay_on_one_line() -> None:
    text = 'NFG 1 R "" { "A\nB" "C" } { { "x\ny" } { "z" } } 1 oops'
    with pytest.raises(NfgError) as info:
        parse_nfg(text, "n.nfg")
    assert len(str(info.value).splitlines()) == 1
    assert "payoff of C at ('x\\ny', z) = 'oops'" in str(info.value)
    assert "line 3" in str(info.value)  # lines inside quoted names are counted


# Command line ----------------------------------------------------------------


def test_run_an_nfg_file(runner) -> None:
    path = DATA / "inspection-outcomes.nfg"
    result = run(runner, "run", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Inspection game, outcome format" in result.stdout
    assert "inspect" in result.stdout and "cheat" in result.stdout
    data = json.loads(run(runner, "run", str(path), "--format", "json").stdout)
    g = tg.Game.from_nfg(path)
    assert data["game"]["actions"] == [list(a) for a in g.actions]
    assert len(data["equilibria"]) == len(tg.equilibria(g))


def test_run_an_nfg_file_in_the_current_folder(runner, monkeypatch) -> None:
    monkeypatch.chdir(DATA)
    result = run(runner, "run", "prisoners-dilemma.nfg")
    assert result.exit_code == 0, result.stderr
    assert "prisoners-dilemma" in result.stdout


@pytest.mark.parametrize("command", ["show", "bargain", "tournament"])
def test_other_model_commands_take_an_nfg_file(runner, command: str) -> None:
    result = run(runner, command, str(DATA / "prisoners-dilemma.nfg"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


def test_repeated_takes_an_nfg_file_with_a_delta(runner) -> None:
    result = run(runner, "repeated", str(DATA / "degenerate.nfg"), "--delta", "0.9")
    assert result.exit_code == 0, result.stderr


def test_bad_nfg_exits_2_with_one_line(runner, tmp_path: Path) -> None:
    path = tmp_path / "bad.nfg"
    path.write_text(HEADER + "1 2 3 4 5 6 7 abc", encoding="utf-8")
    assert_one_line_error(run(runner, "run", str(path)), str(path), "line 2", "'abc'")
    assert_one_line_error(run(runner, "show", str(path)), "'abc'")
    assert_one_line_error(run(runner, "run", str(tmp_path / "none.nfg")), "no such file")
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert_one_line_error(run(runner, "run", str(path)), "not UTF-8")


def test_set_on_an_nfg_model_names_no_parameter(runner) -> None:
    result = run(runner, "run", str(DATA / "prisoners-dilemma.nfg"), "--set", "T=6")
    assert_one_line_error(result, "unknown parameter")


# Gambit itself (skipped without pygambit) -------------------------------------


@pytest.fixture(scope="module")
def gbt() -> Any:
    return pytest.importorskip("pygambit")


def gambit_game(gbt: Any, g: tg.Game) -> Any:
    """Gambit's reading of our file for ``g``."""
    return gbt.read_nfg(io.StringIO(nfg_text(g)))


def gambit_arrays(h: Any) -> tuple[list[list[F]], list[list[F]]]:
    A, B = h.to_arrays()
    return ([[F(x) for x in row] for row in A], [[F(x) for x in row] for row in B])


def gambit_names(h: Any) -> tuple[tuple[str, str], tuple[tuple[str, ...], ...]]:
    players = list(h.players)
    return (
        (players[0].label, players[1].label),
        tuple(tuple(s.label for s in p.strategies) for p in players),
    )


def assert_gambit_equals(h: Any, g: tg.Game) -> None:
    assert gambit_names(h) == (g.players, g.actions)
    assert gambit_arrays(h) == (g.exact_A.tolist(), g.exact_B.tolist())


def ours_from_gambit(gbt: Any, h: Any) -> tg.Game:
    """Our reading of the file gambit writes for ``h``."""
    text = h.to_nfg()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gambit.nfg"
        path.write_text(text, encoding="utf-8")
        return tg.Game.from_nfg(path)


GAMES = [(f"model:{n}", lambda n=n: tg.load_model(n).game()) for n in MODELS] + [
    (f"file:{p.name}", lambda p=p: tg.Game.from_nfg(p)) for p in FILES
]


@pytest.mark.parametrize("make", [m for _, m in GAMES], ids=[i for i, _ in GAMES])
def test_gambit_reads_what_we_write_and_we_read_what_it_writes(gbt: Any, make: Any) -> None:
    g = make()
    h = gambit_game(gbt, g)
    back = ours_from_gambit(gbt, h)
    assert gambit_arrays(h) == (g.exact_A.tolist(), g.exact_B.tolist())
    assert back.exact_A.tolist() == g.exact_A.tolist()
    assert back.exact_B.tolist() == g.exact_B.tolist()
    if "\\" not in "".join(g.players + g.actions[0] + g.actions[1]):
        # (Gambit 16.7 reads a backslash in a name as several: only payoffs are compared then)
        assert_gambit_equals(h, g)
        assert_same_game(back, g)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_gambit_reads_our_data_files_as_we_do(gbt: Any, path: Path) -> None:
    h = gbt.read_nfg(str(path))
    g = tg.Game.from_nfg(path)
    assert gambit_arrays(h) == (g.exact_A.tolist(), g.exact_B.tolist())
    if "\\" not in path.read_text(encoding="utf-8"):
        assert gambit_names(h) == (g.players, g.actions)
    assert h.title == read_nfg(path).title


def exact_profiles(h: Any, equilibria: Any) -> set[tuple[tuple[F, ...], tuple[F, ...]]]:
    players = list(h.players)
    out = set()
    for eq in equilibria:
        row, col = (tuple(F(eq[s]) for s in p.strategies) for p in players)
        out.add((row, col))
    return out


@pytest.mark.parametrize("make", [m for _, m in GAMES], ids=[i for i, _ in GAMES])
def test_equilibria_agree_with_gambit(gbt: Any, make: Any) -> None:
    g = make()
    h = gambit_game(gbt, g)
    mixed = exact_profiles(h, gbt.nash.enummixed_solve(h, rational=True).equilibria)
    ours = {(e.exact_row, e.exact_col) for e in tg.equilibria(g)}
    assert ours == mixed
    pure = exact_profiles(h, gbt.nash.enumpure_solve(h).equilibria)
    ours_pure = {
        (
            tuple(F(int(k == i)) for k in range(g.shape[0])),
            tuple(F(int(k == j)) for k in range(g.shape[1])),
        )
        for i, j in tg.pure_equilibria(g)
    }
    assert ours_pure == pure


ASCII_NAMES = st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="\\")


@settings(max_examples=100)
@given(exact_games(alphabet=ASCII_NAMES))
def test_gambit_round_trips_random_games(gbt: Any, g: tg.Game) -> None:
    h = gambit_game(gbt, g)
    assert_gambit_equals(h, g)
    assert_same_game(ours_from_gambit(gbt, h), g)


@settings(max_examples=60)
@given(
    exact_games(alphabet=ASCII_NAMES, numbers=small_numbers).filter(
        lambda g: g.shape[0] * g.shape[1] <= 9
    )
)
def test_random_games_have_gambits_equilibria(gbt: Any, g: tg.Game) -> None:
    h = gambit_game(gbt, g)
    mixed = exact_profiles(h, gbt.nash.enummixed_solve(h, rational=True).equilibria)
    assert {(e.exact_row, e.exact_col) for e in tg.equilibria(g)} == mixed
