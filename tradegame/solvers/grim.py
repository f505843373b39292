r"""Grim trigger with Nash reversion: the critical discount factors, exactly.

Conventions, used throughout this module:

* Indices follow :mod:`tradegame.game`: ``A[i, j]`` is the row player's payoff
  and ``B[i, j]`` the column player's; player 0 is the row player.
* Payoffs are discounted and normalised: a stream :math:`u_0, u_1, \dots` is
  worth :math:`(1-\delta_i)\sum_t \delta_i^t u_t` to player :math:`i`, whose
  discount factor :math:`\delta_i` lies strictly between 0 and 1.
* A *path* is a pure action profile ``(i, j)`` played in every period. Actions
  are given by name or by index.
* **Grim trigger with Nash reversion** (Friedman 1971): play the path; after
  any deviation play a stage Nash equilibrium forever. With :math:`v_i` the
  path payoff, :math:`d_i` the best one-shot deviation payoff against the
  path and :math:`p_i` the punishment payoff, player :math:`i` keeps to the
  path iff :math:`(1-\delta_i) d_i + \delta_i p_i \le v_i`, that is iff
  :math:`\delta_i \ge \delta_i^* = (d_i - v_i)/(d_i - p_i)`. By convention
  :math:`\delta_i^* = 0` when :math:`d_i \le v_i` and :math:`p_i \le v_i` (the
  path action is already a stage best response), and :math:`\delta_i^* = \infty`
  (``float('inf')``) when :math:`p_i \ge v_i < d_i` (no patience sustains the
  path) or :math:`p_i > v_i` (the punishment pays more than the path, so a
  patient enough player deviates to reach it).
* In that last case, with :math:`d_i \le v_i`, the path still holds for the
  *impatient*: for :math:`\delta_i \le \bar\delta_i = (v_i - d_i)/(p_i - d_i)`,
  the player's *ceiling*. The threshold stays :math:`\infty` (no patience
  above some level suffices), and ``sustainable`` uses the ceiling.
* Thresholds are :class:`fractions.Fraction` for exact games, floats for
  numeric ones and simplified sympy expressions for symbolic ones.
* A symbolic answer is piecewise: which deviation is best and which
  equilibrium punishes depend on the parameters. The branch is the one that
  holds at the game's reference point :attr:`Game.point`.
* **Tolerance.** Exact games compare :math:`v_i`, :math:`d_i` and :math:`p_i`
  exactly. Numeric games tie two of them when they differ by at most
  ``g.tolerance()``, :math:`10^{-9} \max(1, R)` with :math:`R` the payoff range
  of both players together (the same for both players, so a game whose players
  are paid in very different units can tie one player's distinct payoffs).
  ``sustainable`` compares :math:`\delta_i` with the threshold (or the ceiling)
  exactly when both are exact (fractions, or floats written as short decimals
  such as ``0.5``), and otherwise with a slack of ``1e-12`` on :math:`\delta`:
  :math:`\delta_i = \delta_i^*` sustains the path.

References
----------
.. [1] J. W. Friedman, "A non-cooperative equilibrium for supergames",
   *Review of Economic Studies* 38(1), 1971, pp. 1-12.
.. [2] D. Fudenberg and E. Maskin, "The folk theorem in repeated games with
   discounting or with incomplete information", *Econometrica* 54(3), 1986,
   pp. 533-554.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple

from tradegame.game import Game, to_fraction
from tradegame.solvers import _markdown as md
from tradegame.solvers._values import (
    FLOAT_SLACK,
    INF,
    Profile,
    Value,
    as_number,
    at_most,
    json_value,
    point_mapping,
    profile,
    text,
)

__all__ = ["GrimAnalysis", "grim_details"]

Mixed = tuple[tuple[Value, ...], tuple[Value, ...]]
Punish = Profile | str | Mixed  # pure profile, "minmax", or mixed probabilities


class _Parts(NamedTuple):
    """The first fields of a GrimAnalysis, in its order."""

    path: Profile
    punish: Punish
    path_payoffs: tuple[Value, Value]
    deviation_payoffs: tuple[Value | None, Value | None]
    deviation_actions: tuple[int | None, int | None]
    punishment_payoffs: tuple[Value, Value]
    thresholds: tuple[Value, Value]


@dataclass(frozen=True)
class GrimAnalysis:
    r"""Grim trigger with Nash reversion; every pair is (row player, column player).

    Attributes
    ----------
    path : the profile ``(i, j)`` played on the path.
    punish : a pure stage equilibrium ``(i, j)``, a mixed one as ``(row
        probabilities, column probabilities)``, or ``"minmax"``.
    path_payoffs, deviation_payoffs, punishment_payoffs : :math:`v`, :math:`d`, :math:`p`.
    deviation_actions : each player's best one-shot deviation from the path (an index).
        A player with a single action has no deviation: None here and in ``d``.
    thresholds : the critical discount factors :math:`\delta^*` of the module docstring.
    delta, sustainable : the players' own discount factors, and ``threshold <= delta``
        (None where undecidable: a symbolic game without a reference point).
    actions, point : the game's action names, and for a symbolic game its reference
        point as ``{symbol: value}``; for display.
    ceilings : each player's :math:`\bar\delta` (see the module docstring), or None:
        where the punishment pays more than the path, the path holds only for
        discount factors up to the ceiling.
    """

    path: Profile
    punish: Punish
    path_payoffs: tuple[Value, Value]
    deviation_payoffs: tuple[Value | None, Value | None]
    deviation_actions: tuple[int | None, int | None]
    punishment_payoffs: tuple[Value, Value]
    thresholds: tuple[Value, Value]
    delta: tuple[Value, Value]
    sustainable: tuple[bool | None, bool | None]
    actions: tuple[tuple[str, ...], tuple[str, ...]] = field(repr=False)
    point: dict[Any, Any] | None = field(default=None, repr=False)
    ceilings: tuple[Value | None, Value | None] = (None, None)

    def punish_label(self) -> str:
        """The punishment in words: action names, mixed probabilities or ``minmax``."""
        if isinstance(self.punish, str):
            return self.punish
        first: Any
        second: Any
        first, second = self.punish
        if isinstance(first, int) and isinstance(second, int):
            return f"({self.actions[0][first]}, {self.actions[1][second]})"
        row, col = (", ".join(text(x) for x in probs) for probs in (first, second))
        return f"mixed(row=[{row}], col=[{col}])"

    def __repr__(self) -> str:
        path = f"({self.actions[0][self.path[0]]}, {self.actions[1][self.path[1]]})"
        pair = ", ".join
        return (
            f"GrimAnalysis(path={path}, punish={self.punish_label()}, "
            f"v=({pair(text(x) for x in self.path_payoffs)}), "
            f"d=({pair(text(x) for x in self.deviation_payoffs)}), "
            f"p=({pair(text(x) for x in self.punishment_payoffs)}), "
            f"thresholds=({pair(text(x) for x in self.thresholds)}), "
            f"delta=({pair(text(x) for x in self.delta)}), sustainable={self.sustainable})"
        )

    def _repr_markdown_(self) -> str:
        """Every number of the analysis, for notebooks: exact and symbolic values as maths."""
        acts = self.actions
        path = f"({md.text(acts[0][self.path[0]])}, {md.text(acts[1][self.path[1]])})"
        head = md.title("Grim trigger") + f" on {path}, punished by {md.text(self.punish_label())}"

        def deviation(k: int) -> str:
            d, a = self.deviation_payoffs[k], self.deviation_actions[k]
            return "-" if d is None or a is None else f"{md.number(d)} ({md.text(acts[k][a])})"

        def critical(k: int) -> str:
            ceiling = self.ceilings[k]
            shown = md.threshold(self.thresholds[k])
            return shown if ceiling is None else f"{shown}, only δ ≤ {md.threshold(ceiling)}"

        said = {True: "yes", False: "no", None: "-"}
        rows = [
            ["path payoff $v$", *(md.number(x) for x in self.path_payoffs)],
            ["best deviation $d$", deviation(0), deviation(1)],
            ["punishment $p$", *(md.number(x) for x in self.punishment_payoffs)],
            ["critical $\\delta^*$", critical(0), critical(1)],
            ["discount factor δ", *(md.number(x) for x in self.delta)],
            ["sustainable", *(said[s] for s in self.sustainable)],
        ]
        return f"{head}\n\n" + md.table(["", "row", "col"], rows)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe description.

        Fractions become strings such as ``"1/2"``, infinity ``"inf"`` and sympy
        expressions their text; every numeric field ``X`` also has ``X_float``.
        """
        mapping = self.point
        out: dict[str, Any] = {
            "strategy": "grim",
            "path": list(self.path),
            "path_actions": [self.actions[0][self.path[0]], self.actions[1][self.path[1]]],
            "punish": json_value(self.punish),
            "punish_label": self.punish_label(),
            "deviation_actions": list(self.deviation_actions),
            "sustainable": list(self.sustainable),
            "ceilings": [json_value(x) for x in self.ceilings],
        }
        names = ("path_payoffs", "deviation_payoffs", "punishment_payoffs", "thresholds", "delta")
        for name in names:
            values = getattr(self, name)
            out[name] = [json_value(x) for x in values]
            numbers = [as_number(x, mapping) for x in values]
            out[f"{name}_float"] = [json_value(None if x is None else float(x)) for x in numbers]
        return out


