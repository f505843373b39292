"""Two models side by side, and exactly where their conclusions differ: ``tradegame compare``.

Pipeline: two models -> :func:`tradegame.analysis.analyse` and
:func:`tradegame.negotiation.negotiate` for each -> :class:`Comparison`. Each
row is one conclusion (the game's class, the equilibria, a threshold, a
verdict, a deal), stated in words for each model, so that "differs" means the
conclusions differ, not merely the numbers behind them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tradegame.analysis import Analysis, analyse
from tradegame.campaign import campaign
from tradegame.dynamic_view import DynamicView, dynamic_view, verdict_text
from tradegame.model.model import Model
from tradegame.negotiation import DynamicDeal, Negotiation, negotiate, negotiate_dynamic
from tradegame.solvers import _markdown as md

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

    def _repr_markdown_(self) -> str:
        """The parameters and the conclusions that differ, for notebooks.

        Conclusions both models share are counted, not listed (``to_dict`` has them all).
        """
        a, b = md.text(self.first.name), md.text(self.second.name)
        differ = self.differences
        head = md.title(f"{a} against {b}")
        count = len(self.parameters)
        head += f": {count} parameter{'' if count == 1 else 's'} and "
        head += f"{len(differ)} of {len(self.conclusions)} conclusions differ"
        parts = [head]
        if self.parameters:
            rows = [[md.text(k), md.number(x), md.number(y)] for k, x, y in self.parameters]
            parts.append(md.table(["parameter", a, b], rows))
        if differ:
            rows = [[md.text(c.topic), md.text(c.first), md.text(c.second)] for c in differ]
            parts.append(md.table(["conclusion", a, b], rows, head=len(rows)))
        agree = len(self.conclusions) - len(differ)
        parts.append(f"The two models agree on the other {agree} conclusions.")
        return "\n\n".join(parts)

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


def compare(
    first: Model,
    second: Model,
    dynamic: bool = True,
    resolution: int = 9,
    progress: Callable[[float], None] | None = None,
) -> Comparison:
    """Compare two models with the same players' roles (any two models work; see the docs).

    With ``dynamic`` (the default), coercion models are also compared in their
    dynamic games (solved at ``resolution`` grid points per dimension): the
    equilibrium path, each side's leverage verdict, and the deal from the
    dynamic equilibrium's values. ``progress`` is called with the fraction of
    that work done.
    """
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
    if dynamic:
        views = [
            _dynamic_view(model, resolution, _share(progress, k, 2))
            for k, model in enumerate((first, second))
        ]
        rows.extend(_dynamic_rows(first, views[0], views[1]))
        rows.extend(_campaign_rows(first, second))
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


_NO_DYNAMICS = "no dynamic game"
_UNSOLVED = "not solved: value iteration did not converge"


def _share(
    progress: Callable[[float], None] | None, part: int, parts: int
) -> Callable[[float], None]:
    """Report the progress of ``part`` of ``parts`` equal parts as a fraction of the whole."""

    def report(fraction: float) -> None:
        if progress is not None:
            progress((part + fraction) / parts)

    return report


def _dynamic_view(
    model: Model, resolution: int, progress: Callable[[float], None]
) -> tuple[DynamicView, DynamicDeal] | None:
    if model.kind != "coercion":
        return None
    view = dynamic_view(model, resolution=resolution, progress=progress)
    return view, negotiate_dynamic(model, view, years=0)


def _dynamic_rows(
    model: Model,
    first: tuple[DynamicView, DynamicDeal] | None,
    second: tuple[DynamicView, DynamicDeal] | None,
) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    if first is None and second is None:
        return rows
    topics: list[tuple[str, Callable[[DynamicView, DynamicDeal], str]]] = [
        ("dynamic game: first-year play", lambda v, d: _profile(v.first_play)),
        ("dynamic game: restrictions end", lambda v, d: _ending(v)),
    ]
    for k in range(2):
        topics.append((f"dynamic game: {model.labels[k]} restricting", _verdict_of(k)))
    topics.append(("dynamic game: the deal", lambda v, d: _dynamic_deal(d)))

    def say(
        answer: Callable[[DynamicView, DynamicDeal], str],
        solved: tuple[DynamicView, DynamicDeal] | None,
    ) -> str:
        if solved is None:
            return _NO_DYNAMICS
        return answer(*solved) if solved[0].solution.converged else _UNSOLVED

    return [(topic, say(answer, first), say(answer, second)) for topic, answer in topics]


def _verdict_of(player: int) -> Callable[[DynamicView, DynamicDeal], str]:
    def answer(v: DynamicView, d: DynamicDeal) -> str:
        return verdict_text(v.verdicts[player])

    return answer


def _campaign_rows(first: Model, second: Model) -> list[tuple[str, str, str]]:
    """Maximum pressure against a calibrated response, and against a rival that never answers."""
    if first.kind != "coercion" and second.kind != "coercion":
        return []
    rows = []
    for response, words in (("calibrated", "answered in kind"), ("always-open", "unanswered")):
        fronts = [
            campaign(m, response=response) if m.kind == "coercion" else None
            for m in (first, second)
        ]
        for k in range(2):
            said = [_NO_DYNAMICS if c is None else c.front(k).verdict for c in fronts]
            rows.append((f"maximum pressure by {first.labels[k]}, {words}", said[0], said[1]))
    return rows


def _profile(play: tuple[str | None, str | None]) -> str:
    return f"({play[0] or 'mixed'}, {play[1] or 'mixed'})"


def _ending(v: DynamicView) -> str:
    end = v.restrictions_end
    if end is None:
        return f"not within {v.path.periods} years"
    return "never restricts" if end == 0 else f"after {end} year{'s' if end > 1 else ''}"


def _dynamic_deal(d: DynamicDeal) -> str:
    if not d.deal.feasible:
        return "no deal gains both"
    u = d.deal.payoffs
    return f"({_num(u[0])}, {_num(u[1])})"
