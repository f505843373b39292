r"""A two-player game in strategic form: the bimatrix every solver reads.

Index conventions, used throughout tradegame: ``A[i, j]`` is the row player's
payoff and ``B[i, j]`` the column player's, when the row player plays its
action ``i`` and the column player its action ``j``. Player 0 is the row
player and player 1 the column player.

A game is one of three kinds:

* **exact**: every entry is an integer, a :class:`fractions.Fraction`, a sympy
  rational, or a float read as its shortest decimal (``0.1`` is 1/10). The
  exact entries are kept in :attr:`Game.exact_A` and :attr:`Game.exact_B`, so
  thresholds can be returned as fractions;
* **numeric**: finite floats that are not kept exactly (``math.pi``, or a
  float whose decimal form has more than 15 digits);
* **symbolic**: some entry is a sympy expression with free symbols.

In every kind, :attr:`Game.A` and :attr:`Game.B` are numpy arrays: ``float64``
for numeric and exact games, ``object`` (sympy expressions) for symbolic ones.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["Game", "latex_entry", "to_fraction"]

# Floats whose shortest decimal form is longer than this are treated as inexact:
# they are probably the result of arithmetic, not a number someone wrote down.
_MAX_EXACT_DIGITS = 15


def to_fraction(value: Any) -> Fraction | None:
    """Return ``value`` as an exact fraction, or None when it is not rational.

    Floats are read as their shortest decimal representation, so ``0.1`` is
    ``Fraction(1, 10)``: that is the number a person wrote in a model file.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, Fraction | int | np.integer):
        return Fraction(int(value)) if not isinstance(value, Fraction) else value
    if isinstance(value, float | np.floating):
        if not math.isfinite(value):
            return None
        text = repr(float(value))
        digits = text.lower().split("e")[0].replace("-", "").replace(".", "").strip("0")
        if len(digits) > _MAX_EXACT_DIGITS:
            return None
        return Fraction(text)
    # sympy numbers, without importing sympy: a Rational has p and q.
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return None


def _is_symbolic(value: Any) -> bool:
    return bool(getattr(value, "free_symbols", None))


def _as_matrix(name: str, M: Any) -> npt.NDArray[Any]:
    try:
        arr = np.array(M, dtype=object)
    except ValueError as exc:  # ragged nested lists, in some numpy versions
        raise ValueError(f"{name} must be a rectangular matrix: {exc}") from None
    if arr.ndim == 1 and any(isinstance(x, list | tuple | np.ndarray) for x in arr):
        # with dtype=object numpy turns a ragged matrix into a 1-d array of rows
        lengths = [len(x) if isinstance(x, list | tuple | np.ndarray) else 1 for x in arr]
        raise ValueError(f"{name} must be a rectangular matrix; got rows of lengths {lengths}")
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-d matrix; got {arr.ndim} dimension(s)")
    if arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"{name} must have at least one row and one column; got {arr.shape}")
    for index, x in np.ndenumerate(arr):
        _check_entry(name, index, x)
    return arr


def _check_entry(name: str, index: tuple[int, ...], x: Any) -> None:
    """Reject anything that is neither a real number nor a symbolic expression."""
    if _is_symbolic(x):
        return
    if isinstance(x, bool | np.bool_ | str | bytes) or x is None:
        raise ValueError(f"{name}{list(index)} must be a number; got {x!r}")
    if isinstance(x, numbers.Real | Fraction):
        return
    try:
        float(x)  # sympy numbers convert; complex numbers and other objects do not
    except (TypeError, ValueError):
        raise ValueError(f"{name}{list(index)} must be a number; got {x!r}") from None