def grim_details(
    g: Game,
    delta: tuple[Value, Value],
    path: Sequence[int | str],
    punish: Sequence[int | str] | str | None = None,
) -> GrimAnalysis:
    r"""Grim trigger with Nash reversion, with every number that goes into it.

    Parameters
    ----------
    path : pair of action names or indices
        The profile played forever on the path.
    punish : None, pair of actions, or "minmax"
        None: of the stage equilibria (pure and mixed, in the order
        :func:`tradegame.solvers.stage.equilibria` returns them), the one
        whose larger threshold (max over the two players) is smallest; ties
        go to the first. A symbolic game chooses at its reference point.
        A pure profile: it must be a stage Nash equilibrium. ``"minmax"``:
        each player's minmax value, the Nash (not subgame-perfect) threshold
        of the folk theorem (Fudenberg and Maskin 1986); numeric games only.

    Returns
    -------
    GrimAnalysis

    Notes
    -----
    Tolerances are those of the module docstring: none for exact games,
    ``g.tolerance()`` on payoffs for numeric ones, and a slack of ``1e-12`` when an
    inexact discount factor is compared with its threshold.

    Raises
    ------
    ValueError
        For an unknown action, a punishment that is not a stage equilibrium,
        or a symbolic game whose branch cannot be chosen (no reference point,
        and ``punish`` is None or a player has more than two actions).
    """
    path_ix = profile(g, path, "path")
    if not (punish is None or punish == "minmax"):
        if isinstance(punish, str):
            raise ValueError(f"punish must be None, 'minmax' or a pair of actions; got {punish!r}")
        punish = profile(g, punish, "punish")
    parts = (_grim_symbolic if g.is_symbolic else _grim_numeric)(g, path_ix, punish)
    mapping = point_mapping(g.point, g, delta) if g.is_symbolic and g.point else None
    th, dl = parts.thresholds, delta
    tol: Any = g.tolerance() if not (g.is_exact or g.is_symbolic) else 0
    ceilings = (_ceiling(parts, 0, mapping, tol), _ceiling(parts, 1, mapping, tol))
    sustainable = (
        _holds(th[0], ceilings[0], dl[0], mapping),
        _holds(th[1], ceilings[1], dl[1], mapping),
    )
    return GrimAnalysis(
        *parts,
        delta=dl,
        sustainable=sustainable,
        actions=g.actions,
        point=mapping,
        ceilings=ceilings,
    )


