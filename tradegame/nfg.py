r"""Gambit strategic-form files (``.nfg``): read one into a Game, write a Game as one.

A file starts with a header::

    NFG 1 R "title" { "Player 1" "Player 2" } { { "a1" "a2" } { "b1" "b2" } }
    "an optional comment"

The strategies are either one list of quoted names per player, as above, or
one count per player (``{ 2 2 }``), in which case they are named ``"1"``,
``"2"``, ... The body that follows takes one of two forms [1]_:

* the **payoff** format: for each strategy profile, each player's payoff;
* the **outcome** format: a list of outcomes ``{ { "label" 3, 1 } ... }``,
  then one outcome number per strategy profile (``0``: no outcome, every
  payoff ``0``).

Index convention: the strategy profiles are listed with the *first* player's
strategy changing fastest. Profile ``k`` (from 0) is row ``i = k % m`` and
column ``j = k // m`` of an ``m x n`` game, so the payoff body of a 2x2 game
reads ``A[0,0] B[0,0]  A[1,0] B[1,0]  A[0,1] B[0,1]  A[1,1] B[1,1]``. Player 1
of the file is the row player (``A``), player 2 the column player (``B``).

Payoffs are exact: an integer (``3``), a decimal (``-1.5``, ``2e3``, read as
the fraction it writes, so ``0.1`` is 1/10) or a rational (``2/3``). As
Gambit 16 does, empty and repeated names are made distinct by appending
``_1``, ``_2``, ... A file is data: it is tokenised and checked, never
executed. Every problem raises :class:`NfgError`, a ``ValueError`` whose
message is one line naming the file, the line, the value and what is allowed.

References
----------
.. [1] McKelvey, R. D., McLennan, A. M. and Turocy, T. L., Gambit: Software
   Tools for Game Theory, "Game representation formats: the strategic game
   (.nfg) file format".
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from tradegame.datafile import MISSING, DataFileError, read_text
from tradegame.game import Game

__all__ = ["NfgData", "NfgError", "nfg_text", "parse_nfg", "read_nfg", "write_nfg"]

# Gambit's number syntax: no '+' sign, and an exponent only after leading digits.
_NUMBER = re.compile(r"-?(?:[0-9]+/[0-9]+|[0-9]+\.?[0-9]*(?:[eE](?P<exp>-?[0-9]+))?|\.[0-9]+)")
_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<text>"(?:[^"\\]|\\.)*+")|(?P<brace>[{}])|(?P<comma>,)'
    r'|(?P<word>[^\s{},"]+)|(?P<open>")',
    re.S,
)
_DIGITS = re.compile(r"[0-9]{1,12}")
_MAX_STRATEGIES = 100_000  # a count, not a list of names: bounded before any payoff is read
_MAX_NUMBER_CHARS = 400  # a longer number is a mistake, and costly to convert
_MAX_EXPONENT = 400  # beyond this a decimal is not a finite float
_NUMBER_ALLOWED = "an integer (3), a decimal (-1.5, 2e3) or a rational (2/3), with no + sign"
_HEADER = 'NFG 1 R "title" { "player 1" "player 2" } { { strategies } { strategies } }'


class NfgError(DataFileError):
    """An ``.nfg`` file is invalid.

    The message is one line: the file, the line, the value and what is allowed.
    """


@dataclass(frozen=True)
class NfgData:
    """The contents of a two-player ``.nfg`` file.

    ``A[i][j]`` and ``B[i][j]`` are the payoffs, as exact fractions, of the
    first (row) and second (column) player when they play strategies ``i``
    and ``j``.
    """

    title: str
    comment: str
    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    A: tuple[tuple[Fraction, ...], ...]
    B: tuple[tuple[Fraction, ...], ...]

    def game(self) -> Game:
        """The file's game: exact payoffs, the file's player and strategy names."""
        return Game(
            [list(row) for row in self.A],
            [list(row) for row in self.B],
            actions=self.actions,
            players=self.players,
        )


@dataclass(frozen=True)
class _Token:
    kind: str  # "text", "{", "}", ",", "word" or "end"
    value: str
    line: int


def _tokens(text: str, source: str) -> list[_Token]:
    out: list[_Token] = []
    line = 1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "open":
            raise NfgError(
                source,
                f"line {line}",
                text[match.start() : match.start() + 30],
                'this quoted name is never closed: a name is written "like this"',
            )
        if kind == "text":
            out.append(_Token("text", _unquote(value[1:-1]), line))
        elif kind == "brace":
            out.append(_Token(value, value, line))
        elif kind == "comma":
            out.append(_Token(",", value, line))
        elif kind == "word":
            out.append(_Token("word", value, line))
        line += value.count("\n")
    out.append(_Token("end", "", line))
    return out


def _unquote(body: str) -> str:
    r"""``\"`` is a quote and ``\\`` a backslash; any other backslash is kept."""
    return re.sub(r'\\(["\\])', r"\1", body)


