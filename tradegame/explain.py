r"""The symbolic derivation of a model's grim-trigger thresholds: ``tradegame explain``.

Pipeline: model -> symbolic game -> grim trigger (:mod:`tradegame.solvers.grim`)
-> :class:`Explanation`. For each player :math:`i` the derivation has three
steps:

1. the payoffs on the path (:math:`v_i`), from the best one-shot deviation
   (:math:`d_i`) and under the punishment that follows (:math:`p_i`), as
   formulas in the model's named parameters;
2. the incentive constraint :math:`(1-\delta_i) d_i + \delta_i p_i \le v_i`;
3. its solution, the threshold :math:`\delta_i^* = (d_i - v_i)/(d_i - p_i)`,
   simplified, and its value at the calibration.

For a coercion model the harm each player's full restriction does to its rival
is abbreviated ``H_<player>`` (see :meth:`Model.abbreviations`), so that the
formulas read like ``docs/explanation/model.md``. Which parameters raise or
lower a threshold is read off the sign of its derivative at the calibration,
with the abbreviations written out; parameters are ranked by elasticity, so
that a money amount and a probability can be compared.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tradegame.game import to_fraction
from tradegame.model.model import Model

__all__ = ["Effect", "Explanation", "PlayerDerivation", "explain"]

_NEGLIGIBLE = 1e-9  # elasticities below this are reported as no effect


@dataclass(frozen=True)
class Effect:
    """How one parameter moves a threshold, at the calibration.

    ``derivative`` is :math:`\\partial\\delta^*/\\partial p`; ``elasticity`` is
    :math:`(p/\\delta^*)\\,\\partial\\delta^*/\\partial p`, the percentage change
    of the threshold per percent change of the parameter.
    """

    key: str
    symbol: str
    meaning: str
    derivative: float
    elasticity: float

    @property
    def direction(self) -> str:
        return "raises" if self.derivative > 0 else "lowers"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "symbol": self.symbol,
            "meaning": self.meaning,
            "derivative": self.derivative,
            "elasticity": self.elasticity,
            "direction": self.direction,
        }


@dataclass(frozen=True)
class PlayerDerivation:
    """One player's incentive constraint and threshold; formulas are sympy expressions.

    ``status`` is ``"binds"`` when the threshold is a formula strictly between
    0 and 1 at the calibration, ``"free"`` when the path action is already a
    best response (threshold 0), and ``"never"`` when no patience sustains it.
    """

    player: str
    deviation_action: str | None
    path_payoff: Any
    deviation_payoff: Any
    punishment_payoff: Any
    constraint: Any
    threshold: Any
    value: Any  # Fraction, float, or inf at the calibration
    delta: Any  # the model's discount factor, or None
    holds: bool | None
    status: str
    effects: tuple[Effect, ...]

    def to_dict(self) -> dict[str, Any]:
        import sympy

        def both(expr: Any) -> Any:
            if expr is None or isinstance(expr, float):
                return None if expr is None else _json_number(expr)
            expr = sympy.sympify(expr, strict=True)
            return {"text": str(expr), "latex": sympy.latex(expr, order="none")}

        return {
            "player": self.player,
            "deviation_action": self.deviation_action,
            "path_payoff": both(self.path_payoff),
            "deviation_payoff": both(self.deviation_payoff),
            "punishment_payoff": both(self.punishment_payoff),
            "constraint": both(self.constraint),
            "threshold": both(self.threshold),
            "value": _json_number(self.value),
            "delta": None if self.delta is None else _json_number(self.delta),
            "holds": self.holds,
            "status": self.status,
            "effects": [e.to_dict() for e in self.effects],
        }


@dataclass(frozen=True)
class Explanation:
    """The derivation of both players' grim-trigger thresholds for one model."""

    model: Model
    path: tuple[str, str]
    punish: str
    definitions: tuple[tuple[Any, Any], ...]
    players: tuple[PlayerDerivation, PlayerDerivation]

    def to_dict(self) -> dict[str, Any]:
        import sympy

        return {
            "model": self.model.name,
            "path": list(self.path),
            "punish": self.punish,
            "definitions": [
                {"symbol": str(s), "text": str(e), "latex": sympy.latex(e, order="none")}
                for s, e in self.definitions
            ],
            "players": [p.to_dict() for p in self.players],
        }