def _ceiling(parts: _Parts, k: int, mapping: Any, tol: Any) -> Value | None:
    """Player ``k``'s ceiling: the largest delta keeping it on the path, when the
    punishment pays more than the path and deviating gains nothing now; else None."""
    v, d, p = parts.path_payoffs[k], parts.deviation_payoffs[k], parts.punishment_payoffs[k]
    if d is None:
        return None
    nv, nd, np_ = as_number(v, mapping), as_number(d, mapping), as_number(p, mapping)
    if nv is None or nd is None or np_ is None or not (np_ > nv + tol and nd <= nv + tol):
        return None
    if getattr(v - d, "free_symbols", None) or getattr(p - d, "free_symbols", None):
        import sympy

        return sympy.cancel((v - d) / (p - d))
    return (v - d) / (p - d)


def _holds(threshold: Value, ceiling: Value | None, delta: Value, mapping: Any) -> bool | None:
    if ceiling is None:
        return at_most(threshold, delta, mapping)
    return at_most(delta, ceiling, mapping)


def _grim_numeric(g: Game, path: Profile, punish: Any) -> _Parts:
    exact = g.is_exact
    A, B = (g.exact_A, g.exact_B) if exact else (g.A, g.B)
    assert A is not None and B is not None
    tol: Any = 0 if exact else g.tolerance()
    zero: Value = Fraction(0) if exact else 0.0
    i, j = path
    v = (_num(A[i, j], exact), _num(B[i, j], exact))
    dev_row = _best_other([_num(A[k, j], exact) for k in range(g.shape[0])], i)
    dev_col = _best_other([_num(B[i, k], exact) for k in range(g.shape[1])], j)
    d = (dev_row[0], dev_col[0])
    best: _Parts | None = None
    for label, p in _punishments(g, punish):
        th = (_threshold(v[0], d[0], p[0], tol, zero), _threshold(v[1], d[1], p[1], tol, zero))
        if best is None or max(th) < max(best.thresholds) - (0 if exact else FLOAT_SLACK):
            best = _Parts(path, label, v, d, (dev_row[1], dev_col[1]), p, th)
    assert best is not None
    return best