def _label(name: str) -> str:
    """A name for an error message: as it is when plain, quoted when it has odd characters."""
    plain = bool(name) and name.isprintable() and name.strip() == name and len(name) <= 40
    return name if plain else repr(name[:40])


def _quote(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _normalise(labels: Sequence[str]) -> tuple[str, ...]:
    """Make labels distinct and non-empty as Gambit does: ``x, x`` -> ``x_1, x_2``."""
    counts = Counter(labels)
    used = set(labels)
    visited: Counter[str] = Counter()
    out: list[str] = []
    for label in labels:
        if counts[label] == 1 and label:
            out.append(label)
            continue
        while True:
            visited[label] += 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return tuple(out)


class _Parser:
    def __init__(self, tokens: list[_Token], source: str) -> None:
        self.tokens = tokens
        self.source = source
        self.pos = 0

    def peek(self) -> _Token:
        return self.tokens[self.pos]

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def fail(self, token: _Token, what: str, allowed: str) -> NfgError:
        where = f"line {token.line}" + (f", {what}" if what else "")
        if token.kind == "end":
            return NfgError(self.source, where, MISSING, f"the file ends here; {allowed}")
        return NfgError(self.source, where, token.value, allowed)

    def expect(self, kind: str, what: str, allowed: str) -> _Token:
        token = self.take()
        if token.kind != kind:
            raise self.fail(token, what, allowed)
        return token

    # --- header ------------------------------------------------------------
    def header(self) -> tuple[str, str, tuple[str, str], list[list[str]]]:
        first = self.take()
        if first.kind == "end":
            raise NfgError(self.source, "file", MISSING, f"is empty; an .nfg file starts {_HEADER}")
        if first.value in ("EFG", "#AGG", "#BAGG"):
            raise self.fail(
                first, "", "not a strategic-form file: tradegame reads Gambit .nfg files only"
            )
        if first.kind != "word" or first.value != "NFG":
            raise self.fail(
                first, "", f"not a Gambit strategic-form (.nfg) file: one starts {_HEADER}"
            )
        version = self.take()
        if (version.kind, version.value) != ("word", "1"):
            raise self.fail(version, "version", "must be 1: the header starts NFG 1 R")
        kind = self.take()
        if kind.kind != "word" or kind.value not in ("R", "D"):
            raise self.fail(kind, "number type", "must be R (rational) or D (decimal)")
        title = self.expect(
            "text", "title", 'expected the game\'s title, a quoted string such as "My game"'
        ).value
        self.expect("{", "players", 'expected { and the players\' names, { "Alice" "Bob" }')
        players = self.names("player names", 'a player name is a quoted string, such as "Alice"')
        if len(players) != 2:
            raise NfgError(
                self.source,
                f"line {self.tokens[self.pos - 1].line}, players",
                players,
                "tradegame reads two-player games only; this file has "
                f"{len(players)} player{'' if len(players) == 1 else 's'}",
            )
        strategies = self.strategies(players)
        comment = self.take().value if self.peek().kind == "text" else ""
        return title, comment, (players[0], players[1]), strategies

    def names(self, what: str, allowed: str) -> list[str]:
        """Quoted names up to a closing brace (the opening one has been read)."""
        out: list[str] = []
        while True:
            token = self.take()
            if token.kind == "}":
                return out
            if token.kind != "text":
                raise self.fail(token, what, f"{allowed}; the list ends with }}")
            out.append(token.value)

    def strategies(self, players: list[str]) -> list[list[str]]:
        self.expect(
            "{",
            "strategies",
            'expected { and each player\'s strategies: { { "a1" "a2" } { "b1" } } or { 2 1 }',
        )
        out: list[list[str]] = []
        if self.peek().kind == "{":
            for player in players:
                self.expect(
                    "{", f"strategies of {_label(player)}", "expected { and the strategy names"
                )
                names = self.names(
                    f"strategies of {_label(player)}",
                    'a strategy name is a quoted string, such as "a1"',
                )
                if not names:
                    raise self.fail(
                        self.tokens[self.pos - 1],
                        f"strategies of {_label(player)}",
                        "every player needs at least one strategy",
                    )
                out.append(names)
        else:
            for player in players:
                token = self.take()
                if not (
                    token.kind == "word"
                    and _DIGITS.fullmatch(token.value)
                    and 1 <= int(token.value) <= _MAX_STRATEGIES
                ):
                    raise self.fail(
                        token,
                        f"number of strategies of {_label(player)}",
                        f"a strategy count is a whole number from 1 to {_MAX_STRATEGIES}",
                    )
                out.append([str(k) for k in range(1, int(token.value) + 1)])
        self.expect("}", "strategies", "expected } after one strategy list (or count) per player")
        return out

    # --- body --------------------------------------------------------------
    def number(self, token: _Token, what: str) -> Fraction:
        text = token.value
        match = _NUMBER.fullmatch(text) if token.kind == "word" else None
        if match is None or len(text) > _MAX_NUMBER_CHARS:
            raise self.fail(token, what, f"must be a number: {_NUMBER_ALLOWED}")
        exponent = match.group("exp")
        too_big = "out of range: a payoff must be finite, below about 1.8e308 in magnitude"
        if exponent is not None and abs(int(exponent)) > _MAX_EXPONENT:
            raise self.fail(token, what, too_big)
        try:
            value = Fraction(text)
        except ZeroDivisionError:
            raise self.fail(token, what, "divides by zero: a rational p/q needs q > 0") from None
        try:
            float(value)
        except OverflowError:
            raise self.fail(token, what, too_big) from None
        return value

    def payoffs(self, shape: tuple[int, int], profile: Any) -> list[list[Fraction]]:
        """The payoff format: two payoffs per profile, first player's strategy fastest."""
        m, n = shape
        total = 2 * m * n
        flat: list[Fraction] = []
        for k in range(total):
            token = self.take()
            i, j = (k // 2) % m, (k // 2) // m
            if token.kind == "end":
                raise self.fail(
                    token,
                    "payoffs",
                    f"found {k} of the {total} payoffs of this {m}x{n} game: each player's "
                    f"payoff at each of the {m * n} strategy profiles",
                )
            flat.append(self.number(token, f"payoff of {profile(k % 2, i, j)}"))
        self.end(f"after the {total} payoffs of a {m}x{n} game")
        return [flat[0::2], flat[1::2]]

    def outcomes(self, shape: tuple[int, int], profile: Any) -> list[list[Fraction]]:
        """The outcome format: a list of outcomes, then one outcome number per profile."""
        self.expect("{", "outcomes", "expected { and the list of outcomes")
        table: list[tuple[Fraction, Fraction]] = []
        example = 'an outcome is { "name" 3, 1 }: a quoted name and one payoff per player'
        while True:
            token = self.take()
            if token.kind == "}":
                break
            if token.kind != "{":
                raise self.fail(token, "outcomes", f"{example}; the list ends with }}")
            number = len(table) + 1
            label = self.expect("text", f"outcome {number}", example).value
            what = f"outcome {number} ({_label(label)})"
            pair: list[Fraction] = []
            while True:
                token = self.take()
                if token.kind == ",":
                    continue
                if token.kind == "}":
                    break
                if len(pair) == 2:
                    raise self.fail(token, what, f"has more than 2 payoffs: {example}")
                pair.append(self.number(token, f"{what}, payoff {len(pair) + 1}"))
            if len(pair) != 2:
                raise self.fail(token, what, f"has {len(pair)} payoff(s): {example}")
            table.append((pair[0], pair[1]))
        m, n = shape
        zero = Fraction(0)
        flat: list[tuple[Fraction, Fraction]] = []
        for k in range(m * n):
            token = self.take()
            what = f"outcome at {profile(None, k % m, k // m)}"
            allowed = (
                f"an outcome number: 0 (no outcome, payoffs 0) or 1 to {len(table)}"
                if table
                else "an outcome number: 0 (no outcome, payoffs 0), as the outcome list is empty"
            )
            if token.kind == "end":
                raise self.fail(
                    token,
                    "outcomes",
                    f"found {k} of the {m * n} outcome numbers of this {m}x{n} game, "
                    "one per strategy profile",
                )
            if not (token.kind == "word" and _DIGITS.fullmatch(token.value)):
                raise self.fail(token, what, f"must be {allowed}")
            index = int(token.value)
            if index > len(table):
                raise self.fail(token, what, f"must be {allowed}")
            flat.append(table[index - 1] if index else (zero, zero))
        self.end(f"after the {m * n} outcome numbers of a {m}x{n} game")
        return [[a for a, _ in flat], [b for _, b in flat]]

    def end(self, where: str) -> None:
        token = self.take()
        if token.kind != "end":
            raise self.fail(token, "", f"expected the end of the file {where}")


def parse_nfg(text: str, source: str = "<nfg>") -> NfgData:
    """Parse the text of a two-player ``.nfg`` file.

    Parameters
    ----------
    text : str
        The file's contents.
    source : str
        The name to show in error messages (usually the file's path).

    Returns
    -------
    NfgData
        Title, comment, player and strategy names, and exact payoffs.

    Raises
    ------
    NfgError
        If the text is not a valid two-player ``.nfg`` file.

    Examples
    --------
    >>> data = parse_nfg('NFG 1 R "PD" { "Row" "Col" } { 2 2 }  3 3  5 0  0 5  1 1')
    >>> data.players, data.actions
    (('Row', 'Col'), (('1', '2'), ('1', '2')))
    >>> [[int(x) for x in row] for row in data.A]
    [[3, 0], [5, 1]]
    """
    parser = _Parser(_tokens(text.removeprefix("\ufeff"), source), source)
    title, comment, raw_players, raw_strategies = parser.header()
    players = _normalise(raw_players)
    actions = (_normalise(raw_strategies[0]), _normalise(raw_strategies[1]))
    shape = (len(actions[0]), len(actions[1]))

    def profile(player: int | None, i: int, j: int) -> str:
        at = f"({_label(actions[0][i])}, {_label(actions[1][j])})"
        return at if player is None else f"{_label(players[player])} at {at}"

    token = parser.peek()
    if token.kind == "{":
        flat_A, flat_B = parser.outcomes(shape, profile)
    elif token.kind == "word":
        flat_A, flat_B = parser.payoffs(shape, profile)
    else:
        raise parser.fail(
            token,
            "payoffs",
            "expected the payoffs (numbers) or a list of outcomes ({ ... })",
        )
    m, n = shape
    A = tuple(tuple(flat_A[j * m + i] for j in range(n)) for i in range(m))
    B = tuple(tuple(flat_B[j * m + i] for j in range(n)) for i in range(m))
    return NfgData(title, comment, (players[0], players[1]), actions, A, B)


def read_nfg(path: str | os.PathLike[str], source: str | None = None) -> NfgData:
    """Read a two-player Gambit strategic-form file (payoff or outcome format).

    Parameters
    ----------
    path : str or path-like
        The ``.nfg`` file.
    source : str, optional
        The name to show in error messages; the path by default.

    Raises
    ------
    NfgError
        If the file is missing, not a regular file, too large, not UTF-8 text,
        or not a valid two-player ``.nfg`` file.
    """
    path = Path(path)
    source = str(path) if source is None else source
    text = read_text(path, source, ".nfg", NfgError)
    if "\x00" in text:
        raise NfgError(source, "file", MISSING, "holds NUL bytes: not a text file")
    return parse_nfg(text, source)


def _number_text(x: Any) -> str:
    """Exact text for a payoff: an integer, a terminating decimal, or p/q."""
    if isinstance(x, Fraction):  # never an exponent or a '+': Gambit reads neither
        if x.denominator == 1:
            return str(x.numerator)
        rest, twos, fives = x.denominator, 0, 0
        while rest % 2 == 0:
            rest, twos = rest // 2, twos + 1
        while rest % 5 == 0:
            rest, fives = rest // 5, fives + 1
        places = max(twos, fives)
        if rest != 1 or places > 20:
            return f"{x.numerator}/{x.denominator}"
        digits = str(abs(x.numerator) * 10**places // x.denominator).rjust(places + 1, "0")
        sign = "-" if x < 0 else ""
        return f"{sign}{digits[:-places]}.{digits[-places:]}"
    return _number_text(Fraction(repr(float(x))))  # the float's shortest decimal


def nfg_text(game: Game, title: str = "") -> str:
    """The ``.nfg`` text of a game, in the payoff format.

    Exact games are written exactly (integers, terminating decimals, ``p/q``);
    other games with each float's shortest decimal, which reads back as the
    same float. Gambit 16 accepts only printable ASCII names.

    Raises
    ------
    ValueError
        If the game is symbolic.

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = Game([[1, Fraction(1, 3)], [Fraction(1, 2), 0]], players=("Ann", "Bo"))
    >>> print(nfg_text(g, title="zero-sum"), end="")
    NFG 1 R "zero-sum" { "Ann" "Bo" } { { "r0" "r1" } { "c0" "c1" } }
    <BLANKLINE>
    1 -1  0.5 -0.5
    1/3 -1/3  0 0
    """
    if game.is_symbolic:
        raise ValueError(
            "an .nfg file holds numbers: evaluate the symbolic game with .subs() first"
        )
    A = game.exact_A if game.exact_A is not None else game.A
    B = game.exact_B if game.exact_B is not None else game.B
    m, n = game.shape
    strategies = " ".join(
        "{ " + " ".join(_quote(a) for a in names) + " }" for names in game.actions
    )
    players = " ".join(_quote(p) for p in game.players)
    lines = [f"NFG 1 R {_quote(title)} {{ {players} }} {{ {strategies} }}", ""]
    for j in range(n):
        lines.append(
            "  ".join(f"{_number_text(A[i, j])} {_number_text(B[i, j])}" for i in range(m))
        )
    return "\n".join(lines) + "\n"


def write_nfg(game: Game, path: str | os.PathLike[str], title: str = "") -> Path:
    """Write ``game`` to ``path`` as a Gambit ``.nfg`` file (payoff format); returns the path.

    See :func:`nfg_text`. The file is UTF-8 text; it is replaced if it exists.
    """
    path = Path(path)
    path.write_text(nfg_text(game, title), encoding="utf-8")
    return path