def explain(model: Model, path: tuple[int | str, int | str] = (0, 0)) -> Explanation:
    """Derive both players' grim-trigger thresholds for ``model`` along ``path``.

    The punishment is the stage equilibrium that grim trigger uses in
    ``tradegame run`` (chosen at the calibration). Raises ValueError for an
    unknown action.
    """
    import sympy

    from tradegame.solvers.repeated import RepeatedGame

    g = model.symbolic_game(abbreviate=True)
    profile = (g.action_index(0, path[0]), g.action_index(1, path[1]))
    grim = RepeatedGame(g, delta=(sympy.Rational(1, 2), sympy.Rational(1, 2))).grim_details(
        path=profile
    )
    deltas = model.discounts()
    point = {s: _rational(v) for s, v in (g.point or {}).items()}
    d_sym = sympy.Symbol("delta", positive=True)
    players = []
    for k in range(2):
        v, d, p = grim.path_payoffs[k], grim.deviation_payoffs[k], grim.punishment_payoffs[k]
        threshold = grim.thresholds[k]
        value = _at_point(threshold, point)
        status = _status(value)
        constraint = None if d is None else sympy.Le((1 - d_sym) * d + d_sym * p, v)
        holds = None
        if deltas is not None and value is not None:
            holds = bool(value <= deltas[k])
        effects = _effects(model, threshold, point) if status == "binds" else ()
        dev = grim.deviation_actions[k]
        players.append(
            PlayerDerivation(
                player=g.players[k],
                deviation_action=None if dev is None else g.actions[k][dev],
                path_payoff=v,
                deviation_payoff=d,
                punishment_payoff=p,
                constraint=constraint,
                threshold=_tidy(threshold, point) if status == "binds" else threshold,
                value=value,
                delta=None if deltas is None else deltas[k],
                holds=holds,
                status=status,
                effects=effects,
            )
        )
    return Explanation(
        model=model,
        path=(g.actions[0][profile[0]], g.actions[1][profile[1]]),
        punish=grim.punish_label(),
        definitions=tuple(model.abbreviations().items()),
        players=(players[0], players[1]),
    )


def _tidy(expr: Any, point: dict[Any, Any]) -> Any:
    """One fraction whose numerator and denominator are positive at the calibration.

    So the prisoner's dilemma reads (T - R)/(T - P), not (R - T)/(P - T).
    """
    import sympy

    if not getattr(expr, "free_symbols", None):
        return sympy.sympify(expr, strict=True)  # a number: nothing to tidy
    numerator, denominator = sympy.fraction(sympy.together(expr))
    numerator, denominator = sympy.expand(numerator), sympy.expand(denominator)
    if denominator.subs(point).is_negative:
        numerator, denominator = sympy.expand(-numerator), sympy.expand(-denominator)
    if denominator == 1:
        return numerator
    return sympy.Mul(numerator, sympy.Pow(denominator, -1), evaluate=False)


def _rational(value: Any) -> Any:
    import sympy

    fraction = to_fraction(value)
    return value if fraction is None else sympy.Rational(fraction.numerator, fraction.denominator)


def _at_point(expr: Any, point: dict[Any, Any]) -> Any:
    if isinstance(expr, float):
        return expr
    value = expr.subs(point) if getattr(expr, "free_symbols", None) else expr
    if getattr(value, "free_symbols", None):
        return None
    fraction = to_fraction(value)
    return fraction if fraction is not None else float(value)


def _status(value: Any) -> str:
    if value is None:
        return "binds"
    if isinstance(value, float) and math.isinf(value):
        return "never"
    return "free" if value == 0 else "binds"


def _effects(model: Model, threshold: Any, point: dict[Any, Any]) -> tuple[Effect, ...]:
    """The parameters the threshold depends on, by the sign of its derivative."""
    if not getattr(threshold, "free_symbols", None):
        return ()  # a number (a game of plain numbers): it depends on no parameter
    full = model.expand(threshold)
    by_symbol = {symbol: key for key, symbol in model.symbols().items()}
    base = float(full.xreplace(point))  # xreplace: every symbol has a value, and subs is slow
    effects = []
    for symbol in sorted(full.free_symbols, key=str):
        key = by_symbol.get(symbol)
        if key is None or symbol not in point:
            continue
        derivative = float(full.diff(symbol).xreplace(point).doit())
        value = float(point[symbol])
        elasticity = derivative * value / base if base else 0.0
        if abs(elasticity) <= _NEGLIGIBLE or not math.isfinite(derivative):
            continue
        spec = model.spec(key)
        effects.append(
            Effect(
                key=key,
                symbol=str(symbol),
                meaning=spec.meaning if spec is not None else "",
                derivative=derivative,
                elasticity=elasticity,
            )
        )
    effects.sort(key=lambda e: -abs(e.elasticity))
    return tuple(effects)


def _json_number(x: Any) -> Any:
    if isinstance(x, Fraction):
        return str(x)
    if isinstance(x, float) and math.isinf(x):
        return "inf"
    return float(x)