def _threshold(v: Value, d: Value | None, p: Value, tol: Any, zero: Value) -> Value:
    if d is None:  # a single action: nothing to deviate to
        return zero
    if p > v + tol:
        # the "punishment" pays more than the path: a deviation that costs d - v now
        # buys p - v for ever, so it pays for every delta above (v - d)/(p - d)
        return INF
    if d <= v + tol:
        return zero
    if p >= v - tol:
        return INF
    return (d - v) / (d - p)


def _best_other(values: list[Value], current: int) -> tuple[Value | None, int | None]:
    """The best payoff among the other actions, and its lowest index."""
    others = [k for k in range(len(values)) if k != current]
    if not others:
        return None, None
    k = max(others, key=lambda k: (values[k], -k))
    return values[k], k


def _punishments(g: Game, punish: Any) -> list[tuple[Punish, tuple[Value, Value]]]:
    exact = g.is_exact
    if punish == "minmax":
        from tradegame.solvers.minmax import minmax_strategies

        result = minmax_strategies(g)
        values = result.exact_values if exact and result.exact_values else result.values
        return [("minmax", (_num(values[0], exact), _num(values[1], exact)))]
    if punish is not None:
        from tradegame.solvers.stage import pure_equilibria

        pure = [tuple(int(x) for x in e) for e in pure_equilibria(g)]
        if punish not in pure:
            names = ", ".join(f"({g.actions[0][a]}, {g.actions[1][b]})" for a, b in pure)
            raise ValueError(
                f"punish ({g.actions[0][punish[0]]}, {g.actions[1][punish[1]]}) is not a stage "
                f"Nash equilibrium, so grim trigger cannot revert to it; the pure stage "
                f"equilibria are: {names or 'none'} (or pass punish=None or 'minmax')"
            )
        A, B = (g.exact_A, g.exact_B) if exact else (g.A, g.B)
        assert A is not None and B is not None
        return [(punish, (_num(A[punish], exact), _num(B[punish], exact)))]
    from tradegame.solvers.stage import equilibria

    out: list[tuple[Punish, tuple[Value, Value]]] = []
    for eq in equilibria(g):
        p: tuple[Value, Value] = eq.payoffs
        row: tuple[Value, ...] = tuple(float(x) for x in eq.row)
        col: tuple[Value, ...] = tuple(float(x) for x in eq.col)
        if exact and eq.exact_payoffs and eq.exact_row and eq.exact_col:
            p, row, col = eq.exact_payoffs, eq.exact_row, eq.exact_col
        rows, cols = eq.support
        out.append(((rows[0], cols[0]) if eq.is_pure else (row, col), p))
    if not out:
        raise ValueError("the stage game has no equilibrium to punish with")
    return out


def _support(probs: tuple[Value, ...]) -> list[int]:
    return [k for k, x in enumerate(probs) if x > FLOAT_SLACK]


