"""Render the repeated-game commands: ``strategies``, ``match``, ``tournament``, ``repeated``.

Text and Markdown share the section layout of :mod:`tradegame.report.render`. JSON (and
``repeated``'s LaTeX) carry the provenance stamp a command passes in; ``strategies``
lists the library, which no model changes, and is not stamped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tradegame.report.numbers import fmt, fmt_prob
from tradegame.report.render import (
    Block,
    Section,
    Stamp,
    layout,
    strategies_section,
    to_json,
)

if TYPE_CHECKING:
    from tradegame.model.model import Model

__all__ = ["render_match", "render_repeated", "render_strategies", "render_tournament"]

_SHOWN_MOVES = 12  # periods of a match printed before "..."


def render_strategies(library: list[Any], style: str) -> str:
    """``tradegame strategies``: every named strategy, its parameters and its criterion."""
    if style == "json":
        return to_json([_strategy_dict(s) for s in library])
    intro = (
        "Every strategy is a finite automaton that works on any action ladder: 'open' is "
        "the player's cooperative action, 'restrict' its punishment (by default the last "
        "rung). Give parameters as NAME(KEY=VALUE), e.g. truce(punish=4). The criterion is "
        "what `run` and `repeated` ask of the profile where both players use the strategy."
    )
    if style == "markdown":
        rows = [[s.name, _params(s), s.criterion, s.summary, s.reference] for s in library]
        header = ["name", "parameters", "criterion", "summary", "reference"]
        return layout("tradegame strategies", [("Strategies", [intro, (header, rows)])], style)
    rows = [[s.name, _params(s), s.criterion] for s in library]
    described: list[Block] = [f"{s.name}: {s.summary} ({s.reference})" for s in library]
    sections: list[Section] = [
        ("Strategies", [intro, (["name", "parameters", "criterion"], rows)]),
        ("What each one does", described),
    ]
    return layout("tradegame strategies", sections, style)


def _params(s: Any) -> str:
    return ", ".join(f"{k}={v}" for k, v in s.params.items()) or "none"


def _strategy_dict(s: Any) -> dict[str, Any]:
    return {
        "name": s.name,
        "label": s.label,
        "params": {k: str(v) for k, v in s.params.items()},
        "criterion": s.criterion,
        "deterministic": s.deterministic,
        "summary": s.summary,
        "reference": s.reference,
    }


def render_match(model: Model, outcome: Any, style: str, stamp: Stamp = None) -> str:
    """``tradegame match``: exact payoffs, cooperation and the path of play."""
    if style == "json":
        return to_json({"model": model.name, **outcome.to_dict()}, stamp)
    g_players = model.labels
    horizon = (
        f"totals over {outcome.turns} periods"
        if outcome.turns is not None
        else "normalised discounted payoffs at δ = "
        f"({fmt(outcome.delta[0])}, {fmt(outcome.delta[1])})"
    )
    noise = (
        f"; each intended action is replaced with probability {fmt(outcome.noise)}"
        if (outcome.noise)
        else ""
    )
    intro = (
        f"{g_players[0]} plays {outcome.names[0]}, {g_players[1]} plays {outcome.names[1]}. "
        f"Exact {horizon}{noise}."
    )
    rows = [
        [
            g_players[k],
            outcome.names[k],
            fmt(outcome.payoffs[k]),
            fmt_prob(outcome.cooperation[k]),
        ]
        for k in range(2)
    ]
    blocks: list[Any] = [
        intro,
        (["player", "strategy", _payoff_header(model), "share of periods open"], rows),
    ]
    if outcome.prefix is not None and outcome.cycle is not None:
        blocks.append(_path_text(outcome))
    return layout(f"{model.name}: a match", [("Match", blocks)], style, stamp)


def _payoff_header(model: Model) -> str:
    return "payoff" if model.unit == "payoff" else f"payoff ({model.unit})"


def _path_text(outcome: Any) -> str:
    names = outcome.actions

    def show(profile: tuple[int, int]) -> str:
        return f"({names[0][profile[0]]}, {names[1][profile[1]]})"

    prefix = [show(p) for p in outcome.prefix]
    cycle = [show(p) for p in outcome.cycle]
    if len(prefix) > _SHOWN_MOVES:
        prefix = [*prefix[:_SHOWN_MOVES], "..."]
    text = "Play: " + (", ".join(prefix) + ", then " if prefix else "")
    return (
        text
        + "for ever: "
        + ", ".join(cycle[:_SHOWN_MOVES])
        + (", ..." if len(cycle) > _SHOWN_MOVES else "")
    )


def render_tournament(model: Model, table: Any, style: str, stamp: Stamp = None) -> str:
    """``tradegame tournament``: ranks, mean scores per period, and the head-to-head matrix."""
    if style == "json":
        return to_json({"model": model.name, **table.to_dict()}, stamp)
    noise = f", noise {fmt(table.noise)}" if table.noise else ""
    seats = (
        "The game is symmetric: each pair meets once."
        if table.symmetric
        else "The game is not symmetric: each pair meets in both seats, and a score averages "
        "the two."
    )
    intro = (
        f"Round robin of {len(table.names)} strategies, self-play included, {table.turns} "
        f"periods per match{noise}; exact expected payoffs, in {model.unit} per period. {seats}"
    )
    ranking = [[str(rank), name, fmt(score)] for rank, name, score in table.rows()]
    index = {name: k + 1 for k, name in enumerate(table.names)}
    legend = ", ".join(f"{index[n]} {n}" for n in table.names)
    header = ["vs", *(str(k + 1) for k in range(len(table.names)))]
    matrix = [[str(k + 1), *(fmt(x) for x in row)] for k, row in enumerate(table.head_to_head)]
    sections: list[Section] = [
        ("Ranking", [intro, (["rank", "strategy", "score per period"], ranking)]),
        (
            "Head to head (row strategy's mean payoff per period against the column's)",
            [legend, (header, matrix)],
        ),
    ]
    return layout(f"{model.name}: tournament", sections, style, stamp)


def render_repeated(r: Any, style: str, stamp: Stamp = None) -> str:
    """``tradegame repeated``: minmax, every strategy's threshold and verdict, the SPE set."""
    if style == "json":
        return to_json(r.to_dict(), stamp)
    g = r.game
    unit = "" if r.model.unit == "payoff" else f" ({r.model.unit})"
    minmax_rows = [[g.players[k], fmt(r.minmax[k]), fmt(r.minmax_pure[k])] for k in range(2)]
    sections: list[Section] = [
        (
            "Minmax (the worst a rival can hold each player to)",
            [(["player", f"mixed{unit}", f"pure{unit}"], minmax_rows)],
        ),
        strategies_section(g, r.strategies, r.path, r.deltas),
        ("Subgame-perfect payoffs", _spe_blocks(r, unit)),
    ]
    title = f"{r.model.name}: the repeated game at δ = ({fmt(r.deltas[0])}, {fmt(r.deltas[1])})"
    return layout(title, sections, style, stamp)


def _spe_blocks(r: Any, unit: str) -> list[Block]:
    g = r.game
    if r.spe is None:
        return [f"The set of subgame-perfect payoffs is {r.spe_note}."]
    intro = (
        "Pure strategies, perfect monitoring and public randomisation (Abreu, Pearce and "
        f"Stacchetti 1990; Abreu and Sannikov 2014). The set is {_kind(r.spe.kind)}"
    )
    if r.spe.is_empty:
        return [intro + ": no pure-strategy subgame-perfect equilibrium exists at this δ."]
    blocks: list[Block] = [
        intro + f"; its vertices, counter-clockwise{unit}:",
        (
            [g.players[0], g.players[1]],
            [[fmt(x), fmt(y)] for x, y in r.spe.vertices],
        ),
        (
            "The optimal penal codes (Abreu 1988) hold the players to "
            f"({fmt(r.worst[0])}, {fmt(r.worst[1])}): the worst subgame-perfect payoff of each."
        ),
    ]
    if r.spe_note:
        blocks.append(f"Note: {r.spe_note}.")
    return blocks


def _kind(kind: str) -> str:
    return {"point": "a single point", "segment": "a segment", "polygon": "a polygon"}.get(
        kind, kind
    )
