"""Two models side by side, and exactly where their conclusions differ: ``tradegame compare``.

Pipeline: two models -> :func:`tradegame.analysis.analyse` and
:func:`tradegame.negotiation.negotiate` for each -> :class:`Comparison`. Each
row is one conclusion (the game's class, the equilibria, a threshold, a
verdict, a deal), stated in words for each model, so that "differs" means the
conclusions differ, not merely the numbers behind them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tradegame.analysis import Analysis, analyse
from tradegame.model.model import Model
from tradegame.negotiation import Negotiation, negotiate

__all__ = ["Comparison", "Conclusion", "compare"]


@dataclass(frozen=True)
class Conclusion:
    """One conclusion for both models; ``differs`` when the two statements differ."""

    topic: str
    first: str
    second: str

    @property
    def differs(self) -> bool:
        return self.first != self.second

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "first": self.first,
            "second": self.second,
            "differs": self.differs,
        }


@dataclass(frozen=True)
class Comparison:
    """The parameters that differ, and every conclusion for both models."""

    first: Model
    second: Model
    parameters: list[tuple[str, Any, Any]]
    conclusions: list[Conclusion]

    @property
    def differences(self) -> list[Conclusion]:
        return [c for c in self.conclusions if c.differs]

    def to_dict(self) -> dict[str, Any]:
        def value(x: Any) -> Any:
            return None if x is None else float(x)

        return {
            "models": [self.first.name, self.second.name],
            "parameters": [
                {"key": k, "first": value(a), "second": value(b)} for k, a, b in self.parameters
            ],
            "conclusions": [c.to_dict() for c in self.conclusions],
            "differences": [c.topic for c in self.differences],
        }


def compare(first: Model, second: Model) -> Comparison:
    """Compare two models with the same players' roles (any two models work; see the docs)."""
    a, b = analyse(first), analyse(second)
    na, nb = negotiate(first), negotiate(second)
    keys = list(dict.fromkeys([*first.params, *second.params]))
    parameters = [
        (k, first.params.get(k), second.params.get(k))
        for k in keys
        if first.params.get(k) != second.params.get(k)
    ]
    rows: list[tuple[str, str, str]] = [
        ("game class (extreme actions)", _class(a), _class(b)),
        ("stage equilibria", _equilibria(a), _equilibria(b)),
        ("mutual restriction", _pareto(a), _pareto(b)),
    ]
    for k in range(2):
        rows.append(
            (
                f"grim trigger: {a.game.players[k]}'s critical δ",
                _grim(a, k),
                _grim(b, k),
            )
        )
    rows.append(("grim trigger sustains the path", _grim_verdict(a), _grim_verdict(b)))
    rows.append(("named strategies that sustain the path", _named(a), _named(b)))
    rows.append(("leverage (harm ÷ trade)", _leverage(a), _leverage(b)))
    rows.append(("the deal (Nash, weights from patience)", _deal(na), _deal(nb)))
    return Comparison(
        first=first,
        second=second,
        parameters=parameters,
        conclusions=[Conclusion(t, x, y) for t, x, y in rows],
    )


def _num(x: Any) -> str:
    return f"{float(x):.2f}"


def _class(a: Analysis) -> str:
    return a.game_class


def _equilibria(a: Analysis) -> str:
    g = a.game
    parts = []
    for e in a.equilibria:
        if e.is_pure:
            i, j = int(e.row.argmax()), int(e.col.argmax())
            parts.append(f"({g.actions[0][i]}, {g.actions[1][j]})")
        else:
            parts.append("mixed")
    return ", ".join(parts)


def _pareto(a: Analysis) -> str:
    g = a.game
    last = (g.shape[0] - 1, g.shape[1] - 1)
    both = (g.A[last], g.B[last])
    dominated = g.A[0, 0] > both[0] and g.B[0, 0] > both[1]
    return "Pareto-dominated by openness" if dominated else "not dominated by openness"


def _grim(a: Analysis, k: int) -> str:
    t = a.grim.thresholds[k]
    value = float(t)
    if value == float("inf"):
        return "never"
    return f"{value:.3f}"


def _grim_verdict(a: Analysis) -> str:
    if a.model.discounts() is None:
        return "no discount factors"
    return "yes" if all(a.grim.sustainable) else "no"


def _named(a: Analysis) -> str:
    if a.model.discounts() is None:
        return "no discount factors"
    held = [v.label for v in a.strategies if v.cooperates and v.sustained]
    return ", ".join(held) if held else "none"


def _leverage(a: Analysis) -> str:
    if not a.leverage:
        return "-"
    return "; ".join(
        f"{r['player']} {r['ratio']:.0f}x" for r in a.leverage if r["ratio"] is not None
    )


def _deal(n: Negotiation) -> str:
    bargain = n.nash_patience if n.nash_patience is not None else n.nash_equal
    u = bargain.payoffs
    point = f"({_num(u[0])}, {_num(u[1])})"
    if all(abs(float(u[k] - n.openness[k])) < 1e-9 for k in range(2)):
        return f"{n.openness_play} {point}"
    return point