def _num(x: Any, exact: bool) -> Value:
    if exact:
        fraction = to_fraction(x)
        return fraction if fraction is not None else float(x)
    return float(x)


def _grim_symbolic(g: Game, path: Profile, punish: Any) -> _Parts:
    import sympy

    m, n = g.shape
    if punish == "minmax":
        raise ValueError(
            "punish='minmax' is not available for a symbolic game: evaluate it with .subs() first"
        )
    if g.point:
        ref = _grim_numeric(g.subs(), path, punish)
        dev, label = ref.deviation_actions, ref.punish
        branch = ["zero" if t == 0 else "inf" if t == INF else "formula" for t in ref.thresholds]
    else:
        if punish is None or m > 2 or n > 2:
            raise ValueError(
                "this symbolic game has no reference point, so the best deviation and the "
                "punishment cannot be chosen: pass punish=(row action, col action) for a game "
                "with two actions per player, or build the game with point={...}"
            )
        dev = (1 - path[0] if m == 2 else None, 1 - path[1] if n == 2 else None)
        _check_symbolic_equilibrium(g, punish)
        label = punish
        branch = ["formula" if x is not None else "zero" for x in dev]
    A = [[sympy.sympify(x, strict=True) for x in row] for row in g.A]
    B = [[sympy.sympify(x, strict=True) for x in row] for row in g.B]
    i, j = path
    v = (A[i][j], B[i][j])
    d = (
        A[dev[0]][j] if dev[0] is not None else None,
        B[i][dev[1]] if dev[1] is not None else None,
    )
    first: Any
    second: Any
    first, second = label if isinstance(label, tuple) else (None, None)
    if isinstance(first, int) and isinstance(second, int):
        p = (A[first][second], B[first][second])
    elif len(_support(first)) == len(first) == 2 and len(_support(second)) == len(second) == 2:
        label, p = _mixed_2x2(A, B)
    else:
        raise ValueError(
            "the punishment is a mixed stage equilibrium of a symbolic game; closed forms are "
            f"derived only for completely mixed equilibria of 2x2 games (this game is "
            f"{m}x{n}): pass a pure punish=(row, col), or evaluate the game with .subs() first"
        )
    th = [
        sympy.cancel((d[k] - v[k]) / (d[k] - p[k])) if b == "formula" else b
        for k, b in enumerate(branch)
    ]
    th = [sympy.Integer(0) if t == "zero" else INF if t == "inf" else t for t in th]
    return _Parts(path, label, v, d, dev, p, (th[0], th[1]))


def _mixed_2x2(A: list[list[Any]], B: list[list[Any]]) -> tuple[Mixed, tuple[Any, Any]]:
    r"""The completely mixed equilibrium of a 2x2 game, from the indifference conditions.

    The row player's payoff is :math:`(a_{00}a_{11} - a_{01}a_{10}) / (a_{00} - a_{01} -
    a_{10} + a_{11})`, and likewise for the column player with :math:`B`.
    """
    import sympy

    den_a = A[0][0] - A[0][1] - A[1][0] + A[1][1]
    den_b = B[0][0] - B[0][1] - B[1][0] + B[1][1]
    row_p = sympy.cancel((A[0][0] * A[1][1] - A[0][1] * A[1][0]) / den_a)
    col_p = sympy.cancel((B[0][0] * B[1][1] - B[0][1] * B[1][0]) / den_b)
    x = sympy.cancel((B[1][1] - B[1][0]) / den_b)  # row's P(action 0): column indifferent
    y = sympy.cancel((A[1][1] - A[0][1]) / den_a)  # column's P(action 0): row indifferent
    return ((x, sympy.cancel(1 - x)), (y, sympy.cancel(1 - y))), (row_p, col_p)


def _check_symbolic_equilibrium(g: Game, punish: Profile) -> None:
    import sympy

    a, b = punish
    gains = [sympy.sympify(g.A[k, b] - g.A[a, b], strict=True) for k in range(g.shape[0])]
    gains += [sympy.sympify(g.B[a, k] - g.B[a, b], strict=True) for k in range(g.shape[1])]
    if any(gain.is_positive for gain in gains):
        raise ValueError(
            f"punish ({g.actions[0][a]}, {g.actions[1][b]}) is not a stage Nash equilibrium "
            "for any parameter values: some player gains by deviating from it"
        )