class Game:
    r"""A finite two-player game in strategic form.

    Parameters
    ----------
    A : array_like
        The row player's payoffs, shape ``(m, n)``.
    B : array_like, optional
        The column player's payoffs, shape ``(m, n)``. Defaults to ``-A`` (a
        zero-sum game).
    actions : pair of sequences of str, optional
        Action names for the row and the column player. Defaults to
        ``r0, r1, ...`` and ``c0, c1, ...``.
    players : pair of str, optional
        Player names, by default ``("row", "col")``.
    point : mapping, optional
        For a symbolic game, the parameter values it was built at (for a game
        from a model, the model's calibration). Solvers use it to choose which
        branch of a piecewise answer to return as a formula.

    Raises
    ------
    ValueError
        If the matrices are not 2-d, differ in shape, hold NaN, infinity or
        non-numbers, or the names do not match the shape.

    Examples
    --------
    >>> g = Game([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...          actions=(["open", "restrict"], ["open", "restrict"]))
    >>> g.shape
    (2, 2)
    >>> g.is_exact
    True
    """

    def __init__(
        self,
        A: Any,
        B: Any = None,
        actions: tuple[Sequence[str], Sequence[str]] | None = None,
        players: tuple[str, str] = ("row", "col"),
        point: Mapping[Any, Any] | None = None,
    ) -> None:
        raw_A = _as_matrix("A", A)
        raw_B = -raw_A if B is None else _as_matrix("B", B)
        if raw_A.shape != raw_B.shape:
            raise ValueError(
                f"A and B must have the same shape; got A {raw_A.shape} and B {raw_B.shape}"
            )
        self.is_symbolic = any(_is_symbolic(x) for x in (*raw_A.flat, *raw_B.flat))
        if self.is_symbolic:
            self.A, self.B = raw_A, raw_B
            self.exact_A = self.exact_B = None
        else:
            self.A = _numeric("A", raw_A)
            self.B = _numeric("B", raw_B)
            self.exact_A, self.exact_B = _exact(raw_A), _exact(raw_B)
            if self.exact_A is None or self.exact_B is None:
                self.exact_A = self.exact_B = None
        self.actions = _action_names(actions, raw_A.shape)
        if len(players) != 2 or len(set(players)) != 2:
            raise ValueError(f"players must be two distinct names; got {players!r}")
        self.players = (str(players[0]), str(players[1]))
        self.point = dict(point) if point else None

    @property
    def shape(self) -> tuple[int, int]:
        """``(m, n)``: the numbers of row and column actions."""
        return (int(self.A.shape[0]), int(self.A.shape[1]))

    @property
    def is_exact(self) -> bool:
        """True when every payoff is rational and kept as a fraction."""
        return self.exact_A is not None

    @property
    def payoff_range(self) -> float:
        """The largest payoff minus the smallest, over both players (numeric games)."""
        self._require_numeric("payoff_range")
        both = np.concatenate([self.A.ravel(), self.B.ravel()])
        return float(both.max() - both.min())

    def tolerance(self, rel: float = 1e-9) -> float:
        """Absolute tolerance for comparing payoffs: ``rel * max(1, payoff range)``."""
        return rel * max(1.0, self.payoff_range)

    def action_index(self, player: int, action: int | str) -> int:
        """The index of ``action`` (a name or an index) for ``player`` 0 or 1."""
        names = self.actions[player]
        if isinstance(action, str):
            if action not in names:
                raise ValueError(
                    f"{self.players[player]} has no action {action!r}; "
                    f"its actions are {', '.join(names)}"
                )
            return names.index(action)
        index = int(action)
        if not 0 <= index < len(names):
            raise ValueError(
                f"{self.players[player]} has actions 0..{len(names) - 1}; got index {index}"
            )
        return index

    def subs(self, values: Mapping[Any, Any] | None = None) -> Game:
        """Evaluate a symbolic game at parameter values; returns a new Game.

        ``values`` maps sympy symbols (or their names) to numbers. Without it,
        the game's own :attr:`point` is used. Rational values give an exact game.
        """
        if not self.is_symbolic:
            return self
        import sympy

        values = self.point if values is None else values
        if not values:
            raise ValueError("subs needs parameter values: this game has no reference point")
        symbols = {str(s): s for s in _free_symbols(self)}
        mapping = {}
        for key, value in values.items():
            symbol = symbols.get(str(key), key)
            fraction = to_fraction(value)
            mapping[symbol] = (
                sympy.Rational(fraction.numerator, fraction.denominator)
                if fraction is not None
                else value
            )

        def evaluate(M: npt.NDArray[Any]) -> list[list[Any]]:
            return [[sympy.sympify(x, strict=True).subs(mapping) for x in row] for row in M]

        return Game(evaluate(self.A), evaluate(self.B), self.actions, self.players, values)

    def transpose(self) -> Game:
        """The same game with the players' roles swapped: the column player becomes the row.

        Solvers that fix a role (a long-run player, a first proposer) take the
        row player; transpose to give that role to the other player. Exact and
        symbolic payoffs stay as they are.
        """
        A = self.exact_A if self.exact_A is not None else self.A
        B = self.exact_B if self.exact_B is not None else self.B
        return Game(
            np.asarray(B).T,
            np.asarray(A).T,
            actions=(self.actions[1], self.actions[0]),
            players=(self.players[1], self.players[0]),
            point=self.point,
        )

    @classmethod
    def from_nfg(cls, path: str | Path) -> Game:
        """Read a two-player Gambit strategic-form file (``.nfg``, payoff or outcome format).

        Payoffs stay exact (``3``, ``-1.5``, ``2/3``); the file's player and
        strategy names become :attr:`players` and :attr:`actions`. See
        :mod:`tradegame.nfg`.

        Raises
        ------
        ValueError
            With a one-line message naming the file, the line and the value,
            if the file is missing or is not a valid two-player ``.nfg`` file.
        """
        from tradegame.nfg import read_nfg

        return read_nfg(path).game()

    def to_nfg(self, path: str | Path, title: str = "") -> Path:
        """Write this game to ``path`` as a Gambit ``.nfg`` file (payoff format).

        Exact payoffs are written exactly, so :meth:`from_nfg` reads back an
        equal game. Returns the path. See :func:`tradegame.nfg.nfg_text`.
        """
        from tradegame.nfg import write_nfg

        return write_nfg(self, path, title=title)

    def _require_numeric(self, what: str) -> None:
        if self.is_symbolic:
            raise ValueError(f"{what} needs numbers: evaluate the symbolic game with .subs() first")

    def __repr__(self) -> str:
        kind = "symbolic" if self.is_symbolic else ("exact" if self.is_exact else "numeric")
        m, n = self.shape
        return (
            f"Game({m}x{n} {kind}, players={self.players}, "
            f"actions=({list(self.actions[0])}, {list(self.actions[1])}))"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return (
            self.actions == other.actions
            and self.players == other.players
            and self.A.shape == other.A.shape
            and bool(np.all(self.A == other.A))
            and bool(np.all(self.B == other.B))
        )

    __hash__ = None  # type: ignore[assignment]  # mutable arrays: not hashable

    def _entries(self) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """The payoffs to show: exact fractions when kept, else the arrays."""
        if self.exact_A is not None and self.exact_B is not None:
            return self.exact_A, self.exact_B
        return self.A, self.B

    def _repr_latex_(self) -> str:
        """The bimatrix as LaTeX math, for notebooks: each cell is ``(A, B)``."""
        m, n = self.shape
        A, B = self._entries()
        rows = [" & ".join(["", *(rf"\text{{{_tex_text(a)}}}" for a in self.actions[1])])]
        for i in range(m):
            cells = [rf"\text{{{_tex_text(self.actions[0][i])}}}"]
            cells += [f"{latex_entry(A[i, j])},\\ {latex_entry(B[i, j])}" for j in range(n)]
            rows.append(" & ".join(cells))
        body = r" \\ \hline ".join(rows[:1]) + r" \\ \hline " + r" \\ ".join(rows[1:])
        return rf"$$\begin{{array}}{{r|{'c' * n}}} {body} \end{{array}}$$"

    def _repr_markdown_(self) -> str:
        """The bimatrix as a Markdown table, for notebooks; symbolic cells as math."""
        head = f"{_md(self.players[0])} \\ {_md(self.players[1])}"
        lines = [
            "| " + " | ".join([head, *(_md(a) for a in self.actions[1])]) + " |",
            "|---" * (self.shape[1] + 1) + "|",
        ]
        A, B = self._entries()
        for i, action in enumerate(self.actions[0]):
            cells = [_md_entry(A[i, j], B[i, j]) for j in range(self.shape[1])]
            lines.append("| " + " | ".join([_md(action), *cells]) + " |")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description: players, actions and both payoff matrices."""
        return {
            "players": list(self.players),
            "actions": [list(self.actions[0]), list(self.actions[1])],
            "A": _jsonable(self.A),
            "B": _jsonable(self.B),
        }


def latex_entry(x: Any) -> str:
    r"""A payoff or probability as LaTeX: ``\frac{3}{5}``, ``-2``, ``0.25``, or sympy's form."""
    if _is_symbolic(x) or hasattr(x, "free_symbols"):
        import sympy

        return str(sympy.latex(x))
    fraction = to_fraction(x)
    if fraction is None:
        return f"{float(x):.6g}"
    if fraction.denominator == 1:
        return str(fraction.numerator)
    sign = "-" if fraction < 0 else ""
    return rf"{sign}\frac{{{abs(fraction.numerator)}}}{{{fraction.denominator}}}"


_TEX_SPECIALS = {c: "\\" + c for c in "&%$#_{}"}
_TEX_SPECIALS |= {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _tex_text(name: str) -> str:
    return "".join(_TEX_SPECIALS.get(c, c) for c in " ".join(name.split()))


def _md(name: str) -> str:
    return " ".join(name.split()).replace("|", "\\|")  # one line per table row


def _md_entry(a: Any, b: Any) -> str:
    if _is_symbolic(a) or _is_symbolic(b):
        return f"${latex_entry(a)},\\; {latex_entry(b)}$"
    return f"{_plain_entry(a)}, {_plain_entry(b)}"


def _plain_entry(x: Any) -> str:
    fraction = to_fraction(x)
    return str(fraction) if fraction is not None else f"{float(x):.6g}"


def _numeric(name: str, M: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    out = np.empty(M.shape, dtype=float)
    for index, x in np.ndenumerate(M):  # entries were checked by _as_matrix
        value = float(x)
        if not math.isfinite(value):
            raise ValueError(f"{name}{list(index)} must be finite; got {value}")
        out[index] = value
    return out


def _exact(M: npt.NDArray[Any]) -> npt.NDArray[Any] | None:
    out = np.empty(M.shape, dtype=object)
    for index, x in np.ndenumerate(M):
        fraction = to_fraction(x)
        if fraction is None:
            return None
        out[index] = fraction
    return out


def _action_names(
    actions: tuple[Sequence[str], Sequence[str]] | None, shape: tuple[int, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if actions is None:
        return (
            tuple(f"r{i}" for i in range(shape[0])),
            tuple(f"c{j}" for j in range(shape[1])),
        )
    if len(actions) != 2:
        raise ValueError("actions must be a pair: (row actions, column actions)")
    names: list[tuple[str, ...]] = []
    for player, (given, size) in enumerate(zip(actions, shape, strict=True)):
        labels = tuple(str(a) for a in given)
        if len(labels) != size:
            raise ValueError(
                f"player {player} has {size} actions in the matrix but {len(labels)} names"
            )
        if len(set(labels)) != len(labels):
            raise ValueError(f"player {player}'s action names must be distinct; got {labels}")
        names.append(labels)
    return names[0], names[1]


def _free_symbols(game: Game) -> set[Any]:
    symbols: set[Any] = set()
    for x in (*game.A.flat, *game.B.flat):
        symbols |= getattr(x, "free_symbols", set())
    return symbols


def _jsonable(M: npt.NDArray[Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for row in M:
        rows.append([float(x) if isinstance(x, float | np.floating) else str(x) for x in row])
    return rows
