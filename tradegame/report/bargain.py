"""Render a :class:`~tradegame.negotiation.Negotiation`: ``tradegame bargain``.

JSON carries the provenance stamp the command passes in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tradegame.report.numbers import fmt
from tradegame.report.render import Block, Section, Stamp, layout, to_json

if TYPE_CHECKING:
    from tradegame.negotiation import DynamicDeal, Negotiation

__all__ = ["render_negotiation"]


def render_negotiation(
    n: Negotiation, style: str, dynamic: DynamicDeal | None = None, stamp: Stamp = None
) -> str:
    """Disagreement, surplus, weights, and the Nash and Rubinstein splits.

    With ``dynamic``, also the deal from the dynamic game's values and how it
    moves as a dispute goes on. ``stamp``: the provenance stamp of JSON output.
    """
    if style == "json":
        out = n.to_dict()
        if dynamic is not None:
            out["dynamic"] = dynamic.to_dict()
        return to_json(out, stamp)
    m, g_players = n.model, n.model.labels
    unit = "" if m.unit == "payoff" else f" {m.unit}"
    d, o, s = n.disagreement, n.openness, n.surplus
    intro: list[Block] = [
        f"If talks fail, the players are back in the retaliation equilibrium "
        f"{n.disagreement_play}, worth ({fmt(d[0])}, {fmt(d[1])}){unit}. "
        f"{_path(n).capitalize()} is worth ({fmt(o[0])}, {fmt(o[1])}): de-escalation gains "
        f"({fmt(s[0])}, {fmt(s[1])}), "
        f"{fmt(n.total_surplus)}{unit} in all. Any payoff pair in the convex hull of the "
        "stage payoffs can be agreed (a schedule, or a lottery, over outcomes)."
    ]
    if n.weights is not None:
        deltas = m.discounts()
        assert deltas is not None
        intro.append(
            f"Bargaining power from patience: discount factors ({fmt(deltas[0])}, "
            f"{fmt(deltas[1])}) give Nash weights ({n.weights[0]:.3f}, {n.weights[1]:.3f}), "
            "the limit of alternating offers as periods shorten (Binmore, Rubinstein and "
            "Wolinsky 1986)."
        )
    rows = [_row("Nash, equal weights", n.nash_equal, d)]
    if n.nash_patience is not None:
        rows.append(_row("Nash, weights from patience", n.nash_patience, d))
    if n.rubinstein is not None:
        x = n.rubinstein.shares
        total = n.total_surplus
        pay = (d[0] + x[0] * total, d[1] + x[1] * total)
        label = f"Rubinstein, surplus as money, {g_players[0]} offers first"
        rows.append([label, fmt(pay[0]), fmt(pay[1]), fmt(x[0] * total), fmt(x[1] * total)])
    header = [
        "solution",
        g_players[0],
        g_players[1],
        f"{g_players[0]} gain",
        f"{g_players[1]} gain",
    ]
    sections: list[Section] = [
        ("Negotiation", [*intro, (header, rows)]),
        ("Reading", [_reading(n)]),
    ]
    if dynamic is not None:
        sections.extend(_dynamic_sections(dynamic, unit))
    return layout(f"{m.name}: bargaining", sections, style, stamp)


def _row(label: str, bargain: object, d: tuple[object, object]) -> list[str]:
    payoffs = getattr(bargain, "payoffs")  # noqa: B009 - Bargain is typed loosely here
    gains = (payoffs[0] - d[0], payoffs[1] - d[1])
    return [label, fmt(payoffs[0]), fmt(payoffs[1]), fmt(gains[0]), fmt(gains[1])]


def _path(n: Negotiation) -> str:
    return "mutual openness" if n.model.kind == "coercion" else f"the outcome {n.openness_play}"


def _reading(n: Negotiation) -> str:
    players = n.model.labels
    if n.total_surplus <= 0:
        return f"{_path(n).capitalize()} gains nothing over the retaliation equilibrium: no deal."
    larger = 0 if n.surplus[0] > n.surplus[1] else 1
    text = (
        f"De-escalation matters more to {players[larger]}, which gains "
        f"{fmt(n.surplus[larger])} of the {fmt(n.total_surplus)} from {_path(n)}."
    )
    if n.nash_patience is not None:
        p = n.nash_patience.payoffs
        o = n.openness
        if abs(float(p[0] - o[0])) + abs(float(p[1] - o[1])) < 1e-9 * max(1, n.total_surplus):
            text += f" With bargaining power from patience, the Nash deal is {_path(n)}."
        else:
            side = 0 if p[0] > o[0] else 1
            text += (
                f" With bargaining power from patience, the Nash deal is not {_path(n)} but "
                f"({fmt(p[0])}, {fmt(p[1])}), better for {players[side]}"
                + (": it keeps part of its pressure." if n.model.kind == "coercion" else ".")
            )
    return text


def _dynamic_sections(dd: DynamicDeal, unit: str) -> list[Section]:
    players = dd.view.model.labels
    d, o = dd.disagreement, dd.openness
    play = dd.view.first_play
    first = f"({play[0] or 'mixed'}, {play[1] or 'mixed'})"
    text: list[Block] = [
        "Values per period, (1 − δ) times the discounted value, so that they compare with "
        "the stage payoffs above. The agreements on the table are commitments to hold an "
        f"action profile forever, and lotteries over them; mutual openness kept forever is "
        f"worth ({fmt(o[0])}, {fmt(o[1])}){unit}."
    ]
    if not dd.view.solution.converged:
        text.append(
            "Value iteration did not converge in the dynamic game, so it gives no "
            "disagreement point and no deal here; the split below needs no equilibrium."
        )
    elif dd.deal.feasible:
        u = dd.deal.payoffs
        text.append(
            f"If talks fail, the dynamic game's equilibrium opens with {first} and is worth "
            f"({fmt(d[0])}, {fmt(d[1])}). The Nash deal with weights from patience "
            f"({dd.weights[0]:.3f}, {dd.weights[1]:.3f}) is ({fmt(u[0])}, {fmt(u[1])}): "
            f"gains ({fmt(u[0] - d[0])}, {fmt(u[1] - d[1])})."
        )
    else:
        text.append(
            f"The dynamic game's equilibrium opens with {first} and is worth "
            f"({fmt(d[0])}, {fmt(d[1])}). No commitment gives both players a gain over it: "
            "the dynamic game reaches its deal by itself."
        )
    header = [
        "years of dispute",
        f"dependence on {players[0]}",
        f"dependence on {players[1]}",
        f"{players[0]} if talks fail",
        f"{players[1]} if talks fail",
        f"{players[0]} deal",
        f"{players[1]} deal",
    ]
    rows = [
        [
            str(step.years),
            f"{step.dependence[0]:.2f}",
            f"{step.dependence[1]:.2f}",
            fmt(step.disagreement[0]),
            fmt(step.disagreement[1]),
            "-" if step.deal is None else fmt(step.deal[0]),
            "-" if step.deal is None else fmt(step.deal[1]),
        ]
        for step in dd.split
    ]
    split: list[Block] = [
        f"If the dispute {dd.dispute_play} goes on for some years before talks open, "
        "substitution matures: each buyer's dependence on the other's good falls, and "
        "the disagreement point, the value of the dispute going on, moves with it.",
        (header, rows),
    ]
    return [("The dynamic game", text), ("The deal as substitution matures", split)]
